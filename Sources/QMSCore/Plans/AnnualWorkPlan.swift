/// Where an activity stands.
public enum ActivityStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case notStarted = "not-started"
    case inProgress = "in-progress"
    case completed
    case delayed
    case cancelled

    /// Parses the status's name.
    public init(name: String) throws(DomainError) {
        guard let status = ActivityStatus(rawValue: name.trimmingWhitespace().lowercased()) else {
            throw .invalidValue(
                field: "status", value: name,
                expected: .listed(ActivityStatus.allCases.map(\.rawValue)))
        }
        self = status
    }
}

/// A result of an activity against an indicator, disaggregated by sex, youth and disability as
/// donors ask: "87 participants, including 18 women".
public struct IndicatorResult: Sendable, Hashable, Codable {
    /// What is counted: `participants`, `staff trained`.
    public var indicator: String
    public var total: Int
    /// Of the total: women, young people, persons with disabilities (nil when not counted).
    public var women: Int?
    public var youth: Int?
    public var disability: Int?

    /// Creates a result; ``validate()`` checks it.
    public init(indicator: String, total: Int, women: Int? = nil, youth: Int? = nil, disability: Int? = nil) {
        self.indicator = indicator.trimmingWhitespace()
        self.total = total
        self.women = women
        self.youth = youth
        self.disability = disability
    }

    /// Checks that the counts are possible.
    public func validate() throws(DomainError) {
        guard !indicator.isEmpty, indicator.count <= 120, !indicator.contains(":"), !indicator.contains(";") else {
            throw .invalidValue(
                field: "indicator", value: indicator, expected: .indicatorName)
        }
        guard total >= 0 else { throw .invalidValue(field: "total", value: String(total), expected: .zeroOrMore) }
        for (name, value) in [("women", women), ("youth", youth), ("disability", disability)] {
            guard let value else { continue }
            guard value >= 0, value <= total else {
                throw .ruleViolated(
                    .disaggregatedOverTotal,
                    ["indicator": "\(indicator)", "value": "\(value)", "name": "\(name)", "total": "\(total)"],
                    fix: .advice(.countsPartOfTotal))
            }
        }
    }

    /// Men, when women were counted.
    public var men: Int? { women.map { total - $0 } }

    /// `participants: 87, women 18, youth 20, disability 1` — the form results take in CSV cells.
    public var text: String {
        var parts = ["\(indicator): \(total)"]
        if let women { parts.append("women \(women)") }
        if let youth { parts.append("youth \(youth)") }
        if let disability { parts.append("disability \(disability)") }
        return parts.joined(separator: ", ")
    }

    /// Parses the form of ``text``.
    public init(parsing text: String) throws(DomainError) {
        let expected = Expectation.written(
            format: "INDICATOR: TOTAL, women N, youth N, disability N", example: "\"participants: 87, women 18\"")
        guard let colon = text.firstIndex(of: ":") else {
            throw .invalidValue(field: "result", value: text, expected: expected)
        }
        let indicator = String(text[..<colon]).trimmingWhitespace()
        let parts = text[text.index(after: colon)...].split(separator: ",").map {
            String($0).trimmingWhitespace()
        }
        guard let first = parts.first, let total = Int(first) else {
            throw .invalidValue(field: "result", value: text, expected: expected)
        }
        var counts: [String: Int] = [:]
        for part in parts.dropFirst() {
            let words = part.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count == 2, let value = Int(words[1]),
                ["women", "youth", "disability"].contains(words[0].lowercased()),
                counts[words[0].lowercased()] == nil
            else {
                throw .invalidValue(field: "result", value: text, expected: expected)
            }
            counts[words[0].lowercased()] = value
        }
        self.init(
            indicator: indicator, total: total, women: counts["women"], youth: counts["youth"],
            disability: counts["disability"])
        try validate()
    }
}

/// What an activity can be linked to.
public enum ActivityLinkKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A requirement of a catalogue, `iso-9001-2015:8.1`.
    case requirement
    /// A corrective action, `CA-2026-007-1`.
    case correctiveAction = "corrective-action"
    /// An observer-mission recommendation, `REC-2024-012`.
    case recommendation
    /// An evidence record, `EV-2026-0042`.
    case evidence
}

/// A link from an activity to a requirement, corrective action, recommendation or evidence record.
public struct ActivityLink: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var kind: ActivityLinkKind
    /// The identifier linked to, in its canonical form.
    public var target: String

    /// Creates a link, checking the form of the target.
    public init(kind: ActivityLinkKind, target: String) throws(DomainError) {
        let text = target.trimmingWhitespace()
        self.kind = kind
        switch kind {
        case .requirement: self.target = try RequirementKey(parsing: text).description
        case .correctiveAction: self.target = try CorrectiveActionID(parsing: text).description
        case .recommendation: self.target = try RecommendationID(parsing: text).description
        case .evidence: self.target = try EvidenceID(parsing: text).description
        }
    }

    /// Parses `KIND:TARGET`, such as `requirement:iso-9001-2015:8.1` or `evidence:EV-2026-0042`.
    public init(parsing text: String) throws(DomainError) {
        let value = text.trimmingWhitespace()
        guard let colon = value.firstIndex(of: ":"),
            let kind = ActivityLinkKind(rawValue: String(value[..<colon]).lowercased())
        else {
            throw .invalidValue(
                field: "link", value: text,
                expected: .activityLink(
                    kinds: ActivityLinkKind.allCases.map(\.rawValue), example: "requirement:iso-9001-2015:8.1"))
        }
        try self.init(kind: kind, target: String(value[value.index(after: colon)...]))
    }

    /// `requirement:iso-9001-2015:8.1`
    public var description: String { "\(kind.rawValue):\(target)" }

    public static func < (lhs: ActivityLink, rhs: ActivityLink) -> Bool { lhs.description < rhs.description }
}

/// A dated event of an activity: a workshop, a meeting or a mission, on the days it took place
/// (`2019-02-10` to `2019-02-14`, Tripoli), so that a work plan says when things happened and not
/// only in which quarter.
public struct ActivityEvent: Sendable, Hashable, Codable {
    /// The first day.
    public var start: CalendarDate
    /// The last day (the first, for an event of one day).
    public var end: CalendarDate
    /// Where it took place, when it took place somewhere: `Tripoli`, `Brussels`.
    public var place: String?

    /// Creates an event; ``validate()`` checks it.
    public init(start: CalendarDate, end: CalendarDate? = nil, place: String? = nil) {
        self.start = start
        self.end = end ?? start
        self.place = place?.trimmingWhitespace().nilIfEmpty
    }

    /// Checks that the event ends on or after its first day.
    public func validate() throws(DomainError) {
        guard start <= end else {
            throw .ruleViolated(
                .eventEndsBeforeStart, ["end": "\(end)", "start": "\(start)"], fix: .advice(.firstDayThenLast))
        }
        if let place, place.count > 120 {
            throw .invalidValue(field: "place", value: place, expected: .place(maximum: 120))
        }
    }

    /// `2019-02-10 – 2019-02-14, Tripoli`, or `2018-08-07, Tripoli` for a day.
    public var text: String {
        let days = start == end ? start.description : "\(start) – \(end)"
        return place.map { "\(days), \($0)" } ?? days
    }
}

/// An activity of the annual work plan.
public struct Activity: Sendable, Hashable, Codable {
    public var code: ActivityCode
    public var title: LocalizedText
    /// The output it delivers, by code.
    public var output: PlanCode
    public var quarters: QuarterSet
    /// Who answers for it (a department of the commission, the project).
    public var responsibleParty: String
    /// The partner that carries it out, when not the responsible party.
    public var implementingPartner: String?
    /// The electoral process it serves, EP-01 … EP-08.
    public var process: ElectoralProcess?
    public var status: ActivityStatus
    /// Progress in percent, 0 to 100.
    public var progress: Int
    public var results: [IndicatorResult]
    public var links: [ActivityLink]
    /// A note, such as that the data is sample data.
    public var note: String?
    /// The days it took place (workshops, meetings, missions), in the order given; empty when the
    /// plan gives only quarters.
    public var events: [ActivityEvent] {
        get { datedEvents ?? [] }
        set { datedEvents = newValue.isEmpty ? nil : newValue }
    }
    // Nil when empty, so that the canonical JSON (and the content hash recorded in the audit trail)
    // of an activity without events is what it was before events existed.
    private var datedEvents: [ActivityEvent]?

    private enum CodingKeys: String, CodingKey {
        case code, title, output, quarters, responsibleParty, implementingPartner, process, status, progress
        case results, links, note
        case datedEvents = "events"
    }

    /// Creates an activity; ``validate()`` checks it.
    public init(
        code: ActivityCode, title: LocalizedText, output: PlanCode, quarters: QuarterSet, responsibleParty: String,
        implementingPartner: String? = nil, process: ElectoralProcess? = nil, status: ActivityStatus = .notStarted,
        progress: Int = 0, results: [IndicatorResult] = [], links: [ActivityLink] = [], note: String? = nil,
        events: [ActivityEvent] = []
    ) {
        self.code = code
        self.title = LocalizedText(en: title.en.trimmingWhitespace(), ar: title.ar?.trimmingWhitespace())
        self.output = output
        self.quarters = quarters
        self.responsibleParty = responsibleParty.trimmingWhitespace()
        self.implementingPartner = implementingPartner?.trimmingWhitespace().nilIfEmpty
        self.process = process
        self.status = status
        self.progress = progress
        self.results = results
        var seen = Set<ActivityLink>()
        self.links = links.filter { seen.insert($0).inserted }.sorted()
        self.note = note?.trimmingWhitespace().nilIfEmpty
        self.datedEvents = events.isEmpty ? nil : events
    }

    /// Checks the activity's own fields.
    public func validate() throws(DomainError) {
        guard !title.en.isEmpty, title.en.count <= 500 else {
            throw .invalidValue(field: "title", value: title.en, expected: .title(maximum: 500))
        }
        guard !responsibleParty.isEmpty else {
            throw .invalidValue(
                field: "responsible party", value: responsibleParty, expected: .partyResponsible)
        }
        guard (0...100).contains(progress) else {
            throw .invalidValue(
                field: "progress", value: String(progress), expected: .percentage(minimum: 0, maximum: 100))
        }
        var indicators = Set<String>()
        for result in results {
            try result.validate()
            guard indicators.insert(result.indicator.lowercased()).inserted else {
                throw .ruleViolated(
                    .indicatorGivenTwice, ["indicator": "\(result.indicator)"], fix: .advice(.indicatorOnce))
            }
        }
        for event in events { try event.validate() }
    }

    /// Checks that every event falls in the work plan's year and in one of the activity's quarters,
    /// so that an activity sits in the plan of the period it happened.
    public func validateEvents(year: Int) throws(DomainError) {
        for event in events {
            for day in [event.start, event.end] where day.year != year {
                throw .ruleViolated(
                    .eventOutsideYear, ["event": "\(event.text)", "year": "\(year)"],
                    fix: .advice(.activityInItsYear))
            }
            for day in [event.start, event.end] {
                guard let quarter = Quarter(rawValue: day.quarter), quarters.quarters.contains(quarter) else {
                    throw .ruleViolated(
                        .eventOutsideQuarters,
                        ["event": "\(event.text)", "quarter": "\(day.quarter)", "quarters": "\(quarters)"],
                        fix: .advice(.addQuarter))
                }
            }
        }
    }
}

/// What identifies a budget line within a work plan: its activity, account and funding source.
public struct BudgetLineKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var activity: ActivityCode
    public var account: PlanCode
    public var source: PlanCode

    /// Creates a key.
    public init(activity: ActivityCode, account: PlanCode, source: PlanCode) {
        self.activity = activity
        self.account = account
        self.source = source
    }

    /// `1.3.2/72100/EU`
    public var description: String { "\(activity)/\(account)/\(source)" }

    public static func < (lhs: BudgetLineKey, rhs: BudgetLineKey) -> Bool {
        if lhs.activity != rhs.activity { return lhs.activity < rhs.activity }
        if lhs.account != rhs.account { return lhs.account < rhs.account }
        return lhs.source < rhs.source
    }
}

/// A budget line of an activity: an account, a funding source and the amount planned per quarter.
public struct BudgetLine: Sendable, Hashable, Codable {
    public var activity: ActivityCode
    /// The chart-of-accounts code, `72100` (contractual services).
    public var account: PlanCode
    public var description: String
    /// The donor or other source paying for it.
    public var source: PlanCode
    /// The amount planned in Q1, Q2, Q3 and Q4.
    public var quarters: [Money]

    /// Creates a line from its quarterly amounts (four, in the same currency).
    public init(activity: ActivityCode, account: PlanCode, description: String, source: PlanCode, quarters: [Money]) {
        self.activity = activity
        self.account = account
        self.description = description.trimmingWhitespace()
        self.source = source
        self.quarters = quarters
    }

    /// What identifies it.
    public var key: BudgetLineKey { BudgetLineKey(activity: activity, account: account, source: source) }

    /// The currency of its amounts.
    public var currency: CurrencyCode { quarters.first?.currency ?? Money.defaultPlanCurrency }

    /// The amount of one quarter.
    public func planned(in quarter: Quarter) -> Money {
        quarter.rawValue <= quarters.count ? quarters[quarter.rawValue - 1] : .zero(currency)
    }

    /// The year's amount: the sum of the quarters.
    public var amount: Money {
        Money(minorUnits: quarters.reduce(Int64(0)) { $0 &+ $1.minorUnits }, currency: currency)
    }

    /// Checks the amounts: four quarters, none negative, one currency, no overflow.
    public func validate() throws(DomainError) {
        guard description.count <= 500 else {
            throw .invalidValue(field: "description", value: description, expected: .atMost(characters: 500))
        }
        guard quarters.count == 4 else {
            throw .ruleViolated(.budgetLineNeedsFourQuarters, ["line": "\(key)"], fix: .advice(.fourQuarters))
        }
        var total = Money.zero(currency)
        for (index, amount) in quarters.enumerated() {
            guard amount.currency == currency else {
                throw .ruleViolated(
                    .budgetLineMixesCurrencies,
                    ["line": "\(key)", "found": "\(amount.currency)", "currency": "\(currency)"],
                    fix: .advice(.lineInOneCurrency))
            }
            guard amount.minorUnits >= 0 else {
                throw .invalidValue(
                    field: "Q\(index + 1)", value: amount.decimalString, expected: .amountNotNegative)
            }
            total = try total.adding(amount)
        }
    }
}

extension Money {
    /// The currency of a plan that names none.
    public static let defaultPlanCurrency: CurrencyCode = {
        guard let usd = try? CurrencyCode("USD") else { preconditionFailure("USD is a valid currency code") }
        return usd
    }()
}

/// An annual work plan: a year's activities and their budget, in one currency.
public struct AnnualWorkPlan: Sendable, Hashable, Codable {
    public var id: PlanID
    public var year: Int
    /// The donor project it belongs to.
    public var project: LocalizedText
    /// The funding agreement (its number or title).
    public var fundingAgreement: String?
    public var currency: CurrencyCode
    public var activities: [Activity]
    public var budgetLines: [BudgetLine]

    /// Creates a work plan.
    public init(
        id: PlanID, year: Int, project: LocalizedText, fundingAgreement: String? = nil, currency: CurrencyCode,
        activities: [Activity] = [], budgetLines: [BudgetLine] = []
    ) {
        self.id = id
        self.year = year
        self.project = project
        self.fundingAgreement = fundingAgreement?.trimmingWhitespace().nilIfEmpty
        self.currency = currency
        self.activities = activities
        self.budgetLines = budgetLines
    }

    /// The activity with a code.
    public func activity(_ code: ActivityCode) -> Activity? { activities.first { $0.code == code } }

    /// The sum of every budget line.
    public var totalPlanned: Money {
        Money(minorUnits: budgetLines.reduce(Int64(0)) { $0 &+ $1.amount.minorUnits }, currency: currency)
    }
}
