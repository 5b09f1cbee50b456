/// A value an error's message names, kept as data so that the presentation layer writes it in the
/// reader's language: identifiers stay as they are, numbers take the reader's digits, and values of
/// the domain's vocabulary (a status, a kind) are translated like every other term.
public enum ErrorArgument: Sendable, Hashable, Codable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// An identifier, a path, a date, a code or text the user gave: shown as it is, never translated.
    case text(String)
    /// A whole number.
    case number(Int)
    /// A value of the domain's vocabulary: `type` is the value's type as `String(reflecting:)`
    /// names it, `value` its raw value. English messages show the raw value, as users type it.
    case term(type: String, value: String)
    /// Several values, joined the way the reader's language lists them.
    case list([ErrorArgument])
    /// Another error's message, worded in its turn (a plan's problem inside the file's error).
    indirect case message(code: String, arguments: [String: ErrorArgument])

    public init(stringLiteral value: String) { self = .text(value) }

    public init(stringInterpolation: DefaultStringInterpolation) {
        self = .text(String(stringInterpolation: stringInterpolation))
    }

    /// A value of the domain's vocabulary, such as a grade or a status.
    public static func term<Value: RawRepresentable>(_ value: Value) -> ErrorArgument where Value.RawValue == String {
        .term(type: String(reflecting: Value.self), value: value.rawValue)
    }

    /// The message of `error`, to be worded inside another.
    public static func message(of error: any QMSError) -> ErrorArgument {
        .message(code: error.messageCode, arguments: error.arguments)
    }

    /// The value without wording, for logs.
    public var description: String {
        switch self {
        case .text(let text): return text
        case .number(let number): return String(number)
        case .term(_, let value): return value
        case .list(let items): return items.map(\.description).joined(separator: ", ")
        case .message(let code, let arguments):
            let values = arguments.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            return values.isEmpty ? code : code + " (" + values.joined(separator: ", ") + ")"
        }
    }
}

extension ErrorArgument {
    /// A step of a workflow (`contained`, `reopen`, `return to draft`), worded by the catalogues.
    public static func step(_ step: String) -> ErrorArgument { .message(code: "step." + step, arguments: [:]) }

    /// What a step needs, worded by the catalogues.
    public static func need(_ need: StepNeed) -> ErrorArgument {
        .message(code: "need." + need.rawValue, arguments: [:])
    }
}

/// What a step of a workflow needs and was not given: the correction taken, the root causes.
public enum StepNeed: String, Sendable, Hashable, Codable, CaseIterable {
    case correctionTaken, rootCauses, actionsWithOwners, implementationEvidence, result, reviewDecisions
    case noActionReason, reopenReason, requestedChanges, withdrawalReason, changes
}

/// The steps of the workflows that can lack a field, for the catalogues' `error_step_…` entries.
public enum WorkflowStepName {
    /// Every step name a `missingField` error can carry.
    public static let all: [String] =
        CorrectiveActionState.allCases.map(\.rawValue) + ["reopen", "return to draft", "obsolete", "revise"]
}
