import Foundation
import Hummingbird
import QMSCore
import QMSStore

/// Keeps web sessions in the database, so that every server instance on one database sees them
/// (the design of the PostgreSQL deployment) and a restart signs nobody out.
public struct StoreSessionDriver: PersistDriver {
    let store: any Store
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
        guard let stored = try await store.read({ session in try session.webSession(key: key) }) else { return nil }
        var ttl: Duration?
        if let expiresAt = stored.expiresAt {
            let now = Instant(secondsSince1970: Date().timeIntervalSince1970)
            guard let expiry = try? Instant(parsing: expiresAt), expiry > now else { return nil }
            ttl = .milliseconds(expiry.millisecondsSince1970 - now.millisecondsSince1970)
        }
        return (try JSONDecoder().decode(Object.self, from: Data(stored.value.utf8)), ttl)
    }

    public func remove(key: String) async throws {
        let now = Instant(secondsSince1970: Date().timeIntervalSince1970).description
        try await store.write { session in try session.removeWebSession(key: key, now: now) }
    }

    static func instant(after duration: Duration) -> String {
        let seconds = Date().timeIntervalSince1970 + Double(duration.components.seconds)
        return Instant(secondsSince1970: seconds).description
    }
}
