/// The dated events of an activity: a workshop, meeting or mission with its first and last day and
/// its place, so that a work plan says when things happened and not only in which quarter.
///
/// Dates are `YYYY-MM-DD` text, as everywhere else in the schema.
enum Migration0012ActivityEvents {
    static let migration = Migration(
        name: "0012-activity-events",
        sql: """
            CREATE TABLE awp_activity_events (
                awp_id TEXT NOT NULL,
                version BIGINT NOT NULL,
                activity_code TEXT NOT NULL,
                position BIGINT NOT NULL CHECK (position >= 0),
                start_date TEXT NOT NULL CHECK (length(start_date) = 10),
                end_date TEXT NOT NULL CHECK (length(end_date) = 10 AND end_date >= start_date),
                place TEXT CHECK (place IS NULL OR length(trim(place)) > 0),
                PRIMARY KEY (awp_id, version, activity_code, position),
                FOREIGN KEY (awp_id, version, activity_code) REFERENCES awp_activities(awp_id, version, code)
            ) {without_rowid};
            """)
}
