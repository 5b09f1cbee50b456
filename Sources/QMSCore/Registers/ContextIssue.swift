/// Whether an issue of the context is inside or outside the organisation.
public enum ContextIssueKind: String, Sendable, Hashable, Codable, CaseIterable {
    case `internal`
    case external
}

/// The conclusion ISO 9001 Amendment 1:2024 asks for: whether climate change is a relevant issue.
public enum ClimateDetermination: String, Sendable, Hashable, Codable, CaseIterable {
    case relevant
    case notRelevant = "not-relevant"
}

/// An internal or external issue relevant to the organisation's purpose (ISO 9001 4.1), as determined.
public struct ContextIssueDraft: Sendable, Hashable, Codable {
    public var kind: ContextIssueKind
    public var title: String
    public var description: String?
    /// Political, legal, economic, social, technological, environmental, security …
    public var category: String?
    /// How it bears on the quality management system's intended results.
    public var effect: String?
    /// Set when this entry records the climate-change determination, with its conclusion.
    public var climate: ClimateDetermination?
    public var processes: [String]
    public var requirements: [RequirementKey]
    public var identifiedOn: CalendarDate
    public var reviewOn: CalendarDate?

    /// Creates a draft; ``validate()`` checks it.
    public init(
        kind: ContextIssueKind, title: String, description: String? = nil, category: String? = nil,
        effect: String? = nil, climate: ClimateDetermination? = nil, processes: [String] = [],
        requirements: [RequirementKey] = [], identifiedOn: CalendarDate, reviewOn: CalendarDate? = nil
    ) {
        self.kind = kind
        self.title = title.trimmingWhitespace()
        self.description = description.trimmedOrNil
        self.category = category.trimmedOrNil?.lowercased()
        self.effect = effect.trimmedOrNil
        self.climate = climate
        self.processes = processes.compactMap { ProcessName.normalised($0) }.trimmedUnique
        self.requirements = requirements.uniqueKeys
        self.identifiedOn = identifiedOn
        self.reviewOn = reviewOn
    }

    /// Checks the rules every context issue obeys.
    public func validate() throws(DomainError) {
        try TextCheck.required(title, field: "title")
        try TextCheck.optional(description, field: "description")
        try TextCheck.optional(effect, field: "effect")
        try TextCheck.optional(category, field: "category", maximum: 64)
        for process in processes { try ProcessName.check(process) }
        if climate != nil, description == nil {
            throw .ruleViolated(.climateNeedsReasons, fix: .give(["description"]))
        }
        if let reviewOn, reviewOn <= identifiedOn {
            throw .ruleViolated(
                .reviewAfterIdentified, ["day": "\(identifiedOn)"],
                fix: .later("review", after: identifiedOn.description))
        }
    }
}

/// A context issue with its reviews, as stored.
public struct ContextIssue: Sendable, Hashable, Codable, Identifiable {
    public var id: ContextIssueID
    public var content: ContextIssueDraft
    public var reviews: [RegisterReview]
    public var evidence: EvidenceID?
    public var recordedAt: Instant
    public var recordedBy: String

    /// Creates a stored issue.
    public init(
        id: ContextIssueID, content: ContextIssueDraft, reviews: [RegisterReview] = [], evidence: EvidenceID? = nil,
        recordedAt: Instant, recordedBy: String
    ) {
        self.id = id
        self.content = content
        self.reviews = reviews
        self.evidence = evidence
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }

    /// The issue reviewed on `day`, next due on `next`.
    public func reviewing(next: CalendarDate?, note: String?, by actor: String, on day: CalendarDate)
        throws(DomainError) -> ContextIssue
    {
        if let next, next <= day {
            throw .ruleViolated(
                .nextReviewTooEarly, ["next": "\(next)", "day": "\(day)"], fix: .later("next", after: day.description))
        }
        var issue = self
        issue.reviews.append(RegisterReview(on: day, by: actor, note: note, next: next))
        issue.content.reviewOn = next
        return issue
    }

    /// The review due or overdue on `day`.
    public func alerts(on day: CalendarDate) -> [RegisterAlert] {
        [RegisterAlert.review(id.description, due: content.reviewOn, on: day)].compactMap { $0 }
    }

    /// The evidence the issue is: the context determined (4.1), and the climate-change conclusion
    /// when it records one.
    public var evidenceSpec: RegisterEvidenceSpec {
        let category = content.category.map { " (\($0))" } ?? ""
        var lines = ["\(content.kind.rawValue.sentenceCased) issue\(category)."]
        if let climate = content.climate { lines.append("Climate change determined to be \(climate.rawValue).") }
        if let description = content.description { lines.append(description) }
        if let effect = content.effect { lines.append("Effect on the QMS: \(effect)") }
        let clauses = RegisterClauses.context + (content.climate == nil ? [] : RegisterClauses.climate)
        return RegisterEvidenceSpec(
            title: "\(id) \(content.title)", description: lines.joined(separator: "\n"), owner: recordedBy,
            effectiveFrom: content.identifiedOn, reviewDue: content.reviewOn,
            requirements: content.requirements + RegisterClauses.keys(clauses),
            tags: ["context", content.kind.rawValue] + (content.climate == nil ? [] : ["climate"]))
    }
}
