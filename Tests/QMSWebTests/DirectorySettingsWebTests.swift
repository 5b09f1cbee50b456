import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSServices
import Testing

@testable import QMSWeb

/// The directory page: an administrator saves the settings (the password never shown back),
/// tests the connection and reads the result in the page's language; others may not.
@Suite("Directory settings on the web")
struct DirectorySettingsWebTests {
    static func form(_ token: String, password: String, uri: String = "ldap://127.0.0.1:1") -> String {
        [
            "_csrf=\(token)", "ldap_uri=" + Browser.encode(uri),
            "ldap_ca_file=%2Fetc%2Fssl%2Fcerts%2Fca-certificates.crt",
            "ldap_base=" + Browser.encode("ou=people,dc=iec,dc=example"), "ldap_group_base=",
            "ldap_user_attribute=sAMAccountName", "ldap_bind_dn=" + Browser.encode("cn=eqms,dc=iec,dc=example"),
            "ldap_bind_password=" + Browser.encode(password),
            "ldap_group=" + Browser.encode("quality-manager=cn=quality,ou=groups,dc=iec,dc=example"),
            "ldap_sync_minutes=20",
        ].joined(separator: "&")
    }

    @Test("saved, the password never shown back; the connection test answers in Arabic; a bad server is named")
    func page() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var admin = try await Browser.signedIn(client, as: "admin")
            let empty = try await admin.get("/organisation/directory")
            #expect(empty.status == .ok)
            #expect(!empty.body.contains("/organisation/directory/test"), "nothing to test before a save")
            let token = Browser.hidden("_csrf", in: empty.body) ?? ""
            let saved = try await admin.post(
                "/organisation/directory", body: ByteBuffer(string: Self.form(token, password: "S3rvice-Secret!")),
                contentType: "application/x-www-form-urlencoded")
            #expect(saved.status == .seeOther)
            let settings = try #require(try await fixture.qms.directorySettings.get())
            #expect(settings.userAttribute == "sAMAccountName")
            #expect(settings.syncMinutes == 20)
            #expect(settings.groups == ["quality-manager=cn=quality,ou=groups,dc=iec,dc=example"])
            let shown = try await admin.get("/organisation/directory?saved=1")
            #expect(shown.body.contains("The directory settings are saved."))
            #expect(!shown.body.contains("S3rvice-Secret!"), "the password is never shown back")
            #expect(shown.body.contains(#"value="ldap://127.0.0.1:1""#))

            _ = try await admin.get("/lang/ar")
            let tested = try await admin.post("/organisation/directory/test", form: ["_csrf": token])
            #expect(tested.status == .ok)
            #expect(tested.body.contains("تعذّر الوصول إلى خادم الدليل"))
            #expect(tested.body.contains(#"dir="rtl""#))

            // A server that is not LDAP: the field is named, the form kept, nothing saved.
            let wrong = try await admin.post(
                "/organisation/directory",
                body: ByteBuffer(string: Self.form(token, password: "", uri: "http://dc1.example")),
                contentType: "application/x-www-form-urlencoded")
            #expect(wrong.status == .badRequest)
            #expect(wrong.body.contains("خادم الدليل"))
            #expect(wrong.body.contains(#"value="http://dc1.example""#))
            #expect(try await fixture.qms.directorySettings.get()?.uri == "ldap://127.0.0.1:1")
            #expect(try await fixture.qms.directorySettings.get()?.bindPassword == "S3rvice-Secret!")

            var amal = try await Browser.signedIn(client, as: "amal")
            #expect(try await amal.get("/organisation/directory").status == .forbidden)
            let refused = try await amal.post("/organisation/directory/test", form: ["_csrf": try await amal.csrf()])
            #expect(refused.status == .forbidden)
        }
        let events = try await fixture.qms.trail.events(entity: "directory")
        #expect(events.map(\.action) == ["directory.set"])
        #expect(events.first?.actor == "admin")
        #expect(events.first?.after?.contains("S3rvice-Secret!") == false)
    }
}
