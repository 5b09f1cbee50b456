/// One step of the schema: named, append-only, never edited once released.
///
/// The SQL is written once for both databases, with the placeholders of ``SQLDialect/render(_:)``.
/// A step that changes records as well as the schema does that in ``data``, in Swift, after its
/// SQL and in the same transaction: records change only through ``StoreWriter``, which writes
/// the audit trail that `eqms verify` replays.
public struct Migration: Sendable {
    /// The name, ordered by its number (`0001-foundation`).
    public let name: String
    private let template: String
    /// Changes to records, run after the SQL in the same transaction.
    public let data: (@Sendable (any SQLSession) throws -> Void)?

    /// Creates a migration from its SQL template and, when it changes records, its data step.
    public init(name: String, sql template: String, data: (@Sendable (any SQLSession) throws -> Void)? = nil) {
        self.name = name
        self.template = template
        self.data = data
    }

    /// The SQL for one dialect.
    public func sql(for dialect: SQLDialect) -> String { dialect.render(template) }

    /// The actor the audit trail names for changes a migration makes.
    public static let actor = "eqms-migration"
}

/// Every migration, in the order they apply.
public enum Migrations {
    /// The list; append only.
    public static let all: [Migration] = [
        Migration0001Foundation.migration,
        Migration0002Evidence.migration,
        Migration0003Findings.migration,
        Migration0004Web.migration,
        Migration0006FileChunks.migration,
        Migration0005Plans.migration,
        Migration0007Registers.migration,
        Migration0008EvidenceOrder.migration,
        Migration0009Languages.migration,
        Migration0010RequirementLabels.migration,
        Migration0011StandardDrafts.migration,
        Migration0012ActivityEvents.migration,
        Migration0013ClimateLeaves.migration,
        Migration0014SignInFailures.migration,
        Migration0015CommitmentActivity.migration,
        Migration0016AuditAuditees.migration,
        Migration0017TimeZones.migration,
        Migration0018SecondFactors.migration,
        Migration0019OrganisationIATI.migration,
        Migration0021CalendarFeeds.migration,
        Migration0022ExpenditureKinds.migration,
        Migration0023Engagements.migration,
        Migration0024AuditChecklists.migration,
        Migration0025ReminderDeliveries.migration,
        Migration0026DataAreas.migration,
        Migration0027InboxReads.migration,
        Migration0028FactorPolicy.migration,
        Migration0029Certificates.migration,
        Migration0030EvidenceRequests.migration,
        Migration0031AuditReportMeetings.migration,
        Migration0032SearchFolding.migration,
    ].sorted { $0.name < $1.name }
}
