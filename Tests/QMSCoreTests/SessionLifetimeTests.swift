import QMSCore
import Testing

@Suite("Session lifetimes: idle and absolute, and when use is recorded")
struct SessionLifetimeTests {
    let lifetime = SessionLifetime()
    let start = Instant(millisecondsSince1970: 1_800_000_000_000)

    func at(minutes: Int64) -> Instant {
        Instant(millisecondsSince1970: start.millisecondsSince1970 + minutes * 60_000)
    }

    @Test("the defaults are 30 minutes idle and 12 hours in all, use recorded every 3 minutes")
    func defaults() {
        #expect(lifetime.idle == 30 * 60_000)
        #expect(lifetime.absolute == 12 * 3_600_000)
        #expect(lifetime.touchInterval == 3 * 60_000)
    }

    @Test("a session ends 30 minutes after its last recorded use, and never later than 12 hours after sign-in")
    func ends() {
        #expect(!lifetime.hasEnded(startedAt: start, lastSeenAt: start, now: at(minutes: 29)))
        #expect(lifetime.hasEnded(startedAt: start, lastSeenAt: start, now: at(minutes: 30)))
        #expect(!lifetime.hasEnded(startedAt: start, lastSeenAt: at(minutes: 700), now: at(minutes: 719)))
        #expect(lifetime.hasEnded(startedAt: start, lastSeenAt: at(minutes: 715), now: at(minutes: 720)))
        #expect(lifetime.end(startedAt: start, lastSeenAt: at(minutes: 715)) == at(minutes: 720))
    }

    @Test("use is recorded once per interval; a kept page is sent no longer than until the next record")
    func touches() {
        #expect(!lifetime.touchDue(lastSeenAt: start, now: at(minutes: 2)))
        #expect(lifetime.touchDue(lastSeenAt: start, now: at(minutes: 3)))
        #expect(lifetime.keptPageValidity(startedAt: start, lastSeenAt: start) == at(minutes: 3))
        #expect(lifetime.keptPageValidity(startedAt: start, lastSeenAt: at(minutes: 719)) == at(minutes: 720))
    }

    @Test("settings below the floor are raised to it, never to zero")
    func floors() {
        let tiny = SessionLifetime(idleMinutes: 0, absoluteHours: -3)
        #expect(tiny.idle == 60_000)
        #expect(tiny.absolute == 3_600_000)
        #expect(SessionLifetime(idleMilliseconds: 2_000, absoluteMilliseconds: 10_000).touchInterval == 1_000)
    }
}
