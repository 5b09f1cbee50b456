import QMSCore

extension AuditedRegisters {
    /// The findings registers: every event of theirs records the entity's whole content as `after`.
    public static let findings: [AuditedRegister] = [audits, recommendations, nonconformities, managementReviews]

    /// Audits: planned or added, then reported.
    public static let audits = AuditedRegister(
        kind: "audit", noun: "audits",
        contentActions: [
            "audit.plan", "audit.add", "audit.report", "audit.relink", "audit.schedule", "audit.checklist",
            "audit.check",
        ],
        current: { reader in
            var records: [String: String] = [:]
            for audit in try reader.audits() { records["audit:\(audit.id)"] = try CanonicalJSON.encode(audit) }
            return records
        },
        references: [
            danglingRequirements(table: "audit_requirements", owner: "audit_id", kind: "audit")
        ])

    /// Observer-mission recommendations: added, linked, their status updated.
    public static let recommendations = AuditedRegister(
        kind: "recommendation", noun: "observer-mission recommendations",
        contentActions: ["recommendation.add", "recommendation.link", "recommendation.update"],
        current: { reader in
            var records: [String: String] = [:]
            for item in try reader.recommendations() {
                records["recommendation:\(item.id)"] = try CanonicalJSON.encode(item)
            }
            return records
        })

    /// Nonconformities with their whole corrective action: opened, advanced, reopened.
    public static let nonconformities = AuditedRegister(
        kind: "nc", noun: "nonconformities", contentActions: ["nc.open", "nc.advance", "nc.reopen", "nc.relink"],
        current: { reader in
            var records: [String: String] = [:]
            for item in try reader.nonconformities() { records["nc:\(item.id)"] = try CanonicalJSON.encode(item) }
            return records
        },
        references: [
            danglingRequirements(table: "nc_requirements", owner: "nc_id", kind: "nc")
        ])

    /// Management reviews: added, then their actions completed.
    public static let managementReviews = AuditedRegister(
        kind: "review", noun: "management reviews", contentActions: ["review.add", "review.complete"],
        current: { reader in
            var records: [String: String] = [:]
            for review in try reader.managementReviews() {
                records["review:\(review.id)"] = try CanonicalJSON.encode(review)
            }
            return records
        })

    /// Requirements named by a findings table that are no longer in any loaded catalogue.
    private static func danglingRequirements(table: String, owner: String, kind: String) -> RecordReference {
        RecordReference(
            target: .requirement,
            danglingQuery: """
                SELECT '\(kind):' || t.\(owner) AS record, t.standard_id || ':' || t.number AS target
                FROM \(table) t LEFT JOIN requirements q ON q.standard_id = t.standard_id AND q.number = t.number
                WHERE q.number IS NULL
                """)
    }
}
