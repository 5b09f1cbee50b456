/// One step of the schema: named, append-only, never edited once released.
///
/// The SQL is written once for both databases, with the placeholders of ``SQLDialect/render(_:)``.
public struct Migration: Sendable {
    /// The name, ordered by its number (`0001-foundation`).
    public let name: String
    private let template: String

    /// Creates a migration from its SQL template.
    public init(name: String, sql template: String) {
        self.name = name
        self.template = template
    }

    /// The SQL for one dialect.
    public func sql(for dialect: SQLDialect) -> String { dialect.render(template) }
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
        Migration0009ActivityEvents.migration,
        Migration0010StandardDrafts.migration,
    ].sorted { $0.name < $1.name }
}
