import ArgumentParser
import QMSCore
import QMSServices

/// `eqms applicability`: the statement of applicability (ISO 9001 4.3).
struct ApplicabilityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "applicability",
        abstract: "Exclude requirements that cannot apply, with a justification (ISO 9001 4.3).",
        subcommands: [Set.self, List.self])

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Exclude a requirement, or make it applicable again.",
            discussion: """
                Example: eqms applicability set iso-9001-2015:8.3 --excluded \\
                           --justification "The commission designs no products; electoral procedures are set by law."
                Under ISO 9001's structure only requirements within clauses 7 and 8 may be excluded.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The requirement, as STANDARD:NUMBER.") var requirement: String
        @Flag(help: "Exclude the requirement (needs --justification).") var excluded = false
        @Flag(help: "Make the requirement applicable again.") var applicable = false
        @Option(help: "Why the requirement cannot apply to the organisation.") var justification: String?

        func validate() throws {
            do { _ = try RequirementKey(parsing: requirement) } catch { throw ValidationError(FixWording.what(error)) }
            guard excluded != applicable else {
                throw ValidationError("give exactly one of --excluded or --applicable")
            }
            if excluded && (justification?.trimmingWhitespace().isEmpty ?? true) {
                throw ValidationError("--excluded needs --justification \"why the requirement cannot apply\"")
            }
        }

        func run() async throws {
            let qms = try await global.open()
            let decision = try await qms.applicability.set(
                try RequirementKey(parsing: requirement), excluded: excluded, justification: justification)
            if global.json { return try Console.json(decision) }
            Console.out(
                "\(decision.key): \(decision.excluded ? "excluded" : "applicable") (recorded by \(decision.decidedBy))."
            )
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the applicability decisions.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Only this standard.") var standard: String?

        func validate() throws {
            if let standard, !StandardID.isValid(standard) {
                throw ValidationError("'\(standard)' is not a standard id")
            }
        }

        func run() async throws {
            let qms = try await global.open()
            let views = try await qms.applicability.list(standard: try standard.map { try StandardID($0) })
            if global.json { return try Console.json(views) }
            let language = global.lang
            guard !views.isEmpty else { return Console.out("No requirement is excluded: every requirement applies.") }
            var table = Table(
                Strings.headers(["requirement", "status", "title", "justification", "decided_by"], language))
            for view in views {
                table.add([
                    view.key.description,
                    Strings.text(view.excluded ? "applicability_excluded" : "applicability_applicable", language),
                    view.title.text(in: language), view.justification ?? "", view.decidedBy,
                ])
            }
            Console.out(table.render())
        }
    }
}
