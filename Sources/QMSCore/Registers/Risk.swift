/// Whether an entry of the register is a threat or a chance (ISO 9001 6.1).
public enum RiskKind: String, Sendable, Hashable, Codable, CaseIterable {
    case risk
    case opportunity
}

/// How bad a score is, on the usual five-by-five matrix.
public enum RiskLevel: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// 1 to 4.
    case low
    /// 5 to 9.
    case medium
    /// 10 to 16.
    case high
    /// 20 and 25.
    case critical

    /// The level of a score from 1 to 25.
    public init(score: Int) {
        switch score {
        case ..<5: self = .low
        case 5..<10: self = .medium
        case 10..<17: self = .high
        default: self = .critical
        }
    }

    public static func < (lhs: RiskLevel, rhs: RiskLevel) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// Likelihood and impact, each from 1 (rare, negligible) to 5 (almost certain, severe).
public struct RiskRating: Sendable, Hashable, Codable {
    public var likelihood: Int
    public var impact: Int

    /// Creates a rating; both values must be from 1 to 5.
    public init(likelihood: Int, impact: Int) throws(DomainError) {
        guard (1...5).contains(likelihood) else {
            throw .invalidValue(
                field: "likelihood", value: String(likelihood), expected: .likelihoodScale)
        }
        guard (1...5).contains(impact) else {
            throw .invalidValue(field: "impact", value: String(impact), expected: .impactScale)
        }
        self.likelihood = likelihood
        self.impact = impact
    }

    /// Likelihood × impact: 1 to 25.
    public var score: Int { likelihood * impact }

    /// The level of the score.
    public var level: RiskLevel { RiskLevel(score: score) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        try self.init(
            likelihood: container.decode(Int.self, forKey: .likelihood),
            impact: container.decode(Int.self, forKey: .impact))
    }

    public func encode(to encoder: any Encoder) throws {
        // The score and level are written too, for scripts; they are recomputed when read.
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(likelihood, forKey: .likelihood)
        try container.encode(impact, forKey: .impact)
        try container.encode(score, forKey: .score)
        try container.encode(level, forKey: .level)
    }

    private enum Keys: String, CodingKey { case likelihood, impact, score, level }
}

/// How a risk is treated, or an opportunity taken up.
public enum RiskTreatment: String, Sendable, Hashable, Codable, CaseIterable {
    case avoid
    case reduce
    case transfer
    /// Retained by an informed decision; no action needed.
    case accept
    /// Opportunities: make sure it happens.
    case exploit
    /// Opportunities: make it more likely or larger.
    case enhance
    /// Opportunities: pursue it with a partner.
    case share
}

/// Whether a rating was made before or after treatment.
public enum RiskStage: String, Sendable, Hashable, Codable, CaseIterable {
    case inherent
    case residual
}

/// One assessment of a risk, kept in its history.
public struct RiskAssessment: Sendable, Hashable, Codable {
    public var stage: RiskStage
    public var rating: RiskRating
    public var by: String
    public var on: CalendarDate
    public var note: String?

    /// Creates an assessment.
    public init(stage: RiskStage, rating: RiskRating, by: String, on: CalendarDate, note: String? = nil) {
        self.stage = stage
        self.rating = rating
        self.by = by
        self.on = on
        self.note = note.trimmedOrNil
    }
}

/// A treatment action, tracked like a corrective action: owner, due date, done or overdue.
public struct TreatmentAction: Sendable, Hashable, Codable, Identifiable {
    public var id: RiskActionID
    public var text: String
    public var owner: String
    public var due: CalendarDate
    public var doneOn: CalendarDate?
    public var doneBy: String?
    public var doneNote: String?

    /// Creates an action.
    public init(
        id: RiskActionID, text: String, owner: String, due: CalendarDate, doneOn: CalendarDate? = nil,
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

/// Whether a risk is still watched.
public enum RiskStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case open
    case closed
}

/// A risk or opportunity as identified and first assessed.
public struct RiskDraft: Sendable, Hashable, Codable {
    public var kind: RiskKind
    public var title: String
    public var description: String?
    /// Security, logistics, technology, legal, political, financial …
    public var category: String?
    public var owner: String
    /// The QMS process or electoral process (EP-01 … EP-08) it bears on.
    public var process: String?
    /// The phase of the electoral cycle it bears on.
    public var phase: ElectoralCyclePhase?
    /// The rating before treatment.
    public var inherent: RiskRating
    public var treatment: RiskTreatment?
    public var requirements: [RequirementKey]
    public var identifiedOn: CalendarDate
    /// When the risk must next be reviewed.
    public var reviewOn: CalendarDate

    /// Creates a draft; ``validate()`` checks it.
    public init(
        kind: RiskKind = .risk, title: String, description: String? = nil, category: String? = nil, owner: String,
        process: String? = nil, phase: ElectoralCyclePhase? = nil, inherent: RiskRating,
        treatment: RiskTreatment? = nil,
        requirements: [RequirementKey] = [], identifiedOn: CalendarDate, reviewOn: CalendarDate
    ) {
        self.kind = kind
        self.title = title.trimmingWhitespace()
        self.description = description.trimmedOrNil
        self.category = category.trimmedOrNil?.lowercased()
        self.owner = owner.trimmingWhitespace()
        self.process = ProcessName.normalised(process)
        self.phase = phase
        self.inherent = inherent
        self.treatment = treatment
        self.requirements = requirements.uniqueKeys
        self.identifiedOn = identifiedOn
        self.reviewOn = reviewOn
    }

    /// Checks the rules every entry obeys.
    public func validate() throws(DomainError) {
        try TextCheck.required(title, field: "title")
        try TextCheck.required(owner, field: "owner", maximum: 200)
        try TextCheck.optional(description, field: "description")
        try TextCheck.optional(category, field: "category", maximum: 64)
        try ProcessName.check(process)
        guard reviewOn > identifiedOn else {
            throw .ruleViolated(
                .riskReviewTooEarly, ["review": "\(reviewOn)", "identified": "\(identifiedOn)"],
                fix: .later("review", after: nil))
        }
        if let treatment {
            let forOpportunities: Set<RiskTreatment> = [.exploit, .enhance, .share, .accept]
            let forRisks: Set<RiskTreatment> = [.avoid, .reduce, .transfer, .accept]
            guard (kind == .risk ? forRisks : forOpportunities).contains(treatment) else {
                throw .invalidValue(
                    field: "treatment", value: treatment.rawValue,
                    expected: kind == .risk ? .riskTreatment : .opportunityTreatment)
            }
        }
    }
}

/// A risk or opportunity with its assessments, treatment and reviews, as stored.
public struct Risk: Sendable, Hashable, Codable, Identifiable {
    public var id: RiskID
    public var content: RiskDraft
    public var status: RiskStatus
    /// The rating after treatment, once assessed.
    public var residual: RiskRating?
    public var actions: [TreatmentAction]
    /// Every assessment, oldest first.
    public var assessments: [RiskAssessment]
    public var reviews: [RegisterReview]
    public var closedOn: CalendarDate?
    public var closedBy: String?
    public var closedNote: String?
    /// The evidence record the kept entry is (see ``evidenceSpec``).
    public var evidence: EvidenceID?
    public var recordedAt: Instant
    public var recordedBy: String

    /// Creates a stored risk.
    public init(
        id: RiskID, content: RiskDraft, status: RiskStatus = .open, residual: RiskRating? = nil,
        actions: [TreatmentAction] = [], assessments: [RiskAssessment] = [], reviews: [RegisterReview] = [],
        closedOn: CalendarDate? = nil, closedBy: String? = nil, closedNote: String? = nil, evidence: EvidenceID? = nil,
        recordedAt: Instant, recordedBy: String
    ) {
        self.id = id
        self.content = content
        self.status = status
        self.residual = residual
        self.actions = actions
        self.assessments = assessments
        self.reviews = reviews
        self.closedOn = closedOn
        self.closedBy = closedBy
        self.closedNote = closedNote
        self.evidence = evidence
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }

    /// A risk just identified, with its inherent assessment as the first of its history.
    public static func identified(id: RiskID, content: RiskDraft, by actor: String, at instant: Instant) -> Risk {
        Risk(
            id: id, content: content,
            assessments: [
                RiskAssessment(stage: .inherent, rating: content.inherent, by: actor, on: content.identifiedOn)
            ],
            recordedAt: instant, recordedBy: actor)
    }

    /// The rating that holds now: after treatment when assessed, before it otherwise.
    public var current: RiskRating { residual ?? content.inherent }

    /// The residual score, once assessed after treatment.
    public var residualScore: Int? { residual?.score }

    /// Whether treatment has begun: an action is done, or the risk is accepted as it is.
    public var treated: Bool { content.treatment == .accept || actions.contains { $0.doneOn != nil } }

    private func open() throws(DomainError) {
        guard status == .open else {
            throw .ruleViolated(.riskClosed, ["id": "\(id)"], fix: .advice(.newRiskIfBack))
        }
    }

    /// The risk with treatment actions planned (and the treatment chosen, when given).
    public func planning(_ drafts: [ActionDraft], treatment: RiskTreatment?, on day: CalendarDate) throws(DomainError)
        -> Risk
    {
        try open()
        var risk = self
        if let treatment {
            risk.content.treatment = treatment
            try risk.content.validate()
        }
        guard !drafts.isEmpty || treatment != nil else {
            throw .ruleViolated(.nothingToPlan, fix: .give(["action", "treatment"]))
        }
        for draft in drafts { try draft.validate(notBefore: min(day, content.identifiedOn)) }
        let next = (actions.map(\.id.index).max() ?? 0) + 1
        for (offset, draft) in drafts.enumerated() {
            risk.actions.append(
                TreatmentAction(
                    id: RiskActionID(parent: id, index: next + offset), text: draft.text, owner: draft.owner,
                    due: draft.due))
        }
        return risk
    }

    /// The risk with treatment action `actionID` done; with `rating`, the residual is assessed at once.
    public func completing(
        _ actionID: RiskActionID, note: String?, rating: RiskRating?, by actor: String, on day: CalendarDate
    ) throws(DomainError) -> Risk {
        try open()
        guard let index = actions.firstIndex(where: { $0.id == actionID }) else {
            throw .notFound(
                kind: .treatmentAction, id: actionID.description,
                hint: .advice(
                    actions.isEmpty
                        ? .noTreatmentActions(id: "\(id)")
                        : .riskHasActions(id: "\(id)", actions: actions.map(\.id.description))))
        }
        guard actions[index].doneOn == nil else {
            throw .ruleViolated(.actionAlreadyDone, ["id": "\(actionID)"], fix: nil)
        }
        var risk = self
        risk.actions[index].doneOn = day
        risk.actions[index].doneBy = actor
        risk.actions[index].doneNote = note.trimmedOrNil
        if let rating { risk = try risk.assessing(rating, stage: .residual, note: note, by: actor, on: day) }
        return risk
    }

    /// The risk assessed again. A residual rating is recomputed only after treatment has begun;
    /// the inherent rating may be revised while no treatment action is done.
    public func assessing(_ rating: RiskRating, stage: RiskStage, note: String?, by actor: String, on day: CalendarDate)
        throws(DomainError) -> Risk
    {
        try open()
        var risk = self
        switch stage {
        case .residual:
            guard treated else {
                throw .ruleViolated(
                    .residualBeforeTreatment, ["id": "\(id)"], fix: .run(.completeRiskAction(id.description)))
            }
            risk.residual = rating
        case .inherent:
            guard !actions.contains(where: { $0.doneOn != nil }) else {
                throw .ruleViolated(
                    .inherentRatingIsHistory, ["id": "\(id)"], fix: .advice(.assessResidual))
            }
            risk.content.inherent = rating
        }
        risk.assessments.append(RiskAssessment(stage: stage, rating: rating, by: actor, on: day, note: note))
        return risk
    }

    /// The risk reviewed on `day`, next due on `next`.
    public func reviewing(next: CalendarDate, note: String?, by actor: String, on day: CalendarDate) throws(DomainError)
        -> Risk
    {
        try open()
        guard next > day else {
            throw .ruleViolated(
                .nextReviewTooEarly, ["next": "\(next)", "day": "\(day)"], fix: .later("next", after: day.description))
        }
        var risk = self
        risk.reviews.append(RegisterReview(on: day, by: actor, note: note, next: next))
        risk.content.reviewOn = next
        return risk
    }

    /// The risk closed: no longer relevant, or treated for good. Its actions must be done first.
    public func closing(note: String, by actor: String, on day: CalendarDate) throws(DomainError) -> Risk {
        try open()
        guard let note = note.trimmingWhitespace().nilIfEmpty else {
            throw .ruleViolated(.closingRiskNeedsReason, fix: .give(["note"]))
        }
        let pending = actions.filter { $0.doneOn == nil }
        guard pending.isEmpty else {
            throw .ruleViolated(
                .riskActionsPending, ["id": "\(id)", "actions": .list(pending.map { .text($0.id.description) })],
                fix: .run(.completeRiskAction(nil)))
        }
        var risk = self
        risk.status = .closed
        risk.closedOn = day
        risk.closedBy = actor
        risk.closedNote = note
        return risk
    }

    /// Overdue treatment actions and the review date, on `day`, while open.
    public func alerts(on day: CalendarDate) -> [RegisterAlert] {
        guard status == .open else { return [] }
        var alerts = actions.filter { $0.isOverdue(on: day) }.map {
            RegisterAlert(
                kind: .actionOverdue, reference: $0.id.description, date: $0.due, days: day.days(until: $0.due))
        }
        if let review = RegisterAlert.review(id.description, due: content.reviewOn, on: day) { alerts.append(review) }
        return alerts
    }

    /// The evidence the kept entry is: the risk identified, assessed and treated, for 6.1 and the
    /// requirements it names; due for review with the risk, so that a register not kept up to
    /// date counts only in part.
    public var evidenceSpec: RegisterEvidenceSpec {
        let process = content.process.map { ", process \($0)" } ?? ""
        let phase = content.phase.map { ", \($0.rawValue) phase" } ?? ""
        var lines = [
            "\(content.kind.rawValue.sentenceCased) \(id), owner \(content.owner)\(process)\(phase).",
            "Before treatment: likelihood \(content.inherent.likelihood) × impact \(content.inherent.impact) = "
                + "\(content.inherent.score) (\(content.inherent.level.rawValue)).",
        ]
        if let residual {
            lines.append(
                "After treatment: likelihood \(residual.likelihood) × impact \(residual.impact) = \(residual.score) "
                    + "(\(residual.level.rawValue)).")
        }
        if let treatment = content.treatment { lines.append("Treatment: \(treatment.rawValue).") }
        for action in actions {
            lines.append(
                "\(action.id) \(action.text) (\(action.owner), due \(action.due)"
                    + (action.doneOn.map { ", done \($0)" } ?? "") + ")")
        }
        if status == .closed { lines.append("Closed on \(closedOn?.description ?? "—"): \(closedNote ?? "")") }
        return RegisterEvidenceSpec(
            title: "\(id) \(content.title)", description: lines.joined(separator: "\n"), owner: content.owner,
            process: content.process, effectiveFrom: content.identifiedOn,
            reviewDue: status == .open ? content.reviewOn : nil,
            requirements: content.requirements + RegisterClauses.keys(RegisterClauses.risks),
            tags: ["risk-register", content.kind.rawValue])
    }
}
