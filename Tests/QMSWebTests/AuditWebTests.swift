import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSPresentation
import QMSStore
import Testing

@testable import QMSServices
@testable import QMSWeb

/// The audit programme in the browser: a quality manager plans an audit, records it held with its
/// report and raises its findings as nonconformities linked to it; readers see it all.
@Suite("Web application: audits")
struct AuditWebTests {
    static func planForm(_ token: String) -> [String: String] {
        [
            "_csrf": token, "kind": "internal", "title": "Internal audit of vote counting", "start": "2026-11-02",
            "end": "2026-11-04", "lead_auditor": "Amal Haddad", "auditor": "Karim Nasser\r\nLina Saleh",
            "auditee": "Tripoli field office manager", "requirement": "iso-9001-2015:8.5.1",
            "process": "EP-06", "site": "Tripoli field office",
        ]
    }

    @Test("a quality manager plans an audit, records it held with a report, raises a finding linked to it")
    func planRecordRaise() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var amal = Browser(client)
            #expect(try await amal.signIn("amal") == .seeOther)
            let token = try await amal.csrf()
            let planned = try await amal.post("/audits", form: Self.planForm(token))
            #expect(planned.status == .seeOther)
            let location = try #require(planned.headers[.location])
            #expect(location.hasSuffix("?done=planned"))
            let path = String(location.prefix { $0 != "?" })
            let id = try AuditID(parsing: String(path.dropFirst("/audits/".count)))
            let audit = try await fixture.qms.audits.show(id).audit
            #expect(audit.status == .planned)
            #expect(audit.content.auditors == ["Karim Nasser", "Lina Saleh"])
            #expect(audit.content.auditees == ["Tripoli field office manager"])
            let page = try await amal.get(location)
            #expect(page.status == .ok)
            #expect(page.body.contains("The audit is in the programme."))
            #expect(page.body.contains("Tripoli field office manager"))

            let reported = try await amal.post(
                "\(path)/report",
                form: ["_csrf": token, "date": "2026-11-05", "summary": "Counting followed the procedure; one gap."])
            #expect(reported.headers[.location] == "\(path)?done=report")
            let held = try await fixture.qms.audits.show(id).audit
            #expect(held.status == .reported)
            #expect(held.report?.summary == "Counting followed the procedure; one gap.")

            let raised = try await amal.post(
                "\(path)/findings",
                form: [
                    "_csrf": token, "title": "Tally sheets not countersigned", "grade": "minor",
                    "requirement": "iso-9001-2015:8.5.1", "process": "EP-06",
                ])
            #expect(raised.headers[.location] == "\(path)?done=finding")
            let linked = try await fixture.qms.nonconformities.list(NonconformityFilter(audit: id))
            #expect(linked.count == 1)
            let nc = try #require(linked.first?.nonconformity)
            #expect(nc.content.audit == id)
            #expect(nc.content.source == .internalAudit)
            #expect(nc.recordedBy == "amal")

            // The audit's page and the programme list the finding; an auditor reads without forms.
            let shown = try await amal.get(path)
            #expect(shown.body.contains(nc.id.description))
            #expect(shown.body.contains("Tally sheets not countersigned"))
            #expect(!shown.body.contains("action=\"\(path)/report\""))
            #expect(try await amal.get("/audits").body.contains("/findings/\(nc.id)"))
            var auditor = Browser(client)
            #expect(try await auditor.signIn("auditor") == .seeOther)
            let read = try await auditor.get(path)
            #expect(read.status == .ok)
            #expect(read.body.contains(nc.id.description))
            #expect(!read.body.contains("action=\"\(path)/findings\""))
            #expect(!(try await auditor.get("/audits").body.contains("action=\"/audits\"")))
        }
    }

    @Test("the plan form and the finding form pick requirements one per field, as every register form does")
    func picker() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var amal = Browser(client)
            #expect(try await amal.signIn("amal") == .seeOther)
            let programme = try await amal.get("/audits")
            #expect(programme.body.contains("id=\"requirements-1\" name=\"requirements\" list=\"requirement-choices\""))
            #expect(programme.body.contains("<option value=\"iso-9001-2015:9.2\">"))
            let token = try #require(try await amal.csrf().addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            // The picker's fields arrive as one name sent several times, the spare ones blank.
            let body = [
                "_csrf=\(token)", "kind=internal", "title=Audit+of+the+tally+centre", "start=2026-11-02",
                "auditor=Karim+Nasser",
                "requirements=iso-9001-2015%3A9.2", "requirements=iso-54001-2019%3AEP-06", "requirements=",
            ].joined(separator: "&")
            let planned = try await amal.post(
                "/audits", body: ByteBuffer(string: body), contentType: "application/x-www-form-urlencoded")
            #expect(planned.status == .seeOther, "\(planned.body)")
            let path = String(try #require(planned.headers[.location]).prefix { $0 != "?" })
            let id = try AuditID(parsing: String(path.dropFirst("/audits/".count)))
            let audit = try await fixture.qms.audits.show(id).audit
            #expect(
                audit.content.scope.requirements.map(\.description) == ["iso-9001-2015:9.2", "iso-54001-2019:EP-06"])

            let page = try await amal.get(path)
            #expect(page.body.contains("id=\"requirements-1\" name=\"requirements\""))
            let finding = [
                "_csrf=\(token)", "title=Tally+sheets+not+countersigned", "grade=minor",
                "requirements=iso-54001-2019%3AEP-06", "requirements=",
            ].joined(separator: "&")
            let raised = try await amal.post(
                "\(path)/findings", body: ByteBuffer(string: finding), contentType: "application/x-www-form-urlencoded")
            #expect(raised.headers[.location] == "\(path)?done=finding")
            let nc = try #require(
                try await fixture.qms.nonconformities.list(NonconformityFilter(audit: id)).first?.nonconformity)
            #expect(nc.content.requirements.map(\.description) == ["iso-54001-2019:EP-06"])

            // A reader has no form, so no list of every requirement to download.
            var auditor = Browser(client)
            #expect(try await auditor.signIn("auditor") == .seeOther)
            #expect(!(try await auditor.get(path).body.contains("requirement-choices")))
        }
    }

    @Test("a nonconformity raised at an audit links back to the audit; one raised elsewhere names no audit")
    func findingLinksBack() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var amal = Browser(client)
            #expect(try await amal.signIn("amal") == .seeOther)
            let token = try await amal.csrf()
            let planned = try await amal.post("/audits", form: Self.planForm(token))
            let path = String(try #require(planned.headers[.location]).prefix { $0 != "?" })
            let id = try AuditID(parsing: String(path.dropFirst("/audits/".count)))
            let raised = try await amal.post(
                "\(path)/findings",
                form: [
                    "_csrf": token, "title": "Tally sheets not countersigned", "grade": "minor",
                    "requirement": "iso-9001-2015:8.5.1", "description": "Two of the twelve stations visited.",
                ])
            #expect(raised.headers[.location] == "\(path)?done=finding")
            let nc = try #require(
                try await fixture.qms.nonconformities.list(NonconformityFilter(audit: id)).first?.nonconformity)
            let organisation = try await fixture.qms.organisation.get()?.locale
            for language in ["en", "ar"] {
                _ = try await amal.get("/lang/\(language)")
                let page = try await amal.get("/findings/\(nc.id)")
                #expect(page.status == .ok)
                let link =
                    "<a href=\"\(path)\"><span class=\"mono\">\(id)</span> <bdi>Internal audit of vote counting</bdi></a>"
                #expect(page.body.contains(link))
                let label = language == "en" ? "Raised at the audit" : "سُجِّلت خلال التدقيق"
                #expect(page.body.contains("<dt>\(label)</dt>"))
                // The day it was raised in the page's digits, like every other date of the page; an
                // English sentence in an Arabic page keeps its full stop at its end (an isolate).
                let locale = PresentationLocale(language == "en" ? .english : .arabic, organisation: organisation)
                #expect(page.body.contains("\(NumberFormatting(locale).date(nc.content.raisedOn)) · Amal Haddad"))
                #expect(page.body.contains("<dd><bdi>Two of the twelve stations visited.</bdi></dd>"))
            }
            let arabicDay = NumberFormatting(PresentationLocale(.arabic, organisation: organisation)).date(
                nc.content.raisedOn)
            #expect(arabicDay != nc.content.raisedOn.description, "Arabic digits, so the check above means something")

            // A nonconformity raised from the findings page belongs to no audit and links to none.
            let other = try await fixture.qms.acting(as: "amal").nonconformities.open(
                NonconformityDraft(
                    title: "Seal log incomplete", source: .complaint, grade: .observation, requirements: [],
                    raisedBy: "Amal Haddad", raisedOn: fixture.qms.today))
            let page = try await amal.get("/findings/\(other.id)")
            #expect(page.status == .ok)
            #expect(!page.body.contains("href=\"/audits/"))
        }
    }

    @Test("an audit that ends before it starts comes back with every value kept and the message beside the end")
    func invalidDates() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var amal = Browser(client)
            #expect(try await amal.signIn("amal") == .seeOther)
            let before = try await fixture.qms.audits.list().count
            var form = Self.planForm(try await amal.csrf())
            form["start"] = "2026-11-10"
            form["end"] = "2026-11-05"
            let refused = try await amal.post("/audits", form: form)
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("value=\"Internal audit of vote counting\""))
            #expect(refused.body.contains("value=\"2026-11-10\""))
            #expect(refused.body.contains("value=\"2026-11-05\""))
            #expect(refused.body.contains("Tripoli field office manager"))
            let field = try #require(refused.body.range(of: "id=\"error-end\""))
            #expect(refused.body[field.upperBound...].hasPrefix(">the audit ends (2026-11-05) before it starts"))
            #expect(refused.body.contains("aria-invalid=\"true\""))
            #expect(try await fixture.qms.audits.list().count == before)
        }
    }
    @Test(
        "after stage 2 the dashboard shows surveillance 1 with its due day, rule and days left, blocked by a major finding"
    )
    func certificationCycle() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var amal = Browser(client)
            #expect(try await amal.signIn("amal") == .seeOther)
            let token = try await amal.csrf()
            var form = Self.planForm(token)
            form["kind"] = "stage-2"
            form["title"] = "Stage 2 certification audit"
            form["certification_body"] = "Example Certification Body"
            let planned = try await amal.post("/audits", form: form)
            let location = try #require(planned.headers[.location])
            let path = String(location.prefix { $0 != "?" })
            let reported = try await amal.post(
                "\(path)/report",
                form: [
                    "_csrf": token, "date": "2026-11-05", "summary": "Recommended for certification.",
                    "certificate": "EMB-QMS-0101", "issued": "2026-11-20",
                ])
            #expect(reported.status == .seeOther)
            let raised = try await amal.post(
                "\(path)/findings",
                form: [
                    "_csrf": token, "title": "Results tabulation not controlled", "grade": "major",
                    "requirement": "iso-9001-2015:8.5.1", "process": "EP-06",
                ])
            #expect(raised.status == .seeOther)
            let major = try #require(
                try await fixture.qms.nonconformities.list(NonconformityFilter(grade: .major)).first?.nonconformity)
            #expect(major.content.source == .certificationAudit)

            // Surveillance 1 within twelve months of the decision (the certificate's issue day).
            let due = try CalendarDate(parsing: "2027-11-20")
            let days = fixture.qms.today.days(until: due)
            let dashboard = try await amal.get("/")
            #expect(dashboard.status == .ok)
            #expect(dashboard.body.contains("surveillance 1"))
            #expect(dashboard.body.contains("<strong>2027-11-20</strong>"))
            #expect(dashboard.body.contains("12 months from the certification decision"))
            let left = days == 1 ? "1 day left" : days > 1 ? "\(days) days left" : "days overdue"
            #expect(dashboard.body.contains(left))
            #expect(dashboard.body.contains("EMB-QMS-0101"))
            #expect(dashboard.body.contains("cannot take its next step"))
            #expect(dashboard.body.contains("href=\"/findings/\(major.id)\""))
            #expect(dashboard.body.contains("card-bad cycle"))

            // The programme says the same, in Arabic for an Arabic reader.
            amal.cookies["eqms_lang"] = "ar"
            let arabic = try await amal.get("/audits")
            #expect(arabic.body.contains("قرار منح الشهادة"))
            #expect(arabic.body.contains("لا يمكن أن تنتقل دورة الشهادة"))
        }
    }
}
