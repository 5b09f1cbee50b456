import ArgumentParser
import Foundation
import QMSCore
import QMSServices
import QMSStore

/// `eqms nc`: the nonconformity register and the corrective-action workflow.
struct NonconformityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nc",
        abstract: "Raise nonconformities and take their corrective actions from reported to closed.",
        discussion: """
            The steps (ISO 9001 10.2): reported → contained → analysed → planned → implemented →
            verified → closed. Verification is by someone other than the implementer; a result of
            "ineffective" sends the action back to analysed. Observations and opportunities for
            improvement may be closed straight from reported.
            """,
        subcommands: [Open.self, List.self, Show.self, Advance.self, Reopen.self])

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Raise a nonconformity (numbered NC-YYYY-NNN).",
            discussion: """
                Example: eqms nc open --title "Ballot reconciliation forms not signed" --grade minor \\
                           --source internal-audit --requirement iso-54001-2019:8.5.1 --process EP-05
                With --audit or --recommendation, the source is taken from it.
                Sources: \(NonconformitySource.allCases.map(\.rawValue).joined(separator: ", ")).
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "A short statement of the nonconformity.") var title: String
        @Option(help: "major, minor, observation or ofi (opportunity for improvement).") var grade: NonconformityGrade
        @Option(help: "Where it was found, such as internal-audit.") var source: NonconformitySource?
        @Option(name: .customLong("requirement"), help: "A requirement not met (repeatable), STANDARD:NUMBER.")
        var requirements: [String] = []
        @Option(help: "What was found, in full.") var description: String?
        @Option(help: "The process: EP-01 … EP-08 or a QMS process name.") var process: String?
        @Option(help: "Headquarters, or a field office or polling centre.") var site: String?
        @Option(name: .customLong("evidence"), help: "Evidence showing it (repeatable), EV-YYYY-NNNN.")
        var evidence: [String] = []
        @Option(help: "The audit that raised it, AUD-YYYY-NN.") var audit: String?
        @Option(help: "The observer-mission recommendation it answers, REC-YYYY-NNN.") var recommendation: String?
        @Option(help: "The day it was raised (default: today).") var raisedOn: String?

        func validate() throws {
            _ = try DayArgument.keys(requirements)
            _ = try FindingsArgument.evidence(evidence)
            _ = try DayArgument.date(raisedOn, option: "--raised-on")
            if let audit { _ = try FindingsArgument.audit(audit) }
            if let recommendation { _ = try FindingsArgument.recommendation(recommendation) }
            if source == nil && audit == nil && recommendation == nil {
                throw ValidationError("give --source (such as internal-audit), or the --audit that raised it")
            }
            if audit != nil && recommendation != nil {
                throw ValidationError("a finding comes from an --audit or a --recommendation, not both")
            }
        }

        func run() async throws {
            let qms = try await global.open()
            var derivedSource = source ?? (recommendation != nil ? .observerRecommendation : .other)
            let auditID = try audit.map(FindingsArgument.audit)
            if let auditID, source == nil {
                derivedSource = try await qms.audits.show(auditID).audit.content.kind.findingSource
            }
            let draft = NonconformityDraft(
                title: title, description: description, source: derivedSource, grade: grade,
                requirements: try DayArgument.keys(requirements), process: process, site: site,
                evidence: try FindingsArgument.evidence(evidence), audit: auditID,
                recommendation: try recommendation.map(FindingsArgument.recommendation), raisedBy: global.actorName,
                raisedOn: try DayArgument.date(raisedOn, option: "--raised-on") ?? qms.today)
            let nonconformity = try await qms.nonconformities.open(draft)
            if global.json { return try Console.json(NonconformityEntry(nonconformity, on: qms.today)) }
            Console.out("Raised \(nonconformity.id): \(nonconformity.content.title) (\(grade.rawValue)).")
            if let deadline = nonconformity.verificationDeadline {
                Console.out("Its fix must be verified by \(deadline) (six months, certification audit).")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the nonconformity register.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this state: reported, contained, analysed, planned, implemented, verified, closed.")
        var state: CorrectiveActionState?
        @Option(help: "Only this grade.") var grade: NonconformityGrade?
        @Option(help: "Only this source.") var source: NonconformitySource?
        @Option(help: "Only the findings of this audit.") var audit: String?
        @Option(help: "Only those against this requirement (STANDARD:NUMBER).") var requirement: String?
        @Flag(help: "Only those not closed.") var open = false
        @Flag(help: "Only those with an overdue action or a six-month limit near or past.") var attention = false
        @OptionGroup var export: ExportOption

        func validate() throws {
            if let audit { _ = try FindingsArgument.audit(audit) }
            if let requirement { _ = try DayArgument.keys([requirement]) }
        }

        func run() async throws {
            let qms = try await global.open()
            let filter = NonconformityFilter(
                state: state, grade: grade, source: source, audit: try audit.map(FindingsArgument.audit),
                requirement: try requirement.map { try DayArgument.keys([$0])[0] }, openOnly: open)
            if let url = export.url {
                let rows = try await qms.nonconformities.exportCSV(filter, to: url)
                return try export.report(rows: rows, noun: "nonconformities", json: global.json)
            }
            let entries = try await qms.nonconformities.list(filter, needingAttention: attention)
            if global.json { return try Console.json(entries) }
            let language = global.lang
            var table = Table(
                Strings.headers(
                    ["id", "grade", "state", "title", "requirements", "source", "raised", "due", "alerts"], language))
            table.maximumWidth = 48
            for entry in entries {
                let item = entry.nonconformity
                table.add([
                    item.id.description, Strings.term(item.content.grade, language),
                    Strings.term(item.state, language), item.content.title,
                    item.content.requirements.map(\.description).joined(separator: " "), item.content.source.rawValue,
                    item.content.raisedOn.description, item.verificationDeadline?.description ?? "",
                    AlertText.cell(entry.alerts, language),
                ])
            }
            Console.out(table.render())
            let flagged = entries.filter { !$0.alerts.isEmpty }.count
            Console.note(
                "\(entries.count) nonconformit\(entries.count == 1 ? "y" : "ies"), \(flagged) needing attention.")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a nonconformity with its corrective action and every step taken.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The nonconformity, such as NC-2026-007.") var id: String

        func validate() throws { _ = try FindingsArgument.nonconformity(id) }

        func run() async throws {
            let qms = try await global.open()
            let entry = try await qms.nonconformities.show(try FindingsArgument.nonconformity(id))
            if global.json { return try Console.json(entry) }
            NonconformityText.print(entry, language: global.lang)
        }
    }

    struct Advance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take a corrective action to its next step.",
            discussion: """
                Each step takes its own fields:
                  --to contained     --note CORRECTION [--consequences TEXT]
                  --to analysed      --cause TEXT (repeatable) [--method TEXT] [--similar TEXT]
                  --to planned       --action TEXT --owner NAME --due YYYY-MM-DD (repeatable)
                  --to implemented   --evidence EV-YYYY-NNNN (repeatable) and/or --note TEXT
                  --to verified      --result effective|ineffective [--note TEXT]  (not by the implementer)
                  --to closed        --update-risks yes|no --change-qms yes|no [--note TEXT]
                The actor (--actor or EQMS_ACTOR) is recorded with the step.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The nonconformity, such as NC-2026-007.") var id: String
        @Option(help: "The step to take.") var to: CorrectiveActionState
        @Option(help: "The correction, what was implemented, the verifier's or closing remark.") var note: String?
        @Option(help: "How the consequences were dealt with (contained).") var consequences: String?
        @Option(help: "The root-cause method, such as \"5 whys\" (analysed).") var method: String?
        @Option(name: .customLong("cause"), help: "A root cause (analysed; repeatable).") var causes: [String] = []
        @Option(help: "Whether similar nonconformities exist or could occur (analysed).") var similar: String?
        @Option(name: .customLong("action"), help: "An action to take (planned; repeatable).")
        var actions: [String] = []
        @Option(name: .customLong("owner"), help: "Who answers for the action (one per --action, or one for all).")
        var owners: [String] = []
        @Option(name: .customLong("due"), help: "When the action is due (one per --action, or one for all).")
        var dues: [String] = []
        @Option(name: .customLong("evidence"), help: "Evidence of implementation (implemented; repeatable).")
        var evidence: [String] = []
        @Option(help: "effective or ineffective (verified).") var result: EffectivenessResult?
        @Option(help: "Whether risks and opportunities are to be updated: yes or no (closed).")
        var updateRisks: Decision?
        @Option(help: "Whether the quality management system is to be changed: yes or no (closed).")
        var changeQms: Decision?

        func validate() throws {
            _ = try FindingsArgument.nonconformity(id)
            _ = try FindingsArgument.evidence(evidence)
            let planned = try FindingsArgument.actions(actions, owners: owners, dues: dues)
            // The fields a step always needs: leaving them out is a mistake of the command line.
            switch to {
            case .reported:
                throw ValidationError("a nonconformity is reported when raised; --to takes a later step")
            case .contained where note == nil:
                throw ValidationError("--to contained needs --note with the correction taken")
            case .analysed where causes.isEmpty:
                throw ValidationError("--to analysed needs at least one --cause")
            case .planned where planned.isEmpty:
                throw ValidationError("--to planned needs --action TEXT --owner NAME --due YYYY-MM-DD")
            case .implemented where evidence.isEmpty && note == nil:
                throw ValidationError("--to implemented needs --evidence EV-YYYY-NNNN or a --note")
            case .verified where result == nil:
                throw ValidationError("--to verified needs --result effective or --result ineffective")
            case .closed where updateRisks == nil || changeQms == nil:
                throw ValidationError("--to closed needs --update-risks yes|no and --change-qms yes|no")
            default:
                break
            }
        }

        func run() async throws {
            let qms = try await global.open()
            let planned = try FindingsArgument.actions(actions, owners: owners, dues: dues)
            let step = try CorrectiveActionStepInput(
                note: note, consequences: consequences, method: method, causes: causes, similar: similar,
                actions: planned.map { .init(text: $0.text, owner: $0.owner, due: $0.due.description) },
                evidence: evidence, result: result?.rawValue, updateRisks: updateRisks?.rawValue,
                changeQMS: changeQms?.rawValue
            ).step(actor: global.actorName, today: qms.today)
            let nonconformity = try await qms.nonconformities.advance(
                try FindingsArgument.nonconformity(id), to: to, with: step)
            if global.json { return try Console.json(NonconformityEntry(nonconformity, on: qms.today)) }
            if to == .verified, result == .ineffective {
                Console.out(
                    "\(nonconformity.id) was found ineffective: back to analysed "
                        + "(round \(nonconformity.correctiveAction.round)).")
            } else {
                Console.out("\(nonconformity.id) is now \(nonconformity.state.rawValue).")
            }
            NonconformityText.nextSteps(nonconformity)
        }
    }

    struct Reopen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reopen a verified or closed nonconformity whose fix proved ineffective.",
            discussion: "It starts a new round at analysed: revise the root cause or plan new actions.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The nonconformity, such as NC-2026-007.") var id: String
        @Option(help: "Why it is reopened.") var note: String

        func validate() throws {
            _ = try FindingsArgument.nonconformity(id)
            if note.trimmingWhitespace().isEmpty { throw ValidationError("--note needs the reason") }
        }

        func run() async throws {
            let qms = try await global.open()
            let nonconformity = try await qms.nonconformities.reopen(
                try FindingsArgument.nonconformity(id), reason: note)
            if global.json { return try Console.json(NonconformityEntry(nonconformity, on: qms.today)) }
            Console.out(
                "\(nonconformity.id) is reopened at \(nonconformity.state.rawValue) "
                    + "(round \(nonconformity.correctiveAction.round)).")
            NonconformityText.nextSteps(nonconformity)
        }
    }
}

/// A nonconformity as text for people.
enum NonconformityText {
    static func nextSteps(_ nonconformity: Nonconformity) {
        let next = nonconformity.allowedNextStates.map(\.rawValue)
        Console.note(next.isEmpty ? "Closed." : "Next: " + next.joined(separator: " or ") + ".")
    }

    static func print(_ entry: NonconformityEntry, language: Language) {
        let item = entry.nonconformity
        let content = item.content
        let action = item.correctiveAction
        Console.out(
            "\(item.id) — \(Strings.term(content.grade, language)), "
                + Strings.term(item.state, language))
        var lines: [(String, String)] = [
            ("Title", content.title), ("Source", content.source.rawValue),
            ("Requirements", content.requirements.map(\.description).joined(separator: ", ")),
            ("Process", content.process ?? ""), ("Site", content.site ?? ""),
            ("Audit", content.audit?.description ?? ""), ("Recommendation", content.recommendation?.description ?? ""),
            ("Evidence", content.evidence.map(\.description).joined(separator: ", ")),
            ("Raised", "\(content.raisedOn) by \(content.raisedBy)"), ("Description", content.description ?? ""),
            ("Round", action.round > 1 ? String(action.round) : ""),
        ]
        if let deadline = entry.deadline {
            lines.append(("Verify by", "\(deadline.date) (\(deadline.state.rawValue), \(deadline.days) days)"))
        }
        if let containment = action.containment {
            lines.append(("Correction", containment.correction))
            lines.append(("Consequences", containment.consequences ?? ""))
        }
        if let analysis = action.currentAnalysis {
            lines.append(("Root causes", analysis.causes.joined(separator: "; ")))
            lines.append(("Method", analysis.method ?? ""))
            lines.append(("Similar cases", analysis.similar ?? ""))
        }
        for planned in action.actions {
            let state = planned.implementedOn.map { "implemented \($0)" } ?? "open"
            lines.append(
                (planned.id.description, "\(planned.text) — \(planned.owner), due \(planned.due), \(state)"))
        }
        for implementation in action.implementations {
            let evidence = implementation.evidence.map(\.description).joined(separator: ", ")
            lines.append(
                (
                    "Implemented",
                    "round \(implementation.round), \(implementation.on) by \(implementation.by)"
                        + (evidence.isEmpty ? "" : ", evidence \(evidence)")
                        + (implementation.note.map { ": \($0)" } ?? "")
                ))
        }
        for verification in action.verifications {
            lines.append(
                (
                    "Verified",
                    "round \(verification.round), \(verification.result.rawValue), \(verification.on) by \(verification.by)"
                        + (verification.note.map { ": \($0)" } ?? "")
                ))
        }
        for closure in action.closures {
            lines.append(
                (
                    "Closed",
                    "\(closure.on) by \(closure.by); update risks: \(closure.updateRisks ? "yes" : "no"), "
                        + "change the QMS: \(closure.changeQMS ? "yes" : "no")" + (closure.note.map { "; \($0)" } ?? "")
                ))
        }
        if !entry.alerts.isEmpty { lines.append(("Alerts", AlertText.cell(entry.alerts, language))) }
        for (label, value) in lines where !value.isEmpty {
            Console.out("  \(label.padding(toLength: 16, withPad: " ", startingAt: 0)) \(value)")
        }
        Console.out("  History")
        for step in action.history {
            let from = step.from.map { "\($0.rawValue) → " } ?? ""
            var detail = step.fields.result.map { " (\($0.rawValue))" } ?? ""
            if step.kind == .reopen, let reason = step.fields.note { detail += ": \(reason)" }
            Console.out("    \(step.at)  \(step.actor)  \(step.kind.rawValue): \(from)\(step.to.rawValue)\(detail)")
        }
        nextSteps(item)
    }
}
