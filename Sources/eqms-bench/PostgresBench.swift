import Foundation
import QMSCore
import QMSFormats
import QMSServices
import QMSStore

/// The same import and matrix figures on PostgreSQL as on SQLite, side by side in one run
/// (`eqms-bench --postgres-only` inside scripts/with-postgres.sh, which names the server).
@MainActor
func postgresBenchmarks(_ report: BenchReport, library: StandardsLibrary, folder: URL, quick: Bool) async throws {
    guard let base = ProcessInfo.processInfo.environment["EQMS_TEST_POSTGRES_URL"], !base.isEmpty else {
        throw BenchError("EQMS_TEST_POSTGRES_URL is not set: run through scripts/with-postgres.sh")
    }
    let rows = quick ? 10_000 : 100_000
    let probe = try await initialisedDatabase(folder.appendingPathComponent("pg-probe.sqlite").path, library: library)
    let keys = try await probe.store.reading { reader in
        try reader.catalogue(try StandardID("iso-9001-2015"))?.leaves.map(\.key) ?? []
    }
    try await probe.store.close()
    let csv = folder.appendingPathComponent("pg-evidence-\(rows).csv")
    try writeEvidenceCSV(rows: rows, to: csv, keys: keys)

    var figures: [String: (importRate: Double, matrix: Double)] = [:]
    for backend in ["sqlite", "postgres"] {
        let qms: QMS
        if backend == "sqlite" {
            qms = try await initialisedDatabase(
                folder.appendingPathComponent("pg-compare.sqlite").path, library: library)
        } else {
            let schema = "bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(10).lowercased()
            let admin = try PostgresStore(url: base)
            try await admin.write { session in try session.execute("CREATE SCHEMA \(schema)", []) }
            try await admin.close()
            (qms, _) = try await SetupService.initialise(
                databaseURL: base + "?search_path=\(schema)", library: library, actor: "bench")
        }
        let importSeconds = try await seconds { _ = try await qms.evidence.importCSV(csv) }
        // A fresh QMS each round: the matrix is cached per database version inside one.
        var best = Double.infinity
        for _ in 0..<3 {
            let fresh = QMS(store: qms.store, files: qms.files, actor: "bench")
            best = min(best, try await seconds { _ = try await fresh.compliance.matrix() })
        }
        try await qms.store.close()
        figures[backend] = (Double(rows) / importSeconds, best)
        report.add(
            Figure(
                name: "evidence import on \(backend)", value: Double(rows) / importSeconds, unit: "rows/s",
                detail: "\(rows) rows"))
        report.add(
            Figure(
                name: "compliance matrix on \(backend)", value: best * 1000, unit: "ms",
                detail: "\(rows) records, best of 3"))
    }
    if let sqlite = figures["sqlite"], let postgres = figures["postgres"] {
        report.add(
            Figure(
                name: "PostgreSQL / SQLite import rate", value: postgres.importRate / sqlite.importRate, unit: "×",
                detail: "same CSV, same machine"))
        report.add(
            Figure(
                name: "PostgreSQL / SQLite matrix time", value: postgres.matrix / sqlite.matrix, unit: "×",
                detail: "same records"))
    }
}
