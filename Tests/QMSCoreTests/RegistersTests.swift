import QMSCore
import Testing

/// Register entries built in code.
private enum Registers {
    static func day(_ text: String) -> CalendarDate {
        // Literal dates in this file are all well formed.
        (try? CalendarDate(parsing: text)) ?? CalendarDate(daysSinceEpoch: 0)
    }

    static func at(_ text: String) -> Instant {
        Instant(millisecondsSince1970: Int64(day(text).daysSinceEpoch) * 86_400_000 + 43_200_000)
    }

    static func key(_ text: String) throws -> RequirementKey { try RequirementKey(parsing: text) }

    static func policy() throws -> ControlledDocument {
        let draft = DocumentDraft(
            code: try RegisterCode("qp-01"), title: "Quality policy", kind: .policy, owner: "Quality unit",
            reviewMonths: 12, distribution: ["All staff", "All staff", " "],
            requirements: [try key("iso-9001-2015:5.2.2")])
        try draft.validate()
        return ControlledDocument.drafted(draft, by: "amal", at: at("2026-01-10"))
    }

    /// The policy written by amal, approved and issued by salma.
    static func issuedPolicy() throws -> ControlledDocument {
        try policy()
            .advancing(to: .inReview, by: "amal", on: day("2026-01-11"))
            .advancing(to: .approved, by: "salma", on: day("2026-01-12"))
            .advancing(to: .issued, by: "salma", on: day("2026-01-15"))
    }

    static func risk() throws -> Risk {
        let draft = RiskDraft(
            title: "Attack on the commission's headquarters", category: "Security", owner: "Head of security",
            process: "ep-04", phase: .electoral, inherent: try RiskRating(likelihood: 4, impact: 5),
            requirements: [try key("iso-54001-2019:7.1.4")], identifiedOn: day("2026-02-01"),
            reviewOn: day("2026-05-01"))
        try draft.validate()
        return Risk.identified(id: RiskID(year: 2026, number: 1), content: draft, by: "amal", at: at("2026-02-01"))
    }
}

@Suite("Controlled documents (ISO 9001 7.5)")
struct ControlledDocumentTests {
    @Test("a version goes draft → in review → approved → issued, with who did what and the next review")
    func issue() throws {
        let document = try Registers.issuedPolicy()
        let version = try #require(document.inForce)
        #expect(document.content.code.description == "QP-01")
        #expect(document.content.distribution == ["All staff"])
        #expect(version.approvedBy == "salma")
        #expect(version.issuedBy == "salma")
        #expect(version.nextReview == Registers.day("2027-01-15"))
        #expect(document.allowedNext == [.obsolete])
    }

    @Test("a document cannot be issued by its author, nor approved by them")
    func authorCannotIssue() throws {
        let inReview = try Registers.policy().advancing(to: .inReview, by: "amal", on: Registers.day("2026-01-11"))
        #expect(throws: RegisterError.authorCannotApprove(document: "QP-01", version: 1, actor: "AMAL")) {
            try inReview.advancing(to: .approved, by: "AMAL", on: Registers.day("2026-01-12"))
        }
        let approved = try inReview.advancing(to: .approved, by: "salma", on: Registers.day("2026-01-12"))
        #expect(throws: RegisterError.authorCannotIssue(document: "QP-01", version: 1, actor: "amal")) {
            try approved.advancing(to: .issued, by: "amal", on: Registers.day("2026-01-13"))
        }
        #expect(try approved.advancing(to: .issued, by: "omar", on: Registers.day("2026-01-13")).inForce != nil)
    }

    @Test("an obsolete document cannot be issued again, nor revised")
    func obsoleteStaysObsolete() throws {
        let issued = try Registers.issuedPolicy()
        #expect(
            throws: RegisterError.missingField(
                step: "obsolete", field: .withdrawalReason, inputs: ["reason"])
        ) {
            try issued.advancing(to: .obsolete, by: "salma", on: Registers.day("2026-06-01"))
        }
        let obsolete = try issued.advancing(
            to: .obsolete, by: "salma", on: Registers.day("2026-06-01"), note: "Replaced by the 2026 manual")
        #expect(obsolete.isObsolete)
        #expect(obsolete.inForce == nil)
        #expect(obsolete.evidenceSpec == nil)
        #expect(throws: RegisterError.obsoleteCannotBeIssued(document: "QP-01")) {
            try obsolete.advancing(to: .issued, by: "omar", on: Registers.day("2026-06-02"))
        }
        #expect(throws: RegisterError.obsoleteCannotBeIssued(document: "QP-01")) {
            try obsolete.revising(changes: "Try again", by: "amal", on: Registers.day("2026-06-02"))
        }
    }

    @Test("issuing the next version marks the one before obsolete and keeps it")
    func supersede() throws {
        let revised = try Registers.issuedPolicy().revising(
            changes: "Adds the climate commitment", by: "omar", on: Registers.day("2026-09-01"))
        #expect(revised.inForce?.number == 1, "the issued version stays in force while the next is drafted")
        #expect(revised.status == .draft)
        #expect(throws: RegisterError.self) {
            try revised.revising(changes: "Another", by: "omar", on: Registers.day("2026-09-02"))
        }
        let issued = try revised.advancing(to: .inReview, by: "omar", on: Registers.day("2026-09-02"))
            .advancing(to: .approved, by: "salma", on: Registers.day("2026-09-03"))
            .advancing(to: .issued, by: "amal", on: Registers.day("2026-09-04"))
        #expect(issued.versions.count == 2)
        #expect(issued.versions[0].status == .obsolete)
        #expect(issued.versions[0].obsoleteReason == "superseded by version 2")
        #expect(issued.inForce?.number == 2)
        #expect(issued.evidenceSpec?.title == "QP-01 v2: Quality policy")
    }

    @Test("a step out of order names the steps allowed; returning to draft needs the reason")
    func illegalStep() throws {
        let draft = try Registers.policy()
        do {
            _ = try draft.advancing(to: .issued, by: "salma", on: Registers.day("2026-01-11"))
            Issue.record("issued a draft")
        } catch {
            #expect(error.allowedFix == .advice(.nextStep("in-review")))
        }
        let inReview = try draft.advancing(to: .inReview, by: "amal", on: Registers.day("2026-01-11"))
        #expect(throws: RegisterError.self) {
            try inReview.advancing(to: .draft, by: "salma", on: Registers.day("2026-01-12"))
        }
        let returned = try inReview.advancing(
            to: .draft, by: "salma", on: Registers.day("2026-01-12"), note: "Name the review interval")
        #expect(returned.latest?.returnedNote == "Name the review interval")
    }

    @Test("an issued document is evidence for its requirements and 7.5, due for review with the version")
    func evidence() throws {
        #expect(try Registers.policy().evidenceSpec == nil, "a draft is not evidence")
        let spec = try #require(try Registers.issuedPolicy().evidenceSpec)
        let keys = Set(spec.requirements.map(\.description))
        #expect(keys.contains("iso-9001-2015:5.2.2"))
        #expect(keys.contains("iso-9001-2015:7.5.2"))
        #expect(keys.contains("iso-54001-2019:7.5.3.2"))
        #expect(spec.reviewDue == Registers.day("2027-01-15"))
        let reviewed = try Registers.issuedPolicy().reviewed(
            by: "amal", on: Registers.day("2026-12-20"), note: "Still right")
        #expect(reviewed.inForce?.nextReview == Registers.day("2027-12-20"))
        #expect(reviewed.alerts(on: Registers.day("2027-12-21")).map(\.kind) == [.reviewOverdue])
        #expect(reviewed.alerts(on: Registers.day("2027-12-01")).map(\.kind) == [.reviewDue])
    }

    @Test("an external document names who issues it")
    func external() throws {
        let draft = DocumentDraft(
            code: try RegisterCode("EXT-LAW-2016"), title: "Election law", kind: .external, owner: "Legal unit")
        #expect(throws: DomainError.self) { try draft.validate() }
    }
}

@Suite("Risks and opportunities (ISO 9001 6.1) and the context (4.1)")
struct RiskTests {
    @Test("a risk's residual score is recomputed after treatment")
    func residual() throws {
        let risk = try Registers.risk()
        #expect(risk.current.score == 20)
        #expect(risk.current.level == .critical)
        #expect(throws: DomainError.self, "no residual before treatment") {
            try risk.assessing(
                try RiskRating(likelihood: 2, impact: 5), stage: .residual, note: nil, by: "amal",
                on: Registers.day("2026-02-02"))
        }
        let planned = try risk.planning(
            [
                ActionDraft(
                    text: "Perimeter wall and guards", owner: "Head of security", due: Registers.day("2026-03-31")),
                ActionDraft(text: "Evacuation drill", owner: "HR", due: Registers.day("2026-04-15")),
            ], treatment: .reduce, on: Registers.day("2026-02-03"))
        #expect(planned.actions.map(\.id.description) == ["RSK-2026-001-1", "RSK-2026-001-2"])
        let first = try planned.completing(
            try RiskActionID(parsing: "RSK-2026-001-1"), note: "Wall built",
            rating: try RiskRating(likelihood: 2, impact: 5), by: "amal", on: Registers.day("2026-03-30"))
        #expect(first.residualScore == 10)
        #expect(first.current.level == .high)
        let second = try first.completing(
            try RiskActionID(parsing: "RSK-2026-001-2"), note: nil, rating: nil, by: "amal",
            on: Registers.day("2026-04-10")
        )
        .assessing(
            try RiskRating(likelihood: 1, impact: 5), stage: .residual, note: "Drill done", by: "amal",
            on: Registers.day("2026-04-11"))
        #expect(second.residualScore == 5)
        #expect(second.content.inherent.score == 20, "the score before treatment stays")
        #expect(second.assessments.map(\.stage) == [.inherent, .residual, .residual])
        #expect(throws: DomainError.self, "the inherent rating is history once treatment began") {
            try second.assessing(
                try RiskRating(likelihood: 3, impact: 3), stage: .inherent, note: nil, by: "amal",
                on: Registers.day("2026-04-12"))
        }
    }

    @Test("overdue treatment actions and reviews are flagged; a risk closes only with its actions done")
    func alertsAndClosing() throws {
        let planned = try Registers.risk().planning(
            [
                ActionDraft(
                    text: "Back-up printer for ballot papers", owner: "Logistics", due: Registers.day("2026-03-01"))
            ],
            treatment: nil, on: Registers.day("2026-02-02"))
        #expect(
            planned.alerts(on: Registers.day("2026-05-02")).map(\.kind) == [.actionOverdue, .reviewOverdue])
        #expect(throws: DomainError.self) {
            try planned.closing(note: "Done", by: "amal", on: Registers.day("2026-05-02"))
        }
        let closed = try planned.completing(
            try RiskActionID(parsing: "RSK-2026-001-1"), note: nil, rating: nil, by: "amal",
            on: Registers.day("2026-03-01")
        )
        .closing(note: "Elections held", by: "amal", on: Registers.day("2026-05-02"))
        #expect(closed.status == .closed)
        #expect(closed.alerts(on: Registers.day("2027-01-01")).isEmpty)
        #expect(closed.evidenceSpec.reviewDue == nil)
    }

    @Test("likelihood and impact run from 1 to 5; treatments fit the kind")
    func validation() throws {
        #expect(throws: DomainError.self) { try RiskRating(likelihood: 6, impact: 1) }
        #expect(throws: DomainError.self) { try RiskRating(likelihood: 1, impact: 0) }
        let draft = RiskDraft(
            kind: .opportunity, title: "Online voter-register check", owner: "ICT",
            inherent: try RiskRating(likelihood: 3, impact: 3), treatment: .avoid,
            identifiedOn: Registers.day("2026-01-01"),
            reviewOn: Registers.day("2026-06-01"))
        #expect(throws: DomainError.self) { try draft.validate() }
        #expect(RiskLevel(score: 4) == .low && RiskLevel(score: 9) == .medium && RiskLevel(score: 16) == .high)
    }

    @Test("an open risk is evidence for 6.1 and its own requirements, due for review on its review date")
    func evidence() throws {
        let spec = try Registers.risk().evidenceSpec
        #expect(spec.reviewDue == Registers.day("2026-05-01"))
        #expect(
            Set(spec.requirements.map(\.description)).isSuperset(of: ["iso-9001-2015:6.1.2", "iso-54001-2019:7.1.4"]))
    }

    @Test("the climate-change determination states its reasons and counts for 4.1-A1")
    func climate() throws {
        let bare = ContextIssueDraft(
            kind: .external, title: "Climate change", climate: .relevant, identifiedOn: Registers.day("2026-01-05"))
        #expect(throws: DomainError.self) { try bare.validate() }
        let draft = ContextIssueDraft(
            kind: .external, title: "Climate change", description: "Floods and heat on polling day in the south",
            climate: .relevant, identifiedOn: Registers.day("2026-01-05"))
        try draft.validate()
        let issue = ContextIssue(
            id: ContextIssueID(year: 2026, number: 1), content: draft, recordedAt: Registers.at("2026-01-05"),
            recordedBy: "amal")
        #expect(issue.evidenceSpec.requirements.map(\.description).contains("iso-9001-2015:4.1-A1"))
        let registers = QualityRegisters(contextIssues: [issue])
        #expect(registers.climateDetermination?.content.climate == .relevant)
    }
}

@Suite("Interested parties, processes, providers, training and KPIs")
struct OtherRegisterTests {
    @Test("an interested party needs needs or expectations and how they are monitored")
    func party() throws {
        let empty = PartyDraft(category: .observers, name: "Observer coalition", needs: [], monitoring: "Meetings")
        #expect(throws: DomainError.self) { try empty.validate() }
        let party = PartyDraft(
            category: .donors, name: "EU delegation", needs: ["Quarterly reports"], monitoring: "Steering committee",
            climate: "Lower paper use")
        try party.validate()
        let entry = InterestedParty(
            id: InterestedPartyID(year: 2026, number: 1), content: party, recordedAt: Registers.at("2026-01-02"),
            recordedBy: "amal")
        let spec = entry.evidenceSpec(on: Registers.day("2026-01-02"))
        #expect(spec.requirements.map(\.description).contains("iso-9001-2015:4.2"))
        #expect(
            spec.description.contains("Lower paper use"), "the climate note of 4.2 is informative: said, not a node")
        #expect(!spec.requirements.map(\.number).contains("4.2-A1"))
    }

    @Test("the process map shows interactions both ways and the electoral processes not yet on it")
    func processMap() throws {
        func process(_ code: String, _ ep: ElectoralProcess?, interacts: [String]) throws -> QMSProcess {
            let draft = ProcessDraft(
                code: try RegisterCode(code), name: "Process \(code)", category: ep == nil ? .support : .electoral,
                owner: "Director", electoralProcess: ep, inputs: ["in"], outputs: ["out"],
                interactions: try interacts.map { try RegisterCode($0) })
            try draft.validate()
            return QMSProcess(content: draft, recordedAt: Registers.at("2026-01-01"), recordedBy: "amal")
        }
        let map = ProcessMap([
            try process("P-04", .voteCasting, interacts: ["P-03", "P-99"]),
            try process("P-03", .electoralLogistics, interacts: []),
            try process("P-10", nil, interacts: ["p-04"]),
        ])
        let logistics = try #require(map.nodes.first { $0.code.description == "P-03" })
        #expect(logistics.interactsWith.map(\.description) == ["P-04"])
        let casting = try #require(map.nodes.first { $0.code.description == "P-04" })
        #expect(casting.interactsWith.map(\.description) == ["P-03", "P-10"])
        #expect(casting.unknown.map(\.description) == ["P-99"])
        #expect(map.missingElectoral.count == 6)
        let wrong = ProcessDraft(
            code: try RegisterCode("P-1"), name: "x", category: .electoral, owner: "o", inputs: ["i"], outputs: ["o"])
        #expect(throws: DomainError.self) { try wrong.validate() }
    }

    @Test("a provider's weighted score decides approval; re-evaluation is due after the interval")
    func provider() throws {
        let draft = ProviderDraft(
            name: "Results systems company", kind: .contractor, service: "Results management system",
            criteria: [
                EvaluationCriterion(name: "Delivery", weight: 3),
                EvaluationCriterion(name: "Data protection", weight: 5),
            ],
            threshold: 70, reevaluationMonths: 12)
        try draft.validate()
        #expect(ProviderEvaluation.percent([4, 3], criteria: draft.criteria) == 68)
        let provider = ExternalProvider(
            id: ProviderID(year: 2026, number: 1), content: draft, recordedAt: Registers.at("2026-01-01"),
            recordedBy: "amal")
        #expect(provider.evidenceSpec == nil)
        let failed = try provider.evaluating([4, 3], note: nil, by: "amal", on: Registers.day("2026-02-01"))
        #expect(failed.status == .notApproved)
        #expect(failed.evidenceSpec == nil)
        let approved = try failed.evaluating(
            [4, 4], note: "Fixed the encryption", by: "amal", on: Registers.day("2026-03-01"))
        #expect(approved.status == .approved)
        #expect(approved.latestEvaluation?.percent == 80)
        #expect(approved.evidenceSpec?.validUntil == Registers.day("2027-03-01"))
        #expect(approved.alerts(on: Registers.day("2027-03-02")).map(\.kind) == [.evaluationOverdue])
        #expect(throws: DomainError.self) {
            try approved.evaluating([4], note: nil, by: "amal", on: Registers.day("2026-04-01"))
        }
        #expect(throws: DomainError.self) {
            try approved.evaluating([4, 6], note: nil, by: "amal", on: Registers.day("2026-04-01"))
        }
        let suspended = try approved.suspending(reason: "Data breach")
        #expect(suspended.status == .suspended && suspended.evidenceSpec == nil)
    }

    @Test("training counts add up, disaggregated by sex and disability, and feed each person's record")
    func training() throws {
        let tot = TrainingDraft(
            title: "Training of trainers", kind: .trainingOfTrainers, startsOn: Registers.day("2018-11-20"),
            endsOn: Registers.day("2018-11-22"), place: "Tripoli", trainers: ["Lead trainer"],
            competences: ["Polling procedures"], attendance: Attendance(total: 64, women: 18, withDisabilities: 1),
            participants: [Participant(name: "Amal Haddad", sex: .female), Participant(name: "amal haddad")])
        try tot.validate()
        #expect(tot.attendance.men == 46)
        #expect(tot.participants.count == 1, "a name is counted once")
        let tooMany = TrainingDraft(
            title: "x", startsOn: Registers.day("2026-01-01"), endsOn: Registers.day("2026-01-01"), place: "HQ",
            trainers: ["t"], attendance: Attendance(total: 10, women: 8, men: 5))
        #expect(throws: DomainError.self) { try tooMany.validate() }
        let event = TrainingEvent(
            id: TrainingID(year: 2018, number: 1), content: tot, recordedAt: Registers.at("2018-11-22"),
            recordedBy: "amal")
        #expect(event.alerts(on: Registers.day("2019-01-01")).map(\.kind) == [.evaluationMissing])
        #expect(throws: DomainError.self) {
            try event.evaluating(
                TrainingEvaluation(on: Registers.day("2018-11-21"), by: "amal", method: "Tests", result: .effective))
        }
        let evaluated = try event.evaluating(
            TrainingEvaluation(
                on: Registers.day("2018-12-15"), by: "amal", method: "Pre- and post-tests", result: .effective))
        #expect(evaluated.evidenceSpec?.requirements.map(\.description).contains("iso-9001-2015:7.2") == true)
        let role = CompetenceRole(
            content: RoleDraft(
                code: try RegisterCode("trainer"), title: "Trainer",
                competences: ["Polling procedures", "Adult learning"],
                holders: ["Amal Haddad"]), recordedAt: Registers.at("2018-11-01"), recordedBy: "amal")
        let record = PersonRecord(name: "AMAL HADDAD", roles: [role], trainings: [evaluated])
        #expect(record.roles.map(\.code.description) == ["TRAINER"])
        #expect(record.trainings.map(\.result) == [.effective])
        #expect(record.notYetCovered == ["Adult learning"])
    }

    @Test("a KPI's trend follows its direction; late measurements are flagged")
    func kpi() throws {
        let draft = KPIDraft(
            code: try RegisterCode("kpi-07"), title: "Complaints about polling stations", unit: "complaints",
            category: .voterPerception, direction: .lower, target: try DecimalValue(parsing: "50"),
            owner: "Complaints unit",
            everyMonths: 3)
        try draft.validate()
        var kpi = MonitoredKPI(content: draft, recordedAt: Registers.at("2026-01-01"), recordedBy: "amal")
        #expect(kpi.evidenceSpec == nil)
        kpi = try kpi.measuring(
            try DecimalValue(parsing: "80"), on: Registers.day("2026-03-31"), period: "2026-Q1", source: nil, note: nil,
            by: "amal")
        kpi = try kpi.measuring(
            try DecimalValue(parsing: "45.5"), on: Registers.day("2026-06-30"), period: "2026-Q2", source: nil,
            note: nil, by: "amal")
        #expect(kpi.trend == .improving)
        #expect(kpi.onTarget == true)
        #expect(kpi.nextDue == Registers.day("2026-09-30"))
        #expect(kpi.alerts(on: Registers.day("2026-10-01")).map(\.kind) == [.measurementOverdue])
        let spec = try #require(kpi.evidenceSpec)
        #expect(spec.requirements.map(\.description).contains("iso-9001-2015:9.1.2"))
        #expect(spec.effectiveFrom == Registers.day("2026-03-31"))
    }
}

extension Error {
    /// The fix of a project error, for tests that read it.
    fileprivate var allowedFix: Fix? { (self as? any QMSError)?.fix }
}
