/// A standard can be a draft: a final draft (FDIS) catalogued from public information before the
/// standard is published, such as ISO 9001:2026.
///
/// The `status` column's CHECK (`current`, `withdrawn`) cannot be widened in SQLite without
/// rebuilding the table that every requirement points at, so a draft keeps `status = 'current'`
/// (it is not withdrawn) and says `publication_stage = 'draft'`; a published standard has null.
enum Migration0011StandardDrafts {
    static let migration = Migration(
        name: "0011-standard-drafts",
        sql: """
            ALTER TABLE standards ADD COLUMN publication_stage TEXT
                CHECK (publication_stage IS NULL OR publication_stage = 'draft');
            """)
}
