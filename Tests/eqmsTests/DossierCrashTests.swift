import Foundation
import Testing

/// Kills `eqms dossier export` with SIGKILL at random moments of its run, as a folder and as a
/// ZIP. After each kill the output path holds nothing or a whole dossier that verifies, no
/// partial dossier is left under the output's name, and `eqms verify` finds the database and
/// the file store clean. `EQMS_CRASH_ROUNDS` sets the count (`make bench` runs 50; the name of
/// this suite matches its `--filter CrashTests`).
@Suite("Crash safety of dossier exports", .serialized)
struct DossierExportCrashTests {
    @Test("an export killed at any moment leaves no dossier or a whole one that verifies; verify stays clean")
    func killedExports() async throws {
        let cli = try CLI()
        defer { cli.remove() }
        #expect(try cli.run(["init"]).status == 0)
        let named = try cli.run([
            "organisation", "set", "--name", "Independent Election Commission", "--short-name", "IEC",
        ])
        #expect(named.status == 0, "\(named.stderr)")
        // Files to copy and hash, so that an export takes long enough to be killed in the middle.
        let random = try #require(FileHandle(forReadingAtPath: "/dev/urandom"))
        for index in 0..<4 {
            let file = cli.folder.appendingPathComponent("scan-\(index).bin")
            try #require(try random.read(upToCount: 6 << 20)).write(to: file)
            let added = try cli.run([
                "evidence", "add", "--title", "Results form scans, batch \(index)", "--requirement",
                "iso-9001-2015:7.5.3", "--file", file.path,
            ])
            #expect(added.status == 0, "\(added.stderr)")
        }
        try random.close()
        #expect(try cli.run(["keys", "generate", "--out", "."]).status == 0)
        let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))

        var schedule = KillSchedule()
        var killed = 0
        var whole = 0
        var round = -1
        while KillSchedule.more(round + 1, rounds: CrashTests.rounds, killed: killed) {
            round += 1
            let name = round % 2 == 0 ? "dossier-\(round)" : "dossier-\(round).zip"
            let output = cli.folder.appendingPathComponent(name)
            let process = Process()
            process.executableURL = try CLI.executable
            process.arguments = [
                "dossier", "export", "--standard", "iso-9001-2015", "--as-of", today, "--out", name, "--key",
                "dossier-signing.key",
            ]
            process.environment = cli.environment
            process.currentDirectoryURL = cli.folder
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let started = DispatchTime.now().uptimeNanoseconds
            try process.run()
            // The measuring run goes to its end; the kills land anywhere within the window.
            if !schedule.measuring { try await Task.sleep(nanoseconds: schedule.delay()) }
            if process.isRunning && !schedule.measuring {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
                process.waitUntilExit()
            } else {
                process.waitUntilExit()
                #expect(process.terminationStatus == 0)
                schedule.finished(after: DispatchTime.now().uptimeNanoseconds - started)
            }

            if FileManager.default.fileExists(atPath: output.path) {
                let verified = try cli.run(["dossier", "verify", name, "--key", "dossier-signing.pub"])
                #expect(verified.status == 0, "round \(round): \(name) exists but does not verify: \(verified.stdout)")
                whole += 1
            }
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: cli.folder.path).filter {
                $0.hasPrefix(name) && $0 != name
            }
            #expect(leftovers.isEmpty, "round \(round): \(leftovers)")
            let database = try cli.run(["verify", "--quick", "--json"])
            let report = try IntegrityJSON.Report.decode(database.stdout)
            #expect(database.status == 0 && report.errors == 0, "round \(round): \(report.problems.map(\.message))")
        }
        #expect(killed > 0, "no export was killed; the delays are too long for this machine")
        #expect(whole > 0)
        #expect(try cli.run(["verify"]).status == 0)
    }
}
