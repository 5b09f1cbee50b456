import ArgumentParser
import Foundation
import QMSCore
import QMSDossier
import QMSFormats
import QMSPresentation
import QMSServices

/// `eqms awp`: the Technical Committee's review of the annual work plan, its differences and report.
struct AWPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "awp",
        abstract: "Submit the annual work plan, comment, decide, compare versions and report on delivery.",
        discussion: """
            A version goes draft → submitted → under review → approved or revision requested. A
            revision is made by importing the revised plan (`eqms plan import`), which makes the next
            version. Comments and decisions are by Technical Committee members: --actor must be a
            user with the role tc-member (or admin; comments also by a quality manager). An approval
            becomes an evidence record for ISO 9001 6.2 and 8.1.
            """,
        subcommands: [Submit.self, Comment.self, Decide.self, Diff.self, Report.self, Quarterly.self])

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Submit the latest version of an AWP to the Technical Committee.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The AWP, such as hnec-2018.") var awp: String

        func validate() throws { _ = try PlanArgument.awp(awp) }

        func run() async throws {
            let qms = try await global.open()
            let result = try await qms.workPlanReview.submit(try PlanArgument.awp(awp))
            if global.json { return try Console.json(result) }
            Console.out("\(awp) version \(result.version) is \(result.status.rawValue).")
        }
    }

    struct Comment: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Comment on an activity of the version under review (Technical Committee members).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The AWP, such as hnec-2018.") var awp: String
        @Option(help: "The activity's code, such as 1.3.2.") var activity: String
        @Argument(help: "The comment.") var text: String

        func validate() throws {
            _ = try PlanArgument.awp(awp)
            _ = try PlanArgument.activity(activity)
            if text.trimmingWhitespace().isEmpty { throw ValidationError("the comment is empty") }
        }

        func run() async throws {
            let qms = try await global.open()
            let comment = try await qms.workPlanReview.comment(
                try PlanArgument.awp(awp), activity: try PlanArgument.activity(activity), text: text)
            if global.json { return try Console.json(comment) }
            Console.out(
                "Comment #\(comment.number) on \(awp) version \(comment.version), activity \(comment.activity).")
        }
    }

    struct Decide: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the Technical Committee's decision on the version under review, with its minutes.",
            discussion: "approve makes the version approved and an evidence record; revise asks for a new version.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The AWP, such as hnec-2018.") var awp: String
        @Argument(help: "approve or revise.") var decision: AWPDecisionKind
        @Option(help: "The minutes of the meeting.") var minutes: String

        func validate() throws {
            _ = try PlanArgument.awp(awp)
            if minutes.trimmingWhitespace().isEmpty { throw ValidationError("--minutes is empty") }
        }

        func run() async throws {
            let qms = try await global.open()
            let report = try await qms.workPlanReview.decide(try PlanArgument.awp(awp), decision, minutes: minutes)
            if global.json { return try Console.json(report) }
            Console.out("\(awp) version \(report.decision.version) is \(report.status.rawValue).")
            if let evidence = report.evidence {
                Console.out(
                    "Logged \(evidence.id): \(evidence.content.title) ("
                        + evidence.content.requirements.map(\.description).joined(separator: ", ") + ").")
            } else if decision == .approve {
                Console.note("No evidence was logged: load the ISO 9001 catalogue (eqms init) to record the approval.")
            }
        }
    }

    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what changed between two versions: activities added, removed and changed, and the budget.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The AWP, such as hnec-2018.") var awp: String
        @Option(help: "The earlier version.") var from: Int
        @Option(help: "The later version.") var to: Int

        func validate() throws {
            _ = try PlanArgument.awp(awp)
            try PlanArgument.version(from, option: "--from")
            try PlanArgument.version(to, option: "--to")
        }

        func run() async throws {
            let qms = try await global.open()
            let diff = try await qms.plans.diff(try PlanArgument.awp(awp), from: from, to: to)
            if global.json { return try Console.json(diff) }
            let language = global.lang
            let currency = diff.totalTo.currency.code
            Console.out("\(diff.awp): version \(diff.fromVersion) → version \(diff.toVersion)")
            if diff.isEmpty { Console.out("No change to the activities or the budget.") }
            if !diff.activitiesAdded.isEmpty || !diff.activitiesRemoved.isEmpty {
                Console.out("")
                var table = Table(
                    Strings.headers(["plans_change", "reg_code", "plans_output", "title", "plans_planned"], language))
                for brief in diff.activitiesAdded {
                    table.add([
                        "+ added", brief.code.rawValue, brief.output.rawValue, brief.title.text(in: language),
                        PlanText.amount(brief.planned),
                    ])
                }
                for brief in diff.activitiesRemoved {
                    table.add([
                        "- removed", brief.code.rawValue, brief.output.rawValue, brief.title.text(in: language),
                        PlanText.amount(brief.planned),
                    ])
                }
                Console.out(table.render())
            }
            if !diff.activitiesChanged.isEmpty {
                Console.out("")
                var table = Table(Strings.headers(["reg_code", "plans_field", "plans_from", "plans_to"], language))
                table.maximumWidth = 50
                for change in diff.activitiesChanged {
                    for field in change.changes {
                        table.add([change.code.rawValue, field.field, field.from, field.to])
                    }
                }
                Console.out(table.render())
            }
            if !diff.budgetChanges.isEmpty {
                Console.out("")
                var table = Table(
                    Strings.headers(
                        [
                            "plans_change", "plans_activity", "account", "source", "plans_from", "plans_to",
                            "plans_difference", "detail",
                        ], language))
                for change in diff.budgetChanges {
                    table.add([
                        change.kind.rawValue, change.key.activity.rawValue, change.key.account.rawValue,
                        change.key.source.rawValue, PlanText.amount(change.from), PlanText.amount(change.to),
                        PlanText.amount(change.difference),
                        change.changes.map { "\($0.field) \($0.from) → \($0.to)" }.joined(separator: "; "),
                    ])
                }
                Console.out(table.render())
            }
            Console.out("")
            var totals = Table(
                Strings.headers(["plans_output", "plans_from", "plans_to", "plans_difference"], language))
            for output in diff.outputTotals where output.difference.minorUnits != 0 {
                totals.add([
                    output.output.rawValue, PlanText.amount(output.from), PlanText.amount(output.to),
                    PlanText.amount(output.difference),
                ])
            }
            totals.add([
                Strings.text("total", language), PlanText.amount(diff.totalFrom), PlanText.amount(diff.totalTo),
                PlanText.amount(diff.totalDifference),
            ])
            Console.out(totals.render())
            Console.note(
                "\(diff.activitiesAdded.count) added, \(diff.activitiesRemoved.count) removed, "
                    + "\(diff.activitiesChanged.count) changed; \(diff.budgetChanges.count) budget change(s); amounts in \(currency)."
            )
        }
    }

    struct Quarterly: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The quarterly progress report: results, activities, delivery, risks, decisions, next quarter.",
            discussion: """
                Prints the quarter's delivery per output and source; --html and --pdf write the whole \
                report for a project board, in the --lang language (the PDF through headless Chromium). \
                An existing file is replaced only once the new one is complete.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The AWP, such as hnec-2018.") var awp: String
        @Option(help: "The quarter of the plan's year: Q1, Q2, Q3 or Q4.") var quarter: String
        @Option(help: "The version (default: the latest).") var version: Int?
        @Option(help: ArgumentHelp("Write the report as one HTML file.", valueName: "FILE.html")) var html: String?
        @Option(help: ArgumentHelp("Print the report to PDF with headless Chromium.", valueName: "FILE.pdf"))
        var pdf: String?

        func validate() throws {
            _ = try PlanArgument.awp(awp)
            try PlanArgument.version(version, option: "--version")
            _ = try Quarter(parsing: quarter)
        }

        func run() async throws {
            let qms = try await global.open()
            let progress = try await qms.plans.quarterly(
                try PlanArgument.awp(awp), quarter: try Quarter(parsing: quarter), version: version)
            let language = global.lang
            if html != nil || pdf != nil {
                let page = try QuarterlyReport.html(
                    progress, language: language, organisation: try await qms.organisation.get(), prepared: qms.today)
                if let html {
                    do {
                        try Data(page.utf8).write(to: URL(fileURLWithPath: html), options: .atomic)
                    } catch {
                        throw ServiceError.cannotWriteFile(path: html)
                    }
                    Console.note("The quarterly report is at \(html).")
                }
                if let pdf {
                    Console.note("Printing the PDF with headless Chromium…")
                    try QuarterlyReport.pdf(page, to: URL(fileURLWithPath: pdf))
                    Console.note("The quarterly report's PDF is at \(pdf).")
                }
            }
            if global.json { return try Console.json(progress) }
            let delivery = progress.quarterDelivery
            Console.out(
                "\(progress.awp) version \(progress.version), \(progress.quarter) \(progress.year) "
                    + "(\(progress.from) – \(progress.until)), amounts in \(delivery.currency)")
            let toDate = Dictionary(
                (progress.yearToDate.byOutput + progress.yearToDate.bySource + [progress.yearToDate.total]).map {
                    ("\($0.key)", $0)
                }, uniquingKeysWith: { first, _ in first })
            for (heading, lines) in [("OUTPUT", delivery.byOutput), ("SOURCE", delivery.bySource)] {
                Console.out("")
                var table = Table(Strings.headers([heading, "PLANNED", "SPENT", "DELIVERY", "YEAR TO DATE"], language))
                for line in lines + [delivery.total] {
                    let key = line.key == "total" ? Strings.text("total", language) : line.key
                    table.add([
                        key, PlanText.amount(line.planned), PlanText.amount(line.spent), line.deliveryText,
                        toDate[line.key]?.deliveryText ?? "–",
                    ])
                }
                Console.out(table.render())
            }
            Console.out("")
            var table = Table(Strings.headers(["ACTIVITY", "STATUS", "PLANNED", "SPENT", "NOTE"], language))
            table.maximumWidth = 56
            for activity in progress.activities {
                table.add([
                    activity.code.rawValue, Strings.term(activity.status, language), PlanText.amount(activity.planned),
                    PlanText.amount(activity.spent), activity.note ?? "",
                ])
            }
            Console.out(table.render())
            Console.out("")
            Console.out(
                "\(progress.risks.count) risk(s) and \(progress.nonconformities.count) nonconformity(ies) of the "
                    + "period; \(progress.decisions.count) decision(s) and \(progress.comments.count) comment(s) "
                    + "of the Technical Committee; \(progress.nextActivities.count) activity(ies) planned next quarter."
            )
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Planned, spent and delivery per output, quarter and funding source; KPI progress; results.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The AWP, such as hnec-2018.") var awp: String
        @Option(help: "The version (default: the latest).") var version: Int?
        @Option(
            help: ArgumentHelp(
                "Also write the report as a workbook people read: a sheet per view, totals, filters.",
                discussion: "Headers are in the --lang language; an existing file is replaced.",
                valueName: "FILE.xlsx"))
        var xlsx: String?

        func validate() throws {
            _ = try PlanArgument.awp(awp)
            try PlanArgument.version(version, option: "--version")
        }

        func run() async throws {
            let qms = try await global.open()
            let summary = try await qms.plans.report(try PlanArgument.awp(awp), version: version)
            let language = global.lang
            if let xlsx {
                let data = try AWPReportWorkbook.write(summary, language: language) {
                    Messages.shared.text($0, language)
                }
                do {
                    try data.write(to: URL(fileURLWithPath: xlsx), options: .atomic)
                } catch {
                    throw ServiceError.cannotWriteFile(path: xlsx)
                }
                Console.note("The report's workbook is at \(xlsx).")
            }
            if global.json { return try Console.json(summary) }
            Console.out(
                "\(summary.awp) version \(summary.version) (\(Strings.term(summary.status, language))), "
                    + "\(summary.year), amounts in \(summary.currency)")
            func delivery(_ heading: String, _ lines: [DeliveryLine], titled: Bool) {
                Console.out("")
                var table = Table(
                    Strings.headers(
                        titled
                            ? [heading, "TITLE", "PLANNED", "SPENT", "DELIVERY"]
                            : [heading, "PLANNED", "SPENT", "DELIVERY"], language))
                table.maximumWidth = 56
                for line in lines + [summary.total] {
                    let key = line.key == "total" ? Strings.text("total", language) : line.key
                    let over = line.overspent.map {
                        " " + Messages.shared.text("plans_overspent_by", language, ["amount": PlanText.amount($0)])
                    }
                    let cells = [
                        PlanText.amount(line.planned), PlanText.amount(line.spent), line.deliveryText + (over ?? ""),
                    ]
                    table.add(
                        titled
                            ? [key, line.key == "total" ? "" : PlanText.title(line.title, language)] + cells
                            : [key] + cells)
                }
                Console.out(table.render())
            }
            delivery("OUTPUT", summary.byOutput, titled: true)
            delivery("QUARTER", summary.byQuarter, titled: false)
            delivery("SOURCE", summary.bySource, titled: true)
            if summary.spentOutsideYear.minorUnits != 0 {
                Console.note(
                    "\(summary.spentOutsideYear) was spent outside \(summary.year) (in the totals, in no quarter).")
            }
            if !summary.envelopes.isEmpty {
                Console.out("")
                var table = Table(
                    Strings.headers(
                        [
                            "source", "plans_year", "plans_envelope", "plans_committed", "plans_outstanding",
                            "plans_planned", "plans_spent", "plans_left",
                        ], language))
                for position in summary.envelopes {
                    let left =
                        position.overspent.map {
                            Messages.shared.text(
                                "plans_envelope_exceeded_by", language, ["amount": PlanText.amount($0)])
                        } ?? PlanText.amount(position.left)
                    table.add([
                        position.source.rawValue, String(position.year), PlanText.amount(position.envelope),
                        PlanText.amount(position.committed), PlanText.amount(position.outstanding),
                        PlanText.amount(position.planned), PlanText.amount(position.spent), left,
                    ])
                }
                Console.out(table.render())
            }
            if !summary.kpis.isEmpty {
                Console.out("")
                var table = Table(
                    Strings.headers(
                        ["kpi", "title", "reg_unit", "plans_baseline", "reg_target", "plans_actual", "plans_progress"],
                        language))
                table.maximumWidth = 48
                for kpi in summary.kpis {
                    table.add([
                        kpi.code.rawValue + (kpi.qualityObjective ? " (6.2)" : ""), kpi.title.text(in: language),
                        kpi.unit,
                        kpi.baseline.description, kpi.target.map { "\($0.value) (\($0.period))" } ?? "",
                        kpi.actual.map { "\($0.value) (\($0.period))" } ?? "",
                        Ratio.percentText(kpi.progressBasisPoints),
                    ])
                }
                Console.out(table.render())
            }
            if !summary.results.isEmpty {
                Console.out("")
                var table = Table(
                    Strings.headers(
                        [
                            "plans_indicator", "plans_total", "reg_women", "plans_youth", "disability",
                            "plans_activities",
                        ], language))
                for result in summary.results {
                    table.add([
                        result.indicator, String(result.total), result.women.map(String.init) ?? "",
                        result.youth.map(String.init) ?? "", result.disability.map(String.init) ?? "",
                        String(result.activities),
                    ])
                }
                Console.out(table.render())
            }
            if !summary.dated.isEmpty {
                Console.out("")
                var table = Table(Strings.headers(["plans_activity", "dates", "title"], language))
                for item in summary.dated {
                    for event in item.events {
                        table.add([item.activity.rawValue, event.text, item.title.text(in: language)])
                    }
                }
                Console.out(table.render())
            }
        }
    }
}
