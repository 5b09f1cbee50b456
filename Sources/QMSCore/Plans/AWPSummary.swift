/// Planned against spent for one group of a work plan (an output, a quarter, a funding source,
/// an activity, or the whole plan), with the delivery rate spent / planned.
public struct DeliveryLine: Sendable, Hashable, Codable {
    /// The group: `1` (an output), `Q3`, `EU`, `1.3.2`, or `total`.
    public var key: String
    public var title: LocalizedText?
    public var planned: Money
    public var spent: Money
    /// Spent / planned in hundredths of a percent (8750 = 87.50 %); nil when nothing is planned.
    public var deliveryBasisPoints: Int?
    /// Spent − planned when more was spent than planned, else nil: a reader is told the amount
    /// of an overspend, not only a rate above 100 %.
    public var overspent: Money?

    /// Creates a line, computing the rate with integers.
    public init(key: String, title: LocalizedText? = nil, planned: Money, spent: Money) {
        self.key = key
        self.title = title
        self.planned = planned
        self.spent = spent
        self.deliveryBasisPoints = Ratio.basisPoints(spent.minorUnits, of: planned.minorUnits)
        let over = spent.minorUnits &- planned.minorUnits
        self.overspent = over > 0 ? Money(minorUnits: over, currency: spent.currency) : nil
    }

    /// `87.50%`, or `–` when nothing is planned.
    public var deliveryText: String { Ratio.percentText(deliveryBasisPoints) }
}

/// A funding source's position for a year, in the terms of UNDP's combined delivery reports:
/// commitments are obligations not yet paid, spending is what was paid, and
/// left = envelope − (outstanding commitments + spent). A commitment that was paid counts once,
/// as spending.
public struct EnvelopePosition: Sendable, Hashable, Codable {
    public var source: PlanCode
    public var year: Int
    public var envelope: Money
    /// Everything the financial plan commits against the envelope, paid or not.
    public var committed: Money
    /// The part of ``committed`` that no payment has settled yet.
    public var outstanding: Money
    /// The work plan's budget lines of the source, when the year is the work plan's year.
    public var planned: Money
    public var spent: Money
    /// envelope − (outstanding + spent); negative when the envelope is exceeded.
    public var left: Money
    /// −left when the envelope is exceeded, else nil.
    public var overspent: Money?
}

/// How far a KPI has come: from its baseline towards the target of the work plan's year.
public struct KPIProgress: Sendable, Hashable, Codable {
    public var code: PlanCode
    public var title: LocalizedText
    public var objective: PlanCode
    /// Whether its objective is an ISO 9001 6.2 quality objective.
    public var qualityObjective: Bool
    public var unit: String
    public var baseline: DecimalValue
    public var target: KPIValue?
    public var actual: KPIValue?
    /// (actual − baseline) / (target − baseline) in hundredths of a percent.
    public var progressBasisPoints: Int?
    public var dataSource: String?
}

/// Results of every activity added up per indicator, disaggregated.
public struct ResultTotal: Sendable, Hashable, Codable {
    public var indicator: String
    public var total: Int
    /// Sums over the activities that counted them (nil when none did).
    public var women: Int?
    public var youth: Int?
    public var disability: Int?
    /// How many activities report this indicator.
    public var activities: Int
}

/// An activity that took place on given days, for the report: its code, title and events.
public struct DatedActivity: Sendable, Hashable, Codable {
    public var activity: ActivityCode
    public var title: LocalizedText
    public var events: [ActivityEvent]
}

/// The report of an annual work plan: planned, spent and delivery per output, quarter, funding
/// source and activity; the financial plan's envelopes; KPI progress; disaggregated results.
public struct AWPSummary: Sendable, Hashable, Codable {
    public var awp: PlanID
    public var version: Int
    public var status: AWPStatus
    public var year: Int
    public var currency: CurrencyCode
    public var total: DeliveryLine
    public var byOutput: [DeliveryLine]
    public var byQuarter: [DeliveryLine]
    public var bySource: [DeliveryLine]
    public var byActivity: [DeliveryLine]
    /// Spending dated outside the work plan's year (counted in the totals, in no quarter).
    public var spentOutsideYear: Money
    public var envelopes: [EnvelopePosition]
    public var kpis: [KPIProgress]
    public var results: [ResultTotal]
    /// The activities with dated events (workshops, meetings, missions), in code order.
    public var dated: [DatedActivity]

    /// Computes the report of a version from its plan set and the AWP's expenditure, in one pass
    /// over the budget lines and one over the expenditure.
    public init(version: AWPVersion, expenditures: [Expenditure]) {
        let plan = version.planSet.workPlan
        let currency = plan.currency
        func money(_ units: Int64) -> Money { Money(minorUnits: units, currency: currency) }
        awp = version.awp
        self.version = version.version
        status = version.status
        year = plan.year
        self.currency = currency

        let outputOf = Dictionary(plan.activities.map { ($0.code, $0.output) }, uniquingKeysWith: { first, _ in first })
        var plannedByActivity: [ActivityCode: Int64] = [:]
        var plannedByOutput: [PlanCode: Int64] = [:]
        var plannedBySource: [PlanCode: Int64] = [:]
        var plannedByQuarter = [Int64](repeating: 0, count: 4)
        var plannedTotal: Int64 = 0
        for line in plan.budgetLines {
            let amount = line.amount.minorUnits
            plannedByActivity[line.activity, default: 0] &+= amount
            if let output = outputOf[line.activity] { plannedByOutput[output, default: 0] &+= amount }
            plannedBySource[line.source, default: 0] &+= amount
            for quarter in Quarter.allCases {
                plannedByQuarter[quarter.rawValue - 1] &+= line.planned(in: quarter).minorUnits
            }
            plannedTotal &+= amount
        }
        var spentByActivity: [ActivityCode: Int64] = [:]
        var spentByOutput: [PlanCode: Int64] = [:]
        var spentBySource: [PlanCode: Int64] = [:]
        var spentByQuarter = [Int64](repeating: 0, count: 4)
        var spentBySourceYear: [String: Int64] = [:]
        var spentUnplanned: Int64 = 0
        var outside: Int64 = 0
        var spentTotal: Int64 = 0
        for entry in expenditures where entry.amount.currency == currency {
            let amount = entry.amount.minorUnits
            spentByActivity[entry.activity, default: 0] &+= amount
            if let output = outputOf[entry.activity] {
                spentByOutput[output, default: 0] &+= amount
            } else {
                spentUnplanned &+= amount
            }
            spentBySource[entry.source, default: 0] &+= amount
            spentBySourceYear["\(entry.source)|\(entry.date.year)", default: 0] &+= amount
            if entry.date.year == plan.year {
                spentByQuarter[entry.date.quarter - 1] &+= amount
            } else {
                outside &+= amount
            }
            spentTotal &+= amount
        }
        total = DeliveryLine(
            key: "total", title: plan.project, planned: money(plannedTotal), spent: money(spentTotal))
        var outputs = version.planSet.outputs.filter {
            plannedByOutput[$0.code] != nil || spentByOutput[$0.code] != nil
        }
        .map { output in
            DeliveryLine(
                key: output.code.rawValue, title: output.title, planned: money(plannedByOutput[output.code] ?? 0),
                spent: money(spentByOutput[output.code] ?? 0))
        }
        if spentUnplanned != 0 {
            outputs.append(
                DeliveryLine(
                    key: "–",
                    title: LocalizedText(en: "Activities not in this version", ar: "أنشطة ليست في هذه النسخة"),
                    planned: money(0), spent: money(spentUnplanned)))
        }
        byOutput = outputs
        byQuarter = Quarter.allCases.map { quarter in
            DeliveryLine(
                key: quarter.description, planned: money(plannedByQuarter[quarter.rawValue - 1]),
                spent: money(spentByQuarter[quarter.rawValue - 1]))
        }
        let sources = Set(plannedBySource.keys).union(spentBySource.keys).sorted()
        let financial = version.planSet.financialPlan
        bySource = sources.map { code in
            DeliveryLine(
                key: code.rawValue, title: financial.source(code)?.name, planned: money(plannedBySource[code] ?? 0),
                spent: money(spentBySource[code] ?? 0))
        }
        var activityLines = plan.activities.sorted { $0.code < $1.code }.map { activity in
            DeliveryLine(
                key: activity.code.rawValue, title: activity.title,
                planned: money(plannedByActivity[activity.code] ?? 0),
                spent: money(spentByActivity[activity.code] ?? 0))
        }
        for code in spentByActivity.keys.sorted() where outputOf[code] == nil {
            activityLines.append(
                DeliveryLine(key: code.rawValue, planned: money(0), spent: money(spentByActivity[code] ?? 0)))
        }
        byActivity = activityLines
        spentOutsideYear = money(outside)

        let outstandingByKey = Self.outstandingCommitments(financial.commitments, expenditures, currency: currency)
        var committed: [String: Int64] = [:]
        for commitment in financial.commitments where commitment.amount.currency == currency {
            committed["\(commitment.source)|\(commitment.year)", default: 0] &+= commitment.amount.minorUnits
        }
        envelopes = financial.envelopes.sorted { ($0.source, $0.year) < ($1.source, $1.year) }.map { envelope in
            let key = "\(envelope.source)|\(envelope.year)"
            let outstanding = outstandingByKey[key] ?? 0
            let spent = spentBySourceYear[key] ?? 0
            let planned = envelope.year == plan.year ? plannedBySource[envelope.source] ?? 0 : 0
            let left = envelope.amount.minorUnits &- outstanding &- spent
            return EnvelopePosition(
                source: envelope.source, year: envelope.year, envelope: envelope.amount,
                committed: money(committed[key] ?? 0), outstanding: money(outstanding), planned: money(planned),
                spent: money(spent), left: money(left), overspent: left < 0 ? money(0 &- left) : nil)
        }

        kpis = Self.kpiProgress(version.planSet, year: plan.year)

        var totals: [String: ResultTotal] = [:]
        var order: [String] = []
        for activity in plan.activities {
            for result in activity.results {
                let key = result.indicator.lowercased()
                var entry =
                    totals[key]
                    ?? {
                        order.append(key)
                        return ResultTotal(indicator: result.indicator, total: 0, activities: 0)
                    }()
                entry.total += result.total
                if let women = result.women { entry.women = (entry.women ?? 0) + women }
                if let youth = result.youth { entry.youth = (entry.youth ?? 0) + youth }
                if let disability = result.disability { entry.disability = (entry.disability ?? 0) + disability }
                entry.activities += 1
                totals[key] = entry
            }
        }
        results = order.compactMap { totals[$0] }
        dated = plan.activities.filter { !$0.events.isEmpty }.sorted { $0.code < $1.code }.map {
            DatedActivity(activity: $0.code, title: $0.title, events: $0.events)
        }
    }

    /// KPI progress towards the targets of `year`: with `through`, a (year, quarter), the latest
    /// actual measured by the end of that quarter (an actual for a whole year counts at its end);
    /// without it, the latest actual.
    public static func kpiProgress(_ planSet: PlanSet, year: Int, through: (year: Int, quarter: Int)? = nil)
        -> [KPIProgress]
    {
        (planSet.strategicPlan?.kpis ?? []).map { objective, kpi in
            let target = kpi.target(for: year)
            let actual: KPIValue?
            if let through {
                actual = kpi.actuals.last { value in
                    guard let end = value.endingQuarter else { return false }
                    return end.year < through.year || (end.year == through.year && end.quarter <= through.quarter)
                }
            } else {
                actual = kpi.latestActual
            }
            var progress: Int?
            if let target, let actual {
                progress = DecimalValue.progressBasisPoints(
                    baseline: kpi.baseline, target: target.value, actual: actual.value)
            }
            return KPIProgress(
                code: kpi.code, title: kpi.title, objective: objective.code,
                qualityObjective: objective.qualityObjective,
                unit: kpi.unit, baseline: kpi.baseline, target: target, actual: actual, progressBasisPoints: progress,
                dataSource: kpi.dataSource)
        }
    }

    /// What each source and year still owes on its commitments (`"EU|2018"` → minor units).
    ///
    /// A commitment naming an activity is settled by the payments on that activity from its
    /// source in its year, in the plan's order of commitments, up to its amount; whatever a payment
    /// leaves over is spending without a commitment. A commitment naming no activity cannot be
    /// matched to a payment, so all of it is outstanding.
    static func outstandingCommitments(
        _ commitments: [Commitment], _ expenditures: [Expenditure], currency: CurrencyCode
    ) -> [String: Int64] {
        var paid: [String: Int64] = [:]
        for entry in expenditures where entry.amount.currency == currency {
            paid["\(entry.activity)|\(entry.source)|\(entry.date.year)", default: 0] &+= entry.amount.minorUnits
        }
        var outstanding: [String: Int64] = [:]
        for commitment in commitments where commitment.amount.currency == currency {
            var open = commitment.amount.minorUnits
            if let activity = commitment.activity {
                let key = "\(activity)|\(commitment.source)|\(commitment.year)"
                let settled = max(0, min(open, paid[key] ?? 0))
                paid[key, default: 0] &-= settled
                open &-= settled
            }
            outstanding["\(commitment.source)|\(commitment.year)", default: 0] &+= open
        }
        return outstanding
    }
}
