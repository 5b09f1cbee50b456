/// The code a register entry is known by when people choose it themselves: a controlled
/// document (`QP-01`, `PR-EP04-003`), a process (`P-01`), a role (`POLLING-OFFICER`), a KPI
/// (`KPI-07`). Letters and digits joined by `.`, `-` or `_`, at most 32 characters, kept in
/// capitals so that `qp-01` and `QP-01` are the same entry.
public struct RegisterCode: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String

    /// Validates a code; `field` names it in the message ("document code").
    public init(_ text: String, field: String = "code") throws(DomainError) {
        let value = text.trimmingWhitespace().uppercased()
        guard PlanSyntax.isToken(value), value.count <= 32 else {
            throw .invalidValue(
                field: field, value: text,
                expected: .code(example: "QP-01"))
        }
        self.rawValue = value
    }

    public var description: String { rawValue }

    public static func < (lhs: RegisterCode, rhs: RegisterCode) -> Bool {
        RequirementNumberOrder.precedes(lhs.rawValue, rhs.rawValue)
    }

    public init(from decoder: any Decoder) throws {
        try self.init(decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Risks and opportunities: `RSK-2026-001`; their treatment actions `RSK-2026-001-1`.
public enum RiskIDKind: YearlyIDKind {
    public static let prefix = "RSK"
    public static let digits = 3
    public static let noun = "risk"
    public static let itemPrefix = "RSK"
}

/// Internal and external issues of the organisation's context: `CTX-2026-01`.
public enum ContextIssueIDKind: YearlyIDKind {
    public static let prefix = "CTX"
    public static let digits = 2
    public static let noun = "context issue"
    public static let itemPrefix = "CTX"
}

/// Interested parties: `IP-2026-01`.
public enum InterestedPartyIDKind: YearlyIDKind {
    public static let prefix = "IP"
    public static let digits = 2
    public static let noun = "interested party"
    public static let itemPrefix = "IP"
}

/// External providers: `EXT-2026-01`.
public enum ProviderIDKind: YearlyIDKind {
    public static let prefix = "EXT"
    public static let digits = 2
    public static let noun = "external provider"
    public static let itemPrefix = "EXT"
}

/// Training events: `TRN-2026-01`.
public enum TrainingIDKind: YearlyIDKind {
    public static let prefix = "TRN"
    public static let digits = 2
    public static let noun = "training event"
    public static let itemPrefix = "TRN"
}

/// A risk's or opportunity's identifier: `RSK-2026-001`.
public typealias RiskID = YearlyID<RiskIDKind>
/// A treatment action of a risk: `RSK-2026-001-1`.
public typealias RiskActionID = ActionItemID<RiskIDKind>
/// A context issue's identifier: `CTX-2026-01`.
public typealias ContextIssueID = YearlyID<ContextIssueIDKind>
/// An interested party's identifier: `IP-2026-01`.
public typealias InterestedPartyID = YearlyID<InterestedPartyIDKind>
/// An external provider's identifier: `EXT-2026-01`.
public typealias ProviderID = YearlyID<ProviderIDKind>
/// A training event's identifier: `TRN-2026-01`.
public typealias TrainingID = YearlyID<TrainingIDKind>

/// A periodic review of a register entry: that it was looked at, by whom, and when it is next due.
public struct RegisterReview: Sendable, Hashable, Codable {
    public var on: CalendarDate
    public var by: String
    public var note: String?
    /// The next review, when one is set.
    public var next: CalendarDate?

    /// Creates a review.
    public init(on: CalendarDate, by: String, note: String? = nil, next: CalendarDate? = nil) {
        self.on = on
        self.by = by
        self.note = note.trimmedOrNil
        self.next = next
    }
}

/// Something about a register entry that needs attention on a day.
public struct RegisterAlert: Sendable, Hashable, Codable {
    /// Why it needs attention.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The periodic review date has passed.
        case reviewOverdue = "review-overdue"
        /// The periodic review falls within the next thirty days.
        case reviewDue = "review-due"
        /// A treatment action is past its due date and not done.
        case actionOverdue = "action-overdue"
        /// A provider's re-evaluation date has passed.
        case evaluationOverdue = "evaluation-overdue"
        /// A KPI's next measurement is late.
        case measurementOverdue = "measurement-overdue"
        /// A training event ended without its effectiveness evaluated.
        case evaluationMissing = "evaluation-missing"
    }

    /// How close a date may come before a `review-due` warning: thirty days.
    public static let warningDays = 30

    public var kind: Kind
    /// The entry or action concerned.
    public var reference: String
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

    /// The review alert of `reference` on `day`, when its review date is past or near.
    public static func review(_ reference: String, due: CalendarDate?, on day: CalendarDate) -> RegisterAlert? {
        guard let due else { return nil }
        let days = day.days(until: due)
        if days < 0 { return RegisterAlert(kind: .reviewOverdue, reference: reference, date: due, days: days) }
        if days <= warningDays { return RegisterAlert(kind: .reviewDue, reference: reference, date: due, days: days) }
        return nil
    }
}

/// Why a register entry cannot take the step asked of it.
public enum RegisterError: QMSError, Equatable {
    /// The step is not one the workflow allows from the entry's state.
    case illegalTransition(entry: String, from: String, to: String, allowed: [String])
    /// The author of a document version tried to approve it; ISO 9001 7.5.2 c) wants review and
    /// approval by someone else.
    case authorCannotApprove(document: String, version: Int, actor: String)
    /// The author of a document version tried to issue it.
    case authorCannotIssue(document: String, version: Int, actor: String)
    /// An obsolete document is kept and marked, never issued again.
    case obsoleteCannotBeIssued(document: String)
    /// The step needs a field that was not given.
    case missingField(step: String, field: StepNeed, inputs: [Field])

    public var arguments: [String: ErrorArgument] {
        switch self {
        case .illegalTransition(let entry, let from, let to, _):
            return [
                "entry": "\(entry)", "from": .term(type: String(reflecting: DocumentStatus.self), value: from),
                "to": .term(type: String(reflecting: DocumentStatus.self), value: to),
            ]
        case .authorCannotApprove(let document, let version, let actor),
            .authorCannotIssue(let document, let version, let actor):
            return ["document": "\(document)", "version": .number(version), "actor": "\(actor)"]
        case .obsoleteCannotBeIssued(let document):
            return ["document": "\(document)"]
        case .missingField(let step, let need, _):
            return ["step": .step(step), "need": .need(need)]
        }
    }

    public var kind: ErrorKind {
        switch self {
        case .illegalTransition, .obsoleteCannotBeIssued: return .conflict
        case .authorCannotApprove, .authorCannotIssue: return .forbidden
        case .missingField: return .invalid
        }
    }

    public var fix: Fix? {
        switch self {
        case .illegalTransition(_, _, _, let allowed):
            switch allowed.count {
            case 0: return .advice(.noFurtherStep)
            case 1: return .advice(.nextStep(allowed[0]))
            default: return .advice(.nextSteps(allowed))
            }
        case .authorCannotApprove, .authorCannotIssue:
            return .someoneElse
        case .obsoleteCannotBeIssued:
            return .run(.addDocument)
        case .missingField(_, _, let inputs):
            return .give(inputs)
        }
    }
}

/// The requirements each register answers, in the standards that share the ISO high-level
/// structure. An entry in its evidence state counts as evidence for these (those of a loaded
/// catalogue) as well as for the requirements it names itself.
public enum RegisterClauses {
    /// The standards whose clause numbers the registers name.
    public static let standards = ["iso-9001-2015", "iso-54001-2019"]

    /// Documented information: creating and updating (7.5.2), control (7.5.3.1, 7.5.3.2).
    public static let documents = ["7.5.2", "7.5.3.1", "7.5.3.2"]
    /// The organisation's context (4.1).
    public static let context = ["4.1"]
    /// The climate-change determination of ISO 9001 Amendment 1:2024.
    public static let climate = ["4.1-A1"]
    /// Actions to address risks and opportunities (6.1.1, 6.1.2).
    public static let risks = ["6.1.1", "6.1.2"]
    /// Interested parties (4.2).
    public static let parties = ["4.2"]
    /// The processes of the quality management system (4.4.1, 4.4.2).
    public static let processes = ["4.4.1", "4.4.2"]
    /// Control of externally provided processes, products and services (8.4.1).
    public static let providers = ["8.4.1"]
    /// Competence (7.2).
    public static let competence = ["7.2"]
    /// Monitoring and measurement in general (9.1.1).
    public static let performance = ["9.1.1"]
    /// Customer (voter and stakeholder) satisfaction (9.1.2).
    public static let perception = ["9.1.2"]
    /// The record of a nonconformity and its corrective action (10.2.2).
    public static let correctiveActions = ["10.2.2"]
    /// The record of the audit programme's implementation and results (9.2.2).
    public static let internalAudits = ["9.2.2"]
    /// The record of management reviews (9.3.3).
    public static let managementReviews = ["9.3.3"]

    /// The keys of `numbers` in every standard of ``standards``; the service keeps those loaded.
    public static func keys(_ numbers: [String]) -> [RequirementKey] {
        standards.flatMap { standard in
            numbers.compactMap { number in
                guard let id = try? StandardID(standard) else { return nil }
                return try? RequirementKey(standard: id, number: number)
            }
        }
    }
}

/// What a register entry says as evidence: the content of the evidence record the service keeps
/// for it (created, revised or withdrawn in the same transaction as the entry's change).
public struct RegisterEvidenceSpec: Sendable, Hashable {
    public var title: String
    public var description: String
    /// Where the thing can be read, when it has an address.
    public var link: String?
    public var owner: String
    public var process: String?
    public var effectiveFrom: CalendarDate
    public var validUntil: CalendarDate?
    public var reviewDue: CalendarDate?
    /// The requirements it names and those of its register (``RegisterClauses``).
    public var requirements: [RequirementKey]
    public var tags: [String]

    /// Creates a specification; repeated requirements are left out.
    public init(
        title: String, description: String, link: String? = nil, owner: String, process: String? = nil,
        effectiveFrom: CalendarDate, validUntil: CalendarDate? = nil, reviewDue: CalendarDate? = nil,
        requirements: [RequirementKey], tags: [String]
    ) {
        self.title = String(title.prefix(300))
        self.description = description
        self.link = link
        self.owner = owner
        self.process = process
        self.effectiveFrom = effectiveFrom
        self.validUntil = validUntil
        self.reviewDue = reviewDue
        var seen = Set<RequirementKey>()
        self.requirements = requirements.filter { seen.insert($0).inserted }
        self.tags = tags
    }
}

extension Array where Element == RequirementKey {
    /// The keys without repeats, in their order.
    var uniqueKeys: [RequirementKey] {
        var seen = Set<RequirementKey>()
        return filter { seen.insert($0).inserted }
    }
}

/// Process names as entered: electoral processes in capitals (`ep-04` is `EP-04`).
enum ProcessName {
    static func normalised(_ text: String?) -> String? {
        text.trimmedOrNil.map { $0.uppercased().hasPrefix("EP-") ? $0.uppercased() : $0 }
    }

    static func check(_ process: String?) throws(DomainError) {
        if let process, process.hasPrefix("EP-") { _ = try ElectoralProcess(code: process) }
    }
}

/// Checks a free text's length, naming the field at fault.
enum TextCheck {
    static func required(_ text: String, field: String, maximum: Int = 300) throws(DomainError) {
        guard !text.isEmpty, text.count <= maximum else {
            throw .invalidValue(field: field, value: text, expected: .text(maximum: maximum))
        }
    }

    static func optional(_ text: String?, field: String, maximum: Int = 4000) throws(DomainError) {
        if let text, text.count > maximum {
            throw .invalidValue(
                field: field, value: String(text.prefix(40)) + "…", expected: .atMost(characters: maximum))
        }
    }

    static func list(_ texts: [String], field: String, maximum: Int = 300) throws(DomainError) {
        for text in texts where text.count > maximum {
            throw .invalidValue(
                field: field, value: String(text.prefix(40)) + "…", expected: .atMost(characters: maximum))
        }
    }

    static func link(_ link: String?) throws(DomainError) {
        guard let link else { return }
        let lower = link.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), link.count > 8, !link.contains(" ") else {
            throw .invalidValue(field: "link", value: link, expected: .webAddress)
        }
    }
}

extension String {
    /// The text with its first letter in capitals ("contractor" → "Contractor"), for sentences.
    var sentenceCased: String { prefix(1).uppercased() + dropFirst() }
}
