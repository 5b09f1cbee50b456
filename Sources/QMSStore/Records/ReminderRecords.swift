import Foundation
import QMSCore

/// Reminder deliveries and digest preferences: the state of the mail-out, not quality records, so
/// the audit trail does not carry them (as it does not carry sessions or sign-in failures).
extension StoreWriter {
    /// Records each delivery not yet recorded under its send-once key, pending until `nextAttempt`;
    /// a key already recorded (by this run, an earlier one or one running beside it) is left as it
    /// is. Returns the keys this call recorded.
    @discardableResult
    public func recordDeliveries(_ items: [(item: DueItem, nextAttempt: Instant)]) throws -> [DueKey] {
        var recorded: [DueKey] = []
        for (item, nextAttempt) in items {
            var kept = item
            // A title the recipient may not read is not kept beside their name.
            if kept.titleWithheld { kept.record.title = "" }
            let key = item.key
            let before = try session.scalarInt(
                "SELECT COUNT(*) AS value FROM reminder_deliveries WHERE username = ? AND item_key = ? AND threshold = ?",
                key.user, key.item, key.threshold)
            guard before == 0 else { continue }
            try session.execute(
                """
                INSERT INTO reminder_deliveries
                    (username, item_key, threshold, item, status, attempts, next_attempt_ms, recorded_at)
                VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)
                ON CONFLICT (username, item_key, threshold) DO NOTHING
                """, key.user, key.item, key.threshold, try CanonicalJSON.encode(kept),
                nextAttempt.millisecondsSince1970, instant.description)
            recorded.append(key)
        }
        return recorded
    }

    /// Takes `user`'s deliveries whose attempt is due at `now` (pending or failed), and any left
    /// sending by a run whose claim began before `staleBefore`, under `claim`: a compare-and-set on
    /// the status, so that two runs never take the same delivery. Returns what was taken.
    public func claimDeliveries(claim: String, user: String, now: Instant, staleBefore: Instant) throws
        -> [ReminderDelivery]
    {
        try session.execute(
            """
            UPDATE reminder_deliveries SET status = 'sending', claim = ?, claimed_ms = ?
            WHERE username = ? AND ((status IN ('pending', 'failed') AND next_attempt_ms <= ?)
                OR (status = 'sending' AND claimed_ms < ?))
            """, claim, now.millisecondsSince1970, user, now.millisecondsSince1970, staleBefore.millisecondsSince1970)
        return try reader.deliveries(
            condition: "claim = ? AND status = 'sending' AND username = ?", [.text(claim), .text(user)])
    }

    /// Marks a delivery taken under `claim` as sent.
    public func markDeliverySent(_ key: DueKey, claim: String) throws {
        try session.execute(
            """
            UPDATE reminder_deliveries SET status = 'sent', attempts = attempts + 1, sent_at = ?, claim = NULL,
                next_attempt_ms = NULL, last_error = NULL
            WHERE username = ? AND item_key = ? AND threshold = ? AND claim = ?
            """, instant.description, key.user, key.item, key.threshold, claim)
    }

    /// Marks a delivery taken under `claim` as failed for `reason`, to be tried again at `retryAt`.
    public func markDeliveryFailed(_ key: DueKey, claim: String, reason: String, retryAt: Instant) throws {
        try session.execute(
            """
            UPDATE reminder_deliveries SET status = 'failed', attempts = attempts + 1, last_error = ?, claim = NULL,
                next_attempt_ms = ?
            WHERE username = ? AND item_key = ? AND threshold = ? AND claim = ?
            """, reason, retryAt.millisecondsSince1970, key.user, key.item, key.threshold, claim)
    }

    /// Withdraws deliveries taken under `claim` that are no longer to be sent (their kind was
    /// unsubscribed, their recipient deactivated): the row goes, so that the send-once key is free
    /// should the reminder be wanted again.
    public func withdrawDeliveries(_ keys: [DueKey], claim: String) throws {
        for key in keys {
            try session.execute(
                """
                DELETE FROM reminder_deliveries
                WHERE username = ? AND item_key = ? AND threshold = ? AND claim = ? AND status = 'sending'
                """, key.user, key.item, key.threshold, claim)
        }
    }

    /// Brings the next attempt of failed deliveries forward to `now` (of one user, or all); returns
    /// how many.
    public func retryDeliveriesNow(user: String?, now: Instant) throws -> Int {
        let condition = user == nil ? "" : " AND username = ?"
        let arguments: [SQLValue] = user.map { [.text($0)] } ?? []
        let count =
            try session.query(
                "SELECT COUNT(*) AS value FROM reminder_deliveries WHERE status = 'failed'\(condition)", arguments
            ).first?.firstInt ?? 0
        try session.execute(
            "UPDATE reminder_deliveries SET next_attempt_ms = ? WHERE status = 'failed'\(condition)",
            [.integer(now.millisecondsSince1970)] + arguments)
        return Int(count)
    }

    /// Keeps a user's digest frequency and unsubscribed kinds.
    public func setReminderPreferences(_ preferences: ReminderPreferences, for username: String) throws {
        guard try reader.user(username) != nil else {
            throw DomainError.notFound(kind: .user, id: username, hint: .lookUp(.user))
        }
        let kinds = preferences.unsubscribed.map(\.rawValue).sorted().joined(separator: " ")
        try session.execute(
            """
            INSERT INTO reminder_preferences (username, frequency, unsubscribed) VALUES (?, ?, ?)
            ON CONFLICT (username) DO UPDATE SET frequency = excluded.frequency, unsubscribed = excluded.unsubscribed
            """, username, preferences.frequency.rawValue, kinds)
    }
}

extension StoreReader {
    /// Every user's reminder preferences that differ from the default, by login name.
    public func reminderPreferences() throws -> [String: ReminderPreferences] {
        var result: [String: ReminderPreferences] = [:]
        for row in try session.query("SELECT username, frequency, unsubscribed FROM reminder_preferences") {
            let frequency = try row.string("frequency")
            guard let parsed = DigestFrequency(rawValue: frequency) else {
                throw StoreError.corrupt(column: "reminder_preferences.frequency", reason: "is \"\(frequency)\"")
            }
            let kinds = try row.string("unsubscribed").split(separator: " ").compactMap {
                DueKind(rawValue: String($0))
            }
            result[try row.string("username")] = ReminderPreferences(frequency: parsed, unsubscribed: Set(kinds))
        }
        return result
    }

    /// Deliveries not yet sent (pending, sending or failed), next attempt first.
    public func outbox() throws -> [ReminderDelivery] {
        try deliveries(condition: "status <> 'sent'", [])
    }

    /// Every delivery of one user, or of everyone.
    public func deliveries(user: String? = nil) throws -> [ReminderDelivery] {
        try user.map { try deliveries(condition: "username = ?", [.text($0)]) } ?? deliveries(condition: "1 = 1", [])
    }

    /// The send-once keys already recorded.
    public func deliveryKeys() throws -> Set<DueKey> {
        Set(
            try session.query("SELECT username, item_key, threshold FROM reminder_deliveries").map { row in
                DueKey(
                    user: try row.string("username"), item: try row.string("item_key"),
                    threshold: try row.string("threshold"))
            })
    }

    func deliveries(condition: String, _ arguments: [SQLValue]) throws -> [ReminderDelivery] {
        let decoder = JSONDecoder()
        return try session.query(
            """
            SELECT * FROM reminder_deliveries WHERE \(condition)
            ORDER BY next_attempt_ms, username, item_key, threshold
            """, arguments
        ).map { row in
            let status = try row.string("status")
            guard let parsed = DeliveryStatus(rawValue: status) else {
                throw StoreError.corrupt(column: "reminder_deliveries.status", reason: "is \"\(status)\"")
            }
            let item: DueItem
            do { item = try decoder.decode(DueItem.self, from: Data(try row.string("item").utf8)) } catch {
                throw StoreError.corrupt(column: "reminder_deliveries.item", reason: "\(error)")
            }
            return ReminderDelivery(
                key: DueKey(
                    user: try row.string("username"), item: try row.string("item_key"),
                    threshold: try row.string("threshold")),
                item: item, status: parsed, attempts: Int(try row.int("attempts")),
                nextAttempt: row.optionalInt("next_attempt_ms").map(Instant.init(millisecondsSince1970:)),
                lastError: row.optionalString("last_error"),
                recordedAt: try Instant(parsing: try row.string("recorded_at")),
                sentAt: try row.optionalString("sent_at").map { try Instant(parsing: $0) })
        }
    }
}
