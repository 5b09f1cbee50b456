import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSServices
import TestSupport
import Testing

@testable import QMSWeb

@Suite("Web application: the in-app inbox and its unread count")
struct InboxWebTests {
    /// The unread count the page's header shows.
    static func unread(_ html: String) -> Int? {
        guard let range = html.range(of: "class=\"unread\" data-count=\"") else { return nil }
        return Int(html[range.upperBound...].prefix { $0.isNumber })
    }

    /// The header's count as written: its attribute and its text.
    static func badge(_ html: String) -> String {
        let count = unread(html) ?? -1
        return "data-count=\"\(count)\"><bdi>\(count)</bdi>"
    }

    @Test("each reader's header shows their own unread count on a shared page; marking read lowers it at once")
    func headerCount() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let cache = PageCache(qms: fixture.qms)
        let amalCount = try await fixture.qms.inbox.inbox(for: "amal").unread
        try #require(amalCount >= 2, "the demo data gives the quality manager reminders")
        try await SharedRenderTests.application(fixture, cache: cache).test(.router) { client in
            // Nadia, the second quality manager, shares the unassigned and escalated items only.
            let nadiaCount = try await fixture.qms.inbox.inbox(for: "nadia").unread
            try #require(nadiaCount != amalCount)
            var amal = try await Browser.signedIn(client, as: "amal")
            var nadia = Browser(client)
            #expect(try await nadia.signIn("nadia", password: "nadia-lantern-2026") == .seeOther)
            let before = cache.rendered
            let amalPage = try await amal.get("/evidence")
            let nadiaPage = try await nadia.get("/evidence")
            #expect(cache.rendered == before + 1, "one render for both readers of the role")
            #expect(Self.unread(amalPage.body) == amalCount)
            #expect(Self.unread(nadiaPage.body) == nadiaCount, "another reader's count never shows")
            #expect(nadiaPage.body.contains("href=\"/inbox\""))

            let inbox = try await amal.get("/inbox")
            #expect(inbox.status == .ok)
            #expect(Self.unread(inbox.body) == amalCount)
            let entries = try await fixture.qms.inbox.inbox(for: "amal").entries
            for entry in entries { #expect(inbox.body.contains("href=\"\(entry.item.record.route)\"")) }
            let first = try #require(entries.first)
            let token = try await amal.csrf()
            let marked = try await amal.post("/inbox", form: ["_csrf": token, "id": first.id])
            #expect(marked.status == .seeOther)
            // The cached page of the same address shows the new count: a read mark is a commit.
            let after = try await amal.get("/evidence")
            #expect(Self.unread(after.body) == amalCount - 1)
            let shown = try await amal.get("/inbox?marked=1")
            #expect(shown.body.contains("Marked as read: 1."))
            #expect(shown.body.components(separatedBy: "name=\"id\"").count - 1 == amalCount - 1)

            // A form naming no entry of hers marks nothing.
            let stranger = try await amal.post("/inbox", form: ["_csrf": token, "id": "audit:AUD-1999-01@7d"])
            #expect(stranger.status == .seeOther)
            #expect(try await fixture.qms.inbox.inbox(for: "amal").unread == amalCount - 1)

            let all = try await amal.post("/inbox", form: ["_csrf": token])
            #expect(all.status == .seeOther)
            #expect(Self.unread(try await amal.get("/").body) == 0)
            #expect(try await fixture.qms.inbox.inbox(for: "amal").unread == 0)
            #expect(try await fixture.qms.inbox.inbox(for: "nadia").unread == nadiaCount, "her marks are hers")
        }
    }

    @Test("the header's count is written in the reader's digits, on a first render and on a kept page")
    func arabicDigits() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let cache = PageCache(qms: fixture.qms)
        let count = try await fixture.qms.inbox.inbox(for: "amal").unread
        try #require(count >= 10, "two digits, so that each one is checked")
        // Arabic-Indic digits (U+0660 onwards), written out here rather than by the formatter.
        let arabic = String(
            String(count).unicodeScalars.compactMap { digit in
                digit.properties.numericType == .decimal
                    ? UnicodeScalar(0x0660 + (Int(digit.value) - 0x30)).map(Character.init) : nil
            })
        try await SharedRenderTests.application(fixture, cache: cache).test(.router) { client in
            var amal = try await Browser.signedIn(client, as: "amal")
            _ = try await amal.get("/lang/ar")
            let first = try await amal.get("/evidence")
            let kept = try await amal.get("/evidence")
            for page in [first, kept] {
                #expect(page.body.contains("data-count=\"\(count)\"><bdi>\(arabic)</bdi>"))
            }
            _ = try await amal.get("/lang/en")
            #expect(try await amal.get("/evidence").body.contains(Self.badge(first.body)))
        }
    }

    @Test("the API lists the token holder's inbox and marks entries read; the inbox page reads in Arabic")
    func api() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let token = try await fixture.qms.access.createToken(for: "amal", name: "inbox script")
        try await fixture.qms.access.setLanguage(.arabic, for: "amal")
        try await fixture.application().test(.router) { client in
            let bearer: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            let listed = try await client.execute(uri: "/api/v1/inbox", method: .get, headers: bearer)
            #expect(listed.status == .ok)
            let inbox = try JSONDecoder().decode(Inbox.self, from: Data(buffer: listed.body))
            #expect(inbox.user == "amal")
            #expect(inbox.entries.count >= 2 && inbox.unread == inbox.entries.count)
            let id = try #require(inbox.entries.first?.id)
            let body = try JSONEncoder().encode(["ids": [id]])
            let marked = try await client.execute(
                uri: "/api/v1/inbox/read", method: .post, headers: bearer, body: ByteBuffer(bytes: body))
            #expect(marked.status == .ok)
            let answer = try JSONSerialization.jsonObject(with: Data(buffer: marked.body)) as? [String: Int]
            #expect(answer?["marked"] == 1)
            #expect(answer?["unread"] == inbox.entries.count - 1)
            let again = try await client.execute(uri: "/api/v1/inbox", method: .get, headers: bearer)
            let reread = try JSONDecoder().decode(Inbox.self, from: Data(buffer: again.body))
            #expect(reread.entries.first { $0.id == id }?.read == true)
            // Without a token, the API is closed.
            #expect(try await client.execute(uri: "/api/v1/inbox", method: .get).status == .unauthorized)

            var amal = try await Browser.signedIn(client, as: "amal")
            let page = try await amal.get("/inbox")
            #expect(page.body.contains("dir=\"rtl\""))
            #expect(page.body.contains("صندوق الوارد"))
            #expect(page.body.contains("تعليم كمقروء"))
        }
    }
}
