import ArgumentParser
import Foundation
import QMSCore
import QMSServices

/// `eqms party`: interested parties (ISO 9001 4.2).
struct PartyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "party",
        abstract: "Keep the interested parties, their needs and expectations, and how they are monitored.",
        subcommands: [Add.self, List.self, Show.self, Review.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record an interested party (numbered IP-YYYY-NN).",
            discussion: """
                Example: eqms party add --category observers --name "Domestic observer coalition" \\
                           --need "Accreditation six weeks before polling day" --expectation "Access to the count" \\
                           --monitoring "Quarterly meetings; observer reports" --review 2027-01-31
                Categories: \(PartyCategory.allCases.map(\.rawValue).joined(separator: ", ")).
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "voters, candidates, political-organizations, observers, media, judiciary, donors, …")
        var category: PartyCategory
        @Option(help: "Who they are.") var name: String
        @Option(name: .customLong("need"), help: "A need (requirement) of theirs (repeatable).") var needs: [String] =
            []
        @Option(name: .customLong("expectation"), help: "An expectation (repeatable).") var expectations: [String] = []
        @Option(help: "How their needs and expectations are monitored.") var monitoring: String
        @Option(help: "Their climate-related expectations, or \"none found\" (Amendment 1:2024).") var climate: String?
        @Option(help: "low, medium or high.") var influence: PartyInfluence?
        @Option(name: .customLong("process"), help: "A process that serves them (repeatable).") var processes:
            [String] = []
        @Option(help: "When it is next reviewed, YYYY-MM-DD.") var review: String?
        @OptionGroup var requirements: RequirementsOption

        func validate() throws { _ = try DayArgument.date(review, option: "--review") }

        func run() async throws {
            let qms = try await global.open()
            let party = try await qms.parties.add(
                PartyDraft(
                    category: category, name: name, needs: needs, expectations: expectations, monitoring: monitoring,
                    climate: climate, influence: influence, processes: processes, requirements: try requirements.keys,
                    reviewOn: try DayArgument.date(review, option: "--review")))
            if global.json { return try Console.json(party) }
            Console.out("Recorded \(party.id) (\(party.content.name)).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The interested parties.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this category.") var category: PartyCategory?
        @OptionGroup var export: ExportOption

        func run() async throws {
            let qms = try await global.open()
            if let url = export.url {
                let rows = try await qms.parties.exportCSV(to: url)
                return try export.report(rows: rows, noun: "interested parties", json: global.json)
            }
            let list = try await qms.parties.list(category: category)
            if global.json { return try Console.json(list) }
            let language = global.lang
            var table = Table(
                Strings.headers(
                    ["id", "reg_category", "name", "reg_needs", "monitoring", "review", "alerts"], language))
            table.maximumWidth = 40
            for entry in list {
                let party = entry.record
                table.add([
                    party.id.description, party.content.category.rawValue, party.content.name,
                    (party.content.needs + party.content.expectations).joined(separator: "; "),
                    party.content.monitoring, party.content.reviewOn?.description ?? "",
                    Strings.alerts(entry.alerts, language),
                ])
            }
            Console.out(table.render())
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An interested party with its reviews.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The party, such as IP-2026-01.") var id: String

        func validate() throws { _ = try RegisterArgument.party(id) }

        func run() async throws {
            let entry = try await global.open().parties.show(try RegisterArgument.party(id))
            if global.json { return try Console.json(entry) }
            let party = entry.record
            let content = party.content
            Console.out("\(party.id)  \(content.name)  (\(content.category.rawValue))")
            for need in content.needs { Console.out("need: \(need)") }
            for expectation in content.expectations { Console.out("expectation: \(expectation)") }
            Console.out("monitoring: \(content.monitoring)")
            if let climate = content.climate { Console.out("climate: \(climate)") }
            if let influence = content.influence { Console.out("influence: \(influence.rawValue)") }
            if !content.processes.isEmpty { Console.out("processes: " + content.processes.joined(separator: ", ")) }
            for review in party.reviews {
                Console.out("reviewed \(review.on) by \(review.by)" + (review.note.map { ": \($0)" } ?? ""))
            }
            if let evidence = party.evidence { Console.out("evidence: \(evidence)") }
            if !entry.alerts.isEmpty { Console.out("alerts: " + Strings.alerts(entry.alerts, global.lang)) }
        }
    }

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a review of a party; needs, expectations and monitoring given replace the recorded ones.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The party, such as IP-2026-01.") var id: String
        @Option(help: "The next review, YYYY-MM-DD.") var next: String?
        @Option(help: "What the review found.") var note: String?
        @Option(name: .customLong("need"), help: "A need (repeatable).") var needs: [String] = []
        @Option(name: .customLong("expectation"), help: "An expectation (repeatable).") var expectations: [String] = []
        @Option(help: "How they are monitored now.") var monitoring: String?

        func validate() throws {
            _ = try RegisterArgument.party(id)
            _ = try DayArgument.date(next, option: "--next")
        }

        func run() async throws {
            let party = try await global.open().parties.review(
                try RegisterArgument.party(id), next: try DayArgument.date(next, option: "--next"), note: note,
                needs: needs, expectations: expectations, monitoring: monitoring)
            if global.json { return try Console.json(party) }
            Console.out("\(party.id) reviewed.")
        }
    }
}
