import Crypto
import Foundation
import QMSCore

extension StoreWriter {
    /// Sets a user's password hash (bcrypt). The trail records that it changed, never the hash.
    public func setPasswordHash(_ hash: String, for username: String) throws {
        guard try reader.user(username) != nil else {
            throw DomainError.notFound(kind: .user, id: username, hint: .run(.addUser(role: nil)))
        }
        try session.execute("UPDATE users SET password_hash = ? WHERE username = ?", hash, username)
        // The trail keeps a digest of the hash, never the hash: enough for `eqms verify` to notice
        // a hash swapped behind the application's back, nothing to attack offline.
        try appendEvent(
            action: "user.password", entity: "password:\(username)", before: nil,
            after: try PasswordRecord(username: username, hash: hash).canonicalJSON)
    }

    /// Keeps the language a user reads the pages in. A preference, like a session: not a quality
    /// record, so the audit trail does not carry it.
    public func setLanguage(_ language: Language, for username: String) throws {
        try session.execute("UPDATE users SET language = ? WHERE username = ?", language.rawValue, username)
    }

    /// Keeps the time zone a user reads times in (`nil`: the organisation's). A preference, as the
    /// language is.
    public func setTimeZone(_ zone: String?, for username: String) throws {
        guard try reader.user(username) != nil else {
            throw DomainError.notFound(kind: .user, id: username, hint: .run(.addUser(role: nil)))
        }
        try session.execute("UPDATE users SET time_zone = ? WHERE username = ?", zone, username)
    }

    /// Records an API token by the SHA-256 of its secret.
    public func createToken(sha256: String, username: String, name: String) throws {
        guard try reader.user(username) != nil else {
            throw DomainError.notFound(kind: .user, id: username, hint: .run(.addUser(role: nil)))
        }
        try session.execute(
            "INSERT INTO api_tokens (token_sha256, username, name, created_at, revoked) VALUES (?, ?, ?, ?, 0)", sha256,
            username, name, instant.description)
        try appendEvent(
            action: "token.create", entity: "token:\(sha256.prefix(12))", before: nil,
            after: try CanonicalJSON.encode(["username": username, "name": name]))
    }

    /// Revokes every token of a user with this name.
    public func revokeTokens(username: String, name: String) throws -> Int {
        let count =
            try session.scalarInt(
                "SELECT COUNT(*) AS value FROM api_tokens WHERE username = ? AND name = ? AND revoked = 0", username,
                name)
            ?? 0
        try session.execute("UPDATE api_tokens SET revoked = 1 WHERE username = ? AND name = ?", username, name)
        if count > 0 {
            try appendEvent(
                action: "token.revoke", entity: "user:\(username)", before: nil,
                after: try CanonicalJSON.encode(["username": username, "name": name]))
        }
        return Int(count)
    }
}

extension StoreReader {
    /// A user's password hash, if one is set.
    public func passwordHash(for username: String) throws -> String? {
        try session.queryFirst("SELECT password_hash FROM users WHERE username = ?", username)?.optionalString(
            "password_hash")
    }

    /// The user an unrevoked token belongs to.
    public func tokenOwner(sha256: String) throws -> String? {
        try session.queryFirst("SELECT username FROM api_tokens WHERE token_sha256 = ? AND revoked = 0", sha256)?
            .optionalString("username")
    }
}

/// Server-side web sessions: a key, a JSON value and an expiry, shared by every server instance.
/// Sessions are not records of the quality system, so they are kept out of the audit trail.
extension SQLSession {
    /// Stores or replaces a session.
    public func putWebSession(key: String, value: String, expiresAt: String?) throws(StoreError) {
        try execute("DELETE FROM web_sessions WHERE key = ?", key)
        try execute("INSERT INTO web_sessions (key, value, expires_at) VALUES (?, ?, ?)", key, value, expiresAt)
    }

    /// Replaces a stored session's value and expiry; a session removed meanwhile (ended by its
    /// user or an administrator) stays removed. Returns whether it was there.
    @discardableResult
    public func updateWebSession(key: String, value: String, expiresAt: String?) throws(StoreError) -> Bool {
        guard try queryFirst("SELECT key FROM web_sessions WHERE key = ?", key) != nil else { return false }
        try execute("UPDATE web_sessions SET value = ?, expires_at = ? WHERE key = ?", value, expiresAt, key)
        return true
    }

    /// A session's value and expiry, if present.
    public func webSession(key: String) throws(StoreError) -> (value: String, expiresAt: String?)? {
        guard let row = try queryFirst("SELECT value, expires_at FROM web_sessions WHERE key = ?", key) else {
            return nil
        }
        return (try row.string("value"), row.optionalString("expires_at"))
    }

    /// Removes a session, and every session that expired before `now`.
    public func removeWebSession(key: String, now: String) throws(StoreError) {
        try execute("DELETE FROM web_sessions WHERE key = ? OR (expires_at IS NOT NULL AND expires_at < ?)", key, now)
    }
}

/// What the audit trail records of a password: the user and the SHA-256 of the bcrypt hash.
public struct PasswordRecord: Encodable {
    public var username: String
    public var passwordHashSHA256: String

    /// The record of a user's current hash.
    public init(username: String, hash: String) {
        self.username = username
        self.passwordHashSHA256 = Hex.encode(SHA256.hash(data: Data(hash.utf8)))
    }

    /// Its canonical JSON, as the trail holds it.
    public var canonicalJSON: String {
        get throws { try CanonicalJSON.encode(self) }
    }
}

/// Failed sign-ins, shared by every server on one database. Not quality records: no audit trail.
extension SQLSession {
    /// Records one failed sign-in under each key, and forgets failures older than `forgetBefore`.
    public func recordSignInFailure(keys: [String], at time: Int64, forgetBefore: Int64) throws(StoreError) {
        try execute("DELETE FROM sign_in_failures WHERE failed_at < ?", forgetBefore)
        for key in keys { try execute("INSERT INTO sign_in_failures (key, failed_at) VALUES (?, ?)", key, time) }
    }

    /// The times of a key's failures since `since`, in milliseconds.
    public func signInFailures(key: String, since: Int64) throws(StoreError) -> [Int64] {
        try query("SELECT failed_at FROM sign_in_failures WHERE key = ? AND failed_at >= ?", key, since).map {
            row throws(StoreError) in try row.int("failed_at")
        }
    }

    /// Forgets a key's failures (an account's, after a successful sign-in).
    public func clearSignInFailures(key: String) throws(StoreError) {
        try execute("DELETE FROM sign_in_failures WHERE key = ?", key)
    }
}

extension StoreWriter {
    /// Writes a user's new role or active flag; the trail keeps the whole user before and after,
    /// under `action` (`user.role`, `user.deactivate`, `user.reactivate`), so that `eqms verify`
    /// replays the change.
    public func updateUser(_ user: User, action: String) throws {
        guard let before = try reader.user(user.username) else {
            throw DomainError.notFound(kind: .user, id: user.username, hint: .lookUp(.user))
        }
        try session.execute(
            "UPDATE users SET role = ?, active = ? WHERE username = ?", user.role.rawValue, user.active, user.username)
        try appendEvent(
            action: action, entity: "user:\(user.username)", before: try CanonicalJSON.encode(before),
            after: try CanonicalJSON.encode(user))
    }

    /// Revokes every token of a user, whatever its name; returns how many were still valid.
    public func revokeAllTokens(username: String) throws -> Int {
        var revoked = 0
        for name in Set(try reader.tokens(username: username).filter { !$0.revoked }.map(\.name)) {
            revoked += try revokeTokens(username: username, name: name)
        }
        return revoked
    }
}

/// An API token as an administrator sees it: its name and when it was made, never its secret.
public struct StoredToken: Sendable, Hashable {
    public var name: String
    public var createdAt: String
    public var revoked: Bool
}

extension StoreReader {
    /// A user's API tokens, oldest first.
    public func tokens(username: String) throws -> [StoredToken] {
        try session.query(
            "SELECT name, created_at, revoked FROM api_tokens WHERE username = ? ORDER BY created_at, name", username
        ).map { row in
            StoredToken(
                name: try row.string("name"), createdAt: try row.string("created_at"), revoked: try row.bool("revoked"))
        }
    }
}

extension SQLSession {
    /// Every stored web session: its key, JSON value and expiry.
    public func webSessions() throws(StoreError) -> [(key: String, value: String, expiresAt: String?)] {
        try query("SELECT key, value, expires_at FROM web_sessions ORDER BY key").map { row throws(StoreError) in
            (try row.string("key"), try row.string("value"), row.optionalString("expires_at"))
        }
    }

    /// Removes these sessions.
    public func removeWebSessions(keys: [String]) throws(StoreError) {
        for key in keys { try execute("DELETE FROM web_sessions WHERE key = ?", key) }
    }
}

/// The access events the audit trail keeps besides the records themselves (issue 26): who signed
/// in and how, who was refused, and whose sessions ended. They sit on the user's entity
/// (`user:NAME`) but are not content of the users register, which `eqms verify` replays from
/// `user.add` and the role and activity changes only.
public enum AccessAction: String, Sendable, CaseIterable {
    /// A sign-in completed: the password (or the directory's bind) and, when enrolled, a code.
    case signIn = "user.sign-in"
    /// A password or code refused.
    case signInRefused = "user.sign-in-refused"
    /// Sessions ended: signed out, or ended from a profile or by an administrator.
    case sessionEnd = "session.end"
}

/// What the trail records of one access event. The address and browser are what the session list
/// shows; no password, code or session id is ever recorded.
public struct AccessEventRecord: Encodable, Sendable, Hashable {
    public var username: String
    /// How: `password`, `totp`, `recovery-code` (sign-ins and refusals); `sign-out`, `profile`,
    /// `administrator` (session ends).
    public var method: String
    public var address: String?
    public var browser: String?
    /// How many sessions ended.
    public var sessions: Int?

    /// Creates a record; the username is cut to 200 characters, as the throttle's keys are.
    public init(username: String, method: String, address: String? = nil, browser: String? = nil, sessions: Int? = nil)
    {
        self.username = String(username.prefix(200))
        self.method = method
        self.address = address
        self.browser = browser
        self.sessions = sessions
    }
}

extension StoreWriter {
    /// Appends an access event to the trail, on the user's entity.
    public func recordAccess(_ action: AccessAction, _ record: AccessEventRecord) throws {
        try appendEvent(
            action: action.rawValue, entity: "user:\(record.username)", before: nil,
            after: try CanonicalJSON.encode(record))
    }
}
