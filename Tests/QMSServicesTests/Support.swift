import Foundation
import QMSCore
import QMSFormats
import QMSServices
import QMSStore
import TestSupport

enum Paths {
    static let formatFixtures = Repository.fixtures(of: "QMSFormatsTests")
}

extension TemporaryFolder {
    /// A copy of the shipped Standards folder, to break on purpose.
    func copyOfStandards() throws -> URL {
        let copy = url.appendingPathComponent("Standards")
        try FileManager.default.copyItem(at: Repository.standards, to: copy)
        return copy
    }
}

/// An initialised database with the shipped standards.
func initialisedQMS(in folder: TemporaryFolder, actor: String = "amal") async throws -> QMS {
    let (qms, _) = try await SetupService.initialise(
        databasePath: folder.path("eqms.sqlite"), library: try StandardsLibrary(directory: Repository.standards),
        actor: actor)
    return qms
}

/// Every row of every table as text: two equal dumps mean the database holds exactly the same records.
func dump(_ store: any Store) async throws -> [String] {
    try await store.read { session in
        var lines: [String] = []
        for table in StoreReader.tables {
            for row in try session.query("SELECT * FROM \(table)", []) {
                lines.append("\(table): " + zip(row.columns, row.values).map { "\($0)=\($1)" }.joined(separator: ", "))
            }
        }
        return lines
    }
}

/// Takes a nonconformity through every step of the corrective action, its action due on `due`,
/// implemented by salma and verified by the system's own actor.
func walkToClosure(_ qms: QMS, _ id: NonconformityID, due: CalendarDate) async throws {
    let service = qms.nonconformities
    try await service.advance(id, to: .contained, with: CorrectiveActionStep(note: "Corrected"))
    try await service.advance(id, to: .analysed, with: CorrectiveActionStep(causes: ["Cause"]))
    try await service.advance(
        id, to: .planned, with: CorrectiveActionStep(actions: [ActionDraft(text: "Fix", owner: "salma", due: due)]))
    try await qms.acting(as: "salma").nonconformities.advance(
        id, to: .implemented, with: CorrectiveActionStep(note: "Done"))
    try await service.advance(id, to: .verified, with: CorrectiveActionStep(result: .effective))
    try await service.advance(id, to: .closed, with: CorrectiveActionStep(updateRisks: false, changeQMS: false))
}

/// A schema of its own on the test PostgreSQL server (`EQMS_TEST_POSTGRES_URL`, set by
/// `scripts/with-postgres.sh`), dropped by ``drop()``: each test's records stay apart from the
/// others' on the shared server.
struct ThrowawaySchema {
    /// The server's address, or nil when the tests run without PostgreSQL.
    static var server: String? {
        let url = ProcessInfo.processInfo.environment["EQMS_TEST_POSTGRES_URL"] ?? ""
        return url.isEmpty ? nil : url
    }

    let name: String
    private let base: String
    private let admin: PostgresStore

    /// Creates the schema, named `prefix` and a random suffix.
    init(_ prefix: String) async throws {
        guard let server = Self.server else { throw CocoaError(.featureUnsupported) }
        base = server
        name = prefix + "_" + UUID().uuidString.prefix(8).lowercased()
        admin = try PostgresStore(url: server)
        let name = self.name
        try await admin.write { session in try session.execute("CREATE SCHEMA \(name)", []) }
    }

    /// A new connection pool whose tables are the schema's.
    func store() throws -> PostgresStore { try PostgresStore(url: base + "?search_path=\(name)") }

    /// A migrated store with the shipped catalogues loaded, as `amal` unless told.
    func initialisedQMS(files folder: TemporaryFolder, actor: String = "amal") async throws -> QMS {
        let store = try store()
        _ = try await store.migrate()
        let qms = QMS(
            store: store, files: try DirectoryFileStore(root: folder.url.appendingPathComponent("files")), actor: actor)
        _ = try await qms.catalogues.load(
            try CatalogueService.readLibrary(try StandardsLibrary(directory: Repository.standards)))
        return qms
    }

    /// Drops the schema and everything in it.
    func drop() async throws {
        let name = self.name
        try await admin.write { session in try session.execute("DROP SCHEMA \(name) CASCADE", []) }
        try await admin.close()
    }
}
