/// What an external provider is to the organisation (ISO 9001 8.4).
public enum ProviderKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Sells products: ballot paper, indelible ink, kits.
    case supplier
    /// Carries out work under contract: a results management system, voter-registration maintenance.
    case contractor
    case consultant
    case other
}

/// Where a provider stands on the approved-provider list.
public enum ProviderStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Registered, not yet evaluated.
    case proposed
    /// Its latest evaluation reached the threshold.
    case approved
    /// Its latest evaluation fell short of the threshold.
    case notApproved = "not-approved"
    /// Taken off the list, with the reason; a new evaluation may approve it again.
    case suspended
}

/// One criterion providers are evaluated on, with its weight.
public struct EvaluationCriterion: Sendable, Hashable, Codable {
    /// "Delivery on time", "Data protection", "Technical support".
    public var name: String
    /// 1 to 10.
    public var weight: Int

    /// Creates a criterion.
    public init(name: String, weight: Int = 1) {
        self.name = name.trimmingWhitespace()
        self.weight = weight
    }
}

/// An external provider as registered, with the criteria it is evaluated on.
public struct ProviderDraft: Sendable, Hashable, Codable {
    public var name: String
    public var kind: ProviderKind
    /// What it provides.
    public var service: String
    /// The contract or order number.
    public var contract: String?
    public var contact: String?
    public var processes: [String]
    public var requirements: [RequirementKey]
    public var criteria: [EvaluationCriterion]
    /// The weighted score, in percent, an evaluation must reach for approval.
    public var threshold: Int
    /// How many months an evaluation holds before re-evaluation is due.
    public var reevaluationMonths: Int

    /// Creates a draft; ``validate()`` checks it.
    public init(
        name: String, kind: ProviderKind, service: String, contract: String? = nil, contact: String? = nil,
        processes: [String] = [], requirements: [RequirementKey] = [], criteria: [EvaluationCriterion],
        threshold: Int = 70, reevaluationMonths: Int = 12
    ) {
        self.name = name.trimmingWhitespace()
        self.kind = kind
        self.service = service.trimmingWhitespace()
        self.contract = contract.trimmedOrNil
        self.contact = contact.trimmedOrNil
        self.processes = processes.compactMap { ProcessName.normalised($0) }.trimmedUnique
        self.requirements = requirements.uniqueKeys
        self.criteria = criteria
        self.threshold = threshold
        self.reevaluationMonths = reevaluationMonths
    }

    /// Checks the rules every provider obeys.
    public func validate() throws(DomainError) {
        try TextCheck.required(name, field: "name")
        try TextCheck.required(service, field: "service", maximum: 1000)
        try TextCheck.optional(contract, field: "contract", maximum: 100)
        try TextCheck.optional(contact, field: "contact", maximum: 300)
        for process in processes { try ProcessName.check(process) }
        guard !criteria.isEmpty else {
            throw .ruleViolated(.providerNeedsCriteria, fix: .give(["criterion"]))
        }
        var seen = Set<String>()
        for criterion in criteria {
            try TextCheck.required(criterion.name, field: "criterion", maximum: 200)
            guard (1...10).contains(criterion.weight) else {
                throw .invalidValue(
                    field: "weight of \(criterion.name)", value: String(criterion.weight),
                    expected: .between(minimum: 1, maximum: 10))
            }
            guard seen.insert(criterion.name.lowercased()).inserted else {
                throw .alreadyExists(kind: .criterion, id: criterion.name, hint: .advice(.criterionOnce))
            }
        }
        guard (1...100).contains(threshold) else {
            throw .invalidValue(
                field: "threshold", value: String(threshold), expected: .percentage(minimum: 1, maximum: 100))
        }
        guard (1...60).contains(reevaluationMonths) else {
            throw .invalidValue(
                field: "re-evaluation interval", value: String(reevaluationMonths),
                expected: .months(minimum: 1, maximum: 60))
        }
    }
}

/// An evaluation or re-evaluation of a provider against its criteria.
public struct ProviderEvaluation: Sendable, Hashable, Codable {
    /// 1 for the first evaluation.
    public var number: Int
    public var on: CalendarDate
    public var by: String
    /// One score from 1 (poor) to 5 (excellent) per criterion, in the criteria's order.
    public var scores: [Int]
    /// The weighted score in percent: Σ weight × score / Σ weight × 5, rounded half up.
    public var percent: Int
    /// Whether it reached the threshold.
    public var approved: Bool
    /// When the next re-evaluation is due.
    public var nextDue: CalendarDate
    public var note: String?

    /// Creates an evaluation as stored.
    public init(
        number: Int, on: CalendarDate, by: String, scores: [Int], percent: Int, approved: Bool, nextDue: CalendarDate,
        note: String? = nil
    ) {
        self.number = number
        self.on = on
        self.by = by
        self.scores = scores
        self.percent = percent
        self.approved = approved
        self.nextDue = nextDue
        self.note = note.trimmedOrNil
    }

    /// The weighted percentage of `scores` against `criteria`, in integers.
    public static func percent(_ scores: [Int], criteria: [EvaluationCriterion]) -> Int {
        let earned = zip(scores, criteria).reduce(0) { $0 + $1.0 * $1.1.weight }
        let possible = criteria.reduce(0) { $0 + 5 * $1.weight }
        guard possible > 0 else { return 0 }
        return (earned * 200 + possible) / (2 * possible)
    }
}

/// An external provider with its evaluations, as stored.
public struct ExternalProvider: Sendable, Hashable, Codable, Identifiable {
    public var id: ProviderID
    public var content: ProviderDraft
    public var status: ProviderStatus
    /// Why it was suspended.
    public var statusNote: String?
    public var evaluations: [ProviderEvaluation]
    /// The evidence record an approved provider with a current evaluation is.
    public var evidence: EvidenceID?
    public var recordedAt: Instant
    public var recordedBy: String

    /// Creates a stored provider.
    public init(
        id: ProviderID, content: ProviderDraft, status: ProviderStatus = .proposed, statusNote: String? = nil,
        evaluations: [ProviderEvaluation] = [], evidence: EvidenceID? = nil, recordedAt: Instant, recordedBy: String
    ) {
        self.id = id
        self.content = content
        self.status = status
        self.statusNote = statusNote
        self.evaluations = evaluations
        self.evidence = evidence
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }

    /// The latest evaluation.
    public var latestEvaluation: ProviderEvaluation? { evaluations.last }

    /// The provider evaluated (or re-evaluated) on `day`: one score from 1 to 5 per criterion.
    /// Reaching the threshold approves it (again, after a suspension); falling short does not.
    public func evaluating(_ scores: [Int], note: String?, by actor: String, on day: CalendarDate) throws(DomainError)
        -> ExternalProvider
    {
        guard scores.count == content.criteria.count else {
            throw .ruleViolated(
                .scoresDoNotMatchCriteria,
                ["id": "\(id)", "criteria": .number(content.criteria.count), "scores": .number(scores.count)],
                fix: .give(["score"], example: content.criteria.map(\.name).joined(separator: ", ")))
        }
        for (score, criterion) in zip(scores, content.criteria) where !(1...5).contains(score) {
            throw .invalidValue(
                field: "score of \(criterion.name)", value: String(score), expected: .scoreScale)
        }
        if let last = latestEvaluation, day < last.on {
            throw .ruleViolated(.evaluatedLater, ["id": "\(id)", "last": "\(last.on)", "day": "\(day)"], fix: nil)
        }
        let percent = ProviderEvaluation.percent(scores, criteria: content.criteria)
        let approved = percent >= content.threshold
        var provider = self
        provider.evaluations.append(
            ProviderEvaluation(
                number: evaluations.count + 1, on: day, by: actor, scores: scores, percent: percent, approved: approved,
                nextDue: day.adding(months: content.reevaluationMonths), note: note))
        provider.status = approved ? .approved : .notApproved
        provider.statusNote = nil
        return provider
    }

    /// The provider taken off the approved list, with the reason.
    public func suspending(reason: String) throws(DomainError) -> ExternalProvider {
        guard status != .suspended else { throw .ruleViolated(.alreadySuspended, ["id": "\(id)"], fix: nil) }
        guard let reason = reason.trimmingWhitespace().nilIfEmpty else {
            throw .ruleViolated(.suspensionNeedsReason, fix: .give(["reason"]))
        }
        var provider = self
        provider.status = .suspended
        provider.statusNote = reason
        return provider
    }

    /// A re-evaluation past due on `day`, for an approved provider.
    public func alerts(on day: CalendarDate) -> [RegisterAlert] {
        guard status == .approved, let due = latestEvaluation?.nextDue else { return [] }
        let days = day.days(until: due)
        if days < 0 {
            return [RegisterAlert(kind: .evaluationOverdue, reference: id.description, date: due, days: days)]
        }
        if days <= RegisterAlert.warningDays {
            return [RegisterAlert(kind: .reviewDue, reference: id.description, date: due, days: days)]
        }
        return []
    }

    /// The evidence an approved provider with its evaluation is (8.4.1), valid until the
    /// re-evaluation is due; nil when the provider is not approved.
    public var evidenceSpec: RegisterEvidenceSpec? {
        guard status == .approved, let evaluation = latestEvaluation else { return nil }
        let contract = content.contract.map { " (contract \($0))" } ?? ""
        var lines = [
            "\(content.kind.rawValue.sentenceCased) providing: \(content.service)\(contract).",
            "Evaluation \(evaluation.number) on \(evaluation.on) by \(evaluation.by): \(evaluation.percent)% "
                + "against a threshold of \(content.threshold)%; approved.",
        ]
        for (criterion, score) in zip(content.criteria, evaluation.scores) {
            lines.append("\(criterion.name) (weight \(criterion.weight)): \(score)/5")
        }
        lines.append("Re-evaluation due by \(evaluation.nextDue).")
        return RegisterEvidenceSpec(
            title: "\(id) Approved provider: \(content.name)", description: lines.joined(separator: "\n"),
            owner: evaluation.by, process: content.processes.first, effectiveFrom: evaluation.on,
            validUntil: evaluation.nextDue,
            requirements: content.requirements + RegisterClauses.keys(RegisterClauses.providers),
            tags: ["external-provider", content.kind.rawValue])
    }
}
