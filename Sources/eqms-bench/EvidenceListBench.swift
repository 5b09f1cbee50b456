import Foundation
import QMSCore
import QMSFormats
@_spi(Benchmarks) import QMSServices

/// `eqms evidence list --json` over 20k records (quick: 2k), run as a user runs it (the release
/// program, output to /dev/null), beside `sqlite3 -json` printing the same rows of the table.
@MainActor
func evidenceListBenchmarks(_ report: BenchReport, library: StandardsLibrary, folder: URL, quick: Bool) async throws {
    guard let sqlite3 = which("sqlite3") else { throw BenchError("sqlite3 is not installed (apt-get install sqlite3)") }
    // The program built beside this one (`swift build -c release --product eqms`).
    let eqms = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        .appendingPathComponent("eqms").path
    guard FileManager.default.isExecutableFile(atPath: eqms) else {
        throw BenchError("\(eqms) is missing: swift build -c release --product eqms")
    }
    let rows = quick ? 2_000 : 20_000
    let database = folder.appendingPathComponent("list-\(rows).sqlite").path
    let qms = try await initialisedDatabase(database, library: library)
    let keys = try await qms.benchmarkStore.reading { reader in
        try reader.catalogue(try StandardID("iso-9001-2015"))?.leaves.map(\.key) ?? []
    }
    let csv = folder.appendingPathComponent("list-\(rows).csv")
    try writeEvidenceCSV(rows: rows, to: csv, keys: keys)
    _ = try await qms.evidence.importCSV(csv)
    try await qms.benchmarkStore.close()

    // The same rows as the register lists them: latest revisions, in identifier order.
    let query = "SELECT * FROM evidence WHERE status <> 'superseded' ORDER BY year, number, revision"
    var ours: [Double] = []
    var theirs: [Double] = []
    for _ in 0..<3 {
        ours.append(try timeProcess(eqms, ["evidence", "list", "--json", "--db", database, "--actor", "bench"]))
        theirs.append(try timeProcess(sqlite3, ["-json", database, query]))
    }
    let best = ours.min() ?? 0
    let floor = theirs.min() ?? 1
    report.add(
        Figure(
            name: "eqms evidence list --json, \(rows) records", value: best * 1000, unit: "ms",
            detail: "the release program, output to /dev/null, best of 3"))
    report.add(
        Figure(
            name: "sqlite3 -json of the same rows", value: floor * 1000, unit: "ms",
            detail: "the evidence table only (no links, files or tags), best of 3"))
    report.check(
        "evidence list --json time / sqlite3 -json time", measured: best / floor, bound: "≤ 3", met: best / floor <= 3)
}
