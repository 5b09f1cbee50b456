import Foundation
import QMSCore
import QMSStore
import Testing

/// Kills `eqms evidence import` with SIGKILL at random moments and checks that every import is
/// either entirely there or entirely absent, that no record points at a missing file, and that
/// the audit trail still verifies. `EQMS_CRASH_ROUNDS` sets the count (`make bench` runs 50).
@Suite("Crash safety of evidence imports", .serialized)
struct CrashTests {
    static let rows = 3000
    static let rounds = Int(ProcessInfo.processInfo.environment["EQMS_CRASH_ROUNDS"] ?? "") ?? 6

    /// A CSV whose every tenth row attaches a file of its own.
    func writeImport(in folder: URL) throws -> URL {
        var text =
            "title,requirements,kind,owner,process,effective_date,valid_until,review_due,confidentiality,link,files\n"
        for row in 0..<CrashTests.rows {
            var files = ""
            if row % 10 == 0 {
                let name = "scan-\(row).txt"
                try Data("results form \(row)\n".utf8).write(to: folder.appendingPathComponent(name))
                files = name
            }
            let kind = files.isEmpty ? "link" : "record"
            let link = files.isEmpty ? "https://iec.example/r/\(row)" : ""
            text += "Polling station \(row),iso-9001-2015:8.5.1;iso-54001-2019:EP-04,\(kind),amal,EP-04,2026-05-01,"
            text += "2027-05-01,,internal,\(link),\(files)\n"
        }
        let url = folder.appendingPathComponent("import.csv")
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test("an import killed at any moment leaves all of its records or none, and no dangling file reference")
    func killedImports() async throws {
        let cli = try CLI()
        defer { cli.remove() }
        #expect(try cli.run(["init"]).status == 0)
        let csv = try writeImport(in: cli.folder)
        var schedule = KillSchedule()
        var killed = 0
        var before: Int64 = 0
        var round = 0
        while KillSchedule.more(round, rounds: CrashTests.rounds, killed: killed) {
            round += 1
            let process = Process()
            process.executableURL = try CLI.executable
            process.arguments = ["evidence", "import", csv.path]
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

            let store = try SQLiteStore(path: cli.folder.appendingPathComponent("eqms.sqlite").path)
            let (evidence, links, referenced, events) = try await store.reading { reader in
                (
                    try reader.session.scalarInt("SELECT COUNT(*) AS value FROM evidence") ?? -1,
                    try reader.session.scalarInt("SELECT COUNT(*) AS value FROM evidence_requirements") ?? -1,
                    try reader.evidenceFileHashes(), try reader.events()
                )
            }
            try await store.close()
            #expect(evidence % Int64(CrashTests.rows) == 0, "a partial import: \(evidence) records")
            // A kill can land after the commit and before the exit: then the import is there although
            // the process did not report success. Never a part of one, and always one that succeeded.
            let added = evidence - before
            #expect(added == 0 || added == Int64(CrashTests.rows), "\(added) records from one import")
            #expect(!succeeded || added == Int64(CrashTests.rows), "\(added) records from an import that succeeded")
            before = evidence
            #expect(links == evidence * 2)
            let files = try DirectoryFileStore(root: cli.folder.appendingPathComponent("eqms.files"))
            for sha256 in referenced { #expect(files.contains(sha256), "record points at missing file \(sha256)") }
            #expect(AuditChain.verify(events).isEmpty)
        }
        // `eqms verify` over what every kill left: committed imports, the chain, stray files (only
        // warnings). Once at the end rather than per round: it reads every record, and the database
        // grows by a whole import each round.
        let verified = try cli.run(["verify"])
        #expect(verified.status == 0, "\(verified.stdout)")
        // The rounds must have exercised both outcomes to mean anything.
        #expect(killed > 0, "no import was killed; the delays are too long for this machine")
    }
}

/// When to kill a process so that the kill lands inside its run on any machine. The first run
/// goes to its end and sets the window; a later run that ends before its kill narrows the window
/// to its own length, so that a slow first run on a busy machine cannot make every kill late.
struct KillSchedule {
    private var window: UInt64 = 0
    private var generator = SystemRandomNumberGenerator()

    /// Whether the next run is the measuring one, left to finish.
    var measuring: Bool { window == 0 }

    /// How long to wait before the kill: 5 % to 90 % of the window.
    mutating func delay() -> UInt64 {
        UInt64.random(in: window / 20...max(window / 20 + 1, window * 9 / 10), using: &generator)
    }

    /// A run ended by itself after `nanoseconds`.
    mutating func finished(after nanoseconds: UInt64) {
        window = window == 0 ? max(1, nanoseconds) : min(window, max(1, nanoseconds))
    }

    /// Rounds go on past `rounds` (up to three times as many) until a kill has landed.
    static func more(_ round: Int, rounds: Int, killed: Int) -> Bool {
        round <= rounds || (killed == 0 && round < 3 * rounds)
    }
}
