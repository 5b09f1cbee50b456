import ArgumentParser
import Foundation
import QMSCore
import QMSServices

/// `eqms review`: management reviews (ISO 9001 9.3).
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Record management reviews, their inputs, decisions and actions, and track the actions.",
        subcommands: [Add.self, List.self, Complete.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a management review (numbered MR-YYYY-NN).",
            discussion: """
                Example: eqms review add --title "Management review, first half 2026" --date 2026-06-30 \\
                           --chair "Chair of the Board" --attendee "Amal Haddad" --attendee "Omar Khalil" \\
                           --input all --qms-change "Add a polling-day checklist" \\
                           --action "Revise the training plan" --owner salma --due 2026-09-30
                Inputs (ISO 9001 9.3.2), or `all`: \(ReviewInput.allCases.map(\.rawValue).joined(separator: ", ")).
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "What the review was.") var title: String
        @Option(help: "The day it was held (default: today).") var date: String?
        @Option(help: "Who chaired it.") var chair: String?
        @Option(name: .customLong("attendee"), help: "Someone who attended (repeatable).") var attendees: [String] = []
        @Option(name: .customLong("input"), help: "A 9.3.2 input covered (repeatable), or `all`.")
        var inputs: [String] = []
        @Option(name: .customLong("decision"), help: "A decision (repeatable).") var decisions: [String] = []
        @Option(name: .customLong("improvement"), help: "An opportunity for improvement to pursue (repeatable).")
        var improvements: [String] = []
        @Option(name: .customLong("qms-change"), help: "A change needed to the QMS (repeatable).")
        var changes: [String] = []
        @Option(name: .customLong("resource-need"), help: "A resource need (repeatable).") var resources: [String] = []
        @Option(name: .customLong("action"), help: "An action decided (repeatable).") var actions: [String] = []
        @Option(name: .customLong("owner"), help: "Who answers for the action (one per --action, or one for all).")
        var owners: [String] = []
        @Option(name: .customLong("due"), help: "When the action is due (one per --action, or one for all).")
        var dues: [String] = []
        @Option(name: .customLong("minutes"), help: "The minutes as evidence (repeatable), EV-YYYY-NNNN.")
        var minutes: [String] = []

        func validate() throws {
            _ = try DayArgument.date(date, option: "--date")
            _ = try parsedInputs()
            _ = try FindingsArgument.actions(actions, owners: owners, dues: dues)
            _ = try FindingsArgument.evidence(minutes)
        }

        func parsedInputs() throws -> [ReviewInput] {
            if inputs.contains("all") { return ReviewInput.allCases }
            return try inputs.map { text in
                guard let input = ReviewInput(rawValue: text.lowercased()) else {
                    throw ValidationError(
                        "--input '\(text)' is not one of "
                            + ReviewInput.allCases.map(\.rawValue).joined(separator: ", "))
                }
                return input
            }
        }

        func run() async throws {
            let qms = try await global.open()
            let outputs =
                improvements.map { ReviewDecision(kind: .improvement, text: $0) }
                + changes.map { ReviewDecision(kind: .qmsChange, text: $0) }
                + resources.map { ReviewDecision(kind: .resources, text: $0) }
                + decisions.map { ReviewDecision(kind: .decision, text: $0) }
            let draft = ManagementReviewDraft(
                title: title, heldOn: try DayArgument.date(date, option: "--date") ?? qms.today, chair: chair,
                attendees: attendees, inputs: try parsedInputs(), decisions: outputs,
                minutes: try FindingsArgument.evidence(minutes))
            let review = try await qms.reviews.add(
                draft, actions: try FindingsArgument.actions(actions, owners: owners, dues: dues))
            if global.json { return try Console.json(review) }
            Console.out("Recorded \(review.id): \(review.content.title), \(review.actions.count) action(s).")
            let missing = review.content.missingInputs
            if !missing.isEmpty {
                Console.note("Inputs of 9.3.2 not covered: " + missing.map(\.rawValue).joined(separator: ", ") + ".")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the management reviews and their actions.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var export: ExportOption

        func run() async throws {
            let qms = try await global.open()
            if let url = export.url {
                let rows = try await qms.reviews.exportCSV(to: url)
                return try export.report(rows: rows, noun: "management reviews", json: global.json)
            }
            let entries = try await qms.reviews.list()
            if global.json { return try Console.json(entries) }
            let language = global.lang
            var table = Table(Strings.headers(["id", "held", "title", "reg_inputs", "actions", "alerts"], language))
            for entry in entries {
                let review = entry.review
                let done = review.actions.filter { $0.doneOn != nil }.count
                table.add([
                    review.id.description, review.content.heldOn.description, review.content.title,
                    "\(review.content.inputs.count)/\(ReviewInput.allCases.count)",
                    "\(done)/\(review.actions.count)", AlertText.cell(entry.alerts, language),
                ])
            }
            Console.out(table.render())
            let open = entries.flatMap(\.review.actions).filter { $0.doneOn == nil }
            if !open.isEmpty {
                var actions = Table(Strings.headers(["action_text", "owner", "due", "title"], language))
                for action in open {
                    actions.add([action.id.description, action.owner, action.due.description, action.text])
                }
                Console.out("\nOpen actions:\n" + actions.render())
            }
        }
    }

    struct Complete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark an action of a management review done.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The action, such as MR-2026-01-2.") var action: String
        @Option(help: "What was done.") var note: String?

        func validate() throws { _ = try FindingsArgument.reviewAction(action) }

        func run() async throws {
            let qms = try await global.open()
            let id = try FindingsArgument.reviewAction(action)
            let review = try await qms.reviews.complete(id, note: note)
            if global.json { return try Console.json(review) }
            Console.out("\(id) is done.")
        }
    }
}
