import ArgumentParser
import Foundation
import QMSCore
import QMSServices

/// `eqms kpi`: monitoring and measurement (ISO 9001 9.1).
struct KPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpi",
        abstract: "Keep the monitored KPIs and their measurements over time, perception data included.",
        discussion: """
            Categories: performance (9.1.1), voter-perception and stakeholder-perception (9.1.2, such as a
            media monitoring unit's findings). An indicator with measurements is evidence for its clause,
            due again --every-months after the latest measurement. The strategic plan's KPIs stay in the
            plan files (eqms plan); --plan-kpi names the one an indicator follows.
            """,
        subcommands: [Add.self, List.self, Show.self, Measure.self])

    struct CodeArgument: ParsableArguments {
        @Argument(help: "The KPI's code, such as KPI-07.") var code: String
        var value: RegisterCode { get throws { try RegisterArgument.code(code, field: "KPI code") } }
        func validate() throws { _ = try value }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Define an indicator under its code.",
            discussion: """
                Example: eqms kpi add KPI-07 --title "Share of media reports that are positive about the commission" \\
                           --unit % --category stakeholder-perception --target 60 --owner "Media monitoring unit" \\
                           --every-months 1 --source "Media monitoring unit"
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var code: CodeArgument
        @Option(help: "What it measures.") var title: String
        @Option(help: "%, days, complaints …") var unit: String
        @Option(help: "performance, voter-perception or stakeholder-perception.") var category: KPICategory =
            .performance
        @Option(help: "Which way is better: higher or lower.") var direction: KPIDirection = .higher
        @Option(help: "The target value.") var target: String?
        @Option(help: "Who answers for it.") var owner: String
        @Option(help: "The process it measures.") var process: String?
        @Option(help: "Months between measurements; a later one is flagged late.") var everyMonths: Int?
        @Option(help: "Where the figures come from.") var source: String?
        @Option(help: "The strategic-plan KPI it follows, by code.") var planKPI: String?
        @OptionGroup var requirements: RequirementsOption

        func validate() throws {
            if let target { _ = try RegisterArgument.decimal(target, option: "--target") }
            if let planKPI { _ = try RegisterArgument.planKPI(planKPI) }
        }

        func run() async throws {
            let kpi = try await global.open().kpis.add(
                KPIDraft(
                    code: try code.value, title: title, unit: unit, category: category, direction: direction,
                    target: try target.map { try RegisterArgument.decimal($0, option: "--target") }, owner: owner,
                    process: process, everyMonths: everyMonths, dataSource: source,
                    planKPI: try planKPI.map(RegisterArgument.planKPI), requirements: try requirements.keys))
            if global.json { return try Console.json(kpi) }
            Console.out("Defined \(kpi.content.code). Next: eqms kpi measure \(kpi.content.code) VALUE")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The indicators with their latest value and trend; --export-csv writes every measurement.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this category.") var category: KPICategory?
        @OptionGroup var export: ExportOption

        func run() async throws {
            let qms = try await global.open()
            if let url = export.url {
                let rows = try await qms.kpis.exportCSV(to: url)
                return try export.report(rows: rows, noun: "measurements", json: global.json)
            }
            let list = try await qms.kpis.list(category: category)
            if global.json { return try Console.json(list) }
            let language = global.lang
            var table = Table(
                Strings.headers(
                    [
                        "reg_code", "title", "reg_category", "reg_unit", "reg_target", "reg_latest", "reg_date",
                        "reg_trend", "alerts",
                    ], language))
            table.maximumWidth = 44
            for entry in list {
                let kpi = entry.record
                table.add([
                    kpi.content.code.description, kpi.content.title, kpi.content.category.rawValue, kpi.content.unit,
                    kpi.content.target?.description ?? "", kpi.latest?.value.description ?? "",
                    kpi.latest?.on.description ?? "",
                    kpi.trend.map { Strings.term($0, language) } ?? "",
                    Strings.alerts(entry.alerts, language),
                ])
            }
            Console.out(table.render())
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An indicator with every measurement.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var code: CodeArgument

        func run() async throws {
            let entry = try await global.open().kpis.show(try code.value)
            if global.json { return try Console.json(entry) }
            let kpi = entry.record
            let content = kpi.content
            Console.out("\(content.code)  \(content.title)  (\(content.category.rawValue), \(content.unit))")
            Console.out(
                "owner \(content.owner)"
                    + (content.target.map { ", target \($0), \(content.direction.rawValue) is better" } ?? "")
                    + (content.planKPI.map { ", follows plan KPI \($0)" } ?? ""))
            var table = Table(
                Strings.headers(["reg_date", "reg_period", "reg_value", "source", "plans_note"], global.lang))
            for measurement in kpi.series {
                table.add([
                    measurement.on.description, measurement.period ?? "", measurement.value.description,
                    measurement.source ?? "", measurement.note ?? "",
                ])
            }
            Console.out(table.render())
            if let trend = kpi.trend { Console.out("trend: \(trend.rawValue)") }
            if let onTarget = kpi.onTarget { Console.out(onTarget ? "on target" : "below target") }
            if let evidence = kpi.evidence { Console.out("evidence: \(evidence)") }
            if !entry.alerts.isEmpty { Console.out("alerts: " + Strings.alerts(entry.alerts, global.lang)) }
        }
    }

    struct Measure: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a measurement.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var code: CodeArgument
        @Argument(help: "The value, such as 57.5.") var value: String
        @Option(help: "The day measured (default: today).") var date: String?
        @Option(help: "The period it covers: 2026-Q1, \"polling day\" …") var period: String?
        @Option(help: "Where the figure comes from.") var source: String?
        @Option(help: "Remarks.") var note: String?

        func validate() throws {
            _ = try RegisterArgument.decimal(value, option: "VALUE")
            _ = try DayArgument.date(date, option: "--date")
        }

        func run() async throws {
            let kpi = try await global.open().kpis.measure(
                try code.value, value: try RegisterArgument.decimal(value, option: "VALUE"),
                on: try DayArgument.date(date, option: "--date"), period: period, source: source, note: note)
            if global.json { return try Console.json(kpi) }
            Console.out(
                "\(kpi.content.code): \(kpi.measurements.count) measurement(s)"
                    + (kpi.trend.map { ", \($0.rawValue)" } ?? "") + ".")
        }
    }
}
