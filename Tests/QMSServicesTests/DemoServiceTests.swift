import Foundation
import QMSCore
import QMSFormats
import QMSServices
import TestSupport
import Testing

@Suite("Demo organisation: every register filled from the sample programmes")
struct DemoServiceTests {
    /// A demo seeded into a real SQLite file, with the shipped Plans folder.
    static func seeded(in folder: TemporaryFolder) async throws -> QMS {
        let qms = try await initialisedQMS(in: folder)
        try await DemoService.seed(
            qms, plans: try PlansLibrary(directory: Repository.root.appendingPathComponent("Plans")))
        return qms
    }

    @Test("every register and programme listing has entries, each marked as sample data")
    func everyRegister() async throws {
        let folder = try TemporaryFolder()
        let qms = try await Self.seeded(in: folder)
        for line in try await qms.registers.summary() {
            #expect(line.entries > 0, "the \(line.register) register is empty")
        }
        let risks = try await qms.risks.list()
        #expect(risks.allSatisfy { $0.record.content.title.contains("(sample)") })
        #expect(Set(risks.map(\.record.content.kind)) == [.risk, .opportunity])
        #expect(risks.contains { $0.record.status == .closed } && risks.contains { $0.record.status == .open })
        #expect(risks.contains { $0.record.residual != nil }, "a treatment lowered a score")
        #expect(try await qms.risks.contextIssues().allSatisfy { $0.record.content.title.contains("(sample)") })
        #expect(try await qms.parties.list().allSatisfy { $0.record.content.name.contains("(sample)") })
        #expect(try await qms.processes.list().count >= 8)
        #expect(try await !qms.audits.list().isEmpty)
        #expect(try await !qms.reviews.list().isEmpty)
        #expect(try await !qms.recommendations.list().isEmpty)
        let kpis = try await qms.kpis.list()
        #expect(kpis.allSatisfy { $0.record.measurements.count >= 3 && $0.record.content.target != nil })
        let periods = kpis.flatMap { $0.record.measurements.compactMap(\.period) }
        #expect(periods.contains { $0.contains("-Q") }, "quarterly periods")
        #expect(kpis.allSatisfy { $0.record.measurements.allSatisfy { $0.on <= qms.today } })
    }

    @Test("documents have their review cycle: issued, one overdue, some due soon, one revised, one in review")
    func documents() async throws {
        let folder = try TemporaryFolder()
        let qms = try await Self.seeded(in: folder)
        let documents = try await qms.documents.list()
        #expect(documents.count >= 8)
        #expect(documents.allSatisfy { $0.record.content.title.contains("(sample") })
        let kinds = Set(documents.map(\.record.content.kind))
        #expect(kinds.isSuperset(of: [.policy, .manual, .procedure, .form]))
        let alerts = documents.flatMap(\.alerts)
        #expect(alerts.filter { $0.kind == .reviewOverdue }.count == 1)
        #expect(alerts.contains { $0.kind == .reviewDue })
        #expect(documents.contains { $0.record.versions.count == 2 && $0.record.inForce != nil })
        #expect(documents.contains { $0.status == DocumentStatus.inReview.rawValue })
        #expect(documents.filter { $0.record.inForce != nil }.count >= 8)
    }

    @Test("the training-of-trainers workshops are the HNEC 2019 plan's: its days, 64 trained, 18 women, 1 disability")
    func workshops() async throws {
        let folder = try TemporaryFolder()
        let qms = try await Self.seeded(in: folder)
        let events = try await qms.training.list().map(\.record)
        let totals = try #require(try await qms.training.totals())
        #expect(totals.total == 64 && totals.women == 18 && totals.withDisabilities == 1)
        #expect(events.allSatisfy { $0.content.kind == .trainingOfTrainers && $0.evaluation != nil })
        // The same days and places as the work plan's activity, and its disaggregated result.
        let plan = try await qms.plans.version(try PlanID("hnec-2019")).planSet.workPlan
        let activity = try #require(plan.activities.first { !$0.events.isEmpty })
        #expect(
            Set(events.map { "\($0.content.startsOn) \($0.content.endsOn) \($0.content.place)" })
                == Set(activity.events.map { "\($0.start) \($0.end) \($0.place ?? "")" }))
        let result = try #require(activity.results.first)
        #expect(result.total == totals.total && result.women == totals.women && result.disability == 1)
    }

    @Test("ONA Inc. and Caktus are providers with contracts and evaluations")
    func providers() async throws {
        let folder = try TemporaryFolder()
        let qms = try await Self.seeded(in: folder)
        let providers = try await qms.providers.list().map(\.record)
        for name in ["ONA Inc.", "Caktus"] {
            let provider = try #require(providers.first { $0.content.name == name }, "\(name) missing")
            #expect(provider.content.contract != nil)
            #expect(!provider.evaluations.isEmpty)
            #expect(provider.status == .approved)
        }
        let caktus = try #require(providers.first { $0.content.name == "Caktus" })
        #expect(caktus.evaluations.count == 2, "evaluated, then re-evaluated")
        #expect(providers.contains { $0.status == .proposed }, "one not yet evaluated")
    }

    @Test("the internal audit's nonconformity is open, its corrective action planned; the trail verifies")
    func findingsAndTrail() async throws {
        let folder = try TemporaryFolder()
        let qms = try await Self.seeded(in: folder)
        let audits = try await qms.audits.list()
        let held = try #require(audits.first { $0.audit.status != .planned })
        #expect(held.audit.report != nil && held.findings.count == 2)
        #expect(audits.contains { $0.audit.status == .planned && $0.audit.content.startsOn > qms.today })
        let open = try await qms.nonconformities.list().map(\.nonconformity).filter(\.isOpen)
        let nonconformity = try #require(open.first { $0.content.audit == held.audit.id })
        #expect(nonconformity.state == .planned)
        #expect(nonconformity.correctiveAction.actions.allSatisfy { $0.due >= qms.today })
        #expect(try await qms.reviews.list().contains { $0.review.actions.contains { $0.doneOn == nil } })
        let hnec = try await qms.plans.details(try PlanID("hnec-2018"))
        #expect(hnec.comments.count >= 2, "Technical Committee remarks on the work plan under review")
        let report = try await qms.integrity.verify()
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.events > 200)
    }
}
