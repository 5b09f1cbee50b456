import Foundation
import QMSCore
import QMSStore
import TestSupport
import Testing

@Suite("The second-factor policy and the directory settings in the store")
struct FactorPolicyStoreTests {
    @Test(
        "the policy, a grace start and the directory settings read back as written, each change an event",
        arguments: Backend.available)
    func roundTrip(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let store = try await backend.open(in: folder)
        _ = try await store.migrate()
        #expect(try await store.reading { try $0.factorPolicy() } == .none)
        let policy = try FactorPolicy(requiredRoles: [.admin, .viewer], graceDays: 5)
        let started = Instant(millisecondsSince1970: 1_800_000_000_000)
        try await store.writing(actor: "admin") { writer in
            try writer.addUser(try User(username: "vera", role: .viewer))
            try writer.setFactorPolicy(policy)
            _ = try writer.startFactorGrace("vera", at: started)
            // Started once: a later request keeps the first start.
            #expect(
                try writer.startFactorGrace("vera", at: Instant(millisecondsSince1970: 1_900_000_000_000)) == started)
        }
        #expect(try await store.reading { try $0.factorPolicy() } == policy)
        #expect(try await store.reading { try $0.factorGraceStart("vera") } == started)
        // The role made optional then required again: its users get a whole grace period again.
        try await store.writing(actor: "admin") { writer in
            try writer.setFactorPolicy(try FactorPolicy(requiredRoles: [.admin], graceDays: 5))
            try writer.setFactorPolicy(policy)
        }
        #expect(try await store.reading { try $0.factorGraceStart("vera") } == nil)

        var settings = StoredDirectorySettings(
            uri: "ldaps://dc1.example", caFile: "/etc/ca.pem", userBase: "ou=people,dc=example", groupBase: "",
            userAttribute: "sAMAccountName", bindDN: "cn=eqms,dc=example", bindPassword: "secret-1",
            groups: ["admin=cn=admins,dc=example", "viewer=cn=staff,dc=example"], memberOfOnly: true, syncMinutes: 30)
        let first = settings
        try await store.writing(actor: "admin") { try $0.setDirectorySettings(first) }
        settings.bindPassword = "secret-2"
        try await store.writing(actor: "admin") { [settings] in try $0.setDirectorySettings(settings) }
        #expect(try await store.reading { try $0.directorySettings() } == settings)
        let events = try await store.reading { try $0.events() }
        #expect(events.filter { $0.action == "factor-policy.set" }.count == 3)
        let directory = events.filter { $0.action == "directory.set" }
        #expect(directory.count == 2)
        #expect(!directory.contains { ($0.after ?? "").contains("secret-") })
    }
}
