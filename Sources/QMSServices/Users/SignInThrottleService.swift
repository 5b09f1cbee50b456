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

    /// Counts a failure against the account and the address.
    public func failed(username: String, address: String?, now: Instant? = nil) async throws {
        let now = now ?? qms.instant
        let keys = Self.keys(username: username, address: address)
        try await qms.store.write { session in
            try session.recordSignInFailure(
                keys: [keys.account, keys.address], at: now.millisecondsSince1970,
                forgetBefore: now.millisecondsSince1970 - policy.window)
        }
    }

    /// Forgets the account's failures after a successful sign-in (the address keeps its count).
    public func succeeded(username: String) async throws {
        let keys = Self.keys(username: username, address: nil)
        try await qms.store.write { session in try session.clearSignInFailures(key: keys.account) }
    }
}
