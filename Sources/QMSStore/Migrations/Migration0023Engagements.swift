/// Engagements (issue 24): a certification body's access for its external auditors, with a scope
/// (standards, processes, sites, period) and a window of days. Who an engagement names is kept in
/// `engagement_auditors`; an account named there is an engagement account, which works only while
/// one of its engagements is open. What the auditors open is not a table: each view is an event
/// of the audit trail (`record.view`, `file.view` on the entity `view:ENG-2026-01`), so that it is
/// hash-chained like every change and listed by the trail's entity index.
enum Migration0023Engagements {
    static let migration = Migration(
        name: "0023-engagements",
        sql: """
            CREATE TABLE engagements (
                id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 11 AND 20),
                year BIGINT NOT NULL CHECK (year BETWEEN 1900 AND 9999),
                number BIGINT NOT NULL CHECK (number >= 1),
                certification_body TEXT NOT NULL CHECK (length(trim(certification_body)) BETWEEN 1 AND 200),
                opens_on TEXT NOT NULL CHECK (length(opens_on) = 10),
                closes_on TEXT NOT NULL CHECK (length(closes_on) = 10),
                closed_on TEXT CHECK (closed_on IS NULL OR length(closed_on) = 10),
                period_from TEXT CHECK (period_from IS NULL OR length(period_from) = 10),
                period_to TEXT CHECK (period_to IS NULL OR length(period_to) = 10),
                grants_restricted BIGINT NOT NULL CHECK (grants_restricted IN (0, 1)),
                recorded_at TEXT NOT NULL,
                recorded_by TEXT NOT NULL,
                CHECK (opens_on <= closes_on),
                UNIQUE (year, number)
            );

            CREATE TABLE engagement_auditors (
                engagement_id TEXT NOT NULL REFERENCES engagements(id),
                username TEXT NOT NULL REFERENCES users(username),
                position BIGINT NOT NULL CHECK (position >= 0),
                PRIMARY KEY (engagement_id, username)
            );
            CREATE INDEX engagement_auditors_user ON engagement_auditors(username);

            CREATE TABLE engagement_scope (
                engagement_id TEXT NOT NULL REFERENCES engagements(id),
                kind TEXT NOT NULL CHECK (kind IN ('standard', 'process', 'site')),
                position BIGINT NOT NULL CHECK (position >= 0),
                value TEXT NOT NULL CHECK (length(trim(value)) > 0),
                PRIMARY KEY (engagement_id, kind, position),
                UNIQUE (engagement_id, kind, value)
            );
            """)
}
