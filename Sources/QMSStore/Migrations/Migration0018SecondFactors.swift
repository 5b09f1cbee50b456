/// Second factors (issue 26): each user's TOTP secret, the last time step accepted from it, and
/// ten one-time recovery codes.
///
/// The secret has to be read back to compute codes, so it cannot be hashed like a password; it is
/// kept as the database keeps every other credential, readable only by who can read the database
/// (which is already administrative access), and never in the audit trail, which records only its
/// SHA-256. `last_step` is −1 until a code is accepted; it only grows, by compare-and-set, so that a
/// code is refused on every server once one server has accepted it. Recovery codes are kept as the
/// SHA-256 of the user and the code (see `RecoveryCode` for why not bcrypt); `used_at` marks one
/// spent, and is set by one conditional `UPDATE`, so two servers cannot both accept it.
enum Migration0018SecondFactors {
    static let migration = Migration(
        name: "0018-second-factors",
        sql: """
            CREATE TABLE second_factors (
                username TEXT PRIMARY KEY REFERENCES users(username),
                secret TEXT NOT NULL CHECK (length(secret) BETWEEN 16 AND 128),
                algorithm TEXT NOT NULL CHECK (algorithm IN ('SHA1', 'SHA256', 'SHA512')),
                enrolled_at TEXT NOT NULL,
                confirmed_at TEXT,
                last_step BIGINT NOT NULL DEFAULT -1
            );

            CREATE TABLE recovery_codes (
                username TEXT NOT NULL REFERENCES users(username),
                code_sha256 TEXT NOT NULL CHECK (length(code_sha256) = 64),
                used_at TEXT,
                PRIMARY KEY (username, code_sha256)
            );
            """)
}
