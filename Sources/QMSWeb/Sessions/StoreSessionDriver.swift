import Foundation
import Hummingbird
import QMSCore
import QMSStore

/// Keeps web sessions in the database, so that every server instance on one database sees them
/// (the design of the PostgreSQL deployment) and a restart signs nobody out.
public struct StoreSessionDriver: PersistDriver {
    let store: any Store
    /// Sessions read from the store, kept while it is unchanged: every page view asks for its
    /// session, and a database read each time cost more than the rest of a cached page.
    private let cache = ChangeTokenCache<String, StoredSession>(capacity: 10_000)
    /// The session cookie's name.
    static let cookieName = "eqms_session"
    /// The prefix of a session's key in the store, before its id.
    static let keyPrefix = "session."

    /// Uses the given store.
    public init(store: any Store) { self.store = store }

    public func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        try await set(key: key, value: value, expires: expires)
    }

    public func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let json = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        let expiresAt = expires.map { StoreSessionDriver.instant(after: $0) }
        try await store.write { session in
            try session.putWebSession(key: key, value: json, expiresAt: expiresAt)
        }
    }

    public func get<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: Object.self)?.object
    }

    public func getWithTTL<Object: Codable & Sendable>(key: String, as: Object.Type) async throws
        -> (object: Object, ttl: Duration?)?
    {
        let token = try await store.changeToken()
        let stored: StoredSession
        if let cached = cache.value(for: key, token: token) {
            stored = cached
        } else {
            guard let found = try await store.read({ session in try session.webSession(key: key) }) else { return nil }
            // An expiry that does not parse ends the session rather than keeping it for ever.
            let expiry = try found.expiresAt.map { text in
                try Instant(parsing: text)
            }
            stored = StoredSession(
                json: found.value, object: try JSONDecoder().decode(Object.self, from: Data(found.value.utf8)),
                expiresAt: expiry)
            cache.keep(stored, for: key, token: token)
        }
        // Decoded once as the type asked for; another type is decoded afresh.
        let object = try (stored.object as? Object) ?? JSONDecoder().decode(Object.self, from: Data(stored.json.utf8))
        var ttl: Duration?
        if let expiry = stored.expiresAt {
            let now = Instant(secondsSince1970: Date().timeIntervalSince1970)
            guard expiry > now else { return nil }
            ttl = .milliseconds(expiry.millisecondsSince1970 - now.millisecondsSince1970)
        }
        return (object, ttl)
    }

    public func remove(key: String) async throws {
        let now = Instant(secondsSince1970: Date().timeIntervalSince1970).description
        try await store.write { session in try session.removeWebSession(key: key, now: now) }
    }

    /// A session read from the store: its JSON, its object decoded once, and when it expires.
    private struct StoredSession: Sendable {
        var json: String
        var object: any Sendable
        var expiresAt: Instant?
    }

    static func instant(after duration: Duration) -> String {
        let seconds = Date().timeIntervalSince1970 + Double(duration.components.seconds)
        return Instant(secondsSince1970: seconds).description
    }
}
