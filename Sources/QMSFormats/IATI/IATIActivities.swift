import QMSCore

/// How a work plan is cut into IATI activities.
public enum IATIActivityGrouping: String, Sendable, Hashable, Codable, CaseIterable {
    /// One activity for the whole work plan.
    case plan
    /// One activity per output of the operational plan that the work plan delivers.
    case output
}

/// An organisation as IATI names it: an identifier when it has one, and its name.
public struct IATIOrganisation: Sendable, Hashable {
    /// Its IATI organisation identifier (`XM-DAC-41114`), when known.
    public var reference: String?
    /// IATI OrganisationType code (`10` government, `40` multilateral), when known.
    public var type: String?
    public var name: LocalizedText

    /// Creates an organisation.
    public init(reference: String? = nil, type: String? = nil, name: LocalizedText) {
        self.reference = reference?.trimmingWhitespace().nilIfEmpty
        self.type = type
        self.name = name
    }
}

/// A period from its first to its last day.
public struct IATIPeriod: Sendable, Hashable {
    public var start: CalendarDate
    public var end: CalendarDate

    /// Creates a period.
    public init(start: CalendarDate, end: CalendarDate) {
        self.start = start
        self.end = end
    }

    /// A quarter of a year.
    public static func quarter(_ quarter: Int, of year: Int) -> IATIPeriod {
        months(3 * (quarter - 1) + 1, 3 * quarter, of: year)
    }

    /// A whole year.
    public static func year(_ year: Int) -> IATIPeriod { months(1, 12, of: year) }

    static func months(_ first: Int, _ last: Int, of year: Int) -> IATIPeriod {
        IATIPeriod(
            start: CalendarDate(daysSinceEpoch: day(year, first, 1)),
            end: CalendarDate(daysSinceEpoch: day(year, last, CalendarDate.daysIn(month: last, year: year))))
    }

    private static func day(_ year: Int, _ month: Int, _ day: Int) -> Int {
        // Months and days come from the constants above, so the date always exists.
        (try? CalendarDate(year: year, month: month, day: day))?.daysSinceEpoch ?? 0
    }

    /// Reads a KPI period: `2019`, `2019-Q2` or `2019-H1`; nil for any other form.
    public init?(kpiPeriod text: String) {
        let value = text.trimmingWhitespace().uppercased()
        let digits = value.prefix(4)
        guard digits.count == 4, digits.allSatisfy(\.isASCIIDigit), let year = Int(digits) else { return nil }
        let rest = value.dropFirst(4)
        switch rest {
        case "": self = .year(year)
        case "-Q1", "-Q2", "-Q3", "-Q4":
            guard let quarter = Int(String(rest.suffix(1))) else { return nil }
            self = .quarter(quarter, of: year)
        case "-H1": self = .months(1, 6, of: year)
        case "-H2": self = .months(7, 12, of: year)
        default: return nil
        }
    }

    /// Whether it runs for more than a year: its last day falls on or after the day one year after
    /// its first (IATI's rule for budgets and planned disbursements).
    public var isLongerThanAYear: Bool {
        let next = start.year + 1
        let day = min(start.day, CalendarDate.daysIn(month: start.month, year: next))
        guard let anniversary = try? CalendarDate(year: next, month: start.month, day: day) else { return false }
        return end >= anniversary
    }
}

/// A budget of an activity for a period of at most a year.
public struct IATIBudget: Sendable, Hashable {
    public var period: IATIPeriod
    public var value: Money
    /// The day the value's exchange rate is taken on: the period's first day.
    public var valueDate: CalendarDate

    /// Creates a budget valued on the period's first day.
    public init(period: IATIPeriod, value: Money, valueDate: CalendarDate? = nil) {
        self.period = period
        self.value = value
        self.valueDate = valueDate ?? period.start
    }
}

/// What a funding source is planned to pay in a period.
public struct IATIPlannedDisbursement: Sendable, Hashable {
    public var period: IATIPeriod
    public var value: Money
    public var valueDate: CalendarDate
    public var provider: IATIOrganisation
    public var receiver: IATIOrganisation?

    /// Creates a planned disbursement valued on the period's first day.
    public init(period: IATIPeriod, value: Money, provider: IATIOrganisation, receiver: IATIOrganisation? = nil) {
        self.period = period
        self.value = value
        self.valueDate = period.start
        self.provider = provider
        self.receiver = receiver
    }
}

/// A transaction: money that moved, on a day.
public struct IATITransaction: Sendable, Hashable {
    /// IATI TransactionType: `3` disbursement, `4` expenditure.
    public var type: String
    public var date: CalendarDate
    public var value: Money
    public var valueDate: CalendarDate
    /// The voucher or payment reference.
    public var description: String?
    /// Whose money it is: the funding source it is charged to.
    public var provider: IATIOrganisation?
    /// The organisation a disbursement went to, by the name the ledger gives it.
    public var receiver: String?
    /// The UNDP budget code (account) and funding source code, carried in the extension namespace.
    public var account: String?
    public var source: String?
    /// The work plan activity it was charged to.
    public var planActivity: String?

    /// Creates a transaction valued on its own day.
    public init(
        type: String, date: CalendarDate, value: Money, description: String? = nil, provider: IATIOrganisation? = nil,
        receiver: String? = nil, account: String? = nil, source: String? = nil, planActivity: String? = nil
    ) {
        self.type = type
        self.date = date
        self.value = value
        self.valueDate = date
        self.description = description?.trimmingWhitespace().nilIfEmpty
        self.provider = provider
        self.receiver = receiver?.trimmingWhitespace().nilIfEmpty
        self.account = account
        self.source = source
        self.planActivity = planActivity
    }
}

/// A dimension of a disaggregated value: `sex` = `female`.
public struct IATIDimension: Sendable, Hashable {
    public var name: String
    public var value: String

    /// Creates a dimension.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A target or an actual of an indicator for a period, whole or for one dimension.
public struct IATIIndicatorValue: Sendable, Hashable {
    public var value: String
    public var dimensions: [IATIDimension]
    /// A narrative comment, such as the result as the work plan states it.
    public var comment: String?

    /// Creates a value.
    public init(value: String, dimensions: [IATIDimension] = [], comment: String? = nil) {
        self.value = value
        self.dimensions = dimensions
        self.comment = comment
    }
}

/// An indicator's targets and actuals for one period.
public struct IATIResultPeriod: Sendable, Hashable {
    public var period: IATIPeriod
    public var targets: [IATIIndicatorValue]
    public var actuals: [IATIIndicatorValue]

    /// Creates a period.
    public init(period: IATIPeriod, targets: [IATIIndicatorValue] = [], actuals: [IATIIndicatorValue] = []) {
        self.period = period
        self.targets = targets
        self.actuals = actuals
    }
}

/// An indicator of a result, with its baseline and its periods.
public struct IATIIndicator: Sendable, Hashable {
    /// IATI IndicatorMeasure: `1` unit, `2` percentage.
    public var measure: String
    public var ascending: Bool?
    public var title: LocalizedText
    public var description: LocalizedText?
    public var baselineYear: Int?
    public var baselineValue: String?
    public var periods: [IATIResultPeriod]

    /// Creates an indicator.
    public init(
        measure: String, ascending: Bool? = nil, title: LocalizedText, description: LocalizedText? = nil,
        baselineYear: Int? = nil, baselineValue: String? = nil, periods: [IATIResultPeriod] = []
    ) {
        self.measure = measure
        self.ascending = ascending
        self.title = title
        self.description = description
        self.baselineYear = baselineYear
        self.baselineValue = baselineValue
        self.periods = periods
    }
}

/// A result: an output (`1`) or an outcome (`2`), with its indicators.
public struct IATIResult: Sendable, Hashable {
    public var type: String
    public var title: LocalizedText
    public var indicators: [IATIIndicator]

    /// Creates a result.
    public init(type: String, title: LocalizedText, indicators: [IATIIndicator]) {
        self.type = type
        self.title = title
        self.indicators = indicators
    }
}

/// A budget line as UNDP codes it (activity, account, source), which IATI has no element for:
/// it is written in the extension namespace.
public struct IATIBudgetCode: Sendable, Hashable {
    public var planActivity: String
    public var account: String
    public var source: String
    public var amount: Money

    /// Creates a budget code entry.
    public init(planActivity: String, account: String, source: String, amount: Money) {
        self.planActivity = planActivity
        self.account = account
        self.source = source
        self.amount = amount
    }
}

/// One `iati-activity`.
public struct IATIActivity: Sendable, Hashable {
    /// The identifier within the organisation (`hnec-2018`, `hnec-2018-1`); the `iati-identifier`
    /// is the organisation reference, a hyphen, and this.
    public var localIdentifier: String
    public var reportingOrganisation: IATIOrganisation
    public var title: LocalizedText
    public var description: LocalizedText
    public var funding: [IATIOrganisation]
    public var implementing: IATIOrganisation
    /// IATI ActivityStatus: `1` pipeline, `2` implementation, `3` finalisation, `5` cancelled.
    public var status: String
    public var plannedStart: CalendarDate
    public var plannedEnd: CalendarDate
    public var actualStart: CalendarDate?
    public var currency: CurrencyCode
    public var budgets: [IATIBudget]
    public var plannedDisbursements: [IATIPlannedDisbursement]
    public var transactions: [IATITransaction]
    public var results: [IATIResult]
    public var budgetCodes: [IATIBudgetCode]
    /// When its data last changed (`last-updated-datetime`): the plan version's import or the
    /// latest expenditure recorded for it, whichever came last; nil when not known.
    public var lastUpdated: Instant? = nil

    /// The `iati-identifier`, when the organisation has a reference.
    public var identifier: String? {
        reportingOrganisation.reference.map { "\($0)-\(localIdentifier)" }
    }
}

/// An `iati-activities` document.
public struct IATIDocument: Sendable, Hashable {
    public var activities: [IATIActivity]
    /// When the file was generated (`generated-datetime`), when known.
    public var generated: Instant?

    /// Creates a document.
    public init(activities: [IATIActivity], generated: Instant? = nil) {
        self.activities = activities
        self.generated = generated
    }
}

/// What an export needs besides the plan: who reports it and how the plan is cut into activities.
public struct IATIExportOptions: Sendable, Hashable {
    /// The commission, as reporting and implementing organisation.
    public var organisation: IATIOrganisation
    public var grouping: IATIActivityGrouping
    /// The instant the document is generated, given by the caller's clock (never read here, so
    /// that the same plan and instant give the same bytes).
    public var generated: Instant?
    /// When the plan version was stored: each activity was last updated then, or when its latest
    /// expenditure was recorded if that came later.
    public var planUpdated: Instant?

    /// Creates options; the organisation's type defaults to government (`10`).
    public init(
        organisation: IATIOrganisation, grouping: IATIActivityGrouping = .plan, generated: Instant? = nil,
        planUpdated: Instant? = nil
    ) {
        var organisation = organisation
        if organisation.type == nil { organisation.type = "10" }
        self.organisation = organisation
        self.grouping = grouping
        self.generated = generated
        self.planUpdated = planUpdated
    }
}

/// Builds the IATI activities of a work plan: its budget per quarter, what each funding source is
/// planned to pay per quarter, its recorded expenditure as transactions, the KPIs of the
/// strategic objectives it serves and its activities' own results.
public enum IATIExport {
    /// The DAC 5-digit sector of electoral assistance: "Elections".
    public static let electionsSector = "15151"

    /// The document for `planSet` and the AWP's expenditure.
    public static func document(
        _ planSet: PlanSet, expenditures: [Expenditure], options: IATIExportOptions
    ) throws(IATIError) -> IATIDocument {
        let plan = planSet.workPlan
        switch options.grouping {
        case .plan:
            // The outputs this year's activities deliver, not every output of the plan set's cycle.
            let delivered = Set(plan.activities.map(\.output))
            let description =
                LocalizedText.joined(planSet.outputs.filter { delivered.contains($0.code) }.map(\.title))
                ?? plan.project
            return IATIDocument(
                activities: [
                    try activity(
                        planSet, id: plan.id.rawValue, title: plan.project, description: description,
                        activities: plan.activities, objectives: nil, expenditures: expenditures, options: options)
                ], generated: options.generated)
        case .output:
            var activities: [IATIActivity] = []
            for output in planSet.outputs {
                let members = plan.activities.filter { $0.output == output.code }
                guard !members.isEmpty else { continue }
                let codes = Set(members.map(\.code))
                activities.append(
                    try activity(
                        planSet, id: "\(plan.id)-\(output.code)", title: output.title, description: plan.project,
                        activities: members, objectives: Set(output.objectives),
                        expenditures: expenditures.filter { codes.contains($0.activity) }, options: options))
            }
            return IATIDocument(activities: activities, generated: options.generated)
        }
    }

    static func activity(
        _ planSet: PlanSet, id: String, title: LocalizedText, description: LocalizedText, activities: [Activity],
        objectives: Set<PlanCode>?, expenditures: [Expenditure], options: IATIExportOptions
    ) throws(IATIError) -> IATIActivity {
        let plan = planSet.workPlan
        let codes = Set(activities.map(\.code))
        let lines = plan.budgetLines.filter { codes.contains($0.activity) }
        let financial = planSet.financialPlan
        func source(_ code: PlanCode) -> IATIOrganisation {
            IATIOrganisation(name: financial.source(code)?.name ?? LocalizedText(en: code.rawValue))
        }
        let quarters = activities.flatMap(\.quarters.quarters).map(\.rawValue)
        let first = IATIPeriod.quarter(quarters.min() ?? 1, of: plan.year)
        let last = IATIPeriod.quarter(quarters.max() ?? 4, of: plan.year)

        var budgets: [IATIBudget] = []
        var disbursements: [IATIPlannedDisbursement] = []
        let sources = Array(Set(lines.map(\.source))).sorted()
        for quarter in Quarter.allCases {
            let period = IATIPeriod.quarter(quarter.rawValue, of: plan.year)
            let total = lines.reduce(Int64(0)) { $0 &+ $1.planned(in: quarter).minorUnits }
            if total != 0 {
                budgets.append(IATIBudget(period: period, value: Money(minorUnits: total, currency: plan.currency)))
            }
            for code in sources {
                let amount = lines.filter { $0.source == code }.reduce(Int64(0)) {
                    $0 &+ $1.planned(in: quarter).minorUnits
                }
                guard amount != 0 else { continue }
                disbursements.append(
                    IATIPlannedDisbursement(
                        period: period, value: Money(minorUnits: amount, currency: plan.currency),
                        provider: source(code), receiver: options.organisation))
            }
        }
        let transactions = expenditures.sorted { ($0.date, $0.number) < ($1.date, $1.number) }.map { entry in
            IATITransaction(
                type: entry.kind == .disbursement ? "3" : "4", date: entry.date, value: entry.amount,
                description: entry.reference, provider: source(entry.source), receiver: entry.recipient,
                account: entry.account?.rawValue, source: entry.source.rawValue, planActivity: entry.activity.rawValue)
        }
        let funders = Array(Set(lines.map(\.source)).union(expenditures.map(\.source))).sorted().map(source)

        var results: [IATIResult] = []
        for objective in planSet.strategicPlan?.objectives ?? []
        where !objective.kpis.isEmpty && (objectives?.contains(objective.code) ?? true) {
            var indicators: [IATIIndicator] = []
            for (index, kpi) in objective.kpis.enumerated() {
                indicators.append(
                    try indicator(
                        kpi, fallbackYear: planSet.strategicPlan?.fromYear ?? plan.year, activity: id,
                        element: "result[\(results.count + 1)]/indicator[\(index + 1)]"))
            }
            results.append(IATIResult(type: "2", title: objective.title, indicators: indicators))
        }
        for member in activities.sorted(by: { $0.code < $1.code }) where !member.results.isEmpty {
            let span = member.quarters.quarters.map(\.rawValue)
            let period = IATIPeriod(
                start: IATIPeriod.quarter(span.min() ?? 1, of: plan.year).start,
                end: IATIPeriod.quarter(span.max() ?? 4, of: plan.year).end)
            let indicators = member.results.map { result in
                var actuals = [IATIIndicatorValue(value: String(result.total), comment: result.text)]
                if let women = result.women {
                    actuals.append(
                        IATIIndicatorValue(value: String(women), dimensions: [.init(name: "sex", value: "female")]))
                }
                if let youth = result.youth {
                    actuals.append(
                        IATIIndicatorValue(value: String(youth), dimensions: [.init(name: "age", value: "youth")]))
                }
                if let disability = result.disability {
                    actuals.append(
                        IATIIndicatorValue(
                            value: String(disability), dimensions: [.init(name: "disability", value: "yes")]))
                }
                return IATIIndicator(
                    measure: "1", title: LocalizedText(en: result.indicator),
                    periods: [IATIResultPeriod(period: period, actuals: actuals)])
            }
            var resultTitle = member.title
            resultTitle.en = "\(member.code) \(member.title.en)"
            if let ar = member.title.ar { resultTitle.ar = "\(member.code) \(ar)" }
            results.append(IATIResult(type: "1", title: resultTitle, indicators: indicators))
        }

        var budgetCodes: [IATIBudgetCode] = []
        for line in lines {
            budgetCodes.append(
                IATIBudgetCode(
                    planActivity: line.activity.rawValue, account: line.account.rawValue, source: line.source.rawValue,
                    amount: line.amount))
        }
        var implementing = options.organisation
        implementing.type = implementing.type ?? "10"
        let updated = options.planUpdated.map { plan in max(plan, expenditures.map(\.recordedAt).max() ?? plan) }
        return IATIActivity(
            localIdentifier: id, reportingOrganisation: options.organisation, title: title, description: description,
            funding: funders, implementing: implementing, status: status(of: activities), plannedStart: first.start,
            plannedEnd: last.end, actualStart: activities.flatMap(\.events).map(\.start).min(), currency: plan.currency,
            budgets: budgets, plannedDisbursements: disbursements, transactions: transactions, results: results,
            budgetCodes: budgetCodes, lastUpdated: updated)
    }

    /// A KPI as an indicator: its baseline, then a period per year of target and per period of
    /// actual, in the order of the periods.
    static func indicator(_ kpi: KPI, fallbackYear: Int, activity: String, element: String) throws(IATIError)
        -> IATIIndicator
    {
        var periods: [String: IATIResultPeriod] = [:]
        var order: [String] = []
        for (index, value) in (kpi.targets + kpi.actuals).enumerated() {
            let isTarget = index < kpi.targets.count
            guard let period = IATIPeriod(kpiPeriod: value.period) else {
                throw .unreadablePeriod(activity: activity, element: element + "/period", period: value.period)
            }
            let key = "\(period.start)|\(period.end)"
            var entry = periods[key] ?? IATIResultPeriod(period: period)
            if periods[key] == nil { order.append(key) }
            let item = IATIIndicatorValue(value: value.value.description)
            if isTarget { entry.targets.append(item) } else { entry.actuals.append(item) }
            periods[key] = entry
        }
        let sorted = order.compactMap { periods[$0] }.sorted {
            ($0.period.start, $0.period.end) < ($1.period.start, $1.period.end)
        }
        let ascending = kpi.targets.first.map { kpi.baseline <= $0.value }
        return IATIIndicator(
            measure: kpi.unit == "%" ? "2" : "1", ascending: ascending, title: kpi.title,
            description: kpi.dataSource.map { LocalizedText(en: $0) }, baselineYear: kpi.baselineYear ?? fallbackYear,
            baselineValue: kpi.baseline.description, periods: sorted)
    }

    /// The IATI status of a set of work plan activities.
    static func status(of activities: [Activity]) -> String {
        let statuses = Set(activities.map(\.status))
        if statuses.isEmpty || statuses == [.notStarted] { return "1" }
        if statuses == [.cancelled] { return "5" }
        if statuses.isSubset(of: [.completed, .cancelled]) { return "3" }
        return "2"
    }
}

extension LocalizedText {
    /// Texts joined with `; ` in each language that every text has (English always).
    static func joined(_ texts: [LocalizedText]) -> LocalizedText? {
        guard !texts.isEmpty else { return nil }
        func join(_ language: Language) -> String? {
            let parts = texts.compactMap { $0.translation(language) }
            return parts.count == texts.count ? parts.joined(separator: "; ") : nil
        }
        return LocalizedText(
            en: texts.map(\.en).joined(separator: "; "), ar: join(.arabic), fr: join(.french), es: join(.spanish))
    }
}
