import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSServices
import TestSupport
import Testing

@testable import QMSWeb

/// Evidence requests through the pages: the external auditor asks on the engagement's page, the
/// owner answers from the list of requests to answer, the auditor accepts; a bad field is kept
/// and named; another engagement's auditor is refused.
@Suite("Web application: evidence requests")
struct EvidenceRequestWebTests {
    @Test(
        "asked by the engagement's auditor, answered by the owner with evidence, accepted; a bad due day is kept and named; outside the engagement refused"
    )
    func roundTrip() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let clock = TestClock(EngagementWebTests.start)
        let phone = try await EngagementWebTests.externalAuditor(fixture.qms, "ext.auditor", at: clock)
        let otherPhone = try await EngagementWebTests.externalAuditor(fixture.qms, "ext.other", at: clock)
        let qms = EngagementWebTests.clocked(fixture.qms, clock)
        let today = try await qms.engagements.today()
        let engagement = try await qms.acting(as: "amal").engagements.add(
            EngagementDraft(
                certificationBody: "Bureau Veritas", auditors: ["ext.auditor"], opensOn: today,
                closesOn: today.adding(days: 4)))
        _ = try await qms.acting(as: "amal").engagements.add(
            EngagementDraft(
                certificationBody: "SGS", auditors: ["ext.other"], opensOn: today, closesOn: today.adding(days: 4)))
        let (inside, _) = try await EngagementWebTests.records(qms)
        try await fixture.application(clock: clock).test(.router) { client in
            var auditor = Browser(client)
            #expect(
                try await EngagementWebTests.signIn(&auditor, "ext.auditor", phone: phone, clock: clock).status
                    == .seeOther)
            let page = try await auditor.get("/engagements/\(engagement.id)")
            #expect(page.status == .ok && page.body.contains("Ask for evidence"))
            let token = Browser.hidden("_csrf", in: page.body) ?? ""
            let sample = "3 of the 12 polling centres of Irbid, ballot reconciliation forms"
            let bad = try await auditor.post(
                "/engagements/\(engagement.id)/requests",
                form: ["_csrf": token, "sample": sample, "owner": "omar", "due": "next Tuesday"])
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains(sample), "the sample typed is kept")
            #expect(bad.body.contains("next Tuesday"), "the bad value is kept")
            #expect(bad.body.contains(##"href="#due""##), "the summary links to the field at fault")
            #expect(!bad.body.contains("--due"), "no flag of the command line in the message")
            let made = try await auditor.post(
                "/engagements/\(engagement.id)/requests",
                form: ["_csrf": token, "sample": sample, "owner": "omar", "due": today.adding(days: 2).description])
            #expect(made.status == .seeOther)
            let location = try #require(made.headers[.location])
            #expect(location.hasPrefix("/requests/ER-"))
            let id = String(location.dropFirst("/requests/".count).prefix(12))
            let shown = try await auditor.get("/requests/\(id)")
            #expect(shown.status == .ok && shown.body.contains(sample))
            #expect(!shown.body.contains(#"action="/requests/\#(id)/answer""#), "the auditor does not answer")

            // Another engagement's auditor cannot read it, nor list it.
            var other = Browser(client)
            #expect(
                try await EngagementWebTests.signIn(&other, "ext.other", phone: otherPhone, clock: clock).status
                    == .seeOther)
            #expect(try await other.get("/requests/\(id)").status == .forbidden)
            #expect(!(try await other.get("/requests").body.contains(id)))

            // The owner answers from the list of requests to answer.
            var owner = try await Browser.signedIn(client, as: "omar")
            let list = try await owner.get("/requests")
            #expect(list.status == .ok && list.body.contains(id))
            let form = try await owner.get("/requests/\(id)")
            #expect(form.body.contains(#"action="/requests/\#(id)/answer""#))
            var empty = Multipart()
            empty.field("_csrf", Browser.hidden("_csrf", in: form.body) ?? "")
            empty.field("note", "forms attached")
            let refused = try await owner.post(
                "/requests/\(id)/answer", body: empty.body, contentType: empty.contentType)
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("forms attached"), "the note is kept")
            var foreign = Multipart()
            foreign.field("_csrf", Browser.hidden("_csrf", in: form.body) ?? "")
            foreign.field("title", "Reconciliation forms of another process")
            foreign.field("process", "EP-06")
            foreign.field("requirements", "iso-9001-2015:8.5.1")
            let notOwned = try await owner.post(
                "/requests/\(id)/answer", body: foreign.body, contentType: foreign.contentType)
            #expect(notOwned.status == .badRequest)
            #expect(notOwned.body.contains("only for a process of your own"), "the process field is named")
            #expect(notOwned.body.contains("Reconciliation forms of another process"), "the title is kept")
            var answer = Multipart()
            answer.field("_csrf", Browser.hidden("_csrf", in: form.body) ?? "")
            answer.field("evidence", inside.id.description)
            answer.field("note", "forms attached")
            let answered = try await owner.post(
                "/requests/\(id)/answer", body: answer.body, contentType: answer.contentType)
            #expect(answered.status == .seeOther)

            // The auditor accepts; the history shows each step.
            let decide = try await auditor.get("/requests/\(id)")
            #expect(decide.body.contains(inside.id.description))
            let accepted = try await auditor.post(
                "/requests/\(id)/accept", form: ["_csrf": Browser.hidden("_csrf", in: decide.body) ?? ""])
            #expect(accepted.status == .seeOther)
            let final = try await auditor.get("/requests/\(id)")
            #expect(final.body.contains("accepted") && final.body.contains("forms attached"))
            let engagementPage = try await auditor.get("/engagements/\(engagement.id)")
            #expect(engagementPage.body.contains(id))
        }
        let ofEngagement = try await qms.evidenceRequests.list().filter { $0.content.engagement == engagement.id }
        #expect(ofEngagement.count == 1)
        let request = try #require(ofEngagement.last)
        #expect(request.status == .accepted && request.answerEvidence == [inside.id])
    }

    @Test("the API lists, asks, answers and accepts, as openapi.yaml describes")
    func api() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let spec = try String(contentsOf: Repository.root.appendingPathComponent("openapi.yaml"), encoding: .utf8)
        for path in [
            "/evidence-requests:", "/evidence-requests/{id}:", "/evidence-requests/{id}/answer:",
            "/evidence-requests/{id}/accept:", "/evidence-requests/{id}/return:", "/evidence-requests/{id}/withdraw:",
        ] {
            #expect(spec.contains(path), "openapi.yaml describes \(path)")
        }
        let (inside, _) = try await EngagementWebTests.records(fixture.qms)
        let auditorToken = try await fixture.qms.access.createToken(for: "auditor", name: "test")
        let ownerToken = try await fixture.qms.access.createToken(for: "omar", name: "test")
        try await fixture.application().test(.router) { client in
            func call(_ method: HTTPRequest.Method, _ uri: String, _ token: String, _ json: String? = nil) async throws
                -> TestResponse
            {
                var headers: HTTPFields = [.authorization: "Bearer \(token)"]
                if json != nil { headers[.contentType] = "application/json" }
                return try await client.execute(
                    uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
            }
            let due = fixture.qms.today.adding(days: 3).description
            let created = try await call(
                .post, "/api/v1/evidence-requests", auditorToken,
                #"{"sample": "training attendance of polling staff", "owner": "omar", "due": "\#(due)"}"#)
            #expect(created.status == .created)
            let asked = try JSONDecoder().decode(EvidenceRequest.self, from: Data(buffer: created.body))
            let listed = try await call(.get, "/api/v1/evidence-requests?owner=omar&status=open", ownerToken)
            #expect(String(buffer: listed.body).contains(asked.id.description))
            let answered = try await call(
                .post, "/api/v1/evidence-requests/\(asked.id)/answer", ownerToken,
                #"{"evidence": ["\#(inside.id)"], "note": "attendance sheets"}"#)
            #expect(answered.status == .ok)
            let wrong = try await call(.post, "/api/v1/evidence-requests/\(asked.id)/accept", ownerToken)
            #expect(wrong.status == .badRequest, "the owner does not accept their own answer")
            let accepted = try await call(.post, "/api/v1/evidence-requests/\(asked.id)/accept", auditorToken)
            #expect(accepted.status == .ok)
            let one = try await call(.get, "/api/v1/evidence-requests/\(asked.id)", auditorToken)
            #expect(try JSONDecoder().decode(EvidenceRequest.self, from: Data(buffer: one.body)).status == .accepted)
            let method = try await call(.delete, "/api/v1/evidence-requests/\(asked.id)", auditorToken)
            #expect(method.status == .methodNotAllowed)
        }
    }
}
