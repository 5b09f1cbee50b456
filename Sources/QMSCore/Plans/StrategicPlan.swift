/// A KPI value for one period: a year's target (`2019`) or an actual for a period (`2019`,
/// `2019-Q2`, `2019-H1`).
public struct KPIValue: Sendable, Hashable, Codable {
    /// The year or period, as the plan names it.
    public var period: String
    public var value: DecimalValue

    /// Creates a value for a period.
    public init(period: String, value: DecimalValue) {
        self.period = period.trimmingWhitespace()
        self.value = value
    }

    /// The year the period falls in (its first four digits), when it has one.
    public var year: Int? {
        let digits = period.prefix(4)
        return digits.count == 4 && digits.allSatisfy(\.isASCIIDigit) ? Int(digits) : nil
    }

    /// The year and quarter in which the period ends: `2019-Q2` → (2019, 2), `2019-H1` → (2019, 2),
    /// `2019` → (2019, 4); nil for a period with no year.
    public var endingQuarter: (year: Int, quarter: Int)? {
        guard let year else { return nil }
        let rest = String(period.dropFirst(4).uppercased().drop { $0 == "-" || $0 == "/" || $0 == " " })
        if rest.hasPrefix("Q"), let quarter = Int(rest.dropFirst()), (1...4).contains(quarter) {
            return (year, quarter)
        }
        if rest.hasPrefix("H"), let half = Int(rest.dropFirst()), (1...2).contains(half) { return (year, half * 2) }
        return (year, 4)
    }
}

/// A key performance indicator of a strategic objective.
public struct KPI: Sendable, Hashable, Codable {
    public var code: PlanCode
    public var title: LocalizedText
    /// What it is counted in: `%`, `voters`, `days`.
    public var unit: String
    public var baseline: DecimalValue
    /// The year the baseline was measured, when known.
    public var baselineYear: Int?
    /// The target for each year of the plan.
    public var targets: [KPIValue]
    /// What was measured, period by period.
    public var actuals: [KPIValue]
    /// Where the figures come from.
    public var dataSource: String?

    /// Creates a KPI.
    public init(
        code: PlanCode, title: LocalizedText, unit: String, baseline: DecimalValue, baselineYear: Int? = nil,
        targets: [KPIValue] = [], actuals: [KPIValue] = [], dataSource: String? = nil
    ) {
        self.code = code
        self.title = title
        self.unit = unit.trimmingWhitespace()
        self.baseline = baseline
        self.baselineYear = baselineYear
        self.targets = targets
        self.actuals = actuals
        self.dataSource = dataSource?.trimmingWhitespace().nilIfEmpty
    }

    /// The target of `year`, or failing that the last target before it.
    public func target(for year: Int) -> KPIValue? {
        targets.filter { ($0.year ?? Int.max) <= year }.last ?? targets.first
    }

    /// The latest actual (the last one the plan lists).
    public var latestActual: KPIValue? { actuals.last }
}

/// A strategic objective; it may be declared one of the organisation's quality objectives
/// (ISO 9001 6.2), which makes the plan evidence for that clause too.
public struct StrategicObjective: Sendable, Hashable, Codable {
    public var code: PlanCode
    public var title: LocalizedText
    /// Whether this objective is an ISO 9001 6.2 quality objective.
    public var qualityObjective: Bool
    public var kpis: [KPI]

    /// Creates an objective.
    public init(code: PlanCode, title: LocalizedText, qualityObjective: Bool = false, kpis: [KPI] = []) {
        self.code = code
        self.title = title
        self.qualityObjective = qualityObjective
        self.kpis = kpis
    }
}

/// A strategic goal with its objectives.
public struct StrategicGoal: Sendable, Hashable, Codable {
    public var code: PlanCode
    public var title: LocalizedText
    public var objectives: [StrategicObjective]

    /// Creates a goal.
    public init(code: PlanCode, title: LocalizedText, objectives: [StrategicObjective] = []) {
        self.code = code
        self.title = title
        self.objectives = objectives
    }
}

/// The organisation's strategic plan for a period, usually one electoral cycle.
public struct StrategicPlan: Sendable, Hashable, Codable {
    /// The plan's own identifier, `hnec-sp-2018-2019`.
    public var id: PlanID
    public var title: LocalizedText
    /// First and last year of the period.
    public var fromYear: Int
    public var toYear: Int
    public var vision: LocalizedText?
    public var mission: LocalizedText?
    public var values: [LocalizedText]
    public var goals: [StrategicGoal]

    /// Creates a strategic plan.
    public init(
        id: PlanID, title: LocalizedText, fromYear: Int, toYear: Int, vision: LocalizedText? = nil,
        mission: LocalizedText? = nil, values: [LocalizedText] = [], goals: [StrategicGoal] = []
    ) {
        self.id = id
        self.title = title
        self.fromYear = fromYear
        self.toYear = toYear
        self.vision = vision
        self.mission = mission
        self.values = values
        self.goals = goals
    }

    /// Every objective, goal by goal.
    public var objectives: [StrategicObjective] { goals.flatMap(\.objectives) }

    /// Every KPI with the objective it measures.
    public var kpis: [(objective: StrategicObjective, kpi: KPI)] {
        objectives.flatMap { objective in objective.kpis.map { (objective, $0) } }
    }

    /// Whether any objective is declared an ISO 9001 6.2 quality objective.
    public var hasQualityObjectives: Bool { objectives.contains(where: \.qualityObjective) }
}
