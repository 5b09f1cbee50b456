import QMSCore
import QMSStore

/// The audit trail as people read it, for the web's trail page and `eqms log` alike.
public struct TrailService: Sendable {
    let qms: QMS

    /// Events in the order they happened, of one entity and from one day when given. An entity
    /// named without its kind (`EV-2026-0042`) means every entity of that id
    /// (`evidence:EV-2026-0042`), so the kind need not be typed.
    public func events(entity: String? = nil, since: CalendarDate? = nil) async throws -> [AuditEvent] {
        let day = since?.description
        return try await qms.store.reading { reader in
            let exact = try reader.events(entity: entity, since: day)
            guard let entity, exact.isEmpty, !entity.contains(":") else { return exact }
            return try reader.entities(named: entity).flatMap { try reader.events(entity: $0, since: day) }
                .sorted { $0.sequence < $1.sequence }
        }
    }

    /// A page of the trail, newest first: at most `limit` events before the sequence number `before`,
    /// with the events whose own hash no longer matches their fields (the whole chain is
    /// ``IntegrityService``'s to check).
    public func page(entity: String? = nil, before: Int64? = nil, limit: Int) async throws -> TrailPage {
        let events = try await qms.store.reading { reader in
            try reader.eventsNewestFirst(entity: entity, before: before, limit: limit)
        }
        let altered = events.filter { event in
            (try? AuditChain.hash(
                sequence: event.sequence, at: event.at, actor: event.actor, action: event.action,
                entity: event.entity, before: event.before, after: event.after,
                previousHash: event.previousHash)) != event.hash
        }
        return TrailPage(events: events, altered: altered.map(\.sequence))
    }
}

/// A page of the audit trail, newest first.
public struct TrailPage: Sendable {
    /// The events, newest first.
    public var events: [AuditEvent]
    /// The sequence numbers of the shown events whose hash does not match their fields.
    public var altered: [Int64]
}
