import Foundation
import QMSCore
import QMSStore
import TestSupport
import Testing

private func day(_ text: String) throws -> CalendarDate { try CalendarDate(parsing: text) }

private func key(_ number: String) throws -> RequirementKey {
    try RequirementKey(standard: StandardID("test-standard"), number: number)
}

@Suite("Audit plans and checklists in the store")
struct AuditChecklistStoreTests {
    @Test(
        "an audit's plan and checklist, with a finding raised, read back as written and leave their events",
        arguments: Backend.available)
    func roundTrip(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let store = try await backend.open(in: folder)
        _ = try await store.migrate()
        let catalogue = try storeCatalogue()
        try await store.writing(actor: "amal") { try $0.insertCatalogue(catalogue, sourceFile: "t.xml", sha256: sha) }
        let draft = AuditDraft(
            kind: .internal, title: "Internal audit of vote casting",
            scope: AuditScope(requirements: [try key("8.5"), try key("7.2")], processes: ["EP-04"]),
            auditors: ["Omar Khalil", "Salma Haddad"], startsOn: try day("2026-09-09"), endsOn: try day("2026-09-11"))
        let audit = try await store.writing(actor: "amal") { writer in
            let audit = Audit(
                id: AuditID(year: 2026, number: try writer.nextSequenceValue("AUD", year: 2026)), content: draft,
                status: .planned, recordedAt: writer.instant, recordedBy: "amal")
            try writer.insertAudit(audit, action: "audit.plan")
            return audit
        }
        var planning = audit
        planning.plan = AuditPlan(
            objectives: "Polling-day records are controlled", criteria: "The electoral law",
            schedule: [
                AuditVisit(
                    on: try day("2026-09-10"), at: "09:00", site: "Irbid field office", process: "EP-04",
                    auditees: ["Ahmad Saleh", "Rana Aziz"], auditors: ["Omar Khalil"]),
                AuditVisit(on: try day("2026-09-11"), site: "Headquarters"),
            ])
        let planned = planning
        try await store.writing(actor: "amal") {
            try $0.updateAuditWork(planned, before: audit, action: "audit.schedule")
        }
        #expect(try await store.reading { try $0.audit(audit.id) } == planned)

        var listing = planned
        listing.checklist = AuditChecklist.generate(scope: draft.scope, processes: [])
        let listed = listing
        try await store.writing(actor: "amal") {
            try $0.updateAuditWork(listed, before: planned, action: "audit.checklist")
        }
        let generated = try #require(listed.checklist)
        let checked = try await store.writing(actor: "omar") { writer in
            var after = listed
            var checklist = try generated.recording(
                AuditCheck(
                    requirement: try key("8.5"), result: .nonconforming, grade: .minor,
                    notes: "Two result forms unsigned", sample: "12 of 140 forms",
                    evidence: [EvidenceID(year: 2026, number: 3), EvidenceID(year: 2026, number: 7)]),
                by: "omar", on: try day("2026-09-10"))
            guard let finding = checklist.items[0].findingDraft(of: listed) else {
                throw DomainError.ruleViolated(.checkNeedsGrade, fix: nil)
            }
            let id = NonconformityID(year: 2026, number: try writer.nextSequenceValue("NC", year: 2026))
            try writer.insertNonconformity(
                Nonconformity.raised(id: id, content: finding, by: "omar", at: writer.instant))
            checklist.items[0].finding = id
            after.checklist = checklist
            try writer.updateAuditWork(after, before: listed, action: "audit.check")
            return after
        }
        let read = try await store.reading { try $0.audit(audit.id) }
        #expect(read == checked)
        #expect(read?.checklist?.items[0].finding?.description == "NC-2026-001")
        #expect(read?.checklist?.items[0].evidence.map(\.description) == ["EV-2026-0003", "EV-2026-0007"])
        #expect(read?.checklist?.items[1].result == .notYet)
        #expect(try await store.reading { try $0.audits() } == [checked])
        let events = try await store.reading { try $0.events(entity: "audit:AUD-2026-01") }
        #expect(events.map(\.action) == ["audit.plan", "audit.schedule", "audit.checklist", "audit.check"])
        #expect(events.last?.after == (try CanonicalJSON.encode(checked)))
        // The schema refuses a nonconforming item without its grade.
        await #expect(throws: (any Error).self) {
            try await store.writing(actor: "omar") { writer in
                var broken = checked
                broken.checklist?.items[1].result = .nonconforming
                try writer.updateAuditWork(broken, before: checked, action: "audit.check")
            }
        }
        #expect(try await store.reading { try $0.audit(audit.id) } == checked)
        try await store.close()
    }
}
