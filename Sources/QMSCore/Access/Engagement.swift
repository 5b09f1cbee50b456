/// Engagements of a certification body: `ENG-2026-01`.
public enum EngagementIDKind: YearlyIDKind {
    public static let prefix = "ENG"
    public static let digits = 2
    public static let noun = "engagement"
    public static let itemPrefix = "ENG"
}

/// An engagement's identifier: `ENG-2026-01`.
public typealias EngagementID = YearlyID<EngagementIDKind>

/// What an engagement lets its auditors read: standards, processes, sites and a period. An empty
/// list or an absent day does not narrow the scope.
public struct EngagementScope: Sendable, Hashable, Codable {
    public var standards: [StandardID]
    /// QMS processes or electoral processes (EP-01 … EP-08).
    public var processes: [String]
    /// Headquarters, named field offices, polling centres: matched against where evidence is kept.
    public var sites: [String]
    /// The first day of the period under audit.
    public var periodFrom: CalendarDate?
    /// The last day of the period under audit.
    public var periodTo: CalendarDate?

    /// Creates a scope; repeats are left out.
    public init(
        standards: [StandardID] = [], processes: [String] = [], sites: [String] = [], periodFrom: CalendarDate? = nil,
        periodTo: CalendarDate? = nil
    ) {
        var seen = Set<StandardID>()
        self.standards = standards.filter { seen.insert($0).inserted }
        self.processes = processes.map { $0.uppercased().hasPrefix("EP-") ? $0.uppercased() : $0 }.trimmedUnique
        self.sites = sites.trimmedUnique
        self.periodFrom = periodFrom
        self.periodTo = periodTo
    }
}

/// An engagement as the organisation writes it: the certification body, its auditors (local
/// accounts of the auditor role), the scope, whether restricted evidence is shown, and the window
/// of days (in the organisation's time zone) in which the auditors may sign in.
public struct EngagementDraft: Sendable, Hashable, Codable {
    public var certificationBody: String
    /// The auditors' usernames.
    public var auditors: [String]
    public var scope: EngagementScope
    /// Whether the auditors are shown evidence marked restricted.
    public var grantsRestricted: Bool
    /// The first day the auditors may sign in.
    public var opensOn: CalendarDate
    /// The last day the auditors may sign in; access ends by itself after it.
    public var closesOn: CalendarDate

    /// Creates a draft; ``validate()`` checks it.
    public init(
        certificationBody: String, auditors: [String], scope: EngagementScope = EngagementScope(),
        grantsRestricted: Bool = false, opensOn: CalendarDate, closesOn: CalendarDate
    ) {
        self.certificationBody = certificationBody.trimmingWhitespace()
        self.auditors = auditors.map { $0.trimmingWhitespace().lowercased() }.trimmedUnique
        self.scope = scope
        self.grantsRestricted = grantsRestricted
        self.opensOn = opensOn
        self.closesOn = closesOn
    }

    /// Checks the rules every engagement obeys; each problem names the field at fault.
    public func validate() throws(DomainError) {
        guard !certificationBody.isEmpty, certificationBody.count <= 200 else {
            throw .ruleViolated(.engagementNeedsCertificationBody, fix: .give(["certification-body"]))
        }
        guard !auditors.isEmpty else {
            throw .ruleViolated(.engagementNeedsAuditors, fix: .give(["auditors"]))
        }
        guard opensOn <= closesOn else {
            throw .ruleViolated(
                .engagementClosesBeforeOpening, ["closes": "\(closesOn)", "opens": "\(opensOn)"],
                fix: .later("closes", after: opensOn.description))
        }
        if let from = scope.periodFrom, let to = scope.periodTo, to < from {
            throw .ruleViolated(
                .engagementPeriodEndsBeforeStart, ["end": "\(to)", "start": "\(from)"],
                fix: .later("period-to", after: from.description))
        }
        for process in scope.processes where process.hasPrefix("EP-") { _ = try ElectoralProcess(code: process) }
    }
}

/// Where an engagement's window stands on a day.
public enum EngagementWindow: String, Sendable, Hashable, Codable, CaseIterable {
    /// Before its first day.
    case upcoming
    /// Its auditors may sign in.
    case open
    /// After its last day, or closed early by the organisation.
    case ended
}

/// An engagement as recorded.
public struct Engagement: Sendable, Hashable, Codable, Identifiable {
    public var id: EngagementID
    public var content: EngagementDraft
    /// The day the organisation closed it before its window ran out, if it did.
    public var closedOn: CalendarDate?
    public var recordedAt: Instant
    public var recordedBy: String

    /// Creates a record.
    public init(
        id: EngagementID, content: EngagementDraft, closedOn: CalendarDate? = nil, recordedAt: Instant,
        recordedBy: String
    ) {
        self.id = id
        self.content = content
        self.closedOn = closedOn
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }

    /// Where the window stands on `day` (a day of the organisation's time zone).
    public func window(on day: CalendarDate) -> EngagementWindow {
        if closedOn != nil || day > content.closesOn { return .ended }
        return day < content.opensOn ? .upcoming : .open
    }

    /// Whether `username` is one of its auditors.
    public func names(_ username: String) -> Bool { content.auditors.contains(username.lowercased()) }

    /// Closes it early on `day`; refused when it has already ended.
    public mutating func close(on day: CalendarDate) throws(DomainError) {
        guard window(on: day) != .ended else {
            throw .ruleViolated(.engagementAlreadyEnded, ["engagement": "\(id)"], fix: nil)
        }
        closedOn = day
    }
}

/// What an engagement's auditor asks to see.
public enum EngagementItem: Sendable, Hashable {
    /// An evidence record (and so its files).
    case evidence(EvidenceDraft)
    /// A requirement of a catalogue.
    case requirement(RequirementKey)
    /// A standard's catalogue.
    case standard(StandardID)
    /// A page that shows no record of its own (the dashboard, the profile).
    case page
}

/// What the engagement rule decides for one user, item and day.
public enum EngagementDecision: Sendable, Hashable {
    /// No engagement names the user: the ordinary rules of their role apply.
    case notEngaged
    /// An open engagement names the user and covers the item.
    case allowed(EngagementID)
    /// Engagements name the user, and none is open on the day: the first day of the next one, if any.
    case outsideWindow(opensOn: CalendarDate?)
    /// An open engagement names the user but none covers the item.
    case outsideScope
    /// The item is restricted evidence and no open engagement grants it.
    case restricted

    /// Whether the user may see the item.
    public var permits: Bool {
        switch self {
        case .notEngaged, .allowed: return true
        case .outsideWindow, .outsideScope, .restricted: return false
        }
    }
}

/// The rule of external auditors' access: an account named by an engagement works only inside an
/// open window, and sees only what an open engagement's scope covers (restricted evidence only
/// when it is granted). Accounts no engagement names are not concerned (internal auditors keep the
/// ordinary auditor role).
public enum EngagementAccess {
    /// Whether `username` may see `item` on `day`, given every engagement recorded.
    public static func decide(
        _ username: String, item: EngagementItem, on day: CalendarDate, engagements: [Engagement]
    ) -> EngagementDecision {
        let theirs = engagements.filter { $0.names(username) }
        guard !theirs.isEmpty else { return .notEngaged }
        let open = theirs.filter { $0.window(on: day) == .open }
        guard !open.isEmpty else {
            let next = theirs.filter { $0.window(on: day) == .upcoming }.map(\.content.opensOn).min()
            return .outsideWindow(opensOn: next)
        }
        var restricted = false
        for engagement in open where covers(engagement.content.scope, item) {
            if case .evidence(let draft) = item, draft.confidentiality == .restricted,
                !engagement.content.grantsRestricted
            {
                restricted = true
                continue
            }
            return .allowed(engagement.id)
        }
        return restricted ? .restricted : .outsideScope
    }

    /// Whether a scope covers an item. An evidence record is covered when it supports a requirement
    /// of a standard in scope, belongs to a process in scope (a record of no process concerns the
    /// whole system and is covered), is kept at a site in scope, and is in effect during the period.
    public static func covers(_ scope: EngagementScope, _ item: EngagementItem) -> Bool {
        switch item {
        case .page: return true
        case .standard(let standard): return scope.standards.isEmpty || scope.standards.contains(standard)
        case .requirement(let key): return scope.standards.isEmpty || scope.standards.contains(key.standard)
        case .evidence(let draft):
            if !scope.standards.isEmpty, !draft.requirements.contains(where: { scope.standards.contains($0.standard) })
            {
                return false
            }
            if !scope.processes.isEmpty, let process = draft.process,
                !scope.processes.contains(where: { $0.lowercased() == process.lowercased() })
            {
                return false
            }
            if !scope.sites.isEmpty {
                let location = draft.location.lowercased()
                guard scope.sites.contains(where: { location.contains($0.lowercased()) }) else { return false }
            }
            if let from = scope.periodFrom, let end = draft.effectiveTo, end < from { return false }
            if let to = scope.periodTo, draft.effectiveFrom > to { return false }
            return true
        }
    }
}

/// An engagement as typed in a form, on the command line or in a JSON body: lists as text
/// separated by commas or new lines, days as `YYYY-MM-DD`. Assembled into a draft once, here,
/// each problem naming its field.
public struct EngagementInput: Sendable {
    public var certificationBody: String?
    public var auditors: [String]
    public var standards: [String]
    public var processes: [String]
    public var sites: [String]
    public var periodFrom: String?
    public var periodTo: String?
    public var opens: String?
    public var closes: String?
    public var grantsRestricted: Bool

    /// Collects the raw values; each list entry may itself hold several, separated by commas.
    public init(
        certificationBody: String?, auditors: [String], standards: [String] = [], processes: [String] = [],
        sites: [String] = [], periodFrom: String? = nil, periodTo: String? = nil, opens: String?, closes: String?,
        grantsRestricted: Bool = false
    ) {
        func split(_ values: [String]) -> [String] {
            values.flatMap { $0.split(whereSeparator: { $0 == "," || $0.isNewline }) }.map {
                String($0).trimmingWhitespace()
            }.filter { !$0.isEmpty }
        }
        self.certificationBody = certificationBody
        self.auditors = split(auditors)
        self.standards = split(standards)
        self.processes = split(processes)
        self.sites = split(sites)
        self.periodFrom = periodFrom
        self.periodTo = periodTo
        self.opens = opens
        self.closes = closes
        self.grantsRestricted = grantsRestricted
    }

    /// The draft, checked.
    public func draft() throws(DomainError) -> EngagementDraft {
        func day(_ text: String?, _ field: String, required: Bool) throws(DomainError) -> CalendarDate? {
            try CalendarDate.typed(text, field: field, required: required)
        }
        var standardIDs: [StandardID] = []
        for text in standards {
            do {
                standardIDs.append(try StandardID(text.lowercased()))
            } catch {
                throw .invalidValue(
                    field: "standards", value: text,
                    expected: .written(format: "iso-9001-2015", example: "iso-9001-2015"))
            }
        }
        guard let opensOn = try day(opens, "opens", required: true),
            let closesOn = try day(closes, "closes", required: true)
        else { throw .invalidValue(field: "opens", value: "", expected: .dateWritten) }
        let draft = EngagementDraft(
            certificationBody: certificationBody ?? "", auditors: auditors,
            scope: EngagementScope(
                standards: standardIDs, processes: processes, sites: sites,
                periodFrom: try day(periodFrom, "period-from", required: false),
                periodTo: try day(periodTo, "period-to", required: false)),
            grantsRestricted: grantsRestricted, opensOn: opensOn, closesOn: closesOn)
        try draft.validate()
        return draft
    }
}
