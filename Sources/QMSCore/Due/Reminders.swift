/// How often a user receives their reminders by e-mail.
public enum DigestFrequency: String, Sendable, Hashable, Codable, CaseIterable {
    /// One message each day that has something new or something to retry.
    case daily
    /// One message a week, on Monday, with everything gathered since the last.
    case weekly
    /// No e-mail: reminders stay on the pages and in the calendar feed.
    case off
}

/// A user's choices about e-mailed reminders: how often, and which kinds they do not want.
public struct ReminderPreferences: Sendable, Hashable, Codable {
    public var frequency: DigestFrequency
    /// The kinds of reminder the user unsubscribed from.
    public var unsubscribed: Set<DueKind>

    /// The default: a daily digest of every kind.
    public static let standard = ReminderPreferences(frequency: .daily, unsubscribed: [])

    /// Creates preferences.
    public init(frequency: DigestFrequency, unsubscribed: Set<DueKind>) {
        self.frequency = frequency
        self.unsubscribed = unsubscribed
    }

    /// Whether an item of `kind` goes out by e-mail at all.
    public func wants(_ kind: DueKind) -> Bool { frequency != .off && !unsubscribed.contains(kind) }

    /// The first instant a digest holding an item recorded on `day` may go: at once for a daily
    /// digest; for a weekly one, the start of that day when it is a Monday, else of the next Monday.
    public func firstAttempt(recordedOn day: CalendarDate, at instant: Instant) -> Instant {
        guard frequency == .weekly else { return instant }
        // 1970-01-01 was a Thursday: (days + 3) % 7 is 0 on Mondays.
        let weekday = ((day.daysSinceEpoch + 3) % 7 + 7) % 7
        guard weekday != 0 else { return instant }
        let monday = day.adding(days: 7 - weekday)
        return max(instant, Instant(millisecondsSince1970: Int64(monday.daysSinceEpoch) * 86_400_000))
    }
}

/// Where a reminder's delivery stands.
public enum DeliveryStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Recorded, not yet sent (a weekly digest waits for its day).
    case pending
    /// Taken by a run that is sending it now.
    case sending
    /// Accepted by the mail server.
    case sent
    /// The last attempt failed: tried again at its next attempt.
    case failed
}

/// One reminder's delivery: the send-once key, the item as it was when recorded, and its attempts.
public struct ReminderDelivery: Sendable, Hashable, Codable {
    public var key: DueKey
    /// The item as it was recorded; a title the recipient may not read is not kept.
    public var item: DueItem
    public var status: DeliveryStatus
    public var attempts: Int
    /// When it is tried next (pending or failed).
    public var nextAttempt: Instant?
    /// The reason the last attempt failed, as the mail server or program gave it.
    public var lastError: String?
    public var recordedAt: Instant
    public var sentAt: Instant?

    /// Creates a delivery.
    public init(
        key: DueKey, item: DueItem, status: DeliveryStatus, attempts: Int, nextAttempt: Instant?, lastError: String?,
        recordedAt: Instant, sentAt: Instant?
    ) {
        self.key = key
        self.item = item
        self.status = status
        self.attempts = attempts
        self.nextAttempt = nextAttempt
        self.lastError = lastError
        self.recordedAt = recordedAt
        self.sentAt = sentAt
    }
}

/// When a failed delivery is tried again: after `base`, then twice as long after each failure,
/// never longer than `ceiling`. Failures never give up: a mail server down for a day loses nothing.
public struct RetryPolicy: Sendable, Hashable {
    /// The wait after the first failure, in milliseconds.
    public var baseMilliseconds: Int64
    /// The longest wait, in milliseconds.
    public var ceilingMilliseconds: Int64
    /// How long a run that took a delivery may hold it before another run may take it again (the
    /// first run having died mid-send), in milliseconds.
    public var claimMilliseconds: Int64

    /// Five minutes, doubling up to one hour; a claim is held for fifteen minutes.
    public static let standard = RetryPolicy(
        baseMilliseconds: 300_000, ceilingMilliseconds: 3_600_000, claimMilliseconds: 900_000)

    /// Creates a policy.
    public init(baseMilliseconds: Int64, ceilingMilliseconds: Int64, claimMilliseconds: Int64) {
        self.baseMilliseconds = max(1, baseMilliseconds)
        self.ceilingMilliseconds = max(self.baseMilliseconds, ceilingMilliseconds)
        self.claimMilliseconds = max(1, claimMilliseconds)
    }

    /// The wait after the `attempts`-th failed attempt (1 for the first).
    public func delay(afterAttempts attempts: Int) -> Int64 {
        let doublings = min(max(0, attempts - 1), 40)
        let (delay, overflow) = baseMilliseconds.multipliedReportingOverflow(by: Int64(1) << doublings)
        return overflow ? ceilingMilliseconds : min(delay, ceilingMilliseconds)
    }
}

/// The reasons a digest failed that come from the system rather than the mail server: kept as
/// these codes and worded by the presentation layer; any other reason is the mail server's or
/// program's own words.
public enum DeliveryReason {
    /// The recipient has no e-mail address.
    public static let noAddress = "no-address"
    /// The recipient's account is deactivated.
    public static let inactive = "inactive"
}
