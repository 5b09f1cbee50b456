/// What a monitored indicator measures (ISO 9001 9.1).
public enum KPICategory: String, Sendable, Hashable, Codable, CaseIterable {
    /// The performance of a process or of the system (9.1.1).
    case performance
    /// How voters perceive the commission: surveys, complaints, turnout studies (9.1.2).
    case voterPerception = "voter-perception"
    /// How candidates, parties, observers and the media perceive it: a media monitoring unit's
    /// findings, observer reports, stakeholder surveys (9.1.2).
    case stakeholderPerception = "stakeholder-perception"

    /// Whether it is perception data (customer satisfaction, 9.1.2).
    public var isPerception: Bool { self != .performance }
}

/// Which way is better.
public enum KPIDirection: String, Sendable, Hashable, Codable, CaseIterable {
    case higher
    case lower
}

/// How an indicator moved between its last two measurements.
public enum KPITrend: String, Sendable, Hashable, Codable {
    case improving
    case worsening
    case steady
}

/// A monitored indicator as defined.
///
/// This is the *monitoring and measurement* register (9.1): measurements taken over time, with
/// their date and source. The strategic plan's KPIs (``KPI`` in a plan set) carry a baseline,
/// yearly targets and the actuals a plan file reports; an indicator here may name the plan KPI it
/// follows (`planKPI`), so that the two meet without one copying the other.
public struct KPIDraft: Sendable, Hashable, Codable {
    public var code: RegisterCode
    public var title: String
    /// `%`, `days`, `complaints`.
    public var unit: String
    public var category: KPICategory
    public var direction: KPIDirection
    public var target: DecimalValue?
    public var owner: String
    public var process: String?
    /// How many months may pass between measurements before one is late.
    public var everyMonths: Int?
    /// Where the figures come from: "Media monitoring unit", "Post-election voter survey".
    public var dataSource: String?
    /// The strategic-plan KPI it follows, by code (`K1.2`).
    public var planKPI: PlanCode?
    public var requirements: [RequirementKey]

    /// Creates a draft; ``validate()`` checks it.
    public init(
        code: RegisterCode, title: String, unit: String, category: KPICategory = .performance,
        direction: KPIDirection = .higher, target: DecimalValue? = nil, owner: String, process: String? = nil,
        everyMonths: Int? = nil, dataSource: String? = nil, planKPI: PlanCode? = nil,
        requirements: [RequirementKey] = []
    ) {
        self.code = code
        self.title = title.trimmingWhitespace()
        self.unit = unit.trimmingWhitespace()
        self.category = category
        self.direction = direction
        self.target = target
        self.owner = owner.trimmingWhitespace()
        self.process = ProcessName.normalised(process)
        self.everyMonths = everyMonths
        self.dataSource = dataSource.trimmedOrNil
        self.planKPI = planKPI
        self.requirements = requirements.uniqueKeys
    }

    /// Checks the rules every indicator obeys.
    public func validate() throws(DomainError) {
        try TextCheck.required(title, field: "title")
        try TextCheck.required(unit, field: "unit", maximum: 32)
        try TextCheck.required(owner, field: "owner", maximum: 200)
        try TextCheck.optional(dataSource, field: "data source", maximum: 300)
        try ProcessName.check(process)
        if let everyMonths, !(1...60).contains(everyMonths) {
            throw .invalidValue(
                field: "measurement interval", value: String(everyMonths), expected: .months(minimum: 1, maximum: 60))
        }
    }
}

/// One measurement of an indicator.
public struct KPIMeasurement: Sendable, Hashable, Codable {
    /// 1 for the first measurement.
    public var number: Int
    /// The day it was measured (the end of the period it covers).
    public var on: CalendarDate
    /// The period it covers, when named: `2026-Q1`, "polling day".
    public var period: String?
    public var value: DecimalValue
    public var source: String?
    public var note: String?
    public var by: String

    /// Creates a measurement.
    public init(
        number: Int, on: CalendarDate, period: String? = nil, value: DecimalValue, source: String? = nil,
        note: String? = nil, by: String
    ) {
        self.number = number
        self.on = on
        self.period = period.trimmedOrNil
        self.value = value
        self.source = source.trimmedOrNil
        self.note = note.trimmedOrNil
        self.by = by
    }
}

/// A monitored indicator with its measurements, as stored.
public struct MonitoredKPI: Sendable, Hashable, Codable, Identifiable {
    public var content: KPIDraft
    /// Every measurement, in the order recorded.
    public var measurements: [KPIMeasurement]
    public var evidence: EvidenceID?
    public var recordedAt: Instant
    public var recordedBy: String

    /// Creates a stored indicator.
    public init(
        content: KPIDraft, measurements: [KPIMeasurement] = [], evidence: EvidenceID? = nil, recordedAt: Instant,
        recordedBy: String
    ) {
        self.content = content
        self.measurements = measurements
        self.evidence = evidence
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }

    public var id: RegisterCode { content.code }

    /// The measurements in date order (recording order among those of one day).
    public var series: [KPIMeasurement] {
        measurements.enumerated().sorted { ($0.element.on, $0.offset) < ($1.element.on, $1.offset) }.map(\.element)
    }

    /// The most recent measurement by date.
    public var latest: KPIMeasurement? { series.last }

    /// The indicator with one more measurement.
    public func measuring(
        _ value: DecimalValue, on day: CalendarDate, period: String?, source: String?, note: String?, by actor: String
    ) throws(DomainError) -> MonitoredKPI {
        try TextCheck.optional(period, field: "period", maximum: 32)
        try TextCheck.optional(source, field: "source", maximum: 300)
        try TextCheck.optional(note, field: "note", maximum: 1000)
        var kpi = self
        kpi.measurements.append(
            KPIMeasurement(
                number: measurements.count + 1, on: day, period: period, value: value, source: source, note: note,
                by: actor))
        return kpi
    }

    /// How the last two measurements compare, better or worse by the indicator's direction.
    public var trend: KPITrend? {
        let values = series
        guard values.count >= 2 else { return nil }
        let last = values[values.count - 1].value
        let previous = values[values.count - 2].value
        if last == previous { return .steady }
        let rose = previous < last
        return rose == (content.direction == .higher) ? .improving : .worsening
    }

    /// Whether the latest measurement meets the target, when both exist.
    public var onTarget: Bool? {
        guard let target = content.target, let value = latest?.value else { return nil }
        return content.direction == .higher ? !(value < target) : !(target < value)
    }

    /// When the next measurement is due, for an indicator measured at a set interval.
    public var nextDue: CalendarDate? {
        guard let months = content.everyMonths, let latest else { return nil }
        return latest.on.adding(months: months)
    }

    /// A late measurement on `day`.
    public func alerts(on day: CalendarDate) -> [RegisterAlert] {
        guard let due = nextDue, due < day else { return [] }
        return [
            RegisterAlert(
                kind: .measurementOverdue, reference: content.code.description, date: due, days: day.days(until: due))
        ]
    }

    /// The evidence an indicator with measurements is: monitoring and measurement (9.1.1), or
    /// voter and stakeholder perception (9.1.2); due again when the next measurement is.
    public var evidenceSpec: RegisterEvidenceSpec? {
        let values = series
        guard let first = values.first, let last = values.last else { return nil }
        let source = content.dataSource.map { ", source: \($0)" } ?? ""
        let target = content.target.map { " against a target of \($0) (\(content.direction.rawValue) is better)" } ?? ""
        var lines = [
            "\(content.category.rawValue.sentenceCased) indicator, owner \(content.owner)\(source).",
            "\(values.count) measurement(s) from \(first.on) to \(last.on); latest \(last.value) \(content.unit)\(target).",
        ]
        if let planKPI = content.planKPI { lines.append("Follows the strategic-plan KPI \(planKPI).") }
        let clauses = content.category.isPerception ? RegisterClauses.perception : RegisterClauses.performance
        return RegisterEvidenceSpec(
            title: "KPI \(content.code): \(content.title)", description: lines.joined(separator: "\n"),
            owner: content.owner, process: content.process, effectiveFrom: first.on, reviewDue: nextDue,
            requirements: content.requirements + RegisterClauses.keys(clauses),
            tags: ["kpi", content.category.rawValue])
    }
}
