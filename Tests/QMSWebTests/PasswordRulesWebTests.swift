import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import Testing

@testable import QMSServices
@testable import QMSWeb

@Suite("Web application: the password rules in the administrator's forms")
struct PasswordRulesWebTests {
    @Test("a refused password on a new user: the form comes back filled in but for the password, no user is added")
    func newUserRefused() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var admin = try await Browser.signedIn(client, as: "admin")
            let token = try await admin.csrf()
            let refused = try await admin.post(
                "/users",
                form: [
                    "_csrf": token, "username": "hamza", "display_name": "Hamza Saleh", "role": "viewer",
                    "password": "hamza-password-1",
                ])
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("the password is built on the username"))
            #expect(refused.body.contains("choose several unrelated words"))
            #expect(refused.body.contains("id=\"error-password\""))
            #expect(refused.body.contains("value=\"Hamza Saleh\""), "the other input is kept")
            #expect(!refused.body.contains("hamza-password-1"), "the password is never written back")
            #expect(try await fixture.qms.users.list().contains { $0.username == "hamza" } == false)

            let added = try await admin.post(
                "/users",
                form: [
                    "_csrf": token, "username": "hamza", "display_name": "Hamza Saleh", "role": "viewer",
                    "password": "linen beacon on the hill",
                ])
            #expect(added.status == .seeOther)
            var hamza = Browser(client)
            #expect(try await hamza.signIn("hamza", password: "linen beacon on the hill") == .seeOther)
        }
    }

    @Test("a too-short reset is refused in the reader's language, naming the length and the minimum")
    func resetInArabic() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var admin = try await Browser.signedIn(client, as: "admin")
            admin.cookies["eqms_lang"] = "ar"
            let token = try await admin.csrf()
            let refused = try await admin.post(
                "/users/viewer/password", form: ["_csrf": token, "password": "قصيرة جدا"])
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("والحد الأدنى"))
            var viewer = Browser(client)
            #expect(try await viewer.signIn("viewer") == .seeOther, "the refused password was not set")
        }
    }
}
