import Foundation
import QMSCore
import QMSDossier
import QMSFormats
@_spi(Benchmarks) import QMSServices
import QMSStore

/// The same import, matrix, page-read and dossier-export figures on PostgreSQL as on SQLite, side by side in one run
/// (`eqms-bench --postgres-only` inside scripts/with-postgres.sh, which names the server).
@MainActor
func postgresBenchmarks(_ report: BenchReport, library: StandardsLibrary, folder: URL, quick: Bool) async throws {
    guard let base = ProcessInfo.processInfo.environment["EQMS_TEST_POSTGRES_URL"], !base.isEmpty else {
        throw BenchError("EQMS_TEST_POSTGRES_URL is not set: run through scripts/with-postgres.sh")
    }
    let rows = quick ? 10_000 : 100_000
    let probe = try await initialisedDatabase(folder.appendingPathComponent("pg-probe.sqlite").path, library: library)
    let keys = try await probe.benchmarkStore.reading { reader in
        try reader.catalogue(try StandardID("iso-9001-2015"))?.leaves.map(\.key) ?? []
    }
    try await probe.benchmarkStore.close()
    let csv = folder.appendingPathComponent("pg-evidence-\(rows).csv")
    try writeEvidenceCSV(rows: rows, to: csv, keys: keys)

    var figures: [String: (importRate: Double, matrix: Double, page: Double, export: Double)] = [:]
    let keyFolder = folder.appendingPathComponent("pg-keys", isDirectory: true)
    try FileManager.default.createDirectory(at: keyFolder, withIntermediateDirectories: true)
    let key = try DossierService.signingKey(path: DossierService.generateKey(in: keyFolder).privateKey.path)
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
            let fresh = QMS(store: qms.benchmarkStore, files: qms.files, actor: "bench")
            best = min(best, try await seconds { _ = try await fresh.compliance.matrix() })
        }
        // The pages' reads: the dashboard (readiness and gaps, uncached) and the evidence list's
        // first page of 100 with its count, as the web application asks for them.
        var page = Double.infinity
        for _ in 0..<3 {
            let fresh = QMS(store: qms.benchmarkStore, files: qms.files, actor: "bench")
            var firstPage = EvidenceFilter()
            firstPage.limit = 100
            let filter = firstPage
            let unpaged = EvidenceFilter()
            page = min(
                page,
                try await seconds {
                    _ = try await fresh.compliance.readiness()
                    _ = try await fresh.compliance.gaps(within: 30)
                    _ = try await fresh.benchmarkStore.reading { reader in
                        (try reader.evidence(matching: filter), try reader.evidenceCount(matching: unpaged))
                    }
                })
        }
        try await qms.organisation.set(
            try Organisation(name: LocalizedText(en: "Benchmark Commission"), shortName: "BENCH", country: "JO"))
        let request = DossierRequest(
            standards: [try StandardID("iso-9001-2015")], asOf: try CalendarDate(parsing: "2026-12-31"))
        let output = folder.appendingPathComponent("pg-dossier-\(backend)")
        let export = try await seconds {
            _ = try await qms.dossiers.export(
                request, key: key, to: output, schema: library.directory.appendingPathComponent("dossier.xsd"))
        }
        try? FileManager.default.removeItem(at: output)
        try await qms.benchmarkStore.close()
        figures[backend] = (Double(rows) / importSeconds, best, page, export)
        report.add(
            Figure(
                name: "dashboard + evidence page reads on \(backend)", value: page * 1000, unit: "ms",
                detail: "\(rows) records, uncached, best of 3"))
        report.add(
            Figure(
                name: "dossier export on \(backend)", value: export, unit: "s",
                detail: "ISO 9001, both languages, \(rows) link records"))
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
        report.add(
            Figure(
                name: "PostgreSQL / SQLite page reads time", value: postgres.page / sqlite.page, unit: "×",
                detail: "same records"))
        report.add(
            Figure(
                name: "PostgreSQL / SQLite dossier export time", value: postgres.export / sqlite.export, unit: "×",
                detail: "same records"))
    }
}
