import ArgumentParser
import QMSCore
import QMSServices

/// `eqms log`: the audit trail.
struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Show the audit trail: who changed what, and when.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only events of this entity, such as standard:iso-9001-2015, user:amal or EV-2026-0042.")
    var entity: String?
    @Option(help: "Only events on or after this day (YYYY-MM-DD).") var since: String?

    func validate() throws {
        if let since {
            do { _ = try CalendarDate(parsing: since) } catch { throw ValidationError(FixWording.what(error)) }
        }
    }

    func run() async throws {
        let qms = try await global.open()
        let events = try await qms.trail.events(entity: entity, since: try since.map { try CalendarDate(parsing: $0) })
        if global.json { return try Console.json(events) }
        var table = Table(
            Strings.headers(["col_seq", "col_at", "col_actor", "action_text", "col_entity"], global.lang))
        for event in events {
            table.add([String(event.sequence), event.at, event.actor, event.action, event.entity])
        }
        Console.out(table.render())
    }
}
