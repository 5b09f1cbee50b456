import Foundation
import QMSCore
import QMSFormats
@_spi(Benchmarks) import QMSServices
import QMSStore
import Testing

/// `eqms evidence list --json` writes the register a page at a time: what it prints must be the
/// document the whole list encoded at once gave, byte for byte, and decode to the stored records.
@Suite("Evidence register streamed as JSON")
struct EvidenceListStreamTests {
    func initialised() throws -> CLI {
        let cli = try CLI()
        let result = try cli.run(["init"])
        #expect(result.status == 0, "\(result.stderr)")
        return cli
    }

    /// The records as the service lists them, read from the same SQLite file the program used.
    func stored(_ cli: CLI, _ filter: EvidenceFilter = EvidenceFilter(), expiringWithin days: Int? = nil)
        async throws -> [EvidenceRecord]
    {
        let qms = try await QMS.openSQLite(
            path: cli.folder.appendingPathComponent("eqms.sqlite").path, actor: "test")
        let records = try await qms.evidence.list(filter, expiringWithin: days)
        try await qms.benchmarkStore.close()
        return records
    }

    /// What the whole list gave before it was streamed: `JSONEncoder` with the CLI's settings.
    func encodedAtOnce(_ records: [EvidenceRecord]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(records), as: UTF8.self) + "\n"
    }

    @Test("an empty register prints an empty array, as the encoder wrote it")
    func empty() async throws {
        let cli = try initialised()
        defer { cli.remove() }
        let result = try cli.run(["evidence", "list", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == (try encodedAtOnce([])))
        #expect(try JSONDecoder().decode([EvidenceRecord].self, from: Data(result.stdout.utf8)).isEmpty)
        #expect(try await stored(cli).isEmpty)
    }

    @Test("1,502 records over two pages, one titled with quotes, line breaks and Arabic, print as encoded at once")
    func pages() async throws {
        let cli = try initialised()
        defer { cli.remove() }
        let title = "Minutes \"final\" of the board\nمحضر اجتماع المجلس — \\ a/b\tend"
        let file = cli.folder.appendingPathComponent("minutes.pdf")
        try Data("%PDF-1.7 minutes".utf8).write(to: file)
        let added = try cli.run([
            "evidence", "add", "--title", title, "--requirement", "iso-9001-2015:9.3.3", "--requirement",
            "iso-9001-2015:5.2.2", "--file", "minutes.pdf", "--description", "Signed by the chair;\r\n«approved»",
            "--tag", "Board", "--tag", "minutes", "--effective", "2026-01-01", "--valid-until", "2026-03-31",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        var csv = EvidenceCSV.template + "\n"
        for row in 0..<1_500 {
            csv += "Polling station \(row),iso-9001-2015:8.5.1,link,amal,EP-04,2026-02-01,,,internal,"
            csv += "https://iec.example/records/\(row),\n"
        }
        try Data(csv.utf8).write(to: cli.folder.appendingPathComponent("rows.csv"))
        let imported = try cli.run(["evidence", "import", "rows.csv"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let note = try cli.run([
            "evidence", "add", "--title", "Last note", "--requirement", "iso-9001-2015:7.5.3",
        ])
        #expect(note.status == 0, "\(note.stderr)")
        let year = Instant(secondsSince1970: Date().timeIntervalSince1970).date.year
        let revised = try cli.run(["evidence", "revise", "EV-\(year)-0002", "--title", "Polling station 0, revised"])
        #expect(revised.status == 0, "\(revised.stderr)")
        let withdrawn = try cli.run(["evidence", "withdraw", "EV-\(year)-0003", "--reason", "Duplicate"])
        #expect(withdrawn.status == 0, "\(withdrawn.stderr)")

        let result = try cli.run(["evidence", "list", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try await stored(cli)
        #expect(expected.count == 1_502)
        #expect(result.stdout == (try encodedAtOnce(expected)))
        let printed = try JSONDecoder().decode([EvidenceRecord].self, from: Data(result.stdout.utf8))
        #expect(printed == expected)
        #expect(printed.map(\.id) == (1...1_502).map { EvidenceID(year: year, number: $0) })
        #expect(printed.first?.content.title == title)
        #expect(printed.first?.content.description == "Signed by the chair;\r\n«approved»")
        #expect(printed.first?.content.tags == ["board", "minutes"])
        #expect(printed.first?.files.map(\.originalName) == ["minutes.pdf"])
        #expect(printed[1].revision == 2)
        #expect(printed[1].content.title == "Polling station 0, revised")
        #expect(printed[2].status == .withdrawn)
        #expect(printed[2].withdrawnReason == "Duplicate")
        #expect(printed.last?.content.title == "Last note")

        // Filters go through the same pages: the history, and an expiry window.
        let history = try cli.run(["evidence", "list", "--status", "superseded", "--json"])
        #expect(history.status == 0, "\(history.stderr)")
        var superseded = EvidenceFilter(status: .superseded)
        superseded.includeHistory = true
        let expectedHistory = try await stored(cli, superseded)
        #expect(expectedHistory.map(\.revision) == [1])
        #expect(history.stdout == (try encodedAtOnce(expectedHistory)))
        let expiring = try cli.run(["evidence", "list", "--expiring-within", "30d", "--json"])
        #expect(expiring.status == 0, "\(expiring.stderr)")
        let expectedExpiring = try await stored(cli, expiringWithin: 30)
        #expect(expectedExpiring.map(\.content.title) == [title])
        #expect(expiring.stdout == (try encodedAtOnce(expectedExpiring)))

        // The table keeps listing every record.
        let table = try cli.run(["evidence", "list"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("EV-\(year)-1502"))
        #expect(table.stderr.contains("1502 record(s)."))
    }
}
