import Foundation
import QMSStore
import Testing

/// Kills `eqms evidence add --file BIG` with SIGKILL at random moments: before, while and after the
/// file is streamed into the store. After each, `eqms verify` finds no error and no record is
/// partial. `EQMS_CRASH_ROUNDS` sets the count (`make bench` runs 50; the name of this suite
/// matches its `--filter CrashTests`).
@Suite("Crash safety of file attachments", .serialized)
struct AttachCrashTests {
    static let size = 48 << 20

    @Test("an attach killed at any moment leaves the whole record or none, and verify stays clean")
    func killedAttaches() async throws {
        let cli = try CLI()
        defer { cli.remove() }
        #expect(try cli.run(["init"]).status == 0)
        let big = cli.folder.appendingPathComponent("big.bin")
        let random = try #require(FileHandle(forReadingAtPath: "/dev/urandom"))
        var bytes = try #require(try random.read(upToCount: AttachCrashTests.size))
        try random.close()
        var generator = SystemRandomNumberGenerator()
        var completed = 0
        var killed = 0
        for round in 0..<CrashTests.rounds {
            // New content each round, so that every attach really streams a new file in.
            withUnsafeBytes(of: UInt64(round)) { bytes.replaceSubrange(0..<8, with: $0) }
            try bytes.write(to: big)
            let process = Process()
            process.executableURL = try CLI.executable
            process.arguments = [
                "evidence", "add", "--title", "Results form scan \(round)", "--requirement", "iso-9001-2015:7.5.3",
                "--file", big.path,
            ]
            process.environment = cli.environment
            process.currentDirectoryURL = cli.folder
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            try await Task.sleep(nanoseconds: UInt64.random(in: 30_000_000...600_000_000, using: &generator))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            process.waitUntilExit()
            if process.terminationReason == .exit, process.terminationStatus == 0 { completed += 1 }

            let verified = try cli.run(["verify", "--json"])
            let report = try IntegrityJSON.Report.decode(verified.stdout)
            #expect(verified.status == 0 && report.errors == 0, "round \(round): \(report.problems.map(\.message))")
            #expect(report.problems.allSatisfy { $0.kind == "stray-file" || $0.kind == "unfinished-file" })

            let store = try SQLiteStore(path: cli.folder.appendingPathComponent("eqms.sqlite").path)
            let (records, withoutFile, events) = try await store.reading { reader in
                (
                    try reader.session.scalarInt("SELECT COUNT(*) AS value FROM evidence") ?? -1,
                    try reader.session.scalarInt(
                        """
                        SELECT COUNT(*) AS value FROM evidence e
                        WHERE NOT EXISTS (SELECT 1 FROM evidence_files f WHERE f.evidence_id = e.id)
                        """) ?? -1,
                    try reader.session.scalarInt(
                        "SELECT COUNT(*) AS value FROM audit_events WHERE action = 'evidence.add'") ?? -1
                )
            }
            try await store.close()
            #expect(records == Int64(completed), "round \(round): \(records) records after \(completed) attaches")
            #expect(withoutFile == 0, "a record without its file")
            #expect(events == records)
        }
        #expect(killed > 0, "no attach was killed; the delays are too long for this machine")
    }
}

/// Eight `eqms` processes adding evidence at once, each several records in a row (a few seconds).
@Suite("Concurrent writers")
struct ConcurrentWriterTests {
    static let rounds = 5

    @Test("eight processes adding evidence at once: every write is there, none sees 'database is locked'")
    func eightWriters() async throws {
        let cli = try CLI()
        defer { cli.remove() }
        #expect(try cli.run(["init"]).status == 0)
        let results = try await withThrowingTaskGroup(of: [CLI.Result].self) { group in
            for writer in 0..<8 {
                group.addTask {
                    var results: [CLI.Result] = []
                    for round in 0..<ConcurrentWriterTests.rounds {
                        results.append(
                            try await runConcurrently(
                                cli,
                                [
                                    "evidence", "add", "--title", "Writer \(writer) record \(round)", "--requirement",
                                    "iso-54001-2019:EP-04", "--kind", "note", "--actor", "writer-\(writer)",
                                ]))
                    }
                    return results
                }
            }
            var all: [CLI.Result] = []
            for try await results in group { all += results }
            return all
        }
        let succeeded = results.filter { $0.status == 0 }.count
        #expect(succeeded == results.count, "\(results.filter { $0.status != 0 }.map(\.stderr))")
        #expect(results.count == 8 * ConcurrentWriterTests.rounds)
        for result in results {
            #expect(!result.stderr.lowercased().contains("locked"), "\(result.stderr)")
            #expect(!result.stderr.lowercased().contains("busy"), "\(result.stderr)")
        }
        let listed = try cli.run(["evidence", "list", "--json"])
        let records = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [Any]
        #expect(records?.count == succeeded)
        #expect(try cli.run(["verify"]).status == 0)
    }
}
