import ArgumentParser
import Foundation
import QMSCore
import QMSFormats
import QMSServices

extension PlanFileFormat: ExpressibleByArgument {}
extension WorkbookLayout: ExpressibleByArgument {}
extension AWPDecisionKind: ExpressibleByArgument {}
extension IATIActivityGrouping: ExpressibleByArgument {}

/// Parses the identifiers of the plan commands; a malformed value is a usage error (exit 2).
enum PlanArgument {
    static func awp(_ text: String) throws -> PlanID {
        do { return try PlanID(text) } catch { throw ValidationError(FixWording.what(error)) }
    }

    static func activity(_ text: String) throws -> ActivityCode {
        do { return try ActivityCode(text) } catch { throw ValidationError(FixWording.what(error)) }
    }

    static func code(_ text: String, field: String) throws -> PlanCode {
        do { return try PlanCode(text, field: field) } catch { throw ValidationError(FixWording.what(error)) }
    }

    static func version(_ value: Int?, option: String) throws {
        if let value, value < 1 { throw ValidationError("\(option) is a version number, 1 or more") }
    }
}

/// Renders money and rates in tables.
enum PlanText {
    /// `480,000.00` without the currency (the table's heading or report names it).
    static func amount(_ money: Money) -> String {
        let text = money.description
        return text.hasPrefix(money.currency.code + " ") ? String(text.dropFirst(4)) : text
    }

    static func title(_ text: LocalizedText?, _ language: Language) -> String { text?.text(in: language) ?? "" }
}

/// `eqms plan`: plan files and annual work plans.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Import, export and show plans: strategic, operational, financial, and the annual work plan.",
        subcommands: [Import.self, Export.self, Show.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a plan file (.xml plan set, or a work plan as .csv or .xlsx), all or nothing.",
            discussion: """
                The AWP is named by the id the file gives it. A file whose AWP id exists makes the next
                version of that AWP (as a draft); a CSV or XLSX keeps the strategic, operational and
                financial plans of the latest version and replaces its activities and budget lines.
                Any problem aborts the import with file:line (XML) or row and column (CSV, XLSX), and
                nothing is written. `--csv-template` prints the header of the CSV format.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The plan file.") var file: String?
        @Option(
            help: ArgumentHelp(
                "The Plans folder (with plans.xsd).",
                discussion: "Default: $EQMS_PLANS, else ./Plans, else beside Standards.", valueName: "dir"))
        var plans: String?
        @Flag(help: "Print the header line of the CSV format and stop.") var csvTemplate = false

        func validate() throws {
            if !csvTemplate && file == nil { throw ValidationError("give the plan file, or --csv-template") }
            if let file, !["xml", "csv", "xlsx"].contains(URL(fileURLWithPath: file).pathExtension.lowercased()) {
                throw ValidationError("the plan file must end in .xml, .csv or .xlsx")
            }
        }

        func run() async throws {
            if csvTemplate { return Console.out(AWPSheet.template) }
            let qms = try await global.open()
            let library = try plans.map { try PlansLibrary(directory: URL(fileURLWithPath: $0)) }
            let report = try await qms.plans.importFile(URL(fileURLWithPath: file ?? ""), library: library)
            if global.json { return try Console.json(report) }
            Console.out(
                "Imported \(report.awp) version \(report.version) (\(report.status.rawValue)): "
                    + "\(report.activities) activities, \(report.budgetLines) budget lines, \(report.planned) planned.")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Write an annual work plan to a file: the whole plan set as XML, or the work plan as CSV or XLSX.",
            discussion: """
                `--format iati` writes IATI 2.03 activities (one per work plan, or one per output with
                `--activity-per output`), checked against IATI's rules and validated against the IATI
                2.03 activity schema before the file is written; nothing is written when a check fails.
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The AWP, such as hnec-2018.") var awp: String
        @Option(help: "xml, csv, xlsx or iati.") var format: PlanFileFormat
        @Option(name: [.customLong("out"), .customLong("output")], help: "Where to write it.") var out: String
        @Option(help: "For iati: one activity per work plan or per output (plan or output).")
        var activityPer: IATIActivityGrouping = .plan
        @Option(
            help: ArgumentHelp(
                "For iati: the commission's IATI organisation identifier.",
                discussion: """
                    Default: the organisation's (eqms organisation set --iati-ref), else $EQMS_IATI_ORG_REF.
                    """,
                valueName: "ref"))
        var orgRef: String?
        @Option(help: "The version (default: the latest).") var version: Int?
        @Option(help: "For xlsx: one flat sheet, or one sheet per output (flat or per-output).")
        var sheets: WorkbookLayout = .flat

        func validate() throws {
            _ = try PlanArgument.awp(awp)
            try PlanArgument.version(version, option: "--version")
        }

        func run() async throws {
            let qms = try await global.open()
            let report = try await qms.plans.export(
                try PlanArgument.awp(awp), version: version, format: format, to: URL(fileURLWithPath: out),
                layout: sheets,
                iati: IATIExportSettings(
                    organisationReference: orgRef,
                    defaultReference: ProcessInfo.processInfo.environment["EQMS_IATI_ORG_REF"], grouping: activityPer))
            if global.json { return try Console.json(report) }
            Console.out(
                "Wrote \(report.awp) version \(report.version) to \(out) (\(report.activities) activities, "
                    + "\(report.budgetLines) budget lines).")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the annual work plans, or show one with its activities, comments and decisions.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The AWP, such as hnec-2018 (default: list them all).") var awp: String?
        @Option(help: "The version (default: the latest).") var version: Int?

        func validate() throws {
            if let awp { _ = try PlanArgument.awp(awp) }
            try PlanArgument.version(version, option: "--version")
            if awp == nil, version != nil { throw ValidationError("--version goes with an AWP") }
        }

        func run() async throws {
            let qms = try await global.open()
            let language = global.lang
            guard let awp else {
                let listings = try await qms.plans.list()
                if global.json { return try Console.json(listings) }
                var table = Table(
                    Strings.headers(
                        [
                            "id", "plans_year", "reg_version", "status", "plans_activities", "currency",
                            "plans_planned", "plans_spent", "plans_delivery",
                            "plans_project",
                        ],
                        language))
                for listing in listings {
                    let line = DeliveryLine(key: listing.awp.rawValue, planned: listing.planned, spent: listing.spent)
                    table.add([
                        listing.awp.rawValue, String(listing.year), String(listing.latestVersion),
                        Strings.term(listing.status, language), String(listing.activities),
                        listing.currency.code, PlanText.amount(listing.planned), PlanText.amount(listing.spent),
                        line.deliveryText, listing.project.text(in: language),
                    ])
                }
                Console.out(table.render())
                return Console.note("\(listings.count) annual work plan(s).")
            }
            let details = try await qms.plans.details(try PlanArgument.awp(awp), version: version)
            if global.json { return try Console.json(details) }
            let stored = details.version
            let plan = stored.planSet.workPlan
            Console.out("\(plan.id) version \(stored.version) — \(Strings.term(stored.status, language))")
            let versions = details.versions.map { "v\($0.version) \(Strings.term($0.status, language))" }
            for (label, value) in [
                ("Project", plan.project.text(in: language)), ("Year", String(plan.year)),
                ("Funding agreement", plan.fundingAgreement ?? ""), ("Currency", plan.currency.code),
                ("Planned", plan.totalPlanned.description), ("Spent", details.summary.total.spent.description),
                ("Delivery", details.summary.total.deliveryText),
                (
                    "Strategic plan",
                    stored.planSet.strategicPlan.map { "\($0.id): \($0.title.text(in: language))" } ?? ""
                ),
                ("Versions", versions.joined(separator: ", ")),
                ("Imported", "\(stored.importedAt) by \(stored.importedBy) from \(stored.sourceFile)"),
                ("Note", stored.planSet.note ?? ""),
            ] where !value.isEmpty {
                Console.out("  \(label.padding(toLength: 18, withPad: " ", startingAt: 0)) \(value)")
            }
            Console.out("")
            var table = Table(
                Strings.headers(
                    [
                        "reg_code", "plans_output", "title", "quarters", "status", "plans_progress", "plans_planned",
                        "plans_spent", "plans_delivery",
                    ],
                    language))
            table.maximumWidth = 56
            let lines = Dictionary(
                details.summary.byActivity.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            for activity in plan.activities.sorted(by: { $0.code < $1.code }) {
                let line = lines[activity.code.rawValue]
                table.add([
                    activity.code.rawValue, activity.output.rawValue, activity.title.text(in: language),
                    activity.quarters.description, Strings.term(activity.status, language),
                    "\(activity.progress)%", line.map { PlanText.amount($0.planned) } ?? "",
                    line.map { PlanText.amount($0.spent) } ?? "", line?.deliveryText ?? "",
                ])
            }
            Console.out(table.render())
            if !details.comments.isEmpty {
                Console.out("")
                Console.out("Comments on version \(stored.version):")
                for comment in details.comments {
                    Console.out(
                        "  #\(comment.number) \(comment.activity) — \(comment.author), \(comment.at): \(comment.text)")
                }
            }
            if !details.decisions.isEmpty {
                Console.out("")
                Console.out("Decisions:")
                for decision in details.decisions {
                    let evidence = decision.evidence.map { " → evidence \($0)" } ?? ""
                    Console.out(
                        "  v\(decision.version) \(decision.decision.rawValue) by \(decision.decidedBy), \(decision.at)"
                            + "\(evidence): \(decision.minutes)")
                }
            }
        }
    }
}
