import Crypto
import Foundation
import QMSCore

/// A user's second factor as the database holds it.
public struct StoredSecondFactor: Sendable, Hashable {
    public var username: String
    /// The shared secret in base 32 (RFC 4648), as the authenticator was given it.
    public var secret: String
    public var algorithm: OTPAlgorithm
    public var enrolledAt: String
    /// When the first code was accepted; until then the factor is pending and opens nothing.
    public var confirmedAt: String?
    /// The last time step a code was accepted for; −1 before any.
    public var lastStep: Int64
    /// Recovery codes not yet used.
    public var recoveryCodesLeft: Int
}

/// What the audit trail records of a second factor: never the secret nor a code, only their
/// SHA-256, so that `eqms verify` names a secret or a recovery code put in behind the
/// application's back (someone giving themselves a factor they hold). The secret is 160 random
/// bits and the codes 80 each: their digests give nothing to search offline.
public struct SecondFactorRecord: Encodable {
    public var username: String
    public var algorithm: String
    public var secretSHA256: String
    public var enrolledAt: String
    public var confirmedAt: String?
    /// The SHA-256 of the sorted hashes of every recovery code issued (used or not); nil before
    /// confirmation, when there are none.
    public var recoveryCodesSHA256: String?

    /// The record of a factor and its recovery codes' hashes.
    public init(
        username: String, algorithm: String, secret: String, enrolledAt: String, confirmedAt: String?,
        recoveryHashes: [String]
    ) {
        self.username = username
        self.algorithm = algorithm
        self.secretSHA256 = Hex.encode(SHA256.hash(data: Data(secret.utf8)))
        self.enrolledAt = enrolledAt
        self.confirmedAt = confirmedAt
        self.recoveryCodesSHA256 =
            recoveryHashes.isEmpty
            ? nil : Hex.encode(SHA256.hash(data: Data(recoveryHashes.sorted().joined(separator: "\n").utf8)))
    }

    /// Its canonical JSON, as the trail holds it.
    public var canonicalJSON: String {
        get throws { try CanonicalJSON.encode(self) }
    }

    /// The entity the trail names a user's factor by.
    public static func entity(_ username: String) -> String { "second-factor:\(username)" }
}

extension StoreReader {
    /// A user's second factor, pending or confirmed.
    public func secondFactor(_ username: String) throws -> StoredSecondFactor? {
        guard
            let row = try session.queryFirst(
                "SELECT username, secret, algorithm, enrolled_at, confirmed_at, last_step FROM second_factors "
                    + "WHERE username = ?", username)
        else { return nil }
        let left =
            try session.scalarInt(
                "SELECT COUNT(*) AS value FROM recovery_codes WHERE username = ? AND used_at IS NULL", username) ?? 0
        let algorithmName = try row.string("algorithm")
        guard let algorithm = OTPAlgorithm(rawValue: algorithmName) else {
            throw StoreError.database("second_factors.algorithm holds \(algorithmName)")
        }
        return StoredSecondFactor(
            username: try row.string("username"), secret: try row.string("secret"), algorithm: algorithm,
            enrolledAt: try row.string("enrolled_at"), confirmedAt: row.optionalString("confirmed_at"),
            lastStep: try row.int("last_step"), recoveryCodesLeft: Int(left))
    }

    /// The hashes of every recovery code issued to a user, used or not.
    func recoveryHashes(_ username: String) throws -> [String] {
        try session.query("SELECT code_sha256 FROM recovery_codes WHERE username = ?", username).map {
            try $0.string("code_sha256")
        }
    }

    /// The trail's record of a user's factor as the database holds it now.
    func secondFactorRecord(_ username: String) throws -> SecondFactorRecord? {
        guard let factor = try secondFactor(username) else { return nil }
        return SecondFactorRecord(
            username: factor.username, algorithm: factor.algorithm.rawValue, secret: factor.secret,
            enrolledAt: factor.enrolledAt, confirmedAt: factor.confirmedAt,
            recoveryHashes: try recoveryHashes(username))
    }
}

extension StoreWriter {
    /// Starts (or starts again) a user's enrolment with a new secret; the factor is pending until
    /// ``confirmSecondFactor(_:step:recoveryHashes:)``. A confirmed factor is replaced only by
    /// ``resetSecondFactor(_:)`` first, so the caller refuses that case.
    public func enrolSecondFactor(_ username: String, secret: String, algorithm: OTPAlgorithm) throws {
        guard try reader.user(username) != nil else {
            throw DomainError.notFound(kind: .user, id: username, hint: .lookUp(.user))
        }
        try session.execute("DELETE FROM recovery_codes WHERE username = ?", username)
        try session.execute("DELETE FROM second_factors WHERE username = ?", username)
        try session.execute(
            "INSERT INTO second_factors (username, secret, algorithm, enrolled_at, confirmed_at, last_step) "
                + "VALUES (?, ?, ?, ?, NULL, -1)", username, secret, algorithm.rawValue, instant.description)
        try appendEvent(
            action: "factor.enrol", entity: SecondFactorRecord.entity(username), before: nil,
            after: try reader.secondFactorRecord(username)?.canonicalJSON)
    }

    /// Confirms a pending factor with the step of its first accepted code, and keeps the hashes of
    /// its recovery codes. False when the factor is not pending any more or the step is not later
    /// than the last accepted one (another request got there first).
    public func confirmSecondFactor(_ username: String, step: Int64, recoveryHashes: [String]) throws -> Bool {
        let before = try reader.secondFactorRecord(username)
        let changed = try session.query(
            "UPDATE second_factors SET confirmed_at = ?, last_step = ? "
                + "WHERE username = ? AND confirmed_at IS NULL AND last_step < ? RETURNING username",
            instant.description, step, username, step)
        guard !changed.isEmpty else { return false }
        try session.insertRows(
            into: "recovery_codes", columns: ["username", "code_sha256", "used_at"],
            rows: recoveryHashes.map { [.text(username), .text($0), .null] })
        try appendEvent(
            action: "factor.confirm", entity: SecondFactorRecord.entity(username),
            before: try before?.canonicalJSON, after: try reader.secondFactorRecord(username)?.canonicalJSON)
        return true
    }

    /// Records a code's step as the last accepted one, by compare-and-set: true only when it is
    /// later than the one stored, so of two servers given the same code one alone succeeds.
    public func acceptSecondFactorStep(_ username: String, step: Int64) throws -> Bool {
        let changed = try session.query(
            "UPDATE second_factors SET last_step = ? "
                + "WHERE username = ? AND confirmed_at IS NOT NULL AND last_step < ? RETURNING username",
            step, username, step)
        guard !changed.isEmpty else { return false }
        try appendEvent(
            action: "factor.verify", entity: SecondFactorRecord.entity(username), before: nil,
            after: try CanonicalJSON.encode(["username": username, "step": String(step)]))
        return true
    }

    /// Spends a recovery code by the hash of user and code; returns how many are left, or nil when
    /// no unused code has that hash (wrong, or spent already, here or on another server).
    public func consumeRecoveryCode(_ username: String, sha256: String) throws -> Int? {
        let changed = try session.query(
            "UPDATE recovery_codes SET used_at = ? "
                + "WHERE username = ? AND code_sha256 = ? AND used_at IS NULL RETURNING username",
            instant.description, username, sha256)
        guard !changed.isEmpty else { return nil }
        let left =
            try session.scalarInt(
                "SELECT COUNT(*) AS value FROM recovery_codes WHERE username = ? AND used_at IS NULL", username) ?? 0
        try appendEvent(
            action: "factor.recovery", entity: SecondFactorRecord.entity(username), before: nil,
            after: try CanonicalJSON.encode(["username": username, "left": String(left)]))
        return Int(left)
    }

    /// Removes a user's factor and recovery codes, so that the next sign-in enrols again (an
    /// administrator's reset when a telephone is lost). False when there was none.
    public func resetSecondFactor(_ username: String) throws -> Bool {
        guard let before = try reader.secondFactorRecord(username) else { return false }
        try session.execute("DELETE FROM recovery_codes WHERE username = ?", username)
        try session.execute("DELETE FROM second_factors WHERE username = ?", username)
        // A required factor's grace period starts again: the user re-enrols within it.
        try session.execute("DELETE FROM factor_grace WHERE username = ?", username)
        try appendEvent(
            action: "factor.reset", entity: SecondFactorRecord.entity(username), before: try before.canonicalJSON,
            after: nil)
        return true
    }

    /// Records a refused code (wrong, or replayed) in the trail: the reason, never the code.
    public func recordSecondFactorRefusal(_ username: String, reason: String) throws {
        try appendEvent(
            action: "factor.refuse", entity: SecondFactorRecord.entity(username), before: nil,
            after: try CanonicalJSON.encode(["username": username, "reason": reason]))
    }
}
