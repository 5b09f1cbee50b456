/// How failed sign-ins slow down password guessing without locking people out.
///
/// Per account, the first few failures are free; after them each attempt must wait twice as long
/// as the one before, up to a ceiling, so a guesser gets a handful of tries an hour while the
/// owner who mistypes waits seconds. Per network address the limit is far higher: a field office
/// behind one address, or every user behind a reverse proxy, shares it.
public struct SignInThrottle: Sendable, Hashable {
    /// How far back failures count, in milliseconds.
    public var window: Int64
    /// Failures of one account before the delays begin.
    public var freeAttempts: Int
    /// The first delay, in milliseconds; each further failure doubles it.
    public var firstDelay: Int64
    /// The longest delay, in milliseconds.
    public var longestDelay: Int64
    /// Failures from one address within the window before that address must wait.
    public var addressLimit: Int

    /// The defaults: 15 minutes, 3 free failures, then 5 s, 10 s, 20 s … up to 15 minutes; 100
    /// failures per address.
    public init(
        window: Int64 = 15 * 60_000, freeAttempts: Int = 3, firstDelay: Int64 = 5_000,
        longestDelay: Int64 = 15 * 60_000, addressLimit: Int = 100
    ) {
        self.window = window
        self.freeAttempts = freeAttempts
        self.firstDelay = firstDelay
        self.longestDelay = longestDelay
        self.addressLimit = addressLimit
    }

    /// The delay after `failures` recent failures of one account.
    public func delay(afterFailures failures: Int) -> Int64 {
        guard failures >= freeAttempts else { return 0 }
        let doublings = min(failures - freeAttempts, 20)
        return min(longestDelay, firstDelay << Int64(doublings))
    }

    /// Milliseconds an account must still wait, given its failures (any order), or nil.
    public func accountWait(failures: [Instant], now: Instant) -> Int64? {
        let recent = failures.filter { now.millisecondsSince1970 - $0.millisecondsSince1970 < window }
        guard let last = recent.max() else { return nil }
        let wait = last.millisecondsSince1970 + delay(afterFailures: recent.count) - now.millisecondsSince1970
        return wait > 0 ? wait : nil
    }

    /// Milliseconds an address must still wait, given its failures (any order), or nil.
    public func addressWait(failures: [Instant], now: Instant) -> Int64? {
        let recent = failures.filter { now.millisecondsSince1970 - $0.millisecondsSince1970 < window }.sorted()
        guard recent.count >= addressLimit else { return nil }
        // The address may try again when enough of its failures have left the window.
        let freeing = recent[recent.count - addressLimit]
        let wait = freeing.millisecondsSince1970 + window - now.millisecondsSince1970
        return wait > 0 ? wait : nil
    }
}
