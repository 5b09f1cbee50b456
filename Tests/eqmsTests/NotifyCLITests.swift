import Foundation
import TestSupport
import Testing

/// The JSON `eqms notify due --json` prints, as far as these tests read it.
private struct PrintedReport: Decodable {
    struct Record: Decodable {
        var reference: String
        var route: String
    }
    struct Item: Decodable {
        var kind: String
        var record: Record
        var date: String
        var user: String
        var threshold: String
        var daysLeft: Int
        var titleWithheld: Bool
    }
    var asOf: String
    var items: [Item]
}

/// What Python's icalendar read from a feed.
private struct ParsedCalendar: Decodable {
    struct Event: Decodable {
        var uid: String
        var summary: String
        var description: String
        var url: String
        var start: String
        var end: String
    }
    var name: String
    var method: String
    var version: String
    var events: [Event]
}

@Suite("eqms notify")
struct NotifyCLITests {
    /// An Arabic title with a comma and a semicolon, long enough to be folded.
    static let title = "سجل الناخبين في مراكز الاقتراع، المرحلة الأولى; نسخة مراجعة بعد الطعون, والملاحق"

    private func prepared() throws -> CLI {
        let cli = try CLI()
        #expect(try cli.run(["init"]).status == 0)
        #expect(try cli.run(["user", "add", "amal", "--role", "quality-manager"]).status == 0)
        #expect(
            try cli.run(["user", "add", "nadia", "--role", "process-owner", "--display-name", "Nadia Salem"]).status
                == 0)
        let added = try cli.run([
            "evidence", "add", "--title", Self.title, "--requirement", "iso-9001-2015:7.5.3", "--owner", "Nadia Salem",
            "--effective", "2026-01-01", "--valid-until", "2026-12-14",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        let restricted = try cli.run([
            "evidence", "add", "--title", "Security plan", "--requirement", "iso-9001-2015:7.5.3", "--owner", "nadia",
            "--effective", "2026-01-01", "--review-due", "2026-11-20", "--confidentiality", "restricted",
        ])
        #expect(restricted.status == 0, "\(restricted.stderr)")
        return cli
    }

    @Test("notify due --json: each reminder with its user, threshold and days; the table in the chosen language")
    func due() throws {
        let cli = try prepared()
        defer { cli.remove() }
        let report = try cli.json(PrintedReport.self, ["notify", "due", "--as-of", "2026-12-07"])
        #expect(report.asOf == "2026-12-07")
        let expiring = try #require(report.items.first { $0.kind == "evidence-expiry" })
        #expect(expiring.user == "nadia")
        #expect(expiring.threshold == "7d")
        #expect(expiring.daysLeft == 7)
        #expect(expiring.record.route == "/evidence/\(expiring.record.reference)")
        // 17 days overdue: nadia is told, and amal (the quality manager) by escalation.
        let review = report.items.filter { $0.kind == "evidence-review" }
        #expect(review.map(\.user).sorted() == ["amal", "nadia"])
        #expect(review.first { $0.user == "nadia" }?.titleWithheld == true)
        #expect(review.first { $0.user == "amal" }?.threshold == "escalated")

        let mine = try cli.json(PrintedReport.self, ["notify", "due", "--as-of", "2026-12-07", "--user", "amal"])
        #expect(mine.items.map(\.user) == ["amal"])

        let table = try cli.run(["notify", "due", "--as-of", "2026-12-07", "--user", "nadia", "--lang", "fr"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("ÉCHÉANCE"))
        #expect(table.stdout.contains("preuve restreinte : titre masqué"))
        #expect(!table.stdout.contains("Security plan"))
        #expect(try cli.run(["notify", "due", "--user", "nobody"]).status == 1)
        #expect(try cli.run(["notify", "due", "--as-of", "2026-02-30"]).status == 2)
    }

    @Test("notify calendar writes a feed that Python's icalendar reads: dates, UID, unfolded Arabic summary, URL")
    func calendar() throws {
        let cli = try prepared()
        defer { cli.remove() }
        let written = try cli.run([
            "notify", "calendar", "--user", "nadia", "--as-of", "2026-12-07", "--output", "nadia.ics", "--lang", "ar",
            "--base-url", "https://qms.example.org/",
        ])
        #expect(written.status == 0, "\(written.stderr)")
        let file = cli.folder.appendingPathComponent("nadia.ics")
        let bytes = try Data(contentsOf: file)
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        #expect(lines.allSatisfy { $0.last == 0x0D && $0.count - 1 <= 75 }, "CRLF and 75 octets a line")
        let script = """
            import sys, json, icalendar
            calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
            events = [{
                "uid": str(e["UID"]), "summary": str(e["SUMMARY"]), "description": str(e["DESCRIPTION"]),
                "url": str(e["URL"]), "start": e.decoded("DTSTART").isoformat(), "end": e.decoded("DTEND").isoformat(),
            } for e in calendar.walk("VEVENT")]
            print(json.dumps({"name": str(calendar["X-WR-CALNAME"]), "method": str(calendar["METHOD"]),
                "version": str(calendar["VERSION"]), "events": events}, ensure_ascii=False))
            """
        let result = try Program.run(Program.locate("python3") ?? "/usr/bin/python3", ["-c", script, file.path])
        // Fails rather than skips when icalendar is missing: `make test` installs it (scripts/ensure-icalendar.sh).
        #expect(result.status == 0, "python3 icalendar (scripts/ensure-icalendar.sh installs it): \(result.errors)")
        let parsed = try JSONDecoder().decode(ParsedCalendar.self, from: Data(result.output.utf8))
        #expect(parsed.method == "PUBLISH")
        #expect(parsed.version == "2.0")
        #expect(parsed.name.contains("nadia"))
        #expect(parsed.events.count == 2)
        let expiry = try #require(parsed.events.first { $0.start == "2026-12-14" })
        #expect(expiry.end == "2026-12-15")
        #expect(expiry.summary.contains(Self.title), "escaping and folding undone by the reader")
        #expect(expiry.summary.hasPrefix("انتهاء صلاحية الدليل"))
        #expect(expiry.url.hasPrefix("https://qms.example.org/evidence/EV-"))
        #expect(expiry.uid.hasPrefix("evidence-expiry.EV-") && expiry.uid.hasSuffix(".nadia@eqms"))
        let withheld = try #require(parsed.events.first { $0.start == "2026-11-20" })
        #expect(!withheld.summary.contains("Security plan"))
        #expect(withheld.summary.contains("دليل مقيّد"))

        // The same day again: the same UIDs, so a client updates instead of adding.
        let again = try cli.run(["notify", "calendar", "--user", "nadia", "--as-of", "2026-12-07", "--lang", "ar"])
        #expect(again.status == 0)
        for event in parsed.events { #expect(again.stdout.contains("UID:\(event.uid)")) }
    }
}
