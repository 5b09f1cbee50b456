import QMSCore

/// Why the directory refused a sign-in or could not be asked. No case carries a password, and none
/// carries the server's free-text diagnostic, which could echo what was sent.
public enum DirectoryError: QMSError, Hashable {
    /// The server could not be reached, or did not answer in time.
    case unreachable
    /// The server's certificate does not chain to the configured CA (or TLS failed otherwise), or
    /// StartTLS was refused: nothing was sent in clear.
    case certificateRefused
    /// Unknown user, wrong password, empty password, or a name that matches more than one entry.
    case badCredentials
    /// The user exists and the password is right, but none of their groups is mapped to a role.
    case notInMappedGroup
    /// The sign-in name is empty, too long or holds control characters.
    case invalidUsername
    /// The service account's bind was refused: the configuration is wrong, not the user.
    case serviceBindRefused
    /// A setting of the directory configuration is missing or malformed.
    case invalidConfiguration(field: String)
    /// The server answered an operation with an LDAP result code not met otherwise.
    case failed(resultCode: Int32)

    public var code: String {
        switch self {
        case .unreachable: return "directory.unreachable"
        case .certificateRefused: return "directory.certificate-refused"
        case .badCredentials: return "directory.bad-credentials"
        case .notInMappedGroup: return "directory.not-in-mapped-group"
        case .invalidUsername: return "directory.invalid-username"
        case .serviceBindRefused: return "directory.service-bind-refused"
        case .invalidConfiguration: return "directory.invalid-configuration"
        case .failed: return "directory.failed"
        }
    }

    public var arguments: [String: ErrorArgument] {
        switch self {
        case .invalidConfiguration(let field): return ["field": .text(field)]
        case .failed(let resultCode): return ["code": .text(String(resultCode))]
        default: return [:]
        }
    }

    public var kind: ErrorKind {
        switch self {
        case .unreachable, .certificateRefused, .serviceBindRefused, .failed: return .unavailable
        case .badCredentials, .notInMappedGroup: return .forbidden
        case .invalidUsername, .invalidConfiguration: return .invalid
        }
    }
}
