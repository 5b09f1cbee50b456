/// One entry of a user's in-app inbox: a reminder owed to them, and whether they marked it read.
public struct InboxEntry: Sendable, Hashable, Codable {
    /// `item@threshold` (`evidence-expiry:EV-2026-0042@7d`): what a read mark names.
    public var id: String
    public var item: DueItem
    public var read: Bool

    /// Creates an entry.
    public init(item: DueItem, read: Bool) {
        self.id = Self.id(item: item.itemKey, threshold: item.threshold.description)
        self.item = item
        self.read = read
    }

    /// The identifier of an item at a threshold.
    public static func id(item: String, threshold: String) -> String { "\(item)@\(threshold)" }
}

/// A user's inbox: what the due-date engine owes them today, each marked read or not. An item that
/// is done leaves the engine's list, and so the inbox, by itself; a new threshold of the same item
/// is a new, unread entry.
public struct Inbox: Sendable, Hashable, Codable {
    public var user: String
    public var asOf: CalendarDate
    public var entries: [InboxEntry]

    /// The entries of `user` among `items`, read when `reads` holds their key.
    public init(user: String, asOf: CalendarDate, items: [DueItem], reads: Set<DueKey>) {
        self.user = user
        self.asOf = asOf
        self.entries = items.filter { $0.user == user }.map { item in
            // A title the reader may not read is not carried at all (the JSON API sends the item whole).
            var shown = item
            if shown.titleWithheld { shown.record.title = "" }
            return InboxEntry(item: shown, read: reads.contains(item.key))
        }
    }

    /// How many entries are unread.
    public var unread: Int { entries.count { !$0.read } }

    /// Every user's count of unread reminders among `items` (users with none are absent).
    public static func unreadCounts(items: [DueItem], reads: Set<DueKey>) -> [String: Int] {
        var counts: [String: Int] = [:]
        for item in items where !reads.contains(item.key) { counts[item.user, default: 0] += 1 }
        return counts
    }
}

/// What ran the reminders.
public enum ReminderRunSource: String, Sendable, Hashable, Codable, CaseIterable {
    /// The scheduler inside the web server.
    case scheduler
    /// The command line (`notify run`, from cron or by hand).
    case command
}

/// When the reminders last ran, by one source, and what the run did.
public struct ReminderRunRecord: Sendable, Hashable, Codable {
    public var source: ReminderRunSource
    public var ranAt: Instant
    public var asOf: CalendarDate
    public var recorded: Int
    public var sent: Int
    public var failed: Int

    /// Creates a record.
    public init(
        source: ReminderRunSource, ranAt: Instant, asOf: CalendarDate, recorded: Int, sent: Int, failed: Int
    ) {
        self.source = source
        self.ranAt = ranAt
        self.asOf = asOf
        self.recorded = recorded
        self.sent = sent
        self.failed = failed
    }
}
