import QMSCore

/// Errors of the persistence layer, each saying what to do about it.
public enum StoreError: QMSError, Equatable {
    /// The database cannot be opened or created.
    case cannotOpen(path: String, reason: String)
    /// The database has not been initialised (no schema yet).
    case notInitialised(path: String)
    /// A migration failed; the database is left at the previous version.
    case migrationFailed(name: String, reason: String)
    /// The database was written by a newer ElectoralQMS.
    case newerSchema(path: String, unknown: [String])
    /// A constraint of the schema refused the change.
    case constraint(String)
    /// A stored value does not have the form the code expects.
    case corrupt(column: String, reason: String)
    /// Another process holds the database for longer than the busy timeout.
    case busy(String)
    /// Any other database error.
    case database(String)

    public var arguments: [String: ErrorArgument] {
        switch self {
        case .cannotOpen(let path, let reason): return ["path": "\(path)", "reason": "\(reason)"]
        case .notInitialised(let path): return ["path": "\(path)"]
        case .migrationFailed(let name, let reason): return ["name": "\(name)", "reason": "\(reason)"]
        case .newerSchema(let path, let unknown):
            return ["path": "\(path)", "migrations": .list(unknown.map { .text($0) })]
        case .constraint(let detail), .busy(let detail), .database(let detail): return ["detail": "\(detail)"]
        case .corrupt(let column, let reason): return ["column": "\(column)", "reason": "\(reason)"]
        }
    }

    public var kind: ErrorKind {
        switch self {
        case .cannotOpen, .notInitialised, .newerSchema, .busy, .migrationFailed, .database: return .unavailable
        case .constraint: return .conflict
        case .corrupt: return .damaged
        }
    }

    public var fix: Fix? {
        switch self {
        case .cannotOpen:
            return .give(["db"], example: "the path of a database in a folder that exists and is writable")
        case .notInitialised: return .run(.initialise)
        case .migrationFailed: return .advice(.restoreOrReport)
        case .newerSchema: return .advice(.upgradeApplication)
        case .constraint: return .advice(.checkValues)
        case .corrupt: return .run(.verify)
        case .busy: return .advice(.retryWrite)
        case .database: return nil
        }
    }
}
