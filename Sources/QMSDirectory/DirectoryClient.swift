import CLDAP
import Dispatch
import QMSCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A person the directory vouched for: their entry and the role their groups give.
public struct DirectoryAccount: Sendable, Hashable {
    /// The sign-in name as the directory spells it (the user attribute's value).
    public var username: String
    /// The entry's distinguished name.
    public var dn: String
    /// `displayName`, else `cn`, when the entry has one.
    public var displayName: String?
    /// `mail`, when the entry has one.
    public var email: String?
    /// Every group the directory says they are in (mapped or not), as DNs.
    public var groups: [String]
    /// The role their mapped groups give (the highest one).
    public var role: Role
}

/// Signs people in against the commission's directory (OpenLDAP or Active Directory) through
/// OpenLDAP's client library.
///
/// libldap's calls block, so each operation runs on a dispatch queue of its own, never on Swift's
/// cooperative pool (which has only as many threads as the machine has cores). Each operation
/// opens its own connections and closes them: a handle is never shared between threads.
public struct DirectoryClient: Sendable {
    /// What the client connects to and how groups map to roles.
    public let configuration: DirectoryConfiguration

    // Concurrent: two people signing in at once wait for the directory, not for each other.
    private static let queue = DispatchQueue(label: "eqms.directory", attributes: .concurrent)

    /// Creates a client; nothing is connected until an operation runs.
    public init(configuration: DirectoryConfiguration) {
        self.configuration = configuration
    }

    /// Checks `username` and `password` against the directory: the service account finds the
    /// user's entry (the name escaped into the filter), the user's own simple bind over TLS checks
    /// the password, and the user's groups give the role.
    ///
    /// - Throws: ``DirectoryError/badCredentials`` for an unknown user, a wrong or empty password
    ///   or a name matching several entries; ``DirectoryError/notInMappedGroup`` when no group is
    ///   mapped; ``DirectoryError/invalidUsername``, ``DirectoryError/unreachable``,
    ///   ``DirectoryError/certificateRefused`` and the configuration's errors otherwise.
    public func authenticate(username: String, password: String) async throws(DirectoryError) -> DirectoryAccount {
        let configuration = self.configuration
        return try await Self.offPool { () throws(DirectoryError) in
            try DirectoryOperations(configuration: configuration).authenticate(username: username, password: password)
        }
    }

    /// What the directory says of `username` now, with the service account and no password: the
    /// account, or nil when the entry is gone or none of its groups is mapped any more. For the
    /// periodic sync and the check at each sign-in.
    public func lookup(username: String) async throws(DirectoryError) -> DirectoryAccount? {
        let configuration = self.configuration
        return try await Self.offPool { () throws(DirectoryError) in
            try DirectoryOperations(configuration: configuration).lookup(username: username)
        }
    }

    /// Connects and binds as the service account, and nothing more: the administrator's "test
    /// connection". Throws what a sign-in would meet (``DirectoryError/unreachable``,
    /// ``DirectoryError/certificateRefused``, ``DirectoryError/serviceBindRefused``).
    public func checkService() async throws(DirectoryError) {
        let configuration = self.configuration
        try await Self.offPool { () throws(DirectoryError) in
            try LDAPConnection(configuration).bindService()
        }
    }

    private static func offPool<T: Sendable>(
        _ work: @escaping @Sendable () throws(DirectoryError) -> T
    ) async throws(DirectoryError) -> T {
        let result: Result<T, DirectoryError> = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Result(catching: work)) }
        }
        return try result.get()
    }
}

/// The synchronous operations, run off the pool by ``DirectoryClient``.
struct DirectoryOperations {
    let configuration: DirectoryConfiguration

    func authenticate(username: String, password: String) throws(DirectoryError) -> DirectoryAccount {
        try LDAPFilter.checkUsername(username)
        // A simple bind with a name and no password is an "unauthenticated" bind, which servers
        // answer with success (RFC 4513, 5.1.2): it must never reach the server.
        guard !password.isEmpty else { throw .badCredentials }
        let service = try LDAPConnection(configuration)
        try service.bindService()
        guard let entry = try findUser(service, username) else { throw .badCredentials }
        let user = try LDAPConnection(configuration)
        try user.bindUser(dn: entry.dn, password: password)
        let groups = try groups(of: entry, username: username, on: service)
        guard let role = configuration.role(forGroups: groups) else { throw .notInMappedGroup }
        return account(entry, username: username, groups: groups, role: role)
    }

    func lookup(username: String) throws(DirectoryError) -> DirectoryAccount? {
        try LDAPFilter.checkUsername(username)
        let service = try LDAPConnection(configuration)
        try service.bindService()
        guard let entry = try findUser(service, username) else { return nil }
        let groups = try groups(of: entry, username: username, on: service)
        guard let role = configuration.role(forGroups: groups) else { return nil }
        return account(entry, username: username, groups: groups, role: role)
    }

    private func account(_ entry: LDAPEntry, username: String, groups: [String], role: Role) -> DirectoryAccount {
        DirectoryAccount(
            username: entry.first(configuration.userAttribute) ?? username, dn: entry.dn,
            displayName: entry.first("displayName") ?? entry.first("cn"), email: entry.first("mail"), groups: groups,
            role: role)
    }

    /// The one entry whose user attribute is `username`; nil when there is none or more than one
    /// (a name must say who it is).
    private func findUser(_ connection: LDAPConnection, _ username: String) throws(DirectoryError) -> LDAPEntry? {
        let filter = "(&" + LDAPFilter.equality(configuration.userAttribute, username) + "(objectClass=person))"
        let found = try connection.search(
            base: configuration.userBase, filter: filter,
            attributes: [configuration.userAttribute, "uid", "cn", "displayName", "mail", "memberOf"], sizeLimit: 2)
        guard !found.truncated, found.entries.count == 1 else { return nil }
        return found.entries[0]
    }

    /// The user's groups: `memberOf` on the entry (Active Directory, OpenLDAP's memberof overlay)
    /// and, unless turned off, the groups that list the user (`groupOfNames`, `groupOfUniqueNames`,
    /// AD's `group` by DN; `posixGroup` by uid).
    private func groups(of entry: LDAPEntry, username: String, on connection: LDAPConnection) throws(DirectoryError)
        -> [String]
    {
        var groups = entry.values["memberof"] ?? []
        if configuration.searchGroups {
            let dn = LDAPFilter.escaped(entry.dn)
            let uid = LDAPFilter.escaped(entry.first("uid") ?? username)
            let filter =
                "(|(&(objectClass=groupOfNames)(member=\(dn)))(&(objectClass=groupOfUniqueNames)(uniqueMember=\(dn)))"
                + "(&(objectClass=group)(member=\(dn)))(&(objectClass=posixGroup)(memberUid=\(uid))))"
            let found = try connection.search(
                base: configuration.groupBase, filter: filter, attributes: ["1.1"], sizeLimit: 0)
            groups += found.entries.map(\.dn)
        }
        var seen = Set<String>()
        return groups.filter { seen.insert(DistinguishedName.normalised($0)).inserted }
    }
}

/// An entry found by a search: its DN and the asked-for attributes, by lowercased name.
struct LDAPEntry {
    var dn: String
    var values: [String: [String]]

    func first(_ attribute: String) -> String? { values[attribute.lowercased()]?.first }
}

/// One libldap handle, connected over TLS with the server's certificate verified, unbound and
/// freed when it goes.
final class LDAPConnection {
    private let handle: OpaquePointer
    private let configuration: DirectoryConfiguration

    init(_ configuration: DirectoryConfiguration) throws(DirectoryError) {
        self.configuration = configuration
        var created: OpaquePointer?
        guard ldap_initialize(&created, configuration.uri) == LDAP_SUCCESS, let created else {
            throw .invalidConfiguration(field: "ldap-uri")
        }
        handle = created
        let timeout = Int32(clamping: configuration.timeout)
        guard eqms_ldap_set_int(handle, LDAP_OPT_PROTOCOL_VERSION, LDAP_VERSION3) == LDAP_OPT_SUCCESS,
            eqms_ldap_set_seconds(handle, LDAP_OPT_NETWORK_TIMEOUT, timeout) == LDAP_OPT_SUCCESS,
            eqms_ldap_set_seconds(handle, LDAP_OPT_TIMEOUT, timeout) == LDAP_OPT_SUCCESS,
            // A referral would send the next bind, password included, to a server nobody configured.
            eqms_ldap_set_referrals(handle, 0) == LDAP_OPT_SUCCESS
        else { throw .invalidConfiguration(field: "ldap-uri") }
        guard eqms_ldap_require_certificate(handle, configuration.caFile) == LDAP_OPT_SUCCESS else {
            throw .invalidConfiguration(field: "ldap-ca-file")
        }
        switch configuration.transport {
        case .startTLS:
            guard ldap_connect(handle) == LDAP_SUCCESS else { throw .unreachable }
            // Refused by the server or failed on the certificate: either way nothing goes in clear.
            guard ldap_start_tls_s(handle, nil, nil) == LDAP_SUCCESS else { throw .certificateRefused }
        case .ldaps:
            // The TLS handshake is part of the connection: when it fails, a plain TCP connection to
            // the same port tells a refused certificate from a server that is not there.
            guard ldap_connect(handle) == LDAP_SUCCESS else {
                throw Self.listens(configuration.uri) ? .certificateRefused : .unreachable
            }
        }
    }

    deinit {
        ldap_unbind_ext_s(handle, nil, nil)
    }

    /// Whether something accepts TCP connections at the host and port of an `ldaps://` URI.
    private static func listens(_ uri: String) -> Bool {
        var host = [CChar](repeating: 0, count: 1024)
        var port = eqms_ldap_url_port(uri, &host, host.count)
        guard port >= 0 else { return false }
        if port == 0 { port = 636 }
        let name = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let plain = "ldap://" + (name.contains(":") ? "[\(name)]" : name) + ":\(port)"
        var probe: OpaquePointer?
        guard ldap_initialize(&probe, plain) == LDAP_SUCCESS, let probe else { return false }
        defer { ldap_unbind_ext_s(probe, nil, nil) }
        _ = eqms_ldap_set_seconds(probe, LDAP_OPT_NETWORK_TIMEOUT, 5)
        return ldap_connect(probe) == LDAP_SUCCESS
    }

    func bindService() throws(DirectoryError) {
        let code = bind(dn: configuration.bindDN, password: configuration.bindPassword)
        guard code == LDAP_SUCCESS else {
            throw code == LDAP_INVALID_CREDENTIALS ? .serviceBindRefused : failure(code)
        }
    }

    func bindUser(dn: String, password: String) throws(DirectoryError) {
        let code = bind(dn: dn, password: password)
        guard code == LDAP_SUCCESS else { throw failure(code) }
    }

    private func bind(dn: String, password: String) -> Int32 {
        // The exact bytes, with their length: a C string would stop at a NUL inside the password.
        let bytes = Array(password.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { eqms_ldap_simple_bind(handle, dn, $0.baseAddress, $0.count) }
        }
    }

    private func failure(_ code: Int32) -> DirectoryError {
        switch code {
        case LDAP_INVALID_CREDENTIALS: return .badCredentials
        case LDAP_SERVER_DOWN, LDAP_CONNECT_ERROR, LDAP_TIMEOUT: return .unreachable
        default: return .failed(resultCode: code)
        }
    }

    /// A subtree search; `truncated` when the size limit cut the answer short.
    func search(base: String, filter: String, attributes: [String], sizeLimit: Int32) throws(DirectoryError) -> (
        entries: [LDAPEntry], truncated: Bool
    ) {
        var names: [UnsafeMutablePointer<CChar>?] = attributes.map { strdup($0) } + [nil]
        defer { for name in names { free(name) } }
        var timeout = timeval(tv_sec: configuration.timeout, tv_usec: 0)
        var message: OpaquePointer?
        let code = names.withUnsafeMutableBufferPointer { buffer in
            ldap_search_ext_s(
                handle, base, eqms_ldap_scope_subtree(), filter, buffer.baseAddress, 0, nil, nil, &timeout, sizeLimit,
                &message)
        }
        defer { if let message { ldap_msgfree(message) } }
        guard code == LDAP_SUCCESS || code == LDAP_SIZELIMIT_EXCEEDED || code == LDAP_NO_SUCH_OBJECT else {
            throw failure(code)
        }
        var entries: [LDAPEntry] = []
        var next = message.flatMap { ldap_first_entry(handle, $0) }
        while let current = next {
            var dn = ""
            if let text = ldap_get_dn(handle, current) {
                dn = String(cString: text)
                ldap_memfree(text)
            }
            var values: [String: [String]] = [:]
            for attribute in Set(attributes.map { $0.lowercased() }) where attribute != "1.1" {
                guard let found = ldap_get_values_len(handle, current, attribute) else { continue }
                defer { ldap_value_free_len(found) }
                var index = 0
                while let value = found[index] {
                    let bytes = UnsafeRawBufferPointer(
                        start: value.pointee.bv_val, count: Int(value.pointee.bv_len))
                    values[attribute, default: []].append(String(decoding: bytes, as: UTF8.self))
                    index += 1
                }
            }
            entries.append(LDAPEntry(dn: dn, values: values))
            next = ldap_next_entry(handle, current)
        }
        return (entries, code == LDAP_SIZELIMIT_EXCEEDED)
    }
}
