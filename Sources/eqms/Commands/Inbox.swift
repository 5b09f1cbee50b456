import ArgumentParser
import Foundation
import QMSCore
import QMSPresentation
import QMSServices

/// `eqms inbox`: a user's in-app inbox, as the web's `/inbox` shows it, and marking entries read.
struct InboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox",
        abstract: "A user's reminders in the application's inbox, unread first; mark them read.",
        discussion: """
            The same reminders as the e-mails, to the same people; an entry leaves by itself when its
            record is done, and comes back unread when it reaches its next threshold.

            eqms inbox --user amal                         amal's inbox
            eqms inbox --user amal --read 'evidence-expiry:EV-2026-0042@7d'
            eqms inbox --user amal --read-all --json
            """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "Whose inbox (login name; default: the actor).") var user: String?
    @Option(help: "The day to compute for, YYYY-MM-DD (default: today).") var asOf: String?
    @Option(help: ArgumentHelp("Mark this entry read (repeatable).", valueName: "ID")) var read: [String] = []
    @Flag(help: "Mark every entry read.") var readAll = false

    func validate() throws { _ = try DayArgument.date(asOf, option: "--as-of") }

    func run() async throws {
        let qms = try await global.open()
        let username = user ?? global.actorName
        let day = try DayArgument.date(asOf, option: "--as-of")
        if readAll {
            try await qms.inbox.markAllRead(for: username, asOf: day)
        } else if !read.isEmpty {
            try await qms.inbox.markRead(Set(read), for: username, asOf: day)
        }
        let inbox = try await qms.inbox.inbox(for: username, asOf: day)
        if global.json { return try Console.json(inbox) }
        let language = global.lang
        let numbers = NumberFormatting(PresentationLocale(language))
        Console.out(Messages.shared.text("inbox_unread_count", language, ["count": numbers.integer(inbox.unread)]))
        guard !inbox.entries.isEmpty else { return Console.out(Messages.shared.text("inbox_empty", language)) }
        var table = Table(
            Strings.headers(
                [
                    "inbox_header_state", "due_header_date", "due_header_threshold", "due_header_kind",
                    "due_header_reference", "due_header_title", "inbox_header_id",
                ], language))
        for entry in inbox.entries.sorted(by: { !$0.read && $1.read }) {
            let item = entry.item
            table.add([
                Messages.shared.text(entry.read ? "inbox_state_read" : "inbox_state_unread", language),
                item.date.description, DueWording.threshold(item.threshold, language),
                DueWording.kind(item.kind, language), item.record.reference, DueWording.title(item, language), entry.id,
            ])
        }
        Console.out(table.render())
    }
}
