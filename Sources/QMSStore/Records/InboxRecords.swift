import QMSCore

/// The inbox's read marks and the reminders' last runs: state of the reminders, not quality
/// records, so the audit trail does not carry them (as it does not carry the deliveries).
extension StoreWriter {
    /// Marks each key read (a key already marked is left as it is).
    public func markInboxRead(_ keys: [DueKey]) throws {
        for key in keys {
            try session.execute(
                """
                INSERT INTO inbox_reads (username, item_key, threshold, read_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (username, item_key, threshold) DO NOTHING
                """, key.user, key.item, key.threshold, instant.description)
        }
    }

    /// Keeps `run` as the last run of its source.
    public func recordReminderRun(_ run: ReminderRunRecord) throws {
        try session.execute(
            """
            INSERT INTO reminder_runs (source, ran_at, as_of, recorded, sent, failed) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (source) DO UPDATE SET ran_at = excluded.ran_at, as_of = excluded.as_of,
                recorded = excluded.recorded, sent = excluded.sent, failed = excluded.failed
            """, run.source.rawValue, run.ranAt.description, run.asOf.description, run.recorded, run.sent,
            run.failed)
    }
}

extension StoreReader {
    /// The read marks of one user, or of everyone.
    public func inboxReads(user: String? = nil) throws -> Set<DueKey> {
        let rows =
            try user.map {
                try session.query("SELECT username, item_key, threshold FROM inbox_reads WHERE username = ?", $0)
            } ?? session.query("SELECT username, item_key, threshold FROM inbox_reads")
        return Set(
            try rows.map { row in
                DueKey(
                    user: try row.string("username"), item: try row.string("item_key"),
                    threshold: try row.string("threshold"))
            })
    }

    /// The last run of the reminders by each source, latest first.
    public func reminderRuns() throws -> [ReminderRunRecord] {
        try session.query("SELECT * FROM reminder_runs").map { row in
            let source = try row.string("source")
            guard let parsed = ReminderRunSource(rawValue: source) else {
                throw StoreError.corrupt(column: "reminder_runs.source", reason: "is \"\(source)\"")
            }
            return ReminderRunRecord(
                source: parsed, ranAt: try Instant(parsing: try row.string("ran_at")),
                asOf: try CalendarDate(parsing: try row.string("as_of")), recorded: Int(try row.int("recorded")),
                sent: Int(try row.int("sent")), failed: Int(try row.int("failed")))
        }.sorted { $0.ranAt > $1.ranAt }
    }
}
