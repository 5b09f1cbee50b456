import ArgumentParser
import Foundation
import QMSCore
import QMSServices

/// `eqms process`: the processes and the process map (ISO 9001 4.4).
struct ProcessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Keep the process map: each process with its owner, inputs, outputs, KPIs and interactions.",
        subcommands: [Add.self, List.self, Show.self, Review.self, Map.self])

    struct CodeArgument: ParsableArguments {
        @Argument(help: "The process's code, such as P-04.") var code: String
        var value: RegisterCode { get throws { try RegisterArgument.code(code, field: "process code") } }
        func validate() throws { _ = try value }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a process under its code.",
            discussion: """
                Example: eqms process add P-04 --name "Vote casting" --category electoral --electoral-process EP-04 \\
                           --owner "Director of operations" --input "Voter list" --input "Polling kits" \\
                           --output "Signed polling-station records" --kpi KPI-03 --interacts-with P-03
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var code: CodeArgument
        @Option(help: "Its name.") var name: String
        @Option(help: "management, electoral or support.") var category: ProcessCategory
        @Option(help: "Who answers for it.") var owner: String
        @Option(help: "For the electoral category: which of EP-01 … EP-08 it is.") var electoralProcess: String?
        @Option(help: "What it is for.") var purpose: String?
        @Option(name: .customLong("input"), help: "An input (repeatable).") var inputs: [String] = []
        @Option(name: .customLong("output"), help: "An output (repeatable).") var outputs: [String] = []
        @Option(name: .customLong("kpi"), help: "A KPI that measures it (repeatable).") var kpis: [String] = []
        @Option(name: .customLong("interacts-with"), help: "Another process's code (repeatable).")
        var interactions: [String] = []
        @Option(help: "When it is next reviewed, YYYY-MM-DD.") var review: String?
        @OptionGroup var requirements: RequirementsOption

        func validate() throws {
            _ = try RegisterArgument.codes(interactions, field: "--interacts-with")
            if let electoralProcess { _ = try RegisterArgument.electoral(electoralProcess) }
            _ = try DayArgument.date(review, option: "--review")
        }

        func run() async throws {
            let qms = try await global.open()
            let process = try await qms.processes.add(
                ProcessDraft(
                    code: try code.value, name: name, category: category, owner: owner,
                    electoralProcess: try electoralProcess.map { try RegisterArgument.electoral($0) }, purpose: purpose,
                    inputs: inputs, outputs: outputs, kpis: kpis,
                    interactions: try RegisterArgument.codes(interactions, field: "--interacts-with"),
                    requirements: try requirements.keys, reviewOn: try DayArgument.date(review, option: "--review")))
            if global.json { return try Console.json(process) }
            Console.out("Registered \(process.content.code) (\(process.content.name)).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The processes.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var export: ExportOption

        func run() async throws {
            let qms = try await global.open()
            if let url = export.url {
                let rows = try await qms.processes.exportCSV(to: url)
                return try export.report(rows: rows, noun: "processes", json: global.json)
            }
            let list = try await qms.processes.list()
            if global.json { return try Console.json(list) }
            let language = global.lang
            var table = Table(
                Strings.headers(
                    [
                        "reg_code", "name", "reg_category", "owner", "reg_inputs", "reg_outputs", "kpi",
                        "reg_interactions",
                    ], language))
            table.maximumWidth = 36
            for entry in list {
                let content = entry.record.content
                table.add([
                    content.code.description,
                    content.name + (content.electoralProcess.map { " (\($0.rawValue))" } ?? ""),
                    Strings.term(content.category, language), content.owner,
                    content.inputs.joined(separator: "; "), content.outputs.joined(separator: "; "),
                    content.kpis.joined(separator: " "), content.interactions.map(\.description).joined(separator: " "),
                ])
            }
            Console.out(table.render())
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A process with its inputs, outputs and interactions.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var code: CodeArgument

        func run() async throws {
            let entry = try await global.open().processes.show(try code.value)
            if global.json { return try Console.json(entry) }
            let content = entry.record.content
            Console.out("\(content.code)  \(content.name)  (\(content.category.rawValue))")
            if let ep = content.electoralProcess {
                Console.out("electoral process: \(ep.rawValue) \(ep.name.text(in: global.lang))")
            }
            Console.out("owner: \(content.owner)")
            if let purpose = content.purpose { Console.out("purpose: \(purpose)") }
            for input in content.inputs { Console.out("input: \(input)") }
            for output in content.outputs { Console.out("output: \(output)") }
            if !content.kpis.isEmpty { Console.out("KPIs: " + content.kpis.joined(separator: ", ")) }
            if !content.interactions.isEmpty {
                Console.out("interacts with: " + content.interactions.map(\.description).joined(separator: ", "))
            }
            if let evidence = entry.record.evidence { Console.out("evidence: \(evidence)") }
        }
    }

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a review of a process and set the next one.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var code: CodeArgument
        @Option(help: "The next review, YYYY-MM-DD.") var next: String?
        @Option(help: "What the review found.") var note: String?

        func validate() throws { _ = try DayArgument.date(next, option: "--next") }

        func run() async throws {
            let process = try await global.open().processes.review(
                try code.value, next: try DayArgument.date(next, option: "--next"), note: note)
            if global.json { return try Console.json(process) }
            Console.out("\(process.content.code) reviewed.")
        }
    }

    struct Map: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The process map: interactions both ways, and which electoral processes are on it.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let map = try await global.open().processes.map()
            if global.json { return try Console.json(map) }
            let language = global.lang
            var table = Table(
                Strings.headers(["reg_code", "name", "reg_category", "owner", "reg_interactions"], language))
            for node in map.nodes {
                table.add([
                    node.code.description, node.name, Strings.term(node.category, language),
                    node.owner,
                    (node.interactsWith.map(\.description) + node.unknown.map { "\($0)?" }).joined(separator: " "),
                ])
            }
            Console.out(table.render())
            for coverage in map.electoral {
                Console.out(
                    "\(coverage.process.rawValue) \(coverage.process.name.text(in: language)): "
                        + (coverage.code?.description ?? "—"))
            }
            if map.nodes.contains(where: { !$0.unknown.isEmpty }) {
                Console.note("Codes marked ? are interactions with processes not registered.")
            }
        }
    }
}
