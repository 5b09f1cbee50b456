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
    /// An engagement account before its engagement's first day.
    case engagementNotOpen(opensOn: CalendarDate)
    /// An engagement account whose engagements have all ended.
    case engagementEnded

    public var code: String {
        switch self {
        case .invalidCredentials: return "access.invalid-credentials"
        case .throttled: return "access.throttled"
        case .engagementNotOpen: return "access.engagement-not-open"
        case .engagementEnded: return "access.engagement-ended"
        }
    }

    public var arguments: [String: ErrorArgument] {
        switch self {
        case .invalidCredentials: return [:]
        case .throttled(let seconds): return ["minutes": .number(seconds / 60 + 1)]
        case .engagementNotOpen(let day): return ["day": .text(day.description)]
        case .engagementEnded: return [:]
        }
    }

    public var kind: ErrorKind {
        switch self {
        case .invalidCredentials, .throttled, .engagementNotOpen, .engagementEnded: return .forbidden
        }
    }

    public var field: Field? { self == .invalidCredentials ? "password" : nil }

    public var fix: Fix? {
        switch self {
        case .invalidCredentials: return .advice(.checkCredentials)
        case .throttled: return .advice(.waitOrAsk)
        case .engagementNotOpen, .engagementEnded: return .advice(.askEngagingOrganisation)
        }
    }
}

/// Passwords, sign-in and API tokens.
public struct AccessService: Sendable {
    let qms: QMS
    /// bcrypt cost: about 60 ms a hash on the reference machine, slow enough to resist guessing.
    static let cost: UInt8 = 10

    /// Sets a user's password once it meets ``PasswordRules``: every path that sets one (the
    /// command line, the web's user administration, the demo's seeding) comes through here. The
    /// password is normalised (NFKC) before it is checked and hashed, so that the same characters
    /// typed on another keyboard open the account.
    public func setPassword(_ password: String, for username: String) async throws {
        let normalised = try await checkPassword(password, for: username)
        let hash = Self.hash(normalised: normalised)
        try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            try writer.setPasswordHash(hash, for: username)
        }
    }

    /// Checks a password against ``PasswordRules`` for `username` (whose account need not exist
    /// yet) without setting it; returns it normalised.
    @discardableResult
    public func checkPassword(_ password: String, for username: String) async throws -> String {
        let normalised = Self.normalised(password)
        let organisation = try await qms.store.reading { reader in try reader.organisation() }
        var names: [String] = []
        if let organisation {
            names = [organisation.name.en, organisation.name.ar, organisation.name.fr, organisation.name.es]
                .compactMap { $0 }
            names.append(organisation.shortName)
        }
        let words = PasswordRules.contextWords(username: username, organisationNames: names.map(Self.normalised))
        try Self.rules.check(normalised, contextWords: words)
        return normalised
    }

    /// The rules over the common passwords shipped with the project (`Resources/Passwords`).
    static let rules = PasswordRules(blocklist: commonPasswords)

    /// The common passwords, read once. A build without the file has an empty list, which a test
    /// catches (`PasswordRulesTests`): the rules are never silently weaker in a release.
    static let commonPasswords: [String] = {
        guard
            let url = Bundle.module.url(
                forResource: "common-passwords", withExtension: "txt", subdirectory: "Passwords"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return [] }
        return text.split(whereSeparator: \.isNewline).map(String.init)
    }()

    /// How many common passwords the rules refuse (the blocklist's size, for tests and `eqms doctor`).
    public static var blocklistSize: Int { rules.blocklist.count }

    /// A password in Unicode's compatibility composition (NFKC), as NIST SP 800-63B asks before
    /// hashing: a full-width digit or a ligature typed on one keyboard is the character of another.
    static func normalised(_ password: String) -> String { password.precomposedStringWithCompatibilityMapping }

    /// What marks a hash of the normalised password's SHA-256 (see ``hash(normalised:)``).
    static let schemePrefix = "nfkc-sha256:"

    /// The stored hash of a normalised password: bcrypt of the base64 of its SHA-256, marked by
    /// ``schemePrefix``. bcrypt reads at most 72 bytes, which is 36 Arabic letters: hashing first
    /// makes every character of a 128-character password count, and base64 keeps NUL bytes out.
    static func hash(normalised: String) -> String {
        schemePrefix + Bcrypt.hash(prehash(normalised), cost: cost)
    }

    /// A hash as passwords were stored before ``PasswordRules``: bcrypt of the text as typed (the
    /// tests make one to show such passwords keep working).
    static func hashAsBeforeTheRules(_ password: String) -> String { Bcrypt.hash(password, cost: cost) }

    static func prehash(_ normalised: String) -> String {
        Data(SHA256.hash(data: Data(normalised.utf8))).base64EncodedString()
    }

    /// Whether `password` opens `stored`: a hash of this scheme is compared with the normalised
    /// password; an older hash (set before the rules) with the password as typed, so that
    /// existing passwords keep working.
    static func verify(_ password: String, against stored: String) -> Bool {
        if stored.hasPrefix(schemePrefix) {
            return Bcrypt.verify(prehash(normalised(password)), hash: String(stored.dropFirst(schemePrefix.count)))
        }
        return Bcrypt.verify(password, hash: stored)
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
        let valid = Self.verify(password, against: stored)
        guard valid, let user, user.active, hash != nil else { throw AccessError.invalidCredentials }
        // Only once the password is right: an engagement's dates are not told to whoever guesses.
        try await qms.engagements.checkSignIn(user)
        return user
    }

    /// A new secret: `prefix` and 256 random bits in hex, for a credential kept only as its digest.
    static func secret(prefix: String) -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + Hex.encode(bytes)
    }

    /// Creates an API token for a user and returns its secret, which is shown once and stored only as a hash.
    public func createToken(for username: String, name: String) async throws -> String {
        let secret = Self.secret(prefix: "eqms_")
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
    static let decoyHash = hash(normalised: UUID().uuidString)
}
