import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSServices
import QMSWeb
import TestSupport
import Testing

/// What Python's icalendar read from a feed: its name and each event's UID and first day.
private struct ReadCalendar: Decodable {
    var name: String
    var events: [[String]]
}

@Suite("Web application: private calendar feeds")
struct CalendarFeedWebTests {
    /// Reads a feed with Python's icalendar (`make test` installs it: scripts/ensure-icalendar.sh).
    private func read(_ text: String) throws -> ReadCalendar {
        let folder = try TemporaryFolder()
        let file = folder.file("feed.ics")
        try Data(text.utf8).write(to: file)
        let script = """
            import sys, json, icalendar
            calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
            print(json.dumps({"name": str(calendar["X-WR-CALNAME"]), "events": [
                [str(e["UID"]), e.decoded("DTSTART").isoformat()] for e in calendar.walk("VEVENT")]},
                ensure_ascii=False))
            """
        let result = try Program.run(Program.locate("python3") ?? "/usr/bin/python3", ["-c", script, file.path])
        #expect(result.status == 0, "python3 icalendar: \(result.errors)")
        return try JSONDecoder().decode(ReadCalendar.self, from: Data(result.output.utf8))
    }

    /// The address shown once on the page after it is made.
    private func address(in page: String) throws -> String {
        let match = try #require(page.firstMatch(of: /\/calendar\/(cal_[0-9a-f]{64})\.ics/))
        return "/calendar/\(match.1).ics"
    }

    @Test(
        "a user makes an address, a calendar reads their due dates without a session, replacing or revoking closes it")
    func userFeed() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let due = try await fixture.qms.due.due(user: "amal")
        try await fixture.application().test(.router) { client in
            var browser = try await Browser.signedIn(client, as: "amal")
            let empty = try await browser.get("/profile/calendar")
            #expect(empty.status == .ok && empty.body.contains("No address yet."))
            let token = try await browser.csrf()
            let made = try await browser.post(
                "/profile/calendar", form: ["_csrf": token, "owner": "me", "action": "create"])
            #expect(made.status == .ok && made.body.contains("It is shown only now"))
            let first = try address(in: made.body)

            // A calendar program has no session: the secret in the address is the key.
            var program = Browser(client)
            let feed = try await program.get(first)
            #expect(feed.status == .ok)
            #expect(feed.headers[.contentType] == "text/calendar; charset=utf-8")
            #expect(feed.headers[.cacheControl] == "no-store")
            let calendar = try read(feed.body)
            #expect(calendar.name.contains("amal"))
            #expect(calendar.events.count == due.items.count)
            #expect(Set(calendar.events.map { $0[1] }) == Set(due.items.map(\.date.description)))

            // The page no longer shows the address, only that one is active.
            let later = try await browser.get("/profile/calendar")
            #expect(later.body.contains("An address is active") && later.body.firstMatch(of: /cal_[0-9a-f]{64}/) == nil)

            // A new address revokes the old one.
            let replaced = try await browser.post(
                "/profile/calendar", form: ["_csrf": token, "owner": "me", "action": "create"])
            let second = try address(in: replaced.body)
            #expect(second != first)
            #expect(try await program.get(first).status == .notFound)
            #expect(try await program.get(second).status == .ok)

            // Revoked, it opens nothing; a guessed or malformed address neither.
            let revoked = try await browser.post(
                "/profile/calendar", form: ["_csrf": token, "owner": "me", "action": "revoke"])
            #expect(revoked.status == .seeOther)
            #expect(try await program.get(second).status == .notFound)
            #expect(try await program.get("/calendar/cal_\(String(repeating: "0", count: 64)).ics").status == .notFound)
            #expect(try await program.get("/calendar/nothing").status == .notFound)
            // Without the form token nothing is made.
            let forged = try await browser.post("/profile/calendar", form: ["owner": "me", "action": "create"])
            #expect(forged.status == .forbidden)
        }
        // The trail records each address made and revoked, never the secret, and still verifies.
        #expect(try await fixture.qms.integrity.verify().problems.isEmpty)
    }

    @Test("the administrator publishes the audit calendar; a quality manager may not")
    func organisationFeed() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let audits = try await fixture.qms.audits.list()
        let next = try await fixture.qms.audits.nextCertificationAudit()
        try await fixture.application().test(.router) { client in
            var manager = try await Browser.signedIn(client, as: "amal")
            #expect(!(try await manager.get("/profile/calendar")).body.contains("feed-organisation"))
            let managerToken = try await manager.csrf()
            let refused = try await manager.post(
                "/profile/calendar", form: ["_csrf": managerToken, "owner": "organisation", "action": "create"])
            #expect(refused.status == .forbidden)

            var admin = try await Browser.signedIn(client, as: "admin")
            let token = try await admin.csrf()
            let made = try await admin.post(
                "/profile/calendar", form: ["_csrf": token, "owner": "organisation", "action": "create"])
            #expect(made.status == .ok)
            var program = Browser(client)
            let feed = try await program.get(try address(in: made.body))
            #expect(feed.status == .ok)
            let calendar = try read(feed.body)
            // Every audit on its first day, and the certification deadline while none is planned.
            let deadline = next.planned == nil && next.dueBy != nil ? 1 : 0
            #expect(calendar.events.count == audits.count + deadline)
            for entry in audits {
                #expect(
                    calendar.events.contains(["audit.\(entry.audit.id)@eqms", entry.audit.content.startsOn.description])
                )
            }
        }
    }
}
