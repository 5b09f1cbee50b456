import Foundation
import QMSCore
import QMSFormats
import Testing

/// The JSON shapes the findings commands print, as far as these tests read them.
private enum Printed {
    struct Audit: Decodable {
        struct Content: Decodable {
            var kind: String
            var title: String
        }
        var id: String
        var status: String
        var content: Content
        var findings: [String]?
    }

    struct Alert: Decodable {
        var kind: String
        var reference: String
        var days: Int
    }

    struct Nonconformity: Decodable {
        struct Content: Decodable {
            var title: String
            var source: String
            var grade: String
            var requirements: [String]
            var audit: String?
        }
        struct Action: Decodable {
            var id: String
            var owner: String
            var due: String
            var implementedOn: String?
        }
        struct Step: Decodable {
            var kind: String
            var from: String?
            var to: String
            var actor: String
        }
        struct CorrectiveAction: Decodable {
            var round: Int
            var actions: [Action]
            var history: [Step]
        }
        var id: String
        var state: String
        var open: Bool
        var allowedNextStates: [String]
        var alerts: [Alert]
        var content: Content
        var correctiveAction: CorrectiveAction
    }

    struct Line: Decodable {
        var group: String
        var status: String
        var findings: [String]?
    }

    struct Review: Decodable {
        struct Action: Decodable {
            var id: String
            var doneOn: String?
        }
        var id: String
        var actions: [Action]
        var missingInputs: [String]?
    }

    struct Recommendation: Decodable {
        struct Link: Decodable {
            var kind: String
            var target: String
        }
        var id: String
        var status: String
        var links: [Link]
    }

    struct Exported: Decodable {
        var file: String
        var rows: Int
    }
}

@Suite("Findings from the command line")
struct FindingsCLITests {
    /// Today as `eqms` sees it (UTC), and days around it.
    func today(plus days: Int = 0) -> String {
        Instant(secondsSince1970: Date().timeIntervalSince1970).date.adding(days: days).description
    }

    var year: String { String(today().prefix(4)) }

    func initialised() throws -> CLI {
        let cli = try CLI()
        let result = try cli.run(["init"])
        #expect(result.status == 0, "\(result.stderr)")
        return cli
    }

    /// Runs a command that must succeed and returns its standard output.
    @discardableResult
    func ok(_ cli: CLI, _ arguments: [String]) throws -> String {
        let result = try cli.run(arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return result.stdout
    }

    fileprivate func requirementStatus(_ cli: CLI, _ key: String) throws -> Printed.Line? {
        try cli.json([Printed.Line].self, ["compliance", "iso-9001-2015", "--by", "requirement"]).first {
            $0.group == key
        }
    }

    @Test("an internal-audit finding goes from open to closed, through an illegal step and an ineffective fix")
    func walkToClosure() throws {
        let cli = try initialised()
        defer { cli.remove() }
        let audit = try cli.json(
            Printed.Audit.self,
            [
                "audit", "plan", "--title", "Internal audit of vote counting", "--start", today(plus: -3), "--end",
                today(plus: -2), "--auditor", "Omar Khalil", "--process", "EP-05", "--requirement",
                "iso-9001-2015:8.5.1", "--site", "Irbid field office",
            ])
        #expect(audit.id == "AUD-\(year)-01")
        #expect(audit.status == "planned")

        try ok(cli, ["evidence", "add", "--title", "Counting procedure", "--requirement", "iso-9001-2015:8.5.1"])
        #expect(try requirementStatus(cli, "iso-9001-2015:8.5.1")?.status == "satisfied")

        let opened = try cli.json(
            Printed.Nonconformity.self,
            [
                "nc", "open", "--title", "Reconciliation forms not signed", "--grade", "major", "--audit", audit.id,
                "--requirement", "iso-9001-2015:8.5.1", "--process", "EP-05",
            ])
        let id = opened.id
        #expect(id == "NC-\(year)-001")
        #expect(opened.content.source == "internal-audit")
        #expect(opened.state == "reported")
        #expect(opened.allowedNextStates == ["contained"])
        let held = try requirementStatus(cli, "iso-9001-2015:8.5.1")
        #expect(held?.status == "missing")
        #expect(held?.findings == [id])

        let illegal = try cli.run(["nc", "advance", id, "--to", "implemented", "--note", "Done already"])
        #expect(illegal.status == 1)
        #expect(illegal.stderr.contains("\(id) is reported and cannot go to implemented"))
        #expect(illegal.stderr.contains("the next step allowed is contained"))

        #expect(
            try ok(cli, ["nc", "advance", id, "--to", "contained", "--note", "Forms signed by the officers"])
                .contains("\(id) is now contained."))
        try ok(
            cli,
            [
                "nc", "advance", id, "--to", "analysed", "--cause", "No checklist", "--cause", "Training", "--method",
                "5 whys",
            ])
        let planned = try cli.json(
            Printed.Nonconformity.self,
            [
                "nc", "advance", id, "--to", "planned", "--action", "Add a signature checklist", "--owner", "salma",
                "--due", today(plus: 20), "--action", "Train presiding officers", "--owner", "omar", "--due",
                today(plus: 30),
            ])
        #expect(planned.correctiveAction.actions.map(\.id) == ["CA-\(year)-001-1", "CA-\(year)-001-2"])
        #expect(planned.correctiveAction.actions.map(\.owner) == ["salma", "omar"])

        try ok(cli, ["evidence", "add", "--title", "Signature checklist", "--requirement", "iso-9001-2015:8.5.1"])
        try ok(
            cli,
            ["nc", "advance", id, "--to", "implemented", "--evidence", "EV-\(year)-0002", "--actor", "salma"])
        let ownWork = try cli.run([
            "nc", "advance", id, "--to", "verified", "--result", "effective", "--actor", "salma",
        ])
        #expect(ownWork.status == 1)
        #expect(ownWork.stderr.contains("salma implemented the corrective action of \(id) and cannot verify"))

        let ineffective = try cli.run(["nc", "advance", id, "--to", "verified", "--result", "ineffective"])
        #expect(ineffective.status == 0, "\(ineffective.stderr)")
        #expect(ineffective.stdout.contains("\(id) was found ineffective: back to analysed (round 2)."))
        try ok(
            cli,
            [
                "nc", "advance", id, "--to", "planned", "--action", "Supervisor signs each form", "--owner", "omar",
                "--due", today(plus: 10),
            ])
        try ok(cli, ["nc", "advance", id, "--to", "implemented", "--note", "Sign-off in place", "--actor", "omar"])
        try ok(cli, ["nc", "advance", id, "--to", "verified", "--result", "effective"])
        #expect(try requirementStatus(cli, "iso-9001-2015:8.5.1")?.status == "missing", "verified is not yet closed")
        let closed = try cli.json(
            Printed.Nonconformity.self,
            ["nc", "advance", id, "--to", "closed", "--update-risks", "yes", "--change-qms", "no"])
        #expect(closed.state == "closed")
        #expect(!closed.open)
        #expect(closed.correctiveAction.round == 2)
        #expect(
            closed.correctiveAction.history.map(\.to) == [
                "reported", "contained", "analysed", "planned", "implemented", "analysed", "planned", "implemented",
                "verified", "closed",
            ])
        #expect(closed.correctiveAction.history[4].actor == "salma")
        #expect(try requirementStatus(cli, "iso-9001-2015:8.5.1")?.status == "satisfied")

        let shown = try ok(cli, ["nc", "show", id])
        #expect(shown.contains("\(id) — major, closed"))
        #expect(shown.contains("No checklist; Training") || shown.contains("Supervisor"))
        #expect(shown.contains("implemented → analysed (ineffective)"))
        let audits = try cli.json([Printed.Audit].self, ["audit", "list"])
        #expect(audits.first?.findings == [id])

        let reopened = try cli.json(Printed.Nonconformity.self, ["nc", "reopen", id, "--note", "Recurred in Zarqa"])
        #expect(reopened.state == "analysed")
        #expect(reopened.correctiveAction.round == 3)
        #expect(try requirementStatus(cli, "iso-9001-2015:8.5.1")?.status == "missing")

        let trail = try ok(cli, ["log", "--entity", "nc:\(id)"])
        for action in ["nc.open", "nc.advance", "nc.reopen"] { #expect(trail.contains(action), "\(action)") }
        #expect(try cli.run(["verify"]).status == 0, "the findings registers agree with the audit trail")
    }

    @Test("a minor finding makes its requirement partial; overdue actions and the six-month limit are flagged")
    func alertsAndMinor() throws {
        let cli = try initialised()
        defer { cli.remove() }
        try ok(cli, ["evidence", "add", "--title", "Training records", "--requirement", "iso-9001-2015:7.2"])
        let minor = try cli.json(
            Printed.Nonconformity.self,
            [
                "nc", "open", "--title", "Two trainers without records", "--grade", "minor", "--source",
                "process-monitoring", "--requirement", "iso-9001-2015:7.2", "--raised-on", today(plus: -60),
            ])
        #expect(try requirementStatus(cli, "iso-9001-2015:7.2")?.status == "partial")
        try ok(cli, ["nc", "advance", minor.id, "--to", "contained", "--note", "Records collected"])
        try ok(cli, ["nc", "advance", minor.id, "--to", "analysed", "--cause", "No owner"])
        try ok(
            cli,
            [
                "nc", "advance", minor.id, "--to", "planned", "--action", "Name an owner", "--action", "Audit records",
                "--owner", "salma", "--due", today(plus: -5),
            ])

        let stage2 = try cli.json(
            Printed.Audit.self,
            [
                "audit", "add", "--kind", "stage-2", "--title", "Stage 2 certification audit", "--start",
                today(plus: -170), "--end", today(plus: -168), "--lead-auditor", "A. Lead", "--certification-body",
                "Cert Body Ltd", "--process", "EP-04", "--event", "Polling day", "--event-date", today(plus: -169),
            ])
        #expect(stage2.status == "conducted")
        let major = try cli.run([
            "nc", "open", "--title", "Ballot boxes unsealed", "--grade", "major", "--audit", stage2.id,
            "--requirement", "iso-9001-2015:8.5.1", "--raised-on", today(plus: -168),
        ])
        #expect(major.status == 0, "\(major.stderr)")
        #expect(major.stdout.contains("Its fix must be verified by"))

        let flagged = try cli.json([Printed.Nonconformity].self, ["nc", "list", "--attention"])
        #expect(flagged.count == 2)
        #expect(flagged[0].alerts.map(\.kind) == ["overdue", "overdue"])
        #expect(flagged[0].alerts.map(\.days) == [-5, -5])
        #expect(flagged[1].content.source == "certification-audit")
        #expect(flagged[1].alerts.map(\.kind) == ["deadline-approaching"])
        let table = try ok(cli, ["nc", "list"])
        #expect(table.contains("overdue CA-\(year)-001-1 (5d late)"))
        #expect(table.contains("verification limit near NC-\(year)-002"))
        let arabic = try ok(cli, ["nc", "list", "--lang", "ar"])
        #expect(arabic.contains("الدرجة"))
        #expect(arabic.contains("بسيطة"))
        #expect(try cli.json([Printed.Nonconformity].self, ["nc", "list", "--grade", "major"]).count == 1)
        #expect(
            try cli.json([Printed.Nonconformity].self, ["nc", "list", "--state", "planned"]).map(\.id) == [minor.id])
    }

    @Test("reviews, recommendations and every register's CSV export")
    func registersAndExport() throws {
        let cli = try initialised()
        defer { cli.remove() }
        let review = try cli.json(
            Printed.Review.self,
            [
                "review", "add", "--title", "Management review, first half", "--date", today(plus: -30),
                "--attendee", "Chair", "--attendee", "Amal Haddad", "--input", "all", "--qms-change",
                "Add a polling-day checklist", "--action", "Revise the training plan", "--owner", "salma", "--due",
                today(plus: -1),
            ])
        #expect(review.id == "MR-\(year)-01")
        let listed = try cli.json([Printed.Review].self, ["review", "list"])
        #expect(listed.first?.missingInputs == [])
        #expect(try ok(cli, ["review", "list"]).contains("MR-\(year)-01-1"))
        try ok(cli, ["review", "complete", "MR-\(year)-01-1", "--note", "Plan revised", "--actor", "salma"])
        #expect(try cli.json([Printed.Review].self, ["review", "list"]).first?.actions.first?.doneOn == today())

        let recommendation = try cli.json(
            Printed.Recommendation.self,
            [
                "recommendation", "add", "--mission", "EU EOM 2024", "--year", "2024", "--reference", "12", "--text",
                "=Publish results, by station", "--priority", "high", "--addressee", "emb",
            ])
        #expect(recommendation.id == "REC-2024-001")
        let refused = try cli.run(["recommendation", "update", recommendation.id, "--status", "implemented"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("without evidence"))
        try ok(cli, ["evidence", "add", "--title", "Results portal", "--requirement", "iso-54001-2019:EP-05"])
        let linked = try cli.json(
            Printed.Recommendation.self,
            [
                "recommendation", "link", recommendation.id, "--evidence", "EV-\(year)-0001", "--activity", "1.3.2",
                "--action", "MR-\(year)-01-1",
            ])
        #expect(linked.links.map(\.kind) == ["action", "activity", "evidence"])
        try ok(cli, ["recommendation", "update", recommendation.id, "--status", "implemented"])
        #expect(
            try cli.json([Printed.Recommendation].self, ["recommendation", "list", "--status", "implemented"]).count
                == 1)

        try ok(
            cli,
            [
                "nc", "open", "--title", "Results late in two districts", "--grade", "ofi", "--recommendation",
                recommendation.id,
            ])
        try ok(
            cli,
            [
                "audit", "plan", "--title", "Audit, EP-05", "--start", today(plus: 30), "--auditor", "omar",
                "--process", "EP-05",
            ])

        for (register, name, header) in [
            ("nc", "nc.csv", "id,title,grade,source,state,"), ("audit", "audits.csv", "id,kind,title,status,"),
            ("review", "reviews.csv", "id,title,held_on,"), ("recommendation", "recs.csv", "id,mission,year,"),
        ] {
            let exported = try cli.json(Printed.Exported.self, [register, "list", "--export-csv", name])
            #expect(exported.rows == 1, "\(register)")
            // Read as bytes: decoding as UTF-8 would drop the byte-order mark this checks.
            let bytes = try Data(contentsOf: cli.folder.appendingPathComponent(name))
            #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF] + Array(header.utf8)), "\(register)")
        }
        let plain = try ok(cli, ["recommendation", "list", "--export-csv", "again.csv"])
        #expect(plain.contains("Wrote 1 recommendations to again.csv."))
        let recs = try String(contentsOf: cli.folder.appendingPathComponent("recs.csv"), encoding: .utf8)
        #expect(recs.contains(",\"'=Publish results, by station\"\r\n"), "formulas are defused and commas quoted")
    }

    @Test("usage errors exit 2; findings commands that cannot do what was asked exit 1")
    func exitCodes() throws {
        let cli = try initialised()
        defer { cli.remove() }
        try ok(
            cli,
            [
                "nc", "open", "--title", "Gap", "--grade", "minor", "--source", "complaint", "--requirement",
                "iso-9001-2015:7.2",
            ])
        let id = "NC-\(year)-001"
        for usage in [
            ["nc", "open", "--title", "No grade", "--source", "complaint"],
            ["nc", "open", "--title", "Bad grade", "--grade", "huge", "--source", "complaint"],
            ["nc", "open", "--title", "No source", "--grade", "minor", "--requirement", "iso-9001-2015:7.2"],
            ["nc", "open", "--title", "Bad source", "--grade", "minor", "--source", "rumour"],
            ["nc", "show", "NC-26-1"],
            ["nc", "advance", id],
            ["nc", "advance", id, "--to", "fixed"],
            ["nc", "advance", id, "--to", "contained"],
            ["nc", "advance", id, "--to", "analysed", "--method", "5 whys"],
            [
                "nc", "advance", id, "--to", "planned", "--action", "Fix", "--owner", "a", "--owner", "b", "--due",
                today(),
            ],
            ["nc", "advance", id, "--to", "planned", "--action", "Fix", "--owner", "a", "--due", "tomorrow"],
            ["nc", "advance", id, "--to", "verified"],
            ["nc", "advance", id, "--to", "closed", "--update-risks", "maybe", "--change-qms", "no"],
            ["nc", "reopen", id],
            ["audit", "plan", "--title", "Bad day", "--start", "2026-02-30", "--auditor", "omar", "--site", "HQ"],
            ["audit", "plan", "--title", "Event", "--start", today(), "--auditor", "omar", "--event", "Polling day"],
            ["audit", "plan", "--title", "Kind", "--kind", "stage-3", "--start", today(), "--auditor", "omar"],
            ["review", "add", "--title", "Review", "--attendee", "A", "--input", "gossip"],
            ["recommendation", "add", "--mission", "M", "--year", "2024", "--text", "T", "--addressee", "press"],
            ["recommendation", "link", "REC-2024-001"],
            ["recommendation", "link", "REC-2024-001", "--activity", "one.two"],
        ] {
            let result = try cli.run(usage)
            #expect(result.status == 2, "\(usage): \(result.stderr)")
            #expect(!result.stderr.isEmpty, "\(usage)")
        }
        for failure in [
            ["nc", "show", "NC-\(year)-099"],
            ["nc", "advance", id, "--to", "implemented", "--note", "Done"],
            ["nc", "reopen", id, "--note", "Again"],
            [
                "nc", "open", "--title", "Unknown", "--grade", "minor", "--source", "complaint", "--requirement",
                "iso-9001-2015:11.1",
            ],
            ["nc", "open", "--title", "No requirement", "--grade", "major", "--source", "complaint"],
            [
                "nc", "open", "--title", "No audit", "--grade", "minor", "--audit", "AUD-\(year)-09", "--requirement",
                "iso-9001-2015:7.2",
            ],
            ["audit", "plan", "--title", "No scope", "--start", today(), "--auditor", "omar"],
            [
                "audit", "plan", "--title", "No body", "--kind", "stage-1", "--start", today(), "--auditor", "a",
                "--site", "HQ",
            ],
            ["audit", "report", "AUD-\(year)-09", "--summary", "Fine audit"],
            ["review", "complete", "MR-\(year)-01-1"],
            ["recommendation", "update", "REC-2024-001", "--status", "in-progress"],
        ] {
            let result = try cli.run(failure)
            #expect(result.status == 1, "\(failure): \(result.stderr)")
            #expect(!result.stderr.isEmpty, "\(failure)")
        }
        let nc = try cli.json([Printed.Nonconformity].self, ["nc", "list"])
        #expect(nc.map(\.state) == ["reported"], "refused commands change nothing")
    }
}
