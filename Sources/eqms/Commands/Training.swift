import ArgumentParser
import Foundation
import QMSCore
import QMSServices

/// `eqms training`: competence and training (ISO 9001 7.2).
struct TrainingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "training",
        abstract: "Keep roles and their competence, training events and their effectiveness, and each person's record.",
        discussion: """
            Participants are counted by sex and disability (--participants, --women, --disabilities), or
            named with --participant "NAME[:female|male][:disability]", or both. A training whose
            effectiveness is evaluated effective or partly effective is evidence for ISO 9001 7.2.
            """,
        subcommands: [Add.self, List.self, Show.self, Evaluate.self, Person.self, RoleCommand.self])

    struct IDArgument: ParsableArguments {
        @Argument(help: "The training event, such as TRN-2026-01.") var id: String
        var value: TrainingID { get throws { try RegisterArgument.training(id) } }
        func validate() throws { _ = try value }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a training event (numbered TRN-YYYY-NN in the year it starts).",
            discussion: """
                Example: eqms training add --title "Training of trainers, Tripoli" --kind training-of-trainers \\
                           --start 2018-11-20 --end 2018-11-22 --place Tripoli --trainer "Lead trainer" \\
                           --participants 64 --women 18 --disabilities 1 --competence "Polling procedures"
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "What it was.") var title: String
        @Option(help: "training-of-trainers, workshop, course, briefing or other.") var kind: TrainingKind = .workshop
        @Option(help: "First day, YYYY-MM-DD.") var start: String
        @Option(help: "Last day (default: the first).") var end: String?
        @Option(help: "Where it took place.") var place: String
        @Option(name: .customLong("trainer"), help: "A trainer (repeatable).") var trainers: [String] = []
        @Option(name: .customLong("role"), help: "A role it trains for, by code (repeatable).") var roles: [String] = []
        @Option(name: .customLong("competence"), help: "A competence it builds (repeatable).")
        var competences: [String] = []
        @Option(help: "How many took part (default: the named participants).") var participants: Int?
        @Option(help: "How many of them were women.") var women: Int?
        @Option(help: "How many were men (default: the others).") var men: Int?
        @Option(help: "How many were persons with disabilities.") var disabilities: Int?
        @Option(name: .customLong("participant"), help: "NAME[:female|male][:disability] (repeatable).")
        var named: [String] = []
        @Option(name: .customLong("process"), help: "A process it serves (repeatable).") var processes: [String] = []
        @OptionGroup var requirements: RequirementsOption

        func validate() throws {
            _ = try FindingsArgument.day(start, option: "--start")
            _ = try DayArgument.date(end, option: "--end")
            _ = try RegisterArgument.codes(roles, field: "--role")
            _ = try named.map(RegisterArgument.participant)
            if participants == nil, women != nil || men != nil || disabilities != nil {
                throw ValidationError("--women, --men and --disabilities go with --participants")
            }
        }

        func run() async throws {
            let qms = try await global.open()
            let people = try named.map(RegisterArgument.participant)
            let startsOn = try FindingsArgument.day(start, option: "--start")
            let attendance = participants.map {
                Attendance(total: $0, women: women ?? 0, men: men, withDisabilities: disabilities ?? 0)
            }
            let event = try await qms.training.add(
                TrainingDraft(
                    title: title, kind: kind, startsOn: startsOn,
                    endsOn: try DayArgument.date(end, option: "--end") ?? startsOn, place: place, trainers: trainers,
                    roles: try RegisterArgument.codes(roles, field: "--role"), competences: competences,
                    attendance: attendance, participants: people, processes: processes,
                    requirements: try requirements.keys))
            if global.json { return try Console.json(event) }
            let counts = event.content.attendance
            Console.out(
                "Recorded \(event.id): \(counts.total) participants, \(counts.women) women, "
                    + "\(counts.withDisabilities) with disabilities. Next: eqms training evaluate \(event.id) …")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The training events, with totals.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var export: ExportOption

        func run() async throws {
            let qms = try await global.open()
            if let url = export.url {
                let rows = try await qms.training.exportCSV(to: url)
                return try export.report(rows: rows, noun: "training events", json: global.json)
            }
            let list = try await qms.training.list()
            if global.json { return try Console.json(list) }
            let language = global.lang
            var table = Table(
                Strings.headers(
                    [
                        "id", "title", "reg_start", "reg_end", "reg_place", "reg_participants", "reg_women",
                        "disability", "result",
                        "alerts",
                    ], language))
            table.maximumWidth = 40
            for entry in list {
                let event = entry.record
                let counts = event.content.attendance
                table.add([
                    event.id.description, event.content.title, event.content.startsOn.description,
                    event.content.endsOn.description, event.content.place, String(counts.total), String(counts.women),
                    String(counts.withDisabilities),
                    event.evaluation.map { Strings.term($0.result, language) } ?? "",
                    Strings.alerts(entry.alerts, language),
                ])
            }
            if let totals = try await qms.training.totals() {
                table.add([
                    Strings.text("plans_total", language), "", "", "", "", String(totals.total), String(totals.women),
                    String(totals.withDisabilities), "", "",
                ])
            }
            Console.out(table.render())
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A training event with its participants.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var id: IDArgument

        func run() async throws {
            let entry = try await global.open().training.show(try id.value)
            if global.json { return try Console.json(entry) }
            let event = entry.record
            let content = event.content
            let counts = content.attendance
            Console.out("\(event.id)  \(content.title)  (\(content.kind.rawValue))")
            Console.out("\(content.startsOn) to \(content.endsOn), \(content.place)")
            Console.out("trainers: " + content.trainers.joined(separator: "; "))
            if !content.roles.isEmpty {
                Console.out("roles: " + content.roles.map(\.description).joined(separator: ", "))
            }
            if !content.competences.isEmpty {
                Console.out("competences: " + content.competences.joined(separator: "; "))
            }
            Console.out(
                "participants: \(counts.total) (women \(counts.women), men \(counts.men), "
                    + "with disabilities \(counts.withDisabilities))")
            for person in content.participants {
                Console.out(
                    "  \(person.name)" + (person.sex.map { ", \($0.rawValue)" } ?? "")
                        + (person.disability ? ", with disabilities" : ""))
            }
            if let evaluation = event.evaluation {
                Console.out(
                    "effectiveness: \(evaluation.result.rawValue), \(evaluation.on) by \(evaluation.by) "
                        + "(\(evaluation.method))" + (evaluation.note.map { ": \($0)" } ?? ""))
            }
            if let evidence = event.evidence { Console.out("evidence: \(evidence)") }
            if !entry.alerts.isEmpty { Console.out("alerts: " + Strings.alerts(entry.alerts, global.lang)) }
        }
    }

    struct Evaluate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record how the training's effectiveness was evaluated and what it found.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var id: IDArgument
        @Option(help: "How: pre- and post-tests, observation on the job …") var method: String
        @Option(help: "effective, partly-effective or not-effective.") var result: EffectivenessRating
        @Option(help: "Remarks.") var note: String?
        @Option(help: "The day of the evaluation (default: today).") var date: String?

        func validate() throws { _ = try DayArgument.date(date, option: "--date") }

        func run() async throws {
            let event = try await global.open().training.evaluate(
                try id.value, method: method, result: result, note: note,
                on: try DayArgument.date(date, option: "--date"))
            if global.json { return try Console.json(event) }
            Console.out(
                "\(event.id) is \(result.rawValue)." + (event.evidence.map { " Evidence: \($0)." } ?? ""))
        }
    }

    struct Person: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One person's record: roles, training attended or given, competences not yet covered.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The person's name as the registers give it.") var name: String

        func run() async throws {
            let record = try await global.open().training.person(name)
            if global.json { return try Console.json(record) }
            Console.out(record.name)
            for role in record.roles {
                Console.out("role \(role.code) \(role.title): " + role.competences.joined(separator: "; "))
            }
            for training in record.trainings {
                Console.out(
                    "\(training.id) \(training.title), \(training.startsOn)" + (training.asTrainer ? " (trainer)" : "")
                        + (training.result.map { ": \($0.rawValue)" } ?? ""))
            }
            if !record.notYetCovered.isEmpty {
                Console.out("not yet covered by effective training: " + record.notYetCovered.joined(separator: "; "))
            }
        }
    }

    /// `eqms training role`: roles and the competence they require.
    struct RoleCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "role", abstract: "Keep the roles, the competence each requires and who holds them.",
            subcommands: [AddRole.self, ListRoles.self, Assign.self])

        struct AddRole: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "add", abstract: "Record a role with the competence it requires.",
                discussion: """
                    Example: eqms training role add PRESIDING-OFFICER --title "Presiding officer" \\
                               --competence "Polling procedures" --competence "Reconciliation of ballots"
                    """)
            @OptionGroup var global: GlobalOptions
            @Argument(help: "The role's code.") var code: String
            @Option(help: "Its title.") var title: String
            @Option(name: .customLong("competence"), help: "A competence it requires (repeatable).")
            var competences: [String] = []
            @Option(name: .customLong("holder"), help: "Someone in the role (repeatable).") var holders: [String] = []
            @Option(name: .customLong("process"), help: "A process it works in (repeatable).") var processes: [String] =
                []
            @OptionGroup var requirements: RequirementsOption

            func validate() throws { _ = try RegisterArgument.code(code, field: "role code") }

            func run() async throws {
                let role = try await global.open().training.addRole(
                    RoleDraft(
                        code: try RegisterArgument.code(code, field: "role code"), title: title,
                        competences: competences, holders: holders, processes: processes,
                        requirements: try requirements.keys))
                if global.json { return try Console.json(role) }
                Console.out("Recorded the role \(role.content.code) (\(role.content.title)).")
            }
        }

        struct ListRoles: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "The roles.")
            @OptionGroup var global: GlobalOptions
            @OptionGroup var export: ExportOption

            func run() async throws {
                let qms = try await global.open()
                if let url = export.url {
                    let rows = try await qms.training.exportRolesCSV(to: url)
                    return try export.report(rows: rows, noun: "roles", json: global.json)
                }
                let roles = try await qms.training.roles()
                if global.json { return try Console.json(roles) }
                var table = Table(
                    Strings.headers(["reg_code", "title", "reg_competences", "reg_holders"], global.lang))
                table.maximumWidth = 50
                for role in roles {
                    table.add([
                        role.content.code.description, role.content.title,
                        role.content.competences.joined(separator: "; "), role.content.holders.joined(separator: "; "),
                    ])
                }
                Console.out(table.render())
            }
        }

        struct Assign: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Put people in a role.")
            @OptionGroup var global: GlobalOptions
            @Argument(help: "The role's code.") var code: String
            @Option(name: .customLong("person"), help: "Someone (repeatable).") var people: [String] = []

            func validate() throws {
                _ = try RegisterArgument.code(code, field: "role code")
                if people.isEmpty { throw ValidationError("give --person NAME (repeatable)") }
            }

            func run() async throws {
                let role = try await global.open().training.assign(
                    try RegisterArgument.code(code, field: "role code"), people: people)
                if global.json { return try Console.json(role) }
                Console.out("\(role.content.code) is held by " + role.content.holders.joined(separator: "; ") + ".")
            }
        }
    }
}
