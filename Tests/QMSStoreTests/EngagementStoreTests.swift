import Foundation
import QMSCore
import QMSStore
import TestSupport
import Testing

@Suite("Engagements in the store: records, the auditors they name, views in the trail")
struct EngagementStoreTests {
    @Test(
        "an engagement reads back as written, closes once, and views are listed by engagement",
        arguments: Backend.available)
    func roundTrip(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let store = try await backend.open(in: folder, name: "eqms")
        _ = try await store.migrate()
        let first = try CalendarDate(parsing: "2026-12-07")
        let draft = EngagementDraft(
            certificationBody: "Bureau Veritas", auditors: ["ext.b", "ext.a"],
            scope: EngagementScope(
                standards: [try StandardID("iso-9001-2015")], processes: ["ep-01", "QP-02"], sites: ["Headquarters"],
                periodFrom: try CalendarDate(parsing: "2026-01-01"), periodTo: try CalendarDate(parsing: "2026-11-30")),
            grantsRestricted: true, opensOn: first, closesOn: first.adding(days: 4))
        let written = try await store.writing(actor: "amal") { writer in
            try writer.addUser(try User(username: "ext.a", role: .auditor))
            try writer.addUser(try User(username: "ext.b", role: .auditor))
            return try writer.insertEngagement(draft, year: 2026)
        }
        #expect(written.id.description == "ENG-2026-01")
        let read = try #require(try await store.reading { try $0.engagement(written.id) })
        #expect(read == written)
        #expect(read.content.auditors == ["ext.b", "ext.a"], "the order the organisation gave is kept")
        #expect(read.content.scope.processes == ["EP-01", "QP-02"])
        #expect(try await store.reading { try $0.engagements(naming: "ext.a") }.map(\.id) == [written.id])
        #expect(try await store.reading { try $0.engagements(naming: "amal") }.isEmpty)

        try await store.writing(actor: "ext.a") { writer in
            try writer.recordView(RecordView(engagement: written.id, record: "evidence:EV-2026-0001"), file: false)
            try writer.recordView(
                RecordView(
                    engagement: written.id, record: "evidence:EV-2026-0001 revision 1", file: "a.pdf", sha256: sha),
                file: true)
            try writer.recordView(RecordView(engagement: nil, record: "evidence:EV-2026-0002"), file: false)
        }
        let views = try await store.reading { try $0.recordViews(written.id, limit: 10) }
        #expect(views.map(\.action) == ["file.view", "record.view"])
        #expect(views.allSatisfy { $0.actor == "ext.a" })
        #expect(try await store.reading { try $0.recordViews(nil, limit: 10) }.count == 1)

        let closed = try await store.writing(actor: "amal") {
            try $0.closeEngagement(written.id, on: first.adding(days: 1))
        }
        #expect(closed.closedOn == first.adding(days: 1))
        #expect(closed.window(on: first.adding(days: 1)) == .ended)
        await #expect(throws: DomainError.self) {
            _ = try await store.writing(actor: "amal") { try $0.closeEngagement(written.id, on: first.adding(days: 2)) }
        }
        #expect(try await store.reading { try $0.engagement(written.id) }?.closedOn == first.adding(days: 1))
        let counts = try await store.reading { try $0.tableCounts() }
        #expect(counts["engagements"] == 1 && counts["engagement_auditors"] == 2 && counts["engagement_scope"] == 4)
    }
}
