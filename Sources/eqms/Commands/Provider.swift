import ArgumentParser
import Foundation
import QMSCore
import QMSServices

/// `eqms provider`: external providers and their evaluations (ISO 9001 8.4).
struct ProviderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provider",
        abstract: "Keep the external providers, their evaluation criteria, evaluations and approved status.",
        discussion: """
            An evaluation scores each criterion from 1 to 5; the weighted score in percent is
            Σ weight × score / Σ weight × 5. Reaching the provider's threshold approves it until the
            re-evaluation is due; an approved provider is evidence for ISO 9001 8.4.1 until then.
            """,
        subcommands: [Add.self, List.self, Show.self, Evaluate.self, Suspend.self])

    struct IDArgument: ParsableArguments {
        @Argument(help: "The provider, such as EXT-2026-01.") var id: String
        var value: ProviderID { get throws { try RegisterArgument.provider(id) } }
        func validate() throws { _ = try value }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a provider (numbered EXT-YYYY-NN) with the criteria it is evaluated on.",
            discussion: """
                Example: eqms provider add --name "Results systems company" --kind contractor \\
                           --service "Results management system" --contract RMS-2026-01 \\
                           --criterion "Delivery on time=3" --criterion "Data protection=5" --criterion "Support=2"
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Its name.") var name: String
        @Option(help: "supplier, contractor, consultant or other.") var kind: ProviderKind
        @Option(help: "What it provides.") var service: String
        @Option(help: "The contract or order number.") var contract: String?
        @Option(help: "Whom to contact.") var contact: String?
        @Option(
            name: .customLong("criterion"), help: "An evaluation criterion, NAME or NAME=WEIGHT (1–10) (repeatable).")
        var criteria: [String] = []
        @Option(help: "The weighted score in percent that approves it (default 70).") var threshold = 70
        @Option(help: "Months an evaluation holds before re-evaluation (default 12).") var reevaluateMonths = 12
        @Option(name: .customLong("process"), help: "A process it serves (repeatable).") var processes: [String] = []
        @OptionGroup var requirements: RequirementsOption

        func validate() throws { _ = try criteria.map(RegisterArgument.criterion) }

        func run() async throws {
            let qms = try await global.open()
            let provider = try await qms.providers.add(
                ProviderDraft(
                    name: name, kind: kind, service: service, contract: contract, contact: contact,
                    processes: processes, requirements: try requirements.keys,
                    criteria: try criteria.map(RegisterArgument.criterion), threshold: threshold,
                    reevaluationMonths: reevaluateMonths))
            if global.json { return try Console.json(provider) }
            Console.out(
                "Registered \(provider.id) (\(provider.content.name)), proposed. Next: eqms provider evaluate \(provider.id) "
                    + provider.content.criteria.map { _ in "--score N" }.joined(separator: " "))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The providers; --status approved is the approved list.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "proposed, approved, not-approved or suspended.") var status: ProviderStatus?
        @OptionGroup var export: ExportOption

        func run() async throws {
            let qms = try await global.open()
            if let url = export.url {
                let rows = try await qms.providers.exportCSV(to: url)
                return try export.report(rows: rows, noun: "providers", json: global.json)
            }
            let list = try await qms.providers.list(status: status)
            if global.json { return try Console.json(list) }
            let language = global.lang
            var table = Table(
                Strings.headers(
                    ["id", "name", "kind", "reg_service", "status", "percent", "evaluated", "next", "alerts"], language)
            )
            table.maximumWidth = 40
            for entry in list {
                let provider = entry.record
                let last = provider.latestEvaluation
                table.add([
                    provider.id.description, provider.content.name,
                    Strings.term(provider.content.kind, language), provider.content.service,
                    Strings.term(provider.status, language), last.map { "\($0.percent)%" } ?? "",
                    last?.on.description ?? "", last?.nextDue.description ?? "",
                    Strings.alerts(entry.alerts, language),
                ])
            }
            Console.out(table.render())
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A provider with its criteria and every evaluation.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var id: IDArgument

        func run() async throws {
            let entry = try await global.open().providers.show(try id.value)
            if global.json { return try Console.json(entry) }
            let provider = entry.record
            let content = provider.content
            Console.out("\(provider.id)  \(content.name)  [\(provider.status.rawValue)]")
            Console.out(
                "\(content.kind.rawValue): \(content.service)" + (content.contract.map { ", contract \($0)" } ?? ""))
            if let note = provider.statusNote { Console.out("note: \(note)") }
            Console.out("threshold \(content.threshold)%, re-evaluated every \(content.reevaluationMonths) months")
            var table = Table(
                ["#", "DATE", "BY"] + content.criteria.map { "\($0.name) ×\($0.weight)" } + ["%", "RESULT", "NEXT"])
            for evaluation in provider.evaluations {
                table.add(
                    [String(evaluation.number), evaluation.on.description, evaluation.by]
                        + evaluation.scores.map(String.init)
                        + [
                            "\(evaluation.percent)", evaluation.approved ? "approved" : "not approved",
                            evaluation.nextDue.description,
                        ])
            }
            Console.out(table.render())
            if let evidence = provider.evidence { Console.out("evidence: \(evidence)") }
            if !entry.alerts.isEmpty { Console.out("alerts: " + Strings.alerts(entry.alerts, global.lang)) }
        }
    }

    struct Evaluate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate or re-evaluate a provider: one --score from 1 to 5 per criterion, in order.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var id: IDArgument
        @Option(
            name: .customLong("score"), help: "A score from 1 (poor) to 5 (excellent) (repeatable, in criteria order).")
        var scores: [Int] = []
        @Option(help: "Remarks.") var note: String?

        func validate() throws {
            if scores.isEmpty { throw ValidationError("give one --score per criterion") }
        }

        func run() async throws {
            let provider = try await global.open().providers.evaluate(try id.value, scores: scores, note: note)
            if global.json { return try Console.json(provider) }
            let last = provider.latestEvaluation
            Console.out(
                "\(provider.id) scored \(last?.percent ?? 0)% (threshold \(provider.content.threshold)%): "
                    + "\(provider.status.rawValue); re-evaluation due \(last?.nextDue.description ?? "—").")
        }
    }

    struct Suspend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take a provider off the approved list, saying why.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var id: IDArgument
        @Option(help: "Why.") var reason: String

        func run() async throws {
            let provider = try await global.open().providers.suspend(try id.value, reason: reason)
            if global.json { return try Console.json(provider) }
            Console.out("\(provider.id) is suspended.")
        }
    }
}
