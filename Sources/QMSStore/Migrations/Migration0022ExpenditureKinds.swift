/// The expenditure ledger tells disbursements from expenditures (issue 27): donors report money
/// put at a partner's disposal (IATI transaction type 3) apart from money the commission spent
/// itself (type 4), and a disbursement names who received it. Entries from before this migration
/// are expenditures without a recipient, which is what they were.
enum Migration0022ExpenditureKinds {
    static let migration = Migration(
        name: "0022-expenditure-kinds",
        sql: """
            ALTER TABLE awp_expenditures ADD COLUMN kind TEXT NOT NULL DEFAULT 'expenditure'
                CHECK (kind IN ('expenditure', 'disbursement'));
            ALTER TABLE awp_expenditures ADD COLUMN recipient TEXT
                CHECK (recipient IS NULL OR length(trim(recipient)) BETWEEN 1 AND 200);
            """)
}
