import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSServices
import TestSupport
import Testing

@testable import QMSWeb

/// Sign-in through the login form against a real slapd, configured as an administrator would: on
/// the directory page, not by the server's flags.
@Suite("Directory sign-in through the web's login form, against a real slapd", .serialized)
struct DirectorySignInWebTests {
    /// The directory page's form pointing at `server`, with the CA given.
    static func form(_ token: String, server: SlapdServer, ca: String) -> [String: String] {
        [
            "_csrf": token, "ldap_uri": server.ready.ldaps, "ldap_ca_file": ca,
            "ldap_base": "ou=people," + server.ready.base, "ldap_group_base": "ou=groups," + server.ready.base,
            "ldap_user_attribute": "uid", "ldap_bind_dn": server.ready.serviceDN,
            "ldap_bind_password": server.ready.servicePassword,
            "ldap_group": [
                "quality-manager=cn=quality,ou=groups," + server.ready.base,
                "viewer=cn=staff,ou=groups," + server.ready.base,
            ].joined(separator: "\n"),
            "ldap_sync_minutes": "15",
        ]
    }

    @Test(
        "saved on the directory page, the directory signs in its people with their mapped roles; a wrong CA, a removed person and an injected name are refused"
    )
    func signIn() async throws {
        let server = try await SlapdServer.shared.value
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var admin = try await Browser.signedIn(client, as: "admin")
            let token = try await admin.csrf()

            // A CA that signed nothing the server shows: saved, but the connection test says why.
            let untrusted = try await admin.post(
                "/organisation/directory", form: Self.form(token, server: server, ca: server.ready.otherCA))
            #expect(untrusted.status == .seeOther)
            let refused = try await admin.post("/organisation/directory/test", form: ["_csrf": token])
            #expect(refused.body.contains("certificate is not trusted"))
            var hana = Browser(client)
            let login = try await hana.get("/login")
            let untrustedSignIn = try await hana.post(
                "/login",
                form: [
                    "username": "hana", "password": SlapdServer.password(of: "hana"),
                    "_csrf": Browser.hidden("_csrf", in: login.body) ?? "",
                ])
            // The login page says why, keeps the name, and counts no failure against her.
            #expect(untrustedSignIn.status == .serviceUnavailable)
            #expect(untrustedSignIn.body.contains("certificate is not trusted"))
            #expect(untrustedSignIn.body.contains(#"value="hana""#))
            #expect(try await fixture.qms.access.user("hana") == nil, "nothing sent, nobody created")

            // The right CA.
            let saved = try await admin.post(
                "/organisation/directory", form: Self.form(token, server: server, ca: server.ready.ca))
            #expect(saved.status == .seeOther)
            let tested = try await admin.post("/organisation/directory/test", form: ["_csrf": token])
            #expect(tested.body.contains("The directory accepted the service account"))

            // The first sign-in creates the account with the role of the group.
            #expect(try await hana.signIn("hana", password: SlapdServer.password(of: "hana")) == .seeOther)
            let created = try #require(try await fixture.qms.access.user("hana"))
            #expect(created.role == .qualityManager)
            #expect(created.displayName == "Hana Saleh")
            let home = try await hana.get("/profile")
            #expect(home.status == .ok)
            #expect(home.body.contains("Hana Saleh"))

            // A wrong password keeps the name in the form and says so without telling which part.
            var wrong = Browser(client)
            let page = try await wrong.get("/login")
            let failed = try await wrong.post(
                "/login",
                form: [
                    "username": "hana", "password": "not-her-password",
                    "_csrf": Browser.hidden("_csrf", in: page.body) ?? "",
                ])
            #expect(failed.status == .unauthorized || failed.status == .ok)
            #expect(failed.body.contains("the username or the password is wrong"))
            #expect(failed.body.contains(#"value="hana""#))

            // LDAP injection in the name matches nobody and creates nobody.
            var injected = Browser(client)
            for name in ["hana)(uid=*", "*", "rami)(|(objectClass=*"] {
                #expect(try await injected.signIn(name, password: SlapdServer.password(of: "hana")) != .seeOther)
            }
            #expect(try await fixture.qms.users.list().allSatisfy { !$0.username.contains("*") })

            // Rami signs in as a viewer; once removed from the directory, he cannot any more.
            var rami = Browser(client)
            #expect(try await rami.signIn("rami", password: SlapdServer.password(of: "rami")) == .seeOther)
            #expect(try await fixture.qms.access.user("rami")?.role == .viewer)
            try server.delete("uid=rami,ou=people," + server.ready.base)
            var again = Browser(client)
            #expect(try await again.signIn("rami", password: SlapdServer.password(of: "rami")) != .seeOther)
            // The sync with the saved service account deactivates him and ends his session.
            let client = try #require(try await fixture.qms.directorySettings.client())
            let report = try await fixture.qms.acting(as: "admin").users.syncDirectory(client)
            #expect(report.deactivated.contains("rami"))
            #expect(!report.deactivated.contains("hana"))
            let after = try await rami.get("/profile")
            #expect(after.status == .found, "his open session ended")
            #expect(after.headers[.location]?.hasPrefix("/login") == true)
        }
        let events = try await fixture.qms.trail.events(entity: "user:hana")
        #expect(events.first { $0.action == "user.add" }?.actor == "directory", "created by the directory sign-in")
        let rami = try await fixture.qms.trail.events(entity: "user:rami")
        #expect(rami.contains { $0.action == "user.deactivate" })
    }
}
