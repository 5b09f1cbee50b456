import Foundation
import QMSCore
import QMSStore

/// Failed sign-ins counted in the database, per account and per network address, so that every
/// server on one database counts them together and a restart forgets none.
public struct SignInThrottleService: Sendable {
    let qms: QMS
    /// The policy; the defaults suit a commission's offices.
    public var policy = SignInThrottle()

    static func keys(username: String, address: String?) -> (account: String, address: String) {
        ("user:" + username.prefix(200), "address:" + (address ?? "unknown").prefix(200))
    }

    /// Seconds before this account may try again from this address, or nil when it may now.
    public func wait(username: String, address: String?, now: Instant? = nil) async throws -> Int? {
        let now = now ?? qms.instant
        let keys = Self.keys(username: username, address: address)
        let since = now.millisecondsSince1970 - policy.window
        let (account, place) = try await qms.store.read { session in
            (
                try session.signInFailures(key: keys.account, since: since),
                try session.signInFailures(key: keys.address, since: since)
            )
        }
        let waits = [
            policy.accountWait(failures: account.map(Instant.init(millisecondsSince1970:)), now: now),
            policy.addressWait(failures: place.map(Instant.init(millisecondsSince1970:)), now: now),
        ].compactMap { $0 }
        guard let longest = waits.max() else { return nil }
        return Int((longest + 999) / 1000)
    }

    /// Counts a failure against the account and the address, and records the refusal in the audit
    /// trail (`user.sign-in-refused`, by `method`: `password` or a code) in the same transaction.
    public func failed(
        username: String, address: String?, method: String = "password", browser: String? = nil, now: Instant? = nil
    ) async throws {
        let now = now ?? qms.instant
        let keys = Self.keys(username: username, address: address)
        let record = AccessEventRecord(username: username, method: method, address: address, browser: browser)
        // Nobody is signed in yet: the trail names the attempt, not a person.
        try await qms.store.writing(
            actor: Self.unauthenticated, at: Date(timeIntervalSince1970: now.secondsSince1970)
        ) { writer in
            try writer.session.recordSignInFailure(
                keys: [keys.account, keys.address], at: now.millisecondsSince1970,
                forgetBefore: now.millisecondsSince1970 - policy.window)
            try writer.recordAccess(.signInRefused, record)
        }
    }

    /// Forgets the account's failures after a successful sign-in (the address keeps its count),
    /// and records the sign-in in the audit trail (`user.sign-in`), in the same transaction.
    public func succeeded(
        username: String, method: String = "password", address: String? = nil, browser: String? = nil
    ) async throws {
        let keys = Self.keys(username: username, address: nil)
        let record = AccessEventRecord(username: username, method: method, address: address, browser: browser)
        try await qms.store.writing(actor: username, at: qms.now()) { writer in
            try writer.session.clearSignInFailures(key: keys.account)
            try writer.recordAccess(.signIn, record)
        }
    }

    /// The trail's actor of a refused sign-in.
    public static let unauthenticated = "unauthenticated"
}
