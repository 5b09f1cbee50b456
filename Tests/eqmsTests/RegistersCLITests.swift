import Foundation
import QMSCore
import Testing

/// The JSON shapes the register commands print, as far as these tests read them.
private enum Printed {
    struct Document: Decodable {
        struct Version: Decodable {
            var number: Int
            var status: String
            var author: String
            var approvedBy: String?
            var issuedBy: String?
            var obsoleteReason: String?
        }
        var versions: [Version]
        var evidence: String?
        var status: String?
    }

    struct Rating: Decodable {
        var likelihood: Int
        var impact: Int
        var score: Int
        var level: String
    }

    struct Risk: Decodable {
        struct Action: Decodable {
            var id: String
            var doneOn: String?
        }
        var id: String
        var residual: Rating?
        var actions: [Action]
        var evidence: String?
        var status: String
    }

    struct Provider: Decodable {
        struct Evaluation: Decodable {
            var percent: Int
            var approved: Bool
        }
        var id: String
        var status: String
        var evaluations: [Evaluation]
        var evidence: String?
    }

    struct Training: Decodable {
        struct Content: Decodable {
            struct Attendance: Decodable {
                var total: Int
                var women: Int
                var men: Int
                var withDisabilities: Int
            }
            var attendance: Attendance
        }
        var id: String
        var content: Content
        var evidence: String?
    }

    struct KPI: Decodable {
        var measurements: [Measurement]
        var evidence: String?
        struct Measurement: Decodable { var value: String }
    }

    struct Entity: Decodable {
        var id: String
    }

    struct Line: Decodable {
        var group: String
        var status: String
    }

    struct Exported: Decodable {
        var file: String
        var rows: Int
    }

    struct Verify: Decodable {
        var errors: Int
        var unchecked: [String]
    }
}

@Suite("The quality registers from the command line")
struct RegistersCLITests {
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

    @discardableResult
    func ok(_ cli: CLI, _ arguments: [String]) throws -> String {
        let result = try cli.run(arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return result.stdout
    }

    func status(_ cli: CLI, _ key: String) throws -> String? {
        try cli.json([Printed.Line].self, ["compliance", "iso-9001-2015", "--by", "requirement"]).first {
            $0.group == key
        }?.status
    }

    @Test("a document from draft to issue and obsolete: not issued by its author, never issued again")
    func documentWorkflow() throws {
        let cli = try initialised()
        defer { cli.remove() }
        try ok(
            cli,
            [
                "document", "add", "QP-01", "--title", "Quality policy", "--kind", "policy", "--owner", "Quality unit",
                "--requirement", "iso-9001-2015:5.2.2", "--distribute-to", "All staff",
            ])
        try ok(cli, ["document", "submit", "qp-01"])
        let byAuthor = try cli.run(["document", "approve", "QP-01"])
        #expect(byAuthor.status == 1)
        #expect(byAuthor.stderr.contains("amal wrote version 1 of QP-01 and cannot approve it"))
        #expect(byAuthor.stderr.contains("--actor"))
        try ok(cli, ["document", "approve", "QP-01", "--actor", "salma"])
        let issuedByAuthor = try cli.run(["document", "issue", "QP-01"])
        #expect(issuedByAuthor.status == 1)
        #expect(issuedByAuthor.stderr.contains("cannot issue it"))
        let issued = try cli.json(Printed.Document.self, ["document", "issue", "QP-01", "--actor", "salma"])
        #expect(issued.versions.map(\.status) == ["issued"])
        #expect(issued.evidence != nil)
        #expect(try status(cli, "iso-9001-2015:5.2.2") == "satisfied")
        let list = try ok(cli, ["document", "list"])
        #expect(list.contains("QP-01") && list.contains("issued") && list.contains("v1"))
        try ok(cli, ["document", "revise", "QP-01", "--changes", "Adds climate commitments", "--actor", "omar"])
        try ok(cli, ["document", "submit", "QP-01", "--actor", "omar"])
        try ok(cli, ["document", "approve", "QP-01"])
        let second = try cli.json(Printed.Document.self, ["document", "issue", "QP-01"])
        #expect(second.versions.map(\.status) == ["obsolete", "issued"])
        #expect(second.versions.first?.obsoleteReason == "superseded by version 2")
        try ok(cli, ["document", "obsolete", "QP-01", "--reason", "Merged into the quality manual"])
        let again = try cli.run(["document", "issue", "QP-01", "--actor", "salma"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("obsolete"))
        #expect(try status(cli, "iso-9001-2015:5.2.2") == "missing")
        let shown = try ok(cli, ["document", "show", "QP-01"])
        #expect(shown.contains("superseded by version 2") && shown.contains("Merged into the quality manual"))
        let csv = cli.folder.appendingPathComponent("master-list.csv").path
        let exported = try cli.json(Printed.Exported.self, ["document", "list", "--export-csv", csv])
        #expect(exported.rows == 1)
        #expect(
            try cli.run(["document", "add", "bad code!", "--title", "x", "--kind", "policy", "--owner", "o"]).status
                == 2)
        #expect(try cli.json(Printed.Verify.self, ["verify"]).errors == 0)
    }

    @Test("a risk is assessed, treated, its residual score recomputed, reviewed and closed")
    func riskWorkflow() throws {
        let cli = try initialised()
        defer { cli.remove() }
        let risk = try cli.json(
            Printed.Risk.self,
            [
                "risk", "add", "--title", "Attack on the commission's headquarters", "--category", "security",
                "--owner", "Head of security", "--process", "EP-04", "--phase", "electoral", "--likelihood", "4",
                "--impact", "5", "--review", today(plus: 60),
            ])
        #expect(risk.id == "RSK-\(year)-001")
        #expect(risk.evidence != nil)
        #expect(try status(cli, "iso-9001-2015:6.1.2") == "satisfied")
        #expect(
            try cli.run([
                "risk", "add", "--title", "x", "--owner", "o", "--likelihood", "6", "--impact", "1", "--review",
                today(plus: 1),
            ]).status == 2)
        let early = try cli.run(["risk", "assess", risk.id, "--likelihood", "2", "--impact", "5"])
        #expect(early.status == 1)
        #expect(early.stderr.contains("after treatment"))
        let treated = try cli.json(
            Printed.Risk.self,
            [
                "risk", "treat", risk.id, "--action", "Perimeter wall", "--action", "Evacuation drill", "--owner",
                "Head of security", "--due", today(plus: 20), "--treatment", "reduce",
            ])
        #expect(treated.actions.map(\.id) == ["\(risk.id)-1", "\(risk.id)-2"])
        let completed = try cli.json(
            Printed.Risk.self,
            ["risk", "complete", "\(risk.id)-1", "--note", "Wall built", "--likelihood", "2", "--impact", "5"])
        #expect(completed.residual?.score == 10)
        #expect(completed.residual?.level == "high")
        let reassessed = try cli.json(
            Printed.Risk.self, ["risk", "assess", risk.id, "--likelihood", "1", "--impact", "5"])
        #expect(reassessed.residual?.score == 5)
        let closing = try cli.run(["risk", "close", risk.id, "--note", "Elections over"])
        #expect(closing.status == 1, "an action is still open")
        try ok(cli, ["risk", "complete", "\(risk.id)-2"])
        try ok(cli, ["risk", "review", risk.id, "--next", today(plus: 90), "--note", "Guards in place"])
        let table = try ok(cli, ["risk", "list"])
        #expect(table.contains("4×5=20") && table.contains("1×5=5"))
        let closed = try cli.json(Printed.Risk.self, ["risk", "close", risk.id, "--note", "Elections over"])
        #expect(closed.status == "closed")
        try ok(
            cli,
            [
                "risk", "context", "add", "--kind", "external", "--title", "Climate change", "--climate", "relevant",
                "--description", "Floods close southern polling stations",
            ])
        #expect(try status(cli, "iso-9001-2015:4.1-A1") == "satisfied")
        let arabic = try ok(cli, ["risk", "list", "--lang", "ar"])
        #expect(arabic.contains("الدرجة"))
        #expect(try cli.json(Printed.Verify.self, ["verify"]).errors == 0)
    }

    @Test("parties, processes, providers, training and KPIs are kept from the command line, with CSV and JSON")
    func otherRegisters() throws {
        let cli = try initialised()
        defer { cli.remove() }
        let party = try cli.json(
            Printed.Entity.self,
            [
                "party", "add", "--category", "observers", "--name", "Domestic observer coalition", "--need",
                "Accreditation six weeks before polling day", "--expectation", "Access to the count", "--monitoring",
                "Quarterly meetings", "--review", today(plus: 180),
            ])
        #expect(party.id == "IP-\(year)-01")
        try ok(cli, ["party", "review", party.id, "--next", today(plus: 365), "--note", "Needs unchanged"])
        try ok(
            cli,
            [
                "process", "add", "P-04", "--name", "Vote casting", "--category", "electoral", "--electoral-process",
                "EP-04", "--owner", "Operations", "--input", "Voter list", "--output", "Polling records",
                "--interacts-with", "P-03",
            ])
        let map = try ok(cli, ["process", "map"])
        #expect(map.contains("P-03?") && map.contains("EP-04"))
        let provider = try cli.json(
            Printed.Provider.self,
            [
                "provider", "add", "--name", "Results systems company", "--kind", "contractor", "--service",
                "Results management system", "--criterion", "Delivery on time=3", "--criterion", "Data protection=5",
            ])
        let evaluated = try cli.json(
            Printed.Provider.self, ["provider", "evaluate", provider.id, "--score", "4", "--score", "4"])
        #expect(evaluated.status == "approved")
        #expect(evaluated.evaluations.first?.percent == 80)
        #expect(evaluated.evidence != nil)
        #expect(try cli.run(["provider", "evaluate", provider.id, "--score", "4"]).status == 1)
        let approvedList = try ok(cli, ["provider", "list", "--status", "approved"])
        #expect(approvedList.contains("Results systems company"))
        try ok(
            cli,
            [
                "training", "role", "add", "TRAINER", "--title", "Trainer", "--competence", "Polling procedures",
                "--holder", "Amal Haddad",
            ])
        let training = try cli.json(
            Printed.Training.self,
            [
                "training", "add", "--title", "Training of trainers", "--kind", "training-of-trainers", "--start",
                today(plus: -10), "--end", today(plus: -8), "--place", "Tripoli", "--trainer", "Lead trainer",
                "--role", "trainer", "--competence", "Polling procedures", "--participants", "64", "--women", "18",
                "--disabilities", "1", "--participant", "Amal Haddad:female",
            ])
        #expect(training.content.attendance.total == 64)
        #expect(training.content.attendance.men == 46)
        #expect(training.content.attendance.withDisabilities == 1)
        let evaluated2 = try cli.json(
            Printed.Training.self,
            ["training", "evaluate", training.id, "--method", "Pre- and post-tests", "--result", "effective"])
        #expect(evaluated2.evidence != nil)
        let person = try ok(cli, ["training", "person", "Amal Haddad"])
        #expect(person.contains("TRAINER") && person.contains(training.id))
        let totals = try ok(cli, ["training", "list"])
        #expect(totals.contains("64") && totals.contains("18"))
        try ok(
            cli,
            [
                "kpi", "add", "KPI-07", "--title", "Positive media reports", "--unit", "%", "--category",
                "stakeholder-perception", "--target", "60", "--owner", "Media monitoring unit", "--every-months", "1",
            ])
        try ok(cli, ["kpi", "measure", "KPI-07", "52", "--date", today(plus: -30), "--period", "month 1"])
        let kpi = try cli.json(Printed.KPI.self, ["kpi", "measure", "KPI-07", "58.5"])
        #expect(kpi.measurements.map(\.value) == ["52", "58.5"])
        #expect(kpi.evidence != nil)
        #expect(try cli.run(["kpi", "measure", "KPI-07", "lots"]).status == 2)
        #expect(try status(cli, "iso-9001-2015:9.1.2") == "satisfied")
        let shown = try ok(cli, ["kpi", "show", "KPI-07"])
        #expect(shown.contains("improving") && shown.contains("on target") == false)

        for (command, rows) in [
            (["party", "list"], 1), (["process", "list"], 1), (["provider", "list"], 1), (["training", "list"], 1),
            (["training", "role", "list"], 1), (["kpi", "list"], 2), (["risk", "context", "list"], 0),
            (["risk", "list"], 0), (["document", "list"], 0),
        ] {
            let file = cli.folder.appendingPathComponent("\(command.joined(separator: "-")).csv").path
            let exported = try cli.json(Printed.Exported.self, command + ["--export-csv", file])
            #expect(exported.rows == rows, "\(command)")
        }
        let report = try cli.json(Printed.Verify.self, ["verify"])
        #expect(report.errors == 0)
        #expect(!report.unchecked.contains("kpi"))
    }
}
