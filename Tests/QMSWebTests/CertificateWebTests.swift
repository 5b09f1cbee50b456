import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSServices
import TestSupport
import Testing

@Suite("Web application: certification bodies and certificates")
struct CertificateWebTests {
    @Test(
        "a certificate is recorded through the form (a bad day comes back kept and named), shows its schedule, and its status changes; auditors read it"
    )
    func forms() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var amal = Browser(client)
            #expect(try await amal.signIn("amal") == .seeOther)
            let token = try await amal.csrf()
            let registered = try await amal.post(
                "/certification-bodies",
                form: [
                    "_csrf": token, "name": "Cert Body", "accredited_by": "National Accreditation Body",
                    "accreditation_number": "CB-123", "contact": "",
                ])
            #expect(registered.status == .seeOther)
            let bodies = try await amal.get("/certification-bodies")
            #expect(bodies.body.contains("National Accreditation Body"))

            var form = [
                "_csrf": token, "number": "EMB-QMS-0202", "body": "Cert Body", "issued": "2026-13-15", "expires": "",
                "standards": "iso-9001-2015", "sites": "Headquarters", "processes": "EP-04",
                "exclusions": "8.3 = no design of electoral products", "audit": "",
            ]
            let refused = try await amal.post("/certificates", form: form)
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("value=\"EMB-QMS-0202\""), "the number is kept")
            #expect(refused.body.contains("value=\"2026-13-15\""), "the bad day is kept")
            #expect(refused.body.contains("no design of electoral products"), "the exclusions are kept")
            #expect(refused.body.contains("id=\"error-issued\""), "the message stands beside the day")
            #expect(refused.body.contains("aria-invalid=\"true\""))
            #expect(!refused.body.contains("--issued"), "no command-line flag on a page")
            #expect(try await fixture.qms.certification.list().allSatisfy { $0.number != "EMB-QMS-0202" })

            form["issued"] = "2026-01-15"
            let added = try await amal.post("/certificates", form: form)
            #expect(added.status == .seeOther)
            let location = try #require(added.headers[.location])
            #expect(location == "/certificates/EMB-QMS-0202?done=added")
            let page = try await amal.get(location)
            #expect(page.status == .ok)
            #expect(page.body.contains("Certificate recorded."))
            #expect(page.body.contains("surveillance 1"))
            #expect(page.body.contains("2027-01-15") && page.body.contains("2028-01-15"))
            #expect(page.body.contains("2029-01-14"))
            #expect(page.body.contains("12 months from the certification decision"))
            #expect(page.body.contains("no design of electoral products"))
            // The 2026 edition is in the catalogues: the transition appears, its day an estimate until recorded.
            #expect(page.body.contains("transition to the new edition"))
            #expect(page.body.contains("The transition deadline is an estimate"))
            let badDeadline = try await amal.post(
                "/edition-transitions",
                form: [
                    "_csrf": token, "standard": "iso-9001-2026", "deadline": "someday", "note": "Letter of Cert Body",
                ])
            #expect(badDeadline.status == .badRequest)
            #expect(badDeadline.body.contains("id=\"error-deadline\""))
            #expect(badDeadline.body.contains("value=\"Letter of Cert Body\""))
            let recorded = try await amal.post(
                "/edition-transitions",
                form: [
                    "_csrf": token, "standard": "iso-9001-2026", "deadline": "2029-09-30",
                    "note": "Letter of Cert Body",
                ])
            #expect(recorded.status == .seeOther)
            let moved = try await amal.get("/certificates/EMB-QMS-0202")
            #expect(moved.body.contains("2029-09-30") && moved.body.contains("Letter of Cert Body"))
            #expect(!moved.body.contains("The transition deadline is an estimate"))

            let empty = try await amal.post(
                "/certificates/EMB-QMS-0202/status",
                form: ["_csrf": token, "status": "suspended", "date": "2026-06-01", "reason": ""])
            #expect(empty.status == .badRequest)
            #expect(empty.body.contains("id=\"error-reason\""))
            #expect(empty.body.contains("value=\"2026-06-01\""))
            let suspended = try await amal.post(
                "/certificates/EMB-QMS-0202/status",
                form: ["_csrf": token, "status": "suspended", "date": "2026-06-01", "reason": "Major NC open"])
            #expect(suspended.status == .seeOther)
            let after = try await amal.get("/certificates/EMB-QMS-0202")
            #expect(after.body.contains("Major NC open"))
            #expect(after.body.contains("This certificate is suspended"))

            // In Arabic, right to left.
            amal.cookies["eqms_lang"] = "ar"
            let arabic = try await amal.get("/certificates")
            #expect(arabic.body.contains("dir=\"rtl\""))
            #expect(arabic.body.contains("معلّقة"))

            // An auditor reads the register and the certificate, without the forms.
            var omar = try await Browser.signedIn(client, as: "auditor")
            let read = try await omar.get("/certificates/EMB-QMS-0202")
            #expect(read.status == .ok)
            #expect(!read.body.contains("action=\"/certificates/EMB-QMS-0202/status\""))
            let list = try await omar.get("/certificates")
            #expect(list.status == .ok && !list.body.contains("action=\"/certificates\""))
            let tried = try await omar.post(
                "/certification-bodies", form: ["_csrf": try await omar.csrf(), "name": "Another Body"])
            #expect(tried.status == .forbidden)
        }
    }

    @Test("the JSON API lists, adds and reads certificates and bodies, and changes a status")
    func api() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let token = try await fixture.qms.access.createToken(for: "amal", name: "test")
        try await fixture.application().test(.router) { client in
            let bearer: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            let body = try await client.execute(
                uri: "/api/v1/certification-bodies", method: .post, headers: bearer,
                body: ByteBuffer(string: #"{"name":"Cert Body","accreditedBy":"National Accreditation Body"}"#))
            #expect(body.status == .created)
            let again = try await client.execute(
                uri: "/api/v1/certification-bodies", method: .post, headers: bearer,
                body: ByteBuffer(string: #"{"name":"Cert Body"}"#))
            #expect(again.status == .conflict)
            let bad = try await client.execute(
                uri: "/api/v1/certificates", method: .post, headers: bearer,
                body: ByteBuffer(string: #"{"number":"EMB-1","body":"Cert Body","issued":"2025-12-10","standards":[]}"#)
            )
            #expect(bad.status == .badRequest && String(buffer: bad.body).contains("\"field\":\"standards\""))
            let added = try await client.execute(
                uri: "/api/v1/certificates", method: .post, headers: bearer,
                body: ByteBuffer(
                    string:
                        #"{"number":"EMB-1","body":"Cert Body","issued":"2025-12-10","standards":["iso-9001-2015"]}"#))
            #expect(added.status == .created)
            let shown = try await client.execute(uri: "/api/v1/certificates/EMB-1", method: .get, headers: bearer)
            #expect(shown.status == .ok)
            let json = try #require(
                try JSONSerialization.jsonObject(with: Data(buffer: shown.body)) as? [String: Any])
            let entries = try #require((json["schedule"] as? [String: Any])?["entries"] as? [[String: Any]])
            #expect(entries.first { $0["step"] as? String == "surveillance-1" }?["dueBy"] as? String == "2026-12-10")
            #expect(entries.first { $0["step"] as? String == "surveillance-2" }?["dueBy"] as? String == "2027-12-10")
            let status = try await client.execute(
                uri: "/api/v1/certificates/EMB-1/status", method: .post, headers: bearer,
                body: ByteBuffer(string: #"{"status":"withdrawn","date":"2026-03-01","reason":"Request"}"#))
            #expect(status.status == .ok && String(buffer: status.body).contains("withdrawn"))
            let listed = try await client.execute(uri: "/api/v1/certificates", method: .get, headers: bearer)
            #expect(listed.status == .ok && String(buffer: listed.body).contains("EMB-1"))
            let missing = try await client.execute(uri: "/api/v1/certificates/NOPE", method: .get, headers: bearer)
            #expect(missing.status == .notFound)
            let wrong = try await client.execute(uri: "/api/v1/certificates", method: .delete, headers: bearer)
            #expect(wrong.status == .methodNotAllowed)
        }
    }
}
