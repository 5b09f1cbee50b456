import Foundation
import QMSCore

extension FormatNamespace {
    /// Plan sets (`Plans/*.xml`).
    public static let plans = "https://ns.electoralqms.org/plans/1"
}

/// A plan set read from a file, with where each of its parts was read.
public struct PlanFile: Sendable {
    public var planSet: PlanSet
    /// The file as the user named it.
    public var file: String
    /// The location of each goal, objective, KPI, output, source, activity and budget line.
    public var locations: [PlanSubject: SourceLocation]

    /// The location of a plan issue found later (a link to a record that does not exist).
    public func location(of issue: PlanIssue) -> SourceLocation {
        locations[issue.subject] ?? locations[.planSet] ?? SourceLocation(file: file)
    }
}

/// Reads plan set files: parse safely, validate against `plans.xsd`, build the domain's
/// ``PlanSet`` and check its links; every problem carries file:line:column.
public struct PlanReader: Sendable {
    private let schema: XMLSchema

    /// Creates a reader validating against `schema` (normally `Plans/plans.xsd`).
    public init(schema: XMLSchema) { self.schema = schema }

    /// Reads a plan set from bytes, naming it `file` in messages.
    public func read(data: Data, file: String) throws(FormatError) -> PlanFile {
        try read(XMLSource(data: data, file: file))
    }

    /// Reads an already parsed document.
    public func read(_ source: XMLSource) throws(FormatError) -> PlanFile {
        guard let root = source.root, root.name == "plans", root.namespace == FormatNamespace.plans else {
            throw FormatError(
                .notPlanSet, ["namespace": "\(FormatNamespace.plans)"],
                at: source.root?.location ?? SourceLocation(file: source.file),
                fix: .advice(.checkPlanFile))
        }
        try schema.validate(source)
        var builder = PlanSetBuilder(source: source)
        let planSet = try builder.build(root)
        let issues = planSet.validate()
        guard issues.isEmpty else {
            throw FormatError(
                issues.prefix(50).map { issue in
                    FileProblem(
                        issue, at: builder.locations[issue.subject] ?? root.location, fix: issue.fix)
                })
        }
        return PlanFile(planSet: planSet, file: source.file, locations: builder.locations)
    }
}

/// Turns a validated document into a plan set, remembering where each part was read so that the
/// domain's rules can name the line of a broken one.
private struct PlanSetBuilder {
    let source: XMLSource
    var locations: [PlanSubject: SourceLocation] = [:]
    var currency = Money.defaultPlanCurrency

    init(source: XMLSource) { self.source = source }

    mutating func build(_ root: XMLElement) throws(FormatError) -> PlanSet {
        locations[.planSet] = root.location
        var note: String?
        var strategic: StrategicPlan?
        var outputs: [PlanOutput] = []
        var financialElement: XMLElement?
        var workPlanElement: XMLElement?
        for child in root.children {
            switch child.name {
            case "note": note = Self.text(child)
            case "strategicPlan": strategic = try strategicPlan(child)
            case "operationalPlan":
                for output in child.children(named: "output") { outputs.append(try self.output(output)) }
            case "financialPlan": financialElement = child
            case "annualWorkPlan": workPlanElement = child
            default: break
            }
        }
        guard let workPlanElement else {
            throw FormatError(.noAnnualWorkPlan, at: root.location)
        }
        // The work plan's currency governs every amount, so it is read before the financial plan.
        currency = try domain(workPlanElement) { () throws(DomainError) in
            try CurrencyCode(workPlanElement.attribute("currency") ?? "")
        }
        let financial = try financialElement.map { element throws(FormatError) in try financialPlan(element) }
        return PlanSet(
            strategicPlan: strategic, outputs: outputs, financialPlan: financial ?? FinancialPlan(),
            workPlan: try workPlan(workPlanElement), note: note)
    }

    // MARK: Strategic plan

    private mutating func strategicPlan(_ element: XMLElement) throws(FormatError) -> StrategicPlan {
        locations[.strategicPlan] = element.location
        var plan = StrategicPlan(
            id: try domain(element) { () throws(DomainError) in try PlanID(element.attribute("id") ?? "") },
            title: LocalizedText(en: ""), fromYear: Self.int(element.attribute("from")),
            toYear: Self.int(element.attribute("to")))
        for child in element.children {
            switch child.name {
            case "title": plan.title = Self.localized(child)
            case "vision": plan.vision = Self.localized(child)
            case "mission": plan.mission = Self.localized(child)
            case "value": plan.values.append(Self.localized(child))
            case "goal": plan.goals.append(try goal(child))
            default: break
            }
        }
        return plan
    }

    private mutating func goal(_ element: XMLElement) throws(FormatError) -> StrategicGoal {
        let code = try code(element, "code", field: "goal")
        locations[.goal(code)] = element.location
        var goal = StrategicGoal(code: code, title: LocalizedText(en: ""))
        for child in element.children {
            switch child.name {
            case "title": goal.title = Self.localized(child)
            case "objective": goal.objectives.append(try objective(child))
            default: break
            }
        }
        return goal
    }

    private mutating func objective(_ element: XMLElement) throws(FormatError) -> StrategicObjective {
        let code = try code(element, "code", field: "objective")
        locations[.objective(code)] = element.location
        let quality = element.attribute("qualityObjective")
        var objective = StrategicObjective(
            code: code, title: LocalizedText(en: ""), qualityObjective: quality == "true" || quality == "1")
        for child in element.children {
            switch child.name {
            case "title": objective.title = Self.localized(child)
            case "kpi": objective.kpis.append(try kpi(child))
            default: break
            }
        }
        return objective
    }

    private mutating func kpi(_ element: XMLElement) throws(FormatError) -> KPI {
        let code = try code(element, "code", field: "KPI")
        locations[.kpi(code)] = element.location
        var kpi = KPI(
            code: code, title: LocalizedText(en: ""), unit: element.attribute("unit") ?? "",
            baseline: try number(element, "baseline"),
            baselineYear: element.attribute("baselineYear").flatMap { Int($0) })
        for child in element.children {
            switch child.name {
            case "title": kpi.title = Self.localized(child)
            case "dataSource": kpi.dataSource = Self.text(child)
            case "target":
                kpi.targets.append(
                    KPIValue(period: child.attribute("year") ?? "", value: try number(child, "value")))
            case "actual":
                kpi.actuals.append(
                    KPIValue(period: child.attribute("period") ?? "", value: try number(child, "value")))
            default: break
            }
        }
        return kpi
    }

    // MARK: Operational and financial plans

    private mutating func output(_ element: XMLElement) throws(FormatError) -> PlanOutput {
        let code = try code(element, "code", field: "output")
        locations[.output(code)] = element.location
        var objectives: [PlanCode] = []
        for text in (element.attribute("objectives") ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            objectives.append(try domain(element) { () throws(DomainError) in try PlanCode(String(text)) })
        }
        let phase = try domain(element) { () throws(DomainError) in
            try ElectoralCyclePhase(name: element.attribute("phase") ?? "")
        }
        return PlanOutput(
            code: code, title: Self.localized(element.child(named: "title")), year: Self.int(element.attribute("year")),
            phase: phase, objectives: objectives)
    }

    private mutating func financialPlan(_ element: XMLElement) throws(FormatError) -> FinancialPlan {
        var plan = FinancialPlan()
        for child in element.children {
            switch child.name {
            case "fundingSource":
                let code = try code(child, "code", field: "funding source")
                locations[.fundingSource(code)] = child.location
                plan.sources.append(FundingSource(code: code, name: Self.localized(child.child(named: "name"))))
            case "envelope":
                let source = try code(child, "source", field: "funding source")
                let year = Self.int(child.attribute("year"))
                locations[.envelope(source: source, year: year)] = child.location
                plan.envelopes.append(FundingEnvelope(source: source, year: year, amount: try amount(child, "amount")))
            case "commitment":
                locations[.commitment(plan.commitments.count)] = child.location
                plan.commitments.append(
                    Commitment(
                        source: try code(child, "source", field: "funding source"),
                        year: Self.int(child.attribute("year")), amount: try amount(child, "amount"),
                        reference: child.attribute("reference"),
                        description: Self.text(child.child(named: "description")) ?? "",
                        activity: try child.attribute("activity").map { code throws(FormatError) in
                            try domain(child) { () throws(DomainError) in try ActivityCode(code) }
                        }))
            default: break
            }
        }
        return plan
    }

    // MARK: Work plan

    private mutating func workPlan(_ element: XMLElement) throws(FormatError) -> AnnualWorkPlan {
        locations[.workPlan] = element.location
        var plan = AnnualWorkPlan(
            id: try domain(element) { () throws(DomainError) in try PlanID(element.attribute("id") ?? "") },
            year: Self.int(element.attribute("year")), project: LocalizedText(en: ""), currency: currency)
        for child in element.children {
            switch child.name {
            case "project": plan.project = Self.localized(child)
            case "fundingAgreement": plan.fundingAgreement = Self.text(child)
            case "activity": try activity(child, into: &plan)
            default: break
            }
        }
        return plan
    }

    private mutating func activity(_ element: XMLElement, into plan: inout AnnualWorkPlan) throws(FormatError) {
        let code = try domain(element) { () throws(DomainError) in try ActivityCode(element.attribute("code") ?? "") }
        locations[.activity(code)] = element.location
        var activity = Activity(
            code: code, title: LocalizedText(en: ""), output: try self.code(element, "output", field: "output"),
            quarters: try domain(element) { () throws(DomainError) in
                try QuarterSet(parsing: element.attribute("quarters") ?? "")
            }, responsibleParty: "",
            process: try element.attribute("process").map { text throws(FormatError) in
                try domain(element) { () throws(DomainError) in try ElectoralProcess(code: text) }
            },
            status: try domain(element) { () throws(DomainError) in
                try ActivityStatus(name: element.attribute("status") ?? "not-started")
            },
            progress: Int(element.attribute("progress") ?? "0") ?? 0)
        var links: [ActivityLink] = []
        for child in element.children {
            switch child.name {
            case "title": activity.title = Self.localized(child)
            case "responsibleParty": activity.responsibleParty = Self.text(child) ?? ""
            case "implementingPartner": activity.implementingPartner = Self.text(child)
            case "note": activity.note = Self.text(child)
            case "event":
                activity.events.append(
                    try domain(child) { () throws(DomainError) in
                        let event = ActivityEvent(
                            start: try CalendarDate(parsing: child.attribute("start") ?? ""),
                            end: try child.attribute("end").map { text throws(DomainError) in
                                try CalendarDate(parsing: text)
                            },
                            place: child.attribute("place"))
                        try event.validate()
                        return event
                    })
            case "result":
                let result = IndicatorResult(
                    indicator: child.attribute("indicator") ?? "", total: Self.int(child.attribute("total")),
                    women: child.attribute("women").flatMap { Int($0) },
                    youth: child.attribute("youth").flatMap { Int($0) },
                    disability: child.attribute("disability").flatMap { Int($0) })
                try domain(child) { () throws(DomainError) in try result.validate() }
                activity.results.append(result)
            case "link":
                links.append(
                    try domain(child) { () throws(DomainError) in
                        guard let kind = ActivityLinkKind(rawValue: child.attribute("kind") ?? "") else {
                            throw DomainError.invalidValue(
                                field: "kind", value: child.attribute("kind") ?? "",
                                expected: .listed(ActivityLinkKind.allCases.map(\.rawValue)))
                        }
                        return try ActivityLink(kind: kind, target: child.attribute("target") ?? "")
                    })
            case "budgetLine":
                plan.budgetLines.append(try budgetLine(child, activity: code))
            default: break
            }
        }
        // Rebuilt through the initialiser so that links are ordered and texts trimmed as everywhere else.
        plan.activities.append(
            Activity(
                code: activity.code, title: activity.title, output: activity.output, quarters: activity.quarters,
                responsibleParty: activity.responsibleParty, implementingPartner: activity.implementingPartner,
                process: activity.process, status: activity.status, progress: activity.progress,
                results: activity.results, links: links, note: activity.note, events: activity.events))
    }

    private mutating func budgetLine(_ element: XMLElement, activity: ActivityCode) throws(FormatError) -> BudgetLine {
        let line = BudgetLine(
            activity: activity, account: try code(element, "account", field: "account"),
            description: Self.text(element.child(named: "description")) ?? "",
            source: try code(element, "source", field: "funding source"),
            quarters: [
                try amount(element, "q1"), try amount(element, "q2"), try amount(element, "q3"),
                try amount(element, "q4"),
            ])
        locations[.budgetLine(line.key)] = element.location
        if element.attribute("amount") != nil {
            let stated = try amount(element, "amount")
            guard stated == line.amount else {
                throw FormatError(
                    .planAmountNotSum, ["amount": "\(stated.decimalString)", "sum": "\(line.amount.decimalString)"],
                    at: element.location, fix: .advice(.correctAmountOrOmit))
            }
        }
        return line
    }

    // MARK: Values

    private func domain<T>(_ element: XMLElement, _ body: () throws(DomainError) -> T) throws(FormatError) -> T {
        do { return try body() } catch { throw FormatError(error, at: element.location, fix: error.fix) }
    }

    private func code(_ element: XMLElement, _ attribute: String, field: String) throws(FormatError) -> PlanCode {
        try domain(element) { () throws(DomainError) in try PlanCode(element.attribute(attribute) ?? "", field: field) }
    }

    private func amount(_ element: XMLElement, _ attribute: String) throws(FormatError) -> Money {
        let text = element.attribute(attribute) ?? "0"
        return try domain(element) { () throws(DomainError) in
            do {
                return try Money(parsing: text, currency: currency)
            } catch {
                throw DomainError.invalidValue(
                    field: attribute, value: text,
                    expected: .amount(currency: "\(currency)", decimals: currency.minorUnitDigits))
            }
        }
    }

    private func number(_ element: XMLElement, _ attribute: String) throws(FormatError) -> DecimalValue {
        try domain(element) { () throws(DomainError) in try DecimalValue(parsing: element.attribute(attribute) ?? "") }
    }

    static func int(_ text: String?) -> Int { text.flatMap { Int($0.trimmingWhitespace()) } ?? 0 }

    static func text(_ element: XMLElement?) -> String? { element?.text.trimmingWhitespace().nilIfEmpty }

    static func localized(_ element: XMLElement?) -> LocalizedText {
        guard let element else { return LocalizedText(en: "") }
        var english = ""
        var arabic: String?
        for child in element.children {
            if child.name == "en" { english = child.text.trimmingWhitespace() }
            if child.name == "ar" { arabic = child.text.trimmingWhitespace() }
        }
        return LocalizedText(en: english, ar: arabic)
    }
}
