/// French and Spanish beside English and Arabic (issue 20).
///
/// Every localized text of a catalogue or crosswalk gains `_fr` and `_es` columns, empty until a
/// catalogue file carries them. A user keeps the language they chose (or that their browser asked
/// for on their first visit), so that it follows them from one device to another; the
/// organisation keeps its CLDR locale (`ar-JO`, `fr-SN`), which decides digits and separators.
enum Migration0009Languages {
    static let migration = Migration(
        name: "0009-languages",
        sql: """
            ALTER TABLE standards ADD COLUMN title_fr TEXT;
            ALTER TABLE standards ADD COLUMN title_es TEXT;
            ALTER TABLE standards ADD COLUMN scope_fr TEXT;
            ALTER TABLE standards ADD COLUMN scope_es TEXT;
            ALTER TABLE amendments ADD COLUMN title_fr TEXT;
            ALTER TABLE amendments ADD COLUMN title_es TEXT;
            ALTER TABLE requirements ADD COLUMN title_fr TEXT;
            ALTER TABLE requirements ADD COLUMN title_es TEXT;
            ALTER TABLE requirements ADD COLUMN summary_fr TEXT;
            ALTER TABLE requirements ADD COLUMN summary_es TEXT;
            ALTER TABLE requirement_documented_information ADD COLUMN text_fr TEXT;
            ALTER TABLE requirement_documented_information ADD COLUMN text_es TEXT;
            ALTER TABLE requirement_evidence_hints ADD COLUMN text_fr TEXT;
            ALTER TABLE requirement_evidence_hints ADD COLUMN text_es TEXT;
            ALTER TABLE crosswalks ADD COLUMN title_fr TEXT;
            ALTER TABLE crosswalks ADD COLUMN title_es TEXT;
            ALTER TABLE crosswalk_entries ADD COLUMN note_fr TEXT;
            ALTER TABLE crosswalk_entries ADD COLUMN note_es TEXT;
            ALTER TABLE users ADD COLUMN language TEXT CHECK (language IN ('en', 'ar', 'fr', 'es'));
            ALTER TABLE organisation ADD COLUMN locale TEXT
                CHECK (locale IS NULL OR length(locale) BETWEEN 2 AND 35);
            """)
}
