import Foundation
import QMSCore
import QMSStore

/// One thing `eqms verify` found wrong: what, where, and how to put it right.
public struct IntegrityProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Whether the problem makes the records untrustworthy (`error`) or is harmless debris (`warning`).
    public enum Severity: String, Sendable, Hashable, Codable {
        case error
        case warning
    }

    /// The kinds of problem, each named as scripts see it in `--json`.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// SQLite's own check of the database file failed.
        case databaseDamaged = "database-damaged"
        /// An audit event's hash no longer matches its fields.
        case eventAltered = "event-altered"
        /// An audit event does not link to the event before it.
        case eventUnlinked = "event-unlinked"
        /// Audit events were deleted.
        case eventsMissing = "events-missing"
        /// A record is not what the audit trail says it became.
        case recordAltered = "record-altered"
        /// A record exists that the audit trail never recorded.
        case recordUntracked = "record-untracked"
        /// The audit trail records a record the database no longer has.
        case recordMissing = "record-missing"
        /// A record points at a requirement or a file that does not exist.
        case danglingReference = "dangling-reference"
        /// A file records need is not in the file store.
        case fileMissing = "file-missing"
        /// A stored file's content no longer matches its SHA-256 (or its registered size).
        case fileAltered = "file-altered"
        /// A file in the store that no record refers to (an interrupted attach leaves one).
        case strayFile = "stray-file"
        /// A temporary file of a write that never finished.
        case unfinishedFile = "unfinished-file"

        /// Debris is a warning; everything else is an error.
        public var severity: Severity { self == .strayFile || self == .unfinishedFile ? .warning : .error }

        /// The check that finds it.
        public var check: IntegrityCheck {
            switch self {
            case .databaseDamaged: return .database
            case .eventAltered, .eventUnlinked, .eventsMissing: return .trail
            case .recordAltered, .recordUntracked, .recordMissing: return .records
            case .danglingReference: return .references
            case .fileMissing, .fileAltered, .strayFile, .unfinishedFile: return .files
            }
        }
    }

    public var kind: Kind
    public var severity: Severity
    /// What is affected, named as `eqms log --entity` names it (`evidence:EV-2026-0001 revision 2`,
    /// `audit event 42`, `file 3f5a…`).
    public var subject: String
    /// Where it is, when a table or a path can be named.
    public var location: String?
    /// What is wrong.
    public var message: String
    /// How to put it right.
    public var fix: Fix

    /// Creates a problem; its severity follows from its kind.
    public init(_ kind: Kind, subject: String, location: String? = nil, message: String, fix: Fix) {
        self.kind = kind
        self.severity = kind.severity
        self.subject = subject
        self.location = location
        self.message = message
        self.fix = fix
    }

    private enum CodingKeys: String, CodingKey {
        case kind, severity, subject, location, message, fix
    }

    /// Scripts read `--json`: the fix is its English sentence there, as it always was.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(severity, forKey: .severity)
        try container.encode(subject, forKey: .subject)
        try container.encodeIfPresent(location, forKey: .location)
        try container.encode(message, forKey: .message)
        // A front end that words fixes (the CLI) writes each as its reader's sentence; else the fix as data.
        if let wording = encoder.userInfo[.fixWording] as? @Sendable (Fix) -> String {
            try container.encode(wording(fix), forKey: .fix)
        } else {
            try container.encode(fix, forKey: .fix)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(Kind.self, forKey: .kind)
        severity = try container.decode(Severity.self, forKey: .severity)
        subject = try container.decode(String.self, forKey: .subject)
        location = try container.decodeIfPresent(String.self, forKey: .location)
        message = try container.decode(String.self, forKey: .message)
        fix = try container.decode(Fix.self, forKey: .fix)
    }

    public var description: String {
        "\(severity.rawValue): \(kind.rawValue): \(subject)\(location.map { " (\($0))" } ?? ""): \(message)\n  fix: \(fix)"
    }
}

/// The checks of `eqms verify`, in the order they run.
public enum IntegrityCheck: String, Sendable, Hashable, Codable, CaseIterable {
    /// SQLite's integrity check of the database file.
    case database
    /// The hash chain of the audit trail.
    case trail = "audit trail"
    /// Every record against what the audit trail says it became.
    case records
    /// Every reference from a record to a requirement or a stored file.
    case references
    /// Every stored file against its hash; stray and unfinished files.
    case files
}

/// What `eqms verify` checked and found.
public struct IntegrityReport: Sendable, Codable {
    /// The database checked.
    public var database: String
    /// The end of the audit trail: write it down to show later that nothing was cut from the end.
    public var head: AuditHead?
    /// Audit events checked.
    public var events: Int
    /// Records compared with the audit trail, by register (`users`, `evidence revisions` …).
    public var records: [String: Int]
    /// References from records to requirements and files checked.
    public var references: Int
    /// Stored files checked, and their total size in bytes.
    public var files: Int
    public var bytes: Int64
    /// Whether file contents were hashed (a quick verify only checks that they exist).
    public var filesHashed: Bool
    /// Entity kinds found in the audit trail that no register checks (their history is chained
    /// but their current content is not compared).
    public var unchecked: [String]
    /// Everything found, errors first.
    public var problems: [IntegrityProblem]
    /// Stray and unfinished files removed by `--prune-stray`.
    public var pruned: [String]
    /// The number of errors and of warnings.
    public var errors: Int
    public var warnings: Int
    /// No errors (warnings allowed): the records are what the audit trail says.
    public var clean: Bool

    init(
        database: String, head: AuditHead?, events: Int, records: [String: Int], references: Int, files: Int,
        bytes: Int64, filesHashed: Bool, unchecked: [String], problems: [IntegrityProblem], pruned: [String]
    ) {
        self.database = database
        self.head = head
        self.events = events
        self.records = records
        self.references = references
        self.files = files
        self.bytes = bytes
        self.filesHashed = filesHashed
        self.unchecked = unchecked
        self.problems = problems.sorted {
            ($0.severity == .error ? 0 : 1, IntegrityCheck.allCases.firstIndex(of: $0.kind.check) ?? 0)
                < ($1.severity == .error ? 0 : 1, IntegrityCheck.allCases.firstIndex(of: $1.kind.check) ?? 0)
        }
        self.pruned = pruned
        self.errors = problems.filter { $0.severity == .error }.count
        self.warnings = problems.count - errors
        self.clean = errors == 0
    }

    /// The problems one check found.
    public func problems(of check: IntegrityCheck) -> [IntegrityProblem] {
        problems.filter { $0.kind.check == check }
    }
}

/// How `eqms verify` runs.
public struct VerifyOptions: Sendable {
    /// Hash every stored file (false: only check that each exists).
    public var hashFiles = true
    /// Remove stray and unfinished files that have not been touched for ``strayAge``.
    public var pruneStray = false
    /// How long a stray file must have been left alone before it is pruned: an attach in progress
    /// stores its file a moment before the record that refers to it is committed.
    public var strayAge: TimeInterval = 3600
    /// The registers whose records are compared with the audit trail.
    public var registers: [AuditedRegister] = AuditedRegisters.all
    /// A head written down earlier (printed by verify and backup): that event must still have that
    /// hash. It catches a trail rewritten from some point on with every hash recomputed, which the
    /// chain alone cannot.
    public var anchor: AuditHead?

    /// The defaults: hash every file, remove nothing, every register.
    public init() {}
}

extension CodingUserInfoKey {
    /// How an integrity report's JSON writes its fixes: a `@Sendable (Fix) -> String` a front end
    /// sets (the CLI's sentences); without it a fix is written as data, the form decoding reads.
    public static let fixWording: CodingUserInfoKey = {
        // The initialiser fails on no raw value in practice; it is optional only by its protocol.
        guard let key = CodingUserInfoKey(rawValue: "eqms.fix-wording") else {
            preconditionFailure("CodingUserInfoKey refused a constant raw value")
        }
        return key
    }()
}
