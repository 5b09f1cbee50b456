/// What kind of dated obligation a due item is. The raw value names it in keys, JSON and calendar UIDs.
public enum DueKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// An evidence record's `valid until` day.
    case evidenceExpiry = "evidence-expiry"
    /// An evidence record's review day.
    case evidenceReview = "evidence-review"
    /// A planned corrective action's due day.
    case correctiveAction = "corrective-action"
    /// The six-month limit for verifying the effectiveness of a major certification-audit finding's fix.
    case effectivenessVerification = "effectiveness-verification"
    /// A controlled document's next review.
    case documentReview = "document-review"
    /// A risk's or opportunity's next review.
    case riskReview = "risk-review"
    /// A risk treatment action's due day.
    case riskAction = "risk-action"
    /// An approved provider's re-evaluation.
    case providerEvaluation = "provider-evaluation"
    /// A training event's effectiveness check.
    case trainingEffectiveness = "training-effectiveness"
    /// A KPI's next measurement.
    case kpiMeasurement = "kpi-measurement"
    /// An audit of the programme, planned and not yet held.
    case audit
    /// The next audit of the certification cycle, not yet planned.
    case certificationAudit = "certification-audit"
    /// A work plan version waiting for the Technical Committee's decision.
    case workPlanDecision = "work-plan-decision"
    /// A management review whose inputs are still missing.
    case managementReview = "management-review"
    /// An action decided by a management review.
    case reviewAction = "review-action"
    /// An issue of the organisation's context due for review.
    case contextReview = "context-review"
    /// An interested party's entry due for review.
    case partyReview = "party-review"
    /// A QMS process due for review.
    case processReview = "process-review"
    /// An auditor's evidence request: the owner's answer, or the auditor's decision on it.
    case evidenceRequest = "evidence-request"
}

/// The record a due item points at: its reference, where it is read, and its title.
public struct DueRecord: Sendable, Hashable, Codable {
    /// The record's identifier (`EV-2026-0042`, `CA-2026-007-1`, a register code …).
    public var reference: String
    /// The path of the record in the web application (`/evidence/EV-2026-0042`).
    public var route: String
    /// The record's own title, as its author wrote it.
    public var title: String
    /// Whether the record is restricted evidence: its title goes only to readers allowed to see it.
    public var restricted: Bool

    /// Creates a record reference.
    public init(reference: String, route: String, title: String, restricted: Bool = false) {
        self.reference = reference
        self.route = route
        self.title = title
        self.restricted = restricted
    }
}

/// One dated obligation taken from a register, before it is given to anyone.
public struct DueCandidate: Sendable, Hashable, Codable {
    public var kind: DueKind
    public var record: DueRecord
    /// The day it falls due.
    public var date: CalendarDate
    /// Who answers for it, as the register names them: login names or display names (owners are
    /// often written as names). Empty when the register names nobody: it goes to the quality manager.
    public var responsible: [String]

    /// Creates a candidate.
    public init(kind: DueKind, record: DueRecord, date: CalendarDate, responsible: [String]) {
        self.kind = kind
        self.record = record
        self.date = date
        self.responsible = responsible
    }

    /// The item's identity across days and thresholds: kind and reference.
    public var itemKey: String { "\(kind.rawValue):\(record.reference)" }
}

/// Every dated obligation of the system on one day, and the people who may receive them.
public struct DueSnapshot: Sendable, Hashable {
    public var candidates: [DueCandidate]
    public var users: [User]

    /// Creates a snapshot.
    public init(candidates: [DueCandidate], users: [User]) {
        self.candidates = candidates
        self.users = users
    }
}

/// How far before its day an item was reached, or that it is overdue.
public enum DueThreshold: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Within this many days of the due day (the due day itself is within every threshold).
    case before(days: Int)
    /// Past its day.
    case overdue
    /// Past its day by the escalation delay: sent to the quality manager as well.
    case escalated

    /// `30d`, `7d`, `1d`, `overdue`, `escalated`: the threshold's part of a send-once key.
    public var description: String {
        switch self {
        case .before(let days): return "\(days)d"
        case .overdue: return "overdue"
        case .escalated: return "escalated"
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        switch text {
        case "overdue": self = .overdue
        case "escalated": self = .escalated
        default:
            guard text.hasSuffix("d"), let days = Int(text.dropLast()), days >= 0 else {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "not a due threshold"))
            }
            self = .before(days: days)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// The thresholds and escalation of reminders, kept in one place.
public struct DueSettings: Sendable, Hashable, Codable {
    /// Days before the due day at which a reminder is due, largest first (default 30, 7 and 1).
    public var thresholds: [Int]
    /// Days overdue after which the quality manager is told as well (default 7).
    public var escalateAfterDays: Int

    /// The defaults: 30, 7 and 1 days before, then overdue, escalated after 7 days.
    public static let standard = DueSettings(thresholds: [30, 7, 1], escalateAfterDays: 7)

    /// Creates settings; thresholds are kept unique, non-negative and largest first.
    public init(thresholds: [Int], escalateAfterDays: Int) {
        self.thresholds = Array(Set(thresholds.filter { $0 >= 0 })).sorted(by: >)
        self.escalateAfterDays = max(0, escalateAfterDays)
    }

    /// The furthest ahead a reminder reaches, in days.
    public var horizon: Int { thresholds.first ?? 0 }

    /// The threshold an item due `daysLeft` days from the as-of day has reached, or nil when it is
    /// not yet within any.
    public func threshold(daysLeft: Int) -> DueThreshold? {
        if daysLeft < 0 { return .overdue }
        // The smallest threshold still at or above the days left: 5 days left has reached 7, not 30.
        return thresholds.last { daysLeft <= $0 }.map { .before(days: $0) }
    }
}

/// Why a due item went to its recipient.
public enum DueRouting: String, Sendable, Hashable, Codable {
    /// The person the register names.
    case responsible
    /// The named person's account is deactivated: the quality manager receives it instead.
    case ownerInactive = "owner-inactive"
    /// No account matches the name the register gives: the quality manager receives it instead.
    case ownerUnknown = "owner-unknown"
    /// The register names nobody: the quality manager receives it.
    case unassigned
    /// Overdue past the escalation delay: the quality manager is told as well.
    case escalation
}

/// The send-once identity of a reminder: one user, one item, one threshold.
public struct DueKey: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var user: String
    /// Kind and reference: `evidence-expiry:EV-2026-0042`.
    public var item: String
    public var threshold: String

    /// Creates a key.
    public init(user: String, item: String, threshold: String) {
        self.user = user
        self.item = item
        self.threshold = threshold
    }

    /// `user|item|threshold`.
    public var description: String { "\(user)|\(item)|\(threshold)" }

    public static func < (lhs: DueKey, rhs: DueKey) -> Bool { lhs.description < rhs.description }
}

/// A reminder owed to one user on the as-of day.
public struct DueItem: Sendable, Hashable, Codable {
    public var kind: DueKind
    public var record: DueRecord
    public var date: CalendarDate
    /// The login name of the recipient.
    public var user: String
    public var threshold: DueThreshold
    /// Days from the as-of day to the due day: negative when overdue.
    public var daysLeft: Int
    public var routing: DueRouting
    /// True when the record is restricted and the recipient may not read it: show the reference, never the title.
    public var titleWithheld: Bool

    /// Creates an item. A withheld title is not kept at all, so that no output made from the item
    /// (a digest, the inbox, `eqms notify due --json`) can carry it to its recipient.
    public init(
        kind: DueKind, record: DueRecord, date: CalendarDate, user: String, threshold: DueThreshold, daysLeft: Int,
        routing: DueRouting, titleWithheld: Bool
    ) {
        self.kind = kind
        var record = record
        if titleWithheld { record.title = "" }
        self.record = record
        self.date = date
        self.user = user
        self.threshold = threshold
        self.daysLeft = daysLeft
        self.routing = routing
        self.titleWithheld = titleWithheld
    }

    /// The title the recipient may read, or nil when it is withheld.
    public var visibleTitle: String? { titleWithheld ? nil : record.title }

    /// The item's identity across days and thresholds: kind and reference.
    public var itemKey: String { "\(kind.rawValue):\(record.reference)" }

    /// The send-once key: (user, item, threshold).
    public var key: DueKey { DueKey(user: user, item: itemKey, threshold: threshold.description) }

    /// Days overdue (0 when not overdue).
    public var daysOverdue: Int { max(0, -daysLeft) }
}

/// The due-date engine: which reminders each user is owed on a day, over every register.
public enum DueEngine {
    /// Every reminder owed on `asOf`, sorted by due day, then kind, reference and user.
    ///
    /// Each candidate goes to each person responsible for it whose account is active; an inactive
    /// or unknown person's share and an unassigned item go to the active quality managers (the
    /// active administrators when there is none). Overdue by `escalateAfterDays` or more, it also
    /// goes to the quality managers. Restricted titles are withheld from recipients who may not read them.
    public static func due(_ snapshot: DueSnapshot, asOf: CalendarDate, settings: DueSettings = .standard)
        -> [DueItem]
    {
        let directory = DueDirectory(users: snapshot.users)
        let today = asOf.daysSinceEpoch
        var items: [DueItem] = []
        items.reserveCapacity(snapshot.candidates.count)
        var recipients: [(user: DueDirectory.Entry, routing: DueRouting)] = []
        for candidate in snapshot.candidates {
            let daysLeft = candidate.date.daysSinceEpoch - today
            guard let threshold = settings.threshold(daysLeft: daysLeft) else { continue }
            recipients.removeAll(keepingCapacity: true)
            if candidate.responsible.isEmpty {
                for manager in directory.qualityManagers { recipients.append((manager, .unassigned)) }
            }
            for name in candidate.responsible {
                switch directory.resolve(name) {
                case .some(let entry) where entry.user.active: recipients.append((entry, .responsible))
                case .some: for manager in directory.qualityManagers { recipients.append((manager, .ownerInactive)) }
                case .none: for manager in directory.qualityManagers { recipients.append((manager, .ownerUnknown)) }
                }
            }
            if threshold == .overdue, -daysLeft >= settings.escalateAfterDays {
                for manager in directory.qualityManagers { recipients.append((manager, .escalation)) }
            }
            // One reminder per user and item: the first reason found wins (an escalation only
            // reaches a quality manager not already told).
            for (index, recipient) in recipients.enumerated()
            where !recipients[..<index].contains(where: { $0.user.user.username == recipient.user.user.username }) {
                items.append(
                    DueItem(
                        kind: candidate.kind, record: candidate.record, date: candidate.date,
                        user: recipient.user.user.username,
                        threshold: recipient.routing == .escalation ? .escalated : threshold, daysLeft: daysLeft,
                        routing: recipient.routing,
                        titleWithheld: candidate.record.restricted && !recipient.user.readsRestricted))
            }
        }
        items.sort {
            ($0.date.daysSinceEpoch, $0.kind.rawValue, $0.record.reference, $0.user)
                < ($1.date.daysSinceEpoch, $1.kind.rawValue, $1.record.reference, $1.user)
        }
        return items
    }
}

/// The users by login and display name, and the quality managers, looked up once per run.
struct DueDirectory {
    /// A user with what the engine asks of them, computed once.
    struct Entry {
        let user: User
        let readsRestricted: Bool
    }

    private var byName: [String: Entry] = [:]
    let qualityManagers: [Entry]

    init(users: [User]) {
        let entries = users.map { Entry(user: $0, readsRestricted: EvidenceAccess.mayReadRestricted($0)) }
        // Display names first, then login names over them: a login name is the more exact match.
        for entry in entries { byName[Self.fold(entry.user.displayName)] = entry }
        for entry in entries { byName[Self.fold(entry.user.username)] = entry }
        let active = entries.filter(\.user.active)
        let managers = active.filter { $0.user.role == .qualityManager }
        qualityManagers = (managers.isEmpty ? active.filter { $0.user.role == .admin } : managers)
            .sorted { $0.user.username < $1.user.username }
    }

    func resolve(_ name: String) -> Entry? {
        // Most registers name a login name exactly: try it before folding case and spaces.
        byName[name] ?? byName[Self.fold(name)]
    }

    private static func fold(_ name: String) -> String { name.trimmingWhitespace().lowercased() }
}
