/// A field of an activity that differs between two versions.
public struct FieldChange: Sendable, Hashable, Codable {
    public var field: String
    public var from: String
    public var to: String

    /// Creates a change.
    public init(field: String, from: String, to: String) {
        self.field = field
        self.from = from
        self.to = to
    }
}

/// An activity as a diff lists it.
public struct ActivityBrief: Sendable, Hashable, Codable {
    public var code: ActivityCode
    public var title: LocalizedText
    public var output: PlanCode
    /// The sum of its budget lines.
    public var planned: Money

    /// Creates a brief.
    public init(code: ActivityCode, title: LocalizedText, output: PlanCode, planned: Money) {
        self.code = code
        self.title = title
        self.output = output
        self.planned = planned
    }
}

/// An activity whose fields changed.
public struct ActivityChange: Sendable, Hashable, Codable {
    public var code: ActivityCode
    public var changes: [FieldChange]
}

/// How a budget line changed.
public enum BudgetChangeKind: String, Sendable, Hashable, Codable {
    case added
    case removed
    case changed
}

/// A budget line added, removed or changed, with the amounts before and after.
public struct BudgetChange: Sendable, Hashable, Codable {
    public var key: BudgetLineKey
    public var kind: BudgetChangeKind
    /// The year's amount before (zero when added) and after (zero when removed).
    public var from: Money
    public var to: Money
    /// `to − from`.
    public var difference: Money
    /// Which quarters or texts changed, for a changed line.
    public var changes: [FieldChange]
}

/// The planned total of an output in both versions.
public struct OutputTotal: Sendable, Hashable, Codable {
    public var output: PlanCode
    public var from: Money
    public var to: Money
    public var difference: Money
}

/// What changed between two versions of an annual work plan: activities added, removed and
/// changed, and every budget change with the totals.
public struct AWPDiff: Sendable, Hashable, Codable {
    public var awp: PlanID
    public var fromVersion: Int
    public var toVersion: Int
    public var activitiesAdded: [ActivityBrief]
    public var activitiesRemoved: [ActivityBrief]
    public var activitiesChanged: [ActivityChange]
    public var budgetChanges: [BudgetChange]
    /// Planned totals of each output that exists in either version.
    public var outputTotals: [OutputTotal]
    /// The work plan's planned total before and after, and the difference.
    public var totalFrom: Money
    public var totalTo: Money
    public var totalDifference: Money

    /// Whether the two versions plan the same activities and budget.
    public var isEmpty: Bool {
        activitiesAdded.isEmpty && activitiesRemoved.isEmpty && activitiesChanged.isEmpty && budgetChanges.isEmpty
    }

    /// Compares two versions in one pass over each (dictionaries by code), so the cost grows
    /// with the size of the plans and no faster.
    public init(awp: PlanID, from old: PlanSet, version fromVersion: Int, to new: PlanSet, version toVersion: Int) {
        self.awp = awp
        self.fromVersion = fromVersion
        self.toVersion = toVersion
        let currency = new.workPlan.currency
        let oldPlanned = AWPDiff.plannedByActivity(old.workPlan)
        let newPlanned = AWPDiff.plannedByActivity(new.workPlan)
        let oldActivities = Dictionary(
            old.workPlan.activities.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let newActivities = Dictionary(
            new.workPlan.activities.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        func brief(_ activity: Activity, _ planned: [ActivityCode: Int64], _ currency: CurrencyCode) -> ActivityBrief {
            ActivityBrief(
                code: activity.code, title: activity.title, output: activity.output,
                planned: Money(minorUnits: planned[activity.code] ?? 0, currency: currency))
        }
        activitiesAdded = new.workPlan.activities.filter { oldActivities[$0.code] == nil }.map {
            brief($0, newPlanned, currency)
        }.sorted { $0.code < $1.code }
        activitiesRemoved = old.workPlan.activities.filter { newActivities[$0.code] == nil }.map {
            brief($0, oldPlanned, old.workPlan.currency)
        }.sorted { $0.code < $1.code }
        activitiesChanged = new.workPlan.activities.compactMap { activity in
            guard let before = oldActivities[activity.code] else { return nil }
            let changes = AWPDiff.changes(from: before, to: activity)
            return changes.isEmpty ? nil : ActivityChange(code: activity.code, changes: changes)
        }.sorted { $0.code < $1.code }

        let oldLines = Dictionary(
            old.workPlan.budgetLines.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let newLines = Dictionary(
            new.workPlan.budgetLines.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var budget: [BudgetChange] = []
        for line in new.workPlan.budgetLines {
            if let before = oldLines[line.key] {
                let changes = AWPDiff.changes(from: before, to: line)
                if !changes.isEmpty {
                    budget.append(
                        BudgetChange(
                            key: line.key, kind: .changed, from: before.amount, to: line.amount,
                            difference: AWPDiff.difference(before.amount, line.amount), changes: changes))
                }
            } else {
                budget.append(
                    BudgetChange(
                        key: line.key, kind: .added, from: .zero(line.currency), to: line.amount,
                        difference: line.amount, changes: []))
            }
        }
        for line in old.workPlan.budgetLines where newLines[line.key] == nil {
            budget.append(
                BudgetChange(
                    key: line.key, kind: .removed, from: line.amount, to: .zero(line.currency),
                    difference: Money(minorUnits: -line.amount.minorUnits, currency: line.currency), changes: []))
        }
        budgetChanges = budget.sorted { $0.key < $1.key }

        var outputs: [PlanCode: (Int64, Int64)] = [:]
        for (plan, isNew) in [(old.workPlan, false), (new.workPlan, true)] {
            let activityOutputs = Dictionary(
                plan.activities.map { ($0.code, $0.output) }, uniquingKeysWith: { first, _ in first })
            for line in plan.budgetLines {
                guard let output = activityOutputs[line.activity] else { continue }
                var entry = outputs[output] ?? (0, 0)
                if isNew { entry.1 &+= line.amount.minorUnits } else { entry.0 &+= line.amount.minorUnits }
                outputs[output] = entry
            }
        }
        outputTotals = outputs.keys.sorted().map { code in
            let (from, to) = outputs[code] ?? (0, 0)
            return OutputTotal(
                output: code, from: Money(minorUnits: from, currency: currency),
                to: Money(minorUnits: to, currency: currency),
                difference: Money(minorUnits: to &- from, currency: currency))
        }
        totalFrom = old.workPlan.totalPlanned
        totalTo = new.workPlan.totalPlanned
        totalDifference = AWPDiff.difference(totalFrom, totalTo)
    }

    private static func plannedByActivity(_ plan: AnnualWorkPlan) -> [ActivityCode: Int64] {
        var planned: [ActivityCode: Int64] = [:]
        for line in plan.budgetLines { planned[line.activity, default: 0] &+= line.amount.minorUnits }
        return planned
    }

    private static func difference(_ from: Money, _ to: Money) -> Money {
        Money(minorUnits: to.minorUnits &- from.minorUnits, currency: to.currency)
    }

    private static func changes(from old: Activity, to new: Activity) -> [FieldChange] {
        var changes: [FieldChange] = []
        func compare(_ field: String, _ before: String, _ after: String) {
            if before != after { changes.append(FieldChange(field: field, from: before, to: after)) }
        }
        compare("title", old.title.en, new.title.en)
        compare("title_ar", old.title.ar ?? "", new.title.ar ?? "")
        compare("output", old.output.rawValue, new.output.rawValue)
        compare("quarters", old.quarters.description, new.quarters.description)
        compare("responsible_party", old.responsibleParty, new.responsibleParty)
        compare("implementing_partner", old.implementingPartner ?? "", new.implementingPartner ?? "")
        compare("process", old.process?.rawValue ?? "", new.process?.rawValue ?? "")
        compare("status", old.status.rawValue, new.status.rawValue)
        compare("progress", String(old.progress), String(new.progress))
        compare(
            "results", old.results.map(\.text).joined(separator: "; "), new.results.map(\.text).joined(separator: "; "))
        compare(
            "links", old.links.map(\.description).joined(separator: "; "),
            new.links.map(\.description).joined(separator: "; "))
        compare("note", old.note ?? "", new.note ?? "")
        return changes
    }

    private static func changes(from old: BudgetLine, to new: BudgetLine) -> [FieldChange] {
        var changes: [FieldChange] = []
        if old.description != new.description {
            changes.append(FieldChange(field: "description", from: old.description, to: new.description))
        }
        for quarter in Quarter.allCases {
            let before = old.planned(in: quarter)
            let after = new.planned(in: quarter)
            if before != after {
                changes.append(
                    FieldChange(
                        field: quarter.description.lowercased(), from: before.decimalString, to: after.decimalString))
            }
        }
        return changes
    }
}
