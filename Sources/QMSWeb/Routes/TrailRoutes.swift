import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices

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
            let page = try await qms.trail.page(entity: entity, before: before, limit: TrailRoutes.pageSize)
            let events = page.events
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
                    "events": rows, "altered": page.altered.map(String.init).joined(separator: ", "),
                    "intact": page.altered.isEmpty, "entity": entity ?? "",
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
