import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSPresentation
import Testing

@testable import QMSServices
@testable import QMSWeb

/// The audit report in the browser: the report form with its meetings, conclusion and
/// recommendation, kept whole when a field is wrong; the report downloaded in the reader's language.
@Suite("Web application: the audit report")
struct AuditReportWebTests {
    @Test("a wrong meeting time comes back with every value kept and the field named; the report then downloads")
    func formRoundTripAndDownload() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var amal = Browser(client)
            #expect(try await amal.signIn("amal") == .seeOther)
            let token = try await amal.csrf()
            let planned = try await amal.post("/audits", form: AuditWebTests.planForm(token))
            let path = String(try #require(planned.headers[.location]).prefix { $0 != "?" })
            let id = try AuditID(parsing: String(path.dropFirst("/audits/".count)))
            let page = try await amal.get(path)
            #expect(page.body.contains(#"name="opening_attendees""#) && page.body.contains(#"name="conclusion""#))
            // An internal audit makes no recommendation on certification: the form does not offer one.
            #expect(!page.body.contains(#"name="certification_recommendation""#))

            var form = [
                "_csrf": token, "date": "2026-11-05", "summary": "Counting followed the procedure; one gap.",
                "opening_date": "2026-11-02", "opening_time": "9h", "opening_attendees": "Amal Haddad\r\nKarim Nasser",
                "opening_notes": "Scope confirmed", "closing_date": "2026-11-04", "closing_time": "16:00",
                "closing_attendees": "Amal Haddad", "conclusion": "Counting conforms & is effective.",
            ]
            let refused = try await amal.post("\(path)/report", form: form)
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains(#"<span class="field-error" id="error-opening_time">"#))
            #expect(refused.body.contains(#"value="9h""#))
            #expect(refused.body.contains("Counting conforms &amp; is effective.</textarea>"))
            #expect(refused.body.contains("Scope confirmed</textarea>"))
            #expect(!refused.body.contains("--opening-time"))
            #expect(try await fixture.qms.audits.show(id).audit.status == .planned)

            form["opening_time"] = "09:00"
            let reported = try await amal.post("\(path)/report", form: form)
            #expect(reported.headers[.location] == "\(path)?done=report")
            let report = try #require(try await fixture.qms.audits.show(id).audit.report)
            #expect(report.openingMeeting?.attendees == ["Amal Haddad", "Karim Nasser"])
            #expect(report.closingMeeting?.at == "16:00")
            #expect(report.conclusion == "Counting conforms & is effective.")

            let shown = try await amal.get(path)
            #expect(shown.body.contains("\(path)/report?format=html"))
            #expect(shown.body.contains("\(path)/report?format=pdf"))
            let html = try await amal.get("\(path)/report?format=html")
            #expect(html.status == .ok)
            #expect(html.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(html.body.contains("Audit report") && html.body.contains("Opening meeting"))
            #expect(html.body.contains("Karim Nasser") && html.body.contains("Counting conforms &amp; is effective."))

            amal.cookies["eqms_lang"] = "ar"
            let arabic = try await amal.get("\(path)/report?format=html")
            #expect(arabic.body.contains(#"dir="rtl""#) && arabic.body.contains("تقرير التدقيق"))
            #expect(try await amal.get("\(path)/report?format=doc").status == .badRequest)
        }
    }
}
