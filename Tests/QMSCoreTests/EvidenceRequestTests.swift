import QMSCore
import Testing

private func day(_ text: String) throws -> CalendarDate { try CalendarDate(parsing: text) }
private let noon = Instant(secondsSince1970: 1_796_644_800)

private func request(
    engagement: EngagementID? = nil, requirement: String? = "iso-9001-2015:8.5.1", sample: String? = nil
) throws -> EvidenceRequest {
    let draft = EvidenceRequestDraft(
        engagement: engagement, requirement: try requirement.map { try RequirementKey(parsing: $0) }, sample: sample,
        owner: " Omar ", due: try day("2026-12-10"))
    return EvidenceRequest.asked(EvidenceRequestID(year: 2026, number: 1), draft, by: "ext.auditor", at: noon)
}

private func rule(_ error: DomainError) -> Rule? {
    if case .ruleViolated(let rule, _, _) = error { return rule }
    return nil
}

@Suite("Evidence requests: the workflow and who may take each step")
struct EvidenceRequestTests {
    @Test("an identifier reads and prints as ER-YYYY-NNNN")
    func identifier() throws {
        #expect(EvidenceRequestID(year: 2026, number: 1).description == "ER-2026-0001")
        #expect(try EvidenceRequestID(parsing: "er-2026-0042") == EvidenceRequestID(year: 2026, number: 42))
        #expect(throws: DomainError.self) { try EvidenceRequestID(parsing: "EV-2026-0042") }
    }

    @Test("a request names a requirement or a sample, an owner, and a due day not in the past")
    func validation() throws {
        let today = try day("2026-12-07")
        let empty = EvidenceRequestDraft(owner: "omar", due: today)
        let missing = try #require(throws: DomainError.self) { try empty.validate(today: today) }
        #expect(rule(missing) == .evidenceRequestNeedsSubject)
        #expect(missing.field == "requirement")
        let sampleOnly = EvidenceRequestDraft(
            sample: "  3 of the 12 polling centres of Irbid, ballot reconciliation forms ", owner: "omar", due: today)
        try sampleOnly.validate(today: today)
        #expect(sampleOnly.sample == "3 of the 12 polling centres of Irbid, ballot reconciliation forms")
        let late = EvidenceRequestDraft(sample: "minutes", owner: "omar", due: today.adding(days: -1))
        let past = try #require(throws: DomainError.self) { try late.validate(today: today) }
        #expect(rule(past) == .evidenceRequestDueInPast)
        #expect(past.field == "due")
        let nobody = EvidenceRequestDraft(sample: "minutes", owner: " ", due: today)
        #expect(
            rule(try #require(throws: DomainError.self) { try nobody.validate(today: today) })
                == .evidenceRequestNeedsOwner)
    }

    @Test("open → answered → returned → answered → accepted, each step in the history; nothing after acceptance")
    func workflow() throws {
        var asked = try request()
        #expect(asked.status == .open && asked.content.owner == "omar" && asked.requestedBy == "ext.auditor")
        let early = try #require(throws: DomainError.self) { try asked.accept(by: "ext.auditor", at: noon) }
        #expect(rule(early) == .evidenceRequestWrongStatus)
        let none = try #require(throws: DomainError.self) {
            try asked.answer(evidence: [], note: nil, by: "omar", at: noon)
        }
        #expect(rule(none) == .evidenceRequestNeedsEvidence)
        let first = EvidenceID(year: 2026, number: 42)
        try asked.answer(evidence: [first, first], note: "the forms of Irbid 1, 4 and 9", by: "omar", at: noon)
        #expect(asked.status == .answered && asked.answerEvidence == [first], "a record given twice counts once")
        let silent = try #require(throws: DomainError.self) {
            try asked.sendBack(comment: "  ", by: "ext.auditor", at: noon)
        }
        #expect(rule(silent) == .evidenceRequestReturnNeedsComment)
        #expect(asked.status == .answered, "a refused step changes nothing")
        try asked.sendBack(comment: "Irbid 9's form is unsigned", by: "ext.auditor", at: noon)
        #expect(asked.status == .returned)
        let second = EvidenceID(year: 2026, number: 43)
        try asked.answer(evidence: [second], note: nil, by: "omar", at: noon)
        try asked.accept(by: "ext.auditor", at: noon)
        #expect(asked.status == .accepted && asked.status.isDone)
        #expect(asked.steps.map(\.kind) == [.asked, .answered, .returned, .answered, .accepted])
        #expect(asked.steps[2].note == "Irbid 9's form is unsigned")
        #expect(asked.answerEvidence == [second])
        #expect(throws: DomainError.self) { try asked.withdraw(reason: nil, by: "ext.auditor", at: noon) }
        #expect(throws: DomainError.self) { try asked.answer(evidence: [first], note: nil, by: "omar", at: noon) }
    }

    @Test("the auditor may withdraw until the answer is accepted; a withdrawn request is done")
    func withdrawal() throws {
        var asked = try request(requirement: nil, sample: "training records of polling staff")
        try asked.withdraw(reason: "seen on site", by: "ext.auditor", at: noon)
        #expect(asked.status == .withdrawn && asked.status.isDone && asked.steps.last?.note == "seen on site")
        #expect(throws: DomainError.self) { try asked.withdraw(reason: nil, by: "ext.auditor", at: noon) }
    }

    @Test("only the requester or an auditor of the engagement decides; only the owner or a quality manager answers")
    func whoMay() throws {
        let engagementID = EngagementID(year: 2026, number: 1)
        let asked = try request(engagement: engagementID)
        let engagement = Engagement(
            id: engagementID,
            content: EngagementDraft(
                certificationBody: "Bureau Veritas", auditors: ["ext.auditor", "ext.second"],
                opensOn: try day("2026-12-07"), closesOn: try day("2026-12-11")),
            recordedAt: noon, recordedBy: "amal")
        try EvidenceRequestRules.checkAuditor(
            try User(username: "ext.second", role: .auditor), of: asked, engagement: engagement)
        let stranger = try #require(throws: DomainError.self) {
            try EvidenceRequestRules.checkAuditor(
                try User(username: "auditor", role: .auditor), of: asked, engagement: engagement)
        }
        #expect(rule(stranger) == .evidenceRequestNotRequester)
        try EvidenceRequestRules.checkAnswerer(try User(username: "omar", role: .processOwner), of: asked)
        try EvidenceRequestRules.checkAnswerer(try User(username: "amal", role: .qualityManager), of: asked)
        let other = try #require(throws: DomainError.self) {
            try EvidenceRequestRules.checkAnswerer(try User(username: "hana", role: .processOwner), of: asked)
        }
        #expect(rule(other) == .evidenceRequestNotOwner)
    }

    @Test("an answer within an engagement gives only evidence its auditors can open")
    func visibility() throws {
        let scope = EngagementScope(standards: [try StandardID("iso-9001-2015")], processes: ["EP-04"])
        let engagement = Engagement(
            id: EngagementID(year: 2026, number: 1),
            content: EngagementDraft(
                certificationBody: "Bureau Veritas", auditors: ["ext.auditor"], scope: scope,
                opensOn: try day("2026-12-07"), closesOn: try day("2026-12-11")),
            recordedAt: noon, recordedBy: "amal")
        func record(_ process: String, _ confidentiality: Confidentiality) throws -> EvidenceRecord {
            let draft = EvidenceDraft(
                title: "Reconciliation forms", kind: .record, owner: "omar", process: process,
                effectiveFrom: try day("2026-11-01"), collectedOn: try day("2026-11-02"),
                confidentiality: confidentiality, requirements: [try RequirementKey(parsing: "iso-9001-2015:8.5.1")])
            return EvidenceRecord(
                id: EvidenceID(year: 2026, number: 7), revision: 1, content: draft, files: [], status: .current,
                recordedAt: noon, recordedBy: "omar")
        }
        try EvidenceRequestRules.checkVisible(try record("EP-04", .internal), to: engagement)
        let hidden = try #require(throws: DomainError.self) {
            try EvidenceRequestRules.checkVisible(try record("EP-04", .restricted), to: engagement)
        }
        #expect(rule(hidden) == .evidenceRequestEvidenceRestricted)
        #expect(hidden.field == "evidence")
        let outside = try #require(throws: DomainError.self) {
            try EvidenceRequestRules.checkVisible(try record("EP-06", .internal), to: engagement)
        }
        #expect(rule(outside) == .evidenceRequestEvidenceOutsideScope)
    }

    @Test(
        "a request is due to its owner while it awaits an answer, to the auditor while answered, and to nobody once done"
    )
    func due() throws {
        var asked = try request()
        let open = DueSources.evidenceRequest(asked)
        #expect(open.map(\.kind) == [.evidenceRequest])
        let dueDay = try day("2026-12-10")
        #expect(open.first?.responsible == ["omar"] && open.first?.date == dueDay)
        #expect(open.first?.record.route == "/requests/ER-2026-0001")
        try asked.answer(evidence: [EvidenceID(year: 2026, number: 1)], note: nil, by: "omar", at: noon)
        #expect(DueSources.evidenceRequest(asked).first?.responsible == ["ext.auditor"])
        try asked.accept(by: "ext.auditor", at: noon)
        #expect(DueSources.evidenceRequest(asked).isEmpty)
    }
}
