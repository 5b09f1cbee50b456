/// The activity a commitment is for, so that the payments on that activity settle it and a paid
/// order is no longer counted twice (once as committed, once as spent) in what is left of an
/// envelope. Stored commitments have none and stay outstanding in full, as before.
enum Migration0015CommitmentActivity {
    static let migration = Migration(
        name: "0015-commitment-activity",
        sql: """
            ALTER TABLE plan_commitments ADD COLUMN activity_code TEXT;
            """)
}
