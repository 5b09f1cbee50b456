import Foundation
import Logging
import QMSCore
import QMSFormats
import QMSStore

/// An open ElectoralQMS: a store, who is acting, and where the standards are.
///
/// Every operation users perform is a method of one of its services, written once and called by
/// both the CLI and the web application.
public struct QMS: Sendable {
    /// The database.
    public let store: any Store
    /// Who performs the operations (recorded in the audit trail).
    public let actor: String
    /// Logs of the operations.
    public let logger: Logger

    /// Wraps an open store.
    public init(store: any Store, actor: String, logger: Logger = Logger(label: "eqms")) {
        self.store = store
        self.actor = actor
        self.logger = logger
    }

    /// Opens an existing SQLite database, bringing its schema up to date.
    public static func openSQLite(path: String, actor: String, logger: Logger = Logger(label: "eqms")) async throws
        -> QMS
    {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ServiceError.noDatabase(path: path)
        }
        let store = try SQLiteStore(path: path, logger: logger)
        if try await store.appliedMigrations().isEmpty {
            throw StoreError.notInitialised(path: path)
        }
        _ = try await store.migrate()
        return QMS(store: store, actor: actor, logger: logger)
    }

    /// The catalogue operations.
    public var catalogues: CatalogueService { CatalogueService(qms: self) }
    /// The statement of applicability.
    public var applicability: ApplicabilityService { ApplicabilityService(qms: self) }
    /// The user register.
    public var users: UserService { UserService(qms: self) }
    /// The organisation itself.
    public var organisation: OrganisationService { OrganisationService(qms: self) }
    /// Readiness for certification.
    public var compliance: ComplianceService { ComplianceService(qms: self) }
}

/// Errors of the operations themselves.
public enum ServiceError: QMSError {
    /// No database where one was expected.
    case noDatabase(path: String)
    /// A file named by the user cannot be read.
    case cannotReadFile(path: String, reason: String)

    public var message: String {
        switch self {
        case .noDatabase(let path): return "there is no database at \(path)"
        case .cannotReadFile(let path, let reason): return "cannot read \(path): \(reason)"
        }
    }

    public var fix: String? {
        switch self {
        case .noDatabase: return "run `eqms init` to create it, or point --db (or EQMS_DB) at an existing database"
        case .cannotReadFile: return "check the path and that you may read the file"
        }
    }
}
