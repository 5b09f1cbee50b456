/// Calendar feeds (issue 25): private iCalendar addresses, each a secret kept only as its SHA-256,
/// so that a copy of the database opens no feed. A feed is a user's due dates, or (no user) the
/// organisation's audit calendar. A new address revokes the owner's older one.
enum Migration0021CalendarFeeds {
    static let migration = Migration(
        name: "0021-calendar-feeds",
        sql: """
            CREATE TABLE calendar_feeds (
                token_sha256 TEXT PRIMARY KEY CHECK (length(token_sha256) = 64),
                username TEXT REFERENCES users(username),
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL,
                revoked_at TEXT
            );
            CREATE INDEX calendar_feeds_owner ON calendar_feeds(username);
            """)
}
