import Foundation
import QMSStore
import Testing

/// Kills `eqms evidence add --file BIG` with SIGKILL at random moments: before, while and after the
/// file is streamed into the store. After each, `eqms verify` finds no error and no record is
/// partial. `EQMS_CRASH_ROUNDS` sets the count (`make bench` runs 50; the name of this suite
/// matches its `--filter CrashTests`).
@Suite("Crash safety of file attachments", .serialized)
struct AttachCrashTests {
    static let size = 32 << 20

    @Test("an attach killed at any moment leaves the whole record or none, and verify stays clean")
    func killedAttaches() async throws {
        let cli = try CLI()
        defer { cli.remove() }
        #expect(try cli.run(["init"]).status == 0)
        let big = cli.folder.appendingPathComponent("big.bin")
        let random = try #require(FileHandle(forReadingAtPath: "/dev/urandom"))
        var bytes = try #require(try random.read(upToCount: AttachCrashTests.size))
        try random.close()
        var killed = 0
        var before: Int64 = 0
        // The kill lands at a random point of an attach's own duration on this machine: fixed
        // delays miss the window on a fast or a slow machine.
        var schedule = KillSchedule()
        var round = -1
        while KillSchedule.more(round + 1, rounds: CrashTests.rounds, killed: killed) {
            round += 1
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
            let started = DispatchTime.now().uptimeNanoseconds
            try process.run()
            if !schedule.measuring { try await Task.sleep(nanoseconds: schedule.delay()) }
            if process.isRunning && !schedule.measuring {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
                process.waitUntilExit()
            } else {
                process.waitUntilExit()
                schedule.finished(after: DispatchTime.now().uptimeNanoseconds - started)
            }
            let succeeded = process.terminationReason == .exit && process.terminationStatus == 0

            // Quick (existence, not content, of files) each round; every file is hashed at the end.
            let verified = try cli.run(["verify", "--quick", "--json"])
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
            // A kill can land after the commit and before the exit: the record is then there, whole,
            // although the process did not report success.
            let added = records - before
            #expect(added == 0 || added == 1, "round \(round): \(added) records from one attach")
            #expect(!succeeded || added == 1, "round \(round): an attach that succeeded left no record")
            before = records
            #expect(withoutFile == 0, "a record without its file")
            #expect(events == records)
        }
        let verified = try cli.run(["verify"])
        #expect(verified.status == 0, "\(verified.stdout)")
        #expect(killed > 0, "no attach was killed; the delays are too long for this machine")
    }
}

/// Eight `eqms` processes adding evidence while the web server takes writes through its API. Each
/// CLI writer adds a few records in a row; `EQMS_WRITERS_SECONDS` makes them go on for that long
/// instead (`make bench` runs 60 s).
@Suite("Concurrent writers", .serialized)
struct ConcurrentWriterTests {
    static let rounds = 5
    static let seconds = ProcessInfo.processInfo.environment["EQMS_WRITERS_SECONDS"].flatMap(Double.init)

    /// Set once the CLI writers are done, to stop the web writer.
    final class Finished: @unchecked Sendable {
        // @unchecked: the flag is guarded by the lock.
        private let lock = NSLock()
        private var value = false
        var isSet: Bool { lock.withLock { value } }
        func set() { lock.withLock { value = true } }
    }

    /// Starts `eqms serve` on a free port; returns the process and the port once /health answers.
    func startServer(_ cli: CLI) async throws -> (Process, Int) {
        for _ in 0..<5 {
            let port = Int.random(in: 20_000...45_000)
            let server = Process()
            server.executableURL = try CLI.executable
            server.arguments = ["serve", "--port", String(port)]
            server.environment = cli.environment
            server.currentDirectoryURL = cli.folder
            server.standardOutput = FileHandle.nullDevice
            server.standardError = try FileHandle(forWritingTo: cli.folder.appendingPathComponent("server.log"))
            try server.run()
            for _ in 0..<100 where server.isRunning {
                let health = try await runConcurrently(
                    cli, ["-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(port)/health"],
                    executable: URL(fileURLWithPath: "/usr/bin/curl"))
                if health.stdout == "200" { return (server, port) }
                try await Task.sleep(nanoseconds: 100_000_000)
            }
            if server.isRunning { server.terminate() }
            server.waitUntilExit()
        }
        throw CocoaError(.featureUnsupported, userInfo: [NSLocalizedDescriptionKey: "eqms serve did not start"])
    }

    /// An API token for amal: from `eqms user token`, or written straight into the store as that
    /// command would (SHA-256 of the secret) where the command is not available.
    func apiToken(_ cli: CLI) async throws -> String {
        let made = try cli.run(["user", "token", "amal"])
        if made.status == 0 { return made.stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
        let secret = "eqms_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let file = cli.folder.appendingPathComponent("secret")
        try Data(secret.utf8).write(to: file)
        let digest = String(
            try await runConcurrently(cli, [file.path], executable: URL(fileURLWithPath: "/usr/bin/sha256sum")).stdout
                .prefix(64))
        let store = try SQLiteStore(path: cli.folder.appendingPathComponent("eqms.sqlite").path)
        try await store.writing(actor: "amal") { try $0.createToken(sha256: digest, username: "amal", name: "load") }
        try await store.close()
        return secret
    }

    @Test("eight CLI processes and the web server write at once: every write is there, none sees 'database is locked'")
    func eightWritersAndTheServer() async throws {
        let cli = try CLI()
        defer { cli.remove() }
        #expect(try cli.run(["init"]).status == 0)
        FileManager.default.createFile(atPath: cli.folder.appendingPathComponent("server.log").path, contents: nil)
        #expect(try cli.run(["user", "add", "amal", "--role", "quality-manager"]).status == 0)
        let token = try await apiToken(cli)
        let (server, port) = try await startServer(cli)
        defer {
            server.terminate()
            server.waitUntilExit()
        }

        let finished = Finished()
        let web = Task {
            var statuses: [String] = []
            while !finished.isSet {
                let body =
                    #"{"title":"Web record \#(statuses.count)","requirements":["iso-9001-2015:8.5.1"],"kind":"note"}"#
                let posted = try await runConcurrently(
                    cli,
                    [
                        "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-H",
                        "Authorization: Bearer \(token)",
                        "-H", "Content-Type: application/json", "--data", body,
                        "http://127.0.0.1:\(port)/api/v1/evidence",
                    ], executable: URL(fileURLWithPath: "/usr/bin/curl"))
                statuses.append(posted.stdout)
            }
            return statuses
        }
        let started = ContinuousClock.now
        let results = try await withThrowingTaskGroup(of: [CLI.Result].self) { group in
            for writer in 0..<8 {
                group.addTask {
                    var results: [CLI.Result] = []
                    var round = 0
                    while ConcurrentWriterTests.seconds.map({ started.duration(to: .now) < .seconds($0) })
                        ?? (round < ConcurrentWriterTests.rounds)
                    {
                        results.append(
                            try await runConcurrently(
                                cli,
                                [
                                    "evidence", "add", "--title", "Writer \(writer) record \(round)", "--requirement",
                                    "iso-54001-2019:EP-04", "--kind", "note", "--actor", "writer-\(writer)",
                                ]))
                        round += 1
                    }
                    return results
                }
            }
            var all: [CLI.Result] = []
            for try await results in group { all += results }
            return all
        }
        finished.set()
        let statuses = try await web.value

        let succeeded = results.filter { $0.status == 0 }.count
        #expect(succeeded == results.count, "\(results.filter { $0.status != 0 }.map(\.stderr))")
        #expect(results.count >= 8 * ConcurrentWriterTests.rounds)
        for result in results {
            #expect(!result.stderr.lowercased().contains("locked"), "\(result.stderr)")
            #expect(!result.stderr.lowercased().contains("busy"), "\(result.stderr)")
        }
        let created = statuses.filter { $0 == "201" }.count
        #expect(created == statuses.count, "the server answered \(Set(statuses)) to some writes")
        #expect(created > 0, "the web server took no write")
        let log = try String(contentsOf: cli.folder.appendingPathComponent("server.log"), encoding: .utf8)
        #expect(!log.lowercased().contains("locked"))

        let listed = try cli.run(["evidence", "list", "--json"])
        let records = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [Any]
        #expect(records?.count == succeeded + created)
        #expect(try cli.run(["verify"]).status == 0)
    }
}
