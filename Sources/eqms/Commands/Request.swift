import ArgumentParser
import Foundation
import QMSCore
import QMSPresentation
import QMSServices

/// `eqms request`: auditors' evidence requests and the owners' answers.
struct RequestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Ask for evidence against a requirement or a sample; answer, accept, return or withdraw.",
        subcommands: [Add.self, List.self, Show.self, Answer.self, Accept.self, Return.self, Withdraw.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask for evidence.",
            discussion: """
                Example: eqms request add --engagement ENG-2026-01 --requirement iso-9001-2015:8.5.1 \\
                  --sample "3 of the 12 polling centres of Irbid, ballot reconciliation forms" --due 2026-12-10
                Without --owner, the owner of the process the register links to the requirement answers.
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The engagement, ENG-YYYY-NN (an external auditor's request).") var engagement: String?
        @Option(help: "The audit, AUD-YYYY-NN (an internal auditor's request).") var audit: String?
        @Option(help: "The requirement, standard:number.") var requirement: String?
        @Option(help: "The sample asked for, in words.") var sample: String?
        @Option(help: "The username who must answer.") var owner: String?
        @Option(help: "The day the answer is due, YYYY-MM-DD.") var due: String

        func run() async throws {
            let qms = try await global.open()
            let request = try await qms.evidenceRequests.ask(
                EvidenceRequestInput(
                    engagement: engagement, audit: audit, requirement: requirement, sample: sample, owner: owner,
                    due: due))
            if global.json { return try Console.json(request) }
            Console.out("Asked \(request.id) of \(request.content.owner), due \(request.content.due).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List evidence requests, newest first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this engagement's, ENG-YYYY-NN.") var engagement: String?
        @Option(help: "Only those this username must answer.") var owner: String?
        @Option(help: "Only those of this status: open, answered, accepted, returned or withdrawn.")
        var status: String?

        func run() async throws {
            let qms = try await global.open()
            var filter = EvidenceRequestFilter(owner: owner)
            if let engagement { filter.engagement = try EngagementCommand.id(engagement) }
            if let status {
                guard let value = EvidenceRequestStatus(rawValue: status.lowercased()) else {
                    throw ValidationError("status: open, answered, accepted, returned or withdrawn")
                }
                filter.status = value
            }
            let requests = try await qms.evidenceRequests.list(filter)
            if global.json { return try Console.json(requests) }
            let language = global.lang
            var table = Table(
                Strings.headers(
                    ["id", "request_for", "requirement", "request_sample", "owner", "due", "status"], language))
            for request in requests {
                let content = request.content
                table.add([
                    request.id.description, content.engagement?.description ?? content.audit?.description ?? "",
                    content.requirement?.description ?? "", content.sample ?? "", content.owner,
                    content.due.description, Messages.shared.term(request.status, language),
                ])
            }
            Console.out(table.render())
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a request and its history.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The request, ER-YYYY-NNNN.") var id: String

        func run() async throws {
            let qms = try await global.open()
            let request = try await qms.evidenceRequests.get(try RequestCommand.id(id))
            if global.json { return try Console.json(request) }
            let content = request.content
            let language = global.lang
            Console.out("\(request.id)  \(Messages.shared.term(request.status, language))")
            let lines: [(String, String)] = [
                ("Engagement", content.engagement?.description ?? ""), ("Audit", content.audit?.description ?? ""),
                ("Requirement", content.requirement?.description ?? ""), ("Sample", content.sample ?? ""),
                ("Owner", content.owner), ("Due", content.due.description), ("Asked by", request.requestedBy),
            ]
            for (label, value) in lines where !value.isEmpty {
                Console.out("  \(label.padding(toLength: 12, withPad: " ", startingAt: 0)) \(value)")
            }
            for step in request.steps {
                let evidence = step.evidence.map(\.description).joined(separator: ", ")
                Console.out(
                    "  \(step.at)  \(Messages.shared.term(step.kind, language))  \(step.by)"
                        + (evidence.isEmpty ? "" : "  \(evidence)") + (step.note.map { "  \($0)" } ?? ""))
            }
        }
    }

    struct Answer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Answer a request with evidence records (log a new one first with eqms evidence add).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The request, ER-YYYY-NNNN.") var id: String
        @Option(help: "An evidence record, EV-YYYY-NNNN (repeatable, or separated by commas).") var evidence: [String] =
            []
        @Option(help: "A note for the auditor.") var note: String?

        func run() async throws {
            let qms = try await global.open()
            let ids = try evidence.flatMap { $0.split(separator: ",") }.map {
                try FindingsArgument.parse(String($0)) { text throws(DomainError) in try EvidenceID(parsing: text) }
            }
            let request = try await qms.evidenceRequests.answer(try RequestCommand.id(id), evidence: ids, note: note)
            if global.json { return try Console.json(request) }
            Console.out(
                "Answered \(request.id) with \(request.answerEvidence.map(\.description).joined(separator: ", ")).")
        }
    }

    struct Accept: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Accept a request's answer.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The request, ER-YYYY-NNNN.") var id: String

        func run() async throws {
            let qms = try await global.open()
            let request = try await qms.evidenceRequests.accept(try RequestCommand.id(id))
            if global.json { return try Console.json(request) }
            Console.out("Accepted \(request.id).")
        }
    }

    struct Return: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Return a request's answer with a comment.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The request, ER-YYYY-NNNN.") var id: String
        @Option(help: "What is missing from the answer.") var comment: String

        func run() async throws {
            let qms = try await global.open()
            let request = try await qms.evidenceRequests.sendBack(try RequestCommand.id(id), comment: comment)
            if global.json { return try Console.json(request) }
            Console.out("Returned \(request.id) to \(request.content.owner).")
        }
    }

    struct Withdraw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Withdraw a request no longer needed.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The request, ER-YYYY-NNNN.") var id: String
        @Option(help: "Why it is no longer needed.") var reason: String?

        func run() async throws {
            let qms = try await global.open()
            let request = try await qms.evidenceRequests.withdraw(try RequestCommand.id(id), reason: reason)
            if global.json { return try Console.json(request) }
            Console.out("Withdrew \(request.id).")
        }
    }

    static func id(_ text: String) throws -> EvidenceRequestID {
        try FindingsArgument.parse(text) { text throws(DomainError) in try EvidenceRequestID(parsing: text) }
    }
}
