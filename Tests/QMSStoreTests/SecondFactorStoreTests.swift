import Foundation
import QMSCore
import QMSStore
import TestSupport
import Testing

@Suite("Second factors in the store: the replay guard and recovery codes, by compare-and-set")
struct SecondFactorStoreTests {
    static let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

    func storeWithUser(_ folder: TemporaryFolder, _ backend: Backend, name: String = "eqms") async throws
        -> any Store
    {
        let store = try await backend.open(in: folder, name: name)
        _ = try await store.migrate()
        try await store.writing(actor: "admin") { writer in
            try writer.addUser(try User(username: "amal", role: .qualityManager))
        }
        return store
    }

    @Test("enrol, confirm, then each step is accepted once and never an earlier one", arguments: Backend.available)
    func lastStep(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let store = try await storeWithUser(folder, backend)
        try await store.writing(actor: "amal") {
            try $0.enrolSecondFactor("amal", secret: Self.secret, algorithm: .sha1)
        }
        let pending = try #require(try await store.reading { try $0.secondFactor("amal") })
        #expect(pending.confirmedAt == nil)
        #expect(pending.lastStep == -1)
        #expect(pending.secret == Self.secret)
        // A pending factor accepts no sign-in step.
        #expect(try await store.writing(actor: "amal") { try $0.acceptSecondFactorStep("amal", step: 100) } == false)
        let hashes = (0..<10).map { String(repeating: String($0), count: 64) }
        #expect(
            try await store.writing(actor: "amal") {
                try $0.confirmSecondFactor("amal", step: 100, recoveryHashes: hashes)
            })
        #expect(
            try await store.writing(actor: "amal") {
                try $0.confirmSecondFactor("amal", step: 101, recoveryHashes: hashes)
            } == false, "confirmed once only")
        let confirmed = try #require(try await store.reading { try $0.secondFactor("amal") })
        #expect(confirmed.confirmedAt != nil)
        #expect(confirmed.lastStep == 100)
        #expect(confirmed.recoveryCodesLeft == 10)
        for (step, expected) in [(100, false), (99, false), (101, true), (101, false), (103, true), (102, false)] {
            let accepted = try await store.writing(actor: "amal") {
                try $0.acceptSecondFactorStep("amal", step: Int64(step))
            }
            #expect(accepted == expected, "step \(step)")
        }
        #expect(try await store.reading { try $0.secondFactor("amal") }?.lastStep == 103)
        try await store.close()
    }

    @Test(
        "two stores on one database given the same step at once: exactly one accepts it",
        arguments: Backend.available)
    func concurrentReplay(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let first = try await storeWithUser(folder, backend)
        // A second connection pool on the same database, as a second server has.
        let second = try await backend.open(in: folder)
        try await first.writing(actor: "amal") { writer in
            try writer.enrolSecondFactor("amal", secret: Self.secret, algorithm: .sha1)
            _ = try writer.confirmSecondFactor("amal", step: 10, recoveryHashes: [])
        }
        for step in Int64(11)...30 {
            async let a = first.writing(actor: "amal") { try $0.acceptSecondFactorStep("amal", step: step) }
            async let b = second.writing(actor: "amal") { try $0.acceptSecondFactorStep("amal", step: step) }
            let results = try await [a, b]
            #expect(results.filter { $0 }.count == 1, "step \(step): \(results)")
        }
        let verifies = try await first.reading { try $0.events(entity: "second-factor:amal") }.filter {
            $0.action == "factor.verify"
        }
        #expect(verifies.count == 20, "one trail entry per accepted step")
        try await second.close()
        try await first.close()
    }

    @Test(
        "a recovery code is spent once, on whichever server first; a reset removes factor and codes",
        arguments: Backend.available)
    func recoveryCodes(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let first = try await storeWithUser(folder, backend)
        let second = try await backend.open(in: folder)
        let hashes = (0..<10).map { String(repeating: String($0), count: 64) }
        try await first.writing(actor: "amal") { writer in
            try writer.enrolSecondFactor("amal", secret: Self.secret, algorithm: .sha1)
            _ = try writer.confirmSecondFactor("amal", step: 10, recoveryHashes: hashes)
        }
        async let a = first.writing(actor: "amal") { try $0.consumeRecoveryCode("amal", sha256: hashes[3]) }
        async let b = second.writing(actor: "amal") { try $0.consumeRecoveryCode("amal", sha256: hashes[3]) }
        let results = try await [a, b]
        #expect(results.compactMap { $0 } == [9], "one spends it and sees nine left: \(results)")
        #expect(try await first.writing(actor: "amal") { try $0.consumeRecoveryCode("amal", sha256: hashes[3]) } == nil)
        #expect(
            try await first.writing(actor: "amal") {
                try $0.consumeRecoveryCode("amal", sha256: String(repeating: "f", count: 64))
            } == nil)
        #expect(try await second.writing(actor: "amal") { try $0.consumeRecoveryCode("amal", sha256: hashes[4]) } == 8)
        #expect(try await first.reading { try $0.secondFactor("amal") }?.recoveryCodesLeft == 8)

        #expect(try await first.writing(actor: "admin") { try $0.resetSecondFactor("amal") })
        #expect(try await first.reading { try $0.secondFactor("amal") } == nil)
        #expect(try await first.writing(actor: "admin") { try $0.resetSecondFactor("amal") } == false)
        let left = try await first.read { session in
            try session.scalarInt("SELECT COUNT(*) AS value FROM recovery_codes WHERE username = ?", "amal")
        }
        #expect(left == 0)
        try await second.close()
        try await first.close()
    }

    @Test("the trail holds digests of the secret and the codes, never them", arguments: Backend.available)
    func trailKeepsNoSecret(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let store = try await storeWithUser(folder, backend)
        let hashes = (0..<10).map { String(repeating: String($0), count: 64) }
        try await store.writing(actor: "amal") { writer in
            try writer.enrolSecondFactor("amal", secret: Self.secret, algorithm: .sha1)
            _ = try writer.confirmSecondFactor("amal", step: 10, recoveryHashes: hashes)
            _ = try writer.acceptSecondFactorStep("amal", step: 11)
            _ = try writer.consumeRecoveryCode("amal", sha256: hashes[0])
            try writer.recordSecondFactorRefusal("amal", reason: "wrong-code")
            _ = try writer.resetSecondFactor("amal")
        }
        let events = try await store.reading { try $0.events(entity: "second-factor:amal") }
        #expect(
            events.map(\.action) == [
                "factor.enrol", "factor.confirm", "factor.verify", "factor.recovery", "factor.refuse", "factor.reset",
            ])
        for event in events {
            let text = (event.before ?? "") + (event.after ?? "")
            #expect(!text.contains(Self.secret))
            #expect(!text.contains(hashes[0]))
        }
        #expect(events[0].after?.contains("secretSHA256") == true)
        try await store.close()
    }
}
