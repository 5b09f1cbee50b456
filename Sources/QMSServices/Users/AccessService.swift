import Crypto
import Foundation
import HummingbirdBcrypt
import QMSCore
import QMSStore

/// Errors of signing in.
public enum AccessError: QMSError, Equatable {
    /// The username or password is wrong (which one is not said).
    case invalidCredentials
    /// Too many failed attempts; wait before trying again.
    case throttled(seconds: Int)
    /// The password does not meet the rules.
    case weakPassword(String)

    public var code: String {
        switch self {
        case .invalidCredentials: return "access.invalid-credentials"
        case .throttled: return "access.throttled"
        case .weakPassword: return "access.weak-password"
        }
    }

    public var arguments: [String: ErrorArgument] {
        switch self {
        case .invalidCredentials: return [:]
        case .throttled(let seconds): return ["minutes": .number(seconds / 60 + 1)]
        case .weakPassword(let reason): return ["reason": "\(reason)"]
        }
    }

    public var kind: ErrorKind {
        switch self {
        case .invalidCredentials, .throttled: return .forbidden
        case .weakPassword: return .invalid
        }
    }

    public var field: Field? { self == .invalidCredentials ? "password" : nil }

    public var fix: Fix? {
        switch self {
        case .invalidCredentials: return .advice(.checkCredentials)
        case .throttled: return .advice(.waitOrAsk)
        case .weakPassword: return .advice(.strongerPassword)
        }
    }
}

/// Passwords, sign-in and API tokens.
public struct AccessService: Sendable {
    let qms: QMS
    /// bcrypt cost: about 60 ms a hash on the reference machine, slow enough to resist guessing.
    static let cost: UInt8 = 10

    /// Sets a user's password, checking that it is not trivially weak.
    public func setPassword(_ password: String, for username: String) async throws {
        guard password.count >= 10 else { throw AccessError.weakPassword("fewer than 10 characters") }
        guard password.lowercased() != username.lowercased() else {
            throw AccessError.weakPassword("it is the username")
        }
        let hash = Bcrypt.hash(password, cost: AccessService.cost)
        try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            try writer.setPasswordHash(hash, for: username)
        }
    }

    /// Keeps the language `username` reads the pages in, so that it follows them.
    public func setLanguage(_ language: Language, for username: String) async throws {
        try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            try writer.setLanguage(language, for: username)
        }
    }

    /// Keeps the time zone `username` reads times in; `nil` follows the organisation's.
    public func setTimeZone(_ zone: String?, for username: String) async throws {
        let zone = try TimeZones.checked(zone)
        try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            try writer.setTimeZone(zone, for: username)
        }
    }

    /// The active user with these credentials.
    public func authenticate(username: String, password: String) async throws -> User {
        let (user, hash) = try await qms.store.reading { reader in
            (try reader.user(username), try reader.passwordHash(for: username))
        }
        // Hash even when the user is unknown, so that timing does not tell which usernames exist.
        let stored = hash ?? AccessService.decoyHash
        let valid = Bcrypt.verify(password, hash: stored)
        guard valid, let user, user.active, hash != nil else { throw AccessError.invalidCredentials }
        return user
    }

    /// Creates an API token for a user and returns its secret, which is shown once and stored only as a hash.
    public func createToken(for username: String, name: String) async throws -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = UInt8.random(in: .min ... .max, using: &generator) }
        let secret = "eqms_" + Hex.encode(bytes)
        let digest = AccessService.digest(secret)
        try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            try writer.createToken(sha256: digest, username: username, name: name)
        }
        return secret
    }

    /// The active user a token belongs to, if the token is valid.
    public func user(forToken secret: String) async throws -> User? {
        let digest = AccessService.digest(secret)
        let token = try await qms.store.changeToken()
        if let user = qms.cache.tokens.value(for: digest, token: token) { return user }
        let found = try await qms.store.reading { reader -> User? in
            guard let username = try reader.tokenOwner(sha256: digest), let user = try reader.user(username),
                user.active
            else { return nil }
            return user
        }
        if let found { qms.cache.tokens.keep(found, for: digest, token: token) }
        return found
    }

    /// A user by name.
    public func user(_ username: String) async throws -> User? {
        // Asked on every signed-in request: read once per state of the database.
        let token = try await qms.store.changeToken()
        if let user = qms.cache.users.value(for: username, token: token) { return user }
        let found = try await qms.store.reading { try $0.user(username) }
        if let found { qms.cache.users.keep(found, for: username, token: token) }
        return found
    }

    static func digest(_ secret: String) -> String { Hex.encode(SHA256.hash(data: Data(secret.utf8))) }

    /// A valid bcrypt hash of a random secret, compared against when the user does not exist.
    static let decoyHash = Bcrypt.hash(UUID().uuidString, cost: cost)
}
