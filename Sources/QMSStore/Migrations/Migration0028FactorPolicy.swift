/// The second-factor policy (issue 26): which roles must enrol and the grace period, one row
/// written by an administrator (page or CLI) with its event in the trail; and, per user, when the
/// policy first found them without a factor, which the grace period counts from. The latter is
/// the system's own bookkeeping, like the sign-in throttle, not a quality record: no event.
enum Migration0028FactorPolicy {
    static let migration = Migration(
        name: "0028-factor-policy",
        sql: """
            CREATE TABLE factor_policy (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                required_roles TEXT NOT NULL DEFAULT '',
                grace_days INTEGER NOT NULL CHECK (grace_days BETWEEN 0 AND 365)
            );
            CREATE TABLE factor_grace (
                username TEXT PRIMARY KEY REFERENCES users(username),
                started_at BIGINT NOT NULL
            );
            """)
}
