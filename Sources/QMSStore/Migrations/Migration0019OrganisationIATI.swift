/// The organisation's IATI organisation identifier (issue 27), which the IATI export of a work
/// plan takes when none is given for one export. A database from before this migration has none:
/// the export then asks for one, as it did.
enum Migration0019OrganisationIATI {
    static let migration = Migration(
        name: "0019-organisation-iati",
        sql: """
            ALTER TABLE organisation ADD COLUMN iati_reference TEXT
                CHECK (iati_reference IS NULL OR length(iati_reference) BETWEEN 1 AND 100);
            """)
}
