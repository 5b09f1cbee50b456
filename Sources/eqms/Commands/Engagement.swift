import ArgumentParser
import Foundation
import QMSCore
import QMSPresentation
import QMSServices

/// `eqms engagement`: the engagements of certification bodies and their auditors' access.
struct EngagementCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engagement",
        abstract:
            "Give a certification body's auditors access for a window of days and a scope; list what they opened.",
        subcommands: [Add.self, List.self, Show.self, Close.self, Access.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record an engagement.",
            discussion: """
                Example: eqms engagement add --certification-body "Bureau Veritas" --auditors ext.auditor \\
                  --opens 2026-12-07 --closes 2026-12-11 --standards iso-9001-2015 --processes EP-01,EP-04
                Each auditor is a local account (with a password) of the auditor role; give it a second
                factor from the profile page before the first day.
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The certification body.") var certificationBody: String
        @Option(help: "The auditors' usernames, separated by commas (repeatable).") var auditors: [String] = []
        @Option(help: "The first day the auditors may sign in, YYYY-MM-DD (the organisation's time zone).")
        var opens: String
        @Option(help: "The last day the auditors may sign in, YYYY-MM-DD.") var closes: String
        @Option(help: "Standards in scope, separated by commas (default: all).") var standards: [String] = []
        @Option(help: "Processes in scope, separated by commas (default: all).") var processes: [String] = []
        @Option(help: "Sites in scope, separated by commas (default: all).") var sites: [String] = []
        @Option(help: "The first day of the period under audit.") var periodFrom: String?
        @Option(help: "The last day of the period under audit.") var periodTo: String?
        @Flag(help: "Show the auditors evidence marked restricted.") var grantsRestricted = false

        func run() async throws {
            let qms = try await global.open()
            let input = EngagementInput(
                certificationBody: certificationBody, auditors: auditors, standards: standards, processes: processes,
                sites: sites, periodFrom: periodFrom, periodTo: periodTo, opens: opens, closes: closes,
                grantsRestricted: grantsRestricted)
            let engagement = try await qms.engagements.add(try input.draft())
            if global.json { return try Console.json(engagement) }
            Console.out(
                "Recorded \(engagement.id): \(engagement.content.certificationBody), "
                    + "\(engagement.content.opensOn) to \(engagement.content.closesOn).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the engagements, newest first.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let qms = try await global.open()
            let engagements = try await qms.engagements.list()
            if global.json { return try Console.json(engagements) }
            let language = global.lang
            let today = try await qms.engagements.today()
            var table = Table(
                Strings.headers(
                    [
                        "id", "engagement_body", "engagement_auditors", "opens", "closes",
                        "status",
                    ],
                    language))
            for engagement in engagements {
                let content = engagement.content
                table.add([
                    engagement.id.description, content.certificationBody, content.auditors.joined(separator: ", "),
                    content.opensOn.description, content.closesOn.description,
                    Strings.text("engagement_window_" + engagement.window(on: today).rawValue, language),
                ])
            }
            Console.out(table.render())
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an engagement.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The engagement, ENG-YYYY-NN.") var id: String

        func run() async throws {
            let qms = try await global.open()
            let engagement = try await qms.engagements.get(try EngagementCommand.id(id))
            if global.json { return try Console.json(engagement) }
            let content = engagement.content
            let scope = content.scope
            let lines: [(String, String)] = [
                ("Body", content.certificationBody), ("Auditors", content.auditors.joined(separator: ", ")),
                ("Window", "\(content.opensOn) to \(content.closesOn)"),
                ("Closed early", engagement.closedOn?.description ?? ""),
                ("Standards", scope.standards.map(\.rawValue).joined(separator: ", ")),
                ("Processes", scope.processes.joined(separator: ", ")), ("Sites", scope.sites.joined(separator: ", ")),
                (
                    "Period",
                    [scope.periodFrom, scope.periodTo].map { $0?.description ?? "…" }.joined(separator: " to ")
                ),
                ("Restricted", content.grantsRestricted ? "shown" : "withheld"),
            ]
            Console.out("\(engagement.id)")
            for (label, value) in lines where !value.isEmpty {
                Console.out("  \(label.padding(toLength: 14, withPad: " ", startingAt: 0)) \(value)")
            }
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close an engagement now: its auditors' access ends at once.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The engagement, ENG-YYYY-NN.") var id: String

        func run() async throws {
            let qms = try await global.open()
            let engagement = try await qms.engagements.close(try EngagementCommand.id(id))
            if global.json { return try Console.json(engagement) }
            Console.out("Closed \(engagement.id) on \(engagement.closedOn?.description ?? "").")
        }
    }

    struct Access: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List what an engagement's auditors opened (who, what, when), newest first.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The engagement, ENG-YYYY-NN; without it, what internal auditors opened.") var id: String?
        @Option(help: "At most this many entries.") var limit: Int = 500

        func run() async throws {
            let qms = try await global.open()
            let entries = try await qms.engagements.access(try id.map(EngagementCommand.id), limit: limit)
            if global.json { return try Console.json(entries) }
            var table = Table(
                Strings.headers(
                    ["engagement_access_when", "engagement_access_who", "engagement_access_what", "kind"], global.lang))
            for entry in entries {
                table.add([
                    entry.at, entry.auditor, entry.record + (entry.file.map { " (\($0))" } ?? ""),
                    Strings.text("engagement_access_" + entry.kind, global.lang),
                ])
            }
            Console.out(table.render())
        }
    }

    static func id(_ text: String) throws -> EngagementID {
        try FindingsArgument.parse(text) { text throws(DomainError) in try EngagementID(parsing: text) }
    }
}
