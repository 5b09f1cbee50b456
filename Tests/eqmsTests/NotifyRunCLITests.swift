import Foundation
import TestSupport
import Testing

/// The JSON `eqms notify run --json` prints, as far as these tests read it.
private struct PrintedRun: Decodable {
    struct Message: Decodable {
        var user: String
        var outcome: String
        var reason: String?
    }
    var recorded: Int
    var messages: [Message]
}

@Suite("eqms notify run and outbox")
struct NotifyRunCLITests {
    /// A database with two users who have addresses and evidence due, and a sendmail program that
    /// keeps each message in `spool/` (or, with `fail`, says to try later: EX_TEMPFAIL).
    private func prepared() throws -> CLI {
        var cli = try CLI()
        #expect(try cli.run(["init"]).status == 0)
        #expect(
            try cli.run(["user", "add", "amal", "--role", "quality-manager", "--email", "amal@iec.example.jo"]).status
                == 0)
        #expect(
            try cli.run(["user", "add", "nadia", "--role", "process-owner", "--email", "nadia@iec.example.jo"]).status
                == 0)
        for (title, owner) in [("Ballot stock count", "nadia"), ("Printing contract", "amal")] {
            let added = try cli.run([
                "evidence", "add", "--title", title, "--requirement", "iso-9001-2015:7.5.3", "--owner", owner,
                "--effective", "2026-01-01", "--valid-until", "2026-12-14",
            ])
            #expect(added.status == 0, "\(added.stderr)")
        }
        let spool = cli.folder.appendingPathComponent("spool")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        let program = cli.folder.appendingPathComponent("sendmail")
        let script = """
            #!/bin/sh
            [ -e "\(cli.folder.path)/fail" ] && { echo "queue full" >&2; exit 75; }
            cat > "\(spool.path)/$(date +%s%N).eml"
            """
        try script.write(to: program, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program.path)
        cli.environment["EQMS_SENDMAIL"] = program.path
        cli.environment["EQMS_MAIL_FROM"] = "qms@iec.example.jo"
        cli.environment["EQMS_BASE_URL"] = "https://qms.iec.example.jo"
        return cli
    }

    private func spooled(_ cli: CLI) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: cli.folder.appendingPathComponent("spool").path)
    }

    @Test("configured by the environment, a run mails each user once; a dry run and a second run send nothing")
    func run() throws {
        let cli = try prepared()
        defer { cli.remove() }
        let dry = try cli.run(["notify", "run", "--as-of", "2026-12-07", "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("would be sent"))
        #expect(try spooled(cli).isEmpty)

        let first = try cli.json(PrintedRun.self, ["notify", "run", "--as-of", "2026-12-07", "--json"])
        #expect(first.recorded == 2)
        #expect(first.messages.map(\.user).sorted() == ["amal", "nadia"])
        #expect(first.messages.allSatisfy { $0.outcome == "sent" })
        #expect(try spooled(cli).count == 2)
        let second = try cli.run(["notify", "run", "--as-of", "2026-12-07"])
        #expect(second.status == 0)
        #expect(second.stdout.contains("No reminder to send."))
        #expect(try spooled(cli).count == 2)
    }

    @Test("a refused delivery exits 75 and waits in the outbox with the program's words; retried, it goes once")
    func outbox() throws {
        var cli = try prepared()
        defer { cli.remove() }
        FileManager.default.createFile(atPath: cli.folder.appendingPathComponent("fail").path, contents: nil)
        let failed = try cli.run(["notify", "run", "--as-of", "2026-12-07"])
        #expect(failed.status == 75, "\(failed.stderr)")
        #expect(failed.stdout.contains("failed, retried later"))
        let outbox = try cli.run(["notify", "outbox"])
        #expect(outbox.status == 0)
        #expect(outbox.stdout.contains("failed"))
        // The table shortens a long reason; the JSON keeps the program's words whole.
        #expect(try cli.run(["notify", "outbox", "--json"]).stdout.contains("queue full"))

        try FileManager.default.removeItem(at: cli.folder.appendingPathComponent("fail"))
        #expect(try cli.run(["notify", "outbox", "--retry-now"]).status == 0)
        let retried = try cli.run(["notify", "run", "--as-of", "2026-12-07"])
        #expect(retried.status == 0, "\(retried.stderr)")
        #expect(retried.stdout.contains("sent on a retry"))
        #expect(try spooled(cli).count == 2)
        #expect(try cli.run(["notify", "outbox"]).stdout.contains("The outbox is empty"))

        // Without a mail server or a program, a run that would send says what to give.
        cli.environment["EQMS_SENDMAIL"] = nil
        let unconfigured = try cli.run(["notify", "run"])
        #expect(unconfigured.status != 0)
        #expect(unconfigured.stderr.contains("--smtp-host"))
    }
}
