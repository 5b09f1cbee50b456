/// What a user may do in the system.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    /// Manages users and settings, and can do everything else.
    case admin
    /// Runs the quality system: evidence, findings, registers, dossiers.
    case qualityManager = "quality-manager"
    /// Logs evidence for the processes they own.
    case processOwner = "process-owner"
    /// Technical Committee member: comments on and decides the annual work plan.
    case tcMember = "tc-member"
    /// Certification auditor: reads everything in scope, writes nothing.
    case auditor
    /// Reads dashboards and registers.
    case viewer

    /// Parses the role's name as given on the command line.
    public init(name: String) throws(DomainError) {
        guard let role = Role(rawValue: name.lowercased()) else {
            throw .invalidValue(
                field: "role", value: name,
                expected: .oneOf(Role.allCases.map(\.rawValue)))
        }
        self = role
    }

    /// Whether the role may change records at all.
    public var canWrite: Bool { self != .auditor && self != .viewer }
}

/// A person who uses the system.
public struct User: Sendable, Hashable, Codable, Identifiable {
    /// The login name: lowercase letters, digits, '.', '_', '-' or '@' (a directory's userPrincipalName).
    public var username: String
    public var displayName: String
    public var role: Role
    public var email: String?
    /// For process owners: the processes (such as EP-01) whose evidence they keep.
    public var processes: [String]
    public var active: Bool
    /// The language the user chose (or their browser asked for on their first visit): a
    /// preference that follows them from one device to another, not part of the audited record.
    public var language: Language?
    /// The IANA time zone the user reads times in, when they chose one; otherwise the
    /// organisation's. A preference like the language.
    public var timeZone: String?

    public var id: String { username }

    // The language and time zone are preferences kept beside the record: the audited JSON of a user (and so
    // `eqms verify`) does not carry it.
    private enum CodingKeys: String, CodingKey {
        case username, displayName, role, email, processes, active
    }

    /// Creates a user, checking the login name.
    public init(
        username: String, displayName: String? = nil, role: Role, email: String? = nil, processes: [String] = [],
        active: Bool = true
    ) throws(DomainError) {
        let allowed = username.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "_" || $0 == "-" || $0 == "@"
        }
        guard !username.isEmpty, username.count <= 64, allowed, username.first?.isLetter == true else {
            throw .invalidValue(
                field: "username", value: username,
                expected: .username)
        }
        if let email, !email.contains("@") {
            throw .invalidValue(field: "email", value: email, expected: .email)
        }
        self.username = username
        if let name = displayName?.trimmingWhitespace(), !name.isEmpty {
            self.displayName = name
        } else {
            self.displayName = username
        }
        self.role = role
        self.email = email
        self.processes = processes
        self.active = active
    }
}
