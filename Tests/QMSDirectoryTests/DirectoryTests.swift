import Foundation
import QMSCore
import TestSupport
import Testing

@testable import QMSDirectory

private let quality = "cn=quality,ou=groups,dc=iec,dc=example,dc=jo"
private let tc = "cn=tc,ou=groups,dc=iec,dc=example,dc=jo"
private let staff = "cn=staff,ou=groups,dc=iec,dc=example,dc=jo"

/// A client of the shared server: StartTLS on ldap:// unless `ldaps`, trusting the server's CA
/// unless `ca` says otherwise.
private func client(
    _ server: SlapdServer, ldaps: Bool = false, ca: String? = nil, groups: [GroupMapping]? = nil,
    searchGroups: Bool = true, servicePassword: String? = nil, userAttribute: String = "uid"
) throws -> DirectoryClient {
    let configuration = try DirectoryConfiguration(
        uri: ldaps ? server.ready.ldaps : server.ready.ldap, caFile: ca ?? server.ready.ca,
        userBase: "ou=people," + server.ready.base, groupBase: "ou=groups," + server.ready.base,
        userAttribute: userAttribute, bindDN: server.ready.serviceDN,
        bindPassword: servicePassword ?? server.ready.servicePassword,
        groups: groups ?? [
            GroupMapping(group: quality, role: .qualityManager), GroupMapping(group: tc, role: .tcMember),
        ],
        timeout: 20, searchGroups: searchGroups)
    return DirectoryClient(configuration: configuration)
}

/// The error an operation threw, or nil when it succeeded; an error of another type fails the test.
private func refusal<T>(_ operation: () async throws -> T) async -> DirectoryError? {
    do {
        _ = try await operation()
        return nil
    } catch let error as DirectoryError {
        return error
    } catch {
        Issue.record("not a DirectoryError: \(error)")
        return nil
    }
}

@Suite("Directory: filters, configuration and group mapping, without a server")
struct DirectoryRulesTests {
    @Test("a name is escaped into a filter as RFC 4515 says, so it cannot close or widen the filter")
    func escaping() throws {
        // RFC 4515, section 4's examples.
        #expect(
            LDAPFilter.escaped("Parens R Us (for all your parenthetical needs)")
                == "Parens R Us \\28for all your parenthetical needs\\29")
        #expect(LDAPFilter.escaped("*") == "\\2a")
        #expect(LDAPFilter.escaped("C:\\MyFile") == "C:\\5cMyFile")
        #expect(LDAPFilter.escaped("a\u{0}b") == "a\\00b")
        #expect(LDAPFilter.equality("uid", "*)(uid=*") == "(uid=\\2a\\29\\28uid=\\2a)")
        #expect(LDAPFilter.equality("uid", "أمل") == "(uid=أمل)")
        for bad in ["", "amal\n", "amal\u{0}", String(repeating: "a", count: 257)] {
            #expect(throws: DirectoryError.invalidUsername) { try LDAPFilter.checkUsername(bad) }
        }
        try LDAPFilter.checkUsername("admin)(|(uid=*")
    }

    @Test("the highest mapped role wins, DNs compare without case or spaces, an unmapped group gives none")
    func mapping() throws {
        let configuration = try DirectoryConfiguration(
            uri: "ldaps://dc1.iec.example.jo", caFile: "/etc/ssl/ca.pem", userBase: "dc=iec,dc=example,dc=jo",
            userAttribute: "sAMAccountName", bindDN: "cn=svc,dc=iec,dc=example,dc=jo", bindPassword: "svc-secret",
            groups: [
                try GroupMapping(argument: "tc-member=" + tc), GroupMapping(group: quality, role: .qualityManager),
                try GroupMapping(argument: "viewer = CN=Staff, OU=Groups, DC=iec, DC=example, DC=jo"),
            ])
        #expect(configuration.transport == .ldaps)
        #expect(configuration.role(forGroups: [tc, "CN=Quality,OU=Groups,DC=IEC,DC=example,DC=jo"]) == .qualityManager)
        #expect(configuration.role(forGroups: [staff, tc]) == .tcMember)
        #expect(configuration.role(forGroups: [staff]) == .viewer)
        #expect(configuration.role(forGroups: ["cn=other,ou=groups,dc=iec,dc=example,dc=jo"]) == nil)
        #expect(configuration.role(forGroups: []) == nil)
        #expect(!configuration.description.contains("svc-secret"))
        #expect(throws: DirectoryError.invalidConfiguration(field: "ldap-group")) {
            try GroupMapping(argument: "king=" + tc)
        }
    }

    @Test("only ldaps:// and ldap:// with StartTLS, a CA file and a plain attribute name are accepted")
    func configuration() {
        func make(uri: String = "ldap://ldap.iec.example.jo", ca: String = "/ca.pem", attribute: String = "uid")
            -> DirectoryError?
        {
            do {
                _ = try DirectoryConfiguration(
                    uri: uri, caFile: ca, userBase: "dc=iec", userAttribute: attribute, bindDN: "cn=svc",
                    bindPassword: "x", groups: [GroupMapping(group: quality, role: .viewer)])
                return nil
            } catch { return error }
        }
        #expect(make() == nil)
        #expect(make(uri: "ldapi:///var/run/slapd.sock") == .invalidConfiguration(field: "ldap-uri"))
        #expect(make(uri: "http://ldap.iec.example.jo") == .invalidConfiguration(field: "ldap-uri"))
        #expect(make(ca: "") == .invalidConfiguration(field: "ldap-ca-file"))
        #expect(make(attribute: "uid=*)(cn") == .invalidConfiguration(field: "ldap-user-attribute"))
    }
}

// One server for the suite, one test at a time: the machine's cores are shared with other suites,
// and one test deletes an entry.
@Suite("Directory: sign-in against a real slapd over TLS", .serialized)
struct DirectoryServerTests {
    @Test("over StartTLS and over ldaps://, a user signs in and gets the highest role of their mapped groups")
    func signIn() async throws {
        let server = try await SlapdServer.shared.value
        for ldaps in [false, true] {
            let amal = try await client(server, ldaps: ldaps).authenticate(
                username: "amal", password: SlapdServer.password(of: "amal"))
            // In quality (groupOfNames, quality manager) and tc (posixGroup, TC member).
            #expect(amal.role == .qualityManager)
            #expect(amal.dn == "uid=amal,ou=people,dc=iec,dc=example,dc=jo")
            #expect(amal.displayName == "Amal Haddad")
            #expect(amal.email == "amal@iec.example.jo")
            #expect(Set(amal.groups.map { $0.lowercased() }) == [quality, tc])
        }
        // Only a memberUid of the posixGroup.
        let omar = try await client(server).authenticate(username: "omar", password: SlapdServer.password(of: "omar"))
        #expect(omar.role == .tcMember)
        #expect(omar.groups.map { $0.lowercased() } == [tc])
    }

    @Test("with the group search off, memberOf alone (Active Directory's way) gives the role")
    func memberOf() async throws {
        let server = try await SlapdServer.shared.value
        let directory = try client(server, searchGroups: false)
        let amal = try await directory.authenticate(username: "amal", password: SlapdServer.password(of: "amal"))
        #expect(amal.role == .qualityManager)
        #expect(amal.groups.map { $0.lowercased() } == [quality])
        // A posixGroup has no memberOf: Omar's only group is then not seen.
        #expect(
            await refusal {
                try await directory.authenticate(username: "omar", password: SlapdServer.password(of: "omar"))
            }
                == .notInMappedGroup)
    }

    @Test("Active Directory's names: sAMAccountName and userPrincipalName sign in, groups from memberOf")
    func activeDirectoryNames() async throws {
        let server = try await SlapdServer.shared.value
        let bySAM = try client(server, searchGroups: false, userAttribute: "sAMAccountName")
        // As typed on the login form (which lowercases it): the directory matches without case.
        let amal = try await bySAM.authenticate(username: "ahaddad", password: SlapdServer.password(of: "amal"))
        #expect(amal.role == .qualityManager)
        #expect(amal.dn.lowercased() == "uid=amal,ou=people,dc=iec,dc=example,dc=jo")
        #expect(amal.displayName == "Amal Haddad")
        // The uid is not the attribute asked for: no entry.
        #expect(
            await refusal { try await bySAM.authenticate(username: "amal", password: SlapdServer.password(of: "amal")) }
                == .badCredentials)

        let byUPN = try client(server, searchGroups: false, userAttribute: "userPrincipalName")
        let upn = try await byUPN.authenticate(
            username: "amal@iec.example.jo", password: SlapdServer.password(of: "amal"))
        #expect(upn.role == .qualityManager)
        #expect(upn.email == "amal@iec.example.jo")
        // A wildcard in a principal name is escaped, so it matches nobody.
        #expect(
            await refusal {
                try await byUPN.authenticate(username: "*@iec.example.jo", password: SlapdServer.password(of: "amal"))
            } == .badCredentials)
    }

    @Test(
        "a wrong password, an empty one and an unknown user are refused alike; a wrong service password is told apart")
    func badCredentials() async throws {
        let server = try await SlapdServer.shared.value
        let directory = try client(server)
        for (username, password) in [("amal", "amal-passw0rd!"), ("amal", ""), ("nobody", "nobody-Passw0rd!")] {
            #expect(
                await refusal { try await directory.authenticate(username: username, password: password) }
                    == .badCredentials)
        }
        let misconfigured = try client(server, servicePassword: "not-the-service-password")
        let error = await refusal {
            try await misconfigured.authenticate(username: "amal", password: SlapdServer.password(of: "amal"))
        }
        #expect(error == .serviceBindRefused)
        #expect(error.map { String(describing: $0) }?.contains("not-the-service-password") == false)
    }

    @Test("a user whose groups are not mapped is refused, with the right password, and the lookup finds nothing")
    func unmapped() async throws {
        let server = try await SlapdServer.shared.value
        let directory = try client(server)
        #expect(
            await refusal {
                try await directory.authenticate(username: "sara", password: SlapdServer.password(of: "sara"))
            }
                == .notInMappedGroup)
        #expect(try await directory.lookup(username: "sara") == nil)
        #expect(try await directory.lookup(username: "omar")?.role == .tcMember)
        // Mapping her group lets her in: the refusal came from the mapping, not the password.
        let mapped = try client(server, groups: [GroupMapping(group: staff, role: .viewer)])
        #expect(
            try await mapped.authenticate(username: "sara", password: SlapdServer.password(of: "sara")).role == .viewer)
    }

    @Test("filter characters in a name are escaped: an injected name matches nobody, whatever password is sent")
    func injection() async throws {
        let server = try await SlapdServer.shared.value
        // Staff is mapped so that the real "admin" gets in: the refusals below are the escaping's.
        let directory = try client(
            server,
            groups: [GroupMapping(group: staff, role: .viewer), GroupMapping(group: quality, role: .qualityManager)])
        let admin = try await directory.authenticate(username: "admin", password: SlapdServer.password(of: "admin"))
        #expect(admin.role == .viewer)
        for name in ["*)(uid=*", "admin)(|(uid=*", "*", "am*", "admin)(uid=amal", "amal)(objectClass=*"] {
            for password in [SlapdServer.password(of: "admin"), SlapdServer.password(of: "amal")] {
                #expect(
                    await refusal { try await directory.authenticate(username: name, password: password) }
                        == .badCredentials, "\(name)")
            }
            #expect(try await directory.lookup(username: name) == nil)
        }
        for name in ["", "amal\r\n", "am\u{0}al"] {
            #expect(
                await refusal { try await directory.authenticate(username: name, password: "x") } == .invalidUsername)
        }
    }

    @Test(
        "a server whose certificate another CA signed is refused, over StartTLS and ldaps://; a closed port is unreachable"
    )
    func certificate() async throws {
        let server = try await SlapdServer.shared.value
        for ldaps in [false, true] {
            let directory = try client(server, ldaps: ldaps, ca: server.ready.otherCA)
            #expect(
                await refusal {
                    try await directory.authenticate(username: "amal", password: SlapdServer.password(of: "amal"))
                } == .certificateRefused, "ldaps: \(ldaps)")
        }
        let nowhere = try DirectoryClient(
            configuration: DirectoryConfiguration(
                uri: "ldaps://127.0.0.1:1", caFile: server.ready.ca, userBase: server.ready.base,
                bindDN: server.ready.serviceDN, bindPassword: server.ready.servicePassword,
                groups: [GroupMapping(group: quality, role: .qualityManager)], timeout: 5))
        #expect(
            await refusal {
                try await nowhere.authenticate(username: "amal", password: SlapdServer.password(of: "amal"))
            }
                == .unreachable)
    }

    @Test("a user deleted from the directory is refused at the next sign-in and is gone from the lookup")
    func deleted() async throws {
        let server = try await SlapdServer.shared.value
        let directory = try client(server)
        let dora = try await directory.authenticate(username: "dora", password: SlapdServer.password(of: "dora"))
        #expect(dora.role == .qualityManager)
        try server.delete(dora.dn)
        #expect(
            await refusal {
                try await directory.authenticate(username: "dora", password: SlapdServer.password(of: "dora"))
            }
                == .badCredentials)
        #expect(try await directory.lookup(username: "dora") == nil)
    }
}
