/// The auditees of an audit (issue 21): the people or units audited, in the order given. An audit
/// recorded before this migration has none.
enum Migration0016AuditAuditees {
    static let migration = Migration(
        name: "0016-audit-auditees",
        sql: """
            CREATE TABLE audit_auditees (
                audit_id TEXT NOT NULL REFERENCES audits(id),
                position BIGINT NOT NULL CHECK (position >= 0),
                name TEXT NOT NULL CHECK (length(trim(name)) > 0),
                PRIMARY KEY (audit_id, position),
                UNIQUE (audit_id, name)
            );
            """)
}
