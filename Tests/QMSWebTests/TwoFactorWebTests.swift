import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSServices
import Testing

/// Two-factor sign-in through the pages: enrolment from the profile, the second step at sign-in,
/// a recovery code, and a used code refused.
@Suite("Two-factor sign-in on the web")
struct TwoFactorWebTests {
    /// The application's clock, stopped so that the codes computed here are the server's.
    static let now: Int64 = 1_800_000_015

    /// The text of the element with this id, from `id="…">` to the next `<`.
    static func text(id: String, in html: String) -> String? {
        guard let range = html.range(of: "id=\"\(id)\">") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "<").map { String(rest[..<$0]) }
    }

    @Test("enrol by the profile, sign in with a code, with a recovery code, and be refused a used one")
    func journey() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let frozen = Date(timeIntervalSince1970: TimeInterval(Self.now))
        try await fixture.application(frozenAt: frozen).test(.router) { client in
            var browser = try await Browser.signedIn(client, as: "omar")
            let profile = try await browser.get("/profile")
            #expect(profile.body.contains("your password alone opens your account"))
            let enrol = try await browser.post("/profile/second-factor", form: ["_csrf": try await browser.csrf()])
            #expect(enrol.status == .ok)
            #expect(enrol.body.contains("<svg"))
            #expect(enrol.body.contains(#"shape-rendering="crispEdges""#))
            #expect(enrol.body.contains(#"<title id="qr-title">QR code to add ElectoralQMS"#))
            #expect(enrol.body.contains(#"autocomplete="one-time-code" inputmode="numeric""#))
            #expect(!enrol.body.contains("onpaste"), "pasting the code is never blocked")
            let secretText = try #require(Self.text(id: "factor-secret", in: enrol.body))
            let secret = try #require(Base32.decode(secretText))
            #expect(secret.count == 20)
            // A mistyped code: the page comes back with the same key, and nothing is confirmed.
            let wrong = try await browser.post(
                "/profile/second-factor/confirm", form: ["_csrf": try await browser.csrf(), "code": "000000"])
            #expect(wrong.status == .badRequest)
            #expect(wrong.body.contains("the code is wrong"))
            #expect(Self.text(id: "factor-secret", in: wrong.body) == secretText)
            #expect(wrong.body.contains("<svg"))
            #expect(try await fixture.qms.secondFactor.state(of: "omar") == .pending)
            let phone = TOTP(secret: secret)
            let confirmed = try await browser.post(
                "/profile/second-factor/confirm",
                form: ["_csrf": try await browser.csrf(), "code": phone.code(at: Self.now)])
            #expect(confirmed.status == .ok)
            let list =
                confirmed.body.components(separatedBy: #"id="recovery-codes">"#).last?
                .components(separatedBy: "</ol>").first ?? ""
            let codes = list.components(separatedBy: "<li>").dropFirst().compactMap {
                $0.components(separatedBy: "</li>").first
            }
            #expect(codes.count == 10)
            #expect(try await fixture.qms.secondFactor.state(of: "omar") == .confirmed(recoveryCodesLeft: 10))

            // Signing in again: the password leads to the second step, which opens nothing else.
            var second = Browser(client)
            #expect(try await second.signIn("omar") == .seeOther)
            let pending = try await second.get("/evidence")
            #expect(pending.status == .found)
            #expect(pending.headers[.location]?.hasPrefix("/login/code") == true)
            let step = try await second.get("/login/code")
            #expect(step.body.contains(#"autocomplete="one-time-code" inputmode="numeric""#))
            let token = Browser.hidden("_csrf", in: step.body) ?? ""
            // The code that confirmed the enrolment is spent.
            let replayed = try await second.post(
                "/login/code", form: ["_csrf": token, "code": phone.code(at: Self.now)])
            #expect(replayed.status == .unauthorized)
            // The next step's code, pasted with a space, signs in.
            let next = phone.code(at: Self.now + 30)
            let accepted = try await second.post(
                "/login/code", form: ["_csrf": token, "code": next.prefix(3) + " " + next.dropFirst(3)])
            #expect(accepted.status == .seeOther)
            #expect(try await second.get("/evidence").status == .ok)

            // A third browser: the same code again is refused; a recovery code signs in, once.
            var third = Browser(client)
            #expect(try await third.signIn("omar") == .seeOther)
            let thirdToken = Browser.hidden("_csrf", in: try await third.get("/login/code").body) ?? ""
            let reused = try await third.post("/login/code", form: ["_csrf": thirdToken, "code": next])
            #expect(reused.status == .unauthorized)
            let recovered = try await third.post("/login/code", form: ["_csrf": thirdToken, "recovery_code": codes[0]])
            #expect(recovered.status == .seeOther)
            #expect(try await third.get("/evidence").status == .ok)
            var fourth = Browser(client)
            #expect(try await fourth.signIn("omar") == .seeOther)
            let fourthToken = Browser.hidden("_csrf", in: try await fourth.get("/login/code").body) ?? ""
            let spent = try await fourth.post("/login/code", form: ["_csrf": fourthToken, "recovery_code": codes[0]])
            #expect(spent.status == .unauthorized)
            #expect(try await fourth.get("/evidence").status == .found)
            #expect(try await fixture.qms.secondFactor.state(of: "omar") == .confirmed(recoveryCodesLeft: 9))

            // The telephone is lost: an administrator resets the factor, and omar enrols again.
            var admin = try await Browser.signedIn(client, as: "admin")
            let user = try await admin.get("/users/omar")
            #expect(Self.text(id: "user-factor-state", in: user.body)?.contains("Recovery codes left: 9") == true)
            let reset = try await admin.post(
                "/users/omar/second-factor/reset", form: ["_csrf": try await admin.csrf()])
            #expect(reset.status == .seeOther)
            var fifth = Browser(client)
            #expect(try await fifth.signIn("omar") == .seeOther)
            #expect(try await fifth.get("/evidence").status == .ok, "the password alone, until omar enrols again")
        }
        #expect(try await fixture.qms.secondFactor.state(of: "omar") == .none)
        let reset = try await fixture.qms.trail.events(entity: "second-factor:omar").last
        #expect(reset?.action == "factor.reset")
        #expect(reset?.actor == "admin")
    }
}
