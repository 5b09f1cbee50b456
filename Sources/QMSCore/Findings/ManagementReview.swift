/// The inputs a management review must take into account (ISO 9001 9.3.2), as named on the
/// command line.
public enum ReviewInput: String, Sendable, Hashable, Codable, CaseIterable {
    case previousActions = "previous-actions"
    case issues
    case customerSatisfaction = "customer-satisfaction"
    case objectives
    case processPerformance = "process-performance"
    case nonconformities
    case monitoring
    case auditResults = "audit-results"
    case externalProviders = "external-providers"
    case resources
    case risksOpportunities = "risks-opportunities"
    case improvement

    /// Where ISO 9001 asks for it.
    public var clause: String {
        switch self {
        case .previousActions: return "9.3.2 a)"
        case .issues: return "9.3.2 b)"
        case .customerSatisfaction: return "9.3.2 c) 1)"
        case .objectives: return "9.3.2 c) 2)"
        case .processPerformance: return "9.3.2 c) 3)"
        case .nonconformities: return "9.3.2 c) 4)"
        case .monitoring: return "9.3.2 c) 5)"
        case .auditResults: return "9.3.2 c) 6)"
        case .externalProviders: return "9.3.2 c) 7)"
        case .resources: return "9.3.2 d)"
        case .risksOpportunities: return "9.3.2 e)"
        case .improvement: return "9.3.2 f)"
        }
    }

    /// What the input is, in both languages (in the project's own words).
    public var title: LocalizedText {
        switch self {
        case .previousActions:
            return LocalizedText(en: "Actions from earlier reviews", ar: "الإجراءات الناتجة عن المراجعات السابقة")
        case .issues:
            return LocalizedText(
                en: "Changes in internal and external issues", ar: "التغيرات في القضايا الداخلية والخارجية")
        case .customerSatisfaction:
            return LocalizedText(
                en: "Satisfaction and feedback of voters and other interested parties",
                ar: "رضا الناخبين والأطراف المعنية وملاحظاتهم")
        case .objectives: return LocalizedText(en: "Quality objectives met", ar: "مدى تحقيق أهداف الجودة")
        case .processPerformance:
            return LocalizedText(en: "Process performance and conformity", ar: "أداء العمليات ومطابقتها")
        case .nonconformities:
            return LocalizedText(
                en: "Nonconformities and corrective actions", ar: "حالات عدم المطابقة والإجراءات التصحيحية")
        case .monitoring: return LocalizedText(en: "Monitoring and measurement results", ar: "نتائج الرصد والقياس")
        case .auditResults: return LocalizedText(en: "Audit results", ar: "نتائج التدقيق")
        case .externalProviders:
            return LocalizedText(en: "Performance of external providers", ar: "أداء المزودين الخارجيين")
        case .resources: return LocalizedText(en: "Adequacy of resources", ar: "كفاية الموارد")
        case .risksOpportunities:
            return LocalizedText(
                en: "Effectiveness of actions on risks and opportunities",
                ar: "فاعلية الإجراءات المتعلقة بالمخاطر والفرص")
        case .improvement: return LocalizedText(en: "Opportunities for improvement", ar: "فرص التحسين")
        }
    }
}

/// What kind of output a management review decision is (ISO 9001 9.3.3).
public enum ReviewOutputKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// An opportunity for improvement to pursue.
    case improvement
    /// A change needed to the quality management system.
    case qmsChange = "qms-change"
    /// A resource need.
    case resources
    /// Any other decision.
    case decision
}

/// A decision of a management review.
public struct ReviewDecision: Sendable, Hashable, Codable {
    public var kind: ReviewOutputKind
    public var text: String

    /// Creates a decision.
    public init(kind: ReviewOutputKind, text: String) {
        self.kind = kind
        self.text = text.trimmingWhitespace()
    }
}

/// A management review as held.
public struct ManagementReviewDraft: Sendable, Hashable, Codable {
    public var title: String
    public var heldOn: CalendarDate
    /// Who chaired it (top management).
    public var chair: String?
    public var attendees: [String]
    /// The 9.3.2 inputs it covered.
    public var inputs: [ReviewInput]
    /// Its 9.3.3 outputs.
    public var decisions: [ReviewDecision]
    /// The minutes and other records, as evidence.
    public var minutes: [EvidenceID]

    /// Creates a draft; ``validate()`` checks it.
    public init(
        title: String, heldOn: CalendarDate, chair: String? = nil, attendees: [String], inputs: [ReviewInput],
        decisions: [ReviewDecision] = [], minutes: [EvidenceID] = []
    ) {
        self.title = title.trimmingWhitespace()
        self.heldOn = heldOn
        self.chair = chair.trimmedOrNil
        self.attendees = attendees.trimmedUnique
        var seenInputs = Set<ReviewInput>()
        self.inputs = inputs.filter { seenInputs.insert($0).inserted }
        self.decisions = decisions.filter { !$0.text.isEmpty }
        var seenMinutes = Set<EvidenceID>()
        self.minutes = minutes.filter { seenMinutes.insert($0).inserted }
    }

    /// Checks the rules every management review obeys.
    public func validate() throws(DomainError) {
        guard !title.isEmpty, title.count <= 300 else {
            throw .invalidValue(field: "title", value: title, expected: .title(maximum: 300))
        }
        guard !attendees.isEmpty else {
            throw .ruleViolated(.reviewNeedsAttendees, fix: .give(["attendee"]))
        }
        guard !inputs.isEmpty else {
            throw .ruleViolated(
                .reviewNeedsInputs,
                fix: .give(["input"], example: ReviewInput.allCases.map(\.rawValue).joined(separator: ", ")))
        }
        for decision in decisions where decision.text.count > 2000 {
            throw .invalidValue(field: "decision", value: decision.text, expected: .atMost(characters: 2000))
        }
    }

    /// The 9.3.2 inputs it did not cover.
    public var missingInputs: [ReviewInput] { ReviewInput.allCases.filter { !inputs.contains($0) } }
}

/// An action decided by a management review, tracked to completion.
public struct ReviewAction: Sendable, Hashable, Codable, Identifiable {
    public var id: ReviewActionID
    public var text: String
    public var owner: String
    public var due: CalendarDate
    /// When it was completed, by whom, and how; nil while open.
    public var doneOn: CalendarDate?
    public var doneBy: String?
    public var doneNote: String?

    /// Creates an action.
    public init(
        id: ReviewActionID, text: String, owner: String, due: CalendarDate, doneOn: CalendarDate? = nil,
        doneBy: String? = nil, doneNote: String? = nil
    ) {
        self.id = id
        self.text = text
        self.owner = owner
        self.due = due
        self.doneOn = doneOn
        self.doneBy = doneBy
        self.doneNote = doneNote
    }

    /// Whether it is past its due date on `day` and not done.
    public func isOverdue(on day: CalendarDate) -> Bool { doneOn == nil && due < day }
}

/// A management review with its actions, as stored.
public struct ManagementReview: Sendable, Hashable, Codable, Identifiable {
    public var id: ManagementReviewID
    public var content: ManagementReviewDraft
    public var actions: [ReviewAction]
    public var recordedAt: Instant
    public var recordedBy: String

    /// Creates a stored review.
    public init(
        id: ManagementReviewID, content: ManagementReviewDraft, actions: [ReviewAction], recordedAt: Instant,
        recordedBy: String
    ) {
        self.id = id
        self.content = content
        self.actions = actions
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }

    /// A new review with its actions numbered `MR-YYYY-NN-1`, `-2` …; each action is checked.
    public static func held(
        id: ManagementReviewID, content: ManagementReviewDraft, actions: [ActionDraft], by actor: String,
        at instant: Instant
    ) throws(DomainError) -> ManagementReview {
        try content.validate()
        for action in actions { try action.validate(notBefore: content.heldOn) }
        let numbered = actions.enumerated().map { offset, action in
            ReviewAction(
                id: ReviewActionID(parent: id, index: offset + 1), text: action.text, owner: action.owner,
                due: action.due)
        }
        return ManagementReview(id: id, content: content, actions: numbered, recordedAt: instant, recordedBy: actor)
    }

    /// The review with action `actionID` completed on `day`.
    public func completing(_ actionID: ReviewActionID, note: String?, by actor: String, on day: CalendarDate)
        throws(DomainError) -> ManagementReview
    {
        guard let index = actions.firstIndex(where: { $0.id == actionID }) else {
            throw .notFound(
                kind: .action, id: actionID.description,
                hint: .advice(.reviewHasActions(id: "\(id)", actions: actions.map(\.id.description))))
        }
        guard actions[index].doneOn == nil else {
            throw .ruleViolated(.actionAlreadyDone, ["id": "\(actionID)"], fix: nil)
        }
        var review = self
        review.actions[index].doneOn = day
        review.actions[index].doneBy = actor
        review.actions[index].doneNote = note.trimmedOrNil
        return review
    }

    /// Actions past their due date on `day`, not done.
    public func alerts(on day: CalendarDate) -> [FindingAlert] {
        actions.filter { $0.isOverdue(on: day) }.map { action in
            FindingAlert(
                kind: .overdue, reference: action.id.description, date: action.due, days: day.days(until: action.due))
        }
    }
}
