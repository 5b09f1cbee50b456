import Foundation
import Testing

/// The JSON shapes the plan commands print, as far as these tests read them.
private enum PlanPrinted {
    struct Listing: Decodable {
        var awp: String
        var latestVersion: Int
        var status: String
    }

    struct Imported: Decodable {
        var awp: String
        var version: Int
        var activities: Int
        var budgetLines: Int
    }

    struct Decision: Decodable {
        struct Evidence: Decodable {
            struct Content: Decodable {
                var title: String
                var requirements: [String]
            }
            var id: String
            var content: Content
        }
        var status: String
        var evidence: Evidence?
    }

    struct Diff: Decodable {
        var activitiesAdded: [Activity]
        var activitiesRemoved: [Activity]
        var activitiesChanged: [Changed]
        var budgetChanges: [Change]

        struct Activity: Decodable { var code: String }
        struct Changed: Decodable { var code: String }
        struct Change: Decodable { var kind: String }
    }

    struct Report: Decodable {
        struct Line: Decodable {
            var key: String
            var deliveryBasisPoints: Int?
        }
        var total: Line
        var byOutput: [Line]
    }

    struct Requirement: Decodable {
        var group: String
        var status: String
    }
}

@Suite("The plan commands, end to end", .serialized)
struct PlansCLITests {
    static let hnec = CLI.repository.appendingPathComponent("Plans/hnec-libya-2018-2019.xml").path
    static let jordan = CLI.repository.appendingPathComponent("Plans/iec-jordan-electoral-assistance.xml").path

    /// A folder with a database, a Technical Committee member and a viewer.
    func prepared() throws -> CLI {
        let cli = try CLI()
        #expect(try cli.run(["init"]).status == 0)
        #expect(try cli.run(["user", "add", "salem", "--role", "tc-member"]).status == 0)
        #expect(try cli.run(["user", "add", "nour", "--role", "viewer"]).status == 0)
        return cli
    }

    @Test("the samples import and list; the show command prints the activities")
    func importAndShow() throws {
        let cli = try prepared()
        defer { cli.remove() }
        let first = try cli.json(PlanPrinted.Imported.self, ["plan", "import", Self.hnec])
        #expect(first.awp == "hnec-2018" && first.version == 1 && first.activities == 13 && first.budgetLines == 15)
        let jordan = try cli.run(["plan", "import", Self.jordan])
        #expect(jordan.status == 0, "\(jordan.stderr)")
        #expect(jordan.stdout.contains("Imported iec-jordan-2019 version 1 (draft)"))
        let listed = try cli.json([PlanPrinted.Listing].self, ["plan", "show"])
        #expect(listed.map(\.awp) == ["hnec-2018", "iec-jordan-2019"])
        let shown = try cli.run(["plan", "show", "hnec-2018"])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("Procure 20 vehicles for HNEC field offices"))
        #expect(shown.stdout.contains("480,000.00"))
        let arabic = try cli.run(["plan", "show", "hnec-2018", "--lang", "ar"])
        #expect(arabic.stdout.contains("شراء 20 مركبة"))
        #expect(try cli.run(["plan", "import", "--csv-template"]).stdout.hasPrefix("awp,year,currency,output"))
    }

    @Test("submit, comment, a refused decision, approval by the TC as evidence, and compliance follows")
    func review() throws {
        let cli = try prepared()
        defer { cli.remove() }
        #expect(try cli.run(["plan", "import", Self.hnec]).status == 0)
        #expect(try cli.run(["awp", "submit", "hnec-2018"]).stdout.contains("is submitted"))
        let resubmit = try cli.run(["awp", "submit", "hnec-2018"])
        #expect(resubmit.status == 1 && resubmit.stderr.contains("the steps allowed now are comment, approve, revise"))
        let comment = try cli.run([
            "awp", "comment", "hnec-2018", "--activity", "2.1", "Split the RMS contract", "--actor", "salem",
        ])
        #expect(comment.status == 0, "\(comment.stderr)")
        let notUser = try cli.run(["awp", "decide", "hnec-2018", "approve", "--minutes", "TC meeting 12"])
        #expect(notUser.status == 1 && notUser.stderr.contains("amal is not a user"))
        let viewer = try cli.run([
            "awp", "decide", "hnec-2018", "approve", "--minutes", "TC meeting 12", "--actor", "nour",
        ])
        #expect(
            viewer.status == 1 && viewer.stderr.contains("nour has the role viewer; only a Technical Committee member"))
        #expect(!viewer.stderr.contains("is a viewer"), "a role is named as a role, not as an article and a noun")
        let decided = try cli.json(
            PlanPrinted.Decision.self,
            ["awp", "decide", "hnec-2018", "approve", "--minutes", "TC meeting 12: approved", "--actor", "salem"])
        #expect(decided.status == "approved")
        let evidence = try #require(decided.evidence)
        #expect(evidence.content.title == "Annual work plan hnec-2018 v1 approved by the Technical Committee")
        #expect(evidence.content.requirements.contains("iso-9001-2015:8.1"))
        let lines = try cli.json(
            [PlanPrinted.Requirement].self, ["compliance", "iso-9001-2015", "--by", "requirement"])
        #expect(lines.first { $0.group == "iso-9001-2015:8.1" }?.status == "satisfied")
        #expect(lines.first { $0.group == "iso-9001-2015:6.2.2" }?.status == "satisfied")
        let log = try cli.run(["log", "--entity", "awp:hnec-2018"])
        for action in ["awp.import", "awp.submit", "awp.review", "awp.comment", "awp.approve", "awp.decide"] {
            #expect(log.stdout.contains(action), "\(action)")
        }
        #expect(try cli.run(["verify"]).status == 0)
    }

    @Test("an exported workbook re-imports as the next version with nothing changed")
    func xlsxRoundTrip() throws {
        let cli = try prepared()
        defer { cli.remove() }
        #expect(try cli.run(["plan", "import", Self.hnec]).status == 0)
        let exported = try cli.run(["plan", "export", "hnec-2018", "--format", "xlsx", "--out", "awp.xlsx"])
        #expect(exported.status == 0, "\(exported.stderr)")
        let again = try cli.json(PlanPrinted.Imported.self, ["plan", "import", "awp.xlsx"])
        #expect(again.version == 2)
        let diff = try cli.json(PlanPrinted.Diff.self, ["awp", "diff", "hnec-2018", "--from", "1", "--to", "2"])
        #expect(diff.activitiesAdded.isEmpty && diff.activitiesRemoved.isEmpty && diff.activitiesChanged.isEmpty)
        #expect(diff.budgetChanges.isEmpty)
        #expect(try cli.run(["awp", "diff", "hnec-2018", "--from", "1", "--to", "2"]).stdout.contains("No change"))
        let xml = try cli.run(["plan", "export", "hnec-2018", "--format", "xml", "--out", "awp.xml", "--version", "1"])
        #expect(xml.status == 0)
        #expect(try cli.run(["plan", "import", "awp.xml"]).status == 0)
    }

    @Test("a bad CSV row fails with its row and column and writes nothing")
    func badRow() throws {
        let cli = try prepared()
        defer { cli.remove() }
        #expect(try cli.run(["plan", "import", Self.hnec]).status == 0)
        #expect(try cli.run(["plan", "export", "hnec-2018", "--format", "csv", "--out", "awp.csv"]).status == 0)
        let url = cli.folder.appendingPathComponent("awp.csv")
        var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\r\n")
        lines[2] = lines[2].replacingOccurrences(of: ",600000.00,", with: ",600 000 USD,")
        try Data(lines.joined(separator: "\r\n").utf8).write(to: url)
        let before = try cli.run(["log", "--json"]).stdout
        let failed = try cli.run(["plan", "import", "awp.csv"])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("awp.csv: row 3, column \"q2\""), "\(failed.stderr)")
        #expect(try cli.run(["log", "--json"]).stdout == before)
        #expect(try cli.json([PlanPrinted.Listing].self, ["plan", "show"]).first?.latestVersion == 1)
    }

    @Test("expenditure feeds the report's delivery rates")
    func expenditure() throws {
        let cli = try prepared()
        defer { cli.remove() }
        #expect(try cli.run(["plan", "import", Self.hnec]).status == 0)
        let added = try cli.run([
            "expense", "add", "hnec-2018", "--activity", "1.1", "--amount", "240000.00", "--currency", "USD", "--date",
            "2018-06-30", "--reference", "PO-2018-017",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        let ambiguous = try cli.run([
            "expense", "add", "hnec-2018", "--activity", "2.1", "--amount", "10", "--currency", "USD", "--date",
            "2018-10-01", "--reference", "X",
        ])
        #expect(ambiguous.status == 1 && ambiguous.stderr.contains("--source"))
        let report = try cli.json(PlanPrinted.Report.self, ["awp", "report", "hnec-2018"])
        #expect(report.byOutput.first { $0.key == "1" }?.deliveryBasisPoints == 1429)
        #expect(report.total.deliveryBasisPoints == 804)
        let text = try cli.run(["awp", "report", "hnec-2018"])
        #expect(text.stdout.contains("14.29%"))
        #expect(text.stdout.contains("participants"))
        #expect(try cli.run(["expense", "list", "hnec-2018"]).stdout.contains("PO-2018-017"))
    }

    @Test("usage errors exit 2")
    func usage() throws {
        let cli = try prepared()
        defer { cli.remove() }
        for arguments in [
            ["plan", "import"], ["plan", "import", "plan.pdf"],
            ["plan", "export", "hnec-2018", "--format", "pdf", "--out", "x"],
            ["plan", "show", "HNEC 2018"], ["awp", "decide", "hnec-2018", "maybe", "--minutes", "x"],
            ["awp", "diff", "hnec-2018", "--from", "0", "--to", "2"],
            ["awp", "comment", "hnec-2018", "--activity", "A.1", "text"],
            [
                "expense", "add", "hnec-2018", "--activity", "1.1", "--amount", "12.345", "--currency", "USD", "--date",
                "2018-01-01", "--reference", "R",
            ],
            [
                "expense", "add", "hnec-2018", "--activity", "1.1", "--amount", "12", "--currency", "USD", "--date",
                "2018-02-30", "--reference", "R",
            ],
        ] {
            let result = try cli.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
        }
    }
}
