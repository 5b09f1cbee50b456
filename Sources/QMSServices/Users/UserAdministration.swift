import Crypto
import Foundation
import QMSCore
import QMSStore

/// Refusals of user administration that protect the system from locking itself out.
public enum UserAdministrationError: QMSError, Equatable {
    /// The change would leave no active administrator.
    case lastAdministrator(String)
    /// An administrator tried to deactivate their own account.
    case selfDeactivation
    /// An administrator tried to give up their own administrator role.
    case selfDemotion
    /// The user has no valid API token of that name.
    case noSuchToken(username: String, name: String)
    /// The session is not (or no longer) one of the user's.
    case noSuchSession(username: String)

    public var code: String {
        switch self {
        case .lastAdministrator: return "user-administration.last-administrator"
        case .selfDeactivation: return "user-administration.self-deactivation"
        case .selfDemotion: return "user-administration.self-demotion"
        case .noSuchToken: return "user-administration.no-such-token"
        case .noSuchSession: return "user-administration.no-such-session"
        }
    }

    public var arguments: [String: ErrorArgument] {
        switch self {
        case .lastAdministrator(let username): return ["username": .text(username)]
        case .selfDeactivation, .selfDemotion: return [:]
        case .noSuchToken(let username, let name): return ["username": .text(username), "name": .text(name)]
        case .noSuchSession(let username): return ["username": .text(username)]
        }
    }

    public var kind: ErrorKind {
        switch self {
        case .lastAdministrator, .selfDeactivation, .selfDemotion: return .conflict
        case .noSuchToken, .noSuchSession: return .notFound
        }
    }

    public var field: Field? {
        switch self {
        case .lastAdministrator, .selfDemotion: return "role"
        case .selfDeactivation: return nil
        case .noSuchToken: return "name"
        case .noSuchSession: return "session"
        }
    }

    public var fix: Fix? {
        switch self {
        case .lastAdministrator: return .advice(.anotherAdministrator)
        case .selfDeactivation, .selfDemotion: return .someoneElse
        case .noSuchToken, .noSuchSession: return nil
        }
    }
}

/// An API token as an administrator sees it: its name, when it was made and whether it still
/// opens anything. The secret is never kept, so it cannot be shown.
public struct UserToken: Sendable, Hashable, Codable {
    public var name: String
    public var createdAt: String
    public var revoked: Bool
}

/// A user's web session as the user and an administrator see it: an identifier derived from the
/// session's key (the key is the cookie's secret and is never shown), when it expires, and what
/// the web application recorded of it at sign-in and since (absent in older sessions).
public struct UserSession: Sendable, Hashable, Codable {
    /// The first 16 hexadecimal digits of the SHA-256 of the session's key.
    public var id: String
    public var expiresAt: Instant?
    /// When the user signed in.
    public var startedAt: Instant?
    /// When the session was last recorded as used.
    public var lastSeenAt: Instant?
    /// The client's address at sign-in.
    public var address: String?
    /// The browser family, from the User-Agent at sign-in.
    public var browser: String?
    /// The operating system family, from the User-Agent at sign-in.
    public var system: String?
}

extension UserService {
    /// Gives a user another role. An administrator cannot take the role from themself, nor from
    /// the last active administrator.
    @discardableResult
    public func changeRole(_ username: String, to role: Role) async throws -> User {
        let actor = qms.actor
        let user = try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            var user = try Self.existing(username, writer.reader)
            guard user.role != role else { return user }
            if user.role == .admin {
                guard username != actor else { throw UserAdministrationError.selfDemotion }
                try Self.checkNotLastAdministrator(user, writer.reader)
            }
            user.role = role
            try writer.updateUser(user, action: "user.role")
            return user
        }
        qms.logger.info("user role changed", metadata: ["user": "\(username)", "role": "\(role.rawValue)"])
        return user
    }

    /// Stops a user from signing in: their web sessions end and their API tokens are revoked in the
    /// same transaction. Nobody deactivates themself or the last active administrator.
    @discardableResult
    public func deactivate(_ username: String) async throws -> User {
        let actor = qms.actor
        let user = try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            var user = try Self.existing(username, writer.reader)
            guard username != actor else { throw UserAdministrationError.selfDeactivation }
            guard user.active else { return user }
            if user.role == .admin { try Self.checkNotLastAdministrator(user, writer.reader) }
            user.active = false
            try writer.updateUser(user, action: "user.deactivate")
            _ = try writer.revokeAllTokens(username: username)
            try writer.session.removeWebSessions(
                keys: try WebSessionService.sessions(of: username, in: writer.session).map(\.key))
            return user
        }
        qms.logger.info("user deactivated", metadata: ["user": "\(username)"])
        return user
    }

    /// Lets a deactivated user sign in again (with their password; revoked tokens stay revoked).
    @discardableResult
    public func reactivate(_ username: String) async throws -> User {
        try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            var user = try Self.existing(username, writer.reader)
            guard !user.active else { return user }
            user.active = true
            try writer.updateUser(user, action: "user.reactivate")
            return user
        }
    }

    /// One user, or a not-found error.
    public func show(_ username: String) async throws -> User {
        try await qms.store.reading { reader in try Self.existing(username, reader) }
    }

    static func existing(_ username: String, _ reader: StoreReader) throws -> User {
        guard let user = try reader.user(username) else {
            throw DomainError.notFound(kind: .user, id: username, hint: .lookUp(.user))
        }
        return user
    }

    static func checkNotLastAdministrator(_ user: User, _ reader: StoreReader) throws {
        let others = try reader.users().filter { $0.role == .admin && $0.active && $0.username != user.username }
        guard !others.isEmpty else { throw UserAdministrationError.lastAdministrator(user.username) }
    }
}

extension AccessService {
    /// Sets a new password for a user: the one given (which must meet the password rule), or one
    /// generated here. Returns the password set, for the administrator to pass on once.
    @discardableResult
    public func resetPassword(for username: String, to password: String?) async throws -> String {
        _ = try await qms.users.show(username)
        let secret = password ?? Self.generatedPassword()
        try await setPassword(secret, for: username)
        return secret
    }

    /// A user's API tokens, oldest first.
    public func tokens(of username: String) async throws -> [UserToken] {
        try await qms.store.reading { reader in
            _ = try UserService.existing(username, reader)
            return try reader.tokens(username: username).map {
                UserToken(name: $0.name, createdAt: $0.createdAt, revoked: $0.revoked)
            }
        }
    }

    /// Revokes a user's valid tokens of this name; refused when there is none.
    @discardableResult
    public func revokeToken(of username: String, name: String) async throws -> Int {
        try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            _ = try UserService.existing(username, writer.reader)
            let count = try writer.revokeTokens(username: username, name: name)
            guard count > 0 else { throw UserAdministrationError.noSuchToken(username: username, name: name) }
            return count
        }
    }

    /// 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I): about 90 bits.
    static func generatedPassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}

extension WebSessionService {
    /// A user's unexpired web sessions, soonest to expire first.
    public func sessions(of username: String) async throws -> [UserSession] {
        let now = Instant(secondsSince1970: qms.now().timeIntervalSince1970)
        let found = try await qms.store.read { session in try Self.sessions(of: username, in: session) }
        return found.compactMap { entry -> UserSession? in
            let expiry = entry.expiresAt.flatMap { try? Instant(parsing: $0) }
            if let expiry, expiry <= now { return nil }
            let fields = entry.fields
            return UserSession(
                id: Self.identifier(entry.key), expiresAt: expiry, startedAt: fields.startedAt,
                lastSeenAt: fields.lastSeenAt, address: fields.address, browser: fields.browser, system: fields.system)
        }.sorted { ($0.expiresAt?.description ?? "~") < ($1.expiresAt?.description ?? "~") }
    }

    /// Ends every session of a user but the one identified by `kept` (the one asking, from the
    /// user's own profile); returns how many ended.
    @discardableResult
    public func endAll(of username: String, except kept: String) async throws -> Int {
        try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            let keys = try Self.sessions(of: username, in: writer.session).map(\.key).filter {
                Self.identifier($0) != kept
            }
            try writer.session.removeWebSessions(keys: keys)
            try Self.recordEnd(of: username, count: keys.count, by: qms.actor, in: writer)
            return keys.count
        }
    }

    /// The identifier ``sessions(of:)`` gives the session stored under `key`.
    public static func identifier(key: String) -> String { identifier(key) }

    /// Ends one of a user's sessions, by the identifier ``sessions(of:)`` gave. The user is asked
    /// to sign in again; the trail records the end (`session.end`) and who ended it.
    public func end(_ id: String, of username: String) async throws {
        try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            let keys = try Self.sessions(of: username, in: writer.session).map(\.key).filter {
                Self.identifier($0) == id
            }
            guard !keys.isEmpty else { throw UserAdministrationError.noSuchSession(username: username) }
            try writer.session.removeWebSessions(keys: keys)
            try Self.recordEnd(of: username, count: keys.count, by: qms.actor, in: writer)
        }
    }

    /// Ends every session of a user; returns how many there were.
    @discardableResult
    public func endAll(of username: String) async throws -> Int {
        try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            let keys = try Self.sessions(of: username, in: writer.session).map(\.key)
            try writer.session.removeWebSessions(keys: keys)
            try Self.recordEnd(of: username, count: keys.count, by: qms.actor, in: writer)
            return keys.count
        }
    }

    /// Records a session ended elsewhere (a sign-out, which the web's session middleware removes).
    public func recordEnd(
        of username: String, method: String, count: Int, address: String? = nil, browser: String? = nil
    ) async throws {
        try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            try writer.recordAccess(
                .sessionEnd,
                AccessEventRecord(
                    username: username, method: method, address: address, browser: browser, sessions: count))
        }
    }

    /// The trail's `session.end`: by the user themselves from their profile, or by an administrator.
    static func recordEnd(of username: String, count: Int, by actor: String, in writer: StoreWriter) throws {
        guard count > 0 else { return }
        try writer.recordAccess(
            .sessionEnd,
            AccessEventRecord(
                username: username, method: actor == username ? "profile" : "administrator", sessions: count))
    }

    /// The stored sessions whose JSON value names `username` (the web application's `WebSession`).
    static func sessions(of username: String, in session: any SQLSession) throws
        -> [(key: String, expiresAt: String?, fields: SessionFields)]
    {
        try session.webSessions().compactMap { entry in
            let data = Data(entry.value.utf8)
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                object["username"] as? String == username
            else { return nil }
            // What the web recorded; a session with none of it (or unreadable) is still the user's.
            let fields = (try? JSONDecoder().decode(SessionFields.self, from: data)) ?? SessionFields()
            return (entry.key, entry.expiresAt, fields)
        }
    }

    /// What the web application records in a session besides who it is for.
    struct SessionFields: Decodable, Sendable {
        var startedAt: Instant?
        var lastSeenAt: Instant?
        var address: String?
        var browser: String?
        var system: String?
    }

    static func identifier(_ key: String) -> String {
        String(Hex.encode(SHA256.hash(data: Data(key.utf8))).prefix(16))
    }
}
