import Testing

@testable import QMSCore

@Suite("Sign-in throttle policy")
struct SignInThrottleTests {
    let policy = SignInThrottle()
    let start = Instant(millisecondsSince1970: 1_800_000_000_000)

    func failures(_ count: Int, every step: Int64 = 1_000) -> [Instant] {
        (0..<count).map { Instant(millisecondsSince1970: start.millisecondsSince1970 + Int64($0) * step) }
    }

    @Test("three free failures, then delays that double up to fifteen minutes, never a lock")
    func growingDelays() {
        #expect((0..<3).map { policy.delay(afterFailures: $0) } == [0, 0, 0])
        #expect((3..<8).map { policy.delay(afterFailures: $0) } == [5_000, 10_000, 20_000, 40_000, 80_000])
        #expect(policy.delay(afterFailures: 40) == 15 * 60_000)
    }

    @Test("an account waits from its last failure, and may try again once the delay has passed")
    func accountWait() {
        let three = failures(3)
        let last = three[2].millisecondsSince1970
        #expect(policy.accountWait(failures: failures(2), now: Instant(millisecondsSince1970: last)) == nil)
        #expect(policy.accountWait(failures: three, now: Instant(millisecondsSince1970: last + 1_000)) == 4_000)
        #expect(policy.accountWait(failures: three, now: Instant(millisecondsSince1970: last + 5_000)) == nil)
        // Failures older than the window no longer count.
        let thirty = failures(30)
        let later = Instant(millisecondsSince1970: (thirty.last?.millisecondsSince1970 ?? 0) + policy.window + 1)
        #expect(policy.accountWait(failures: thirty, now: later) == nil)
    }

    @Test("an address shares a limit far above an account's: 99 failures pass, the 100th waits")
    func addressLimit() {
        let now = Instant(millisecondsSince1970: start.millisecondsSince1970 + 100_000)
        #expect(policy.addressWait(failures: failures(99), now: now) == nil)
        let wait = policy.addressWait(failures: failures(100), now: now)
        // The oldest failure leaves the window 15 minutes after it happened.
        #expect(wait == policy.window - 100_000)
    }
}
