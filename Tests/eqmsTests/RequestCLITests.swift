import Foundation
import Testing

@Suite("CLI: eqms request add, list, show, answer, accept, return and withdraw")
struct RequestCLITests {
    @Test(
        "a request is asked, listed by engagement and owner, answered, returned, answered again and accepted; refusals name what to do"
    )
    func journey() throws {
        let cli = try CLI()
        defer { cli.remove() }
        #expect(try cli.run(["init"]).status == 0)
        let user = try cli.run(
            ["user", "add", "ext.bv", "--role", "auditor", "--password-stdin"], input: "saffron glacier trumpet\n")
        #expect(user.status == 0, "\(user.stderr)")
        #expect(try cli.run(["user", "add", "omar", "--role", "process-owner"]).status == 0)
        let year = String(ISO8601DateFormatter().string(from: Date()).prefix(4))
        let engagement = try cli.run([
            "engagement", "add", "--certification-body", "Bureau Veritas", "--auditors", "ext.bv", "--opens",
            "2026-01-01", "--closes", "2099-12-31", "--standards", "iso-9001-2015",
        ])
        let id = String(try #require(engagement.stdout.firstMatch(of: /ENG-[0-9]{4}-[0-9]{2}/)).output)
        let evidence = try cli.run([
            "evidence", "add", "--title", "Reconciliation forms, Irbid", "--requirement", "iso-9001-2015:8.5.1",
        ])
        #expect(evidence.status == 0, "\(evidence.stderr)")
        let record = String(try #require(evidence.stdout.firstMatch(of: /EV-[0-9]{4}-[0-9]{4}/)).output)

        let outside = try cli.run([
            "request", "add", "--actor", "ext.bv", "--engagement", id, "--requirement", "iso-ts-54001-2019:8.5.1",
            "--owner", "omar", "--due", "2099-01-10",
        ])
        #expect(outside.status == 1)
        #expect(outside.stderr.contains("outside the scope of engagement \(id)"), "\(outside.stderr)")
        let asked = try cli.run([
            "request", "add", "--actor", "ext.bv", "--engagement", id, "--requirement", "iso-9001-2015:8.5.1",
            "--sample", "3 of the 12 polling centres of Irbid", "--owner", "omar", "--due", "2099-01-10",
        ])
        #expect(asked.status == 0, "\(asked.stderr)")
        #expect(asked.stdout.contains("Asked ER-\(year)-0001 of omar, due 2099-01-10."))
        let request = "ER-\(year)-0001"
        let byEngagement = try cli.run(["request", "list", "--engagement", id])
        #expect(byEngagement.stdout.contains(request) && byEngagement.stdout.contains("open"))
        #expect(!(try cli.run(["request", "list", "--owner", "ext.bv"]).stdout.contains(request)))

        let early = try cli.run(["request", "accept", request, "--actor", "ext.bv"])
        #expect(early.status == 1 && early.stderr.contains("is open: it cannot be accepted now"), "\(early.stderr)")
        let notOwner = try cli.run(["request", "answer", request, "--evidence", record, "--actor", "ext.bv"])
        #expect(notOwner.status == 1 && notOwner.stderr.contains("only omar"), "\(notOwner.stderr)")
        let answered = try cli.run(["request", "answer", request, "--evidence", record, "--actor", "omar"])
        #expect(answered.status == 0, "\(answered.stderr)")
        #expect(answered.stdout.contains("Answered \(request) with \(record)."))
        let silent = try cli.run(["request", "return", request, "--comment", " ", "--actor", "ext.bv"])
        #expect(silent.status == 1 && silent.stderr.contains("what is missing"), "\(silent.stderr)")
        #expect(try cli.run(["request", "return", request, "--comment", "unsigned", "--actor", "ext.bv"]).status == 0)
        #expect(try cli.run(["request", "answer", request, "--evidence", record, "--actor", "omar"]).status == 0)
        let accepted = try cli.run(["request", "accept", request, "--actor", "ext.bv"])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        let shown = try cli.run(["request", "show", request, "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "accepted")
        #expect((json["steps"] as? [Any])?.count == 5)
        let text = try cli.run(["request", "show", request])
        #expect(text.stdout.contains("unsigned") && text.stdout.contains("Sample"))
        let withdrawn = try cli.run(["request", "withdraw", request, "--actor", "ext.bv"])
        #expect(withdrawn.status == 1, "an accepted request is done")
        #expect(try cli.run(["verify"]).status == 0, "the trail holds the requests as the tables do")
    }
}
