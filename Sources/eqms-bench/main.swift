import Foundation
import Logging
import QMSCore
import QMSFormats
import QMSServices
import QMSStore

// Benchmarks at scale, run by `make bench` in release mode. Each prints a line of the table and
// adds its figures to bench-results.json (or the path in EQMS_BENCH_OUT).

struct Figure: Codable {
    var name: String
    var value: Double
    var unit: String
    var detail: String
}

func measure(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func measureAsync(_ body: () async throws -> Void) async rethrows -> Double {
    let start = ContinuousClock.now
    try await body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

var figures: [Figure] = []
@MainActor func report(_ figure: Figure) {
    figures.append(figure)
    let value = String(format: "%12.2f", figure.value)
    print("\(figure.name.padding(toLength: 44, withPad: " ", startingAt: 0)) \(value) \(figure.unit)  \(figure.detail)")
}

LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = .warning
    return handler
}

let library = try StandardsLibrary.locate()
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eqms-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }

print("ElectoralQMS benchmarks (release build)")
print(String(repeating: "─", count: 90))

// 1. Parsing and XSD validation of the shipped catalogues.
let reader = try library.catalogueReader()
let files = try library.catalogueFiles().map { try Data(contentsOf: $0) }
let bytes = files.reduce(0) { $0 + $1.count }
let rounds = 50
var nodes = 0
let parseSeconds = try measure {
    for _ in 0..<rounds {
        for data in files { nodes += try reader.read(data: data, file: "bench").catalogue.requirements.count }
    }
}
report(
    Figure(
        name: "catalogue parse + XSD validation", value: Double(nodes) / parseSeconds, unit: "nodes/s",
        detail: "\(rounds) × \(files.count) files, \(bytes / 1024) KiB each round"))

// 2. eqms init: a new database with every catalogue and crosswalk.
var initSeconds = 0.0
for round in 0..<5 {
    let path = folder.appendingPathComponent("init-\(round).sqlite").path
    initSeconds += try await measureAsync {
        let (qms, _) = try await SetupService.initialise(databasePath: path, library: library, actor: "bench")
        try await qms.store.close()
    }
}
report(
    Figure(
        name: "eqms init (3 standards, 2 crosswalks)", value: initSeconds / 5 * 1000, unit: "ms", detail: "mean of 5"))

// 3. Crosswalk resolution for every requirement of every standard.
let store = try SQLiteStore(path: folder.appendingPathComponent("init-0.sqlite").path)
let (catalogues, crosswalks) = try await store.reading { reader in (try reader.catalogues(), try reader.crosswalks()) }
let index = CrosswalkIndex(crosswalks)
let keys = catalogues.flatMap { $0.requirements.map(\.key) }
var credits = 0
let crosswalkSeconds = measure {
    for _ in 0..<20 { for key in keys { credits += index.credits(for: key).count } }
}
report(
    Figure(
        name: "crosswalk credit resolution", value: Double(keys.count * 20) / crosswalkSeconds, unit: "keys/s",
        detail: "\(keys.count) requirements × 20, \(credits / 20) credits each round"))
try await store.close()

let output = ProcessInfo.processInfo.environment["EQMS_BENCH_OUT"] ?? "bench-results.json"
let encoder = JSONEncoder()
encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
try encoder.encode(figures).write(to: URL(fileURLWithPath: output))
print(String(repeating: "─", count: 90))
print("Figures written to \(output)")
