import Foundation
import QMSCore
import QMSDossier
import QMSMail
import QMSStore

/// What a run of the reminders is told: the day, where links point, who the mail is from, and how
/// failures are retried.
public struct ReminderRunOptions: Sendable {
    /// The day to compute what is due for (today by the service's clock when nil).
    public var asOf: CalendarDate?
    /// Compose and report, but send nothing and record nothing.
    public var dryRun: Bool
    /// The web application's address: each item links to its record under it.
    public var base: String
    /// The sender of the digests.
    public var from: MailAddress
    public var retry: RetryPolicy
    public var settings: DueSettings
    /// What runs it, kept as its last run for the dashboard (a dry run is not kept).
    public var source: ReminderRunSource

    /// Creates options.
    public init(
        asOf: CalendarDate? = nil, dryRun: Bool = false, base: String, from: MailAddress,
        retry: RetryPolicy = .standard, settings: DueSettings = .standard, source: ReminderRunSource = .command
    ) {
        self.source = source
        self.asOf = asOf
        self.dryRun = dryRun
        self.base = base
        self.from = from
        self.retry = retry
        self.settings = settings
    }
}

/// What happened to one user's digest in a run.
public struct ReminderRunMessage: Sendable, Hashable, Codable {
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// The mail system accepted it.
        case sent
        /// It failed and is retried at `retryAt`.
        case failed
        /// A dry run: it would have gone.
        case wouldSend = "would-send"
    }

    public var user: String
    public var address: String?
    public var subject: String
    /// The send-once keys of the items it holds.
    public var items: [DueKey]
    public var outcome: Outcome
    /// Whether it held an item tried before (a retry).
    public var retry: Bool
    /// Why it failed: ``DeliveryReason/noAddress``, ``DeliveryReason/inactive``, or the
    /// mail server's or program's own words.
    public var reason: String?
    public var retryAt: Instant?
}

/// What a run did.
public struct ReminderRunReport: Sendable, Hashable, Codable {
    public var asOf: CalendarDate
    public var dryRun: Bool
    /// Where the mail went (`smtp://host:port`, a sendmail path), nil for a dry run.
    public var destination: String?
    /// How many reminders this run recorded for the first time.
    public var recorded: Int
    /// One entry per digest composed.
    public var messages: [ReminderRunMessage]
    /// Reminders recorded and waiting for a later digest (a weekly one, or a retry not yet due).
    public var waiting: Int
    /// Reminders recorded earlier and withdrawn unsent: their kind was unsubscribed since, or their
    /// recipient deactivated (the engine gives a deactivated user's items to the quality manager).
    public var withdrawn: Int = 0
}

/// E-mailed reminders: what is due becomes one digest per user, sent once per user, item and
/// threshold, with failures retried with backoff. `eqms notify run` calls ``run(options:transport:)``
/// from cron; the outbox page and `eqms notify outbox` read ``outbox()``.
public struct ReminderRunService: Sendable {
    let qms: QMS

    /// Computes what is due, records each reminder once, and sends every digest whose attempt is
    /// due: new reminders, weekly digests on their day, and failed ones whose retry has come.
    /// A dry run does not use `transport`.
    public func run(options: ReminderRunOptions, transport: any MailTransport) async throws -> ReminderRunReport {
        let day = options.asOf ?? qms.today
        // Time travel forward: a run "as of" a later day acts at that day's start at the earliest.
        let now = max(qms.instant, Instant(millisecondsSince1970: Int64(day.daysSinceEpoch) * 86_400_000))
        let due = try await qms.due.due(asOf: day, settings: options.settings)
        let (users, preferences) = try await qms.store.reading { reader in
            (try reader.users(), try reader.reminderPreferences())
        }
        let byName = Dictionary(users.map { ($0.username, $0) }, uniquingKeysWith: { first, _ in first })
        let wanted = due.items.filter { (preferences[$0.user] ?? .standard).wants($0.kind) }
        let firstAttempts = wanted.map { item in
            (item: item, nextAttempt: (preferences[item.user] ?? .standard).firstAttempt(recordedOn: day, at: now))
        }
        var report = ReminderRunReport(
            asOf: day, dryRun: options.dryRun, destination: options.dryRun ? nil : transport.destination, recorded: 0,
            messages: [], waiting: 0)

        if options.dryRun {
            let (known, outbox) = try await qms.store.reading { reader in
                (try reader.deliveryKeys(), try reader.outbox())
            }
            var going: [String: [(DueItem, Bool)]] = [:]
            for entry in firstAttempts where !known.contains(entry.item.key) {
                report.recorded += 1
                if entry.nextAttempt <= now {
                    going[entry.item.user, default: []].append((entry.item, false))
                } else {
                    report.waiting += 1
                }
            }
            for delivery in outbox {
                if delivery.status != .sending, let next = delivery.nextAttempt, next <= now {
                    going[delivery.key.user, default: []].append((delivery.item, delivery.attempts > 0))
                } else {
                    report.waiting += 1
                }
            }
            for (user, entries) in going.sorted(by: { $0.key < $1.key }) {
                let digest = compose(entries.map(\.0), for: byName[user], username: user, options: options)
                report.messages.append(
                    ReminderRunMessage(
                        user: user, address: byName[user]?.email, subject: digest.subject,
                        items: entries.map(\.0.key).sorted(), outcome: .wouldSend,
                        retry: entries.contains { $0.1 }, reason: nil, retryAt: nil))
            }
            return report
        }

        let claim = UUID().uuidString.lowercased()
        let staleBefore = Instant(millisecondsSince1970: now.millisecondsSince1970 - options.retry.claimMilliseconds)
        let (recorded, recipients, waiting) = try await qms.store.writing(actor: qms.actor, at: Self.date(now)) {
            writer in
            let recorded = try writer.recordDeliveries(firstAttempts).count
            let outbox = try writer.reader.outbox()
            let ready = { (delivery: ReminderDelivery) -> Bool in
                switch delivery.status {
                case .pending, .failed: return (delivery.nextAttempt ?? now) <= now
                // Another run's, or a dead run's: the claim takes it only when it is stale.
                case .sending: return true
                case .sent: return false
                }
            }
            let recipients = Set(outbox.filter(ready).map(\.key.user)).sorted()
            return (recorded, recipients, outbox.filter { $0.status != .sending && !ready($0) }.count)
        }
        report.recorded = recorded
        report.waiting = waiting
        // One user at a time: each digest is taken just before it is sent, so that a claim lasts one
        // delivery, never a whole run, and a run beside this one takes the users this one has not.
        for username in recipients {
            let claimed = try await qms.store.writing(actor: qms.actor, at: Self.date(now)) { writer in
                try writer.claimDeliveries(claim: claim, user: username, now: now, staleBefore: staleBefore)
            }
            guard !claimed.isEmpty else { continue }
            let user = byName[username]
            // Recorded before the user unsubscribed from a kind, or before they were deactivated:
            // withdrawn rather than sent or failed.
            let withdrawn = claimed.filter {
                user?.active != true || !(preferences[username] ?? .standard).wants($0.item.kind)
            }
            if !withdrawn.isEmpty {
                try await qms.store.writing(actor: qms.actor, at: Self.date(now)) { writer in
                    try writer.withdrawDeliveries(withdrawn.map(\.key), claim: claim)
                }
                report.withdrawn += withdrawn.count
            }
            let deliveries = claimed.filter { delivery in !withdrawn.contains { $0.key == delivery.key } }
            guard !deliveries.isEmpty else { continue }
            let digest = compose(deliveries.map(\.item), for: user, username: username, options: options)
            var message = ReminderRunMessage(
                user: username, address: user?.email, subject: digest.subject, items: deliveries.map(\.key).sorted(),
                outcome: .sent, retry: deliveries.contains { $0.attempts > 0 }, reason: nil, retryAt: nil)
            let failure: String?
            if user?.active != true {
                failure = DeliveryReason.inactive
            } else if let email = user?.email, !email.isEmpty {
                failure = await send(digest, to: email, name: user?.displayName, options: options, at: now, transport)
            } else {
                failure = DeliveryReason.noAddress
            }
            if let failure {
                message.outcome = .failed
                message.reason = failure
                message.retryAt = try await markFailed(
                    deliveries, claim: claim, reason: failure, now: now, options.retry)
            } else {
                try await qms.store.writing(actor: qms.actor, at: Self.date(now)) { writer in
                    for delivery in deliveries { try writer.markDeliverySent(delivery.key, claim: claim) }
                }
            }
            report.messages.append(message)
        }
        let kept = ReminderRunRecord(
            source: options.source, ranAt: now, asOf: day, recorded: report.recorded,
            sent: report.messages.filter { $0.outcome == .sent }.count,
            failed: report.messages.filter { $0.outcome == .failed }.count)
        try await qms.store.writing(actor: qms.actor, at: Self.date(now)) { try $0.recordReminderRun(kept) }
        qms.logger.info(
            "reminders run",
            metadata: [
                "as-of": "\(day)", "recorded": "\(report.recorded)",
                "sent": "\(report.messages.filter { $0.outcome == .sent }.count)",
                "failed": "\(report.messages.filter { $0.outcome == .failed }.count)",
            ])
        return report
    }

    /// Deliveries not yet sent: pending (a weekly digest waiting for its day), sending, or failed
    /// with the reason and the next attempt.
    public func outbox() async throws -> [ReminderDelivery] {
        try await qms.store.reading { try $0.outbox() }
    }

    /// Every delivery of one user, sent or not.
    public func deliveries(user: String? = nil) async throws -> [ReminderDelivery] {
        try await qms.store.reading { try $0.deliveries(user: user) }
    }

    /// Brings failed deliveries forward to the next run (of one user, or all); returns how many.
    @discardableResult
    public func retryNow(user: String? = nil) async throws -> Int {
        let now = qms.instant
        return try await qms.store.writing(actor: qms.actor, at: qms.now()) {
            try $0.retryDeliveriesNow(user: user, now: now)
        }
    }

    /// A user's digest frequency and unsubscribed kinds.
    public func preferences(for username: String) async throws -> ReminderPreferences {
        try await qms.store.reading { try $0.reminderPreferences()[username] } ?? .standard
    }

    /// Keeps a user's digest frequency and unsubscribed kinds.
    public func setPreferences(_ preferences: ReminderPreferences, for username: String) async throws {
        try await qms.store.writing(actor: qms.actor, at: qms.now()) {
            try $0.setReminderPreferences(preferences, for: username)
        }
    }

    private func compose(_ items: [DueItem], for user: User?, username: String, options: ReminderRunOptions)
        -> ReminderDigest
    {
        ReminderDigest(
            items: items, name: user?.displayName ?? username, language: user?.language ?? .english,
            base: options.base)
    }

    /// Sends one digest; returns why it failed, or nil when the mail system accepted it.
    private func send(
        _ digest: ReminderDigest, to email: String, name: String?, options: ReminderRunOptions, at now: Instant,
        _ transport: any MailTransport
    ) async -> String? {
        do {
            let message = MailMessage(
                from: options.from, to: [try MailAddress(email, name: name)], subject: digest.subject,
                text: digest.text, html: digest.html, language: digest.language.rawValue,
                headers: [("List-Unsubscribe", "<\(digest.preferences)>")])
            try await transport.deliver(message, date: Self.date(now))
            return nil
        } catch {
            qms.logger.warning("reminder digest not sent", metadata: ["reason": "\(error)"])
            return error.description
        }
    }

    /// Records a failed digest: each of its deliveries is tried again after the policy's backoff
    /// for its own count of attempts. Returns the earliest retry.
    private func markFailed(
        _ deliveries: [ReminderDelivery], claim: String, reason: String, now: Instant, _ policy: RetryPolicy
    ) async throws -> Instant? {
        let retries = deliveries.map {
            Instant(millisecondsSince1970: now.millisecondsSince1970 + policy.delay(afterAttempts: $0.attempts + 1))
        }
        try await qms.store.writing(actor: qms.actor, at: Self.date(now)) { writer in
            for (delivery, retry) in zip(deliveries, retries) {
                try writer.markDeliveryFailed(delivery.key, claim: claim, reason: reason, retryAt: retry)
            }
        }
        return retries.min()
    }

    private static func date(_ instant: Instant) -> Date {
        Date(timeIntervalSince1970: instant.secondsSince1970)
    }
}

extension QMS {
    /// E-mailed reminders: runs, the outbox, and each user's preferences.
    public var reminders: ReminderRunService { ReminderRunService(qms: self) }
}
