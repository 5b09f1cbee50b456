import Foundation
import QMSCore

/// Writes a plan set as a plan file that ``PlanReader`` reads back to the same plan set.
public enum PlanWriter {
    /// The plan file of a plan set; `version` and `status` are written for the reader's
    /// information (import ignores them).
    public static func xml(_ planSet: PlanSet, version: Int? = nil, status: AWPStatus? = nil) -> Data {
        var writer = XMLWriter()
        writer.start("plans", [("xmlns", FormatNamespace.plans), ("formatVersion", "1")])
        writer.element("note", text: planSet.note)
        if let plan = planSet.strategicPlan { strategicPlan(plan, &writer) }
        writer.start("operationalPlan")
        for output in planSet.outputs {
            writer.start(
                "output",
                [
                    ("code", output.code.rawValue), ("year", String(output.year)), ("phase", output.phase.rawValue),
                    (
                        "objectives",
                        output.objectives.isEmpty ? nil : output.objectives.map(\.rawValue).joined(separator: " ")
                    ),
                ])
            localized("title", output.title, &writer)
            writer.end()
        }
        writer.end()
        financialPlan(planSet.financialPlan, &writer)
        workPlan(planSet.workPlan, version: version, status: status, &writer)
        writer.end()
        return Data(writer.text.utf8)
    }

    private static func strategicPlan(_ plan: StrategicPlan, _ writer: inout XMLWriter) {
        writer.start(
            "strategicPlan", [("id", plan.id.rawValue), ("from", String(plan.fromYear)), ("to", String(plan.toYear))])
        localized("title", plan.title, &writer)
        if let vision = plan.vision { localized("vision", vision, &writer) }
        if let mission = plan.mission { localized("mission", mission, &writer) }
        for value in plan.values { localized("value", value, &writer) }
        for goal in plan.goals {
            writer.start("goal", [("code", goal.code.rawValue)])
            localized("title", goal.title, &writer)
            for objective in goal.objectives {
                writer.start(
                    "objective",
                    [
                        ("code", objective.code.rawValue),
                        ("qualityObjective", objective.qualityObjective ? "true" : nil),
                    ])
                localized("title", objective.title, &writer)
                for kpi in objective.kpis {
                    writer.start(
                        "kpi",
                        [
                            ("code", kpi.code.rawValue), ("unit", kpi.unit), ("baseline", kpi.baseline.description),
                            ("baselineYear", kpi.baselineYear.map(String.init)),
                        ])
                    localized("title", kpi.title, &writer)
                    writer.element("dataSource", text: kpi.dataSource)
                    for target in kpi.targets {
                        writer.empty("target", [("year", target.period), ("value", target.value.description)])
                    }
                    for actual in kpi.actuals {
                        writer.empty("actual", [("period", actual.period), ("value", actual.value.description)])
                    }
                    writer.end()
                }
                writer.end()
            }
            writer.end()
        }
        writer.end()
    }

    private static func financialPlan(_ plan: FinancialPlan, _ writer: inout XMLWriter) {
        writer.start("financialPlan")
        for source in plan.sources {
            writer.start("fundingSource", [("code", source.code.rawValue)])
            localized("name", source.name, &writer)
            writer.end()
        }
        for envelope in plan.envelopes {
            writer.empty(
                "envelope",
                [
                    ("source", envelope.source.rawValue), ("year", String(envelope.year)),
                    ("amount", envelope.amount.decimalString),
                ])
        }
        for commitment in plan.commitments {
            writer.start(
                "commitment",
                [
                    ("source", commitment.source.rawValue), ("year", String(commitment.year)),
                    ("amount", commitment.amount.decimalString), ("reference", commitment.reference),
                    ("activity", commitment.activity?.rawValue),
                ])
            writer.element("description", text: commitment.description)
            writer.end()
        }
        writer.end()
    }

    private static func workPlan(_ plan: AnnualWorkPlan, version: Int?, status: AWPStatus?, _ writer: inout XMLWriter) {
        writer.start(
            "annualWorkPlan",
            [
                ("id", plan.id.rawValue), ("year", String(plan.year)), ("currency", plan.currency.code),
                ("version", version.map(String.init)), ("status", status?.rawValue),
            ])
        localized("project", plan.project, &writer)
        writer.element("fundingAgreement", text: plan.fundingAgreement)
        var lines: [ActivityCode: [BudgetLine]] = [:]
        for line in plan.budgetLines { lines[line.activity, default: []].append(line) }
        for activity in plan.activities {
            writer.start(
                "activity",
                [
                    ("code", activity.code.rawValue), ("output", activity.output.rawValue),
                    ("quarters", activity.quarters.description), ("status", activity.status.rawValue),
                    ("progress", String(activity.progress)), ("process", activity.process?.rawValue),
                ])
            localized("title", activity.title, &writer)
            writer.element("responsibleParty", text: activity.responsibleParty)
            writer.element("implementingPartner", text: activity.implementingPartner)
            writer.element("note", text: activity.note)
            for event in activity.events {
                writer.empty(
                    "event",
                    [
                        ("start", event.start.description),
                        ("end", event.end == event.start ? nil : event.end.description), ("place", event.place),
                    ])
            }
            for result in activity.results {
                writer.empty(
                    "result",
                    [
                        ("indicator", result.indicator), ("total", String(result.total)),
                        ("women", result.women.map(String.init)), ("youth", result.youth.map(String.init)),
                        ("disability", result.disability.map(String.init)),
                    ])
            }
            for link in activity.links {
                writer.empty("link", [("kind", link.kind.rawValue), ("target", link.target)])
            }
            for line in lines[activity.code] ?? [] {
                writer.start(
                    "budgetLine",
                    [
                        ("account", line.account.rawValue), ("source", line.source.rawValue),
                        ("q1", line.planned(in: .q1).decimalString), ("q2", line.planned(in: .q2).decimalString),
                        ("q3", line.planned(in: .q3).decimalString), ("q4", line.planned(in: .q4).decimalString),
                        ("amount", line.amount.decimalString),
                    ])
                writer.element("description", text: line.description)
                writer.end()
            }
            writer.end()
        }
        writer.end()
    }

    private static func localized(_ name: String, _ text: LocalizedText, _ writer: inout XMLWriter) {
        writer.start(name)
        writer.element("en", text: text.en)
        writer.element("ar", text: text.ar)
        writer.end()
    }
}
