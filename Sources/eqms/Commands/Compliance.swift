import ArgumentParser
import Foundation
import QMSCore
import QMSServices

extension ComplianceGrouping: ExpressibleByArgument {}

/// `eqms compliance`: readiness for certification.
struct ComplianceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compliance",
        abstract: "How ready the organisation is for certification: per standard, clause, process or requirement.",
        subcommands: [Summary.self, Gaps.self, DocumentedInformation.self], defaultSubcommand: Summary.self)

    struct Summary: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "summary",
            abstract: "Readiness per standard, or one standard broken down (the default command).",
            discussion: """
                eqms compliance                                  every standard
                eqms compliance iso-9001-2015 --by clause        one line per clause 4 … 10
                eqms compliance iso-54001-2019 --by process      one line per electoral process
                eqms compliance iso-9001-2015 --by requirement   every requirement with its evidence
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "One standard.") var standard: String?
        @Option(help: "Break the standard down: clause, process or requirement.") var by: ComplianceGrouping?
        @Option(help: "The day to assess, YYYY-MM-DD (default: today).") var asOf: String?

        func validate() throws {
            if let standard, !StandardID.isValid(standard) {
                throw ValidationError("'\(standard)' is not a standard id")
            }
            if by != nil && standard == nil { throw ValidationError("--by needs a standard, such as iso-9001-2015") }
            _ = try DayArgument.date(asOf, option: "--as-of")
        }

        func run() async throws {
            let qms = try await global.open()
            let language = global.lang
            let day = try DayArgument.date(asOf, option: "--as-of")
            if let by, let standard {
                let lines = try await qms.compliance.breakdown(try StandardID(standard), by: by, asOf: day)
                if global.json { return try Console.json(lines) }
                var table = Table(
                    Strings.headers(
                        by == .requirement
                            ? ["REQUIREMENT", "STATUS", "TITLE", "EVIDENCE"]
                            : [
                                "GROUP", "STATUS", "APPLICABLE", "SATISFIED", "PARTIAL", "MISSING", "READINESS",
                                "TITLE",
                            ],
                        language))
                for line in lines {
                    if by == .requirement {
                        let evidence = (line.evidence ?? []).map {
                            $0.evidence.description + ($0.credit == .partial ? " (partial)" : "")
                        }
                        table.add([
                            line.group, Strings.term(line.status, language), line.title.text(in: language),
                            (evidence + (line.findings ?? [])).joined(separator: ", "),
                        ])
                    } else {
                        table.add([
                            line.group, Strings.term(line.status, language), String(line.applicable),
                            String(line.satisfied), String(line.partial), String(line.missing),
                            String(format: "%.1f%%", line.readinessPercent), line.title.text(in: language),
                        ])
                    }
                }
                return Console.out(table.render())
            }
            let readiness = try await qms.compliance.readiness(
                standard: try standard.map { try StandardID($0) }, asOf: day)
            if global.json { return try Console.json(readiness) }
            var table = Table(
                Strings.headers(
                    [
                        "standard", "status", "applicable", "satisfied", "partial", "missing", "excluded",
                        "readiness_percent",
                    ],
                    language))
            for line in readiness {
                table.add([
                    line.standard, Strings.text("standard_status_" + line.status, language), String(line.applicable),
                    String(line.satisfied),
                    String(line.partial), String(line.missing), String(line.excluded),
                    String(format: "%.1f%%", line.readinessPercent),
                ])
            }
            Console.out(table.render())
        }
    }

    struct Gaps: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Requirements without evidence, and evidence expired, expiring soon or overdue for review.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Only this standard.") var standard: String?
        @Option(help: "How far ahead to look for expiring evidence (30d, 4w).") var within = "30d"
        @Option(help: "The day to assess, YYYY-MM-DD (default: today).") var asOf: String?

        mutating func validate() throws {
            // `--within 30 days` leaves "days" where the standard goes: it is the duration's unit.
            if let word = standard, DayArgument.isDurationUnit(word), Int(within) != nil {
                within += " " + word
                standard = nil
            }
            if let standard, !StandardID.isValid(standard) {
                throw ValidationError("'\(standard)' is not a standard id")
            }
            _ = try DayArgument.days(within, option: "--within")
            _ = try DayArgument.date(asOf, option: "--as-of")
        }

        func run() async throws {
            let qms = try await global.open()
            let gaps = try await qms.compliance.gaps(
                standard: try standard.map { try StandardID($0) },
                within: try DayArgument.days(within, option: "--within"),
                asOf: try DayArgument.date(asOf, option: "--as-of"))
            if global.json { return try Console.json(gaps) }
            let language = global.lang
            Console.out("Requirements without evidence (\(gaps.missing.count)):")
            var missing = Table(Strings.headers(["requirement", "title"], language))
            for gap in gaps.missing { missing.add([gap.key.description, gap.title.text(in: language)]) }
            Console.out(missing.render())
            Console.out("\nEvidence needing attention (\(gaps.evidence.count)):")
            var evidence = Table(Strings.headers(["id", "alert", "reg_date", "days", "owner", "title"], language))
            for item in gaps.evidence {
                evidence.add([
                    item.alert.evidence.description, Strings.term(item.alert.kind, language),
                    item.alert.date.description, String(item.alert.days), item.owner, item.title,
                ])
            }
            Console.out(evidence.render())
        }
    }

    struct DocumentedInformation: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "documented-information",
            abstract:
                "The mandatory documented information of a standard (ISO 9001:2015: 6 documents to maintain, 21 records to retain): present, expired or absent."
        )
        @OptionGroup var global: GlobalOptions
        @Option(help: "The standard (default: iso-9001-2015).") var standard: String?
        @Option(help: "The day to assess, YYYY-MM-DD (default: today).") var asOf: String?

        func validate() throws {
            if let standard, !StandardID.isValid(standard) {
                throw ValidationError("'\(standard)' is not a standard id")
            }
            _ = try DayArgument.date(asOf, option: "--as-of")
        }

        func run() async throws {
            let qms = try await global.open()
            let items = try await qms.compliance.documentedInformation(
                standard: try standard.map { try StandardID($0) }, asOf: try DayArgument.date(asOf, option: "--as-of"))
            if global.json { return try Console.json(items) }
            let language = global.lang
            var table = Table(Strings.headers(["requirement", "type", "state", "item", "nav_evidence"], language))
            for item in items {
                table.add([
                    item.key.number, Strings.term(item.type, language),
                    Strings.term(item.state, language),
                    item.description.text(in: language), item.evidence.map(\.description).joined(separator: ", "),
                ])
            }
            Console.out(table.render())
            let present = items.filter { $0.state == .present }.count
            let count = DocumentedInformationCount(items.map(\.type))
            Console.note(
                "\(count.maintain) \(Strings.text("documents_to_maintain", language)), \(count.retain) "
                    + "\(Strings.text("records_to_retain", language)): \(present) of \(count.total) present.")
        }
    }
}
