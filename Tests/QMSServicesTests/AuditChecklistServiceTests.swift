import Foundation
import QMSCore
import QMSPresentation
import QMSStore
import TestSupport
import Testing

@testable import QMSServices

/// 2026-06-15 10:00 UTC: "today" in these tests.
private let fixedNow = Date(timeIntervalSince1970: Double(20_619 * 86_400 + 36_000))

private func day(_ text: String) throws -> CalendarDate { try CalendarDate(parsing: text) }
private func key(_ text: String) throws -> RequirementKey { try RequirementKey(parsing: text) }

/// An initialised database with the process register's vote casting (owned by Ahmad Saleh) and
/// an internal audit of it whose team is Omar Khalil and Salma Haddad.
private func auditedQMS(_ folder: TemporaryFolder) async throws -> (QMS, Audit) {
    var qms = try await initialisedQMS(in: folder)
    qms.now = { fixedNow }
    try await qms.processes.add(
        ProcessDraft(
            code: try RegisterCode("P-04"), name: "Vote casting", category: .electoral, owner: "Ahmad Saleh",
            electoralProcess: .voteCasting, inputs: ["Voter list"], outputs: ["Polling records"],
            requirements: [try key("iso-9001-2015:8.5.1"), try key("iso-9001-2015:8.5.2")]))
    let audit = try await qms.audits.plan(
        AuditDraft(
            kind: .internal, title: "Internal audit of records control",
            scope: AuditScope(requirements: [try key("iso-9001-2015:7.5.3")], processes: ["EP-04"]),
            auditors: ["Omar Khalil", "Salma Haddad"], startsOn: try day("2026-06-10"), endsOn: try day("2026-06-12")))
    return (qms, audit)
}

@Suite("Audit plans and checklists through the services")
struct AuditChecklistServiceTests {
    @Test("the process register's owner may not audit their process in the plan or the programme")
    func independence() async throws {
        let folder = try TemporaryFolder()
        let (qms, audit) = try await auditedQMS(folder)
        // The programme: Ahmad owns P-04, which is EP-04, in scope.
        let conflict = try await #require(throws: DomainError.self) {
            try await qms.audits.plan(
                AuditDraft(
                    kind: .internal, title: "Internal audit of vote casting", scope: AuditScope(processes: ["EP-04"]),
                    auditors: ["Ahmad Saleh"], startsOn: try day("2026-06-10"), endsOn: try day("2026-06-10")))
        }
        #expect(Messages.shared.error(conflict, .english).contains("Ahmad Saleh owns the process EP-04"))
        // The plan: Salma's account keeps EP-04's evidence since the audit was planned, and EP-04 is
        // the register's P-04: she may not audit the sitting on P-04, nor may the whole team.
        try await qms.users.add(
            try User(username: "salma", displayName: "Salma Haddad", role: .processOwner, processes: ["EP-04"]))
        var planned = AuditPlan(
            objectives: "Records of polling day are controlled",
            schedule: [
                AuditVisit(
                    on: try day("2026-06-11"), at: "09:00", site: "Irbid", process: "P-04", auditees: ["Ahmad Saleh"],
                    auditors: ["Salma Haddad"])
            ])
        let owned = try await #require(throws: DomainError.self) { try await qms.audits.schedule(audit.id, planned) }
        #expect(Messages.shared.error(owned, .english).contains("Salma Haddad owns the process P-04"))
        planned.schedule[0].auditors = []
        await #expect(throws: DomainError.self) { try await qms.audits.schedule(audit.id, planned) }
        // Omar alone audits it: independent.
        planned.schedule[0].auditors = ["Omar Khalil"]
        let scheduled = try await qms.audits.schedule(audit.id, planned)
        #expect(scheduled.plan == planned)
        #expect(try await qms.audits.show(audit.id).audit.plan == planned)
        try await qms.store.close()
    }

    @Test("a nonconforming item becomes exactly one nonconformity in the corrective-action workflow")
    func findingOnce() async throws {
        let folder = try TemporaryFolder()
        let (qms, audit) = try await auditedQMS(folder)
        let generated = try await qms.audits.generateChecklist(audit.id)
        #expect(
            generated.checklist?.items.map(\.requirement.description) == [
                "iso-9001-2015:7.5.3", "iso-9001-2015:8.5.1", "iso-9001-2015:8.5.2",
            ])
        let omar = qms.acting(as: "Omar Khalil")
        let check = AuditCheck(
            requirement: try key("iso-9001-2015:8.5.1"), result: .nonconforming, grade: .major,
            notes: "Ballot reconciliation not done at 3 of 12 stations", sample: "12 polling stations, Irbid")
        let first = try await omar.audits.check(audit.id, check)
        let raised = try #require(first.raised)
        #expect(raised.id.description == "NC-2026-001")
        #expect(raised.content.audit == audit.id && raised.content.requirements == [check.requirement])
        #expect(raised.content.grade == .major && raised.content.source == .internalAudit)
        #expect(raised.content.process == "EP-04")
        #expect(raised.state == .reported && raised.allowedNextStates.contains(.contained))
        #expect(first.item.finding == raised.id)

        // Saved again (notes changed): no second finding.
        var again = check
        again.notes = "Ballot reconciliation not done at 3 of 12 stations (Irbid)"
        let second = try await omar.audits.check(audit.id, again)
        #expect(second.raised == nil && second.item.finding == raised.id)
        let findings = try await qms.nonconformities.list(NonconformityFilter(audit: audit.id))
        #expect(findings.map(\.nonconformity.id) == [raised.id])
        #expect(try await qms.audits.show(audit.id).findings == [raised.id])
        // The finding goes through the corrective-action workflow like any other.
        let contained = try await omar.nonconformities.advance(
            raised.id, to: .contained, with: CorrectiveActionStep(note: "Reconciled the three stations"))
        #expect(contained.state == .contained)
        // Its result stays while the finding stands.
        await #expect(throws: DomainError.self) {
            try await omar.audits.check(
                audit.id, AuditCheck(requirement: check.requirement, result: .conforming))
        }

        let events = try await qms.store.reading { try $0.events(entity: "audit:\(audit.id)") }
        #expect(events.map(\.action) == ["audit.plan", "audit.checklist", "audit.check", "audit.check"])
        let report = try await qms.integrity.verify()
        #expect(report.problems.isEmpty, "\(report.problems)")
        try await qms.store.close()
    }

    @Test("recording on an audit without a checklist generates it; a conforming item raises nothing")
    func conforming() async throws {
        let folder = try TemporaryFolder()
        let (qms, audit) = try await auditedQMS(folder)
        let outcome = try await qms.audits.check(
            audit.id,
            try AuditPlanInput.check(
                requirement: "iso-9001-2015:7.5.3", result: "conforming", grade: "", notes: nil, sample: "20 files",
                evidence: []))
        #expect(outcome.raised == nil && outcome.item.result == .conforming && outcome.item.sample == "20 files")
        #expect(outcome.audit.checklist?.items.count == 3)
        #expect(try await qms.nonconformities.list().isEmpty)
        await #expect(throws: DomainError.self, "unknown evidence") {
            try await qms.audits.check(
                audit.id,
                AuditCheck(
                    requirement: try key("iso-9001-2015:7.5.3"), result: .conforming,
                    evidence: [try EvidenceID(parsing: "EV-2026-0999")]))
        }
        #expect(throws: DomainError.self) {
            try AuditPlanInput.check(
                requirement: "iso-9001-2015:7.5.3", result: "fine", grade: nil, notes: nil, sample: nil, evidence: [])
        }
        let visits = try AuditPlanInput.visits(
            "2026-06-10 | 09:00 | Irbid | EP-04 | Ahmad Saleh, Rana | Omar Khalil\n\n2026-06-11 || Amman")
        #expect(visits.count == 2)
        #expect(visits[0].auditees == ["Ahmad Saleh", "Rana"] && visits[0].auditors == ["Omar Khalil"])
        #expect(visits[1].at == nil && visits[1].site == "Amman" && visits[1].process == nil)
        #expect(try AuditPlanInput.visits(AuditPlanInput.lines(visits)) == visits)
        #expect(throws: DomainError.self) { try AuditPlanInput.visits("10 June | 09:00") }
        try await qms.store.close()
    }
}
