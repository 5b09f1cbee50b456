import Foundation
import QMSCore
import QMSStore
import TestSupport
import Testing

@Suite("Evidence requests in the store: records, history, filters and the trail")
struct EvidenceRequestStoreTests {
    @Test(
        "a request reads back as written through every step, is listed by engagement and owner, and each step is an event",
        arguments: Backend.available)
    func roundTrip(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let store = try await backend.open(in: folder, name: "eqms")
        _ = try await store.migrate()
        let first = try CalendarDate(parsing: "2026-12-07")
        let (engagement, asked) = try await store.writing(actor: "ext.auditor") { writer in
            try writer.addUser(try User(username: "ext.auditor", role: .auditor))
            try writer.addUser(try User(username: "omar", role: .processOwner))
            let engagement = try writer.insertEngagement(
                EngagementDraft(
                    certificationBody: "Bureau Veritas", auditors: ["ext.auditor"], opensOn: first,
                    closesOn: first.adding(days: 4)), year: 2026)
            let asked = try writer.insertEvidenceRequest(
                EvidenceRequestDraft(
                    engagement: engagement.id, requirement: try RequirementKey(parsing: "iso-9001-2015:8.5.1"),
                    sample: "3 of the 12 polling centres of Irbid, ballot reconciliation forms", owner: "omar",
                    due: first.adding(days: 3)), year: 2026)
            return (engagement, asked)
        }
        #expect(asked.id.description == "ER-2026-0001")
        #expect(try await store.reading { try $0.evidenceRequest(asked.id) } == asked)

        let evidence = [EvidenceID(year: 2026, number: 3), EvidenceID(year: 2026, number: 1)]
        let answered = try await store.writing(actor: "omar") { writer in
            var after = asked
            try after.answer(evidence: evidence, note: "Irbid 1, 4 and 9", by: "omar", at: writer.instant)
            try writer.updateEvidenceRequest(after, before: asked, action: "answer")
            return after
        }
        let accepted = try await store.writing(actor: "ext.auditor") { writer in
            var after = answered
            try after.sendBack(comment: "Irbid 9 is unsigned", by: "ext.auditor", at: writer.instant)
            try writer.updateEvidenceRequest(after, before: answered, action: "return")
            let returned = after
            try after.answer(evidence: [EvidenceID(year: 2026, number: 4)], note: nil, by: "omar", at: writer.instant)
            try writer.updateEvidenceRequest(after, before: returned, action: "answer")
            let again = after
            try after.accept(by: "ext.auditor", at: writer.instant)
            try writer.updateEvidenceRequest(after, before: again, action: "accept")
            return after
        }
        let read = try #require(try await store.reading { try $0.evidenceRequest(asked.id) })
        #expect(read == accepted)
        #expect(read.steps.map(\.kind) == [.asked, .answered, .returned, .answered, .accepted])
        #expect(read.steps[1].evidence == evidence, "the order the owner gave is kept")
        #expect(read.steps[2].note == "Irbid 9 is unsigned")

        let byEngagement = try await store.reading {
            try $0.evidenceRequests(EvidenceRequestFilter(engagement: engagement.id))
        }
        #expect(byEngagement.map(\.id) == [asked.id])
        #expect(try await store.reading { try $0.evidenceRequests(EvidenceRequestFilter(owner: "omar")) }.count == 1)
        #expect(
            try await store.reading {
                try $0.evidenceRequests(EvidenceRequestFilter(owner: "omar", awaitingAnswer: true))
            }
            .isEmpty)
        #expect(
            try await store.reading { try $0.evidenceRequests(EvidenceRequestFilter(status: .accepted)) }.count == 1)

        let events = try await store.reading {
            try $0.eventsNewestFirst(entity: "evidence-request:\(asked.id)", before: nil, limit: 10)
        }
        #expect(
            events.map(\.action).reversed() == [
                "request.ask", "request.answer", "request.return", "request.answer", "request.accept",
            ])
        let counts = try await store.reading { try $0.tableCounts() }
        #expect(counts["evidence_requests"] == 1 && counts["evidence_request_steps"] == 5)
        #expect(counts["evidence_request_evidence"] == 3)
    }
}
