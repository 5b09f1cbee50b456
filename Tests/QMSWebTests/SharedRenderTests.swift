import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Mustache
import QMSCore
import QMSServices
import Testing

@testable import QMSWeb

@Suite("Web application: one render of a page serves every reader of its role")
struct SharedRenderTests {
    /// A second quality manager, beside the demo's Amal, whose name needs escaping.
    static let name = "Nadia O'Brien & <Co>"

    static func application(_ fixture: WebFixture, cache: PageCache) async throws -> some ApplicationProtocol {
        try await fixture.qms.acting(as: "admin").users.add(
            try User(username: "nadia", displayName: name, role: .qualityManager))
        try await fixture.qms.acting(as: "admin").access.setPassword("nadia-lantern-2026", for: "nadia")
        return try await fixture.application(cache: cache)
    }

    @Test("a second reader of the same role gets the first reader's render, with their own name and form token")
    func secondReader() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let cache = PageCache(qms: fixture.qms)
        try await Self.application(fixture, cache: cache).test(.router) { client in
            var amal = try await Browser.signedIn(client, as: "amal")
            var nadia = Browser(client)
            #expect(try await nadia.signIn("nadia", password: "nadia-lantern-2026") == .seeOther)

            let before = cache.rendered
            let amalPage = try await amal.get("/evidence")
            #expect(cache.rendered == before + 1)
            let nadiaPage = try await nadia.get("/evidence")
            #expect(cache.rendered == before + 1, "Nadia's page is Amal's render")
            #expect(nadiaPage.status == .ok)

            #expect(PageCacheTests.signedInName(nadiaPage.body) == "Nadia O&#39;Brien &amp; &lt;Co&gt;")
            #expect(!nadiaPage.body.contains("\u{F8FF}") && !amalPage.body.contains("\u{F8FF}"), "no marker is left")
            #expect(nadiaPage.body.contains("<span class=\"avatar\" aria-hidden=\"true\">N</span>"))
            let amalToken = try #require(Browser.hidden("_csrf", in: amalPage.body))
            let nadiaToken = try #require(Browser.hidden("_csrf", in: nadiaPage.body))
            #expect(amalToken != nadiaToken)

            // The same page, with each reader's values in place, is the same bytes.
            let amalName = try #require(PageCacheTests.signedInName(amalPage.body))
            let swapped = nadiaPage.body.replacingOccurrences(of: nadiaToken, with: amalToken)
                .replacingOccurrences(of: "Nadia O&#39;Brien &amp; &lt;Co&gt;", with: amalName)
                .replacingOccurrences(
                    of: "aria-hidden=\"true\">N</span>", with: "aria-hidden=\"true\">\(amalName.prefix(1))</span>"
                )
                // Each reader's own count of unread reminders.
                .replacingOccurrences(of: InboxWebTests.badge(nadiaPage.body), with: InboxWebTests.badge(amalPage.body))
            #expect(swapped == amalPage.body)

            // The token in Nadia's page is Nadia's: her form is accepted with it.
            let logout = try await nadia.post("/logout", form: ["_csrf": nadiaToken])
            #expect(logout.status == .seeOther || logout.status == .found)
            #expect(try await nadia.get("/evidence").status == .found, "signed out, she is sent to sign in")

            // Another role reads another render: the viewer's menu is not a quality manager's.
            let viewer = try await Browser.signedIn(client, as: "viewer")
            var viewerBrowser = viewer
            let rendersBefore = cache.rendered
            let viewerPage = try await viewerBrowser.get("/evidence")
            #expect(cache.rendered == rendersBefore + 1)
            #expect(viewerPage.body.contains("/evidence/new") != amalPage.body.contains("/evidence/new"))

            // An auditor's pages are never kept (what they open is recorded, each time).
            var auditor = try await Browser.signedIn(client, as: "auditor")
            let auditorRenders = cache.rendered
            #expect(try await auditor.get("/evidence").status == .ok)
            #expect(try await auditor.get("/evidence").status == .ok)
            #expect(cache.rendered == auditorRenders, "the auditor's pages pass beside the cache")
        }
    }

    @Test("readers asking at once for a page nobody has rendered wait for one render")
    func singleFlight() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let cache = PageCache(qms: fixture.qms)
        try await Self.application(fixture, cache: cache).test(.router) { client in
            var sessions: [String] = []
            for _ in 0..<8 {
                let browser = try await Browser.signedIn(client, as: "amal")
                sessions.append(try #require(browser.cookies["eqms_session"]))
            }
            let before = cache.rendered
            let pages = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for (index, session) in sessions.enumerated() {
                    group.addTask {
                        let response = try await client.execute(
                            uri: "/", method: .get, headers: [.cookie: "eqms_session=\(session)"])
                        #expect(response.status == .ok)
                        return (index, String(buffer: response.body))
                    }
                }
                var pages: [Int: String] = [:]
                for try await (index, body) in group { pages[index] = body }
                return pages
            }
            #expect(cache.rendered == before + 1, "eight readers, one render")
            let tokens = Set(pages.values.compactMap { Browser.hidden("_csrf", in: $0) })
            #expect(tokens.count == 8, "each reader has their own form token")
            #expect(pages.values.allSatisfy { !$0.contains("\u{F8FF}") })
        }
    }

    @Test("the cache reads a cookie by its whole name, from every Cookie header")
    func cookiesByName() {
        func request(_ cookies: [String]) -> Request {
            var fields = HTTPFields()
            for cookie in cookies { fields.append(HTTPField(name: .cookie, value: cookie)) }
            return Request(
                head: HTTPRequest(
                    method: .get, scheme: "http", authority: "localhost", path: "/", headerFields: fields),
                body: RequestBody(buffer: ByteBuffer()))
        }
        let two = request(["a=1; xeqms_session=no;eqms_session2=no; eqms_session=yes", "eqms_lang=ar"])
        #expect(PageCache.cookies("eqms_session", in: two) == ["yes"])
        #expect(PageCache.cookies("eqms_lang", in: two) == ["ar"])
        #expect(PageCache.cookies("a", in: two) == ["1"])
        #expect(PageCache.cookies("missing", in: two).isEmpty)
        let again = request(["eqms_session=yes", "eqms_session=again"])
        #expect(PageCache.cookies("eqms_session", in: again) == ["yes", "again"])
    }

    @Test("text is escaped where a reader's value goes as the templates escape it")
    func escaping() throws {
        let template = try MustacheTemplate(string: "{{value}}")
        for text in [SharedRenderTests.name, "\"quoted\" 'single'", "plain", "سلمى <ب>"] {
            #expect(template.render(["value": text]) == SharedPage.escaped(text))
        }
    }
}
