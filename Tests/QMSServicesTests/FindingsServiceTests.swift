import Foundation
import QMSCore
import QMSFormats
import QMSPresentation
import QMSStore
import TestSupport
import Testing

@testable import QMSServices

/// 2026-06-15 10:00 UTC: "today" in these tests.
private let fixedNow = Date(timeIntervalSince1970: Double(20_619 * 86_400 + 36_000))

private func day(_ text: String) throws -> CalendarDate { try CalendarDate(parsing: text) }

private func key(_ text: String) throws -> RequirementKey { try RequirementKey(parsing: text) }

/// An initialised database whose clock stands at ``fixedNow`` plus `days`.
private func fixedQMS(_ folder: TemporaryFolder) async throws -> QMS {
    var qms = try await initialisedQMS(in: folder)
    qms.now = { fixedNow }
    return qms
}

extension QMS {
    /// The same system with its clock `days` after ``fixedNow``.
    fileprivate func later(_ days: Int) -> QMS {
        var copy = self
        copy.now = { fixedNow.addingTimeInterval(Double(days) * 86_400) }
        return copy
    }
}

private func internalAudit(auditors: [String] = ["Omar Khalil"], process: String = "EP-05") throws -> AuditDraft {
    AuditDraft(
        kind: .internal, title: "Internal audit of vote counting",
        scope: AuditScope(requirements: [try key("iso-9001-2015:8.5.1")], processes: [process]),
        auditors: auditors, startsOn: try day("2026-06-01"), endsOn: try day("2026-06-03"))
}

private func finding(
    _ grade: NonconformityGrade, source: NonconformitySource = .internalAudit, audit: AuditID? = nil,
    requirement: String = "iso-9001-2015:8.5.1", raisedOn: String = "2026-06-03"
) throws -> NonconformityDraft {
    NonconformityDraft(
        title: "Reconciliation forms not signed", source: source, grade: grade, requirements: [try key(requirement)],
        process: "EP-05", audit: audit, raisedBy: "omar", raisedOn: try day(raisedOn))
}

private func evidenceDraft(_ title: String, _ requirement: String) throws -> EvidenceDraft {
    EvidenceDraft(
        title: title, kind: .note, owner: "amal", effectiveFrom: try day("2026-01-01"),
        collectedOn: try day("2026-06-01"), requirements: [try key(requirement)])
}

@Suite("The findings registers")
struct FindingsServiceTests {
    @Test("a nonconformity from an internal audit is traced from raising to a verified fix and closure")
    func internalAuditToClosure() async throws {
        let folder = try TemporaryFolder()
        let qms = try await fixedQMS(folder)
        let audit = try await qms.audits.plan(try internalAudit())
        #expect(audit.id.description == "AUD-2026-01")
        #expect(audit.status == .planned)
        let nc = try await qms.nonconformities.open(try finding(.minor, audit: audit.id))
        #expect(nc.id.description == "NC-2026-001")
        #expect(try await qms.audits.show(audit.id).findings == [nc.id])

        let omar = qms.acting(as: "omar")
        let salma = qms.acting(as: "salma")
        try await omar.nonconformities.advance(
            nc.id, to: .contained, with: CorrectiveActionStep(note: "Forms signed by the presiding officers"))
        try await omar.nonconformities.advance(
            nc.id, to: .analysed, with: CorrectiveActionStep(method: "5 whys", causes: ["No signature checklist"]))
        try await omar.nonconformities.advance(
            nc.id, to: .planned,
            with: CorrectiveActionStep(actions: [
                ActionDraft(text: "Add a checklist to the counting kit", owner: "salma", due: try day("2026-07-01"))
            ]))
        let proof = try await salma.evidence.add(try evidenceDraft("Counting kit checklist", "iso-9001-2015:8.5.1"))
        await #expect(throws: DomainError.self, "evidence of implementation must exist") {
            try await salma.nonconformities.advance(
                nc.id, to: .implemented, with: CorrectiveActionStep(evidence: [EvidenceID(year: 2026, number: 99)]))
        }
        try await salma.nonconformities.advance(
            nc.id, to: .implemented, with: CorrectiveActionStep(note: "Checklist issued", evidence: [proof.id]))
        let ownWork = try await #require(throws: CorrectiveActionError.self) {
            try await salma.nonconformities.advance(
                nc.id, to: .verified, with: CorrectiveActionStep(result: .effective))
        }
        #expect(ownWork == .verifierIsImplementer(nonconformity: nc.id, actor: "salma"))
        try await qms.nonconformities.advance(nc.id, to: .verified, with: CorrectiveActionStep(result: .effective))
        let closed = try await qms.nonconformities.advance(
            nc.id, to: .closed, with: CorrectiveActionStep(updateRisks: false, changeQMS: true))
        #expect(closed.state == .closed)
        #expect(
            closed.correctiveAction.history.map(\.actor) == ["amal", "omar", "omar", "omar", "salma", "amal", "amal"])

        let shown = try await qms.nonconformities.show(nc.id)
        #expect(shown.nonconformity == closed)
        #expect(shown.alerts.isEmpty)
        let events = try await qms.store.reading { try $0.events(entity: "nc:NC-2026-001") }
        #expect(events.map(\.action) == ["nc.open"] + Array(repeating: "nc.advance", count: 6))
        #expect(events.map(\.actor) == ["amal", "omar", "omar", "omar", "salma", "amal", "amal"])
        #expect(try await qms.nonconformities.list(NonconformityFilter(openOnly: true)).isEmpty)
        try await qms.store.close()
    }

    @Test("an illegal step names the allowed steps and changes nothing; an ineffective fix is reopened")
    func illegalAndReopen() async throws {
        let folder = try TemporaryFolder()
        let qms = try await fixedQMS(folder)
        let nc = try await qms.nonconformities.open(try finding(.major, source: .complaint))
        let before = try await dump(qms.store)
        let error = try await #require(throws: CorrectiveActionError.self) {
            try await qms.nonconformities.advance(nc.id, to: .planned, with: CorrectiveActionStep())
        }
        #expect(error.allowedNextStates == [.contained])
        #expect(error.fix.map { Messages.shared.fix($0, .english) } == "the next step allowed is contained")
        #expect(try await dump(qms.store) == before)
        await #expect(throws: DomainError.self) {
            try await qms.nonconformities.advance(
                NonconformityID(year: 2026, number: 9), to: .contained, with: CorrectiveActionStep(note: "x"))
        }
        await #expect(throws: CorrectiveActionError.self, "only verified or closed ones reopen") {
            try await qms.nonconformities.reopen(nc.id, reason: "Recurred")
        }
    }

    @Test(
        "compliance: evidence satisfies a requirement, an open major makes it missing, a minor partial, closing restores it"
    )
    func complianceMatrix() async throws {
        let folder = try TemporaryFolder()
        let qms = try await fixedQMS(folder)
        let requirement = try key("iso-9001-2015:8.5.1")
        func status() async throws -> ComplianceStatus? {
            try await qms.compliance.matrix().compliance(of: requirement)?.status
        }
        #expect(try await status() == .missing)
        try await qms.evidence.add(try evidenceDraft("Counting procedure", "iso-9001-2015:8.5.1"))
        #expect(try await status() == .satisfied)

        let major = try await qms.nonconformities.open(try finding(.major, source: .processMonitoring))
        #expect(try await status() == .missing)
        let row = try await qms.compliance.matrix().compliance(of: requirement)
        #expect(row?.findings == ["NC-2026-001"])
        let readiness = try await qms.compliance.breakdown(try StandardID("iso-9001-2015"), by: .requirement)
        #expect(readiness.first { $0.group == "iso-9001-2015:8.5.1" }?.findings == ["NC-2026-001"])

        let minor = try await qms.nonconformities.open(try finding(.minor, source: .processMonitoring))
        let observation = try await qms.nonconformities.open(try finding(.observation, source: .processMonitoring))
        #expect(try await status() == .missing, "the major one still holds it back")
        #expect(
            try await qms.compliance.matrix(asOf: try day("2026-06-01")).compliance(of: requirement)?.status
                == .satisfied,
            "a finding raised after the day assessed does not count")

        try await walkToClosure(qms, major.id, due: try day("2026-07-01"))
        #expect(try await status() == .partial, "the open minor one keeps it partial")
        try await walkToClosure(qms, minor.id, due: try day("2026-07-01"))
        #expect(try await status() == .satisfied, "an open observation does not weigh")
        #expect(try await qms.nonconformities.show(observation.id).nonconformity.isOpen)

        try await qms.acting(as: "salma").nonconformities.reopen(major.id, reason: "Unsigned forms found again")
        #expect(try await status() == .missing, "a reopened major holds the requirement back again")
        try await qms.store.close()
    }

    @Test("overdue actions and the six-month limit of a major certification-audit finding are flagged as days pass")
    func overdueAndSixMonths() async throws {
        let folder = try TemporaryFolder()
        let qms = try await fixedQMS(folder)
        let stage2 = try await qms.audits.add(
            AuditDraft(
                kind: .stage2, title: "Stage 2", scope: AuditScope(requirements: [try key("iso-9001-2015:8.5.1")]),
                auditors: ["B. Auditor"], leadAuditor: "A. Lead", certificationBody: "Cert Body",
                startsOn: try day("2026-06-08"), endsOn: try day("2026-06-10")))
        #expect(stage2.status == .conducted)
        await #expect(throws: DomainError.self, "an audit in the future cannot be added as held") {
            try await qms.audits.add(
                AuditDraft(
                    kind: .surveillance1, title: "S1", scope: AuditScope(sites: ["HQ"]), auditors: ["B"],
                    certificationBody: "Cert Body", startsOn: try day("2027-03-01"), endsOn: try day("2027-03-02")))
        }
        let nc = try await qms.nonconformities.open(
            try finding(.major, source: .certificationAudit, audit: stage2.id, raisedOn: "2026-06-10"))
        #expect(nc.verificationDeadline == (try day("2026-12-10")))
        try await qms.nonconformities.advance(nc.id, to: .contained, with: CorrectiveActionStep(note: "Corrected"))
        try await qms.nonconformities.advance(nc.id, to: .analysed, with: CorrectiveActionStep(causes: ["Cause"]))
        try await qms.nonconformities.advance(
            nc.id, to: .planned,
            with: CorrectiveActionStep(actions: [
                ActionDraft(text: "Retrain", owner: "salma", due: try day("2026-07-15"))
            ]))
        #expect(try await qms.nonconformities.list(needingAttention: true).isEmpty)

        let july = qms.later(40)  // 2026-07-25
        let overdue = try await july.nonconformities.list(needingAttention: true)
        #expect(overdue.flatMap(\.alerts).map(\.kind) == [.overdue])
        #expect(overdue.first?.alerts.first?.reference == "CA-2026-001-1")
        #expect(overdue.first?.alerts.first?.days == -10)

        let november = qms.later(150)  // 2026-11-12: 28 days before the limit
        let warned = try await november.nonconformities.show(nc.id)
        #expect(warned.alerts.map(\.kind) == [.overdue, .deadlineApproaching])
        #expect(warned.deadline?.days == 28)
        let december = qms.later(180)  // 2026-12-12
        #expect(try await december.nonconformities.show(nc.id).deadline?.state == .passed)
        #expect(try await december.nonconformities.show(nc.id).alerts.map(\.kind) == [.overdue, .deadlinePassed])

        try await november.acting(as: "salma").nonconformities.advance(
            nc.id, to: .implemented, with: CorrectiveActionStep(note: "Retrained"))
        try await november.nonconformities.advance(nc.id, to: .verified, with: CorrectiveActionStep(result: .effective))
        #expect(try await december.nonconformities.show(nc.id).alerts.isEmpty)
        #expect(try await december.nonconformities.show(nc.id).deadline?.state == .met)
        try await qms.store.close()
    }

    @Test("internal auditors must be independent of the processes audited; certificates and the next audit are kept")
    func auditsProgramme() async throws {
        let folder = try TemporaryFolder()
        let qms = try await fixedQMS(folder)
        try await qms.users.add(
            try User(username: "omar", displayName: "Omar Khalil", role: .processOwner, processes: ["EP-05"]))
        let conflict = try await #require(throws: DomainError.self) {
            try await qms.audits.plan(try internalAudit(auditors: ["Omar Khalil"]))
        }
        #expect(Messages.shared.error(conflict, .english).contains("owns the process EP-05"))
        let planned = try await qms.audits.plan(try internalAudit(auditors: ["omar"], process: "EP-01"))
        #expect(planned.id.description == "AUD-2026-01")
        await #expect(throws: DomainError.self, "requirements in scope must exist") {
            var draft = try internalAudit(auditors: ["salma"])
            draft.scope.requirements = [try key("iso-9001-2015:11.1")]
            try await qms.audits.plan(draft)
        }

        let stage2 = try await qms.audits.add(
            AuditDraft(
                kind: .stage2, title: "Stage 2", scope: AuditScope(processes: ["EP-04"]), auditors: ["B"],
                certificationBody: "Cert Body", startsOn: try day("2026-05-04"), endsOn: try day("2026-05-06")))
        let report = AuditReport(
            reportedOn: try day("2026-05-20"), summary: "Recommended for certification",
            certificate: Certificate(number: "QMS-0042", issuedOn: try day("2026-06-01")), reportedBy: "amal")
        let reported = try await qms.audits.report(stage2.id, report)
        #expect(reported.report?.certificate?.validUntil == (try day("2029-05-31")))
        await #expect(throws: DomainError.self) { try await qms.audits.report(stage2.id, report) }
        let next = try await qms.audits.nextCertificationAudit()
        #expect(next.kind == .surveillance1)
        #expect(next.dueBy == (try day("2027-06-01")))
        #expect(try await qms.audits.list(year: 2026).map(\.audit.id.description) == ["AUD-2026-01", "AUD-2026-02"])
        let events = try await qms.store.reading { try $0.events(entity: "audit:AUD-2026-02") }
        #expect(events.map(\.action) == ["audit.add", "audit.report"])
        try await qms.store.close()
    }

    @Test("observer recommendations: a finding opened from one is linked back; implemented needs evidence")
    func recommendations() async throws {
        let folder = try TemporaryFolder()
        let qms = try await fixedQMS(folder)
        let recommendation = try await qms.recommendations.add(
            RecommendationDraft(
                mission: "EU EOM Jordan 2024", year: 2024, reference: "12",
                text: "Publish results by polling station within 24 hours", priority: .high, addressee: .emb))
        #expect(recommendation.id.description == "REC-2024-001")
        var draft = try finding(.minor, source: .observerRecommendation)
        draft.recommendation = recommendation.id
        let nc = try await qms.nonconformities.open(draft)
        let linked = try #require(try await qms.recommendations.list().first)
        #expect(linked.links == [try RecommendationLink(kind: .nonconformity, target: nc.id.description)])

        await #expect(throws: DomainError.self) {
            try await qms.recommendations.update(linked.id, status: .implemented)
        }
        await #expect(throws: DomainError.self, "links must point at records that exist") {
            try await qms.recommendations.link(
                linked.id, to: [try RecommendationLink(kind: .evidence, target: "EV-2026-0001")])
        }
        await #expect(throws: DomainError.self) {
            try await qms.recommendations.link(
                linked.id, to: [try RecommendationLink(kind: .action, target: "CA-2026-001-1")])
        }
        let proof = try await qms.evidence.add(try evidenceDraft("Results portal", "iso-54001-2019:EP-05"))
        try await qms.recommendations.link(
            linked.id,
            to: [
                try RecommendationLink(kind: .evidence, target: proof.id.description),
                try RecommendationLink(kind: .activity, target: "1.3.2"),
            ])
        let implemented = try await qms.recommendations.update(linked.id, status: .implemented, note: "Portal live")
        #expect(implemented.links.count == 3)
        #expect(try await qms.recommendations.list(status: .implemented).map(\.id) == [linked.id])
        let events = try await qms.store.reading { try $0.events(entity: "recommendation:REC-2024-001") }
        #expect(
            events.map(\.action) == [
                "recommendation.add", "recommendation.link", "recommendation.link", "recommendation.update",
            ])
        try await qms.store.close()
    }

    @Test("a management review's actions are tracked like corrective actions: overdue until done")
    func managementReview() async throws {
        let folder = try TemporaryFolder()
        let qms = try await fixedQMS(folder)
        let review = try await qms.reviews.add(
            ManagementReviewDraft(
                title: "Management review H1 2026", heldOn: try day("2026-06-15"), chair: "Chair",
                attendees: ["Chair", "Amal Haddad"], inputs: ReviewInput.allCases.filter { $0 != .externalProviders },
                decisions: [ReviewDecision(kind: .improvement, text: "Publish results faster")]),
            actions: [ActionDraft(text: "Revise the training plan", owner: "salma", due: try day("2026-07-01"))])
        #expect(review.id.description == "MR-2026-01")
        let later = qms.later(30)
        let entries = try await later.reviews.list()
        #expect(entries.first?.missingInputs == [.externalProviders])
        #expect(entries.first?.alerts.map(\.reference) == ["MR-2026-01-1"])
        try await later.acting(as: "salma").reviews.complete(
            try ReviewActionID(parsing: "MR-2026-01-1"), note: "Plan revised")
        #expect(try await later.reviews.list().first?.alerts.isEmpty == true)
        await #expect(throws: DomainError.self) {
            try await later.reviews.complete(try ReviewActionID(parsing: "MR-2026-01-1"))
        }
        await #expect(throws: DomainError.self, "actions cannot be due before the review") {
            try await qms.reviews.add(
                ManagementReviewDraft(
                    title: "R", heldOn: try day("2026-06-15"), attendees: ["A"], inputs: [.resources]),
                actions: [ActionDraft(text: "X", owner: "Y", due: try day("2026-01-01"))])
        }
        try await qms.store.close()
    }

    @Test("the registers export as CSV with quoted fields and formulas defused")
    func csvExport() async throws {
        let folder = try TemporaryFolder()
        let qms = try await fixedQMS(folder)
        var draft = try finding(.minor, source: .complaint)
        draft.title = "=HYPERLINK(\"http://evil\"), really"
        try await qms.nonconformities.open(draft)
        let url = folder.url.appendingPathComponent("nc.csv")
        #expect(try await qms.nonconformities.exportCSV(to: url) == 1)
        let bytes = try Data(contentsOf: url)
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF] + Array("id,title,grade,source,state,".utf8)))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("NC-2026-001,\"'=HYPERLINK(\"\"http://evil\"\"), really\",minor,complaint,reported,"))
        #expect(text.hasSuffix("\r\n"))
        // Our own reader reads it back, field for field.
        var rows: [[String]] = []
        try CSVReader(data: Data(text.utf8), file: "nc.csv").forEachRecord { _, fields in rows.append(fields) }
        #expect(rows.count == 2)
        #expect(rows[1][1] == "'=HYPERLINK(\"http://evil\"), really")

        try await qms.recommendations.add(
            RecommendationDraft(mission: "EOM", year: 2024, text: "-1 seat for", priority: .low, addressee: .parliament)
        )
        let recommendations = folder.url.appendingPathComponent("rec.csv")
        #expect(try await qms.recommendations.exportCSV(to: recommendations) == 1)
        #expect(try String(contentsOf: recommendations, encoding: .utf8).contains(",'-1 seat for\r\n"))
        let audits = folder.url.appendingPathComponent("audits.csv")
        #expect(try await qms.audits.exportCSV(to: audits) == 0)
        let reviews = folder.url.appendingPathComponent("reviews.csv")
        #expect(try await qms.reviews.exportCSV(to: reviews) == 0)
        await #expect(throws: ServiceError.self) {
            try await qms.audits.exportCSV(to: folder.url.appendingPathComponent("missing/dir/a.csv"))
        }
        try await qms.store.close()
    }
}
