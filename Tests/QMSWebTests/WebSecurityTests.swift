import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSStore
import Testing

@testable import QMSServices
@testable import QMSWeb

@Suite("Web application: sign-in, sessions, headers, CSRF")
struct WebSecurityTests {
    @Test("every page carries the security headers: CSP default-src 'self', nosniff, no framing")
    func headers() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            let login = try await browser.get("/login")
            #expect(login.status == .ok)
            let policy = login.headers[.contentSecurityPolicy] ?? ""
            #expect(policy.contains("default-src 'self'"))
            #expect(policy.contains("frame-ancestors 'none'"))
            #expect(login.headers[.xContentTypeOptions] == "nosniff")
            #expect(
                !login.body.contains("http://") && !login.body.contains("https://"), "no external resource on the page")
        }
    }

    @Test("health and metrics answer without signing in")
    func healthAndMetrics() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            let health = try await browser.get("/health")
            #expect(health.status == .ok)
            #expect(health.body.contains("\"status\":\"ok\""))
            #expect(health.body.contains("\"standards\":4"))
            _ = try await browser.get("/login")
            let metrics = try await browser.get("/metrics")
            #expect(metrics.status == .ok)
            #expect(
                metrics.body.contains("hb_requests") || metrics.body.contains("hb_request"),
                "\(metrics.body.prefix(300))")
        }
    }

    @Test("a visitor is sent to sign in; a wrong password is refused; a right one opens the dashboard")
    func signIn() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            let first = try await browser.get("/")
            #expect(first.status == .found)
            #expect(first.headers[.location] == "/login")
            #expect(try await browser.signIn("amal", password: "not-the-password") == .unauthorized)
            #expect(try await browser.signIn("amal") == .seeOther)
            let cookie = try #require(browser.cookies["eqms_session"])
            #expect(!cookie.isEmpty)
            let dashboard = try await browser.get("/")
            #expect(dashboard.status == .ok)
            #expect(dashboard.body.contains("Amal Haddad"))
            #expect(dashboard.body.contains("iso-54001-2019"))
        }
    }

    @Test("the session cookie is HttpOnly and SameSite=Strict, and signing in replaces any earlier session id")
    func sessionCookie() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            browser.cookies["eqms_session"] = "planted-by-an-attacker"
            // The failures are set to this instant, so that the delay cannot pass while a slow
            // machine hashes passwords.
            let now = fixture.qms.instant.millisecondsSince1970
            try await fixture.qms.store.write { session in
                try session.execute("UPDATE sign_in_failures SET failed_at = ?", now)
            }
            let page = try await browser.get("/login")
            let token = Browser.hidden("_csrf", in: page.body) ?? ""
            var headers: HTTPFields = [
                .contentType: "application/x-www-form-urlencoded", .cookie: browser.cookieHeader,
            ]
            headers[.cookie] = browser.cookieHeader
            let body = "username=amal&password=\(WebFixture.password("amal"))&_csrf=\(token)"
            let response = try await client.execute(
                uri: "/login", method: .post, headers: headers, body: ByteBuffer(string: body))
            let setCookie = response.headers[values: .setCookie].first { $0.hasPrefix("eqms_session=") } ?? ""
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Strict"))
            #expect(!setCookie.hasPrefix("eqms_session=planted-by-an-attacker"))
        }
    }

    @Test("repeated wrong passwords slow the account down with 429 and Retry-After, never a lock")
    func throttling() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        // The clock stands still: on a loaded machine four sign-ins (each hashing a password) can
        // take longer than the first delay, which would then have passed before the fourth try.
        let frozen = Date()
        try await fixture.application(frozenAt: frozen).test(.router) { client in
            var browser = Browser(client)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<4 { statuses.append(try await browser.signIn("omar", password: "wrong-password-123")) }
            #expect(statuses.prefix(3).allSatisfy { $0 == .unauthorized }, "\(statuses)")
            #expect(statuses.last == .tooManyRequests, "the fourth try comes too soon")
            // Even the right password waits for the delay, which the page and the header give.
            // The failures are set to this instant, so that the delay cannot pass while a slow
            // machine hashes passwords.
            let now = Instant(secondsSince1970: frozen.timeIntervalSince1970).millisecondsSince1970
            try await fixture.qms.store.write { session in
                try session.execute("UPDATE sign_in_failures SET failed_at = ?", now)
            }
            let page = try await browser.get("/login")
            let token = Browser.hidden("_csrf", in: page.body) ?? ""
            let refused = try await browser.post(
                "/login", form: ["username": "omar", "password": WebFixture.password("omar"), "_csrf": token])
            #expect(refused.status == .tooManyRequests)
            let wait = Int(refused.headers[.retryAfter] ?? "") ?? 0
            #expect((1...5).contains(wait), "Retry-After \(wait)")
            #expect(refused.body.contains("Wait \(wait) seconds"))
            // Once the delay has passed (the failures are moved back in time), the owner signs in.
            try await fixture.qms.store.write { session in
                try session.execute("UPDATE sign_in_failures SET failed_at = failed_at - 6000")
            }
            #expect(try await browser.signIn("omar") == .seeOther)
        }
    }

    @Test("a form without the session's CSRF token, or with a wrong one, is refused with 403")
    func csrf() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            #expect(try await browser.signIn("amal") == .seeOther)
            let missing = try await browser.post("/evidence/EV-2026-0001/withdraw", form: ["reason": "no token given"])
            #expect(missing.status == .forbidden)
            let wrong = try await browser.post(
                "/evidence/EV-2026-0001/withdraw",
                form: ["reason": "a wrong token", "_csrf": String(repeating: "0", count: 64)])
            #expect(wrong.status == .forbidden)
            let login = try await browser.post(
                "/login", form: ["username": "amal", "password": "x", "_csrf": "forged"])
            #expect(login.status == .forbidden)
        }
    }

    @Test("signing out ends the session")
    func signOut() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            #expect(try await browser.signIn("viewer") == .seeOther)
            let token = try await browser.csrf()
            #expect(try await browser.post("/logout", form: ["_csrf": token]).status == .seeOther)
            #expect(try await browser.get("/").status == .found)
        }
    }
}
