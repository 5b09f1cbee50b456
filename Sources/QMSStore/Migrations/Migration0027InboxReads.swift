/// The in-app inbox and the reminders' last run (issue 25).
///
/// `inbox_reads` holds one row per user, item and threshold the user marked read: the inbox's
/// entries are computed by the due-date engine, so a row is only a read mark, and a new threshold of
/// the same item has no row and shows as unread again. A user's unread count depends on this table,
/// on `users` and on every register the engine reads.
///
/// `reminder_runs` keeps the last run of the reminders by each source (the scheduler inside the
/// server, the command line), for the dashboard: one row per source, replaced at each run.
enum Migration0027InboxReads {
    static let migration = Migration(
        name: "0027-inbox-reads",
        sql: """
            CREATE TABLE inbox_reads (
                username TEXT NOT NULL REFERENCES users(username),
                item_key TEXT NOT NULL,
                threshold TEXT NOT NULL,
                read_at TEXT NOT NULL,
                PRIMARY KEY (username, item_key, threshold)
            );
            CREATE TABLE reminder_runs (
                source TEXT PRIMARY KEY CHECK (source IN ('scheduler', 'command')),
                ran_at TEXT NOT NULL,
                as_of TEXT NOT NULL,
                recorded INTEGER NOT NULL,
                sent INTEGER NOT NULL,
                failed INTEGER NOT NULL
            );
            """,
        data: { session in
            // The pages kept per area (migration 0026) see these tables change.
            try DataAreas.installTriggers(for: ["inbox_reads", "reminder_runs"], in: session)
        })
}
