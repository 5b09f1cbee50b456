import ArgumentParser
import Foundation
import QMSCore
import QMSDossier
import QMSFormats
import QMSPresentation
import QMSServices

/// `eqms notify`: reminders of what falls due, over every register.
struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "What falls due: evidence expiring, actions, reviews, audits, plans; and calendar feeds of it.",
        discussion: """
            Reminders are due 30, 7 and 1 days before an item's day, then overdue; 7 days overdue, the
            quality manager is told as well. A deactivated or unknown owner's items go to the quality manager.
            """,
        subcommands: [Due.self, Calendar.self, Run.self, Outbox.self], defaultSubcommand: Due.self)

    struct Due: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The reminders owed on a day, to everyone or to one user.",
            discussion: """
                eqms notify due                          everything due today
                eqms notify due --as-of 2027-01-31       time travel: as it will be on that day
                eqms notify due --user amal --json       one user's reminders, for scripts
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The day to compute for, YYYY-MM-DD (default: today).") var asOf: String?
        @Option(help: "Only this user's reminders (login name).") var user: String?

        func validate() throws { _ = try DayArgument.date(asOf, option: "--as-of") }

        func run() async throws {
            let qms = try await global.open()
            let report = try await qms.due.due(asOf: try DayArgument.date(asOf, option: "--as-of"), user: user)
            if global.json { return try Console.json(report) }
            let language = global.lang
            guard !report.items.isEmpty else { return Console.out(Strings.text("due_none", language)) }
            var table = Table(
                Strings.headers(
                    [
                        "due_header_date", "due_header_days", "due_header_threshold", "due_header_user",
                        "due_header_kind", "due_header_reference", "due_header_routing", "due_header_title",
                    ], language))
            let numbers = NumberFormatting(PresentationLocale(language))
            for item in report.items {
                table.add([
                    item.date.description, numbers.integer(item.daysLeft),
                    DueWording.threshold(item.threshold, language),
                    item.user, DueWording.kind(item.kind, language), item.record.reference,
                    DueWording.routing(item.routing, language), DueWording.title(item, language),
                ])
            }
            Console.out(table.render())
        }
    }

    struct Calendar: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write one user's due dates as an iCalendar (.ics) file, one all-day event per item.",
            discussion: """
                eqms notify calendar --user amal --output amal.ics --base-url https://qms.example.org
                Outlook, Thunderbird and Google Calendar import the file; each item keeps its UID, so a
                newer file updates the events instead of adding copies.
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Whose due dates (login name).") var user: String
        @Option(help: "The day to compute for, YYYY-MM-DD (default: today).") var asOf: String?
        @Option(help: "The file to write (default: standard output).") var output: String?
        @Option(
            help: ArgumentHelp(
                "The web application's address, for each event's link.",
                discussion: "Default: $EQMS_BASE_URL, else http://127.0.0.1:8080.", valueName: "url"))
        var baseURL: String?

        func validate() throws { _ = try DayArgument.date(asOf, option: "--as-of") }

        func run() async throws {
            let qms = try await global.open()
            let report = try await qms.due.due(asOf: try DayArgument.date(asOf, option: "--as-of"), user: user)
            let language = global.lang
            let base =
                (baseURL ?? ProcessInfo.processInfo.environment["EQMS_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
                    ?? "http://127.0.0.1:8080")
            let text = Calendars.due(report.items, user: user, language: language, base: base, stamp: qms.instant)
            guard let output else { return FileHandle.standardOutput.write(Data(text.utf8)) }
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
                throw ServiceError.cannotWriteFile(path: output)
            }
            Console.note(Messages.shared.text("due_calendar_written", language, ["path": output]))
        }
    }
}
