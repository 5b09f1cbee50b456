import ArgumentParser
import Foundation
import QMSCore
import QMSServices

/// `eqms risk`: risks and opportunities (ISO 9001 6.1) and the context issues (4.1).
struct RiskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risk",
        abstract: "Keep the risk register: likelihood × impact before and after treatment, actions, reviews.",
        discussion: """
            Likelihood and impact run from 1 to 5; the score is their product (low 1–4, medium 5–9, high 10–16,
            critical 20–25). The residual score is assessed after treatment: complete an action with
            --likelihood and --impact, or use `eqms risk assess`. Each open risk is evidence for ISO 9001 6.1.1
            and 6.1.2 while its review date holds; a risk overdue for review counts in part.
            """,
        subcommands: [
            Add.self, List.self, Show.self, Treat.self, Complete.self, Assess.self, Review.self, Close.self,
            ContextCommand.self,
        ])

    struct IDArgument: ParsableArguments {
        @Argument(help: "The risk, such as RSK-2026-001.") var id: String
        var value: RiskID { get throws { try RegisterArgument.risk(id) } }
        func validate() throws { _ = try value }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Identify and assess a risk or opportunity (numbered RSK-YYYY-NNN).",
            discussion: """
                Example: eqms risk add --title "Attack on the commission's headquarters" --category security \\
                           --owner "Head of security" --process EP-04 --phase electoral --likelihood 3 --impact 5 \\
                           --review 2026-12-31 --requirement iso-54001-2019:7.1.4
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "risk or opportunity.") var kind: RiskKind = .risk
        @Option(help: "What could happen.") var title: String
        @Option(help: "Causes and consequences.") var description: String?
        @Option(help: "Security, logistics, technology, legal, political …") var category: String?
        @Option(help: "Who answers for it.") var owner: String
        @Option(help: "The process or electoral process (EP-01 … EP-08) it bears on.") var process: String?
        @Option(help: "pre-electoral, electoral or post-electoral.") var phase: ElectoralCyclePhase?
        @Option(help: "1 (rare) to 5 (almost certain), before treatment.") var likelihood: Int
        @Option(help: "1 (negligible) to 5 (severe), before treatment.") var impact: Int
        @Option(help: "avoid, reduce, transfer, accept (risks); exploit, enhance, share, accept (opportunities).")
        var treatment: RiskTreatment?
        @Option(help: "When it is next reviewed, YYYY-MM-DD.") var review: String
        @Option(help: "When it was identified (default: today).") var identified: String?
        @OptionGroup var requirements: RequirementsOption

        func validate() throws {
            _ = try RegisterArgument.rating(likelihood: likelihood, impact: impact)
            _ = try FindingsArgument.day(review, option: "--review")
            _ = try DayArgument.date(identified, option: "--identified")
        }

        func run() async throws {
            let qms = try await global.open()
            guard let rating = try RegisterArgument.rating(likelihood: likelihood, impact: impact) else { return }
            let risk = try await qms.risks.add(
                RiskDraft(
                    kind: kind, title: title, description: description, category: category, owner: owner,
                    process: process, phase: phase, inherent: rating, treatment: treatment,
                    requirements: try requirements.keys,
                    identifiedOn: try DayArgument.date(identified, option: "--identified") ?? qms.today,
                    reviewOn: try FindingsArgument.day(review, option: "--review")))
            if global.json { return try Console.json(risk) }
            Console.out(
                "Recorded \(risk.id): score \(rating.score) (\(rating.level.rawValue)). "
                    + "Next: eqms risk treat \(risk.id) --action … --owner … --due …")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The risk register, highest current score first.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Only risks still open.") var open = false
        @Flag(help: "Only risks with an overdue action or review.") var attention = false
        @OptionGroup var export: ExportOption

        func run() async throws {
            let qms = try await global.open()
            if let url = export.url {
                let rows = try await qms.risks.exportCSV(to: url)
                return try export.report(rows: rows, noun: "risks", json: global.json)
            }
            let list = try await qms.risks.list(openOnly: open, needingAttention: attention)
            if global.json { return try Console.json(list) }
            let language = global.lang
            var table = Table(
                Strings.headers(
                    ["id", "kind", "title", "owner", "phase", "reg_score", "residual", "status", "review", "alerts"],
                    language))
            table.maximumWidth = 40
            for entry in list {
                let risk = entry.record
                let inherent = risk.content.inherent
                table.add([
                    risk.id.description, Strings.term(risk.content.kind, language), risk.content.title,
                    risk.content.owner, risk.content.phase?.rawValue ?? "",
                    "\(inherent.likelihood)×\(inherent.impact)=\(inherent.score) "
                        + Strings.term(inherent.level, language),
                    risk.residual.map {
                        "\($0.likelihood)×\($0.impact)=\($0.score) " + Strings.term($0.level, language)
                    } ?? "", Strings.term(risk.status, language), risk.content.reviewOn.description,
                    Strings.alerts(entry.alerts, language),
                ])
            }
            Console.out(table.render())
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A risk with its assessments, actions and reviews.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var id: IDArgument

        func run() async throws {
            let entry = try await global.open().risks.show(try id.value)
            if global.json { return try Console.json(entry) }
            let risk = entry.record
            let content = risk.content
            let language = global.lang
            Console.out("\(risk.id)  \(content.title)  [\(risk.status.rawValue)]")
            Console.out(
                "\(content.kind.rawValue), owner \(content.owner)" + (content.process.map { ", process \($0)" } ?? "")
                    + (content.phase.map { ", \($0.rawValue) phase" } ?? "")
                    + (content.category.map { ", \($0)" } ?? ""))
            if let description = content.description { Console.out(description) }
            Console.out(
                "before treatment: \(content.inherent.likelihood) × \(content.inherent.impact) = "
                    + "\(content.inherent.score) (\(content.inherent.level.rawValue))")
            if let residual = risk.residual {
                Console.out(
                    "after treatment:  \(residual.likelihood) × \(residual.impact) = \(residual.score) "
                        + "(\(residual.level.rawValue))")
            }
            if let treatment = content.treatment { Console.out("treatment: \(treatment.rawValue)") }
            Console.out("review: \(content.reviewOn)")
            if !risk.actions.isEmpty {
                var table = Table(Strings.headers(["action_text", "owner", "due", "reg_done", "plans_note"], language))
                for action in risk.actions {
                    table.add([
                        "\(action.id) \(action.text)", action.owner, action.due.description,
                        [action.doneOn?.description, action.doneBy].compactMap { $0 }.joined(separator: " "),
                        action.doneNote ?? "",
                    ])
                }
                Console.out(table.render())
            }
            var history = Table(
                Strings.headers(["reg_date", "risk_stage", "reg_score", "col_actor", "plans_note"], language))
            for assessment in risk.assessments {
                history.add([
                    assessment.on.description, assessment.stage.rawValue,
                    "\(assessment.rating.likelihood)×\(assessment.rating.impact)=\(assessment.rating.score)",
                    assessment.by, assessment.note ?? "",
                ])
            }
            Console.out(history.render())
            for review in risk.reviews {
                Console.out("reviewed \(review.on) by \(review.by)" + (review.note.map { ": \($0)" } ?? ""))
            }
            if let note = risk.closedNote { Console.out("closed \(risk.closedOn?.description ?? ""): \(note)") }
            if let evidence = risk.evidence { Console.out("evidence: \(evidence)") }
            if !entry.alerts.isEmpty { Console.out("alerts: " + Strings.alerts(entry.alerts, language)) }
        }
    }

    static func report(_ risk: Risk, json: Bool) throws {
        if json { return try Console.json(risk) }
        let current = risk.current
        Console.out(
            "\(risk.id) is \(risk.status.rawValue); score now \(current.score) (\(current.level.rawValue))"
                + (risk.residual == nil ? ", before treatment." : ", after treatment."))
    }

    struct Treat: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Plan treatment actions, each with its owner and due date (numbered RSK-YYYY-NNN-N).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var id: IDArgument
        @Option(name: .customLong("action"), help: "An action (repeatable).") var actions: [String] = []
        @Option(name: .customLong("owner"), help: "Who does it (one per --action, or one for all).")
        var owners: [String] = []
        @Option(name: .customLong("due"), help: "When it is due (one per --action, or one for all).")
        var dues: [String] = []
        @Option(help: "The treatment chosen.") var treatment: RiskTreatment?

        func validate() throws {
            let planned = try FindingsArgument.actions(actions, owners: owners, dues: dues)
            if planned.isEmpty, treatment == nil {
                throw ValidationError("give --action with --owner and --due, or --treatment")
            }
        }

        func run() async throws {
            let risk = try await global.open().risks.treat(
                try id.value, actions: try FindingsArgument.actions(actions, owners: owners, dues: dues),
                treatment: treatment)
            if global.json { return try Console.json(risk) }
            Console.out(
                "\(risk.id) has \(risk.actions.count) treatment action(s): "
                    + risk.actions.map(\.id.description).joined(separator: ", ") + ".")
        }
    }

    struct Complete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark a treatment action done; with --likelihood and --impact, the residual score is recomputed.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The action, such as RSK-2026-001-1.") var action: String
        @Option(help: "What was done.") var note: String?
        @Option(help: "Likelihood after treatment, 1 to 5.") var likelihood: Int?
        @Option(help: "Impact after treatment, 1 to 5.") var impact: Int?

        func validate() throws {
            _ = try RegisterArgument.riskAction(action)
            _ = try RegisterArgument.rating(likelihood: likelihood, impact: impact)
        }

        func run() async throws {
            let risk = try await global.open().risks.complete(
                try RegisterArgument.riskAction(action), note: note,
                rating: try RegisterArgument.rating(likelihood: likelihood, impact: impact))
            try RiskCommand.report(risk, json: global.json)
        }
    }

    struct Assess: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Assess the risk again: after treatment (the residual score), or --before-treatment.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var id: IDArgument
        @Option(help: "1 (rare) to 5 (almost certain).") var likelihood: Int
        @Option(help: "1 (negligible) to 5 (severe).") var impact: Int
        @Flag(help: "Revise the rating before treatment (while no action is done).") var beforeTreatment = false
        @Option(help: "Why.") var note: String?

        func validate() throws { _ = try RegisterArgument.rating(likelihood: likelihood, impact: impact) }

        func run() async throws {
            guard let rating = try RegisterArgument.rating(likelihood: likelihood, impact: impact) else { return }
            let risk = try await global.open().risks.assess(
                try id.value, rating: rating, stage: beforeTreatment ? .inherent : .residual, note: note)
            try RiskCommand.report(risk, json: global.json)
        }
    }

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a review of the risk and set the next one.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var id: IDArgument
        @Option(help: "The next review, YYYY-MM-DD.") var next: String
        @Option(help: "What the review found.") var note: String?

        func validate() throws { _ = try FindingsArgument.day(next, option: "--next") }

        func run() async throws {
            let risk = try await global.open().risks.review(
                try id.value, next: try FindingsArgument.day(next, option: "--next"), note: note)
            if global.json { return try Console.json(risk) }
            Console.out("\(risk.id) reviewed; next review \(risk.content.reviewOn).")
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close the risk, saying why; its treatment actions must be done.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var id: IDArgument
        @Option(help: "Why it is closed.") var note: String

        func run() async throws {
            try RiskCommand.report(try await global.open().risks.close(try id.value, note: note), json: global.json)
        }
    }

    /// `eqms risk context`: the internal and external issues of ISO 9001 4.1.
    struct ContextCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "context",
            abstract: "Keep the internal and external issues (4.1), with the climate-change determination.",
            subcommands: [AddIssue.self, ListIssues.self, ReviewIssue.self])

        struct AddIssue: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "add", abstract: "Record an issue (numbered CTX-YYYY-NN).",
                discussion: """
                    Example: eqms risk context add --kind external --title "Climate change" --climate relevant \\
                               --description "Floods and heat on polling day in the south; ballot storage"
                    --climate records the determination ISO 9001 Amendment 1:2024 asks for (relevant or
                    not-relevant, with the reasons in --description).
                    """)
            @OptionGroup var global: GlobalOptions
            @Option(help: "internal or external.") var kind: ContextIssueKind
            @Option(help: "The issue.") var title: String
            @Option(help: "What it is, or the reasons for a climate determination.") var description: String?
            @Option(help: "Political, legal, economic, social, technological, environmental, security …")
            var category: String?
            @Option(help: "How it bears on the QMS's intended results.") var effect: String?
            @Option(help: "This entry is the climate-change determination: relevant or not-relevant.")
            var climate: ClimateDetermination?
            @Option(name: .customLong("process"), help: "A process it bears on (repeatable).") var processes: [String] =
                []
            @Option(help: "When it is next reviewed, YYYY-MM-DD.") var review: String?
            @OptionGroup var requirements: RequirementsOption

            func validate() throws { _ = try DayArgument.date(review, option: "--review") }

            func run() async throws {
                let qms = try await global.open()
                let issue = try await qms.risks.addContext(
                    ContextIssueDraft(
                        kind: kind, title: title, description: description, category: category, effect: effect,
                        climate: climate, processes: processes, requirements: try requirements.keys,
                        identifiedOn: qms.today, reviewOn: try DayArgument.date(review, option: "--review")))
                if global.json { return try Console.json(issue) }
                Console.out("Recorded \(issue.id) (\(issue.content.kind.rawValue)).")
            }
        }

        struct ListIssues: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "The context issues.")
            @OptionGroup var global: GlobalOptions
            @OptionGroup var export: ExportOption

            func run() async throws {
                let qms = try await global.open()
                if let url = export.url {
                    let rows = try await qms.risks.exportContextCSV(to: url)
                    return try export.report(rows: rows, noun: "context issues", json: global.json)
                }
                let list = try await qms.risks.contextIssues()
                if global.json { return try Console.json(list) }
                let language = global.lang
                var table = Table(
                    Strings.headers(
                        ["id", "kind", "title", "reg_category", "climate", "review", "alerts"], language))
                table.maximumWidth = 48
                for entry in list {
                    let issue = entry.record
                    table.add([
                        issue.id.description, Strings.term(issue.content.kind, language),
                        issue.content.title, issue.content.category ?? "",
                        issue.content.climate.map { Strings.term($0, language) } ?? "",
                        issue.content.reviewOn?.description ?? "", Strings.alerts(entry.alerts, language),
                    ])
                }
                Console.out(table.render())
                if !list.contains(where: { $0.record.content.climate != nil }) {
                    Console.note(
                        "No climate-change determination yet (ISO 9001 Amendment 1:2024): "
                            + "eqms risk context add --climate relevant|not-relevant …")
                }
            }
        }

        struct ReviewIssue: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "review", abstract: "Record a review of an issue and set the next one.")
            @OptionGroup var global: GlobalOptions
            @Argument(help: "The issue, such as CTX-2026-01.") var id: String
            @Option(help: "The next review, YYYY-MM-DD.") var next: String?
            @Option(help: "What the review found.") var note: String?

            func validate() throws {
                _ = try RegisterArgument.context(id)
                _ = try DayArgument.date(next, option: "--next")
            }

            func run() async throws {
                let issue = try await global.open().risks.reviewContext(
                    try RegisterArgument.context(id), next: try DayArgument.date(next, option: "--next"), note: note)
                if global.json { return try Console.json(issue) }
                Console.out("\(issue.id) reviewed.")
            }
        }
    }
}
