import Foundation
import Logging
import QMSCore
import QMSFormats
import QMSStore

extension QMS {
    /// Opens an initialised PostgreSQL database (`postgres://…`), bringing its schema up to date;
    /// evidence files are kept in the same database, so every server on it sees every file.
    ///
    /// With `actorFromRole`, the actor is the database role the address signs in as: anyone may
    /// type any `--actor`, but only the database checks who connects. A named actor other than the
    /// role is refused (`nil` takes the role's name).
    public static func openPostgres(
        url: String, actor: String?, actorFromRole: Bool = false, maximumFileSize: Int64 = 2 << 30,
        logger: Logger = Logger(label: "eqms")
    ) async throws -> QMS {
        let store = try PostgresStore(url: url, logger: logger)
        let applied = try await store.appliedMigrations()
        if applied.isEmpty {
            throw StoreError.notInitialised(path: store.location)
        }
        let acting = try await actorFromRole ? Self.databaseRole(of: store, named: actor) : actor ?? "cli"
        // Only a schema behind (or ahead, which migrate refuses) is migrated: a role allowed the
        // tables but not to create in the schema opens an up-to-date database.
        if Set(applied) != Set(Migrations.all.map(\.name)) { _ = try await store.migrate() }
        let files = try PostgresFileStore(url: url, maximumFileSize: maximumFileSize, logger: logger)
        return QMS(store: store, files: files, actor: acting, logger: logger)
    }

    /// The role the connection signed in as, which a named actor must equal.
    static func databaseRole(of store: PostgresStore, named actor: String?) async throws -> String {
        let role = try await store.read { session in
            try session.query("SELECT CAST(current_user AS TEXT) AS value").first?.optionalString("value")
        }
        guard let role, !role.isEmpty else { throw StoreError.notInitialised(path: store.location) }
        if let actor, actor != role {
            throw DomainError.ruleViolated(
                .actorIsNotDatabaseRole, ["role": .text(role), "actor": .text(actor)],
                fix: .give(["actor"], example: role))
        }
        return role
    }
}

extension SetupService {
    /// Creates the schema on a PostgreSQL database if needed and loads the standards; safe to run again.
    public static func initialise(
        databaseURL url: String, library: StandardsLibrary, actor: String, logger: Logger = Logger(label: "eqms")
    ) async throws -> (QMS, InitReport) {
        let catalogueFiles = try CatalogueService.readLibrary(library)
        let store = try PostgresStore(url: url, logger: logger)
        let created = try await store.appliedMigrations().isEmpty
        let migrations = try await store.migrate()
        let qms = QMS(
            store: store, files: try PostgresFileStore(url: url, logger: logger), actor: actor, logger: logger)
        let report = try await qms.catalogues.load(catalogueFiles)
        return (qms, InitReport(database: store.location, created: created, migrations: migrations, library: report))
    }
}

/// What `eqms migrate --to` copied, and what it checked.
public struct DatabaseCopyReport: Sendable, Codable {
    public struct Table: Sendable, Codable {
        public var name: String
        public var rows: Int
    }
    public var target: String
    public var tables: [Table]
    public var files: Int
    public var bytes: Int64
    /// The audit trail's end on the target: `SEQ:HASH`.
    public var trailEnd: String
}

/// Copies a SQLite database and its files into PostgreSQL, then checks that every table has the
/// same number of rows and that the audit trail's hash chain verifies on the target.
public enum DatabaseCopy {
    /// Tables that are not records and are not copied.
    static let skipped: Set<String> = ["web_sessions", "file_chunks", "file_uploads"]

    public static func copy(
        from source: QMS, toPostgres url: String, progress: ProgressHandler? = nil,
        logger: Logger = Logger(label: "eqms")
    ) async throws -> DatabaseCopyReport {
        let target = try PostgresStore(url: url, logger: logger)
        defer { Task { try? await target.close() } }
        _ = try await target.migrate()
        let occupied = try await target.read { session in
            try session.scalarInt("SELECT COUNT(*) AS value FROM standards") ?? 0
        }
        guard occupied == 0 else {
            throw DomainError.ruleViolated(
                .targetNotEmpty, ["target": "\(target.location)"], fix: .advice(.emptyDatabaseOnly))
        }
        let tables = StoreReader.tables.filter { !skipped.contains($0) }
        var copied: [DatabaseCopyReport.Table] = []
        for (index, table) in tables.enumerated() {
            let rows = try await source.store.read { session in try session.query("SELECT * FROM \(table)", []) }
            if let first = rows.first {
                let columns = first.columns
                let values = rows.map(\.values)
                try await target.write { session in try session.insertRows(into: table, columns: columns, rows: values)
                }
            }
            copied.append(.init(name: table, rows: rows.count))
            progress?(ProgressEvent(phase: "copying tables", done: index + 1, total: tables.count))
        }
        // Files, streamed into the database's own file store and checked against their names.
        let files = try PostgresFileStore(url: url, logger: logger)
        let hashes = try source.files.allHashes()
        var bytes: Int64 = 0
        for (index, hash) in hashes.enumerated() {
            guard let folder = source.files as? DirectoryFileStore else { break }
            let stored = try files.store(contentsOf: folder.location(of: hash), displayName: hash)
            guard stored.sha256 == hash else {
                throw DomainError.ruleViolated(
                    .storedFileChanged, ["hash": "\(hash)", "actual": "\(stored.sha256)"], fix: .run(.verify))
            }
            bytes += stored.size
            progress?(ProgressEvent(phase: "copying files", done: index + 1, total: hashes.count))
        }
        // The checks: the same counts everywhere, and the chain intact on the target.
        for table in copied {
            let count = try await target.read { session in
                try session.scalarInt("SELECT COUNT(*) AS value FROM \(table.name)") ?? -1
            }
            guard count == Int64(table.rows) else {
                throw DomainError.ruleViolated(
                    .rowCountMismatch,
                    ["table": "\(table.name)", "count": .number(Int(count)), "rows": .number(table.rows)], fix: nil)
            }
        }
        let events = try await target.reading { try $0.events() }
        let problems = AuditChain.verify(events)
        guard problems.isEmpty else {
            throw DomainError.ruleViolated(
                .auditTrailDoesNotVerify, ["problems": .list(problems.prefix(3).map { .text($0) })], fix: nil)
        }
        let end = events.last.map { "\($0.sequence):\($0.hash)" } ?? "0:\(AuditChain.genesisHash)"
        return DatabaseCopyReport(
            target: target.location, tables: copied, files: hashes.count, bytes: bytes, trailEnd: end)
    }
}
