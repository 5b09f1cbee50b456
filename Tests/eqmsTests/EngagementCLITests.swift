import Foundation
import Testing

@Suite("CLI: eqms engagement add, list, show, close and access")
struct EngagementCLITests {
    @Test(
        "an engagement is recorded, listed, shown as JSON and closed; a non-auditor is refused with the option to fix")
    func journey() throws {
        let cli = try CLI()
        defer { cli.remove() }
        #expect(try cli.run(["init"]).status == 0)
        let user = try cli.run(
            ["user", "add", "ext.bv", "--role", "auditor", "--password-stdin"], input: "saffron glacier trumpet\n")
        #expect(user.status == 0, "\(user.stderr)")
        #expect(try cli.run(["user", "add", "hala", "--role", "viewer"]).status == 0)

        let refused = try cli.run([
            "engagement", "add", "--certification-body", "Bureau Veritas", "--auditors", "hala", "--opens",
            "2026-12-07", "--closes", "2026-12-11",
        ])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("only accounts of the auditor role"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--auditors"), "the fix names the option: \(refused.stderr)")
        let backwards = try cli.run([
            "engagement", "add", "--certification-body", "Bureau Veritas", "--auditors", "ext.bv", "--opens",
            "2026-12-11", "--closes", "2026-12-07",
        ])
        #expect(backwards.status == 1)
        #expect(backwards.stderr.contains("before it opens on 2026-12-11"), "\(backwards.stderr)")

        let added = try cli.run([
            "engagement", "add", "--certification-body", "Bureau Veritas", "--auditors", "ext.bv", "--opens",
            "2026-12-07", "--closes", "2099-12-11", "--standards", "iso-9001-2015", "--processes", "EP-01,EP-04",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("ENG-"))
        let id = try #require(added.stdout.firstMatch(of: /ENG-[0-9]{4}-[0-9]{2}/)).output
        let list = try cli.run(["engagement", "list"])
        #expect(list.stdout.contains(String(id)) && list.stdout.contains("Bureau Veritas"))
        let shown = try cli.run(["engagement", "show", String(id), "--json"])
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        let content = try #require(json["content"] as? [String: Any])
        #expect(content["auditors"] as? [String] == ["ext.bv"])
        #expect((content["scope"] as? [String: Any])?["processes"] as? [String] == ["EP-01", "EP-04"])
        let access = try cli.run(["engagement", "access", String(id), "--json"])
        #expect(access.status == 0)
        let entries = try JSONSerialization.jsonObject(with: Data(access.stdout.utf8)) as? [Any]
        #expect(entries?.isEmpty == true, "nobody has opened anything yet")
        let closed = try cli.run(["engagement", "close", String(id)])
        #expect(closed.status == 0, "\(closed.stderr)")
        let again = try cli.run(["engagement", "close", String(id)])
        #expect(again.status == 1 && again.stderr.contains("has already ended"), "\(again.stderr)")
        #expect(try cli.run(["verify"]).status == 0, "the trail holds the engagements as the tables do")
    }
}
