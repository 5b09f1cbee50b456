import QMSCore
import QMSStore

/// The in-app inbox: each user's reminders from the due-date engine (the same items, routing and
/// withheld titles as the e-mail digests), with read marks kept per user, item and threshold.
/// The web's `/inbox`, the header's unread count, the JSON API and `eqms inbox` all read it here.
public struct InboxService: Sendable {
    let qms: QMS

    /// `user`'s inbox on `asOf` (today when nil).
    /// - Throws: `DomainError.notFound` when `user` names nobody.
    public func inbox(for user: String, asOf: CalendarDate? = nil) async throws -> Inbox {
        let report = try await qms.due.due(asOf: asOf, user: user)
        let reads = try await qms.store.reading { try $0.inboxReads(user: user) }
        return Inbox(user: user, asOf: report.asOf, items: report.items, reads: reads)
    }

    /// Every user's count of unread reminders on `asOf` (today when nil): one run of the engine for
    /// everyone, for the header of every page.
    public func unreadCounts(asOf: CalendarDate? = nil) async throws -> [String: Int] {
        let report = try await qms.due.due(asOf: asOf)
        let reads = try await qms.store.reading { try $0.inboxReads() }
        return Inbox.unreadCounts(items: report.items, reads: reads)
    }

    /// Marks the entries of `user`'s inbox named by `ids` read (identifiers not in the inbox today
    /// are left alone); returns how many entries this marked.
    @discardableResult
    public func markRead(_ ids: Set<String>, for user: String, asOf: CalendarDate? = nil) async throws -> Int {
        let inbox = try await inbox(for: user, asOf: asOf)
        return try await mark(inbox.entries.filter { ids.contains($0.id) && !$0.read })
    }

    /// Marks every entry of `user`'s inbox read; returns how many were unread.
    @discardableResult
    public func markAllRead(for user: String, asOf: CalendarDate? = nil) async throws -> Int {
        try await mark(try await inbox(for: user, asOf: asOf).entries.filter { !$0.read })
    }

    private func mark(_ entries: [InboxEntry]) async throws -> Int {
        guard !entries.isEmpty else { return 0 }
        try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            try writer.markInboxRead(entries.map(\.item.key))
        }
        return entries.count
    }

    /// When the reminders last ran, by each source, latest first.
    public func lastRuns() async throws -> [ReminderRunRecord] {
        try await qms.store.reading { try $0.reminderRuns() }
    }
}

extension QMS {
    /// The in-app inbox and the reminders' last runs.
    public var inbox: InboxService { InboxService(qms: self) }
}
