/// Evidence requests: `ER-2026-0001`.
public enum EvidenceRequestIDKind: YearlyIDKind {
    public static let prefix = "ER"
    public static let digits = 4
    public static let noun = "evidence request"
    public static let itemPrefix = "ER"
}

/// An evidence request's identifier: `ER-2026-0001`.
public typealias EvidenceRequestID = YearlyID<EvidenceRequestIDKind>

/// Where an evidence request is in its life.
public enum EvidenceRequestStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Asked, waiting for the owner's answer.
    case open
    /// Answered with evidence, waiting for the auditor's decision.
    case answered
    /// The auditor accepted the answer: done.
    case accepted
    /// The auditor sent the answer back with a comment: the owner answers again.
    case returned
    /// The auditor no longer needs it: done.
    case withdrawn

    /// Whether nothing more is expected of anyone.
    public var isDone: Bool { self == .accepted || self == .withdrawn }

    /// Whether the owner is expected to answer.
    public var awaitsAnswer: Bool { self == .open || self == .returned }
}

/// What an auditor asks for: evidence against a requirement, a sample described in words
/// ("3 of the 12 polling centres of Irbid, ballot reconciliation forms"), or both; who must answer
/// and by when; and what it is part of (an external engagement, an internal audit, or nothing).
public struct EvidenceRequestDraft: Sendable, Hashable, Codable {
    /// The engagement of a certification body the request belongs to, if any.
    public var engagement: EngagementID?
    /// The audit of the programme the request belongs to, if any (an internal auditor's).
    public var audit: AuditID?
    public var requirement: RequirementKey?
    /// The sample asked for, in words.
    public var sample: String?
    /// The username of the person who must answer.
    public var owner: String
    /// The day the answer is due.
    public var due: CalendarDate

    /// Creates a draft; ``validate(today:)`` checks it.
    public init(
        engagement: EngagementID? = nil, audit: AuditID? = nil, requirement: RequirementKey? = nil,
        sample: String? = nil, owner: String, due: CalendarDate
    ) {
        self.engagement = engagement
        self.audit = audit
        self.requirement = requirement
        let sample = sample?.trimmingWhitespace()
        self.sample = sample?.isEmpty == false ? sample : nil
        self.owner = owner.trimmingWhitespace().lowercased()
        self.due = due
    }

    /// Checks the rules every request obeys; each problem names the field at fault.
    public func validate(today: CalendarDate) throws(DomainError) {
        guard requirement != nil || sample != nil else {
            throw .ruleViolated(.evidenceRequestNeedsSubject, fix: .give(["requirement", "sample"]))
        }
        if let sample, sample.count > 2000 {
            throw .invalidValue(field: "sample", value: String(sample.prefix(40)), expected: .atMost(characters: 2000))
        }
        guard !owner.isEmpty else {
            throw .ruleViolated(.evidenceRequestNeedsOwner, fix: .give(["owner"]))
        }
        guard due >= today else {
            throw .ruleViolated(
                .evidenceRequestDueInPast, ["due": "\(due)", "today": "\(today)"],
                fix: .later("due", after: today.adding(days: -1).description))
        }
    }
}

/// One step of a request's history.
public struct EvidenceRequestStep: Sendable, Hashable, Codable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case asked, answered, accepted, returned, withdrawn
    }

    public var kind: Kind
    /// Who did it (a username).
    public var by: String
    public var at: Instant
    /// The answer's note, the return's comment, or the reason for withdrawing.
    public var note: String?
    /// The evidence of an answer.
    public var evidence: [EvidenceID]

    /// Creates a step.
    public init(kind: Kind, by: String, at: Instant, note: String? = nil, evidence: [EvidenceID] = []) {
        self.kind = kind
        self.by = by
        self.at = at
        let note = note?.trimmingWhitespace()
        self.note = note?.isEmpty == false ? note : nil
        self.evidence = evidence
    }
}

/// An evidence request as recorded: its content, status and history. The workflow is
/// open → answered → accepted or returned; a returned request is answered again; the auditor may
/// withdraw it until it is accepted.
public struct EvidenceRequest: Sendable, Hashable, Codable, Identifiable {
    public var id: EvidenceRequestID
    public var content: EvidenceRequestDraft
    public var status: EvidenceRequestStatus
    /// Every step, oldest first; the first is `asked`.
    public var steps: [EvidenceRequestStep]

    /// Creates a record.
    public init(
        id: EvidenceRequestID, content: EvidenceRequestDraft, status: EvidenceRequestStatus,
        steps: [EvidenceRequestStep]
    ) {
        self.id = id
        self.content = content
        self.status = status
        self.steps = steps
    }

    /// A new request, asked by `by` at `at`.
    public static func asked(
        _ id: EvidenceRequestID, _ content: EvidenceRequestDraft, by: String, at: Instant
    ) -> EvidenceRequest {
        EvidenceRequest(
            id: id, content: content, status: .open, steps: [EvidenceRequestStep(kind: .asked, by: by, at: at)])
    }

    /// The auditor who asked.
    public var requestedBy: String { steps.first?.by ?? "" }

    /// The evidence of the latest answer.
    public var answerEvidence: [EvidenceID] {
        steps.last(where: { $0.kind == .answered })?.evidence ?? []
    }

    /// Records the owner's answer: evidence records (at least one) and a note.
    public mutating func answer(
        evidence: [EvidenceID], note: String?, by: String, at: Instant
    ) throws(DomainError) {
        try require(status.awaitsAnswer, step: .answered)
        var seen = Set<EvidenceID>()
        let evidence = evidence.filter { seen.insert($0).inserted }
        guard !evidence.isEmpty else {
            throw .ruleViolated(.evidenceRequestNeedsEvidence, fix: .give(["evidence"]))
        }
        steps.append(EvidenceRequestStep(kind: .answered, by: by, at: at, note: note, evidence: evidence))
        status = .answered
    }

    /// The auditor accepts the answer.
    public mutating func accept(by: String, at: Instant) throws(DomainError) {
        try require(status == .answered, step: .accepted)
        steps.append(EvidenceRequestStep(kind: .accepted, by: by, at: at))
        status = .accepted
    }

    /// The auditor sends the answer back; the comment says what is missing.
    public mutating func sendBack(comment: String, by: String, at: Instant) throws(DomainError) {
        try require(status == .answered, step: .returned)
        let step = EvidenceRequestStep(kind: .returned, by: by, at: at, note: comment)
        guard step.note != nil else {
            throw .ruleViolated(.evidenceRequestReturnNeedsComment, fix: .give(["comment"]))
        }
        steps.append(step)
        status = .returned
    }

    /// The auditor no longer needs the evidence.
    public mutating func withdraw(reason: String?, by: String, at: Instant) throws(DomainError) {
        try require(!status.isDone, step: .withdrawn)
        steps.append(EvidenceRequestStep(kind: .withdrawn, by: by, at: at, note: reason))
        status = .withdrawn
    }

    private func require(_ allowed: Bool, step: EvidenceRequestStep.Kind) throws(DomainError) {
        guard allowed else {
            throw .ruleViolated(
                .evidenceRequestWrongStatus,
                ["request": "\(id)", "status": .term(status), "step": .term(step)], fix: nil)
        }
    }
}

/// Who may do what with a request.
public enum EvidenceRequestRules {
    /// The auditor who asked, or another auditor of the same engagement, decides on the answer
    /// and may withdraw the request.
    public static func checkAuditor(_ user: User, of request: EvidenceRequest, engagement: Engagement?)
        throws(DomainError)
    {
        let username = user.username.lowercased()
        guard username == request.requestedBy.lowercased() || (engagement?.names(username) ?? false) else {
            throw .ruleViolated(
                .evidenceRequestNotRequester, ["request": "\(request.id)", "auditor": "\(request.requestedBy)"],
                fix: .someoneElse)
        }
    }

    /// The owner the request names answers, or a quality manager (or administrator) for them.
    public static func checkAnswerer(_ user: User, of request: EvidenceRequest) throws(DomainError) {
        guard user.username.lowercased() == request.content.owner || user.can(.manageQuality) else {
            throw .ruleViolated(
                .evidenceRequestNotOwner, ["request": "\(request.id)", "owner": "\(request.content.owner)"],
                fix: .someoneElse)
        }
    }

    /// Whether the evidence given in an answer is visible to the engagement's auditors: restricted
    /// evidence the engagement does not grant, or a record outside its scope, is refused, so that
    /// an auditor is never told to accept what they cannot open.
    public static func checkVisible(_ record: EvidenceRecord, to engagement: Engagement) throws(DomainError) {
        if record.content.confidentiality == .restricted, !engagement.content.grantsRestricted {
            throw .ruleViolated(
                .evidenceRequestEvidenceRestricted, ["evidence": "\(record.id)", "engagement": "\(engagement.id)"],
                fix: .give(["evidence"]))
        }
        guard EngagementAccess.covers(engagement.content.scope, .evidence(record.content)) else {
            throw .ruleViolated(
                .evidenceRequestEvidenceOutsideScope, ["evidence": "\(record.id)", "engagement": "\(engagement.id)"],
                fix: .give(["evidence"]))
        }
    }
}

/// Which evidence requests to list.
public struct EvidenceRequestFilter: Sendable, Hashable {
    public var engagement: EngagementID?
    /// The owner who must answer (a username).
    public var owner: String?
    /// The auditor who asked (a username).
    public var requestedBy: String?
    public var status: EvidenceRequestStatus?
    /// Only those awaiting the owner's answer (open or returned).
    public var awaitingAnswer: Bool

    /// Creates a filter; nothing set lists every request.
    public init(
        engagement: EngagementID? = nil, owner: String? = nil, requestedBy: String? = nil,
        status: EvidenceRequestStatus? = nil, awaitingAnswer: Bool = false
    ) {
        self.engagement = engagement
        self.owner = owner
        self.requestedBy = requestedBy
        self.status = status
        self.awaitingAnswer = awaitingAnswer
    }
}
