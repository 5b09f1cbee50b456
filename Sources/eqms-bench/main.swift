import Foundation
import Logging
import QMSFormats

// Benchmarks at scale, run by `make bench` in release mode: `eqms-bench [--quick]`.
// Each figure is printed as it is measured; figures and the bounds the issues set are written to
// bench-results.json (or the path in EQMS_BENCH_OUT).

LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = .warning
    return handler
}

let quick = CommandLine.arguments.contains("--quick")
let library = try StandardsLibrary.locate()
let folder = URL(
    fileURLWithPath: ProcessInfo.processInfo.environment["EQMS_BENCH_DIR"]
        ?? FileManager.default.temporaryDirectory.path
).appendingPathComponent("eqms-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }

let report = BenchReport()
print("ElectoralQMS benchmarks\(quick ? " (quick)" : "")")
print(String(repeating: "─", count: 100))
if CommandLine.arguments.contains("--postgres-only") {
    try await postgresBenchmarks(report, library: library, folder: folder, quick: quick)
    try report.write(to: ProcessInfo.processInfo.environment["EQMS_BENCH_OUT"] ?? "bench-results-postgres.json")
    exit(0)
}
try await catalogueBenchmarks(report, library: library, folder: folder)
try await evidenceBenchmarks(report, library: library, folder: folder, quick: quick)
print(String(repeating: "─", count: 100))
let output = ProcessInfo.processInfo.environment["EQMS_BENCH_OUT"] ?? "bench-results.json"
try report.write(to: output)
print("Figures written to \(output)")
