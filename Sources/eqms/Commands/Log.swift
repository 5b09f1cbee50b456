import ArgumentParser
import QMSCore
import QMSServices
import QMSStore

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
            do { _ = try CalendarDate(parsing: since) } catch { throw ValidationError(error.message) }
        }
    }

    func run() async throws {
        let qms = try await global.open()
        let sinceDate = try since.map { try CalendarDate(parsing: $0).description }
        let entity = self.entity
        let events = try await qms.store.reading { reader in
            // `--entity EV-2026-0042` means `evidence:EV-2026-0042`: the kind need not be typed.
            let exact = try reader.events(entity: entity, since: sinceDate)
            guard let entity, exact.isEmpty, !entity.contains(":") else { return exact }
            return try reader.entities(named: entity).flatMap { try reader.events(entity: $0, since: sinceDate) }
                .sorted { $0.sequence < $1.sequence }
        }
        if global.json { return try Console.json(events) }
        var table = Table(
            Strings.headers(["col_seq", "col_at", "col_actor", "action_text", "col_entity"], global.lang))
        for event in events {
            table.add([String(event.sequence), event.at, event.actor, event.action, event.entity])
        }
        Console.out(table.render())
    }
}
