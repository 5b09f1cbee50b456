import Foundation
import QMSCore
import TestSupport
import Testing

@testable import QMSServices

@Suite("Sign-in failures counted in the database")
struct SignInThrottleServiceTests {
    @Test("two servers on one database count one account's failures together")
    func sharedAcrossServers() async throws {
        let folder = try TemporaryFolder()
        let first = try await initialisedQMS(in: folder)
        let second = try await QMS.openSQLite(path: folder.path("eqms.sqlite"), actor: "web")
        let now = first.instant
        #expect(try await first.signIns.wait(username: "omar", address: "10.1.1.1", now: now) == nil)
        try await first.signIns.failed(username: "omar", address: "10.1.1.1", now: now)
        try await second.signIns.failed(username: "omar", address: "10.1.1.2", now: now)
        try await first.signIns.failed(username: "omar", address: "10.1.1.3", now: now)
        // Three failures through two servers: the fourth attempt waits, whichever server it reaches.
        #expect(try await second.signIns.wait(username: "omar", address: "10.1.1.4", now: now) == 5)
        #expect(try await first.signIns.wait(username: "omar", address: "10.1.1.4", now: now) == 5)
        // Another account from the same addresses is not slowed.
        #expect(try await first.signIns.wait(username: "salma", address: "10.1.1.1", now: now) == nil)
        // A successful sign-in forgets the account's failures.
        try await second.signIns.succeeded(username: "omar")
        #expect(try await first.signIns.wait(username: "omar", address: "10.1.1.4", now: now) == nil)
        try await second.system.close()
    }

    @Test("an address's failures across many accounts wait only past the address limit")
    func addressLimit() async throws {
        let folder = try TemporaryFolder()
        var throttle = try await initialisedQMS(in: folder).signIns
        throttle.policy.addressLimit = 6
        let now = Instant(millisecondsSince1970: 1_800_000_000_000)
        for index in 0..<5 {
            try await throttle.failed(username: "user-\(index)", address: "192.0.2.7", now: now)
        }
        #expect(try await throttle.wait(username: "amal", address: "192.0.2.7", now: now) == nil)
        try await throttle.failed(username: "user-5", address: "192.0.2.7", now: now)
        #expect(try await throttle.wait(username: "amal", address: "192.0.2.7", now: now) == 15 * 60)
        #expect(try await throttle.wait(username: "amal", address: "192.0.2.8", now: now) == nil)
    }

    @Test("failures older than the window are forgotten, in the table too")
    func forgetting() async throws {
        let folder = try TemporaryFolder()
        let qms = try await initialisedQMS(in: folder)
        let old = Instant(millisecondsSince1970: 1_800_000_000_000)
        for _ in 0..<4 { try await qms.signIns.failed(username: "omar", address: "10.0.0.1", now: old) }
        let later = Instant(millisecondsSince1970: old.millisecondsSince1970 + 16 * 60_000)
        #expect(try await qms.signIns.wait(username: "omar", address: "10.0.0.1", now: later) == nil)
        try await qms.signIns.failed(username: "nour", address: "10.0.0.2", now: later)
        let rows = try await qms.store.read { session in
            try session.scalarInt("SELECT COUNT(*) AS value FROM sign_in_failures")
        }
        #expect(rows == 2, "the eight old rows went; the two new stay")
    }
}
