import Foundation
import QMSCore
import QMSFormats
import QMSServices
import QMSStore
import TestSupport
import Testing

/// 2026-06-15 10:00 UTC: "today" in these tests.
private let clock = Date(timeIntervalSince1970: Double(20_619 * 86_400 + 36_000))

private func day(_ text: String) throws -> CalendarDate { try CalendarDate(parsing: text) }

private func key(_ text: String) throws -> RequirementKey { try RequirementKey(parsing: text) }

extension QMS {
    /// The same system `days` after ``clock``, acting as `actor`.
    fileprivate func on(_ days: Int, as actor: String? = nil) -> QMS {
        var copy = acting(as: actor ?? self.actor)
        copy.now = { clock.addingTimeInterval(Double(days) * 86_400) }
        return copy
    }

    /// The compliance status of a requirement today (by this system's clock).
    fileprivate func status(_ text: String) async throws -> ComplianceStatus? {
        try await compliance.matrix().compliance(of: try key(text))?.status
    }
}

private func openQMS(_ folder: TemporaryFolder) async throws -> QMS {
    try await initialisedQMS(in: folder).on(0, as: "amal")
}

@Suite("The quality registers: services, evidence and compliance")
struct RegistersServiceTests {
    @Test("an issued document is evidence for the requirements it names and for 7.5; obsolete, it is withdrawn")
    func documentEvidence() async throws {
        let folder = try TemporaryFolder()
        let amal = try await openQMS(folder)
        let salma = amal.acting(as: "salma")
        let code = try RegisterCode("QP-01")
        #expect(try await amal.status("iso-9001-2015:5.2.2") == .missing)
        try await amal.documents.add(
            DocumentDraft(
                code: code, title: "Quality policy", kind: .policy, owner: "Quality unit",
                requirements: [try key("iso-9001-2015:5.2.2")]))
        await #expect(throws: DomainError.self, "codes are unique") {
            try await amal.documents.add(DocumentDraft(code: code, title: "Again", kind: .policy, owner: "x"))
        }
        try await amal.documents.submit(code)
        await #expect(throws: RegisterError.authorCannotApprove(document: "QP-01", version: 1, actor: "amal")) {
            try await amal.documents.approve(code)
        }
        try await salma.documents.approve(code)
        await #expect(throws: RegisterError.authorCannotIssue(document: "QP-01", version: 1, actor: "amal")) {
            try await amal.documents.issue(code)
        }
        #expect(try await amal.documents.show(code).record.evidence == nil, "not evidence before it is issued")
        let issued = try await salma.documents.issue(code)
        let evidenceID = try #require(issued.evidence)
        let record = try await amal.evidence.latest(evidenceID)
        #expect(record.status == .current)
        #expect(record.content.reviewDue == (try day("2027-06-15")))
        #expect(
            Set(record.content.requirements.map(\.description)).isSuperset(of: [
                "iso-9001-2015:5.2.2", "iso-9001-2015:7.5.2", "iso-54001-2019:7.5.3.1",
            ]))
        #expect(try await amal.status("iso-9001-2015:5.2.2") == .satisfied)
        #expect(try await amal.status("iso-9001-2015:7.5.3.2") == .satisfied)
        #expect(try await amal.on(400).status("iso-9001-2015:5.2.2") == .partial, "overdue for review")

        // A revision in work leaves the issued version, and its evidence, as they are.
        try await amal.documents.revise(code, changes: "Adds climate commitments")
        #expect(try await amal.evidence.latest(evidenceID).revision == 1)
        try await amal.documents.submit(code)
        try await salma.documents.approve(code)
        let second = try await salma.documents.issue(code)
        #expect(second.evidence == evidenceID)
        #expect(try await amal.evidence.latest(evidenceID).revision == 2)
        #expect(second.versions.map(\.status) == [.obsolete, .issued])

        let obsolete = try await salma.documents.obsolete(code, reason: "Merged into the quality manual")
        #expect(try await amal.evidence.latest(evidenceID).status == .withdrawn)
        #expect(try await amal.status("iso-9001-2015:5.2.2") == .missing)
        await #expect(throws: RegisterError.obsoleteCannotBeIssued(document: "QP-01")) {
            try await salma.documents.issue(code)
        }
        #expect(try await amal.documents.list(includeObsolete: false).isEmpty)
        #expect(try await amal.documents.list().map(\.record) == [obsolete])
        #expect(try await amal.integrity.verify().problems.isEmpty)
    }

    @Test(
        "a risk kept under review is evidence for 6.1; overdue for review it counts in part; treatment recomputes the residual"
    )
    func riskEvidence() async throws {
        let folder = try TemporaryFolder()
        let qms = try await openQMS(folder)
        let risk = try await qms.risks.add(
            RiskDraft(
                title: "Voter-register errors", category: "data", owner: "Voter registration", process: "EP-01",
                phase: .preElectoral, inherent: try RiskRating(likelihood: 4, impact: 4),
                identifiedOn: qms.today, reviewOn: qms.today.adding(days: 30)))
        #expect(risk.id.description == "RSK-2026-001")
        #expect(risk.evidence != nil)
        #expect(try await qms.status("iso-9001-2015:6.1.2") == .satisfied)
        #expect(try await qms.on(31).status("iso-9001-2015:6.1.2") == .partial)
        let treated = try await qms.risks.treat(
            risk.id,
            actions: [
                ActionDraft(text: "Cross-check with the civil registry", owner: "ICT", due: qms.today.adding(days: 20))
            ],
            treatment: .reduce)
        await #expect(throws: DomainError.self) {
            try await qms.risks.assess(risk.id, rating: try RiskRating(likelihood: 2, impact: 4))
        }
        let done = try await qms.on(10).risks.complete(
            try #require(treated.actions.first?.id), note: "Cross-check run",
            rating: try RiskRating(likelihood: 2, impact: 3))
        #expect(done.residualScore == 6)
        let reviewed = try await qms.on(25).risks.review(risk.id, next: qms.today.adding(days: 120), note: "Holding")
        #expect(try await qms.on(31).status("iso-9001-2015:6.1.2") == .satisfied, "reviewed in time")
        #expect(
            try await qms.evidence.latest(try #require(reviewed.evidence)).content.reviewDue
                == qms.today.adding(days: 120))
        let list = try await qms.risks.list()
        #expect(list.first?.record.current.score == 6)
        #expect(try await qms.integrity.verify().problems.isEmpty)
    }

    @Test(
        "the climate determination, parties, processes, approved providers, evaluated training and measured KPIs feed compliance"
    )
    func otherRegisters() async throws {
        let folder = try TemporaryFolder()
        let qms = try await openQMS(folder)
        #expect(try await qms.status("iso-9001-2015:4.1-A1") == .missing)
        try await qms.risks.addContext(
            ContextIssueDraft(
                kind: .external, title: "Climate change", description: "Floods close southern polling stations",
                climate: .relevant, identifiedOn: qms.today))
        #expect(try await qms.status("iso-9001-2015:4.1-A1") == .satisfied)

        try await qms.parties.add(
            PartyDraft(
                category: .voters, name: "Registered voters", needs: ["Accessible polling stations"],
                monitoring: "Post-election survey"))
        #expect(try await qms.status("iso-9001-2015:4.2") == .satisfied)

        try await qms.processes.add(
            ProcessDraft(
                code: try RegisterCode("P-04"), name: "Vote casting", category: .electoral, owner: "Operations",
                electoralProcess: .voteCasting, inputs: ["Voter list"], outputs: ["Polling records"]))
        await #expect(throws: DomainError.self, "one process per electoral process") {
            try await qms.processes.add(
                ProcessDraft(
                    code: try RegisterCode("P-99"), name: "Again", category: .electoral, owner: "x",
                    electoralProcess: .voteCasting, inputs: ["a"], outputs: ["b"]))
        }
        #expect(try await qms.status("iso-9001-2015:4.4.1") == .satisfied)
        #expect(try await qms.processes.map().missingElectoral.count == 7)

        let provider = try await qms.providers.add(
            ProviderDraft(
                name: "Voter-registration maintenance company", kind: .contractor, service: "VR system maintenance",
                criteria: [
                    EvaluationCriterion(name: "Response time", weight: 2),
                    EvaluationCriterion(name: "Security", weight: 3),
                ]))
        #expect(try await qms.status("iso-9001-2015:8.4.1") == .missing, "proposed, not yet evaluated")
        let approved = try await qms.providers.evaluate(provider.id, scores: [4, 4], note: nil)
        #expect(approved.status == .approved)
        #expect(try await qms.status("iso-9001-2015:8.4.1") == .satisfied)
        #expect(try await qms.on(366).status("iso-9001-2015:8.4.1") == .partial, "re-evaluation overdue: expired")
        try await qms.providers.suspend(provider.id, reason: "Missed the security patch deadline")
        #expect(try await qms.status("iso-9001-2015:8.4.1") == .missing)

        try await qms.training.addRole(
            RoleDraft(
                code: try RegisterCode("TRAINER"), title: "Trainer", competences: ["Polling procedures"],
                holders: ["Amal Haddad"]))
        let event = try await qms.training.add(
            TrainingDraft(
                title: "Training of trainers", kind: .trainingOfTrainers, startsOn: qms.today.adding(days: -10),
                endsOn: qms.today.adding(days: -8), place: "Tripoli", trainers: ["Lead trainer"],
                roles: [try RegisterCode("trainer")], competences: ["Polling procedures"],
                attendance: Attendance(total: 64, women: 18, withDisabilities: 1),
                participants: [Participant(name: "Amal Haddad", sex: .female)]))
        await #expect(throws: DomainError.self, "roles must exist") {
            try await qms.training.add(
                TrainingDraft(
                    title: "x", startsOn: qms.today, endsOn: qms.today, place: "HQ", trainers: ["t"],
                    roles: [try RegisterCode("NOBODY")], attendance: Attendance(total: 1, women: 0)))
        }
        #expect(try await qms.status("iso-9001-2015:7.2") == .missing)
        let evaluated = try await qms.training.evaluate(
            event.id, method: "Pre- and post-tests", result: .effective, note: nil)
        #expect(evaluated.evidence != nil)
        #expect(try await qms.status("iso-9001-2015:7.2") == .satisfied)
        #expect(try await qms.training.person("amal haddad").notYetCovered.isEmpty)
        #expect(try await qms.training.totals()?.women == 18)

        try await qms.kpis.add(
            KPIDraft(
                code: try RegisterCode("KPI-07"), title: "Positive media reports", unit: "%",
                category: .stakeholderPerception,
                target: try DecimalValue(parsing: "60"), owner: "Media monitoring unit", everyMonths: 1))
        #expect(try await qms.status("iso-9001-2015:9.1.2") == .missing)
        try await qms.kpis.measure(
            try RegisterCode("KPI-07"), value: try DecimalValue(parsing: "52"), on: qms.today.adding(days: -30))
        let kpi = try await qms.kpis.measure(try RegisterCode("KPI-07"), value: try DecimalValue(parsing: "58.5"))
        #expect(kpi.trend == .improving)
        #expect(try await qms.status("iso-9001-2015:9.1.2") == .satisfied)
        #expect(try await qms.on(40).status("iso-9001-2015:9.1.2") == .partial, "a measurement is late")
        await #expect(throws: DomainError.self) {
            try await qms.kpis.measure(
                try RegisterCode("KPI-07"), value: try DecimalValue(parsing: "1"), on: qms.today.adding(days: 1))
        }

        let summary = try await qms.registers.summary()
        #expect(summary.first { $0.register == "training" }?.evidence == 1)
        #expect(summary.first { $0.register == "providers" }?.evidence == 0)
        let report = try await qms.integrity.verify()
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(!report.unchecked.contains { RegisterEntity.kinds.contains($0) })
        #expect(report.records["training events"] == 1)
    }

    @Test("every register exports to CSV, with formulas defused")
    func csvExports() async throws {
        let folder = try TemporaryFolder()
        let qms = try await openQMS(folder)
        try await qms.documents.add(
            DocumentDraft(code: try RegisterCode("F-01"), title: "=HYPERLINK(\"http://x\")", kind: .form, owner: "+Ops")
        )
        try await qms.risks.add(
            RiskDraft(
                title: "-1 ballots", owner: "@logistics", inherent: try RiskRating(likelihood: 2, impact: 2),
                identifiedOn: qms.today, reviewOn: qms.today.adding(days: 10)))
        let url = folder.url.appendingPathComponent("documents.csv")
        #expect(try await qms.documents.exportCSV(to: url) == 1)
        let bytes = try Data(contentsOf: url)
        #expect(bytes.prefix(3) == Data([0xEF, 0xBB, 0xBF]), "a byte-order mark for spreadsheets")
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("code,title,kind,owner,status"))
        #expect(text.contains("\"'=HYPERLINK(\"\"http://x\"\")\""))
        #expect(text.contains(",'+Ops,"))
        let risks = folder.url.appendingPathComponent("risks.csv")
        #expect(try await qms.risks.exportCSV(to: risks) == 1)
        let riskText = try String(contentsOf: risks, encoding: .utf8)
        #expect(riskText.contains("'-1 ballots") && riskText.contains("'@logistics"))
        for (name, export) in [
            ("context", qms.risks.exportContextCSV), ("parties", qms.parties.exportCSV),
            ("processes", qms.processes.exportCSV), ("providers", qms.providers.exportCSV),
            ("training", qms.training.exportCSV), ("roles", qms.training.exportRolesCSV), ("kpis", qms.kpis.exportCSV),
        ] as [(String, (URL) async throws -> Int)] {
            let file = folder.url.appendingPathComponent("\(name).csv")
            #expect(try await export(file) == 0, "\(name)")
            #expect(try String(contentsOf: file, encoding: .utf8).hasSuffix("\r\n"), "\(name)")
        }
    }

    @Test("the registers as of a past day are read back from the audit trail")
    func asOf() async throws {
        let folder = try TemporaryFolder()
        let qms = try await openQMS(folder)
        let earlier = qms.on(-30)
        let provider = try await earlier.providers.add(
            ProviderDraft(
                name: "Ink supplier", kind: .supplier, service: "Indelible ink",
                criteria: [EvaluationCriterion(name: "Quality")]))
        try await qms.providers.evaluate(provider.id, scores: [5], note: nil)
        let past = try await qms.registers.all(asOf: qms.today.adding(days: -1))
        #expect(past.providers.map(\.status) == [.proposed])
        #expect(try await qms.registers.all().providers.map(\.status) == [.approved])
        #expect(try await qms.registers.all(asOf: qms.today).providers.map(\.status) == [.approved])
    }
}
