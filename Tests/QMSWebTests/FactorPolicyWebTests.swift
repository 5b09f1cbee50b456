import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSServices
import Testing

@testable import QMSWeb

/// The second-factor policy through the pages: an administrator sets it, a user of a required
/// role works with a banner during the grace period and reaches only enrolment after it.
@Suite("Second-factor policy on the web")
struct FactorPolicyWebTests {
    @Test("an administrator sets the policy on its page; a wrong grace period names the field; others may not")
    func policyPage() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var admin = try await Browser.signedIn(client, as: "admin")
            let page = try await admin.get("/organisation/second-factor")
            #expect(page.status == .ok)
            #expect(page.body.contains(#"name="grace_days""#))
            #expect(page.body.contains(#"value="14""#), "the default grace period")
            let token = Browser.hidden("_csrf", in: page.body) ?? ""
            let body = "_csrf=\(token)&required=admin&required=quality-manager&grace_days=7"
            let saved = try await admin.post(
                "/organisation/second-factor", body: ByteBuffer(string: body),
                contentType: "application/x-www-form-urlencoded")
            #expect(saved.status == .seeOther)
            let policy = try await fixture.qms.factorPolicy.get()
            #expect(policy.requiredRoles == [.admin, .qualityManager])
            #expect(policy.graceDays == 7)
            let shown = try await admin.get("/organisation/second-factor?saved=1")
            #expect(shown.body.contains("The two-factor sign-in policy is saved."))
            #expect(shown.body.contains(#"value="admin" checked"#))
            #expect(!shown.body.contains(#"value="viewer" checked"#))

            // A grace period out of range comes back in Arabic, naming the field, the form kept.
            _ = try await admin.get("/lang/ar")
            let wrong = try await admin.post(
                "/organisation/second-factor",
                body: ByteBuffer(string: "_csrf=\(token)&required=viewer&grace_days=400"),
                contentType: "application/x-www-form-urlencoded")
            #expect(wrong.status == .badRequest)
            #expect(wrong.body.contains("المهلة (بالأيام)"))
            #expect(wrong.body.contains(#"value="400""#))
            #expect(try await fixture.qms.factorPolicy.get() == policy, "nothing saved")

            var amal = try await Browser.signedIn(client, as: "amal")
            #expect(try await amal.get("/organisation/second-factor").status == .forbidden)
            let refused = try await amal.post(
                "/organisation/second-factor", form: ["_csrf": try await amal.csrf(), "grace_days": "0"])
            #expect(refused.status == .forbidden)
        }
        let events = try await fixture.qms.trail.events(entity: "factor-policy")
        #expect(events.map(\.action) == ["factor-policy.set"])
        #expect(events.first?.actor == "admin")
        #expect(events.first?.after?.contains(#""graceDays":7"#) == true)
        #expect(try await fixture.qms.integrity.verify().problems.isEmpty)
    }

    @Test("during the grace period a banner counts the days; after it only enrolment opens, until enrolled")
    func graceThenPending() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.qms.acting(as: "admin").factorPolicy.set(requiredRoles: [.processOwner], graceDays: 3)
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_015))
        try await fixture.application(clock: clock).test(.router) { client in
            var omar = try await Browser.signedIn(client, as: "omar")
            let dashboard = try await omar.get("/")
            #expect(dashboard.status == .ok)
            #expect(dashboard.body.contains("3 days left to set it up"))
            #expect(dashboard.body.contains(#"href="/profile#profile-factor""#))
            // Users of optional roles see no banner.
            var salma = try await Browser.signedIn(client, as: "salma")
            #expect(!(try await salma.get("/").body.contains("left to set it up")))

            // Two days and a half later (signed in again, sessions being shorter): one day left.
            clock.advance(2.5 * 86_400)
            omar = try await Browser.signedIn(client, as: "omar")
            _ = try await omar.get("/lang/fr")
            #expect(try await omar.get("/evidence").body.contains("il reste 1 jour pour l’activer"))

            // Past the grace period: everything leads to enrolment.
            clock.advance(86_400)
            omar = try await Browser.signedIn(client, as: "omar")
            _ = try await omar.get("/lang/en")
            for path in ["/", "/evidence", "/profile/calendar", "/registers/risks"] {
                let page = try await omar.get(path)
                #expect(page.status == .found, "\(path)")
                #expect(page.headers[.location] == "/profile?factor=required#profile-factor", "\(path)")
            }
            let profile = try await omar.get("/profile?factor=required")
            #expect(profile.status == .ok)
            #expect(profile.body.contains("the time given to set it up is over"))
            #expect(!profile.body.contains(#"action="/profile/sessions/end""#), "nothing but enrolment")
            #expect(!profile.body.contains(#"href="/evidence""#), "no menu to pages that do not open")
            let token = Browser.hidden("_csrf", in: profile.body) ?? ""
            let timeZone = try await omar.post("/profile", form: ["_csrf": token, "time_zone": "Asia/Amman"])
            #expect(timeZone.status == .found)
            let enrol = try await omar.post("/profile/second-factor", form: ["_csrf": token])
            #expect(enrol.status == .ok)
            let secretText = try #require(TwoFactorWebTests.text(id: "factor-secret", in: enrol.body))
            let phone = TOTP(secret: try #require(Base32.decode(secretText)))
            let now = Int64(clock.now.timeIntervalSince1970)
            let confirmed = try await omar.post(
                "/profile/second-factor/confirm", form: ["_csrf": token, "code": phone.code(at: now)])
            #expect(confirmed.status == .ok)
            #expect(confirmed.body.contains(#"id="recovery-codes""#))
            // Enrolled: the pages open again, with no banner.
            let open = try await omar.get("/evidence")
            #expect(open.status == .ok)
            #expect(!open.body.contains("left to set it up"))
        }
        #expect(try await fixture.qms.access.user("omar")?.timeZone == nil, "the refused form wrote nothing")
    }

    @Test("a factor-pending user's API token is refused, with the reason")
    func tokenRefused() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let token = try await fixture.qms.access.createToken(for: "viewer", name: "test")
        try await fixture.application().test(.router) { client in
            let bearer: HTTPFields = [.authorization: "Bearer \(token)"]
            #expect(try await client.execute(uri: "/api/v1/evidence", method: .get, headers: bearer).status == .ok)
            try await fixture.qms.acting(as: "admin").factorPolicy.set(requiredRoles: [.viewer], graceDays: 0)
            let refused = try await client.execute(uri: "/api/v1/evidence", method: .get, headers: bearer)
            #expect(refused.status == .forbidden)
            #expect(String(buffer: refused.body).contains("time given to set it up is over"))
        }
    }
}
