import Foundation
import QMSCore
import TestSupport
import Testing

@testable import QMSServices

@Suite("Two-factor sign-in: enrolment, codes once only, recovery codes, an administrator's reset")
struct SecondFactorServiceTests {
    /// A system with the user `omar`, its clock fixed at `seconds`.
    func system(_ folder: TemporaryFolder, at seconds: Int64 = 1_800_000_015) async throws -> QMS {
        var qms = try await initialisedQMS(in: folder)
        try await qms.users.add(try User(username: "omar", role: .processOwner))
        qms.now = { Date(timeIntervalSince1970: TimeInterval(seconds)) }
        return qms.acting(as: "omar")
    }

    /// The authenticator: the secret read back from the enrolment URL, as a phone reads it.
    func authenticator(_ enrolment: SecondFactorEnrolment) throws -> TOTP {
        let components = try #require(URLComponents(string: enrolment.url))
        let secret = try #require(components.queryItems?.first { $0.name == "secret" }?.value)
        #expect(secret == enrolment.secretText.replacingOccurrences(of: " ", with: ""))
        return TOTP(secret: try #require(Base32.decode(secret)))
    }

    @Test("enrol, confirm with a first code, sign in with a later one; a used code is refused, on any server")
    func signIn() async throws {
        let folder = try TemporaryFolder()
        let qms = try await system(folder)
        let now: Int64 = 1_800_000_015
        #expect(try await qms.secondFactor.state(of: "omar") == .none)
        let enrolment = try await qms.secondFactor.beginEnrolment(for: "omar")
        #expect(enrolment.url.hasPrefix("otpauth://totp/ElectoralQMS"))
        #expect(enrolment.url.contains(":omar?secret="))
        #expect(try await qms.secondFactor.state(of: "omar") == .pending)
        #expect(try await qms.secondFactor.pendingEnrolment(for: "omar") == enrolment, "shown again, same secret")
        let phone = try authenticator(enrolment)
        // Signing in with a pending factor is refused: it opens nothing until confirmed.
        await #expect(throws: SecondFactorError.notEnrolled(username: "omar")) {
            try await qms.secondFactor.verify(for: "omar", code: phone.code(at: now))
        }
        await #expect(throws: SecondFactorError.invalidCode) {
            try await qms.secondFactor.confirmEnrolment(for: "omar", code: "000000")
        }
        let codes = try await qms.secondFactor.confirmEnrolment(for: "omar", code: phone.code(at: now))
        #expect(try await qms.secondFactor.pendingEnrolment(for: "omar") == nil, "confirmed: the secret is not shown")
        #expect(codes.count == 10)
        #expect(Set(codes).count == 10)
        #expect(try await qms.secondFactor.state(of: "omar") == .confirmed(recoveryCodesLeft: 10))
        // The confirming code is spent: it does not sign in.
        await #expect(throws: SecondFactorError.invalidCode) {
            try await qms.secondFactor.verify(for: "omar", code: phone.code(at: now))
        }
        // Thirty seconds later the next code signs in, once; a second server refuses it after.
        var later = qms
        later.now = { Date(timeIntervalSince1970: TimeInterval(now + 30)) }
        try await later.secondFactor.verify(for: "omar", code: phone.code(at: now + 30))
        var other = try await QMS.openSQLite(path: folder.path("eqms.sqlite"), actor: "omar")
        other.now = later.now
        await #expect(throws: SecondFactorError.invalidCode) {
            try await other.secondFactor.verify(for: "omar", code: phone.code(at: now + 30))
        }
        let refusals = try await qms.trail.events(entity: "second-factor:omar").filter { $0.action == "factor.refuse" }
        #expect(refusals.compactMap(\.after).map { $0.contains("replayed-code") } == [false, true, true])
        try await other.system.close()
    }

    @Test("a confirmed factor cannot be replaced by its holder; an administrator's reset lets them enrol again")
    func reset() async throws {
        let folder = try TemporaryFolder()
        let qms = try await system(folder)
        let phone = try authenticator(try await qms.secondFactor.beginEnrolment(for: "omar"))
        // Beginning again before confirming replaces the pending secret.
        let again = try await qms.secondFactor.beginEnrolment(for: "omar")
        let newPhone = try authenticator(again)
        #expect(newPhone.secret != phone.secret)
        _ = try await qms.secondFactor.confirmEnrolment(for: "omar", code: newPhone.code(at: 1_800_000_015))
        await #expect(throws: SecondFactorError.alreadyEnrolled(username: "omar")) {
            try await qms.secondFactor.beginEnrolment(for: "omar")
        }
        let admin = qms.acting(as: "amal")
        #expect(try await admin.secondFactor.reset(for: "omar"))
        #expect(try await qms.secondFactor.state(of: "omar") == .none)
        _ = try await qms.secondFactor.beginEnrolment(for: "omar")
        #expect(try await qms.secondFactor.state(of: "omar") == .pending)
        let reset = try await qms.trail.events(entity: "second-factor:omar").first { $0.action == "factor.reset" }
        #expect(reset?.actor == "amal")
    }

    @Test("recovery codes: each signs in once, typed in any case, and the count goes down")
    func recovery() async throws {
        let folder = try TemporaryFolder()
        let qms = try await system(folder)
        let phone = try authenticator(try await qms.secondFactor.beginEnrolment(for: "omar"))
        let codes = try await qms.secondFactor.confirmEnrolment(for: "omar", code: phone.code(at: 1_800_000_015))
        #expect(try await qms.secondFactor.useRecoveryCode(for: "omar", code: codes[0].lowercased()) == 9)
        await #expect(throws: SecondFactorError.invalidRecoveryCode) {
            try await qms.secondFactor.useRecoveryCode(for: "omar", code: codes[0])
        }
        await #expect(throws: SecondFactorError.invalidRecoveryCode) {
            try await qms.secondFactor.useRecoveryCode(for: "omar", code: "not a code")
        }
        #expect(
            try await qms.secondFactor.useRecoveryCode(
                for: "omar", code: codes[9].replacingOccurrences(of: "-", with: " "))
                == 8)
        #expect(try await qms.secondFactor.state(of: "omar") == .confirmed(recoveryCodesLeft: 8))
    }

    @Test("the trail records every step without the secret or a code, and `eqms verify` checks factors")
    func trailAndIntegrity() async throws {
        let folder = try TemporaryFolder()
        let qms = try await system(folder)
        let enrolment = try await qms.secondFactor.beginEnrolment(for: "omar")
        let phone = try authenticator(enrolment)
        let first = phone.code(at: 1_800_000_015)
        let codes = try await qms.secondFactor.confirmEnrolment(for: "omar", code: first)
        _ = try await qms.secondFactor.useRecoveryCode(for: "omar", code: codes[1])
        let events = try await qms.trail.events(entity: "second-factor:omar")
        #expect(events.map(\.action) == ["factor.enrol", "factor.confirm", "factor.recovery"])
        let secret = enrolment.secretText.replacingOccurrences(of: " ", with: "")
        for event in events {
            let text = (event.before ?? "") + (event.after ?? "")
            #expect(!text.contains(secret))
            #expect(!text.contains(first))
            for code in codes {
                #expect(!text.contains(code) && !text.contains(code.replacingOccurrences(of: "-", with: "")))
            }
        }
        #expect(try await qms.integrity.verify().problems.filter { $0.severity == .error }.isEmpty)
        // A secret swapped behind the application's back (to one an intruder holds) is named.
        try Program.sqlite3(
            folder.path("eqms.sqlite"),
            "UPDATE second_factors SET secret = 'MZXW6YTBOIMZXW6YTBOIMZXW6YTBOI' WHERE username = 'omar'")
        let problems = try await qms.integrity.verify().problems.filter { $0.severity == .error }
        #expect(problems.contains { $0.description.contains("second-factor:omar") }, "\(problems)")
    }
}
