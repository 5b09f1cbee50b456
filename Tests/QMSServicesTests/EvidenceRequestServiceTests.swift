import Foundation
import QMSCore
import QMSPresentation
import QMSStore
import TestSupport
import Testing

@testable import QMSServices

/// 2026-12-07 10:00 UTC.
private let fixedNow = Date(timeIntervalSince1970: 1_796_637_600)
private let password = "saffron-glacier-trumpet"

private func day(_ text: String) throws -> CalendarDate { try CalendarDate(parsing: text) }
private func key(_ text: String) throws -> RequirementKey { try RequirementKey(parsing: text) }

private func rule(_ error: DomainError) -> Rule? {
    if case .ruleViolated(let rule, _, _) = error { return rule }
    return nil
}

/// An initialised database with Omar Khalil owning vote casting (P-04, 8.5.1), an engagement of
/// Bureau Veritas on ISO 9001 naming `ext.auditor`, open today, restricted evidence withheld, and
/// two records of vote casting: one internal, one restricted.
private func engagedQMS(_ folder: TemporaryFolder) async throws -> (
    QMS, Engagement, open: EvidenceRecord, restricted: EvidenceRecord
) {
    var qms = try await initialisedQMS(in: folder)
    qms.now = { fixedNow }
    _ = try await qms.users.add(
        try User(username: "omar", displayName: "Omar Khalil", role: .processOwner, processes: ["EP-04"]))
    _ = try await qms.users.add(try User(username: "hana", displayName: "Hana Odeh", role: .processOwner))
    _ = try await qms.users.add(try User(username: "ext.auditor", role: .auditor), password: password)
    _ = try await qms.users.add(try User(username: "auditor", role: .auditor), password: password)
    try await qms.processes.add(
        ProcessDraft(
            code: try RegisterCode("P-04"), name: "Vote casting", category: .electoral, owner: "Omar Khalil",
            electoralProcess: .voteCasting, inputs: ["Voter list"], outputs: ["Polling records"],
            requirements: [try key("iso-9001-2015:8.5.1")]))
    let engagement = try await qms.engagements.add(
        EngagementDraft(
            certificationBody: "Bureau Veritas", auditors: ["ext.auditor"],
            scope: EngagementScope(standards: [try StandardID("iso-9001-2015")]), opensOn: try day("2026-12-07"),
            closesOn: try day("2026-12-11")))
    func record(_ title: String, _ confidentiality: Confidentiality) async throws -> EvidenceRecord {
        try await qms.acting(as: "omar").evidence.add(
            EvidenceDraft(
                title: title, kind: .note, owner: "Omar Khalil", process: "EP-04", effectiveFrom: try day("2026-11-01"),
                collectedOn: try day("2026-11-02"), confidentiality: confidentiality,
                requirements: [try key("iso-9001-2015:8.5.1")]))
    }
    return (
        qms, engagement, try await record("Reconciliation forms, Irbid", .internal),
        try await record("Voters' names, Irbid 9", .restricted)
    )
}

@Suite("Evidence requests through the services")
struct EvidenceRequestServiceTests {
    @Test(
        "the full cycle: asked in the engagement, owner from the process register, returned, answered with new evidence, accepted; each step in the trail and the due-date engine"
    )
    func cycle() async throws {
        let folder = try TemporaryFolder()
        let (qms, engagement, open, restricted) = try await engagedQMS(folder)
        let auditor = qms.acting(as: "ext.auditor").evidenceRequests
        let asked = try await auditor.ask(
            EvidenceRequestInput(
                requirement: "iso-9001-2015:8.5.1",
                sample: "3 of the 12 polling centres of Irbid, ballot reconciliation forms", due: "2026-12-09"))
        #expect(asked.id.description == "ER-2026-0001")
        #expect(asked.content.engagement == engagement.id, "an engagement account's one open engagement is taken")
        #expect(asked.content.owner == "omar", "the owner of the process linked to the requirement answers")

        let due = try await qms.due.due(asOf: try day("2026-12-08"))
        #expect(
            due.items.contains {
                $0.kind == .evidenceRequest && $0.user == "omar" && $0.record.reference == "ER-2026-0001"
            })

        let stranger = try await #require(throws: DomainError.self) {
            try await qms.acting(as: "hana").evidenceRequests.answer(asked.id, evidence: [open.id], note: nil)
        }
        #expect(rule(stranger) == .evidenceRequestNotOwner)
        let owner = qms.acting(as: "omar").evidenceRequests
        let hidden = try await #require(throws: DomainError.self) {
            try await owner.answer(asked.id, evidence: [restricted.id], note: nil)
        }
        #expect(rule(hidden) == .evidenceRequestEvidenceRestricted)
        #expect(Messages.shared.error(hidden, .english).contains("restricted"))
        let before = try await qms.evidence.list().count
        let newRestricted = EvidenceDraft(
            title: "Voters' names, Irbid 4", kind: .note, owner: "Omar Khalil", process: "EP-04",
            effectiveFrom: try day("2026-11-01"), collectedOn: try day("2026-11-02"), confidentiality: .restricted,
            requirements: [try key("iso-9001-2015:8.5.1")])
        await #expect(throws: DomainError.self) {
            try await owner.answer(asked.id, evidence: [], note: nil, newEvidence: (newRestricted, [], nil))
        }
        #expect(try await qms.evidence.list().count == before, "a refused answer logs no evidence")

        let answered = try await owner.answer(asked.id, evidence: [open.id], note: "Irbid 1, 4 and 9")
        #expect(answered.status == .answered)
        let notTheirs = try await #require(throws: DomainError.self) {
            try await qms.acting(as: "auditor").evidenceRequests.accept(asked.id)
        }
        #expect(rule(notTheirs) == .evidenceRequestNotRequester)
        let returned = try await auditor.sendBack(asked.id, comment: "Irbid 9's form is unsigned")
        #expect(returned.status == .returned)

        var fresh = newRestricted
        fresh.title = "Signed reconciliation form, Irbid 9"
        fresh.confidentiality = .internal
        let again = try await owner.answer(asked.id, evidence: [], note: "signed now", newEvidence: (fresh, [], nil))
        let logged = try #require(again.answerEvidence.first)
        #expect(try await qms.evidence.latest(logged).content.title == "Signed reconciliation form, Irbid 9")
        let accepted = try await auditor.accept(asked.id)
        #expect(accepted.steps.map(\.kind) == [.asked, .answered, .returned, .answered, .accepted])
        let after = try await qms.due.due(asOf: try day("2026-12-08"))
        #expect(!after.items.contains { $0.kind == .evidenceRequest }, "an accepted request is done")

        #expect(try await qms.evidenceRequests.list(EvidenceRequestFilter(engagement: engagement.id)).count == 1)
        let report = try await qms.integrity.verify()
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.records["evidence requests"] == 1)
    }

    @Test("an external auditor asks only inside their engagement's scope; only auditors ask; a bad field is named")
    func asking() async throws {
        let folder = try TemporaryFolder()
        let (qms, engagement, _, _) = try await engagedQMS(folder)
        let auditor = qms.acting(as: "ext.auditor").evidenceRequests
        let outside = try await #require(throws: DomainError.self) {
            try await auditor.ask(
                EvidenceRequestInput(
                    engagement: engagement.id.description, requirement: "iso-ts-54001-2019:8.5.1", owner: "omar",
                    due: "2026-12-09"))
        }
        #expect(rule(outside) == .evidenceRequestOutsideScope)
        #expect(outside.field == "requirement")
        // A second engagement that does not name them.
        let other = try await qms.engagements.add(
            EngagementDraft(
                certificationBody: "SGS", auditors: ["auditor"], opensOn: try day("2026-12-07"),
                closesOn: try day("2026-12-08")))
        let notTheirs = try await #require(throws: DomainError.self) {
            try await auditor.ask(
                EvidenceRequestInput(
                    engagement: other.id.description, sample: "minutes", owner: "omar", due: "2026-12-08"))
        }
        #expect(rule(notTheirs) == .evidenceRequestOutsideEngagement)
        let owner = try await #require(throws: DomainError.self) {
            try await qms.acting(as: "omar").evidenceRequests.ask(
                EvidenceRequestInput(sample: "minutes", owner: "hana", due: "2026-12-09"))
        }
        #expect(rule(owner) == .evidenceRequestNeedsAuditor)
        let badDay = try await #require(throws: DomainError.self) {
            try await auditor.ask(EvidenceRequestInput(sample: "minutes", owner: "omar", due: "9 December"))
        }
        #expect(badDay.field == "due")
        let nobody = try await #require(throws: DomainError.self) {
            try await auditor.ask(EvidenceRequestInput(sample: "minutes", owner: "nobody", due: "2026-12-09"))
        }
        #expect(rule(nobody) == .evidenceRequestOwnerUnknown)
        // The quality manager's internal request, tied to nothing, needs no engagement.
        let internalRequest = try await qms.acting(as: "amal").evidenceRequests.ask(
            EvidenceRequestInput(sample: "management review minutes of 2026", owner: "hana", due: "2026-12-20"))
        #expect(internalRequest.content.engagement == nil && internalRequest.content.owner == "hana")
        let withdrawn = try await qms.acting(as: "amal").evidenceRequests.withdraw(internalRequest.id, reason: "seen")
        #expect(withdrawn.status == .withdrawn)
        // An engagement account reads only its engagements' requests.
        let external = try #require(try await qms.users.list().first { $0.username == "ext.auditor" })
        #expect(try await qms.evidenceRequests.visible(to: external).isEmpty)
        #expect(try await qms.evidenceRequests.mayRead(internalRequest, external) == false)
    }
}
