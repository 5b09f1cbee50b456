import Foundation
import Testing

/// The JSON shapes `eqms audit check --json` prints, as far as this test reads them.
private struct Outcome: Decodable {
    struct Item: Decodable {
        var requirement: String
        var result: String
        var grade: String?
        var finding: String?
    }
    struct Raised: Decodable {
        struct Content: Decodable {
            var grade: String
            var audit: String?
            var requirements: [String]
        }
        var id: String
        var content: Content
    }
    var item: Item
    var raised: Raised?
}

@Suite("eqms audit schedule, checklist and check")
struct AuditChecklistCLITests {
    @Test("the plan and the checklist from the command line; a nonconforming item raises one finding")
    func checklist() throws {
        let cli = try CLI()
        defer { cli.remove() }
        #expect(try cli.run(["init"]).status == 0)
        let planned = try cli.run([
            "audit", "plan", "--title", "Internal audit of polling day", "--start", "2026-09-09", "--end",
            "2026-09-11", "--auditor", "Omar Khalil", "--process", "EP-04", "--requirement", "iso-9001-2015:8.5.1",
            "--requirement", "iso-9001-2015:7.5.3",
        ])
        #expect(planned.status == 0 && planned.stdout.contains("AUD-2026-01"))

        let outside = try cli.run([
            "audit", "schedule", "AUD-2026-01", "--objectives", "Polling-day operations follow 8.5.1", "--visit",
            "2026-09-12 | 09:00 | Irbid field office",
        ])
        #expect(outside.status == 1 && outside.stderr.contains("2026-09-12 is outside the audit"))
        let scheduled = try cli.run([
            "audit", "schedule", "AUD-2026-01", "--objectives", "Polling-day operations follow 8.5.1", "--visit",
            "2026-09-10 | 09:00 | Irbid field office | EP-04 | Ahmad Saleh | Omar Khalil",
        ])
        #expect(scheduled.status == 0 && scheduled.stdout.contains("Irbid field office"))

        let listed = try cli.run(["audit", "checklist", "AUD-2026-01"])
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("iso-9001-2015:8.5.1") && listed.stdout.contains("iso-9001-2015:7.5.3"))

        let ungraded = try cli.run([
            "audit", "check", "AUD-2026-01", "iso-9001-2015:8.5.1", "--result", "nonconforming", "--notes", "Unsigned",
        ])
        #expect(ungraded.status == 1 && ungraded.stderr.contains("--grade"))
        let arguments = [
            "audit", "check", "AUD-2026-01", "iso-9001-2015:8.5.1", "--result", "nonconforming", "--grade", "minor",
            "--notes", "Two result forms unsigned", "--sample", "12 of 140 result forms", "--json",
        ]
        let first = try cli.json(Outcome.self, arguments)
        #expect(first.item.result == "nonconforming" && first.item.grade == "minor")
        let raised = try #require(first.raised)
        #expect(raised.id == "NC-2026-001" && first.item.finding == raised.id)
        #expect(raised.content.grade == "minor" && raised.content.audit == "AUD-2026-01")
        #expect(raised.content.requirements == ["iso-9001-2015:8.5.1"])
        let second = try cli.json(Outcome.self, arguments)
        #expect(second.raised == nil && second.item.finding == "NC-2026-001")
        let register = try cli.run(["nc", "list"])
        #expect(register.stdout.contains("NC-2026-001") && !register.stdout.contains("NC-2026-002"))
        #expect(try cli.run(["verify"]).status == 0)
    }
}
