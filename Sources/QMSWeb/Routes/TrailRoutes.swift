import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices
import QMSStore

/// The audit trail, newest first, a page at a time, with the chain of the shown page checked.
struct TrailRoutes {
    let qms: QMS
    let renderer: Renderer
    static let pageSize = 100

    func register(on router: RouterGroup<WebContext>) {
        router.get("trail") { request, context in
            _ = try context.require(.read)
            let entity = Forms.query(request, "entity")
            let before = Forms.query(request, "before").flatMap { Int64($0) }
            let events = try await qms.store.reading { reader -> [AuditEvent] in
                var sql = "SELECT * FROM audit_events"
                var conditions: [String] = []
                var arguments: [SQLValue] = []
                if let entity {
                    conditions.append("entity = ?")
                    arguments.append(.text(entity))
                }
                if let before {
                    conditions.append("seq < ?")
                    arguments.append(.integer(before))
                }
                if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
                sql += " ORDER BY seq DESC LIMIT \(TrailRoutes.pageSize)"
                return try reader.session.query(sql, arguments).map { row in
                    AuditEvent(
                        sequence: try row.int("seq"), at: try row.string("at"), actor: try row.string("actor"),
                        action: try row.string("action"), entity: try row.string("entity"),
                        before: row.optionalString("before_json"), after: row.optionalString("after_json"),
                        previousHash: try row.string("prev_hash"), hash: try row.string("hash"))
                }
            }
            // Each shown event's own hash is recomputed; the full chain is `eqms verify`'s job.
            let altered = events.filter { event in
                (try? AuditChain.hash(
                    sequence: event.sequence, at: event.at, actor: event.actor, action: event.action,
                    entity: event.entity,
                    before: event.before, after: event.after, previousHash: event.previousHash)) != event.hash
            }
            let rows: [[String: Any]] = events.map { event in
                [
                    "seq": event.sequence, "at": event.at, "actor": event.actor, "action": event.action,
                    "entity": event.entity, "entityLink": Self.link(for: event.entity) ?? "",
                    "hash": String(event.hash.prefix(12)),
                ]
            }
            return renderer.page(
                "trail", title: Messages.shared.text("trail_title", context.language), context: context,
                values: [
                    "events": rows, "altered": altered.map { String($0.sequence) }.joined(separator: ", "),
                    "intact": altered.isEmpty, "entity": entity ?? "",
                    "older": events.count == TrailRoutes.pageSize
                        ? (events.last.map { String($0.sequence) } ?? "") : "",
                ], section: "trail")
        }
    }

    static func link(for entity: String) -> String? {
        if entity.hasPrefix("evidence:") { return "/evidence/" + entity.dropFirst("evidence:".count) }
        if entity.hasPrefix("standard:") { return "/catalogue/" + entity.dropFirst("standard:".count) }
        return nil
    }
}
