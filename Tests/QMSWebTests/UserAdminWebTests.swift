import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import Testing

@testable import QMSServices
@testable import QMSWeb

/// An administrator manages users in the browser: roles, access, passwords, tokens and sessions,
/// each through the same service operations as `eqms user`.
@Suite("Web application: user administration")
struct UserAdminWebTests {
    @Test("an admin changes a role: the user's page says so, and the trail records the change")
    func changeRole() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var admin = Browser(client)
            #expect(try await admin.signIn("admin") == .seeOther)
            let token = try await admin.csrf()
            let sent = try await admin.post("/users/viewer/role", form: ["_csrf": token, "role": "auditor"])
            #expect(sent.status == .seeOther)
            #expect(sent.headers[.location] == "/users/viewer?done=role")
            let page = try await admin.get("/users/viewer?done=role")
            #expect(page.status == .ok)
            #expect(page.body.contains("The role is changed."))
            #expect(try await fixture.qms.users.show("viewer").role == .auditor)
            let events = try await fixture.qms.store.reading { try $0.events(entity: "user:viewer") }
            #expect(events.last?.action == "user.role")
            #expect(events.last?.actor == "admin")
            // An unknown role comes back on the user's page, beside the field.
            let wrong = try await admin.post("/users/viewer/role", form: ["_csrf": token, "role": "emperor"])
            #expect(wrong.status == .badRequest)
            #expect(wrong.body.contains("id=\"error-role\""))
        }
    }

    @Test("deactivating a user ends their session and refuses their token; they cannot sign in")
    func deactivate() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let secret = try await fixture.qms.access.createToken(for: "omar", name: "laptop")
        try await fixture.application().test(.router) { client in
            var omar = Browser(client)
            #expect(try await omar.signIn("omar") == .seeOther)
            #expect(try await omar.get("/evidence").status == .ok)
            let bearer: HTTPFields = [.authorization: "Bearer \(secret)"]
            #expect(try await client.execute(uri: "/api/v1/evidence", method: .get, headers: bearer).status == .ok)
            var admin = Browser(client)
            #expect(try await admin.signIn("admin") == .seeOther)
            let before = try await admin.get("/users/omar")
            #expect(before.body.contains("laptop"))
            let sent = try await admin.post("/users/omar/deactivate", form: ["_csrf": try await admin.csrf()])
            #expect(sent.headers[.location] == "/users/omar?done=deactivate")
            // The session opens nothing, the token is refused, the password no longer signs in.
            let after = try await omar.get("/evidence")
            #expect(after.status == .found)
            #expect(after.headers[.location]?.hasPrefix("/login") == true)
            #expect(
                try await client.execute(uri: "/api/v1/evidence", method: .get, headers: bearer).status == .unauthorized
            )
            var again = Browser(client)
            #expect(try await again.signIn("omar") == .unauthorized)
            #expect(try await fixture.qms.sessions.sessions(of: "omar").isEmpty)
            #expect(try await fixture.qms.access.tokens(of: "omar").allSatisfy(\.revoked))
            let page = try await admin.get("/users/omar?done=deactivate")
            #expect(page.body.contains("Deactivated"))
            // Reactivated, the password works again; the revoked token stays revoked.
            #expect(
                try await admin.post("/users/omar/reactivate", form: ["_csrf": try await admin.csrf()]).status
                    == .seeOther)
            #expect(try await again.signIn("omar") == .seeOther)
            #expect(
                try await client.execute(uri: "/api/v1/evidence", method: .get, headers: bearer).status == .unauthorized
            )
        }
    }

    @Test("an admin cannot deactivate themself: the page says why, and nothing changes")
    func selfDeactivation() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var admin = Browser(client)
            #expect(try await admin.signIn("admin") == .seeOther)
            let own = try await admin.get("/users/admin")
            #expect(!own.body.contains("action=\"/users/admin/deactivate\""))
            let sent = try await admin.post("/users/admin/deactivate", form: ["_csrf": try await admin.csrf()])
            #expect(sent.status == .conflict)
            #expect(sent.body.contains("you cannot deactivate your own account"))
            #expect(try await fixture.qms.users.show("admin").active)
        }
    }

    @Test("an admin resets a password, set or generated; the user signs in with the new one only")
    func resetPassword() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var admin = Browser(client)
            #expect(try await admin.signIn("admin") == .seeOther)
            let token = try await admin.csrf()
            let short = try await admin.post("/users/viewer/password", form: ["_csrf": token, "password": "short"])
            #expect(short.status == .badRequest)
            let set = try await admin.post(
                "/users/viewer/password", form: ["_csrf": token, "password": "a-new-password-2026"])
            #expect(set.headers[.location] == "/users/viewer?done=password")
            var viewer = Browser(client)
            #expect(try await viewer.signIn("viewer") == .unauthorized)
            #expect(try await viewer.signIn("viewer", password: "a-new-password-2026") == .seeOther)
            // Generated: shown once on the answer, and it signs in.
            let generated = try await admin.post("/users/viewer/password", form: ["_csrf": token, "password": ""])
            #expect(generated.status == .ok)
            let start = try #require(generated.body.range(of: "<code class=\"key\">"))
            let end = try #require(generated.body[start.upperBound...].range(of: "</code>"))
            let password = String(generated.body[start.upperBound..<end.lowerBound])
            #expect(password.count == 16)
            var fresh = Browser(client)
            #expect(try await fresh.signIn("viewer", password: password) == .seeOther)
            let events = try await fixture.qms.store.reading { try $0.events(entity: "password:viewer") }
            #expect(events.filter { $0.actor == "admin" }.count == 2)
        }
    }

    @Test("an admin revokes a token by name and ends a session; both stop working at once")
    func revokeTokenAndEndSession() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let secret = try await fixture.qms.access.createToken(for: "amal", name: "reporting")
        try await fixture.application().test(.router) { client in
            var amal = Browser(client)
            #expect(try await amal.signIn("amal") == .seeOther)
            var admin = Browser(client)
            #expect(try await admin.signIn("admin") == .seeOther)
            let token = try await admin.csrf()
            let sessions = try await fixture.qms.sessions.sessions(of: "amal")
            #expect(sessions.count == 1)
            let page = try await admin.get("/users/amal")
            #expect(page.body.contains(sessions[0].id))
            #expect(page.body.contains("reporting"))
            let bearer: HTTPFields = [.authorization: "Bearer \(secret)"]
            let revoked = try await admin.post(
                "/users/amal/tokens/revoke", form: ["_csrf": token, "name": "reporting"])
            #expect(revoked.headers[.location] == "/users/amal?done=token")
            #expect(
                try await client.execute(uri: "/api/v1/evidence", method: .get, headers: bearer).status == .unauthorized
            )
            let again = try await admin.post("/users/amal/tokens/revoke", form: ["_csrf": token, "name": "reporting"])
            #expect(again.status == .notFound)
            #expect(try await amal.get("/evidence").status == .ok)
            let ended = try await admin.post(
                "/users/amal/sessions/end", form: ["_csrf": token, "session": sessions[0].id])
            #expect(ended.headers[.location] == "/users/amal?done=session")
            #expect(try await amal.get("/evidence").status == .found)
            // The administrator's own session is untouched.
            #expect(try await admin.get("/users/amal").status == .ok)
        }
    }

    @Test("a user who is not an administrator is refused every user page and action (403)")
    func nonAdminRefused() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var amal = Browser(client)
            #expect(try await amal.signIn("amal") == .seeOther)
            let token = try await amal.csrf()
            #expect(try await amal.get("/users").status == .forbidden)
            #expect(try await amal.get("/users/viewer").status == .forbidden)
            for action in ["role", "deactivate", "reactivate", "password", "tokens/revoke", "sessions/end"] {
                let sent = try await amal.post(
                    "/users/viewer/\(action)", form: ["_csrf": token, "role": "admin", "password": "x-long-password-1"])
                #expect(sent.status == .forbidden, "\(action)")
            }
            #expect(try await fixture.qms.users.show("viewer").role == .viewer)
        }
    }
}
