/// Failed sign-ins kept in the database (issue 21): each server process used to count its own, so
/// N servers allowed N times the attempts, and a restart forgot them all. A key is `user:NAME` or
/// `address:IP`; the time is milliseconds since 1970. Not a quality record: no audit trail.
enum Migration0014SignInFailures {
    static let migration = Migration(
        name: "0014-sign-in-failures",
        sql: """
            CREATE TABLE sign_in_failures (
                key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 300),
                failed_at BIGINT NOT NULL
            );
            CREATE INDEX sign_in_failures_by_key ON sign_in_failures (key, failed_at);
            """)
}
