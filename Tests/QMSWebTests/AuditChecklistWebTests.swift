import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSServices
import QMSStore
import Testing

@testable import QMSWeb

/// The audit team's pages: an auditor sets the audit plan, generates the checklist and records its
/// items; a nonconforming item raises its finding once, and a refused item comes back filled in.
@Suite("Web application: audit plans and checklists")
struct AuditChecklistWebTests {
    @Test("an auditor plans, generates the checklist, and a nonconforming item raises exactly one finding")
    func checklist() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let audit = try await fixture.qms.acting(as: "amal").audits.plan(
            AuditDraft(
                kind: .internal, title: "Internal audit of vote counting",
                scope: AuditScope(
                    requirements: [try RequirementKey(parsing: "iso-9001-2015:8.5.1")], processes: ["EP-06"]),
                auditors: ["Certification Auditor", "Lina Saleh"], startsOn: try CalendarDate(parsing: "2026-11-02"),
                endsOn: try CalendarDate(parsing: "2026-11-04")))
        let path = "/audits/\(audit.id)"
        try await fixture.application().test(.router) { client in
            var auditor = Browser(client)
            #expect(try await auditor.signIn("auditor") == .seeOther)
            let token = try await auditor.csrf()
            let empty = try await auditor.get(path)
            #expect(empty.body.contains("No plan yet.") && empty.body.contains("action=\"\(path)/plan\""))

            // A sitting outside the audit's days: the form comes back with what was typed.
            let outside = "2026-12-01 | 09:00 | Tripoli field office | EP-06 | Counting supervisor | Lina Saleh"
            let refused = try await auditor.post(
                "\(path)/plan", form: ["_csrf": token, "objectives": "Counting follows 8.5.1", "visit": outside])
            #expect([.badRequest, .conflict].contains(refused.status))
            #expect(refused.body.contains("id=\"form-error\""))
            #expect(refused.body.contains("2026-12-01 | 09:00 | Tripoli field office"))
            #expect(refused.body.contains("Counting follows 8.5.1"))

            let visit = "2026-11-03 | 09:00 | Tripoli field office | EP-06 | Counting supervisor | Lina Saleh"
            let planned = try await auditor.post(
                "\(path)/plan", form: ["_csrf": token, "objectives": "Counting follows 8.5.1", "visit": visit])
            #expect(planned.headers[.location] == "\(path)?done=schedule#audit-plan-set")
            let plan = try #require(try await fixture.qms.audits.show(audit.id).audit.plan)
            #expect(plan.schedule.map(\.site) == ["Tripoli field office"])
            #expect(plan.schedule.first?.auditors == ["Lina Saleh"])

            let generated = try await auditor.post("\(path)/checklist", form: ["_csrf": token])
            #expect(generated.headers[.location] == "\(path)?done=checklist#audit-checklist")
            let page = try await auditor.get(path)
            #expect(page.body.contains("action=\"\(path)/checklist/0\""))
            #expect(page.body.contains("iso-9001-2015:8.5.1"))

            // Nonconforming without a grade: refused, the notes and sample kept, the grade named.
            let item = "\(path)/checklist/0"
            let ungraded = try await auditor.post(
                item,
                form: [
                    "_csrf": token, "result": "nonconforming", "grade": "", "notes": "Tally sheets not countersigned",
                    "sample": "9 of 60 tally sheets", "evidence": "",
                ])
            #expect([.badRequest, .conflict].contains(ungraded.status))
            #expect(ungraded.body.contains("action=\"\(item)\""))
            // Folded under its item on the page, the refused form comes back unfolded.
            #expect(
                ungraded.body.contains(
                    "<details open><summary>Save the item</summary>\n  <form method=\"post\" action=\"\(item)\""))
            #expect(ungraded.body.contains("Tally sheets not countersigned</textarea>"))
            #expect(ungraded.body.contains("value=\"9 of 60 tally sheets\""))
            #expect(ungraded.body.contains("needs its grade"))
            #expect(try await fixture.qms.nonconformities.list(NonconformityFilter(audit: audit.id)).isEmpty)

            let form = [
                "_csrf": token, "result": "nonconforming", "grade": "minor", "notes": "Tally sheets not countersigned",
                "sample": "9 of 60 tally sheets", "evidence": "",
            ]
            let recorded = try await auditor.post(item, form: form)
            #expect(recorded.headers[.location] == "\(path)?done=check-finding#item-0")
            let again = try await auditor.post(item, form: form)
            #expect(again.headers[.location] == "\(path)?done=check#item-0")
            let findings = try await fixture.qms.nonconformities.list(NonconformityFilter(audit: audit.id))
            #expect(findings.count == 1)
            let nc = try #require(findings.first?.nonconformity)
            #expect(nc.content.grade == .minor && nc.state == .reported)
            #expect(nc.content.requirements.map(\.description) == ["iso-9001-2015:8.5.1"])
            #expect(nc.recordedBy == "auditor")
            let shown = try await auditor.get(path)
            #expect(shown.body.contains("href=\"/findings/\(nc.id)\""))
            #expect(shown.body.contains("9 of 60 tally sheets"))

            // In Arabic the page is right to left, its words translated; a viewer sees no forms.
            auditor.cookies["eqms_lang"] = "ar"
            let arabic = try await auditor.get(path)
            #expect(arabic.body.contains("dir=\"rtl\"") && arabic.body.contains("قائمة التحقق"))
            #expect(arabic.body.contains("خطة التدقيق"))
            var viewer = Browser(client)
            #expect(try await viewer.signIn("viewer") == .seeOther)
            let read = try await viewer.get(path)
            #expect(read.body.contains("Tally sheets not countersigned"))
            #expect(!read.body.contains("action=\"\(item)\"") && !read.body.contains("action=\"\(path)/plan\""))
            #expect(try await viewer.post(item, form: form).status == .forbidden)
        }
    }

    @Test("the JSON API sets the plan, generates the checklist and records an item, raising its finding once")
    func api() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let audit = try await fixture.qms.acting(as: "amal").audits.plan(
            AuditDraft(
                kind: .internal, title: "Internal audit of vote counting",
                scope: AuditScope(requirements: [try RequirementKey(parsing: "iso-9001-2015:8.5.1")]),
                auditors: ["Certification Auditor"], startsOn: try CalendarDate(parsing: "2026-11-02"),
                endsOn: try CalendarDate(parsing: "2026-11-04")))
        let token = try await fixture.qms.access.createToken(for: "auditor", name: "test")
        let viewer = try await fixture.qms.access.createToken(for: "viewer", name: "test")
        try await fixture.application().test(.router) { client in
            let bearer: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            let base = "/api/v1/audits/\(audit.id)"
            let plan = ByteBuffer(
                string: #"{"objectives":"Counting follows 8.5.1","schedule":[{"day":"2026-11-03","time":"09:00","#
                    + #""site":"Tripoli field office","auditors":["Certification Auditor"]}]}"#)
            let set = try await client.execute(uri: "\(base)/plan", method: .put, headers: bearer, body: plan)
            #expect(set.status == .ok && String(buffer: set.body).contains("Tripoli field office"))
            let outside = ByteBuffer(string: #"{"objectives":"x","schedule":[{"day":"2026-12-03"}]}"#)
            let refused = try await client.execute(uri: "\(base)/plan", method: .put, headers: bearer, body: outside)
            #expect([.badRequest, .conflict].contains(refused.status))
            #expect(String(buffer: refused.body).contains("\"error\""))
            let generated = try await client.execute(uri: "\(base)/checklist", method: .post, headers: bearer)
            #expect(generated.status == .ok && String(buffer: generated.body).contains("not-yet"))
            let check = ByteBuffer(
                string: #"{"requirement":"iso-9001-2015:8.5.1","result":"nonconforming","grade":"major","#
                    + #""notes":"Counting sheets missing at two stations"}"#)
            let first = try await client.execute(
                uri: "\(base)/checklist/items", method: .post, headers: bearer, body: check)
            #expect(first.status == .created && String(buffer: first.body).contains("\"raised\""))
            let second = try await client.execute(
                uri: "\(base)/checklist/items", method: .post, headers: bearer, body: check)
            #expect(second.status == .ok && !String(buffer: second.body).contains("\"raised\""))
            #expect(try await fixture.qms.nonconformities.list(NonconformityFilter(audit: audit.id)).count == 1)
            let shown = try await client.execute(uri: base, method: .get, headers: bearer)
            #expect(shown.status == .ok && String(buffer: shown.body).contains("NC-2026-"))
            #expect(try await client.execute(uri: base, method: .delete, headers: bearer).status == .methodNotAllowed)
            let reader: HTTPFields = [.authorization: "Bearer \(viewer)", .contentType: "application/json"]
            let forbidden = try await client.execute(
                uri: "\(base)/checklist/items", method: .post, headers: reader, body: check)
            #expect(forbidden.status == .forbidden)
        }
    }
}
