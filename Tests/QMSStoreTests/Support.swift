import Foundation
import QMSCore
import QMSStore
import TestSupport

extension TemporaryFolder {
    /// The PostgreSQL schemas made for this folder's test.
    var schemas: [String] { remembered }

    /// Remembers a schema made for this folder's test; it is dropped when the folder goes away.
    func remember(schema: String) {
        if remembered.isEmpty { atRemoval(dropSchemas) }
        remember(schema)
    }
}

/// Drops a test's schemas, in the background: a test's schemas are never reused.
@Sendable private func dropSchemas(_ schemas: [String]) {
    guard !schemas.isEmpty, let base = ProcessInfo.processInfo.environment["EQMS_TEST_POSTGRES_URL"] else { return }
    Task.detached {
        guard let admin = try? PostgresStore(url: base) else { return }
        for schema in schemas {
            _ = try? await admin.write { session in
                try session.execute("DROP SCHEMA IF EXISTS \(schema) CASCADE", [])
            }
        }
        try? await admin.close()
    }
}

/// A two-level catalogue written for the store tests.
func storeCatalogue(_ id: String = "test-standard") throws -> Catalogue {
    let standardID = try StandardID(id)
    let standard = Standard(
        id: standardID, edition: "2026", title: LocalizedText(en: "Test", ar: "اختبار"), publisher: "Tests",
        scope: LocalizedText(en: "Scope"),
        amendments: [Amendment(id: "amd1", year: 2024, title: LocalizedText(en: "A1"))])
    func node(_ number: String, _ parent: String?, _ kind: RequirementKind) throws -> Requirement {
        Requirement(
            key: try RequirementKey(standard: standardID, number: number), parentNumber: parent, kind: kind,
            title: LocalizedText(en: "Title \(number)", ar: "عنوان \(number)"), summary: LocalizedText(en: "Summary"),
            documentedInformation: number == "7.2"
                ? [DocumentedInformation(type: .retain, description: LocalizedText(en: "Competence"))] : [],
            electoralProcesses: number == "8.5" ? [.voteCasting, .voterRegistration] : [],
            evidenceHints: [LocalizedText(en: "Hint \(number)", ar: "دليل")],
            amendment: number == "4.1-A1" ? "amd1" : nil)
    }
    return try Catalogue(
        standard: standard,
        requirements: [
            node("4", nil, .clause), node("4.1", "4", .clause), node("4.1-A1", "4.1", .requirement),
            node("7", nil, .clause), node("7.2", "7", .requirement), node("8", nil, .clause),
            node("8.5", "8", .requirement),
        ])
}

let sha = String(repeating: "a", count: 64)

/// The databases every store test runs against: SQLite always, PostgreSQL when
/// `EQMS_TEST_POSTGRES_URL` names a server (as `make test` arranges with scripts/with-postgres.sh).
enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    static var available: [Backend] {
        ProcessInfo.processInfo.environment["EQMS_TEST_POSTGRES_URL"].map {
            $0.isEmpty ? [.sqlite] : [.sqlite, .postgres]
        }
            ?? [.sqlite]
    }

    var description: String { rawValue }

    /// A fresh, empty store: a new SQLite file, or a new schema on the PostgreSQL server.
    func open(in folder: TemporaryFolder, name: String = "eqms") async throws -> any Store {
        switch self {
        case .sqlite:
            return try SQLiteStore(path: folder.path("\(name).sqlite"))
        case .postgres:
            let base = ProcessInfo.processInfo.environment["EQMS_TEST_POSTGRES_URL"] ?? ""
            let schema = folder.schema(name)
            if !folder.schemas.contains(schema) {
                let admin = try PostgresStore(url: base)
                try await admin.write { session in try session.execute("CREATE SCHEMA \(schema)", []) }
                try await admin.close()
                folder.remember(schema: schema)
            }
            return try PostgresStore(url: base + "?search_path=\(schema)")
        }
    }

    /// Migrates up to a migration, whatever the backend.
    func migrate(_ store: any Store, upTo name: String?) async throws -> [String] {
        if let sqlite = store as? SQLiteStore { return try await sqlite.migrate(upTo: name) }
        if let postgres = store as? PostgresStore { return try await postgres.migrate(upTo: name) }
        return try await store.migrate()
    }
}

extension TemporaryFolder {
    /// A PostgreSQL schema name unique to this folder.
    func schema(_ name: String) -> String {
        "t_" + url.lastPathComponent.replacingOccurrences(of: "-", with: "").lowercased().suffix(20) + "_" + name
    }
}
