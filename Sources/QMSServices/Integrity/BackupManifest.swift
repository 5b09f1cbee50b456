import Foundation
import QMSCore
import QMSStore

/// `manifest.json` of a backup folder: what the backup holds, so that a restore can check every
/// byte before it writes anything.
///
/// A backup folder holds `eqms.sqlite` (an online backup of the database, one consistent
/// snapshot), `files/ab/cd/abcd…` (every stored file the snapshot refers to, named by its SHA-256)
/// and this manifest.
public struct BackupManifest: Sendable, Codable, Equatable {
    /// One file of the backup.
    public struct Entry: Sendable, Codable, Hashable {
        /// Relative to the backup folder: `eqms.sqlite` or `files/ab/cd/abcd…`.
        public var path: String
        public var size: Int64
        public var sha256: String
    }

    /// The value of ``format``.
    public static let formatName = "electoralqms-backup"
    /// The version this eqms writes; restore refuses newer ones.
    public static let currentVersion = 1

    public var format: String
    public var version: Int
    /// When the snapshot was taken (UTC), and by whom.
    public var createdAt: String
    public var createdBy: String
    /// The database it was taken from.
    public var source: String
    /// The schema migrations the copied database has.
    public var migrations: [String]
    /// Rows per table in the copy.
    public var counts: [String: Int64]
    /// The end of the copy's audit trail.
    public var head: AuditHead?
    /// Every file of the backup but the manifest.
    public var files: [Entry]
    /// Stored files that were missing, or whose content no longer matched its hash, when the backup
    /// was taken (copied as found, or left out when missing); `eqms verify` names them too.
    public var damaged: [String]

    /// The database entry's path.
    public static let databaseName = "eqms.sqlite"
    /// The manifest's own name.
    public static let fileName = "manifest.json"
}

/// Where a stored file sits in the file store and in a backup: `ab/cd/abcd…`.
enum BackupLayout {
    static func relativePath(of sha256: String) -> String {
        let characters = Array(sha256)
        guard characters.count >= 4 else { return sha256 }
        return "\(String(characters[0..<2]))/\(String(characters[2..<4]))/\(sha256)"
    }

    /// Whether a manifest path is one a backup can hold: the database, or a stored file under the
    /// name its hash gives (never `..` or an absolute path, whatever the manifest says).
    static func isValid(_ entry: BackupManifest.Entry) -> Bool {
        let hex = entry.sha256.count == 64 && entry.sha256.allSatisfy { $0.isHexDigit && !$0.isUppercase }
        guard hex, entry.size >= 0 else { return false }
        return entry.path == BackupManifest.databaseName || entry.path == "files/" + relativePath(of: entry.sha256)
    }
}

/// What `eqms backup` did.
public struct BackupReport: Sendable, Codable {
    /// The backup folder.
    public var folder: String
    public var manifest: BackupManifest
    /// Bytes written, the manifest apart.
    public var bytes: Int64
}

/// What `eqms restore` did.
public struct RestoreReport: Sendable, Codable {
    /// The new database and its file store.
    public var database: String
    public var files: String
    /// The manifest of the backup restored.
    public var manifest: BackupManifest
    /// Migrations applied because the backup came from an older eqms.
    public var migrations: [String]
    /// Differences between the restored copy and what the manifest says it holds.
    public var mismatches: [String]
    /// `eqms verify` of the restored copy.
    public var verification: IntegrityReport
    /// The copy matches the manifest and verifies clean.
    public var clean: Bool
}

/// Errors of backup and restore, each saying what to do.
public enum IntegrityError: QMSError {
    /// The store cannot be backed up by this eqms.
    case backupUnsupported(store: String)
    /// Backups and restores never overwrite.
    case alreadyExists(path: String, what: String)
    /// A folder that must exist does not.
    case noFolder(path: String)
    /// The backup's manifest cannot be read.
    case unreadableBackup(path: String, reason: String)
    /// The backup does not hold what its manifest says.
    case damagedBackup(path: String, problems: [String])
    /// Writing failed.
    case cannotWrite(path: String, reason: String)

    public var arguments: [String: ErrorArgument] {
        switch self {
        case .backupUnsupported(let store): return ["store": "\(store)"]
        case .alreadyExists(let path, let what):
            return ["path": "\(path)", "what": .message(code: "integrity.what." + what, arguments: [:])]
        case .noFolder(let path): return ["path": "\(path)"]
        case .unreadableBackup(let path, let reason), .cannotWrite(let path, let reason):
            return ["path": "\(path)", "reason": "\(reason)"]
        case .damagedBackup(let path, let problems):
            // The problems are the checker's own findings (paths and hashes), listed as they are.
            let shown = problems.prefix(20).map { "\n  - \($0)" }.joined()
            let more = problems.count > 20 ? "\n  … +\(problems.count - 20)" : ""
            return ["path": "\(path)", "problems": .text(shown + more)]
        }
    }

    public var kind: ErrorKind {
        switch self {
        case .backupUnsupported, .cannotWrite: return .unavailable
        case .alreadyExists: return .conflict
        case .noFolder: return .notFound
        case .unreadableBackup: return .invalid
        case .damagedBackup: return .damaged
        }
    }

    public var fix: Fix? {
        switch self {
        case .backupUnsupported: return .advice(.postgresBackup)
        case .alreadyExists(_, let what) where what.contains("backup"):
            return .advice(.newBackupFolder)
        case .alreadyExists:
            return .give(["db"], example: "a new path; a restore never overwrites a database or its files")
        case .noFolder: return .advice(.createFolder)
        case .unreadableBackup: return .advice(.backupFolder)
        case .damagedBackup: return .advice(.olderBackup)
        case .cannotWrite: return .advice(.checkDiskSpace)
        }
    }
}
