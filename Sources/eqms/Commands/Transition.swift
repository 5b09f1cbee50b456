import ArgumentParser
import Foundation
import QMSCore
import QMSServices

/// `eqms transition`: moving a certificate from one edition of a standard to the next.
struct TransitionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transition",
        abstract: "Moving from one edition of a standard to the next (ISO 9001:2015 → 2026).",
        subcommands: [Report.self], defaultSubcommand: Report.self)

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "The requirements new or changed, the evidence that carries over, what is missing, the deadline.",
            discussion: """
                eqms transition report                              ISO 9001:2015 → ISO 9001:2026
                eqms transition report --deadline 2029-09-30        the deadline your certification body set
                eqms transition report --json
                The deadline defaults to three years after the new edition's publication (for a draft,
                the end of its edition year stands for the publication date).
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The edition certified to.") var from = TransitionService.defaultFrom
        @Option(help: "The new edition.") var to = TransitionService.defaultTo
        @Option(help: "The transition deadline, YYYY-MM-DD (default: three years after publication).")
        var deadline: String?
        @Option(help: "The day to assess, YYYY-MM-DD (default: today).") var asOf: String?

        func validate() throws {
            for (option, value) in [("--from", from), ("--to", to)] where !StandardID.isValid(value) {
                throw ValidationError("\(option): '\(value)' is not a standard id")
            }
            _ = try DayArgument.date(deadline, option: "--deadline")
            _ = try DayArgument.date(asOf, option: "--as-of")
        }

        func run() async throws {
            let qms = try await global.open()
            let language = global.lang
            let report = try await qms.transition.report(
                from: try StandardID(from), to: try StandardID(to),
                deadline: try DayArgument.date(deadline, option: "--deadline"),
                asOf: try DayArgument.date(asOf, option: "--as-of"))
            if global.json { return try Console.json(report) }
            var lines = [
                "\(report.from) → \(report.to) (\(Strings.text(report.toStatus, language)))",
                "Deadline: \(report.deadline)"
                    + (report.deadlineGiven ? "" : " (estimated: three years after publication; set --deadline)")
                    + ", \(report.daysLeft) days from \(report.asOf)",
                "Readiness for \(report.to): \(report.tally.satisfied) satisfied, \(report.tally.partial) partial, "
                    + "\(report.tally.missing) missing of \(report.tally.applicable) applicable",
                "", "New or changed in \(report.to):",
            ]
            var changes = Table(
                Strings.headers(["requirement", "transition_change", "title", "transition_from"], language))
            for change in report.changes {
                changes.add([
                    change.key.number, change.kind.rawValue, change.title.text(in: language),
                    change.from.joined(separator: ", "),
                ])
            }
            lines.append(report.changes.isEmpty ? "none" : changes.render())
            lines += ["", "Evidence that carries over:"]
            var carried = Table(Strings.headers(["requirement", "nav_evidence", "via", "credit"], language))
            for item in report.carriedOver {
                carried.add([item.key.number, item.evidence.description, item.via.description, item.credit.rawValue])
            }
            lines.append(report.carriedOver.isEmpty ? "none" : carried.render())
            lines += ["", "Missing:"]
            var missing = Table(Strings.headers(["requirement", "transition_change", "title"], language))
            for gap in report.missing {
                missing.add([gap.key.number, gap.kind.rawValue, gap.title.text(in: language)])
            }
            lines.append(report.missing.isEmpty ? "none" : missing.render())
            Console.out(lines.joined(separator: "\n"))
        }
    }
}
