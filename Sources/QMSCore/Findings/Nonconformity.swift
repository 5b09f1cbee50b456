/// Where a nonconformity was found.
public enum NonconformitySource: String, Sendable, Hashable, Codable, CaseIterable {
    case internalAudit = "internal-audit"
    case certificationAudit = "certification-audit"
    case complaint
    case processMonitoring = "process-monitoring"
    case managementReview = "management-review"
    /// A recommendation of an election observation mission's final report.
    case observerRecommendation = "observer-recommendation"
    case other
}

/// How serious a finding is.
public enum NonconformityGrade: String, Sendable, Hashable, Codable, CaseIterable {
    /// A requirement is not met at all, or the system fails to deliver: certification is at stake.
    case major
    /// A lapse that does not put the system's results in doubt.
    case minor
    /// Not a nonconformity yet, but may become one.
    case observation
    /// An opportunity for improvement.
    case ofi

    /// How much an open finding of this grade weighs in the compliance matrix; observations and
    /// opportunities for improvement do not weigh.
    public var weight: OpenFinding.Weight? {
        switch self {
        case .major: return .major
        case .minor: return .minor
        case .observation, .ofi: return nil
        }
    }

    /// Whether it is a nonconformity proper, which needs corrective action (ISO 9001 10.2).
    public var needsCorrectiveAction: Bool { weight != nil }
}

/// A nonconformity as raised.
public struct NonconformityDraft: Sendable, Hashable, Codable {
    public var title: String
    public var description: String?
    public var source: NonconformitySource
    public var grade: NonconformityGrade
    /// The requirements not met.
    public var requirements: [RequirementKey]
    /// The QMS process or electoral process (EP-01 … EP-08) concerned.
    public var process: String?
    /// Headquarters, or a named field office or polling centre.
    public var site: String?
    /// Evidence that shows the nonconformity.
    public var evidence: [EvidenceID]
    /// The audit that raised it.
    public var audit: AuditID?
    /// The observer-mission recommendation it answers.
    public var recommendation: RecommendationID?
    public var raisedBy: String
    public var raisedOn: CalendarDate

    /// Creates a draft; ``validate()`` checks it.
    public init(
        title: String, description: String? = nil, source: NonconformitySource, grade: NonconformityGrade,
        requirements: [RequirementKey], process: String? = nil, site: String? = nil, evidence: [EvidenceID] = [],
        audit: AuditID? = nil, recommendation: RecommendationID? = nil, raisedBy: String, raisedOn: CalendarDate
    ) {
        self.title = title.trimmingWhitespace()
        self.description = description.trimmedOrNil
        self.source = source
        self.grade = grade
        var seen = Set<RequirementKey>()
        self.requirements = requirements.filter { seen.insert($0).inserted }
        let process = process.trimmedOrNil
        self.process = process.map { $0.uppercased().hasPrefix("EP-") ? $0.uppercased() : $0 }
        self.site = site.trimmedOrNil
        var seenEvidence = Set<EvidenceID>()
        self.evidence = evidence.filter { seenEvidence.insert($0).inserted }
        self.audit = audit
        self.recommendation = recommendation
        self.raisedBy = raisedBy.trimmingWhitespace()
        self.raisedOn = raisedOn
    }

    /// Checks the rules every nonconformity obeys; each problem names the field at fault.
    public func validate() throws(DomainError) {
        guard !title.isEmpty, title.count <= 300 else {
            throw .invalidValue(field: "title", value: title, expected: .title(maximum: 300))
        }
        guard !raisedBy.isEmpty else {
            throw .invalidValue(field: "raised by", value: raisedBy, expected: .raisedBy)
        }
        if grade.needsCorrectiveAction, requirements.isEmpty {
            throw .ruleViolated(
                .nonconformityNeedsRequirements, ["grade": .term(grade)],
                fix: .give(["requirement"], example: "iso-9001-2015:8.5.1"))
        }
        if let process, process.hasPrefix("EP-") { _ = try ElectoralProcess(code: process) }
        if audit != nil, source != .internalAudit, source != .certificationAudit {
            throw .ruleViolated(
                .auditFindingSource, ["source": .term(source)], fix: .advice(.sourceFromAudit))
        }
        if recommendation != nil, source != .observerRecommendation {
            throw .ruleViolated(
                .recommendationFindingSource, fix: .advice(.sourceFromRecommendation))
        }
    }

    /// Whether the six-month limit for verifying the fix applies: a major nonconformity raised by
    /// a certification audit (ISO/IEC 17021-1 leaves at most six months before suspension).
    public var hasVerificationDeadline: Bool { grade == .major && source == .certificationAudit }
}

/// A nonconformity with its corrective action, as stored.
public struct Nonconformity: Sendable, Hashable, Codable, Identifiable {
    public var id: NonconformityID
    public var content: NonconformityDraft
    /// The corrective action through the steps of ISO 9001 10.2.
    public var correctiveAction: CorrectiveAction
    public var recordedAt: Instant
    public var recordedBy: String

    /// Creates a stored nonconformity.
    public init(
        id: NonconformityID, content: NonconformityDraft, correctiveAction: CorrectiveAction, recordedAt: Instant,
        recordedBy: String
    ) {
        self.id = id
        self.content = content
        self.correctiveAction = correctiveAction
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }

    /// A nonconformity just raised, its corrective action at `reported`.
    public static func raised(id: NonconformityID, content: NonconformityDraft, by actor: String, at instant: Instant)
        -> Nonconformity
    {
        Nonconformity(
            id: id, content: content, correctiveAction: CorrectiveAction(raisedBy: actor, at: instant),
            recordedAt: instant, recordedBy: actor)
    }

    /// The state of its corrective action.
    public var state: CorrectiveActionState { correctiveAction.state }

    /// Whether it is still open (not closed); an open major or minor one holds compliance back.
    public var isOpen: Bool { state != .closed }

    /// The steps it may take next.
    public var allowedNextStates: [CorrectiveActionState] { correctiveAction.allowedNextStates(grade: content.grade) }

    /// Takes the corrective action one step on; see ``CorrectiveAction/advance(to:with:nonconformity:by:at:)``.
    public mutating func advance(
        to target: CorrectiveActionState, with step: CorrectiveActionStep, by actor: String, at instant: Instant
    ) throws {
        // A copy: the corrective action reads the finding's identity while it changes.
        let snapshot = self
        try correctiveAction.advance(to: target, with: step, nonconformity: snapshot, by: actor, at: instant)
    }

    /// Reopens it when its fix proved ineffective after verification or closure.
    public mutating func reopen(reason: String, by actor: String, at instant: Instant) throws(CorrectiveActionError) {
        try correctiveAction.reopen(reason: reason, nonconformity: id, grade: content.grade, by: actor, at: instant)
    }

    /// The findings it feeds the compliance matrix while open: one per requirement, for majors and minors.
    public var openFindings: [OpenFinding] {
        guard isOpen, let weight = content.grade.weight else { return [] }
        return content.requirements.map { OpenFinding(key: $0, weight: weight, reference: id.description) }
    }

    /// The last day the fix may be verified, when the six-month limit applies.
    public var verificationDeadline: CalendarDate? {
        content.hasVerificationDeadline ? content.raisedOn.adding(months: 6) : nil
    }

    /// Where it stands against its verification deadline on `day`, when one applies.
    public func deadline(on day: CalendarDate) -> VerificationDeadline? {
        guard let date = verificationDeadline else { return nil }
        let days = day.days(until: date)
        if let verified = correctiveAction.effectiveVerification {
            return VerificationDeadline(date: date, state: .met, days: days, verifiedOn: verified.on)
        }
        let state: VerificationDeadline.State =
            days < 0 ? .passed : days <= VerificationDeadline.warningDays ? .approaching : .onTrack
        return VerificationDeadline(date: date, state: state, days: days, verifiedOn: nil)
    }

    /// What needs attention on `day`: corrective actions past their due date and not implemented,
    /// and the six-month limit approaching or passed.
    public func alerts(on day: CalendarDate) -> [FindingAlert] {
        var alerts = correctiveAction.overdueActions(on: day).map { action in
            FindingAlert(
                kind: .overdue, reference: action.id.description, date: action.due, days: day.days(until: action.due))
        }
        if let deadline = deadline(on: day) {
            switch deadline.state {
            case .approaching:
                alerts.append(
                    FindingAlert(
                        kind: .deadlineApproaching, reference: id.description, date: deadline.date, days: deadline.days
                    ))
            case .passed:
                alerts.append(
                    FindingAlert(
                        kind: .deadlinePassed, reference: id.description, date: deadline.date, days: deadline.days))
            case .onTrack, .met:
                break
            }
        }
        return alerts
    }
}

/// Where a nonconformity stands against the six-month limit for verifying its fix.
public struct VerificationDeadline: Sendable, Hashable, Codable {
    /// How close the limit may come before a warning: thirty days.
    public static let warningDays = 30

    /// The standing.
    public enum State: String, Sendable, Hashable, Codable {
        /// More than thirty days left.
        case onTrack = "on-track"
        /// Thirty days or fewer left.
        case approaching
        /// The limit has passed without an effective verification.
        case passed
        /// The fix has been verified effective.
        case met
    }

    /// The last day the fix may be verified.
    public var date: CalendarDate
    public var state: State
    /// Days from the as-of day to the limit (negative when past).
    public var days: Int
    /// When the fix was verified effective, if it was.
    public var verifiedOn: CalendarDate?
}

/// Something about a finding that needs attention.
public struct FindingAlert: Sendable, Hashable, Codable {
    /// Why it needs attention.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A planned action is past its due date and not implemented.
        case overdue
        /// The six-month limit for verifying a major nonconformity's fix is thirty days away or less.
        case deadlineApproaching = "deadline-approaching"
        /// The six-month limit has passed without an effective verification.
        case deadlinePassed = "deadline-passed"
    }

    public var kind: Kind
    /// The action (`CA-2026-007-1`, `MR-2026-01-2`) or nonconformity concerned.
    public var reference: String
    /// The due date or limit.
    public var date: CalendarDate
    /// Days from the as-of day to `date` (negative when past).
    public var days: Int

    /// Creates an alert.
    public init(kind: Kind, reference: String, date: CalendarDate, days: Int) {
        self.kind = kind
        self.reference = reference
        self.date = date
        self.days = days
    }
}
