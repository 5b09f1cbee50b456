import QMSCore

/// How to reach the commission's directory (OpenLDAP or Active Directory) and what its groups mean.
///
/// The connection is always encrypted and the server's certificate always verified against
/// ``caFile``: an `ldaps://` URI speaks TLS from the first byte, an `ldap://` URI must upgrade with
/// StartTLS before anything else is sent, and no other scheme is accepted.
public struct DirectoryConfiguration: Sendable, CustomStringConvertible {
    /// How the connection is encrypted, from the URI's scheme.
    public enum Transport: String, Sendable, Hashable {
        /// `ldaps://`: TLS from the first byte (port 636 by default).
        case ldaps
        /// `ldap://` upgraded with StartTLS, which must succeed (port 389 by default).
        case startTLS = "starttls"
    }

    /// The server, such as `ldaps://dc1.iec.example.jo` or `ldap://ldap.iec.example.jo:389`.
    public var uri: String
    /// The PEM file of the certificate authority the server's certificate must chain to.
    public var caFile: String
    /// Where users are searched for (subtree).
    public var userBase: String
    /// Where groups are searched for (subtree); the user base when not given.
    public var groupBase: String
    /// The attribute a sign-in name is matched against: `uid` on OpenLDAP, `sAMAccountName` or
    /// `userPrincipalName` on Active Directory.
    public var userAttribute: String
    /// The service account that searches for users and groups (a user cannot always read groups).
    public var bindDN: String
    /// The service account's password; never printed (see ``description``).
    public var bindPassword: String
    /// Directory group (by DN) → the role its members get.
    public var groups: [GroupMapping]
    /// Seconds to wait for the server to answer a connection or an operation.
    public var timeout: Int
    /// Whether groups are also searched for (`groupOfNames`/`groupOfUniqueNames` member,
    /// `posixGroup` memberUid) besides the user's own `memberOf`. Active Directory needs only
    /// `memberOf`; OpenLDAP without the memberof overlay needs the search.
    public var searchGroups: Bool

    /// The transport the URI asks for.
    public var transport: Transport {
        uri.lowercased().hasPrefix("ldaps://") ? .ldaps : .startTLS
    }

    /// Creates a configuration, refusing a URI that is not `ldaps://` or `ldap://`, a missing CA
    /// file name, base or service account, and an attribute name that is not one.
    public init(
        uri: String, caFile: String, userBase: String, groupBase: String? = nil, userAttribute: String = "uid",
        bindDN: String, bindPassword: String, groups: [GroupMapping], timeout: Int = 10, searchGroups: Bool = true
    ) throws(DirectoryError) {
        let scheme = uri.lowercased()
        guard scheme.hasPrefix("ldaps://") || scheme.hasPrefix("ldap://"), !uri.contains(" ") else {
            throw .invalidConfiguration(field: "ldap-uri")
        }
        guard !caFile.isEmpty else { throw .invalidConfiguration(field: "ldap-ca-file") }
        guard !userBase.isEmpty else { throw .invalidConfiguration(field: "ldap-base") }
        // An attribute description is letters, digits and hyphens (RFC 4512): anything else would
        // be written into a filter unescaped.
        let attributeOK =
            !userAttribute.isEmpty
            && userAttribute.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
            }
        guard attributeOK else { throw .invalidConfiguration(field: "ldap-user-attribute") }
        guard !bindDN.isEmpty, !bindPassword.isEmpty else { throw .invalidConfiguration(field: "ldap-bind-dn") }
        guard !groups.isEmpty else { throw .invalidConfiguration(field: "ldap-group") }
        guard timeout > 0 else { throw .invalidConfiguration(field: "ldap-timeout") }
        self.uri = uri
        self.caFile = caFile
        self.userBase = userBase
        self.groupBase = groupBase ?? userBase
        self.userAttribute = userAttribute
        self.bindDN = bindDN
        self.bindPassword = bindPassword
        self.groups = groups
        self.timeout = timeout
        self.searchGroups = searchGroups
    }

    /// The role the groups give: the highest of the mapped groups' roles, in the order of
    /// `Role.allCases` (administrator first), or nil when none of them is mapped.
    public func role(forGroups memberOf: [String]) -> Role? {
        let names = Set(memberOf.map(DistinguishedName.normalised))
        let roles = groups.filter { names.contains(DistinguishedName.normalised($0.group)) }.map(\.role)
        return Role.allCases.first { roles.contains($0) }
    }

    // The service password stays out of logs and error reports.
    public var description: String {
        "DirectoryConfiguration(uri: \(uri), caFile: \(caFile), userBase: \(userBase), groupBase: \(groupBase), "
            + "userAttribute: \(userAttribute), bindDN: \(bindDN), bindPassword: <redacted>, "
            + "groups: \(groups.map { "\($0.role.rawValue)=\($0.group)" }))"
    }
}

/// One directory group and the role its members get.
public struct GroupMapping: Sendable, Hashable {
    /// The group's distinguished name, such as `cn=quality,ou=groups,dc=iec,dc=example,dc=jo`.
    public var group: String
    /// The role its members get.
    public var role: Role

    /// Creates a mapping.
    public init(group: String, role: Role) {
        self.group = group
        self.role = role
    }

    /// Parses `ROLE=DN` as given on the command line (`quality-manager=cn=quality,ou=groups,…`).
    public init(argument: String) throws(DirectoryError) {
        guard let equals = argument.firstIndex(of: "="),
            let role = Role(rawValue: String(argument[..<equals]).trimmingSpaces.lowercased())
        else { throw .invalidConfiguration(field: "ldap-group") }
        let group = String(argument[argument.index(after: equals)...]).trimmingSpaces
        guard !group.isEmpty else { throw .invalidConfiguration(field: "ldap-group") }
        self.init(group: group, role: role)
    }
}

/// Distinguished names as compared here.
enum DistinguishedName {
    /// A DN for comparison: attribute names and values compared without case (as the directory
    /// does for `cn`, `ou` and `dc`), spaces around `,` and `=` dropped.
    static func normalised(_ dn: String) -> String {
        dn.split(separator: ",", omittingEmptySubsequences: false).map { component in
            component.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).trimmingSpaces.lowercased()
            }.joined(separator: "=")
        }.joined(separator: ",")
    }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while scalars.first == " " { scalars.removeFirst() }
        while scalars.last == " " { scalars.removeLast() }
        return String(scalars)
    }
}
