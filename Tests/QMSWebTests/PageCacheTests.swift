import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSStore
import QMSWeb
import Testing

@testable import QMSServices

@Suite("Web application: pages answered from memory while the database is unchanged")
struct PageCacheTests {
    @Test("a page asked for again is the same page until another process changes the database, then shows the change")
    func changeFromAnotherProcess() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            #expect(try await browser.signIn("amal") == .seeOther)
            let first = try await browser.get("/evidence")
            let again = try await browser.get("/evidence")
            #expect(first.status == .ok)
            #expect(again.body == first.body)
            #expect(again.headers[.contentType] == first.headers[.contentType])
            // Kept pages are cut at the reader's values and put together again for each reader:
            // their length is the reader's body's (else a browser waits for bytes never sent).
            for page in [first, again] {
                #expect(page.headers[.contentLength] == String(page.body.utf8.count))
            }
            // The cache answers in front of the middleware that adds these: the kept page carries them.
            for name in [
                HTTPField.Name.contentSecurityPolicy, .xContentTypeOptions, HTTPField.Name("X-Frame-Options"),
                HTTPField.Name("Referrer-Policy"),
            ].compactMap({ $0 }) {
                #expect(first.headers[name] != nil, "the page has \(name)")
                #expect(again.headers[name] == first.headers[name], "the cached page has the same \(name)")
            }
            let dashboard = try await browser.get("/")

            // A second connection to the same file, as `eqms evidence add` beside the server has.
            let cli = try await QMS.openSQLite(
                path: fixture.folder.appendingPathComponent("eqms.sqlite").path, actor: "omar")
            let added = try await Self.logEvidence(through: cli)
            try await cli.store.close()

            let after = try await browser.get("/evidence")
            #expect(after.body.contains("Voter register extract, Irbid"))
            #expect(after.body.contains(added.id.description))
            #expect(after.body != first.body)
            #expect(try await browser.get("/").body != dashboard.body, "the dashboard counts the new record")
        }
    }

    @Test("a request naming two sessions gets the page of the session the server reads, never the other's kept page")
    func twoSessionCookies() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            let amal = try await Browser.signedIn(client, as: "amal")
            let auditor = try await Browser.signedIn(client, as: "auditor")
            let amalSession = try #require(amal.cookies["eqms_session"])
            let auditorSession = try #require(auditor.cookies["eqms_session"])
            // Both dashboards are kept, each for its own session.
            var amalBrowser = amal
            var auditorBrowser = auditor
            let amalPage = try await amalBrowser.get("/").body
            let auditorPage = try await auditorBrowser.get("/").body
            #expect(amalPage != auditorPage)
            for header in [
                "eqms_session=\(amalSession); eqms_session=\(auditorSession)",
                "eqms_session=\(auditorSession); eqms_session=\(amalSession)",
            ] {
                // An address nobody asked for yet is computed by the routes: whose page they make
                // for this header is the truth the cached address must agree with.
                let fresh = try await client.execute(uri: "/?view=fresh", method: .get, headers: [.cookie: header])
                let cached = try await client.execute(uri: "/", method: .get, headers: [.cookie: header])
                let freshBody = String(buffer: fresh.body)
                let cachedBody = String(buffer: cached.body)
                #expect(fresh.status == .ok)
                let reader = try #require(Self.signedInName(freshBody))
                #expect([Self.signedInName(amalPage), Self.signedInName(auditorPage)].contains(reader))
                #expect(Self.signedInName(cachedBody) == reader, "\(header): whose page is served")
            }
        }
    }

    /// The name in a page's header, after "signed in as".
    /// Logs a note of Omar's, "Voter register extract, Irbid", through `qms`.
    static func logEvidence(through qms: QMS) async throws -> EvidenceRecord {
        let today = qms.today
        return try await qms.evidence.add(
            EvidenceDraft(
                title: "Voter register extract, Irbid", kind: .note, owner: "omar", process: "EP-01",
                effectiveFrom: today, collectedOn: today,
                // A requirement the demo leaves without evidence, so that the dashboard's counts move.
                requirements: [try RequirementKey(parsing: "iso-9001-2015:7.1.6")]))
    }

    static func signedInName(_ body: String) -> String? {
        guard let end = body.range(of: "</strong><br><span class=\"role\">"),
            let start = body[..<end.lowerBound].range(of: "<strong>", options: .backwards)
        else { return nil }
        return String(body[start.upperBound..<end.lowerBound])
    }

    @Test("a cached page is never served to a session that has signed out, nor to another user or language")
    func perSession() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var amal = Browser(client)
            #expect(try await amal.signIn("amal") == .seeOther)
            let page = try await amal.get("/")
            #expect(page.status == .ok)
            #expect(page.body.contains("amal") || page.body.contains("Amal"))

            var auditor = Browser(client)
            #expect(try await auditor.signIn("auditor") == .seeOther)
            let theirs = try await auditor.get("/")
            #expect(theirs.status == .ok)
            #expect(theirs.body != page.body, "another user gets a page of their own")
            #expect(!(Browser.hidden("_csrf", in: theirs.body) ?? "").isEmpty)
            #expect(Browser.hidden("_csrf", in: theirs.body) != Browser.hidden("_csrf", in: page.body))

            // Arabic for the same session: another page, right to left.
            amal.cookies["eqms_lang"] = "ar"
            let arabic = try await amal.get("/")
            #expect(arabic.body.contains("dir=\"rtl\""))
            // The choice is kept in the profile: back in English only by choosing English.
            amal.cookies["eqms_lang"] = "en"
            #expect(try await amal.get("/").body == page.body)

            // Signed out, the old cookie gets the sign-in page, not the page kept for it.
            let oldCookies = amal.cookies
            let token = try await amal.csrf()
            let logout = try await amal.post("/logout", form: ["_csrf": token])
            #expect(logout.status == .seeOther || logout.status == .found)
            var replay = Browser(client)
            replay.cookies = oldCookies
            let refused = try await replay.get("/")
            #expect(refused.status == .found)
            #expect(refused.headers[.location]?.hasPrefix("/login") == true)
        }
    }

    @Test("a change made through the application itself shows on the next view of a cached page")
    func changeThroughTheApplication() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            #expect(try await browser.signIn("amal") == .seeOther)
            let before = try await browser.get("/findings")
            #expect(before.status == .ok)
            _ = try await browser.get("/findings")
            _ = try await fixture.qms.acting(as: "amal").organisation.set(
                try Organisation(name: LocalizedText(en: "Renamed Commission"), shortName: "RC"))
            let dashboard = try await browser.get("/")
            #expect(dashboard.body.contains("Renamed Commission"))
        }
    }
}
