/// A corrective-action step's fields as a person gave them, from the CLI's options or the web's
/// form. ``step(actor:today:)`` turns them into a ``CorrectiveActionStep`` in one place, with the
/// defaults decided there (an action's owner is whoever plans it, its due date 30 days ahead).
public struct CorrectiveActionStepInput: Sendable, Hashable {
    /// One planned action as typed: its text, and optionally its owner and due date (`YYYY-MM-DD`).
    public struct Action: Sendable, Hashable {
        public var text: String
        public var owner: String?
        public var due: String?
        /// An action as typed.
        public init(text: String, owner: String? = nil, due: String? = nil) {
            self.text = text
            self.owner = owner
            self.due = due
        }
    }

    public var note: String?
    public var consequences: String?
    public var method: String?
    /// Root causes, one per entry or one per line within an entry (LF or CRLF).
    public var causes: [String]
    public var similar: String?
    public var actions: [Action]
    /// Evidence ids, one per entry or several separated by commas or spaces.
    public var evidence: [String]
    /// `effective` or `ineffective`.
    public var result: String?
    /// `yes` or `no`.
    public var updateRisks: String?
    /// `yes` or `no`.
    public var changeQMS: String?

    /// An input with every field absent.
    public init(
        note: String? = nil, consequences: String? = nil, method: String? = nil, causes: [String] = [],
        similar: String? = nil, actions: [Action] = [], evidence: [String] = [], result: String? = nil,
        updateRisks: String? = nil, changeQMS: String? = nil
    ) {
        self.note = note
        self.consequences = consequences
        self.method = method
        self.causes = causes
        self.similar = similar
        self.actions = actions
        self.evidence = evidence
        self.result = result
        self.updateRisks = updateRisks
        self.changeQMS = changeQMS
    }

    /// Days an action is due after today when no due date is given.
    public static let defaultDueDays = 30

    /// The step these fields describe; a value that does not parse is refused with its field.
    public func step(actor: String, today: CalendarDate) throws(DomainError) -> CorrectiveActionStep {
        var planned: [ActionDraft] = []
        for action in actions where !action.text.trimmingWhitespace().isEmpty {
            var due = today.adding(days: Self.defaultDueDays)
            if let text = action.due?.trimmingWhitespace().nilIfEmpty {
                do { due = try CalendarDate(parsing: text) } catch {
                    throw .invalidValue(field: "due", value: text, expected: .dateWritten)
                }
            }
            planned.append(
                ActionDraft(text: action.text, owner: action.owner?.trimmingWhitespace().nilIfEmpty ?? actor, due: due))
        }
        var ids: [EvidenceID] = []
        for entry in evidence {
            for part in entry.split(whereSeparator: { $0 == "," || $0.isWhitespace }) {
                do { ids.append(try EvidenceID(parsing: String(part))) } catch {
                    throw .invalidValue(
                        field: "evidence", value: String(part), expected: .evidenceID(example: "EV-2026-0042"))
                }
            }
        }
        var effectiveness: EffectivenessResult?
        if let text = result?.trimmingWhitespace().nilIfEmpty {
            guard let parsed = EffectivenessResult(rawValue: text.lowercased()) else {
                throw .invalidValue(field: "result", value: text, expected: .either(["effective", "ineffective"]))
            }
            effectiveness = parsed
        }
        return CorrectiveActionStep(
            note: note, consequences: consequences, method: method,
            causes: causes.flatMap { $0.unicodeScalars.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) }
                .map { String(String.UnicodeScalarView($0)) },
            similar: similar, actions: planned, evidence: ids, result: effectiveness,
            updateRisks: try Self.decision(updateRisks, field: "update-risks"),
            changeQMS: try Self.decision(changeQMS, field: "change-qms"))
    }

    /// A yes/no decision; absent stays absent, so that the step can ask for it.
    static func decision(_ text: String?, field: String) throws(DomainError) -> Bool? {
        guard let text = text?.trimmingWhitespace().lowercased().nilIfEmpty else { return nil }
        switch text {
        case "yes", "true", "1": return true
        case "no", "false", "0": return false
        default: throw .invalidValue(field: field, value: text, expected: .either(["yes", "no"]))
        }
    }
}
