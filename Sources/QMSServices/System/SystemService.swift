import QMSCore
import QMSStore

/// What the front ends need of the system itself: whether it is alive, and whether the database
/// changed since a result was kept.
public struct SystemService: Sendable {
    let qms: QMS

    /// A number that changes whenever any process commits to the database (SQLite's data version,
    /// PostgreSQL's WAL position): a result kept with one token is still true while it is unchanged.
    public func changeToken() async throws -> Int64 {
        try await qms.store.changeToken()
    }

    /// The number of standards loaded: `/health` answers with it, so a probe sees a database that
    /// answers queries, not just a process that listens.
    public func standardsLoaded() async throws -> Int {
        let count = try await qms.store.reading { reader in
            try reader.session.scalarInt("SELECT COUNT(*) AS value FROM standards")
        }
        return Int(count ?? 0)
    }

    /// Closes the database.
    public func close() async throws {
        try await qms.store.close()
    }
}

/// Web sessions kept in the database, so that every server on one database sees them and a
/// restart signs nobody out. Sessions are not records of the quality system: no audit trail.
public struct WebSessionService: Sendable {
    let qms: QMS

    /// Stores or replaces a session's JSON value, with its expiry (an instant) if it has one.
    public func put(key: String, json: String, expiresAt: Instant?) async throws {
        try await qms.store.write { session in
            try session.putWebSession(key: key, value: json, expiresAt: expiresAt?.description)
        }
    }

    /// Records a stored session's new value and expiry (its use); a session ended meanwhile is
    /// not brought back. Returns whether it was still there.
    @discardableResult
    public func touch(key: String, json: String, expiresAt: Instant?) async throws -> Bool {
        try await qms.store.write { session in
            try session.updateWebSession(key: key, value: json, expiresAt: expiresAt?.description)
        }
    }

    /// A session's JSON value and expiry, if it is stored; an expiry that does not parse is
    /// returned as already past, which ends the session rather than keeping it for ever.
    public func get(key: String) async throws -> (json: String, expiresAt: Instant?)? {
        guard let found = try await qms.store.read({ session in try session.webSession(key: key) }) else { return nil }
        guard let text = found.expiresAt else { return (found.value, nil) }
        let expiry = (try? Instant(parsing: text)) ?? Instant(secondsSince1970: 0)
        return (found.value, expiry)
    }

    /// Removes a session, and with it every session that expired before `now`.
    public func remove(key: String, now: Instant) async throws {
        try await qms.store.write { session in
            try session.removeWebSession(key: key, now: now.description)
        }
    }
}

extension SystemService {
    /// The version of every area of the database (``DataArea``), read in one query: a page kept at
    /// one set of versions is still exact while the areas it reads keep theirs.
    public func areaVersions() async throws -> AreaVersions {
        try await qms.store.areaVersions()
    }
}
