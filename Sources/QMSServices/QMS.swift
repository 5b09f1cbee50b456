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
    /// The database. Internal: the front ends reach it only through the services.
    let store: any Store

    /// The database, for the benchmarks alone, which time the store beneath the services
    /// (`@_spi(Benchmarks) import QMSServices`).
    @_spi(Benchmarks) public var benchmarkStore: any Store { store }
    /// Who performs the operations (recorded in the audit trail).
    public let actor: String
    /// Where evidence files are kept.
    public let files: any FileStore
    /// Logs of the operations.
    public let logger: Logger
    /// The clock; tests set it to fixed days.
    public var now: @Sendable () -> Date = { Date() }
    /// Results computed from a whole database, kept until the database changes (shared by copies).
    let cache: ResultCache

    /// Wraps an open store and file store.
    public init(store: any Store, files: any FileStore, actor: String, logger: Logger = Logger(label: "eqms")) {
        self.init(store: store, files: files, actor: actor, logger: logger, cache: ResultCache())
    }

    init(store: any Store, files: any FileStore, actor: String, logger: Logger, cache: ResultCache) {
        self.store = store
        self.files = files
        self.actor = actor
        self.logger = logger
        self.cache = cache
    }

    /// The same system with another actor: what a signed-in web user does is recorded as theirs.
    public func acting(as actor: String) -> QMS {
        var copy = QMS(store: store, files: files, actor: actor, logger: logger, cache: cache)
        copy.now = now
        return copy
    }

    /// This instant by ``now``.
    public var instant: Instant { Instant(secondsSince1970: now().timeIntervalSince1970) }
    /// Today's date (UTC) by ``now``.
    public var today: CalendarDate { Instant(secondsSince1970: now().timeIntervalSince1970).date }

    /// Opens an existing SQLite database, bringing its schema up to date.
    /// - Parameters:
    ///   - files: the file store's folder (default: beside the database, `eqms.files`).
    ///   - maximumFileSize: the largest evidence file accepted, in bytes.
    public static func openSQLite(
        path: String, actor: String, files: URL? = nil, maximumFileSize: Int64 = 2 << 30,
        logger: Logger = Logger(label: "eqms")
    ) async throws -> QMS {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ServiceError.noDatabase(path: path)
        }
        let store = try SQLiteStore(path: path, logger: logger)
        if try await store.appliedMigrations().isEmpty {
            throw StoreError.notInitialised(path: path)
        }
        _ = try await store.migrate()
        let fileStore = try DirectoryFileStore(
            root: files ?? DirectoryFileStore.folder(forDatabase: path), maximumFileSize: maximumFileSize)
        return QMS(store: store, files: fileStore, actor: actor, logger: logger)
    }

    /// The catalogue operations.
    public var catalogues: CatalogueService { CatalogueService(qms: self) }
    /// The statement of applicability.
    public var applicability: ApplicabilityService { ApplicabilityService(qms: self) }
    /// The user register.
    public var users: UserService { UserService(qms: self) }
    /// Passwords, sign-in and API tokens.
    public var access: AccessService { AccessService(qms: self) }
    /// The evidence register.
    public var evidence: EvidenceService { EvidenceService(qms: self) }
    /// The organisation itself.
    public var organisation: OrganisationService { OrganisationService(qms: self) }
    /// Readiness for certification.
    public var compliance: ComplianceService { ComplianceService(qms: self) }
    /// The transition from one edition of a standard to the next.
    public var transition: TransitionService { TransitionService(qms: self) }
    /// The internal audit programme and the certification audits.
    public var audits: AuditService { AuditService(qms: self) }
    /// Certification bodies, certificates and their cycle.
    public var certification: CertificationService { CertificationService(qms: self) }
    /// The nonconformity register and its corrective actions.
    public var nonconformities: NonconformityService { NonconformityService(qms: self) }
    /// Management reviews and their actions.
    public var reviews: ManagementReviewService { ManagementReviewService(qms: self) }
    /// Observer-mission recommendations and their follow-up.
    public var recommendations: RecommendationService { RecommendationService(qms: self) }
    /// Plan files, annual work plan versions, their reports and differences.
    public var plans: PlanService { PlanService(qms: self) }
    /// The Technical Committee's review of the annual work plan.
    public var workPlanReview: WorkPlanReviewService { WorkPlanReviewService(qms: self) }
    /// The expenditure ledger of each annual work plan.
    public var expenditure: ExpenditureService { ExpenditureService(qms: self) }
    /// Verification of records, trail and files; backup and restore.
    public var integrity: IntegrityService { IntegrityService(qms: self) }
    /// The audit trail as people read it.
    public var trail: TrailService { TrailService(qms: self) }
    /// The system itself: health, change token, closing.
    public var system: SystemService { SystemService(qms: self) }
    /// Web sessions kept in the database.
    public var sessions: WebSessionService { WebSessionService(qms: self) }
    /// Failed sign-ins, per account and per address, counted in the database.
    public var signIns: SignInThrottleService { SignInThrottleService(qms: self) }
    /// Two-factor sign-in: enrolment, codes, recovery codes, an administrator's reset.
    public var secondFactor: SecondFactorService { SecondFactorService(qms: self) }
    /// Which roles must use a second factor, and where a user stands.
    public var factorPolicy: FactorPolicyService { FactorPolicyService(qms: self) }
    /// The commission's directory as an administrator set it.
    public var directorySettings: DirectorySettingsService { DirectorySettingsService(qms: self) }
}

/// Errors of the operations themselves.
public enum ServiceError: QMSError {
    /// No database where one was expected.
    case noDatabase(path: String)
    /// A file named by the user cannot be read.
    case cannotReadFile(path: String, reason: String)
    /// A file cannot be written where the user asked.
    case cannotWriteFile(path: String)

    public var arguments: [String: ErrorArgument] {
        switch self {
        case .noDatabase(let path), .cannotWriteFile(let path): return ["path": "\(path)"]
        case .cannotReadFile(let path, let reason): return ["path": "\(path)", "reason": "\(reason)"]
        }
    }

    public var kind: ErrorKind {
        switch self {
        case .noDatabase: return .unavailable
        case .cannotReadFile: return .notFound
        case .cannotWriteFile: return .unavailable
        }
    }

    public var fix: Fix? {
        switch self {
        case .noDatabase: return .run(.initialise)
        case .cannotReadFile: return .advice(.checkReadableFile)
        case .cannotWriteFile: return .advice(.checkWritableFolder)
        }
    }
}
