/// Why a corrective action cannot take the step asked of it.
public enum CorrectiveActionError: QMSError, Equatable {
    /// The step is not one the workflow allows from the current state.
    case illegalTransition(
        nonconformity: NonconformityID, from: CorrectiveActionState, to: CorrectiveActionState,
        allowed: [CorrectiveActionState])
    /// Only a verified or closed nonconformity can be reopened.
    case cannotReopen(nonconformity: NonconformityID, state: CorrectiveActionState, allowed: [CorrectiveActionState])
    /// The step needs a field that was not given.
    case missingField(step: String, field: StepNeed, inputs: [Field])
    /// The implementer tried to verify their own action; ISO 9001 10.2 wants someone else.
    case verifierIsImplementer(nonconformity: NonconformityID, actor: String)

    public var arguments: [String: ErrorArgument] {
        switch self {
        case .illegalTransition(let id, let from, let to, _):
            return ["id": "\(id)", "from": .term(from), "to": .term(to)]
        case .cannotReopen(let id, let state, _):
            return ["id": "\(id)", "state": .term(state)]
        case .missingField(let step, let need, _):
            return ["step": .step(step), "need": .need(need)]
        case .verifierIsImplementer(let id, let actor):
            return ["id": "\(id)", "actor": "\(actor)"]
        }
    }

    public var kind: ErrorKind {
        switch self {
        case .illegalTransition, .cannotReopen: return .conflict
        case .missingField: return .invalid
        case .verifierIsImplementer: return .forbidden
        }
    }

    public var fix: Fix? {
        switch self {
        case .illegalTransition(_, _, _, let allowed), .cannotReopen(_, _, let allowed):
            return .advice(CorrectiveActionError.nextSteps(allowed))
        case .missingField(_, _, let inputs):
            return .give(inputs)
        case .verifierIsImplementer:
            return .someoneElse
        }
    }

    /// The steps allowed, for the fix of an illegal step.
    public var allowedNextStates: [CorrectiveActionState] {
        switch self {
        case .illegalTransition(_, _, _, let allowed), .cannotReopen(_, _, let allowed): return allowed
        case .missingField, .verifierIsImplementer: return []
        }
    }

    private static func nextSteps(_ allowed: [CorrectiveActionState]) -> Advice {
        switch allowed.count {
        case 0: return .closedReopenIfIneffective
        case 1: return .nextStep(allowed[0].rawValue)
        default: return .nextSteps(allowed.map(\.rawValue))
        }
    }
}
