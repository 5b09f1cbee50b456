import Foundation
import QMSCore
import QMSFormats
@_spi(Benchmarks) import QMSServices
import QMSStore

/// Parsing and loading the shipped catalogues, and resolving crosswalk credit.
@MainActor
func catalogueBenchmarks(_ report: BenchReport, library: StandardsLibrary, folder: URL) async throws {
    let reader = try library.catalogueReader()
    let files = try library.catalogueFiles().map { try Data(contentsOf: $0) }
    let bytes = files.reduce(0) { $0 + $1.count }
    let rounds = 50
    var nodes = 0
    let parse = try seconds {
        for _ in 0..<rounds {
            for data in files { nodes += try reader.read(data: data, file: "bench").catalogue.requirements.count }
        }
    }
    report.add(
        Figure(
            name: "catalogue parse + XSD validation", value: Double(nodes) / parse, unit: "nodes/s",
            detail: "\(rounds) × \(files.count) files, \(bytes / 1024) KiB each round"))

    var initTotal = 0.0
    for round in 0..<5 {
        let path = folder.appendingPathComponent("init-\(round).sqlite").path
        initTotal += try await seconds {
            let (qms, _) = try await SetupService.initialise(databasePath: path, library: library, actor: "bench")
            try await qms.benchmarkStore.close()
        }
    }
    report.add(
        Figure(
            name: "eqms init (3 standards, 2 crosswalks)", value: initTotal / 5 * 1000, unit: "ms", detail: "mean of 5")
    )

    let store = try SQLiteStore(path: folder.appendingPathComponent("init-0.sqlite").path)
    let (catalogues, crosswalks) = try await store.reading { reader in
        (try reader.catalogues(), try reader.crosswalks())
    }
    try await store.close()
    let index = CrosswalkIndex(crosswalks)
    let keys = catalogues.flatMap { $0.requirements.map(\.key) }
    var credits = 0
    let resolve = seconds {
        for _ in 0..<20 { for key in keys { credits += index.credits(for: key).count } }
    }
    report.add(
        Figure(
            name: "crosswalk credit resolution", value: Double(keys.count * 20) / resolve, unit: "keys/s",
            detail: "\(keys.count) requirements × 20, \(credits / 20) credits each round"))
}
