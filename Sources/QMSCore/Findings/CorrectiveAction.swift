/// The steps of a corrective action (ISO 9001 10.2), as named on the command line and in JSON.
public enum CorrectiveActionState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Raised, nothing done yet.
    case reported
    /// Contained: the correction taken and the consequences dealt with.
    case contained
    /// Root cause analysed.
    case analysed
    /// Actions planned, each with its owner and due date.
    case planned
    /// Actions implemented, with evidence.
    case implemented
    /// Effectiveness verified, by someone other than the implementer.
    case verified
    /// Closed, with the decisions on risks and opportunities and on changes to the QMS recorded.
    case closed
}

/// The result of verifying a corrective action's effectiveness.
public enum EffectivenessResult: String, Sendable, Hashable, Codable, CaseIterable {
    case effective
    /// The nonconformity is not eliminated: the action goes back to root cause.
    case ineffective
}

/// The fields a step takes; each step reads the ones it needs and ignores the others.
public struct CorrectiveActionStep: Sendable, Hashable, Codable {
    /// The correction (contained), what was done (implemented), the verifier's remarks (verified),
    /// the closing remark (closed), or why it is reopened.
    public var note: String?
    /// How the consequences were dealt with (contained).
    public var consequences: String?
    /// The root-cause method: five whys, fishbone … (analysed).
    public var method: String?
    /// The root causes found (analysed).
    public var causes: [String]
    /// Whether similar nonconformities exist or could occur, and where (analysed).
    public var similar: String?
    /// The actions planned (planned).
    public var actions: [ActionDraft]
    /// Evidence of implementation (implemented).
    public var evidence: [EvidenceID]
    /// The verification's result (verified).
    public var result: EffectivenessResult?
    /// Whether risks and opportunities are to be updated (closed).
    public var updateRisks: Bool?
    /// Whether the quality management system is to be changed (closed).
    public var changeQMS: Bool?

    /// Creates the fields of a step; blank texts count as absent.
    public init(
        note: String? = nil, consequences: String? = nil, method: String? = nil, causes: [String] = [],
        similar: String? = nil, actions: [ActionDraft] = [], evidence: [EvidenceID] = [],
        result: EffectivenessResult? = nil, updateRisks: Bool? = nil, changeQMS: Bool? = nil
    ) {
        self.note = note.trimmedOrNil
        self.consequences = consequences.trimmedOrNil
        self.method = method.trimmedOrNil
        self.causes = causes.trimmedUnique
        self.similar = similar.trimmedOrNil
        self.actions = actions
        var seen = Set<EvidenceID>()
        self.evidence = evidence.filter { seen.insert($0).inserted }
        self.result = result
        self.updateRisks = updateRisks
        self.changeQMS = changeQMS
    }
}

/// The correction taken as soon as the nonconformity was known, and how its consequences were handled.
public struct Containment: Sendable, Hashable, Codable {
    public var correction: String
    public var consequences: String?
    public var by: String
    public var on: CalendarDate

    /// Creates a containment record.
    public init(correction: String, consequences: String?, by: String, on: CalendarDate) {
        self.correction = correction
        self.consequences = consequences
        self.by = by
        self.on = on
    }
}

/// A root cause analysis; a later one replaces an earlier one when the first fix proved ineffective.
public struct RootCauseAnalysis: Sendable, Hashable, Codable {
    /// The attempt it belongs to (1, then one more for each ineffective verification or reopening).
    public var round: Int
    public var method: String?
    public var causes: [String]
    /// Whether similar nonconformities exist or could occur.
    public var similar: String?
    public var by: String
    public var on: CalendarDate

    /// Creates an analysis record.
    public init(round: Int, method: String?, causes: [String], similar: String?, by: String, on: CalendarDate) {
        self.round = round
        self.method = method
        self.causes = causes
        self.similar = similar
        self.by = by
        self.on = on
    }
}

/// One planned corrective action.
public struct PlannedAction: Sendable, Hashable, Codable, Identifiable {
    public var id: CorrectiveActionID
    public var round: Int
    public var text: String
    public var owner: String
    public var due: CalendarDate
    /// When it was implemented; nil while open.
    public var implementedOn: CalendarDate?

    /// Creates a planned action.
    public init(
        id: CorrectiveActionID, round: Int, text: String, owner: String, due: CalendarDate,
        implementedOn: CalendarDate? = nil
    ) {
        self.id = id
        self.round = round
        self.text = text
        self.owner = owner
        self.due = due
        self.implementedOn = implementedOn
    }

    /// Whether it is past its due date on `day` and not implemented.
    public func isOverdue(on day: CalendarDate) -> Bool { implementedOn == nil && due < day }
}

/// The implementation of a round's actions.
public struct Implementation: Sendable, Hashable, Codable {
    public var round: Int
    public var note: String?
    public var evidence: [EvidenceID]
    /// The implementer, whom the verifier must not be.
    public var by: String
    public var on: CalendarDate

    /// Creates an implementation record.
    public init(round: Int, note: String?, evidence: [EvidenceID], by: String, on: CalendarDate) {
        self.round = round
        self.note = note
        self.evidence = evidence
        self.by = by
        self.on = on
    }
}

/// The verification of a round's effectiveness.
public struct Verification: Sendable, Hashable, Codable {
    public var round: Int
    public var result: EffectivenessResult
    public var note: String?
    public var by: String
    public var on: CalendarDate

    /// Creates a verification record.
    public init(round: Int, result: EffectivenessResult, note: String?, by: String, on: CalendarDate) {
        self.round = round
        self.result = result
        self.note = note
        self.by = by
        self.on = on
    }
}

/// The closure of a corrective action, with the decisions 10.2.1 e) and f) ask for.
public struct Closure: Sendable, Hashable, Codable {
    public var round: Int
    /// Risks and opportunities determined during planning are to be updated.
    public var updateRisks: Bool
    /// The quality management system is to be changed.
    public var changeQMS: Bool
    public var note: String?
    public var by: String
    public var on: CalendarDate

    /// Creates a closure record.
    public init(round: Int, updateRisks: Bool, changeQMS: Bool, note: String?, by: String, on: CalendarDate) {
        self.round = round
        self.updateRisks = updateRisks
        self.changeQMS = changeQMS
        self.note = note
        self.by = by
        self.on = on
    }
}

/// One step in the history of a corrective action; the history is never rewritten.
public struct CorrectiveActionTransition: Sendable, Hashable, Codable {
    /// What kind of step.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The nonconformity was raised.
        case raise
        /// The corrective action went one step on (or back to root cause when found ineffective).
        case advance
        /// A verified or closed nonconformity was reopened.
        case reopen
    }

    public var kind: Kind
    /// The state before; nil when raised.
    public var from: CorrectiveActionState?
    /// The state after.
    public var to: CorrectiveActionState
    /// The round the step was taken in.
    public var round: Int
    public var actor: String
    public var at: Instant
    /// The fields given with the step.
    public var fields: CorrectiveActionStep

    /// Creates a history entry.
    public init(
        kind: Kind, from: CorrectiveActionState?, to: CorrectiveActionState, round: Int, actor: String, at: Instant,
        fields: CorrectiveActionStep
    ) {
        self.kind = kind
        self.from = from
        self.to = to
        self.round = round
        self.actor = actor
        self.at = at
        self.fields = fields
    }
}

/// A corrective action (ISO 9001 10.2): an explicit state machine from `reported` to `closed`.
///
/// reported → contained → analysed → planned → implemented → verified → closed. An ineffective
/// verification sends it back to `analysed` in a new round; a verified or closed one can be
/// reopened the same way. Observations and opportunities for improvement, which need no
/// corrective action, may also be closed straight from `reported`. Every step is kept.
public struct CorrectiveAction: Sendable, Hashable, Codable {
    public private(set) var state: CorrectiveActionState
    /// The attempt under way: 1, then one more for each ineffective verification or reopening.
    public private(set) var round: Int
    public private(set) var containment: Containment?
    public private(set) var analyses: [RootCauseAnalysis]
    public private(set) var actions: [PlannedAction]
    public private(set) var implementations: [Implementation]
    public private(set) var verifications: [Verification]
    public private(set) var closures: [Closure]
    public private(set) var history: [CorrectiveActionTransition]

    /// A corrective action just raised.
    public init(raisedBy actor: String, at instant: Instant) {
        self.init(
            state: .reported, round: 1, containment: nil, analyses: [], actions: [], implementations: [],
            verifications: [], closures: [],
            history: [
                CorrectiveActionTransition(
                    kind: .raise, from: nil, to: .reported, round: 1, actor: actor, at: instant,
                    fields: CorrectiveActionStep())
            ])
    }

    /// Restores a corrective action as stored.
    public init(
        state: CorrectiveActionState, round: Int, containment: Containment?, analyses: [RootCauseAnalysis],
        actions: [PlannedAction], implementations: [Implementation], verifications: [Verification],
        closures: [Closure], history: [CorrectiveActionTransition]
    ) {
        self.state = state
        self.round = round
        self.containment = containment
        self.analyses = analyses
        self.actions = actions
        self.implementations = implementations
        self.verifications = verifications
        self.closures = closures
        self.history = history
    }

    /// The steps allowed from the current state, for a finding of `grade`.
    public func allowedNextStates(grade: NonconformityGrade) -> [CorrectiveActionState] {
        switch state {
        case .reported: return grade.needsCorrectiveAction ? [.contained] : [.contained, .closed]
        case .contained: return [.analysed]
        // A root cause analysis may be revised before actions are planned on it.
        case .analysed: return [.analysed, .planned]
        case .planned: return [.implemented]
        case .implemented: return [.verified]
        case .verified: return [.closed]
        case .closed: return []
        }
    }

    /// The root cause analysis in force: the latest.
    public var currentAnalysis: RootCauseAnalysis? { analyses.last }

    /// The effective verification of the current round, when it has one.
    public var effectiveVerification: Verification? {
        guard state == .verified || state == .closed else { return nil }
        return verifications.last { $0.round == round && $0.result == .effective }
    }

    /// Planned actions past their due date on `day` and not implemented.
    public func overdueActions(on day: CalendarDate) -> [PlannedAction] {
        actions.filter { $0.isOverdue(on: day) }
    }

    /// Takes the action to `target` with the fields that step needs.
    ///
    /// Throws ``CorrectiveActionError/illegalTransition(nonconformity:from:to:allowed:)`` naming
    /// the allowed steps when `target` is not one of them, ``CorrectiveActionError/missingField(step:field:inputs:)``
    /// when the step lacks a field, ``CorrectiveActionError/verifierIsImplementer(nonconformity:actor:)``
    /// when the implementer tries to verify their own work, and `DomainError` for a bad planned action.
    /// Verifying with the result `ineffective` lands in `analysed`, in a new round.
    public mutating func advance(
        to target: CorrectiveActionState, with step: CorrectiveActionStep, nonconformity: Nonconformity,
        by actor: String, at instant: Instant
    ) throws {
        let id = nonconformity.id
        let grade = nonconformity.content.grade
        let allowed = allowedNextStates(grade: grade)
        guard allowed.contains(target) else {
            throw CorrectiveActionError.illegalTransition(nonconformity: id, from: state, to: target, allowed: allowed)
        }
        let day = instant.date
        let from = state
        let stepRound = round
        var landed = target
        switch target {
        case .reported:
            // Never allowed: raising is not a step.
            throw CorrectiveActionError.illegalTransition(nonconformity: id, from: state, to: target, allowed: allowed)
        case .contained:
            guard let correction = step.note else {
                throw CorrectiveActionError.missingField(
                    step: target.rawValue, field: .correctionTaken, inputs: ["note"])
            }
            containment = Containment(correction: correction, consequences: step.consequences, by: actor, on: day)
        case .analysed:
            guard !step.causes.isEmpty else {
                throw CorrectiveActionError.missingField(
                    step: target.rawValue, field: .rootCauses, inputs: ["cause"])
            }
            analyses.append(
                RootCauseAnalysis(
                    round: round, method: step.method, causes: step.causes, similar: step.similar, by: actor, on: day))
        case .planned:
            guard !step.actions.isEmpty else {
                throw CorrectiveActionError.missingField(
                    step: target.rawValue, field: .actionsWithOwners,
                    inputs: ["action", "owner", "due"])
            }
            for action in step.actions { try action.validate(notBefore: nonconformity.content.raisedOn) }
            let next = (actions.map(\.id.index).max() ?? 0) + 1
            for (offset, action) in step.actions.enumerated() {
                actions.append(
                    PlannedAction(
                        id: CorrectiveActionID(parent: id, index: next + offset), round: round, text: action.text,
                        owner: action.owner, due: action.due))
            }
        case .implemented:
            guard step.note != nil || !step.evidence.isEmpty else {
                throw CorrectiveActionError.missingField(
                    step: target.rawValue, field: .implementationEvidence,
                    inputs: ["evidence", "note"])
            }
            implementations.append(
                Implementation(round: round, note: step.note, evidence: step.evidence, by: actor, on: day))
            for index in actions.indices where actions[index].round == round && actions[index].implementedOn == nil {
                actions[index].implementedOn = day
            }
        case .verified:
            guard let result = step.result else {
                throw CorrectiveActionError.missingField(
                    step: target.rawValue, field: .result, inputs: ["result"])
            }
            if let implementer = implementations.last(where: { $0.round == round })?.by,
                implementer.lowercased() == actor.lowercased()
            {
                throw CorrectiveActionError.verifierIsImplementer(nonconformity: id, actor: actor)
            }
            verifications.append(Verification(round: round, result: result, note: step.note, by: actor, on: day))
            if result == .ineffective {
                round += 1
                landed = .analysed
            }
        case .closed:
            guard let updateRisks = step.updateRisks, let changeQMS = step.changeQMS else {
                throw CorrectiveActionError.missingField(
                    step: target.rawValue,
                    field: .reviewDecisions,
                    inputs: ["update-risks", "change-qms"])
            }
            if from == .reported, step.note == nil {
                throw CorrectiveActionError.missingField(
                    step: target.rawValue, field: .noActionReason, inputs: ["note"])
            }
            closures.append(
                Closure(
                    round: round, updateRisks: updateRisks, changeQMS: changeQMS, note: step.note, by: actor, on: day))
        }
        state = landed
        history.append(
            CorrectiveActionTransition(
                kind: .advance, from: from, to: landed, round: stepRound, actor: actor, at: instant, fields: step))
    }

    /// Reopens a verified or closed corrective action whose fix proved ineffective: a new round
    /// starts at `analysed` (or at `reported` when no root cause was ever analysed).
    public mutating func reopen(
        reason: String, nonconformity id: NonconformityID, grade: NonconformityGrade, by actor: String,
        at instant: Instant
    ) throws(CorrectiveActionError) {
        guard state == .verified || state == .closed else {
            throw .cannotReopen(nonconformity: id, state: state, allowed: allowedNextStates(grade: grade))
        }
        let reason = reason.trimmingWhitespace()
        guard !reason.isEmpty else {
            throw .missingField(step: "reopen", field: .reopenReason, inputs: ["note"])
        }
        let from = state
        let stepRound = round
        round += 1
        state = analyses.isEmpty ? .reported : .analysed
        history.append(
            CorrectiveActionTransition(
                kind: .reopen, from: from, to: state, round: stepRound, actor: actor, at: instant,
                fields: CorrectiveActionStep(note: reason)))
    }
}
