import Foundation
import Logging
import QMSFormats

// Benchmarks at scale, run by `make bench` in release mode: `eqms-bench [--quick] [--only GROUP]`.
// Each figure is printed as it is measured; figures and the bounds the issues set are written to
// bench-results.json (or the path in EQMS_BENCH_OUT).

LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = .warning
    return handler
}

let quick = CommandLine.arguments.contains("--quick")
let library = try StandardsLibrary.locate()
// `eqms-bench --dossier-child DATABASE KEY OUT`: one dossier export, measured from the inside.
if let index = CommandLine.arguments.firstIndex(of: "--dossier-child") {
    try await runDossierChild(Array(CommandLine.arguments[(index + 1)...]), library: library)
    exit(0)
}
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
// `--only plans` or EQMS_BENCH_ONLY=plans (or catalogue, evidence, evidence-list, dossier, dossier-zip, due)
// runs one group; `--only import` runs the bulk import's figures alone (a part of the evidence group).
let onlyArgument = CommandLine.arguments.firstIndex(of: "--only").flatMap { index in
    index + 1 < CommandLine.arguments.count ? CommandLine.arguments[index + 1] : nil
}
let only = onlyArgument ?? ProcessInfo.processInfo.environment["EQMS_BENCH_ONLY"].flatMap { $0.isEmpty ? nil : $0 }
if only == "import" {
    let keys = try await benchmarkKeys(library: library, folder: folder)
    try await importBenchmark(report, library: library, folder: folder, quick: quick, keys: keys)
}
if only == nil || only == "catalogue" { try await catalogueBenchmarks(report, library: library, folder: folder) }
if only == nil || only == "evidence" {
    try await evidenceBenchmarks(report, library: library, folder: folder, quick: quick)
}
if only == nil || only == "evidence" || only == "evidence-list" {
    try await evidenceListBenchmarks(report, library: library, folder: folder, quick: quick)
}
if only == nil || only == "plans" { try await plansBenchmarks(report, library: library, folder: folder, quick: quick) }
if only == nil || only == "dossier" || only == "dossier-zip" {
    try await dossierBenchmarks(report, library: library, folder: folder, quick: quick, zipOnly: only == "dossier-zip")
}
if only == nil || only == "due" { try await dueBenchmarks(report, library: library, folder: folder, quick: quick) }
print(String(repeating: "─", count: 100))
let output = ProcessInfo.processInfo.environment["EQMS_BENCH_OUT"] ?? "bench-results.json"
try report.write(to: output)
print("Figures written to \(output)")
