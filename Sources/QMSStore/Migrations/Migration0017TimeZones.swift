/// Time zones (issue 21): the organisation's, in which pages show times by default, and each
/// user's own choice. Both are IANA names; a database from before this migration shows UTC.
///
/// The organisation's French and Spanish names too: the settings page has asked for them since
/// French and Spanish came (0009), but only English and Arabic had columns, so the others were
/// recorded in the trail and then lost.
enum Migration0017TimeZones {
    static let migration = Migration(
        name: "0017-time-zones",
        sql: """
            ALTER TABLE organisation ADD COLUMN name_fr TEXT;
            ALTER TABLE organisation ADD COLUMN name_es TEXT;
            ALTER TABLE organisation ADD COLUMN time_zone TEXT
                CHECK (time_zone IS NULL OR length(time_zone) BETWEEN 1 AND 64);
            ALTER TABLE users ADD COLUMN time_zone TEXT
                CHECK (time_zone IS NULL OR length(time_zone) BETWEEN 1 AND 64);
            """)
}
