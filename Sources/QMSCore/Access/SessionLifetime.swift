/// How long a web session lasts: it ends after a time without use (idle) and, used or not, a
/// time after sign-in (absolute), after NIST SP 800-63B's reauthentication at AAL2. Both are the
/// deployment's settings; the defaults are revision 3's for AAL2, 30 minutes and 12 hours, which
/// are within revision 4's (1 hour and 24 hours).
///
/// Use is recorded at most once per ``touchInterval``: each record is a write to the database,
/// which also ends every kept page, so recording every request would cost the page cache. A
/// session therefore may end up to that interval before a full idle time, never after.
public struct SessionLifetime: Sendable, Hashable {
    /// Milliseconds without use after which a session ends.
    public var idle: Int64
    /// Milliseconds after sign-in after which a session ends, used or not.
    public var absolute: Int64

    /// A lifetime of `idleMinutes` without use and `absoluteHours` in all.
    public init(idleMinutes: Int = 30, absoluteHours: Int = 12) {
        self.idle = Int64(max(1, idleMinutes)) * 60_000
        self.absolute = Int64(max(1, absoluteHours)) * 3_600_000
    }

    /// A lifetime in milliseconds, for tests and settings finer than minutes.
    public init(idleMilliseconds: Int64, absoluteMilliseconds: Int64) {
        self.idle = max(1_000, idleMilliseconds)
        self.absolute = max(1_000, absoluteMilliseconds)
    }

    /// How often use is recorded: a tenth of the idle time, between one second and five minutes.
    public var touchInterval: Int64 { min(300_000, max(1_000, idle / 10)) }

    /// When a session started at `startedAt` and last recorded as used at `lastSeenAt` ends.
    public func end(startedAt: Instant, lastSeenAt: Instant) -> Instant {
        Instant(
            millisecondsSince1970: min(
                startedAt.millisecondsSince1970 + absolute, lastSeenAt.millisecondsSince1970 + idle))
    }

    /// Whether such a session has ended at `now`.
    public func hasEnded(startedAt: Instant, lastSeenAt: Instant, now: Instant) -> Bool {
        end(startedAt: startedAt, lastSeenAt: lastSeenAt) <= now
    }

    /// Whether its use at `now` is to be recorded.
    public func touchDue(lastSeenAt: Instant, now: Instant) -> Bool {
        now.millisecondsSince1970 - lastSeenAt.millisecondsSince1970 >= touchInterval
    }

    /// Until when a page kept for this session may be sent without looking at the session again:
    /// its end, and no later than the next record of use is due, so that reading kept pages
    /// still counts as use.
    public func keptPageValidity(startedAt: Instant, lastSeenAt: Instant) -> Instant {
        Instant(
            millisecondsSince1970: min(
                end(startedAt: startedAt, lastSeenAt: lastSeenAt).millisecondsSince1970,
                lastSeenAt.millisecondsSince1970 + touchInterval))
    }
}
