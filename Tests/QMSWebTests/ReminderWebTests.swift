import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSMail
import QMSServices
import QMSWeb
import TestSupport
import Testing

@Suite("Web application: e-mail reminder preferences and the outbox")
struct ReminderWebTests {
    @Test("a user chooses a weekly digest and the kinds they receive; a choice that is not offered changes nothing")
    func preferences() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var browser = try await Browser.signedIn(client, as: "omar")
            let page = try await browser.get("/profile/reminders")
            #expect(page.status == .ok)
            #expect(page.body.contains("name=\"frequency\" value=\"weekly\""))
            #expect(page.body.contains("name=\"kinds\" value=\"evidence-expiry\" checked"))
            let token = try await browser.csrf()
            let saved = try await browser.post(
                "/profile/reminders",
                body: ByteBuffer(string: "_csrf=\(token)&frequency=weekly&kinds=evidence-expiry&kinds=audit"),
                contentType: "application/x-www-form-urlencoded")
            #expect(saved.status == .seeOther)
            let preferences = try await fixture.qms.reminders.preferences(for: "omar")
            #expect(preferences.frequency == .weekly)
            #expect(preferences.unsubscribed == Set(DueKind.allCases).subtracting([.evidenceExpiry, .audit]))
            let again = try await browser.get("/profile/reminders?saved=1")
            #expect(again.body.contains("name=\"frequency\" value=\"weekly\" checked"))
            #expect(!again.body.contains("name=\"kinds\" value=\"risk-review\" checked"))

            let refused = try await browser.post(
                "/profile/reminders", form: ["_csrf": token, "frequency": "hourly"])
            #expect(refused.status != .seeOther)
            #expect(try await fixture.qms.reminders.preferences(for: "omar") == preferences)
            #expect(try await browser.get("/outbox").status == .forbidden)
        }
    }

    @Test("an administrator sees failed deliveries with their reason, in Arabic too, and brings them forward")
    func outbox() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let report = try await fixture.qms.reminders.run(
            options: ReminderRunOptions(base: "https://qms.example.org", from: try MailAddress("qms@example.org")),
            transport: SendmailTransport(path: fixture.folder.appendingPathComponent("missing-sendmail").path))
        try #require(!report.messages.isEmpty, "the demo data has reminders due")
        #expect(report.messages.allSatisfy { $0.outcome == .failed })
        try await fixture.qms.access.setLanguage(.arabic, for: "admin")
        try await fixture.application().test(.router) { client in
            var browser = try await Browser.signedIn(client, as: "admin")
            let page = try await browser.get("/outbox")
            #expect(page.status == .ok)
            #expect(page.body.contains("dir=\"rtl\""))
            #expect(page.body.contains("صندوق صادر التذكيرات"))
            #expect(page.body.contains("أخفقت"))
            #expect(
                page.body.contains("missing-sendmail") || page.body.contains("لا يملك المستخدم عنوان بريد إلكتروني"))
            let token = try await browser.csrf()
            let retried = try await browser.post("/outbox", form: ["_csrf": token])
            #expect(retried.status == .seeOther)
            let now = fixture.qms.instant
            let outbox = try await fixture.qms.reminders.outbox()
            #expect(!outbox.isEmpty)
            #expect(outbox.allSatisfy { ($0.nextAttempt ?? now) <= now })
        }
    }
}
