/// An activity as the quarterly progress report shows it: what was planned and spent in the
/// quarter, where it stands, and why, when it is late or cancelled.
public struct QuarterActivity: Sendable, Hashable, Codable {
    public var code: ActivityCode
    public var title: LocalizedText
    public var output: PlanCode
    public var status: ActivityStatus
    /// Per cent complete, as recorded on the activity.
    public var progress: Int
    /// The recorded note: the reason for a delay or a cancellation.
    public var note: String?
    public var planned: Money
    public var spent: Money
    /// Its events (workshops, meetings, missions) that fall in the quarter.
    public var events: [ActivityEvent]
}

/// The quarterly progress report of an annual work plan, as a project board reads it: results
/// against indicators, activities, delivery per output and funding source in the quarter and the
/// year to date, the quarter's expenditure, the risks and nonconformities of the period, the
/// Technical Committee's decisions and comments, and the plan for the next quarter.
///
/// Every delivery figure is an ``AWPSummary``, the computation behind the report page, made over
/// the quarter's budget and the spending dated in it; nothing is added up a second way.
public struct QuarterlyProgress: Sendable, Hashable, Codable {
    public var awp: PlanID
    public var version: Int
    public var status: AWPStatus
    public var project: LocalizedText
    public var year: Int
    public var quarter: Quarter
    /// The first and last days of the quarter.
    public var from: CalendarDate
    public var until: CalendarDate
    /// Planned in the quarter against spent on days of the quarter.
    public var quarterDelivery: AWPSummary
    /// Planned in the quarters up to this one against spent from 1 January to its last day.
    public var yearToDate: AWPSummary
    /// KPI progress with the latest actual measured by the end of the quarter.
    public var kpis: [KPIProgress]
    /// The activities' results, disaggregated (women, youth, people with disabilities).
    public var results: [ResultTotal]
    /// Activities planned in the quarter, or that spent or met in it, in code order.
    public var activities: [QuarterActivity]
    /// The quarter's payments, by date.
    public var expenditures: [Expenditure]
    /// Risks and opportunities open at some time in the quarter, the highest current score first.
    public var risks: [Risk]
    /// Nonconformities raised in the quarter, or raised before its end and still open.
    public var nonconformities: [Nonconformity]
    /// The Technical Committee's decisions on this work plan made in the quarter.
    public var decisions: [AWPDecision]
    /// Comments on this work plan made in the quarter.
    public var comments: [AWPComment]
    /// The next quarter of the same year; nil after Q4, whose sequel is the next year's work plan.
    public var nextQuarter: Quarter?
    /// Activities planned in the next quarter, with the amount planned for it.
    public var nextActivities: [QuarterActivity]

    /// The report of `quarter` for a version, from its expenditure and the registers' records.
    public init(
        version: AWPVersion, quarter: Quarter, expenditures: [Expenditure], risks: [Risk],
        nonconformities: [Nonconformity], decisions: [AWPDecision], comments: [AWPComment]
    ) {
        let plan = version.planSet.workPlan
        awp = version.awp
        self.version = version.version
        status = version.status
        project = plan.project
        year = plan.year
        self.quarter = quarter
        let first = Self.firstDay(of: quarter, year: plan.year)
        let last = Self.lastDay(of: quarter, year: plan.year)
        from = first
        until = last
        let inQuarter = expenditures.filter { first <= $0.date && $0.date <= last }
        quarterDelivery = Self.window(version, quarters: quarter.rawValue...quarter.rawValue, expenditures: inQuarter)
        let january = Self.firstDay(of: .q1, year: plan.year)
        yearToDate = Self.window(
            version, quarters: 1...quarter.rawValue,
            expenditures: expenditures.filter { january <= $0.date && $0.date <= last })
        kpis = AWPSummary.kpiProgress(version.planSet, year: plan.year, through: (plan.year, quarter.rawValue))
        results = quarterDelivery.results

        var planned: [ActivityCode: Int64] = [:]
        var plannedNext: [ActivityCode: Int64] = [:]
        let next = Quarter(rawValue: quarter.rawValue + 1)
        for line in plan.budgetLines {
            planned[line.activity, default: 0] &+= line.planned(in: quarter).minorUnits
            if let next { plannedNext[line.activity, default: 0] &+= line.planned(in: next).minorUnits }
        }
        var spent: [ActivityCode: Int64] = [:]
        for entry in inQuarter where entry.amount.currency == plan.currency {
            spent[entry.activity, default: 0] &+= entry.amount.minorUnits
        }
        let currency = plan.currency
        func money(_ units: Int64?) -> Money { Money(minorUnits: units ?? 0, currency: currency) }
        let ordered = plan.activities.sorted { $0.code < $1.code }
        activities = ordered.compactMap { activity in
            let events = activity.events.filter { $0.start <= last && ($0.end) >= first }
            guard
                activity.quarters.contains(quarter) || spent[activity.code] != nil || !events.isEmpty
            else { return nil }
            return QuarterActivity(
                code: activity.code, title: activity.title, output: activity.output, status: activity.status,
                progress: activity.progress, note: activity.note, planned: money(planned[activity.code]),
                spent: money(spent[activity.code]), events: events)
        }
        self.expenditures = inQuarter.sorted { ($0.date, $0.number) < ($1.date, $1.number) }
        self.risks = risks.filter { risk in
            risk.content.identifiedOn <= last && (risk.closedOn.map { $0 >= first } ?? true)
        }
        .sorted {
            $0.current.score != $1.current.score
                ? $0.current.score > $1.current.score : $0.id.description < $1.id.description
        }
        self.nonconformities = nonconformities.filter { finding in
            let raised = finding.content.raisedOn
            return raised <= last && (raised >= first || finding.isOpen)
        }
        self.decisions = decisions.filter { first <= $0.at.date && $0.at.date <= last }.sorted { $0.at < $1.at }
        self.comments = comments.filter { first <= $0.at.date && $0.at.date <= last }.sorted { $0.at < $1.at }
        nextQuarter = next
        if let next {
            let nextFirst = Self.firstDay(of: next, year: plan.year)
            let nextLast = Self.lastDay(of: next, year: plan.year)
            nextActivities = ordered.filter { $0.quarters.contains(next) && $0.status != .cancelled }.map { activity in
                QuarterActivity(
                    code: activity.code, title: activity.title, output: activity.output, status: activity.status,
                    progress: activity.progress, note: activity.note, planned: money(plannedNext[activity.code]),
                    spent: money(0),
                    events: activity.events.filter { $0.start <= nextLast && $0.end >= nextFirst })
            }
        } else {
            nextActivities = []
        }
    }

    /// The summary of some quarters: the budget lines keep only those quarters' amounts, and the
    /// spending given is already limited to the days wanted.
    static func window(_ version: AWPVersion, quarters: ClosedRange<Int>, expenditures: [Expenditure])
        -> AWPSummary
    {
        var masked = version
        masked.planSet.workPlan.budgetLines = version.planSet.workPlan.budgetLines.map { line in
            var kept = line
            kept.quarters = line.quarters.enumerated().map { index, amount in
                quarters.contains(index + 1) ? amount : .zero(amount.currency)
            }
            return kept
        }
        return AWPSummary(version: masked, expenditures: expenditures)
    }

    /// 1 January, 1 April, 1 July or 1 October.
    public static func firstDay(of quarter: Quarter, year: Int) -> CalendarDate {
        CalendarDate(year: year, month: quarter.rawValue * 3 - 2, day: 1, valid: ())
    }

    /// 31 March, 30 June, 30 September or 31 December.
    public static func lastDay(of quarter: Quarter, year: Int) -> CalendarDate {
        let month = quarter.rawValue * 3
        return CalendarDate(year: year, month: month, day: CalendarDate.daysIn(month: month, year: year), valid: ())
    }
}
