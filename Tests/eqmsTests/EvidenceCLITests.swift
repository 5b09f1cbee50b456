import Foundation
import QMSCore
import QMSFormats
import Testing

/// The JSON shapes the evidence and compliance commands print, as far as these tests read them.
private enum Printed {
    struct File: Decodable {
        var sha256: String
        var size: Int
        var originalName: String
        var mediaType: String
    }

    struct Content: Decodable {
        var title: String
        var kind: String
        var requirements: [String]
        var validUntil: String?
        var status: String
    }

    struct Record: Decodable {
        var id: String
        var revision: Int
        var status: String
        var withdrawnReason: String?
        var content: Content
        var files: [File]
    }

    struct ImportReport: Decodable {
        var records: Int
        var first: String
        var last: String
        var filesStored: Int
    }

    struct Readiness: Decodable {
        var standard: String
        var applicable: Int
        var satisfied: Int
        var partial: Int
        var missing: Int
        var readinessPercent: Double
    }

    struct Line: Decodable {
        var group: String
        var status: String
        var applicable: Int
        var satisfied: Int
        var partial: Int
        var missing: Int
    }

    struct Gaps: Decodable {
        struct Gap: Decodable { var key: String }
        struct Alert: Decodable {
            var evidence: String
            var kind: String
            var date: String
            var days: Int
        }
        struct Attention: Decodable {
            var alert: Alert
            var title: String
            var owner: String
        }
        var asOf: String
        var missing: [Gap]
        var evidence: [Attention]
    }

    struct ChecklistItem: Decodable {
        var key: String
        var type: String
        var state: String
        var evidence: [String]
    }
}

@Suite("Evidence and compliance from the command line")
struct EvidenceCLITests {
    /// Today as `eqms` sees it (UTC), and days around it.
    func today(plus days: Int = 0) -> String {
        Instant(secondsSince1970: Date().timeIntervalSince1970).date.adding(days: days).description
    }

    /// A fresh folder with an initialised database.
    func initialised() throws -> CLI {
        let cli = try CLI()
        let result = try cli.run(["init"])
        #expect(result.status == 0, "\(result.stderr)")
        return cli
    }

    func write(_ cli: CLI, _ name: String, _ text: String) throws -> URL {
        let url = cli.folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test("add with a file, list, show, revise, export each revision's file, and withdraw with a reason")
    func lifecycle() throws {
        let cli = try initialised()
        defer { cli.remove() }
        let policy = try write(cli, "policy.pdf", "%PDF-1.7 quality policy 2025")
        let policyV2 = try write(cli, "policy-2026.pdf", "%PDF-1.7 quality policy 2026, signed")

        let added = try cli.json(
            Printed.Record.self,
            [
                "evidence", "add", "--title", "Quality policy", "--requirement", "iso-9001-2015:5.2.2", "--file",
                "policy.pdf", "--effective", "2025-01-01", "--valid-until", "2099-12-31",
            ])
        let id = added.id
        #expect(id == "EV-\(today().prefix(4))-0001")
        #expect(added.revision == 1)
        #expect(added.content.kind == "document")
        #expect(added.content.requirements == ["iso-9001-2015:5.2.2"])
        #expect(added.files.map(\.originalName) == ["policy.pdf"])
        #expect(added.files.first?.mediaType == "application/pdf")
        #expect(added.files.first?.size == 28)

        let note = try cli.run([
            "evidence", "add", "--title", "Management review minutes", "--requirement", "iso-9001-2015:9.3.3",
        ])
        #expect(note.status == 0, "\(note.stderr)")
        #expect(note.stdout.contains("Logged EV-\(today().prefix(4))-0002: Management review minutes (0 file(s))."))

        let listed = try cli.json([Printed.Record].self, ["evidence", "list"])
        #expect(listed.map(\.content.title) == ["Quality policy", "Management review minutes"])
        #expect(listed.map(\.content.kind) == ["document", "note"])
        let filtered = try cli.json(
            [Printed.Record].self, ["evidence", "list", "--requirement", "iso-9001-2015:9.3.3"])
        #expect(filtered.map(\.content.title) == ["Management review minutes"])
        let table = try cli.run(["evidence", "list"])
        #expect(table.stdout.contains(id))
        #expect(table.stdout.contains("Quality policy"))

        let shown = try cli.run(["evidence", "show", id])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("\(id) revision 1 — current"))
        #expect(shown.stdout.contains("policy.pdf (application/pdf, 28 bytes, sha256 \(added.files[0].sha256))"))
        #expect(shown.stdout.contains("iso-9001-2015:5.2.2"))

        let revised = try cli.run([
            "evidence", "revise", id, "--title", "Quality policy 2026", "--file", "policy-2026.pdf",
        ])
        #expect(revised.status == 0, "\(revised.stderr)")
        #expect(revised.stdout.contains("\(id) is now at revision 2."))
        let revisions = try cli.json([Printed.Record].self, ["evidence", "show", id])
        #expect(revisions.map(\.revision) == [1, 2])
        #expect(revisions.map(\.status) == ["superseded", "current"])
        #expect(revisions.map(\.content.title) == ["Quality policy", "Quality policy 2026"])
        #expect(revisions.last?.files.map(\.originalName) == ["policy.pdf", "policy-2026.pdf"])
        #expect(revisions.last?.content.validUntil == "2099-12-31")

        let oldCopy = cli.folder.appendingPathComponent("out/old.pdf")
        try FileManager.default.createDirectory(
            at: oldCopy.deletingLastPathComponent(), withIntermediateDirectories: true)
        let exported = try cli.run(["evidence", "file", id, "--revision", "1", "--out", oldCopy.path])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout.contains("policy.pdf, 28 bytes"))
        let (oldBytes, policyBytes) = (try Data(contentsOf: oldCopy), try Data(contentsOf: policy))
        #expect(oldBytes == policyBytes)
        let newCopy = cli.folder.appendingPathComponent("out/new.pdf")
        #expect(try cli.run(["evidence", "file", id, "--index", "2", "--out", newCopy.path]).status == 0)
        let (newBytes, v2Bytes) = (try Data(contentsOf: newCopy), try Data(contentsOf: policyV2))
        #expect(newBytes == v2Bytes)
        let noSuchFile = try cli.run(["evidence", "file", id, "--index", "3", "--out", newCopy.path])
        #expect(noSuchFile.status == 1)

        #expect(try cli.run(["evidence", "withdraw", id]).status == 2)
        let shortReason = try cli.run(["evidence", "withdraw", id, "--reason", "old"])
        #expect(shortReason.status == 1)
        #expect(shortReason.stderr.contains("reason"))
        let withdrawn = try cli.run(["evidence", "withdraw", id, "--reason", "Replaced by the 2027 policy"])
        #expect(withdrawn.status == 0, "\(withdrawn.stderr)")
        #expect(withdrawn.stdout.contains("\(id) withdrawn."))
        let gone = try cli.json([Printed.Record].self, ["evidence", "list", "--status", "withdrawn"])
        #expect(gone.map(\.id) == [id])
        #expect(gone.first?.withdrawnReason == "Replaced by the 2027 policy")
        let refused = try cli.run(["evidence", "revise", id, "--title", "Back again"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("withdrawn"))

        let trail = try cli.run(["log"]).stdout
        for action in ["evidence.add", "evidence.revise", "evidence.withdraw"] {
            #expect(trail.contains(action), "\(action)")
        }
    }

    @Test("revising a draft without --current keeps it a draft; --current makes it current")
    func reviseDraft() throws {
        let cli = try initialised()
        defer { cli.remove() }
        let added = try cli.json(
            Printed.Record.self,
            ["evidence", "add", "--title", "Draft procedure", "--requirement", "iso-9001-2015:8.5.1", "--draft"])
        #expect(added.status == "draft")
        let revised = try cli.json(
            Printed.Record.self, ["evidence", "revise", added.id, "--title", "Draft procedure, second reading"])
        #expect(revised.revision == 2)
        #expect(revised.status == "draft", "a draft revised without --current must stay a draft")
        let current = try cli.json(Printed.Record.self, ["evidence", "revise", added.id, "--current"])
        #expect(current.status == "current")
    }

    @Test("import a CSV with files beside it; a bad row fails with its row and column and adds nothing")
    func importCSV() throws {
        let cli = try initialised()
        defer { cli.remove() }
        let template = try cli.run(["evidence", "import", "--template"])
        #expect(template.status == 0)
        #expect(
            template.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                == "title,requirements,kind,owner,process,effective_date,valid_until,review_due,confidentiality,link,files"
        )

        _ = try write(cli, "batch/docs/policy.pdf", "%PDF-1.7 policy")
        _ = try write(cli, "batch/docs/minutes.pdf", "%PDF-1.7 minutes")
        let header = template.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let rows = [
            "Quality policy,iso-9001-2015:5.2.2,document,amal,,2026-01-15,,,internal,,docs/policy.pdf",
            "\"Minutes, board\",iso-9001-2015:9.3.3,record,salma,,2026-02-01,,,restricted,,docs/minutes.pdf",
            "Results portal,iso-54001-2019:EP-05,link,salma,EP-05,2026-03-01,,,public,https://results.example.org,",
        ]
        _ = try write(cli, "batch/evidence.csv", ([header] + rows).joined(separator: "\r\n") + "\r\n")
        let imported = try cli.json(Printed.ImportReport.self, ["evidence", "import", "batch/evidence.csv"])
        #expect(imported.records == 3)
        #expect(imported.first.hasSuffix("-0001"))
        #expect(imported.last.hasSuffix("-0003"))
        #expect(imported.filesStored == 2)
        let listed = try cli.json([Printed.Record].self, ["evidence", "list"])
        #expect(listed.map(\.content.title) == ["Quality policy", "Minutes, board", "Results portal"])

        let trailBefore = try cli.run(["log", "--json"]).stdout
        let bad = [rows[0], rows[1], "Audit,iso-9001-2015:9.9.9,note,amal,,2026-03-01,,,internal,,", rows[2]]
        _ = try write(cli, "batch/bad.csv", ([header] + bad).joined(separator: "\n") + "\n")
        let failed = try cli.run(["evidence", "import", "batch/bad.csv"])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("row 4, column \"requirements\""), "\(failed.stderr)")
        #expect(failed.stderr.contains("iso-9001-2015:9.9.9"))
        #expect(try cli.json([Printed.Record].self, ["evidence", "list"]).count == 3)
        #expect(try cli.run(["log", "--json"]).stdout == trailBefore)

        let plain = try cli.run(["evidence", "import", "batch/evidence.csv"])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout.contains("Imported 3 record(s)"))
    }

    @Test("compliance per standard, by clause, by process, gaps and the documented information checklist")
    func compliance() throws {
        let cli = try initialised()
        defer { cli.remove() }
        let before = try cli.json([Printed.Readiness].self, ["compliance"])
        #expect(
            before.map(\.standard) == ["iso-17582-2014", "iso-54001-2019", "iso-9001-2015", "iso-9001-2026"])
        #expect(before.allSatisfy { $0.satisfied == 0 && $0.readinessPercent == 0 })

        let started = today(plus: -30)
        for arguments in [
            ["--title", "Internal audit 2026", "--requirement", "iso-54001-2019:9.2.2"],
            ["--title", "Policy communication", "--requirement", "iso-9001-2015:5.2.2"],
            ["--title", "Training matrix", "--requirement", "iso-9001-2015:7.2", "--valid-until", today(plus: 10)],
        ] {
            let result = try cli.run(["evidence", "add", "--effective", started] + arguments)
            #expect(result.status == 0, "\(result.stderr)")
        }

        let readiness = try cli.json([Printed.Readiness].self, ["compliance"])
        let iso9001 = try #require(readiness.first { $0.standard == "iso-9001-2015" })
        #expect(iso9001.satisfied == 3)
        #expect(iso9001.partial == 0)
        #expect(iso9001.missing == iso9001.applicable - 3)
        #expect(abs(iso9001.readinessPercent - 300 / Double(iso9001.applicable)) < 1e-9)
        let table = try cli.run(["compliance"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("iso-9001-2015"))

        let clauses = try cli.json([Printed.Line].self, ["compliance", "iso-9001-2015", "--by", "clause"])
        #expect(clauses.map(\.group) == ["4", "5", "6", "7", "8", "9", "10"])
        let bySatisfied = Dictionary(uniqueKeysWithValues: clauses.map { ($0.group, $0.satisfied) })
        #expect(bySatisfied == ["4": 0, "5": 1, "6": 0, "7": 1, "8": 0, "9": 1, "10": 0])
        #expect(clauses.first { $0.group == "9" }?.status == "partial")
        #expect(clauses.first { $0.group == "4" }?.status == "missing")
        let clauseTable = try cli.run(["compliance", "iso-9001-2015", "--by", "clause"])
        #expect(clauseTable.status == 0)

        let processes = try cli.json([Printed.Line].self, ["compliance", "iso-54001-2019", "--by", "process"])
        #expect(!processes.isEmpty)
        #expect(processes.allSatisfy { $0.group.hasPrefix("EP-0") && $0.applicable > 0 })
        #expect(processes.map(\.group) == processes.map(\.group).sorted())
        #expect(try cli.run(["compliance", "iso-54001-2019", "--by", "process"]).status == 0)

        let gaps = try cli.json(Printed.Gaps.self, ["compliance", "gaps", "--within", "30d"])
        #expect(gaps.asOf == today())
        #expect(gaps.evidence.map(\.alert.kind) == ["expiring"])
        #expect(gaps.evidence.first?.alert.days == 10)
        #expect(gaps.evidence.first?.title == "Training matrix")
        #expect(gaps.evidence.first?.owner == "amal")
        let missing = Set(gaps.missing.map(\.key))
        #expect(!missing.contains("iso-9001-2015:9.2.2"))
        #expect(!missing.contains("iso-9001-2015:5.2.2"))
        #expect(missing.contains("iso-9001-2015:9.3.3"))
        let narrow = try cli.json(Printed.Gaps.self, ["compliance", "gaps", "--within", "1w"])
        #expect(narrow.evidence.isEmpty)
        #expect(try cli.run(["compliance", "gaps", "--within", "30d"]).stdout.contains("Training matrix"))

        let checklist = try cli.json([Printed.ChecklistItem].self, ["compliance", "documented-information"])
        #expect(checklist.count == 27)
        let present = checklist.filter { $0.state == "present" }.map(\.key)
        #expect(Set(present) == ["iso-9001-2015:5.2.2", "iso-9001-2015:7.2", "iso-9001-2015:9.2.2"])
        #expect(checklist.filter { $0.type == "maintain" }.count == 6)
        #expect(checklist.filter { $0.type == "retain" }.count == 21)
        let text = try cli.run(["compliance", "documented-information"])
        #expect(text.status == 0)
        let said = text.stderr + text.stdout
        #expect(said.contains("6 documents to maintain, 21 records to retain"))
        #expect(said.contains("of 27 present"))
    }

    @Test("usage errors exit 2; commands that cannot do what was asked exit 1")
    func exitCodes() throws {
        let cli = try initialised()
        defer { cli.remove() }
        _ = try write(cli, "scan.pdf", "%PDF-1.7 scan")
        for usage in [
            ["evidence", "add", "--requirement", "iso-9001-2015:5.2.2"],
            ["evidence", "add", "--title", "No requirement"],
            ["evidence", "add", "--title", "Bad key", "--requirement", "9001-5.2.2"],
            [
                "evidence", "add", "--title", "Bad day", "--requirement", "iso-9001-2015:5.2.2", "--valid-until",
                "2026-13-01",
            ],
            ["evidence", "add", "--title", "Bad kind", "--requirement", "iso-9001-2015:5.2.2", "--kind", "memo"],
            ["evidence", "list", "--expiring-within", "soon"],
            ["evidence", "list", "--status", "lost"],
            ["evidence", "show", "EV-26-1"],
            ["evidence", "import"],
            ["compliance", "--by", "clause"],
            ["compliance", "iso-9001-2015", "--by", "chapter"],
            ["compliance", "gaps", "--within", "soon"],
        ] {
            let result = try cli.run(usage)
            #expect(result.status == 2, "\(usage): \(result.stderr)")
            #expect(!result.stderr.isEmpty, "\(usage)")
        }
        for failure in [
            ["evidence", "add", "--title", "Unknown", "--requirement", "iso-9001-2015:11.1", "--file", "scan.pdf"],
            ["evidence", "add", "--title", "No file", "--requirement", "iso-9001-2015:5.2.2", "--kind", "document"],
            ["evidence", "add", "--title", "Missing", "--requirement", "iso-9001-2015:5.2.2", "--file", "nowhere.pdf"],
            ["evidence", "show", "EV-2026-0099"],
            ["evidence", "import", "nowhere.csv"],
            ["compliance", "iso-9999-2030"],
        ] {
            let result = try cli.run(failure)
            #expect(result.status == 1, "\(failure): \(result.stderr)")
            #expect(!result.stderr.isEmpty, "\(failure)")
        }
        #expect(try cli.json([Printed.Record].self, ["evidence", "list"]).isEmpty)
    }
}
