import Foundation
import QMSCore
import QMSServices
import TestSupport
import Testing

/// The rules that keep user administration from locking the system out.
@Suite("Services: user administration")
struct UserAdministrationTests {
    @Test("the last active administrator cannot be demoted or deactivated; with a second one, they can")
    func lastAdministrator() async throws {
        let folder = try TemporaryFolder()
        let qms = try await initialisedQMS(in: folder, actor: "setup")
        try await qms.users.add(try User(username: "hana", role: .admin))
        try await qms.users.add(try User(username: "sami", role: .viewer))
        let hana = qms.acting(as: "hana")
        let other = qms.acting(as: "sami")
        await #expect(throws: UserAdministrationError.lastAdministrator("hana")) {
            try await other.users.changeRole("hana", to: .viewer)
        }
        await #expect(throws: UserAdministrationError.lastAdministrator("hana")) {
            try await other.users.deactivate("hana")
        }
        await #expect(throws: UserAdministrationError.selfDemotion) {
            try await hana.users.changeRole("hana", to: .viewer)
        }
        try await hana.users.changeRole("sami", to: .admin)
        let demoted = try await hana.users.changeRole("sami", to: .qualityManager)
        #expect(demoted.role == .qualityManager)
        try await hana.users.changeRole("sami", to: .admin)
        let deactivated = try await qms.acting(as: "sami").users.deactivate("hana")
        #expect(!deactivated.active)
        // sami is now the last active administrator.
        await #expect(throws: UserAdministrationError.lastAdministrator("sami")) {
            try await qms.acting(as: "someone").users.deactivate("sami")
        }
    }

    @Test("nobody deactivates themself; deactivation revokes every token and ends every session")
    func selfDeactivationAndCleanUp() async throws {
        let folder = try TemporaryFolder()
        let qms = try await initialisedQMS(in: folder, actor: "setup")
        try await qms.users.add(try User(username: "hana", role: .admin))
        try await qms.users.add(try User(username: "nour", role: .qualityManager))
        let hana = qms.acting(as: "hana")
        await #expect(throws: UserAdministrationError.selfDeactivation) { try await hana.users.deactivate("hana") }
        #expect(try await qms.users.show("hana").active)
        let secret = try await qms.access.createToken(for: "nour", name: "one")
        _ = try await qms.access.createToken(for: "nour", name: "two")
        try await qms.sessions.put(key: "session.a", json: #"{"username":"nour","csrf":"x"}"#, expiresAt: nil)
        try await qms.sessions.put(key: "session.b", json: #"{"username":"hana","csrf":"y"}"#, expiresAt: nil)
        #expect(try await qms.sessions.sessions(of: "nour").count == 1)
        try await hana.users.deactivate("nour")
        #expect(try await qms.access.user(forToken: secret) == nil)
        #expect(try await qms.access.tokens(of: "nour").map(\.revoked) == [true, true])
        #expect(try await qms.sessions.sessions(of: "nour").isEmpty)
        #expect(try await qms.sessions.get(key: "session.b") != nil)
        await #expect(throws: UserAdministrationError.noSuchToken(username: "nour", name: "one")) {
            try await hana.access.revokeToken(of: "nour", name: "one")
        }
        // The trail names the deactivation, and verification still agrees with the records.
        let report = try await qms.integrity.verify()
        #expect(report.clean, "\(report)")
    }
}
