import QMSCore
import Testing

/// Nonconformities, corrective actions and audits built in code.
private enum Findings {
    static func day(_ text: String) -> CalendarDate {
        // Literal dates in this file are all well formed.
        (try? CalendarDate(parsing: text)) ?? CalendarDate(daysSinceEpoch: 0)
    }

    /// Noon UTC of a day.
    static func at(_ text: String) -> Instant {
        Instant(millisecondsSince1970: Int64(day(text).daysSinceEpoch) * 86_400_000 + 43_200_000)
    }

    static func key(_ text: String) throws -> RequirementKey { try RequirementKey(parsing: text) }

    static func raised(
        grade: NonconformityGrade = .minor, source: NonconformitySource = .internalAudit,
        on raisedOn: String = "2026-03-02"
    ) throws -> Nonconformity {
        let draft = NonconformityDraft(
            title: "Ballot reconciliation forms not signed", source: source, grade: grade,
            requirements: [try key("iso-54001-2019:8.5.1")], process: "ep-05", raisedBy: "omar",
            raisedOn: day(raisedOn))
        try draft.validate()
        return Nonconformity.raised(
            id: NonconformityID(year: 2026, number: 7), content: draft, by: "omar", at: at(raisedOn))
    }

    static let contain = CorrectiveActionStep(note: "Forms signed by the presiding officers")
    static let analyse = CorrectiveActionStep(method: "5 whys", causes: ["No checklist", "No checklist", " "])
    static let plan = CorrectiveActionStep(actions: [
        ActionDraft(text: "Add a signature checklist", owner: "salma", due: day("2026-04-15")),
        ActionDraft(text: "Train presiding officers", owner: "omar", due: day("2026-05-31")),
    ])
    static let implement = CorrectiveActionStep(
        note: "Checklist issued", evidence: [EvidenceID(year: 2026, number: 12)])
    static let effective = CorrectiveActionStep(result: .effective)
    static let ineffective = CorrectiveActionStep(note: "Unsigned forms again in Zarqa", result: .ineffective)
    static let close = CorrectiveActionStep(updateRisks: true, changeQMS: false)
}

@Suite("Corrective actions and nonconformities")
struct FindingsTests {
    @Test("a corrective action walks reported → contained → analysed → planned → implemented → verified → closed")
    func fullWalk() throws {
        var nc = try Findings.raised()
        #expect(nc.state == .reported)
        #expect(nc.isOpen)
        #expect(nc.content.process == "EP-05")
        try nc.advance(to: .contained, with: Findings.contain, by: "omar", at: Findings.at("2026-03-03"))
        try nc.advance(to: .analysed, with: Findings.analyse, by: "omar", at: Findings.at("2026-03-05"))
        #expect(nc.correctiveAction.currentAnalysis?.causes == ["No checklist"])
        try nc.advance(to: .planned, with: Findings.plan, by: "omar", at: Findings.at("2026-03-06"))
        #expect(nc.correctiveAction.actions.map(\.id.description) == ["CA-2026-007-1", "CA-2026-007-2"])
        try nc.advance(to: .implemented, with: Findings.implement, by: "salma", at: Findings.at("2026-04-10"))
        #expect(nc.correctiveAction.actions.allSatisfy { $0.implementedOn == Findings.day("2026-04-10") })
        try nc.advance(to: .verified, with: Findings.effective, by: "amal", at: Findings.at("2026-06-01"))
        #expect(nc.correctiveAction.effectiveVerification?.by == "amal")
        #expect(nc.isOpen, "a verified nonconformity stays open until it is closed")
        try nc.advance(to: .closed, with: Findings.close, by: "amal", at: Findings.at("2026-06-02"))
        #expect(nc.state == .closed)
        #expect(!nc.isOpen)
        #expect(nc.openFindings.isEmpty)
        #expect(nc.correctiveAction.closures.first?.updateRisks == true)
        #expect(nc.correctiveAction.closures.first?.changeQMS == false)
        let history = nc.correctiveAction.history
        #expect(history.map(\.to) == [.reported, .contained, .analysed, .planned, .implemented, .verified, .closed])
        #expect(history.map(\.kind) == [.raise] + Array(repeating: .advance, count: 6))
        #expect(history.map(\.actor) == ["omar", "omar", "omar", "omar", "salma", "amal", "amal"])
        #expect(nc.allowedNextStates.isEmpty)
    }

    @Test("an illegal step is a typed error that names the steps allowed next")
    func illegalTransitions() throws {
        var nc = try Findings.raised()
        let before = nc
        #expect(
            throws: CorrectiveActionError.illegalTransition(
                nonconformity: nc.id, from: .reported, to: .implemented, allowed: [.contained])
        ) {
            try nc.advance(to: .implemented, with: Findings.implement, by: "omar", at: Findings.at("2026-03-03"))
        }
        #expect(nc == before, "a refused step changes nothing")
        do {
            try nc.advance(to: .closed, with: Findings.close, by: "omar", at: Findings.at("2026-03-03"))
            Issue.record("closing a reported minor nonconformity must be refused")
        } catch let error as CorrectiveActionError {
            #expect(error.allowedNextStates == [.contained])
            // The wording is the catalogues' (ErrorLanguageTests); the error carries what it names.
            #expect(error.messageCode == "correctiveAction.illegal-transition")
            #expect(
                error.arguments == [
                    "id": "NC-2026-007", "from": .term(CorrectiveActionState.reported),
                    "to": .term(CorrectiveActionState.closed),
                ])
            #expect(error.fix == .advice(.nextStep("contained")))
        }
        try nc.advance(to: .contained, with: Findings.contain, by: "omar", at: Findings.at("2026-03-03"))
        try nc.advance(to: .analysed, with: Findings.analyse, by: "omar", at: Findings.at("2026-03-04"))
        do {
            try nc.advance(to: .verified, with: Findings.effective, by: "amal", at: Findings.at("2026-03-05"))
            Issue.record("verifying an action never planned must be refused")
        } catch let error as CorrectiveActionError {
            #expect(error.allowedNextStates == [.analysed, .planned])
            #expect(error.fix == .advice(.nextSteps(["analysed", "planned"])))
        }
        #expect(throws: CorrectiveActionError.self) {
            try nc.advance(to: .reported, with: CorrectiveActionStep(), by: "omar", at: Findings.at("2026-03-05"))
        }
        #expect(
            throws: CorrectiveActionError.cannotReopen(
                nonconformity: nc.id, state: .analysed, allowed: [.analysed, .planned])
        ) {
            try nc.reopen(reason: "Recurred", by: "amal", at: Findings.at("2026-03-05"))
        }
    }

    @Test("each step needs its own fields: the correction, the causes, actions with owner and due date, the result")
    func missingFields() throws {
        var nc = try Findings.raised()
        #expect(
            throws: CorrectiveActionError.missingField(
                step: "contained", field: .correctionTaken, inputs: ["note"])
        ) {
            try nc.advance(
                to: .contained, with: CorrectiveActionStep(note: "  "), by: "omar", at: Findings.at("2026-03-03"))
        }
        try nc.advance(to: .contained, with: Findings.contain, by: "omar", at: Findings.at("2026-03-03"))
        #expect(throws: CorrectiveActionError.self) {
            try nc.advance(
                to: .analysed, with: CorrectiveActionStep(method: "fishbone"), by: "omar", at: Findings.at("2026-03-04")
            )
        }
        try nc.advance(to: .analysed, with: Findings.analyse, by: "omar", at: Findings.at("2026-03-04"))
        #expect(throws: CorrectiveActionError.self) {
            try nc.advance(to: .planned, with: CorrectiveActionStep(), by: "omar", at: Findings.at("2026-03-05"))
        }
        let early = CorrectiveActionStep(actions: [
            ActionDraft(text: "Retrain", owner: "omar", due: Findings.day("2026-01-01"))
        ])
        #expect(throws: DomainError.self, "an action cannot be due before the nonconformity was raised") {
            try nc.advance(to: .planned, with: early, by: "omar", at: Findings.at("2026-03-05"))
        }
        try nc.advance(to: .planned, with: Findings.plan, by: "omar", at: Findings.at("2026-03-05"))
        #expect(throws: CorrectiveActionError.self) {
            try nc.advance(to: .implemented, with: CorrectiveActionStep(), by: "salma", at: Findings.at("2026-03-06"))
        }
        try nc.advance(to: .implemented, with: Findings.implement, by: "salma", at: Findings.at("2026-03-06"))
        #expect(throws: CorrectiveActionError.self) {
            try nc.advance(to: .verified, with: CorrectiveActionStep(), by: "amal", at: Findings.at("2026-03-07"))
        }
        try nc.advance(to: .verified, with: Findings.effective, by: "amal", at: Findings.at("2026-03-07"))
        #expect(throws: CorrectiveActionError.self, "closing needs both decisions") {
            try nc.advance(
                to: .closed, with: CorrectiveActionStep(updateRisks: false), by: "amal", at: Findings.at("2026-03-08"))
        }
    }

    @Test("effectiveness is verified by someone other than the implementer")
    func verifierIsNotImplementer() throws {
        var nc = try Findings.raised()
        try nc.advance(to: .contained, with: Findings.contain, by: "omar", at: Findings.at("2026-03-03"))
        try nc.advance(to: .analysed, with: Findings.analyse, by: "omar", at: Findings.at("2026-03-04"))
        try nc.advance(to: .planned, with: Findings.plan, by: "omar", at: Findings.at("2026-03-05"))
        try nc.advance(to: .implemented, with: Findings.implement, by: "salma", at: Findings.at("2026-03-06"))
        #expect(throws: CorrectiveActionError.verifierIsImplementer(nonconformity: nc.id, actor: "Salma")) {
            try nc.advance(to: .verified, with: Findings.effective, by: "Salma", at: Findings.at("2026-03-07"))
        }
        #expect(nc.state == .implemented)
        try nc.advance(to: .verified, with: Findings.effective, by: "omar", at: Findings.at("2026-03-07"))
        #expect(nc.state == .verified)
    }

    @Test("an ineffective verification sends the action back to root cause, in a new round")
    func ineffective() throws {
        var nc = try Findings.raised()
        try nc.advance(to: .contained, with: Findings.contain, by: "omar", at: Findings.at("2026-03-03"))
        try nc.advance(to: .analysed, with: Findings.analyse, by: "omar", at: Findings.at("2026-03-04"))
        try nc.advance(to: .planned, with: Findings.plan, by: "omar", at: Findings.at("2026-03-05"))
        try nc.advance(to: .implemented, with: Findings.implement, by: "salma", at: Findings.at("2026-03-06"))
        try nc.advance(to: .verified, with: Findings.ineffective, by: "amal", at: Findings.at("2026-04-01"))
        #expect(nc.state == .analysed)
        #expect(nc.correctiveAction.round == 2)
        #expect(nc.correctiveAction.effectiveVerification == nil)
        #expect(nc.allowedNextStates == [.analysed, .planned])
        let step = try #require(nc.correctiveAction.history.last)
        #expect(step.from == .implemented)
        #expect(step.to == .analysed)
        #expect(step.round == 1)
        #expect(step.fields.result == .ineffective)

        let reanalyse = CorrectiveActionStep(causes: ["Checklist not used on polling day"], similar: "Irbid, Zarqa")
        try nc.advance(to: .analysed, with: reanalyse, by: "omar", at: Findings.at("2026-04-02"))
        #expect(nc.correctiveAction.analyses.map(\.round) == [1, 2])
        #expect(nc.correctiveAction.currentAnalysis?.similar == "Irbid, Zarqa")
        let replan = CorrectiveActionStep(actions: [
            ActionDraft(text: "Supervisor signs off each form", owner: "omar", due: Findings.day("2026-05-01"))
        ])
        try nc.advance(to: .planned, with: replan, by: "omar", at: Findings.at("2026-04-03"))
        #expect(nc.correctiveAction.actions.map(\.id.index) == [1, 2, 3])
        #expect(nc.correctiveAction.actions.map(\.round) == [1, 1, 2])
        try nc.advance(
            to: .implemented, with: CorrectiveActionStep(note: "Done"), by: "omar", at: Findings.at("2026-04-20"))
        #expect(throws: CorrectiveActionError.self, "omar implemented round 2 and may not verify it") {
            try nc.advance(to: .verified, with: Findings.effective, by: "omar", at: Findings.at("2026-05-02"))
        }
        try nc.advance(to: .verified, with: Findings.effective, by: "salma", at: Findings.at("2026-05-02"))
        try nc.advance(to: .closed, with: Findings.close, by: "amal", at: Findings.at("2026-05-03"))
        #expect(nc.correctiveAction.verifications.map(\.result) == [.ineffective, .effective])
    }

    @Test("a closed nonconformity is reopened at analysed with the reason, and is open again")
    func reopen() throws {
        var nc = try Findings.raised(grade: .major)
        try nc.advance(to: .contained, with: Findings.contain, by: "omar", at: Findings.at("2026-03-03"))
        try nc.advance(to: .analysed, with: Findings.analyse, by: "omar", at: Findings.at("2026-03-04"))
        try nc.advance(to: .planned, with: Findings.plan, by: "omar", at: Findings.at("2026-03-05"))
        try nc.advance(to: .implemented, with: Findings.implement, by: "salma", at: Findings.at("2026-03-06"))
        try nc.advance(to: .verified, with: Findings.effective, by: "amal", at: Findings.at("2026-03-07"))
        try nc.advance(to: .closed, with: Findings.close, by: "amal", at: Findings.at("2026-03-08"))
        #expect(nc.openFindings.isEmpty)
        #expect(throws: CorrectiveActionError.self) {
            try nc.reopen(reason: " ", by: "amal", at: Findings.at("2026-07-01"))
        }
        try nc.reopen(reason: "Unsigned forms found again", by: "amal", at: Findings.at("2026-07-01"))
        #expect(nc.state == .analysed)
        #expect(nc.correctiveAction.round == 2)
        #expect(nc.openFindings.map(\.weight) == [.major])
        #expect(nc.correctiveAction.history.last?.kind == .reopen)
        #expect(nc.correctiveAction.history.last?.fields.note == "Unsigned forms found again")
    }

    @Test("an observation needs no corrective action and may be closed from reported, with the reason")
    func observationClosedDirectly() throws {
        var nc = try Findings.raised(grade: .observation)
        #expect(nc.allowedNextStates == [.contained, .closed])
        #expect(nc.openFindings.isEmpty, "observations do not weigh on compliance")
        #expect(throws: CorrectiveActionError.self) {
            try nc.advance(to: .closed, with: Findings.close, by: "amal", at: Findings.at("2026-03-03"))
        }
        let close = CorrectiveActionStep(
            note: "Noted for the next training cycle", updateRisks: false, changeQMS: false)
        try nc.advance(to: .closed, with: close, by: "amal", at: Findings.at("2026-03-03"))
        #expect(nc.state == .closed)
        try nc.reopen(reason: "Became a nonconformity", by: "amal", at: Findings.at("2026-04-01"))
        #expect(nc.state == .reported, "without a root cause analysis, a reopened finding starts over")
    }

    @Test("a planned action past its due date and not implemented is overdue; implemented ones are not")
    func overdue() throws {
        var nc = try Findings.raised()
        try nc.advance(to: .contained, with: Findings.contain, by: "omar", at: Findings.at("2026-03-03"))
        try nc.advance(to: .analysed, with: Findings.analyse, by: "omar", at: Findings.at("2026-03-04"))
        try nc.advance(to: .planned, with: Findings.plan, by: "omar", at: Findings.at("2026-03-05"))
        #expect(nc.alerts(on: Findings.day("2026-04-15")).isEmpty, "due today is not overdue")
        let alerts = nc.alerts(on: Findings.day("2026-04-20"))
        #expect(
            alerts == [
                FindingAlert(kind: .overdue, reference: "CA-2026-007-1", date: Findings.day("2026-04-15"), days: -5)
            ])
        #expect(nc.alerts(on: Findings.day("2026-06-01")).map(\.reference) == ["CA-2026-007-1", "CA-2026-007-2"])
        try nc.advance(to: .implemented, with: Findings.implement, by: "salma", at: Findings.at("2026-06-02"))
        #expect(nc.alerts(on: Findings.day("2026-06-03")).isEmpty)
    }

    @Test(
        "a major nonconformity from a certification audit must be verified within six months: warned 30 days before, flagged after"
    )
    func sixMonthLimit() throws {
        let minor = try Findings.raised(grade: .minor, source: .certificationAudit)
        #expect(minor.verificationDeadline == nil)
        let internalMajor = try Findings.raised(grade: .major, source: .internalAudit)
        #expect(internalMajor.verificationDeadline == nil)

        var nc = try Findings.raised(grade: .major, source: .certificationAudit, on: "2026-08-31")
        #expect(
            nc.verificationDeadline == Findings.day("2027-02-28"),
            "six months from 31 August ends on the last day of February")
        #expect(nc.deadline(on: Findings.day("2027-01-28"))?.state == .onTrack)
        #expect(nc.alerts(on: Findings.day("2027-01-28")).isEmpty)
        let warned = try #require(nc.deadline(on: Findings.day("2027-01-29")))
        #expect(warned.state == .approaching)
        #expect(warned.days == 30)
        #expect(nc.alerts(on: Findings.day("2027-01-29")).map(\.kind) == [.deadlineApproaching])
        #expect(nc.deadline(on: Findings.day("2027-02-28"))?.state == .approaching)
        let passed = try #require(nc.deadline(on: Findings.day("2027-03-02")))
        #expect(passed.state == .passed)
        #expect(passed.days == -2)
        #expect(nc.alerts(on: Findings.day("2027-03-02")).map(\.kind) == [.deadlinePassed])

        try nc.advance(to: .contained, with: Findings.contain, by: "omar", at: Findings.at("2026-09-01"))
        try nc.advance(to: .analysed, with: Findings.analyse, by: "omar", at: Findings.at("2026-09-02"))
        let plan = CorrectiveActionStep(actions: [
            ActionDraft(text: "Retrain counting staff", owner: "salma", due: Findings.day("2026-09-30"))
        ])
        try nc.advance(to: .planned, with: plan, by: "omar", at: Findings.at("2026-09-03"))
        try nc.advance(to: .implemented, with: Findings.implement, by: "salma", at: Findings.at("2026-10-01"))
        try nc.advance(to: .verified, with: Findings.effective, by: "amal", at: Findings.at("2027-01-15"))
        let met = try #require(nc.deadline(on: Findings.day("2027-03-02")))
        #expect(met.state == .met)
        #expect(met.verifiedOn == Findings.day("2027-01-15"))
        #expect(nc.alerts(on: Findings.day("2027-03-02")).isEmpty)
    }

    @Test("a major or minor nonconformity must name its requirements; an audit finding has an audit source")
    func draftRules() throws {
        let noRequirement = NonconformityDraft(
            title: "Gap", source: .complaint, grade: .major, requirements: [], raisedBy: "omar",
            raisedOn: Findings.day("2026-03-02"))
        #expect(throws: DomainError.self) { try noRequirement.validate() }
        let ofi = NonconformityDraft(
            title: "Could publish results faster", source: .complaint, grade: .ofi, requirements: [], raisedBy: "omar",
            raisedOn: Findings.day("2026-03-02"))
        try ofi.validate()
        let wrongSource = NonconformityDraft(
            title: "Gap", source: .complaint, grade: .minor, requirements: [try Findings.key("iso-9001-2015:8.5.1")],
            audit: AuditID(year: 2026, number: 1), raisedBy: "omar", raisedOn: Findings.day("2026-03-02"))
        #expect(throws: DomainError.self) { try wrongSource.validate() }
    }

    @Test("identifiers read and print as NC-2026-007, CA-2026-007-1, AUD-2026-01, MR-2026-01-2 and REC-2024-012")
    func identifiers() throws {
        #expect(try NonconformityID(parsing: "nc-2026-007") == NonconformityID(year: 2026, number: 7))
        #expect(NonconformityID(year: 2026, number: 1234).description == "NC-2026-1234")
        #expect(try CorrectiveActionID(parsing: "CA-2026-007-1").parent == NonconformityID(year: 2026, number: 7))
        #expect(try AuditID(parsing: "AUD-2026-01").description == "AUD-2026-01")
        #expect(try ReviewActionID(parsing: "MR-2026-01-2").index == 2)
        #expect(try RecommendationID(parsing: "REC-2024-012").number == 12)
        for bad in ["NC-2026-7", "NC-26-007", "EV-2026-007", "NC-2026-000", "NC-2026-00x", "CA-2026-007"] {
            #expect(throws: DomainError.self, "\(bad)") { try NonconformityID(parsing: bad) }
        }
        #expect(throws: DomainError.self) { try CorrectiveActionID(parsing: "CA-2026-007-0") }
        #expect(NonconformityID(year: 2026, number: 9) < NonconformityID(year: 2026, number: 10))
    }

    @Test("six months later clamps to the month's end; three years less a day makes a certificate's validity")
    func monthArithmetic() {
        #expect(Findings.day("2026-08-31").adding(months: 6) == Findings.day("2027-02-28"))
        #expect(Findings.day("2027-08-31").adding(months: 6) == Findings.day("2028-02-29"))
        #expect(Findings.day("2026-01-15").adding(months: -2) == Findings.day("2025-11-15"))
        #expect(Findings.day("2024-02-29").adding(years: 1) == Findings.day("2025-02-28"))
        let certificate = Certificate(number: "QMS-0042", issuedOn: Findings.day("2026-03-15"))
        #expect(certificate.validUntil == Findings.day("2029-03-14"))
    }
}

@Suite("Audits and the certification cycle")
struct AuditTests {
    func audit(
        _ kind: AuditKind, _ number: Int, start: String, status: AuditStatus, certificate: Certificate? = nil
    ) throws -> Audit {
        let draft = AuditDraft(
            kind: kind, title: "\(kind.rawValue) audit", scope: AuditScope(processes: ["EP-04"]),
            auditors: ["Lead"], certificationBody: kind.isCertification ? "Cert Body" : nil,
            startsOn: Findings.day(start), endsOn: Findings.day(start).adding(days: 2))
        try draft.validate()
        var audit = Audit(
            id: AuditID(year: 2026, number: number), content: draft, status: status == .reported ? .conducted : status,
            recordedAt: Findings.at(start), recordedBy: "amal")
        if status == .reported {
            audit = try audit.reported(
                AuditReport(
                    reportedOn: Findings.day(start).adding(days: 3), summary: "Two minor findings",
                    certificate: certificate, reportedBy: "lead"))
        }
        return audit
    }

    @Test("an audit may observe polling day, which must fall within its dates")
    func observedEvent() throws {
        let scope = AuditScope(
            processes: ["ep-04"], sites: ["Irbid field office"],
            event: ObservedEvent(name: "Polling day", on: Findings.day("2026-09-10")))
        let draft = AuditDraft(
            kind: .internal, title: "Polling-day audit", scope: scope, auditors: ["omar"],
            startsOn: Findings.day("2026-09-09"), endsOn: Findings.day("2026-09-11"))
        try draft.validate()
        #expect(draft.scope.processes == ["EP-04"])
        var outside = draft
        outside.endsOn = Findings.day("2026-09-09")
        #expect(throws: DomainError.self) { try outside.validate() }
        var noScope = draft
        noScope.scope = AuditScope()
        #expect(throws: DomainError.self) { try noScope.validate() }
        let noBody = AuditDraft(
            kind: .stage2, title: "Stage 2", scope: scope, auditors: ["lead"], startsOn: Findings.day("2026-09-09"),
            endsOn: Findings.day("2026-09-11"))
        #expect(throws: DomainError.self, "a certification audit needs its certification body") {
            try noBody.validate()
        }
    }

    @Test("an internal auditor may not audit a process they own")
    func independence() {
        let draft = AuditDraft(
            kind: .internal, title: "Counting", scope: AuditScope(processes: ["EP-05"]), auditors: ["omar", "salma"],
            startsOn: Findings.day("2026-03-01"), endsOn: Findings.day("2026-03-01"))
        let conflicts = draft.independenceConflicts(owners: ["omar": ["EP-05"], "salma": ["EP-01"]])
        #expect(conflicts.map(\.auditor) == ["omar"])
    }

    @Test("after stage 2, surveillance 1 is due within 12 months, surveillance 2 within 24, then recertification")
    func certificationCycle() throws {
        #expect(CertificationCycle.next(after: []).kind == .stage1)
        let stage1 = try audit(.stage1, 1, start: "2026-01-10", status: .reported)
        #expect(CertificationCycle.next(after: [stage1]).kind == .stage2)
        let certificate = Certificate(number: "EMB-QMS-001", issuedOn: Findings.day("2026-04-01"))
        let stage2 = try audit(.stage2, 2, start: "2026-03-10", status: .reported, certificate: certificate)
        let first = CertificationCycle.next(after: [stage1, stage2])
        #expect(first.kind == .surveillance1)
        #expect(first.dueBy == Findings.day("2027-04-01"))
        #expect(first.certificate?.validUntil == Findings.day("2029-03-31"))
        let planned = try audit(.surveillance1, 3, start: "2027-03-01", status: .planned)
        #expect(CertificationCycle.next(after: [stage1, stage2, planned]).planned == planned.id)
        let held = try audit(.surveillance1, 3, start: "2027-03-01", status: .reported)
        let second = CertificationCycle.next(after: [stage1, stage2, held])
        #expect(second.kind == .surveillance2)
        #expect(second.dueBy == Findings.day("2028-04-01"))
        let surveillance2 = try audit(.surveillance2, 4, start: "2028-03-01", status: .conducted)
        let third = CertificationCycle.next(after: [stage1, stage2, held, surveillance2])
        #expect(third.kind == .recertification)
        #expect(third.dueBy == Findings.day("2029-03-31"))
    }

    /// The cycle after a certification decision on `issued`, with surveillance 1 held on `held`.
    func cycle(issued: String, surveillance1 held: String?) throws -> NextCertificationAudit {
        let certificate = Certificate(number: "EMB-QMS-002", issuedOn: Findings.day(issued))
        let stage2 = try audit(
            .stage2, 2, start: Findings.day(issued).adding(days: -20).description, status: .reported,
            certificate: certificate)
        let first = try held.map { try audit(.surveillance1, 3, start: $0, status: .reported) }
        return CertificationCycle.next(after: [stage2] + (first.map { [$0] } ?? []))
    }

    // Hand-computed against ISO/IEC 17021-1, 9.6.2.2: the first surveillance no more than twelve
    // months after the decision, and an audit in every calendar year; the second surveillance by
    // the earlier of that year's end and 24 months after the decision.
    @Test("a decision in January: surveillance 1 by the next January; held early, surveillance 2 by that year's end")
    func januaryDecision() throws {
        let first = try cycle(issued: "2026-01-15", surveillance1: nil)
        #expect(first.kind == .surveillance1)
        #expect(first.dueBy == Findings.day("2027-01-15"))
        #expect(first.rule == .twelveMonths)
        // Held on time in January 2027: 2028 needs its audit, and 24 months is earlier.
        let onTime = try cycle(issued: "2026-01-15", surveillance1: "2027-01-10")
        #expect(onTime.kind == .surveillance2)
        #expect(onTime.dueBy == Findings.day("2028-01-15"))
        #expect(onTime.rule == .twentyFourMonths)
        // Held early, in November 2026: 2027 must have an audit, so 24 months (January 2028) is too late.
        let early = try cycle(issued: "2026-01-15", surveillance1: "2026-11-20")
        #expect(early.dueBy == Findings.day("2027-12-31"))
        #expect(early.rule == .calendarYear)
        #expect(early.daysLeft(on: Findings.day("2027-12-01")) == 30)
        #expect(early.daysLeft(on: Findings.day("2028-01-02")) == -2)
    }

    @Test("a decision in December: surveillance 1 by the next December, surveillance 2 within 24 months")
    func decemberDecision() throws {
        let first = try cycle(issued: "2026-12-10", surveillance1: nil)
        #expect(first.dueBy == Findings.day("2027-12-10"))
        #expect(first.rule == .twelveMonths)
        // Held in February 2027 or in December 2027, 2028 ends after 10 December 2028.
        for held in ["2027-02-01", "2027-12-01"] {
            let second = try cycle(issued: "2026-12-10", surveillance1: held)
            #expect(second.dueBy == Findings.day("2028-12-10"), "surveillance 1 held on \(held)")
            #expect(second.rule == .twentyFourMonths)
        }
        let certificate = Certificate(number: "EMB-QMS-003", issuedOn: Findings.day("2026-12-10"))
        let stage2 = try audit(.stage2, 2, start: "2026-11-20", status: .reported, certificate: certificate)
        let s1 = try audit(.surveillance1, 3, start: "2027-02-01", status: .reported)
        // Surveillance 2 held early in 2027 too: 2028 still needs an audit before expiry in December 2029.
        let early2 = try audit(.surveillance2, 4, start: "2027-11-01", status: .reported)
        let recertification = CertificationCycle.next(after: [stage2, s1, early2])
        #expect(recertification.kind == .recertification)
        #expect(recertification.dueBy == Findings.day("2028-12-31"))
        #expect(recertification.rule == .calendarYear)
        let late2 = try audit(.surveillance2, 4, start: "2028-11-01", status: .reported)
        let onTime = CertificationCycle.next(after: [stage2, s1, late2])
        #expect(onTime.dueBy == Findings.day("2029-12-09"))
        #expect(onTime.rule == .expiry)
    }

    @Test("an open major nonconformity of a certification audit blocks the cycle until its correction is verified")
    func blockedByMajor() throws {
        let certificate = Certificate(number: "EMB-QMS-004", issuedOn: Findings.day("2026-04-01"))
        let stage2 = try audit(.stage2, 2, start: "2026-03-10", status: .reported, certificate: certificate)
        var major = try Findings.raised(grade: .major, source: .certificationAudit, on: "2026-03-12")
        let minor = try Findings.raised(grade: .minor, source: .certificationAudit)
        let internalMajor = try Findings.raised(grade: .major, source: .internalAudit)
        let blocked = CertificationCycle.next(after: [stage2], nonconformities: [major, minor, internalMajor])
        #expect(blocked.blockedBy == [major.id])
        #expect(blocked.isBlocked)
        try major.advance(to: .contained, with: Findings.contain, by: "omar", at: Findings.at("2026-03-13"))
        try major.advance(to: .analysed, with: Findings.analyse, by: "omar", at: Findings.at("2026-03-14"))
        try major.advance(to: .planned, with: Findings.plan, by: "omar", at: Findings.at("2026-03-15"))
        try major.advance(to: .implemented, with: Findings.implement, by: "salma", at: Findings.at("2026-04-10"))
        #expect(
            CertificationCycle.next(after: [stage2], nonconformities: [major]).isBlocked, "implemented, not verified")
        try major.advance(to: .verified, with: Findings.effective, by: "amal", at: Findings.at("2026-06-01"))
        #expect(!CertificationCycle.next(after: [stage2], nonconformities: [major]).isBlocked)
    }

    @Test("only stage 2 and recertification reports carry a certificate, and a report is recorded once")
    func reports() throws {
        let internalAudit = try audit(.internal, 1, start: "2026-03-01", status: .planned)
        let certificate = Certificate(number: "X-1", issuedOn: Findings.day("2026-03-05"))
        #expect(throws: DomainError.self) {
            try internalAudit.reported(
                AuditReport(
                    reportedOn: Findings.day("2026-03-05"), summary: "All good", certificate: certificate,
                    reportedBy: "omar"))
        }
        #expect(throws: DomainError.self, "a report cannot precede the audit") {
            try internalAudit.reported(
                AuditReport(reportedOn: Findings.day("2026-02-01"), summary: "Early", reportedBy: "omar"))
        }
        let reported = try internalAudit.reported(
            AuditReport(reportedOn: Findings.day("2026-03-05"), summary: "Two findings", reportedBy: "omar"))
        #expect(reported.status == .reported)
        #expect(throws: DomainError.self) {
            try reported.reported(
                AuditReport(reportedOn: Findings.day("2026-03-06"), summary: "Again", reportedBy: "omar"))
        }
    }
}

@Suite("Management reviews and observer recommendations")
struct ReviewAndRecommendationTests {
    @Test("a management review lists the 9.3.2 inputs it missed and flags its overdue actions until done")
    func review() throws {
        let draft = ManagementReviewDraft(
            title: "Management review H1 2026", heldOn: Findings.day("2026-06-30"), attendees: ["Chair", "QM"],
            inputs: [.auditResults, .nonconformities, .auditResults],
            decisions: [ReviewDecision(kind: .qmsChange, text: "Add a polling-day checklist")])
        #expect(draft.inputs == [.auditResults, .nonconformities])
        #expect(draft.missingInputs.count == ReviewInput.allCases.count - 2)
        let review = try ManagementReview.held(
            id: ManagementReviewID(year: 2026, number: 1), content: draft,
            actions: [ActionDraft(text: "Revise training", owner: "salma", due: Findings.day("2026-09-30"))],
            by: "amal", at: Findings.at("2026-06-30"))
        #expect(review.actions.map(\.id.description) == ["MR-2026-01-1"])
        #expect(review.alerts(on: Findings.day("2026-10-01")).map(\.reference) == ["MR-2026-01-1"])
        let done = try review.completing(
            ReviewActionID(parent: review.id, index: 1), note: "Plan revised", by: "salma",
            on: Findings.day("2026-10-02"))
        #expect(done.alerts(on: Findings.day("2026-10-03")).isEmpty)
        #expect(throws: DomainError.self) {
            try done.completing(
                ReviewActionID(parent: review.id, index: 1), note: nil, by: "salma", on: Findings.day("2026-10-03"))
        }
        #expect(throws: DomainError.self) {
            try review.completing(
                ReviewActionID(parent: review.id, index: 2), note: nil, by: "salma", on: Findings.day("2026-10-03"))
        }
        var empty = draft
        empty.inputs = []
        #expect(throws: DomainError.self) { try empty.validate() }
    }

    @Test("a recommendation is implemented only with evidence linked, and not accepted only with a reason")
    func recommendation() throws {
        let draft = RecommendationDraft(
            mission: "EU EOM Jordan 2024", year: 2024, reference: "12",
            text: "Publish polling-station results within 24 hours", priority: .high, addressee: .emb)
        try draft.validate()
        let recommendation = ObserverRecommendation(
            id: RecommendationID(year: 2024, number: 1), content: draft, recordedAt: Findings.at("2026-01-10"),
            recordedBy: "amal")
        #expect(recommendation.status == .notStarted)
        #expect(throws: DomainError.self) { try recommendation.updating(status: .implemented, note: nil) }
        #expect(throws: DomainError.self) { try recommendation.updating(status: .notAccepted, note: " ") }
        let linked = recommendation.linking([
            try RecommendationLink(kind: .evidence, target: "ev-2026-0003"),
            try RecommendationLink(kind: .activity, target: "1.3.2"),
            try RecommendationLink(kind: .nonconformity, target: "NC-2026-001"),
        ])
        #expect(linked.links.map(\.target) == ["1.3.2", "EV-2026-0003", "NC-2026-001"])
        #expect(linked.linking([try RecommendationLink(kind: .activity, target: "1.3.2")]).links.count == 3)
        #expect(try linked.updating(status: .implemented, note: nil).status == .implemented)
        for (kind, target) in [(RecommendationLinkKind.activity, "1.x"), (.action, "NC-2026-001"), (.evidence, "EV-1")]
        {
            #expect(throws: DomainError.self, "\(target)") { try RecommendationLink(kind: kind, target: target) }
        }
        #expect(try RecommendationLink(kind: .action, target: "mr-2026-01-2").target == "MR-2026-01-2")
    }
}
