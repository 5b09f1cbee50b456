/// What the web application keeps: server-side sessions (shared by every instance on one database)
/// and API tokens, stored as the SHA-256 of the token so that a copy of the database gives no access.
enum Migration0004Web {
    static let migration = Migration(
        name: "0004-web",
        sql: """
            CREATE TABLE web_sessions (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                expires_at TEXT
            );

            CREATE TABLE api_tokens (
                token_sha256 TEXT PRIMARY KEY CHECK (length(token_sha256) = 64),
                username TEXT NOT NULL REFERENCES users(username),
                name TEXT NOT NULL,
                created_at TEXT NOT NULL,
                revoked BIGINT NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
            );
            """)
}
