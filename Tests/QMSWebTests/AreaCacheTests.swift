import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSStore
import Testing

@testable import QMSServices
@testable import QMSWeb

@Suite("Web application: pages kept under the versions of the areas they read (issue 23)")
struct AreaCacheTests {
    /// A second user of a role, signed in with a password of the test's.
    static func addUser(_ fixture: WebFixture, _ username: String, _ name: String, _ role: Role) async throws {
        try await fixture.qms.acting(as: "admin").users.add(try User(username: username, displayName: name, role: role))
        try await fixture.qms.acting(as: "admin").access.setPassword("\(username)-lantern-2026", for: username)
    }

    /// Whether a response sends the browser to sign in (rather than sending a kept page).
    static func sentToSignIn(_ response: (status: HTTPResponse.Status, body: String, headers: HTTPFields)) -> Bool {
        response.status == .found && response.headers[.location]?.hasPrefix("/login") == true
    }

    /// A connection of its own to the fixture's file, as `eqms` beside the server has.
    static func commandLine(_ fixture: WebFixture, as actor: String) async throws -> QMS {
        try await QMS.openSQLite(path: fixture.folder.appendingPathComponent("eqms.sqlite").path, actor: actor)
    }

    @Test(
        "evidence written from the command line leaves the work plan kept, a plan comment the evidence register; both move the dashboard"
    )
    func writesInvalidateTheirAreas() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let cache = PageCache(qms: fixture.qms)
        let awp = try PlanID("hnec-2018")
        let activity = try #require(try await fixture.qms.plans.version(awp).planSet.workPlan.activities.first)
        try await fixture.application(cache: cache).test(.router) { client in
            var amal = try await Browser.signedIn(client, as: "amal")
            let plan = try await amal.get("/plans/hnec-2018")
            let evidence = try await amal.get("/evidence")
            let dashboard = try await amal.get("/")
            #expect(plan.status == .ok && evidence.status == .ok && dashboard.status == .ok)

            // Evidence logged by another process on the same file.
            let cli = try await Self.commandLine(fixture, as: "omar")
            let added = try await PageCacheTests.logEvidence(through: cli)

            var rendered = cache.rendered
            var answered = cache.answered
            #expect(try await amal.get("/plans/hnec-2018").body == plan.body)
            #expect(cache.rendered == rendered, "the work plan reads no evidence: it is not rendered again")
            // The copy kept whole for the session is not sent: the header's count of unread
            // reminders reads evidence, so it is put together again from the shared render.
            #expect(cache.answered == answered, "not answered whole: the header's unread count reads evidence")
            let newEvidence = try await amal.get("/evidence")
            #expect(newEvidence.body.contains(added.id.description))
            #expect(cache.rendered == rendered + 1, "the evidence register is")
            rendered = cache.rendered
            let newDashboard = try await amal.get("/")
            #expect(cache.rendered == rendered + 1, "the dashboard reads evidence")
            #expect(newDashboard.body != dashboard.body)

            try await cli.store.close()

            // A comment on the work plan, from the command line too (by a Technical Committee member).
            let member = try await Self.commandLine(fixture, as: "salma")
            try await member.workPlanReview.comment(awp, activity: activity.code, text: "Fleet insurance is missing.")
            try await member.store.close()
            rendered = cache.rendered
            answered = cache.answered
            #expect(try await amal.get("/evidence").body == newEvidence.body)
            #expect(cache.rendered == rendered, "the evidence register is kept")
            #expect(cache.answered == answered, "not answered whole: the unread count reads the plans")
            let commented = try await amal.get("/plans/hnec-2018")
            #expect(commented.body.contains("Fleet insurance is missing."))
            #expect(cache.rendered == rendered + 1)
            _ = try await amal.get("/")
            #expect(cache.rendered == rendered + 2, "the dashboard reads the plans")
        }
    }

    @Test("a sign-in by someone else leaves the kept pages; a sign-out or a deactivation stops them for that session")
    func sessionsAndUsers() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let cache = PageCache(qms: fixture.qms)
        try await Self.addUser(fixture, "nadia", "Nadia Haddad", .qualityManager)
        try await fixture.application(cache: cache).test(.router) { client in
            var amal = try await Browser.signedIn(client, as: "amal")
            let page = try await amal.get("/evidence")
            _ = try await amal.get("/evidence")
            let rendered = cache.rendered
            var answered = cache.answered

            var nadia = Browser(client)
            #expect(try await nadia.signIn("nadia", password: "nadia-lantern-2026") == .seeOther)
            #expect(try await amal.get("/evidence").body == page.body)
            #expect(cache.answered == answered + 1, "Amal's kept page outlives Nadia's sign-in")
            #expect(try await nadia.get("/evidence").status == .ok)
            #expect(try await nadia.get("/evidence").status == .ok)
            #expect(cache.rendered == rendered, "Nadia reads the render Amal's role already has")

            // Signed out in one window, the same session's cookie in another gets the sign-in page.
            var replay = Browser(client)
            replay.cookies = amal.cookies
            answered = cache.answered
            #expect(try await replay.get("/evidence").status == .ok)
            #expect(cache.answered == answered + 1)
            let logout = try await amal.post(
                "/logout", form: ["_csrf": try #require(Browser.hidden("_csrf", in: page.body))])
            #expect(logout.status == .seeOther || logout.status == .found)
            #expect(Self.sentToSignIn(try await replay.get("/evidence")))

            // Deactivated from the command line, Nadia's kept page is not sent to her session again.
            let cli = try await Self.commandLine(fixture, as: "admin")
            try await cli.users.deactivate("nadia")
            try await cli.store.close()
            #expect(Self.sentToSignIn(try await nadia.get("/evidence")))
        }
    }

    @Test("while a page's next render is under way another reader gets its previous version, the writer never does")
    func staleWhileRevalidate() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let cache = PageCache(qms: fixture.qms)
        try await Self.addUser(fixture, "tarek", "Tarek Mansour", .tcMember)
        let awp = try PlanID("hnec-2018")
        let activity = try #require(try await fixture.qms.plans.version(awp).planSet.workPlan.activities.first)
        let organisation = try await fixture.qms.organisation.get()
        let key = SharedPageKey(
            role: .tcMember, language: .english, organisationLocale: organisation?.locale,
            timeZone: organisation?.timeZone, address: "/plans/hnec-2018", day: fixture.qms.today)
        try await fixture.application(cache: cache).test(.router) { client in
            var salma = try await Browser.signedIn(client, as: "salma")
            var tarek = Browser(client)
            #expect(try await tarek.signIn("tarek", password: "tarek-lantern-2026") == .seeOther)
            let before = try await salma.get("/plans/hnec-2018")
            let tareks = try await tarek.get("/plans/hnec-2018")
            #expect(before.status == .ok && tareks.status == .ok)
            #expect(cache.shared(for: key)?.isFresh(at: try await fixture.qms.system.areaVersions()) == true)

            // A render of the page stays under way until the test lets it end.
            let (gate, release) = AsyncStream<Void>.makeStream()
            let held = Task {
                try await cache.rendering(key) { for await _ in gate { break } }
            }
            while !cache.isRendering(key) { try await Task.sleep(for: .milliseconds(5)) }

            let text = "Fleet insurance is missing from activity \(activity.code)."
            let token = try #require(Browser.hidden("_csrf", in: before.body))
            let comment = try await salma.post(
                "/plans/hnec-2018/comments",
                form: ["_csrf": token, "activity": activity.code.description, "text": text])
            #expect(comment.status == .seeOther)
            #expect(salma.cookies[WriterVersions.cookieName] != nil, "the write leaves its versions with the browser")

            // Tarek, who wrote nothing, gets the previous version at once.
            let stale = cache.servedStale
            let rendered = cache.rendered
            let tareksNow = try await tarek.get("/plans/hnec-2018")
            #expect(tareksNow.status == .ok)
            #expect(!tareksNow.body.contains(text))
            #expect(cache.servedStale == stale + 1 && cache.rendered == rendered)

            // Salma sees her comment, after the redirect and on the page itself: her browser carries
            // the versions her write left (a cookie, so that any server she asks next knows them).
            let redirected = try await salma.get(try #require(comment.headers[.location]))
            #expect(redirected.body.contains(text))
            let own = try await salma.get("/plans/hnec-2018")
            #expect(own.body.contains(text), "the writer is never sent the page her write made stale")
            #expect(cache.servedStale == stale + 1)

            release.finish()
            try await held.value
            // Once rendered, Tarek gets the new version.
            #expect(try await tarek.get("/plans/hnec-2018").body.contains(text))
        }
    }

    @Test("a page names the areas it reads; a page that names none reads them all")
    func declarations() {
        let evidence = PageAreas.areas(for: "/evidence")
        #expect(evidence.contains(.evidence) && evidence.contains(.users) && !evidence.contains(.plans))
        #expect(PageAreas.areas(for: "/plans/hnec-2018").contains(.plans))
        #expect(!PageAreas.areas(for: "/plans/hnec-2018").contains(.evidence))
        #expect(PageAreas.areas(for: "/plans/hnec-2018/quarterly").contains(.registers))
        #expect(PageAreas.areas(for: "/") == .all)
        #expect(PageAreas.areas(for: "/compliance") == .all)
        #expect(PageAreas.areas(for: "/not-declared/at-all") == .all)
        #expect(!PageAreas.areas(for: "/evidence").contains(.signIns), "a sign-in leaves the evidence register")
        #expect(PageAreas.personal.contains(.sessions) && PageAreas.personal.contains(.users))
    }
}
