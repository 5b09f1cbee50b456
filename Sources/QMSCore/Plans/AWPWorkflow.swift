/// Where a version of an annual work plan is in its Technical Committee review.
public enum AWPStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Imported, not yet sent to the Technical Committee.
    case draft
    /// Sent to the Technical Committee.
    case submitted
    /// Members of the Technical Committee have begun to comment.
    case underReview = "under-review"
    /// The Technical Committee asked for a revision; the next import makes a new version.
    case revisionRequested = "revision-requested"
    /// Approved by the Technical Committee; it became evidence for ISO 9001 6.2 and 8.1.
    case approved

    /// Whether a new version may be imported while this version is the latest: not while the
    /// Technical Committee is reviewing it.
    public var acceptsNewVersion: Bool { self != .submitted && self != .underReview }
}

/// A step of the review.
public enum AWPStep: String, Sendable, Hashable, Codable, CaseIterable {
    /// The planning unit sends the version to the Technical Committee.
    case submit
    /// A member comments on an activity (the first comment opens the review).
    case comment
    /// The Technical Committee approves the version.
    case approve
    /// The Technical Committee asks for a revision.
    case revise
}

/// What the Technical Committee decided on a version.
public enum AWPDecisionKind: String, Sendable, Hashable, Codable, CaseIterable {
    case approve
    case revise
}

/// The review of an annual work plan version as an explicit state machine:
/// draft → submitted → under review → approved | revision requested.
///
/// A decision may also be taken on a submitted version nobody commented on. Approved and
/// revision-requested versions take no further step: a revision is a new version, imported.
public enum AWPWorkflow {
    /// The steps allowed from a status.
    public static func allowedSteps(from status: AWPStatus) -> [AWPStep] {
        switch status {
        case .draft: return [.submit]
        case .submitted, .underReview: return [.comment, .approve, .revise]
        case .revisionRequested, .approved: return []
        }
    }

    /// The status after `step`, or a typed error naming the steps allowed.
    public static func status(
        after step: AWPStep, from status: AWPStatus, awp: PlanID, version: Int
    ) throws(AWPWorkflowError) -> AWPStatus {
        switch (status, step) {
        case (.draft, .submit): return .submitted
        case (.submitted, .comment), (.underReview, .comment): return .underReview
        case (.submitted, .approve), (.underReview, .approve): return .approved
        case (.submitted, .revise), (.underReview, .revise): return .revisionRequested
        default:
            throw .illegalStep(
                awp: awp, version: version, status: status, step: step, allowed: allowedSteps(from: status))
        }
    }

    /// The step a decision takes.
    public static func step(for decision: AWPDecisionKind) -> AWPStep {
        decision == .approve ? .approve : .revise
    }

    /// Whether `user` may decide on a work plan: Technical Committee members and administrators.
    public static func checkMayDecide(_ user: User?, actor: String) throws(AWPWorkflowError) {
        guard let user else { throw .unknownActor(actor: actor, needed: "decide on the annual work plan") }
        guard user.active, user.role == .tcMember || user.role == .admin else {
            throw .notTechnicalCommittee(actor: actor, role: user.role, active: user.active)
        }
    }

    /// Whether `user` may comment on a work plan: anyone whose role grants `comment-plans`.
    public static func checkMayComment(_ user: User?, actor: String) throws(AWPWorkflowError) {
        guard let user else { throw .unknownActor(actor: actor, needed: "comment on the annual work plan") }
        guard user.can(.commentPlans) else {
            throw .mayNotComment(actor: actor, role: user.role, active: user.active)
        }
    }
}

/// Why a step of the review cannot be taken.
public enum AWPWorkflowError: QMSError, Equatable {
    /// The step is not allowed from the version's status.
    case illegalStep(awp: PlanID, version: Int, status: AWPStatus, step: AWPStep, allowed: [AWPStep])
    /// A new version cannot be imported while the latest is with the Technical Committee.
    case versionUnderReview(awp: PlanID, version: Int, status: AWPStatus)
    /// The actor is not a user of the system.
    case unknownActor(actor: String, needed: String)
    /// The actor is not a Technical Committee member (or an administrator).
    case notTechnicalCommittee(actor: String, role: Role, active: Bool)
    /// The actor's role does not allow commenting.
    case mayNotComment(actor: String, role: Role, active: Bool)

    public var messageCode: String {
        switch self {
        case .notTechnicalCommittee(_, _, false), .mayNotComment(_, _, false): return code + "-inactive"
        default: return code
        }
    }

    public var arguments: [String: ErrorArgument] {
        switch self {
        case .illegalStep(let awp, let version, let status, let step, _):
            return ["awp": "\(awp)", "version": .number(version), "status": .term(status), "step": .term(step)]
        case .versionUnderReview(let awp, let version, let status):
            return ["awp": "\(awp)", "version": .number(version), "status": .term(status)]
        case .unknownActor(let actor, let needed):
            return ["actor": "\(actor)", "needed": .message(code: "awp-need." + needed, arguments: [:])]
        case .notTechnicalCommittee(let actor, let role, _), .mayNotComment(let actor, let role, _):
            return ["actor": "\(actor)", "role": .term(role)]
        }
    }

    public var kind: ErrorKind {
        switch self {
        case .illegalStep, .versionUnderReview: return .conflict
        case .unknownActor, .notTechnicalCommittee, .mayNotComment: return .forbidden
        }
    }

    public var fix: Fix? {
        switch self {
        case .illegalStep(_, _, _, _, let allowed):
            switch allowed.count {
            case 0: return .advice(.versionTakesNoStep)
            default: return .advice(.stepsAllowedNow(allowed.map(\.rawValue)))
            }
        case .versionUnderReview:
            return .run(.decideWorkPlan)
        case .unknownActor:
            return .lookUp(.user)
        case .notTechnicalCommittee:
            return .run(.addUser(role: Role.tcMember.rawValue))
        case .mayNotComment:
            return .advice(.commentRoles)
        }
    }
}

/// One version of an annual work plan as stored: its plan set and where it stands.
public struct AWPVersion: Sendable, Hashable, Codable {
    public var awp: PlanID
    /// 1 for the first import, then one more for each import of the same AWP id.
    public var version: Int
    public var status: AWPStatus
    public var planSet: PlanSet
    /// The file it was imported from, as the user named it, and its SHA-256.
    public var sourceFile: String
    public var sourceSHA256: String
    public var importedAt: Instant
    public var importedBy: String
    /// When it was submitted to the Technical Committee, and by whom.
    public var submittedAt: Instant?
    public var submittedBy: String?

    /// Creates a stored version.
    public init(
        awp: PlanID, version: Int, status: AWPStatus, planSet: PlanSet, sourceFile: String, sourceSHA256: String,
        importedAt: Instant, importedBy: String, submittedAt: Instant? = nil, submittedBy: String? = nil
    ) {
        self.awp = awp
        self.version = version
        self.status = status
        self.planSet = planSet
        self.sourceFile = sourceFile
        self.sourceSHA256 = sourceSHA256
        self.importedAt = importedAt
        self.importedBy = importedBy
        self.submittedAt = submittedAt
        self.submittedBy = submittedBy
    }
}

/// A Technical Committee member's comment on an activity of a version.
public struct AWPComment: Sendable, Hashable, Codable {
    public var awp: PlanID
    public var version: Int
    /// Its number within the version, from 1.
    public var number: Int
    public var activity: ActivityCode
    public var text: String
    public var author: String
    public var at: Instant

    /// Creates a comment.
    public init(
        awp: PlanID, version: Int, number: Int, activity: ActivityCode, text: String, author: String, at: Instant
    ) {
        self.awp = awp
        self.version = version
        self.number = number
        self.activity = activity
        self.text = text
        self.author = author
        self.at = at
    }
}

/// The Technical Committee's decision on a version, with its minutes.
public struct AWPDecision: Sendable, Hashable, Codable {
    public var awp: PlanID
    public var version: Int
    public var decision: AWPDecisionKind
    public var minutes: String
    public var decidedBy: String
    public var at: Instant
    /// The evidence record an approval became (ISO 9001 6.2 and 8.1).
    public var evidence: EvidenceID?

    /// Creates a decision.
    public init(
        awp: PlanID, version: Int, decision: AWPDecisionKind, minutes: String, decidedBy: String, at: Instant,
        evidence: EvidenceID? = nil
    ) {
        self.awp = awp
        self.version = version
        self.decision = decision
        self.minutes = minutes
        self.decidedBy = decidedBy
        self.at = at
        self.evidence = evidence
    }
}

/// What an entry of the expenditure ledger records, in the terms donors report it (IATI's
/// transaction types 3 and 4).
public enum ExpenditureKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Money the commission paid for goods and services itself.
    case expenditure
    /// Money put at another organisation's disposal to spend on the activity: a grant to a civil
    /// society partner, an advance to a regional office. It names its recipient.
    case disbursement
}

/// Money spent on an activity: one entry of the expenditure ledger of a work plan. Expenditure
/// belongs to the AWP, not to a version, so it carries over when the plan is revised.
public struct Expenditure: Sendable, Hashable, Codable {
    public var awp: PlanID
    /// Its number in the AWP's ledger, from 1.
    public var number: Int
    public var activity: ActivityCode
    /// The funding source it is charged to.
    public var source: PlanCode
    /// The account, when the entry names one.
    public var account: PlanCode?
    public var date: CalendarDate
    public var amount: Money
    /// The voucher, invoice or payment reference.
    public var reference: String
    /// Whether the commission spent it or disbursed it to another organisation.
    public var kind: ExpenditureKind
    /// The organisation that received it: required of a disbursement, optional otherwise.
    public var recipient: String?
    public var recordedAt: Instant
    public var recordedBy: String

    /// Creates an entry.
    public init(
        awp: PlanID, number: Int, activity: ActivityCode, source: PlanCode, account: PlanCode? = nil,
        date: CalendarDate, amount: Money, reference: String, kind: ExpenditureKind = .expenditure,
        recipient: String? = nil, recordedAt: Instant, recordedBy: String
    ) {
        self.awp = awp
        self.number = number
        self.activity = activity
        self.source = source
        self.account = account
        self.date = date
        self.amount = amount
        self.reference = reference.trimmingWhitespace()
        self.kind = kind
        self.recipient = recipient?.trimmingWhitespace().nilIfEmpty
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }

    private enum CodingKeys: String, CodingKey {
        case awp, number, activity, source, account, date, amount, reference, kind, recipient, recordedAt, recordedBy
    }

    /// Decodes an entry; one recorded before disbursements were told apart is an expenditure.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            awp: try container.decode(PlanID.self, forKey: .awp),
            number: try container.decode(Int.self, forKey: .number),
            activity: try container.decode(ActivityCode.self, forKey: .activity),
            source: try container.decode(PlanCode.self, forKey: .source),
            account: try container.decodeIfPresent(PlanCode.self, forKey: .account),
            date: try container.decode(CalendarDate.self, forKey: .date),
            amount: try container.decode(Money.self, forKey: .amount),
            reference: try container.decode(String.self, forKey: .reference),
            kind: try container.decodeIfPresent(ExpenditureKind.self, forKey: .kind) ?? .expenditure,
            recipient: try container.decodeIfPresent(String.self, forKey: .recipient),
            recordedAt: try container.decode(Instant.self, forKey: .recordedAt),
            recordedBy: try container.decode(String.self, forKey: .recordedBy))
    }

    /// Encodes an entry. An expenditure leaves its kind out, so that the entries recorded before
    /// kinds existed encode as their trail events recorded them and `eqms verify` still matches.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(awp, forKey: .awp)
        try container.encode(number, forKey: .number)
        try container.encode(activity, forKey: .activity)
        try container.encode(source, forKey: .source)
        try container.encodeIfPresent(account, forKey: .account)
        try container.encode(date, forKey: .date)
        try container.encode(amount, forKey: .amount)
        try container.encode(reference, forKey: .reference)
        if kind != .expenditure { try container.encode(kind, forKey: .kind) }
        try container.encodeIfPresent(recipient, forKey: .recipient)
        try container.encode(recordedAt, forKey: .recordedAt)
        try container.encode(recordedBy, forKey: .recordedBy)
    }
}
