import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSFormats
import QMSStore
import TestSupport
import Testing

@testable import QMSServices
@testable import QMSWeb

@Suite("Web application: sessions a user sees and ends, and their lifetimes")
struct SessionsWebTests {
    static let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
    static let chrome =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"

    @Test("the profile lists the user's own sessions, this one marked; one ends, then all others, then this one")
    func listAndEnd() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var here = Browser(client)
            here.userAgent = Self.firefox
            #expect(try await here.signIn("omar") == .seeOther)
            var laptop = Browser(client)
            laptop.userAgent = Self.chrome
            #expect(try await laptop.signIn("omar") == .seeOther)
            var phone = try await Browser.signedIn(client, as: "omar")
            _ = try await Browser.signedIn(client, as: "admin")

            let sessions = try await fixture.qms.sessions.sessions(of: "omar")
            #expect(sessions.count == 3)
            #expect(sessions.allSatisfy { $0.startedAt != nil && $0.lastSeenAt != nil })
            let profile = try await here.get("/profile")
            #expect(profile.status == .ok)
            #expect(profile.body.contains("Firefox on Linux"))
            #expect(profile.body.contains("Chrome on Windows"))
            #expect(profile.body.contains("unknown browser"))
            #expect(profile.body.components(separatedBy: "<tr aria-current=\"true\"").count == 2, "one row is this one")
            #expect(profile.body.contains("after 30 minutes without use, and 12 hours after signing in"))
            let adminSession = try #require(try await fixture.qms.sessions.sessions(of: "admin").first)
            #expect(!profile.body.contains(adminSession.id), "nobody else's sessions")

            // End the laptop's session: it is signed out, the others are not.
            let token = Browser.hidden("_csrf", in: profile.body) ?? ""
            let chromeSession = try #require(sessions.first { $0.browser == "Chrome" })
            let ended = try await here.post(
                "/profile/sessions/end", form: ["_csrf": token, "session": chromeSession.id])
            #expect(ended.status == .seeOther)
            #expect(ended.headers[.location] == "/profile?ended=one#profile-sessions")
            #expect(try await laptop.get("/evidence").headers[.location]?.hasPrefix("/login") == true)
            #expect(try await phone.get("/evidence").status == .ok)

            // Another user's session cannot be ended from here: not found, and it goes on.
            let refused = try await here.post(
                "/profile/sessions/end", form: ["_csrf": token, "session": adminSession.id])
            #expect(refused.status == .notFound)
            #expect(try await fixture.qms.sessions.sessions(of: "admin").count == 1)
            // Without the form's token, nothing ends.
            let forged = try await here.post("/profile/sessions/end", form: ["session": ""])
            #expect(forged.status == .forbidden)
            #expect(try await fixture.qms.sessions.sessions(of: "omar").count == 2)

            // Every other session at once: the phone is signed out, this browser is not.
            let others = try await here.post("/profile/sessions/end", form: ["_csrf": token])
            #expect(others.headers[.location] == "/profile?ended=others#profile-sessions")
            #expect(try await phone.get("/evidence").headers[.location]?.hasPrefix("/login") == true)
            #expect(try await here.get("/evidence").status == .ok)
            #expect(try await fixture.qms.sessions.sessions(of: "omar").count == 1)

            // This one: signed out here.
            let own = try #require(try await fixture.qms.sessions.sessions(of: "omar").first)
            let out = try await here.post("/profile/sessions/end", form: ["_csrf": token, "session": own.id])
            #expect(out.headers[.location] == "/login")
            #expect(try await here.get("/evidence").headers[.location]?.hasPrefix("/login") == true)
            #expect(try await fixture.qms.sessions.sessions(of: "omar").isEmpty)
        }
    }

    @Test("sign-ins, refused passwords and ended sessions are in the audit trail, which still verifies")
    func trail() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var laptop = Browser(client)
            laptop.userAgent = Self.firefox
            #expect(try await laptop.signIn("omar", password: "not-omars-password-at-all") == .unauthorized)
            #expect(try await laptop.signIn("omar") == .seeOther)
            var phone = Browser(client)
            phone.userAgent = Self.chrome
            #expect(try await phone.signIn("omar") == .seeOther)
            // Omar ends the phone's session from the laptop; the administrator ends the laptop's.
            let token = try await laptop.csrf()
            #expect(try await laptop.post("/profile/sessions/end", form: ["_csrf": token]).status == .seeOther)
            var admin = try await Browser.signedIn(client, as: "admin")
            let adminToken = try await admin.csrf()
            #expect(
                try await admin.post("/users/omar/sessions/end", form: ["_csrf": adminToken]).status == .seeOther)
            // The administrator signs out.
            #expect(try await admin.post("/logout", form: ["_csrf": adminToken]).status == .seeOther)

            let events = try await fixture.qms.store.reading { try $0.events() }
            let access = events.filter { AccessAction(rawValue: $0.action) != nil }
            let omar = access.filter { $0.entity == "user:omar" }
            #expect(
                omar.map(\.action) == [
                    "user.sign-in-refused", "user.sign-in", "user.sign-in", "session.end", "session.end",
                ])
            #expect(omar.map(\.actor) == ["unauthenticated", "omar", "omar", "omar", "admin"])
            #expect(omar[0].after?.contains("\"method\":\"password\"") == true)
            #expect(omar[1].after?.contains("\"browser\":\"Firefox\"") == true)
            #expect(omar[3].after?.contains("\"method\":\"profile\"") == true)
            #expect(omar[4].after?.contains("\"method\":\"administrator\"") == true)
            #expect(omar[4].after?.contains("\"sessions\":1") == true)
            // Nothing secret: no password, in the clear or otherwise.
            #expect(!events.contains { $0.after?.contains("not-omars-password") == true })
            let signOut = try #require(access.last)
            #expect(signOut.action == "session.end" && signOut.entity == "user:admin")
            #expect(signOut.after?.contains("\"method\":\"sign-out\"") == true)
            // The events are not user records: `eqms verify` finds nothing wrong.
            let report = try await fixture.qms.integrity.verify()
            #expect(report.problems.isEmpty)
        }
    }

    @Test("a session unused for the idle time ends, even on a page the cache kept for it; use keeps it open")
    func idleLifetime() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let clock = TestClock()
        // The service by the same clock, to list the sessions open at the test's time.
        var clocked = fixture.qms
        clocked.now = { clock.now }
        let sessions = clocked.sessions
        try await fixture.application(clock: clock).test(.router) { client in
            var omar = try await Browser.signedIn(client, as: "omar")
            // Asked twice, the dashboard is kept and then sent from the cache.
            #expect(try await omar.get("/").status == .ok)
            #expect(try await omar.get("/").status == .ok)
            // Used every 25 minutes for an hour and a quarter, it stays open.
            for _ in 0..<3 {
                clock.advance(25 * 60)
                #expect(try await omar.get("/").status == .ok)
            }
            let seen = try #require(try await sessions.sessions(of: "omar").first?.lastSeenAt)
            #expect(seen.millisecondsSince1970 / 1000 == Int64(clock.now.timeIntervalSince1970))
            // Thirty minutes without use: the kept page is not sent; the session has ended.
            clock.advance(30 * 60)
            let after = try await omar.get("/")
            #expect(after.status == .found)
            #expect(after.headers[.location] == "/login")
            #expect(try await sessions.sessions(of: "omar").isEmpty)
            #expect(try await omar.get("/evidence").headers[.location]?.hasPrefix("/login") == true)
        }
    }

    @Test("a session in steady use ends at its absolute lifetime after sign-in, as configured")
    func absoluteLifetime() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let clock = TestClock()
        let configuration = WebConfiguration(sessions: SessionLifetime(idleMinutes: 30, absoluteHours: 2))
        try await fixture.application(clock: clock, configuration: configuration).test(.router) { client in
            var amal = try await Browser.signedIn(client, as: "amal")
            for step in 1...5 {
                clock.advance(20 * 60)
                #expect(try await amal.get("/evidence").status == .ok, "after \(step * 20) minutes")
            }
            let profile = try await amal.get("/profile")
            #expect(profile.body.contains("after 30 minutes without use, and 2 hours after signing in"))
            clock.advance(20 * 60)
            #expect(try await amal.get("/evidence").headers[.location]?.hasPrefix("/login") == true)
            // Signing in again starts a new session with a new lifetime.
            #expect(try await amal.signIn("amal") == .seeOther)
            #expect(try await amal.get("/evidence").status == .ok)
        }
    }

    @Test(
        "two servers on one PostgreSQL database: a session started on one is listed and ended on the other",
        .enabled(if: !(ProcessInfo.processInfo.environment["EQMS_TEST_POSTGRES_URL"] ?? "").isEmpty))
    func twoServersOnPostgres() async throws {
        let base = ProcessInfo.processInfo.environment["EQMS_TEST_POSTGRES_URL"] ?? ""
        let schema = "sessions_" + UUID().uuidString.prefix(8).lowercased()
        let admin = try PostgresStore(url: base)
        try await admin.write { session in try session.execute("CREATE SCHEMA \(schema)", []) }
        let url = base + "?search_path=\(schema)"
        let library = try StandardsLibrary(directory: Repository.standards)
        let (first, _) = try await SetupService.initialise(databaseURL: url, library: library, actor: "test")
        try await DemoService.seed(first)
        let (second, _) = try await SetupService.initialise(databaseURL: url, library: library, actor: "test")
        let renderer = try await Renderer.load()
        let one = Application(router: WebApplication.router(qms: first, configuration: .init(), renderer: renderer))
        let two = Application(router: WebApplication.router(qms: second, configuration: .init(), renderer: renderer))
        try await one.test(.router) { clientOne in
            try await two.test(.router) { clientTwo in
                var onOne = Browser(clientOne)
                onOne.userAgent = Self.firefox
                #expect(try await onOne.signIn("salma") == .seeOther)
                #expect(try await onOne.get("/evidence").status == .ok)
                var onTwo = Browser(clientTwo)
                onTwo.userAgent = Self.chrome
                #expect(try await onTwo.signIn("salma") == .seeOther)
                let profile = try await onTwo.get("/profile")
                #expect(profile.body.contains("Firefox on Linux"), "server two lists server one's session")
                let token = Browser.hidden("_csrf", in: profile.body) ?? ""
                let others = try await onTwo.post("/profile/sessions/end", form: ["_csrf": token])
                #expect(others.status == .seeOther)
                #expect(try await onOne.get("/evidence").headers[.location]?.hasPrefix("/login") == true)
                #expect(try await onTwo.get("/evidence").status == .ok)
                #expect(try await second.sessions.sessions(of: "salma").count == 1)
            }
        }
        try await first.system.close()
        try await second.system.close()
        try await admin.write { session in try session.execute("DROP SCHEMA \(schema) CASCADE", []) }
    }
}
