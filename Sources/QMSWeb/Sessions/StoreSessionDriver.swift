import Foundation
import Hummingbird
import QMSCore
import QMSServices

/// Keeps web sessions in the database, so that every server instance on one database sees them
/// (the design of the PostgreSQL deployment) and a restart signs nobody out.
public struct StoreSessionDriver: PersistDriver {
    let qms: QMS
    /// The sessions' lifetimes: a session's row expires at the end they give, which the cookie
    /// (kept for the absolute lifetime) does not know.
    let lifetime: SessionLifetime
    /// Sessions read from the store, kept while it is unchanged: every page view asks for its
    /// session, and a database read each time cost more than the rest of a cached page.
    private let cache = ChangeTokenCache<String, StoredSession>(capacity: 10_000)
    /// The session cookie's name.
    static let cookieName = "eqms_session"
    /// The prefix of a session's key in the store, before its id.
    static let keyPrefix = "session."

    /// Keeps the sessions in the database of `qms`, ending by `lifetime`.
    public init(qms: QMS, lifetime: SessionLifetime = SessionLifetime()) {
        self.qms = qms
        self.lifetime = lifetime
    }

    public func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        try await set(key: key, value: value, expires: expires)
    }

    public func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let json = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        // A web session ends at its idle or absolute end, whichever is first; the duration asked
        // for is the cookie's.
        var expiresAt = expires.map { instant(after: $0) }
        if let session = value as? WebSession, let started = session.startedAt {
            let end = lifetime.end(startedAt: started, lastSeenAt: session.lastSeenAt ?? started)
            expiresAt = min(expiresAt ?? end, end)
        }
        try await qms.sessions.put(key: key, json: json, expiresAt: expiresAt)
    }

    public func get<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: Object.self)?.object
    }

    public func getWithTTL<Object: Codable & Sendable>(key: String, as: Object.Type) async throws
        -> (object: Object, ttl: Duration?)?
    {
        let token = try await qms.system.changeToken()
        let stored: StoredSession
        if let cached = cache.value(for: key, token: token) {
            stored = cached
        } else {
            guard let found = try await qms.sessions.get(key: key) else { return nil }
            stored = StoredSession(
                json: found.json, object: try JSONDecoder().decode(Object.self, from: Data(found.json.utf8)),
                expiresAt: found.expiresAt)
            cache.keep(stored, for: key, token: token)
        }
        // Decoded once as the type asked for; another type is decoded afresh.
        let object = try (stored.object as? Object) ?? JSONDecoder().decode(Object.self, from: Data(stored.json.utf8))
        var ttl: Duration?
        if let expiry = stored.expiresAt {
            let now = qms.instant
            guard expiry > now else { return nil }
            ttl = .milliseconds(expiry.millisecondsSince1970 - now.millisecondsSince1970)
        }
        return (object, ttl)
    }

    public func remove(key: String) async throws {
        try await qms.sessions.remove(key: key, now: qms.instant)
    }

    /// A session read from the store: its JSON, its object decoded once, and when it expires.
    private struct StoredSession: Sendable {
        var json: String
        var object: any Sendable
        var expiresAt: Instant?
    }

    /// The instant `duration` after now by the application's clock.
    func instant(after duration: Duration) -> Instant {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return Instant(millisecondsSince1970: qms.instant.millisecondsSince1970 + milliseconds)
    }
}
