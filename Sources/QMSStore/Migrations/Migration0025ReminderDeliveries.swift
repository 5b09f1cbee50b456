/// E-mailed reminders (issue 25): each reminder sent once per user, item and threshold, whatever
/// runs overlap (a cron run beside the server, several servers on one PostgreSQL database). The
/// primary key is the send-once key; a run records with `ON CONFLICT DO NOTHING` and takes what it
/// sends by setting the status from pending or failed to sending under a claim of its own.
///
/// Each user's digest frequency and the kinds they unsubscribed from (space-separated) are a
/// preference beside the user, as the language is.
enum Migration0025ReminderDeliveries {
    static let migration = Migration(
        name: "0025-reminder-deliveries",
        sql: """
            CREATE TABLE reminder_deliveries (
                username TEXT NOT NULL REFERENCES users(username),
                item_key TEXT NOT NULL,
                threshold TEXT NOT NULL,
                item TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_ms BIGINT,
                claim TEXT,
                claimed_ms BIGINT,
                last_error TEXT,
                recorded_at TEXT NOT NULL,
                sent_at TEXT,
                PRIMARY KEY (username, item_key, threshold)
            );
            CREATE INDEX reminder_deliveries_due ON reminder_deliveries(status, next_attempt_ms);
            CREATE TABLE reminder_preferences (
                username TEXT PRIMARY KEY REFERENCES users(username),
                frequency TEXT NOT NULL CHECK (frequency IN ('daily', 'weekly', 'off')),
                unsubscribed TEXT NOT NULL DEFAULT ''
            );
            """)
}
