import ArgumentParser
import Foundation
import QMSCore
import QMSServices

/// `eqms recommendation`: the register of observer-mission recommendations.
struct RecommendationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommendation",
        abstract: "Keep the recommendations of election observation missions and their follow-up.",
        subcommands: [Add.self, List.self, Link.self, Update.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a recommendation (numbered REC-YYYY-NNN in the year of the mission's report).",
            discussion: """
                Example: eqms recommendation add --mission "EU EOM Jordan 2024" --year 2024 --reference 12 \\
                           --text "Publish polling-station results within 24 hours" --priority high --addressee emb
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The mission, such as \"EU EOM Jordan 2024\".") var mission: String
        @Option(help: "The year of the mission's final report.") var year: Int
        @Option(help: "Its number in the report.") var reference: String?
        @Option(help: "The recommendation.") var text: String
        @Option(help: "high, medium or low.") var priority: RecommendationPriority = .medium
        @Option(help: "emb, parliament, judiciary, government or other.") var addressee: RecommendationAddressee

        func run() async throws {
            let qms = try await global.open()
            let recommendation = try await qms.recommendations.add(
                RecommendationDraft(
                    mission: mission, year: year, reference: reference, text: text, priority: priority,
                    addressee: addressee))
            if global.json { return try Console.json(recommendation) }
            Console.out("Recorded \(recommendation.id) (\(recommendation.content.mission)).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the recommendations and their follow-up.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this status: not-started, in-progress, implemented, not-accepted.")
        var status: RecommendationStatus?
        @OptionGroup var export: ExportOption

        func run() async throws {
            let qms = try await global.open()
            if let url = export.url {
                let rows = try await qms.recommendations.exportCSV(status: status, to: url)
                return try export.report(rows: rows, noun: "recommendations", json: global.json)
            }
            let list = try await qms.recommendations.list(status: status)
            if global.json { return try Console.json(list) }
            let language = global.lang
            var table = Table(
                Strings.headers(
                    ["id", "mission", "priority", "addressee", "status", "recommendation", "col_links"], language))
            table.maximumWidth = 48
            for item in list {
                table.add([
                    item.id.description, item.content.mission, Strings.term(item.content.priority, language),
                    Strings.term(item.content.addressee, language),
                    Strings.term(item.status, language), item.content.text,
                    item.links.map(\.target).joined(separator: " "),
                ])
            }
            Console.out(table.render())
        }
    }

    struct Link: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Link a recommendation to the actions, nonconformities, activities and evidence that answer it.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The recommendation, such as REC-2024-012.") var id: String
        @Option(name: .customLong("action"), help: "A corrective or review action (repeatable), CA-… or MR-…")
        var actions: [String] = []
        @Option(name: .customLong("nc"), help: "A nonconformity (repeatable), NC-YYYY-NNN.")
        var nonconformities: [String] = []
        @Option(name: .customLong("activity"), help: "A work-plan activity code (repeatable), such as 1.3.2.")
        var activities: [String] = []
        @Option(name: .customLong("evidence"), help: "Evidence (repeatable), EV-YYYY-NNNN.") var evidence: [String] = []

        func validate() throws {
            _ = try FindingsArgument.recommendation(id)
            if try links().isEmpty { throw ValidationError("give --action, --nc, --activity or --evidence") }
        }

        func links() throws -> [RecommendationLink] {
            let pairs: [(RecommendationLinkKind, [String])] = [
                (.action, actions), (.nonconformity, nonconformities), (.activity, activities), (.evidence, evidence),
            ]
            return try pairs.flatMap { kind, targets in
                try targets.map { target in
                    try FindingsArgument.parse(target) { text throws(DomainError) in
                        try RecommendationLink(kind: kind, target: text)
                    }
                }
            }
        }

        func run() async throws {
            let qms = try await global.open()
            let recommendation = try await qms.recommendations.link(
                try FindingsArgument.recommendation(id), to: try links())
            if global.json { return try Console.json(recommendation) }
            Console.out(
                "\(recommendation.id) is linked to " + recommendation.links.map(\.target).joined(separator: ", ") + ".")
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set where the follow-up of a recommendation stands.",
            discussion: "not-accepted needs the reason in --note; implemented needs evidence linked first.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The recommendation, such as REC-2024-012.") var id: String
        @Option(help: "not-started, in-progress, implemented or not-accepted.") var status: RecommendationStatus
        @Option(help: "A remark, or why it was not accepted.") var note: String?

        func validate() throws { _ = try FindingsArgument.recommendation(id) }

        func run() async throws {
            let qms = try await global.open()
            let recommendation = try await qms.recommendations.update(
                try FindingsArgument.recommendation(id), status: status, note: note)
            if global.json { return try Console.json(recommendation) }
            Console.out("\(recommendation.id) is \(recommendation.status.rawValue).")
        }
    }
}
