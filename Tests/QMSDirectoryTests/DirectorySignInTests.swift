import Foundation
import QMSCore
import QMSDirectory
import QMSFormats
import QMSServices
import TestSupport
import Testing

private let quality = "cn=quality,ou=groups,dc=iec,dc=example,dc=jo"
private let tc = "cn=tc,ou=groups,dc=iec,dc=example,dc=jo"

private func directory(_ server: SlapdServer, groups: [GroupMapping]) throws -> DirectoryClient {
    DirectoryClient(
        configuration: try DirectoryConfiguration(
            uri: server.ready.ldap, caFile: server.ready.ca, userBase: "ou=people," + server.ready.base,
            groupBase: "ou=groups," + server.ready.base, bindDN: server.ready.serviceDN,
            bindPassword: server.ready.servicePassword, groups: groups, timeout: 20))
}

private func refused(_ operation: () async throws -> User) async -> (any Error)? {
    do {
        _ = try await operation()
        return nil
    } catch {
        return error
    }
}

// The same slapd as the directory suite (which only deletes dora, not used here).
@Suite("Directory: sign-in and sync through the services, over a real database", .serialized)
struct DirectorySignInTests {
    @Test("a directory user is created at their first sign-in with the mapped role; local accounts stay local")
    func firstSignIn() async throws {
        let server = try await SlapdServer.shared.value
        let folder = try TemporaryFolder(prefix: "eqms-directory-signin")
        let (qms, _) = try await SetupService.initialise(
            databasePath: folder.path("eqms.sqlite"), library: try StandardsLibrary(directory: Repository.standards),
            actor: "root")
        let client = try directory(
            server,
            groups: [GroupMapping(group: quality, role: .qualityManager), GroupMapping(group: tc, role: .tcMember)])
        try await qms.users.add(try User(username: "root", role: .admin))
        try await qms.access.setPassword("root-local-Passw0rd", for: "root")

        #expect(try await qms.access.user("amal") == nil)
        let amal = try await qms.access.authenticate(
            username: "amal", password: SlapdServer.password(of: "amal"), directory: client)
        #expect(amal.role == .qualityManager)
        #expect(amal.displayName == "Amal Haddad")
        #expect(amal.email == "amal@iec.example.jo")
        #expect(try await qms.access.user("amal") == amal)
        // The second time finds the same account; a wrong password is a local-looking refusal.
        #expect(
            try await qms.access.authenticate(
                username: "amal", password: SlapdServer.password(of: "amal"), directory: client) == amal)
        let wrong = await refused {
            try await qms.access.authenticate(username: "amal", password: "amal-passw0rd!", directory: client)
        }
        #expect(wrong as? AccessError == .invalidCredentials)
        // Sara's groups are not mapped: refused, and no account is made.
        let sara = await refused {
            try await qms.access.authenticate(
                username: "sara", password: SlapdServer.password(of: "sara"), directory: client)
        }
        #expect(sara as? AccessError == .invalidCredentials)
        #expect(try await qms.access.user("sara") == nil)
        // A local account with a password is never asked of the directory.
        #expect(
            try await qms.access.authenticate(username: "root", password: "root-local-Passw0rd", directory: client).role
                == .admin)
        // The creation is in the audit trail, by the directory.
        let log = try await qms.trail.events(entity: "amal")
        #expect(log.contains { $0.actor == "directory" })
    }

    @Test(
        "Active Directory's userPrincipalName is a sign-in name: the account is created under it and kept by the sync")
    func principalName() async throws {
        let server = try await SlapdServer.shared.value
        let folder = try TemporaryFolder(prefix: "eqms-directory-upn")
        let (qms, _) = try await SetupService.initialise(
            databasePath: folder.path("eqms.sqlite"), library: try StandardsLibrary(directory: Repository.standards),
            actor: "root")
        let client = DirectoryClient(
            configuration: try DirectoryConfiguration(
                uri: server.ready.ldaps, caFile: server.ready.ca, userBase: "ou=people," + server.ready.base,
                userAttribute: "userPrincipalName", bindDN: server.ready.serviceDN,
                bindPassword: server.ready.servicePassword,
                groups: [GroupMapping(group: quality, role: .qualityManager)],
                timeout: 20, searchGroups: false))
        let name = "amal@iec.example.jo"
        let amal = try await qms.access.authenticate(
            username: name, password: SlapdServer.password(of: "amal"), directory: client)
        #expect(amal.username == name)
        #expect(amal.role == .qualityManager)
        #expect(try await qms.access.user(name)?.displayName == "Amal Haddad")
        let report = try await qms.users.syncDirectory(client)
        #expect(report.checked == 1 && report.deactivated.isEmpty)
        #expect(try await qms.access.user(name)?.active == true)
    }

    @Test("the sync deactivates accounts gone from the directory or from every mapped group, and follows role changes")
    func sync() async throws {
        let server = try await SlapdServer.shared.value
        let folder = try TemporaryFolder(prefix: "eqms-directory-sync")
        let (qms, _) = try await SetupService.initialise(
            databasePath: folder.path("eqms.sqlite"), library: try StandardsLibrary(directory: Repository.standards),
            actor: "root")
        let both = try directory(
            server,
            groups: [GroupMapping(group: quality, role: .qualityManager), GroupMapping(group: tc, role: .tcMember)])
        for uid in ["amal", "omar"] {
            _ = try await qms.access.authenticate(
                username: uid, password: SlapdServer.password(of: uid), directory: both)
        }
        // An account with no local password that the directory has never heard of.
        try await qms.users.add(try User(username: "ghost", role: .viewer))
        // A local account (it has a password), which the sync leaves alone.
        try await qms.users.add(try User(username: "local", role: .viewer))
        try await qms.access.setPassword("local-only-Passw0rd", for: "local")
        // The first administrator, added without a password: the directory does not know them,
        // and the last administrator is kept, without stopping the others' sync.
        try await qms.users.add(try User(username: "first", role: .admin))

        let omarToken = try await qms.access.createToken(for: "omar", name: "script")
        #expect(try await qms.access.user(forToken: omarToken)?.username == "omar")

        // The TC group is no longer mapped: amal keeps quality, omar is in no mapped group any more.
        let qualityOnly = try directory(server, groups: [GroupMapping(group: quality, role: .qualityManager)])
        let report = try await qms.users.syncDirectory(qualityOnly)
        #expect(report.checked == 4)
        #expect(Set(report.deactivated) == ["omar", "ghost"])
        #expect(report.kept == ["first": .lastAdministrator("first")])
        #expect(try await qms.access.user("omar")?.active == false)
        // Deactivation revokes the tokens (and ends the sessions) in the same transaction.
        #expect(try await qms.access.user(forToken: omarToken) == nil)
        #expect(try await qms.access.user("amal")?.active == true)
        #expect(try await qms.access.user("first")?.active == true)
        #expect(try await qms.access.user("local")?.active == true)
        // A deactivated account stays refused even with the right password.
        let omar = await refused {
            try await qms.access.authenticate(
                username: "omar", password: SlapdServer.password(of: "omar"), directory: both)
        }
        #expect(omar as? AccessError == .invalidCredentials)

        // Mapping quality to another role moves amal there at the next sync.
        let demoted = try directory(server, groups: [GroupMapping(group: quality, role: .viewer)])
        let second = try await qms.users.syncDirectory(demoted)
        #expect(second.roleChanged == ["amal"])
        #expect(try await qms.access.user("amal")?.role == .viewer)

        // An unreachable directory deactivates nobody.
        let nowhere = DirectoryClient(
            configuration: try DirectoryConfiguration(
                uri: "ldap://127.0.0.1:1", caFile: server.ready.ca, userBase: server.ready.base,
                bindDN: server.ready.serviceDN, bindPassword: server.ready.servicePassword,
                groups: [GroupMapping(group: quality, role: .qualityManager)], timeout: 5))
        await #expect(throws: DirectoryError.unreachable) { try await qms.users.syncDirectory(nowhere) }
        #expect(try await qms.access.user("amal")?.active == true)
    }
}
