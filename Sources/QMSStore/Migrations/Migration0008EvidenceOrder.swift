/// The evidence register's pages list the newest records first; without an index in that order
/// every page sorted the whole register (a quarter of a second at 100,000 records).
enum Migration0008EvidenceOrder {
    static let migration = Migration(
        name: "0008-evidence-order",
        sql: """
            CREATE INDEX evidence_newest ON evidence (year, number, revision);
            """)
}
