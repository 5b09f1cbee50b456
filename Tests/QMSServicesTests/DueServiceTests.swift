import Foundation
import QMSCore
import QMSStore
import TestSupport
import Testing

@testable import QMSServices

/// 2026-12-07 10:00 UTC: "today" in these tests (20_794 days after 1970-01-01).
private let fixedNow = Date(timeIntervalSince1970: Double(20_794 * 86_400 + 36_000))

private func day(_ text: String) throws -> CalendarDate { try CalendarDate(parsing: text) }

private func evidence(
    _ title: String, owner: String, validUntil: String? = nil, reviewDue: String? = nil,
    confidentiality: Confidentiality = .internal
) throws -> EvidenceDraft {
    EvidenceDraft(
        title: title, kind: .note, owner: owner, effectiveFrom: try day("2026-01-01"),
        collectedOn: try day("2026-01-01"), validUntil: try validUntil.map(day), reviewDue: try reviewDue.map(day),
        confidentiality: confidentiality, requirements: [try RequirementKey(parsing: "iso-9001-2015:7.5.3")])
}

/// A real SQLite store with users and dated records in several registers.
private func filledQMS(in folder: TemporaryFolder) async throws -> (QMS, [String: String]) {
    var qms = try await initialisedQMS(in: folder)
    qms.now = { fixedNow }
    try await qms.users.add(try User(username: "qm1", displayName: "Sara Quality", role: .qualityManager))
    try await qms.users.add(
        try User(username: "owner1", displayName: "Nadia Owner", role: .processOwner, processes: ["EP-01"]))
    try await qms.users.add(try User(username: "gone", role: .processOwner))
    try await qms.users.deactivate("gone")
    var ids: [String: String] = [:]
    ids["restricted"] = try await qms.evidence.add(
        try evidence("Voter roll extract", owner: "owner1", validUntil: "2026-12-14", confidentiality: .restricted)
    ).id.description
    ids["named"] = try await qms.evidence.add(
        try evidence("Staff roster", owner: "Nadia Owner", reviewDue: "2027-01-06")
    ).id.description
    ids["inactive"] = try await qms.evidence.add(
        try evidence("Printing contract", owner: "gone", validUntil: "2026-11-20")
    ).id.description
    ids["far"] = try await qms.evidence.add(try evidence("Far", owner: "owner1", validUntil: "2027-06-01")).id
        .description
    let withdrawn = try await qms.evidence.add(try evidence("Withdrawn", owner: "owner1", validUntil: "2026-12-08"))
    try await qms.evidence.withdraw(withdrawn.id, reason: "replaced")
    ids["withdrawn"] = withdrawn.id.description

    let risk = try await qms.risks.add(
        RiskDraft(
            title: "Late ballot delivery", owner: "owner1", inherent: try RiskRating(likelihood: 3, impact: 4),
            identifiedOn: try day("2026-10-01"), reviewOn: try day("2026-12-08")))
    let treated = try await qms.risks.treat(
        risk.id, actions: [ActionDraft(text: "Second printer", owner: "owner1", due: try day("2026-11-25"))])
    ids["risk"] = risk.id.description
    ids["riskAction"] = treated.actions.first?.id.description

    let nc = try await qms.nonconformities.open(
        NonconformityDraft(
            title: "Forms not signed", source: .complaint, grade: .minor,
            requirements: [try RequirementKey(parsing: "iso-9001-2015:8.5.1")], raisedBy: "qm1",
            raisedOn: try day("2026-11-01")))
    try await qms.nonconformities.advance(nc.id, to: .contained, with: CorrectiveActionStep(note: "Signed"))
    try await qms.nonconformities.advance(
        nc.id, to: .analysed, with: CorrectiveActionStep(method: "5 whys", causes: ["No checklist"]))
    let planned = try await qms.nonconformities.advance(
        nc.id, to: .planned,
        with: CorrectiveActionStep(actions: [
            ActionDraft(text: "Checklist", owner: "owner1", due: try day("2026-12-10"))
        ]))
    ids["action"] = planned.correctiveAction.actions.first?.id.description

    let training = try await qms.acting(as: "qm1").training.add(
        TrainingDraft(
            title: "Polling staff", startsOn: try day("2026-11-09"), endsOn: try day("2026-11-10"), place: "Tripoli",
            trainers: ["Lead trainer"], attendance: Attendance(total: 12, women: 5, men: nil, withDisabilities: 1)))
    ids["training"] = training.id.description

    let issue = try await qms.acting(as: "owner1").risks.addContext(
        ContextIssueDraft(
            kind: .external, title: "Electoral law amendment", identifiedOn: try day("2026-06-01"),
            reviewOn: try day("2026-12-31")))
    ids["context"] = issue.id.description
    return (qms, ids)
}

@Suite("Due dates over a real SQLite store")
struct DueServiceTests {
    @Test("each register's dated records reach the right user at the right threshold")
    func dueOverStore() async throws {
        let folder = try TemporaryFolder()
        let (qms, ids) = try await filledQMS(in: folder)
        let report = try await qms.due.due(asOf: try day("2026-12-07"))
        #expect(report.asOf == (try day("2026-12-07")))
        func find(_ reference: String?, _ user: String) -> DueItem? {
            report.items.first { $0.record.reference == reference && $0.user == user }
        }
        let restricted = try #require(find(ids["restricted"], "owner1"))
        #expect(restricted.kind == .evidenceExpiry)
        #expect(restricted.threshold == .before(days: 7))
        #expect(restricted.daysLeft == 7)
        #expect(restricted.titleWithheld)
        #expect(restricted.record.route == "/evidence/\(ids["restricted"] ?? "")")

        let named = try #require(find(ids["named"], "owner1"))
        #expect(named.kind == .evidenceReview)
        #expect(named.threshold == .before(days: 30))
        #expect(named.visibleTitle == "Staff roster")

        let inactive = try #require(find(ids["inactive"], "qm1"))
        #expect(inactive.routing == .ownerInactive)
        #expect(inactive.threshold == .overdue)
        #expect(inactive.daysLeft == -17)
        #expect(!inactive.titleWithheld)
        #expect(!report.items.contains { $0.user == "gone" })
        #expect(report.items.filter { $0.record.reference == ids["inactive"] }.count == 1, "not escalated twice to qm1")

        #expect(!report.items.contains { $0.record.reference == ids["far"] })
        #expect(!report.items.contains { $0.record.reference == ids["withdrawn"] })

        #expect(find(ids["risk"], "owner1")?.threshold == .before(days: 1))
        #expect(find(ids["riskAction"], "owner1")?.threshold == .overdue)
        #expect(find(ids["riskAction"], "qm1")?.threshold == .escalated)
        #expect(find(ids["riskAction"], "qm1")?.daysLeft == -12)
        #expect(find(ids["action"], "owner1")?.kind == .correctiveAction)
        #expect(find(ids["action"], "owner1")?.threshold == .before(days: 7))
        let training = try #require(find(ids["training"], "qm1"))
        #expect(training.kind == .trainingEffectiveness)
        #expect(training.date == (try day("2026-12-10")))
        #expect(training.routing == .responsible)
        let context = try #require(find(ids["context"], "owner1"))
        #expect(context.kind == .contextReview)
        #expect(context.threshold == .before(days: 30))
        #expect(context.daysLeft == 24)
        #expect(Set(report.items.map(\.key)).count == report.items.count)
        try await qms.store.close()
    }

    @Test("one user's reminders, a later day, and an unknown user refused")
    func filters() async throws {
        let folder = try TemporaryFolder()
        let (qms, ids) = try await filledQMS(in: folder)
        let mine = try await qms.due.due(asOf: try day("2026-12-07"), user: "owner1")
        #expect(!mine.items.isEmpty)
        #expect(mine.items.allSatisfy { $0.user == "owner1" })
        // A week later the restricted record has expired: overdue, and not yet escalated (0 days past the 7).
        let later = try await qms.due.due(asOf: try day("2026-12-15"), user: "owner1")
        #expect(later.items.first { $0.record.reference == ids["restricted"] }?.threshold == .overdue)
        await #expect(throws: DomainError.self) { try await qms.due.due(user: "nobody") }
        try await qms.store.close()
    }
}
