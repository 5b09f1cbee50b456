/// The second-factor policy (issue 26): which roles must enrol and the grace period, one row
/// written by an administrator (page or CLI) with its event in the trail; and, per user, when the
/// policy first found them without a factor, which the grace period counts from. The latter is
/// the system's own bookkeeping, like the sign-in throttle, not a quality record: no event.
///
/// The commission's directory (LDAP) as an administrator sets it on its page: one row, each change
/// an event in the trail that records the service account's password only as its SHA-256. Flags
/// and the environment of `eqms serve` still win over it.
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
            CREATE TABLE directory_settings (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                uri TEXT NOT NULL,
                ca_file TEXT NOT NULL,
                user_base TEXT NOT NULL,
                group_base TEXT NOT NULL DEFAULT '',
                user_attribute TEXT NOT NULL,
                bind_dn TEXT NOT NULL,
                bind_password TEXT NOT NULL,
                group_roles TEXT NOT NULL,
                member_of_only INTEGER NOT NULL DEFAULT 0,
                sync_minutes INTEGER NOT NULL CHECK (sync_minutes BETWEEN 1 AND 1440)
            );
            """,
        data: { session in
            // The pages kept per area (migration 0026) see these tables change.
            try DataAreas.installTriggers(for: ["factor_policy", "factor_grace", "directory_settings"], in: session)
        })
}
