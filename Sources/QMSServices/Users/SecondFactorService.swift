import Crypto
import Foundation
import QMSCore
import QMSStore

/// Refusals of the second factor.
public enum SecondFactorError: QMSError, Equatable {
    /// The code is wrong, outside the window, or already used.
    case invalidCode
    /// The recovery code is wrong or already used.
    case invalidRecoveryCode
    /// The user has no second factor (or none pending, for a confirmation).
    case notEnrolled(username: String)
    /// The user's factor is confirmed; only an administrator's reset lets them enrol again.
    case alreadyEnrolled(username: String)

    public var code: String {
        switch self {
        case .invalidCode: return "second-factor.invalid-code"
        case .invalidRecoveryCode: return "second-factor.invalid-recovery-code"
        case .notEnrolled: return "second-factor.not-enrolled"
        case .alreadyEnrolled: return "second-factor.already-enrolled"
        }
    }

    public var arguments: [String: ErrorArgument] {
        switch self {
        case .invalidCode, .invalidRecoveryCode: return [:]
        case .notEnrolled(let username), .alreadyEnrolled(let username): return ["username": .text(username)]
        }
    }

    public var kind: ErrorKind {
        switch self {
        case .invalidCode, .invalidRecoveryCode: return .forbidden
        case .notEnrolled, .alreadyEnrolled: return .conflict
        }
    }

    public var field: Field? {
        switch self {
        case .invalidCode: return "code"
        case .invalidRecoveryCode: return "recovery_code"
        case .notEnrolled, .alreadyEnrolled: return nil
        }
    }

    public var fix: Fix? {
        switch self {
        case .invalidCode, .invalidRecoveryCode: return .advice(.freshCodeOrRecovery)
        case .notEnrolled: return nil
        case .alreadyEnrolled: return .advice(.administratorResetsFactor)
        }
    }
}

/// What a user is shown to enrol: the URL the QR code carries and the secret as text, for an
/// authenticator that cannot scan.
public struct SecondFactorEnrolment: Sendable, Hashable {
    /// The `otpauth://totp/…` URL.
    public var url: String
    /// The secret in base 32, in groups of four for reading aloud or typing.
    public var secretText: String
}

/// Where a user stands with the second factor.
public enum SecondFactorState: Sendable, Hashable {
    /// No factor: sign-in takes the password alone (until a policy requires one).
    case none
    /// Enrolment begun, no code accepted yet: the factor opens nothing.
    case pending
    /// Confirmed: sign-in takes a code or a recovery code after the password.
    case confirmed(recoveryCodesLeft: Int)
}

/// Two-factor sign-in with time-based one-time passwords (RFC 6238): enrolment, confirmation,
/// verification at sign-in with a replay guard shared by every server, recovery codes, and an
/// administrator's reset. Each step is written in the audit trail, never with the secret or a code.
public struct SecondFactorService: Sendable {
    let qms: QMS
    /// Codes: SHA-1, 6 digits, 30 s, ±1 step (what every authenticator application reads).
    public var parameters = TOTPParameters()

    /// The issuer the authenticator shows: the system and the organisation's short name.
    static func issuer(organisation: Organisation?) -> String {
        guard let short = organisation?.shortName.trimmingCharacters(in: .whitespaces), !short.isEmpty else {
            return "ElectoralQMS"
        }
        return "ElectoralQMS (\(short))"
    }

    /// The SHA-256 a recovery code is kept as: of the user and the normalised code, so that one
    /// code's hash says nothing about another user's.
    static func recoveryHash(username: String, code: String) -> String {
        Hex.encode(SHA256.hash(data: Data("\(username)\n\(code)".utf8)))
    }

    /// Where `username` stands.
    public func state(of username: String) async throws -> SecondFactorState {
        guard let factor = try await qms.store.reading({ try $0.secondFactor(username) }) else { return .none }
        return factor.confirmedAt == nil ? .pending : .confirmed(recoveryCodesLeft: factor.recoveryCodesLeft)
    }

    /// Begins (or begins again) `username`'s enrolment with a new secret. Refused when a factor is
    /// already confirmed: replacing it would let whoever holds a session bypass the factor.
    public func beginEnrolment(for username: String) async throws -> SecondFactorEnrolment {
        let secret = TOTP.randomSecret()
        let text = Base32.encode(secret)
        let algorithm = parameters.algorithm
        let organisation = try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            if let existing = try writer.reader.secondFactor(username), existing.confirmedAt != nil {
                throw SecondFactorError.alreadyEnrolled(username: username)
            }
            try writer.enrolSecondFactor(username, secret: text, algorithm: algorithm)
            return try writer.reader.organisation()
        }
        return enrolment(username: username, secret: secret, organisation: organisation)
    }

    /// The enrolment under way, shown again (after a mistyped first code, say) with the same
    /// secret, so that the authenticator already holding it need not scan again; nil when there is
    /// no pending factor.
    public func pendingEnrolment(for username: String) async throws -> SecondFactorEnrolment? {
        let (factor, organisation) = try await qms.store.reading { reader in
            (try reader.secondFactor(username), try reader.organisation())
        }
        guard let factor, factor.confirmedAt == nil, let secret = Base32.decode(factor.secret) else { return nil }
        return enrolment(username: username, secret: secret, organisation: organisation)
    }

    private func enrolment(username: String, secret: [UInt8], organisation: Organisation?) -> SecondFactorEnrolment {
        let text = Base32.encode(secret)
        let url = AuthenticatorURL.make(
            issuer: Self.issuer(organisation: organisation), account: username, secret: secret, parameters: parameters)
        let grouped = stride(from: 0, to: text.count, by: 4).map { start in
            String(text.dropFirst(start).prefix(4))
        }
        return SecondFactorEnrolment(url: url, secretText: grouped.joined(separator: " "))
    }

    /// Confirms a pending enrolment with the first code the authenticator shows; returns the ten
    /// recovery codes, which are shown once and kept only as hashes.
    public func confirmEnrolment(for username: String, code: String) async throws -> [String] {
        guard let factor = try await qms.store.reading({ try $0.secondFactor(username) }), factor.confirmedAt == nil
        else { throw SecondFactorError.notEnrolled(username: username) }
        guard let step = totp(factor).verify(code, at: seconds, lastAcceptedStep: factor.lastStep) else {
            try await refuse(username, reason: "wrong-code")
            throw SecondFactorError.invalidCode
        }
        let codes = (0..<RecoveryCode.count).map { _ in RecoveryCode.format(randomBytes: TOTP.randomSecret(count: 10)) }
        let hashes = codes.compactMap { code in
            RecoveryCode.normalised(code).map { Self.recoveryHash(username: username, code: $0) }
        }
        let confirmed = try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            try writer.confirmSecondFactor(username, step: step, recoveryHashes: hashes)
        }
        guard confirmed else {
            try await refuse(username, reason: "replayed-code")
            throw SecondFactorError.invalidCode
        }
        return codes
    }

    /// Checks a code at sign-in. The step it belongs to becomes the last accepted one by
    /// compare-and-set in the database, so the same code is refused afterwards on every server.
    public func verify(for username: String, code: String) async throws {
        guard let factor = try await qms.store.reading({ try $0.secondFactor(username) }), factor.confirmedAt != nil
        else { throw SecondFactorError.notEnrolled(username: username) }
        let totp = totp(factor)
        guard let step = totp.verify(code, at: seconds, lastAcceptedStep: factor.lastStep) else {
            // Whether the code was right but already used is told apart in the trail only: the
            // person signing in sees one refusal, which gives a guesser nothing.
            let replayed = totp.verify(code, at: seconds, lastAcceptedStep: nil) != nil
            try await refuse(username, reason: replayed ? "replayed-code" : "wrong-code")
            throw SecondFactorError.invalidCode
        }
        let accepted = try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            try writer.acceptSecondFactorStep(username, step: step)
        }
        guard accepted else {
            // Another request (on this server or another) accepted this step or a later one first.
            try await refuse(username, reason: "replayed-code")
            throw SecondFactorError.invalidCode
        }
    }

    /// Spends one recovery code in place of a code at sign-in; returns how many are left.
    public func useRecoveryCode(for username: String, code: String) async throws -> Int {
        guard let factor = try await qms.store.reading({ try $0.secondFactor(username) }), factor.confirmedAt != nil
        else { throw SecondFactorError.notEnrolled(username: username) }
        guard let normalised = RecoveryCode.normalised(code) else {
            try await refuse(username, reason: "wrong-recovery-code")
            throw SecondFactorError.invalidRecoveryCode
        }
        let hash = Self.recoveryHash(username: username, code: normalised)
        let left = try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            try writer.consumeRecoveryCode(username, sha256: hash)
        }
        guard let left else {
            try await refuse(username, reason: "wrong-recovery-code")
            throw SecondFactorError.invalidRecoveryCode
        }
        return left
    }

    /// An administrator's reset: the user's factor and recovery codes are removed, and the user
    /// enrols again. Returns false when the user had no factor.
    @discardableResult
    public func reset(for username: String) async throws -> Bool {
        try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            guard try writer.reader.user(username) != nil else {
                throw DomainError.notFound(kind: .user, id: username, hint: .lookUp(.user))
            }
            return try writer.resetSecondFactor(username)
        }
    }

    private var seconds: Int64 { Int64(qms.now().timeIntervalSince1970.rounded(.down)) }

    private func totp(_ factor: StoredSecondFactor) -> TOTP {
        var parameters = parameters
        parameters.algorithm = factor.algorithm
        return TOTP(secret: Base32.decode(factor.secret) ?? [], parameters: parameters)
    }

    private func refuse(_ username: String, reason: String) async throws {
        try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            try writer.recordSecondFactorRefusal(username, reason: reason)
        }
    }
}
