import QMSCore

extension AuditedRegisters {
    /// Engagements: what each names and covers. Adding one or closing it early writes the whole
    /// record; an auditor's name slipped into `engagement_auditors` behind the application's back
    /// would open the records to them, so it is named. (The schema's foreign key guards the names.)
    public static let engagements = AuditedRegister(
        kind: "engagement", noun: "engagements", contentActions: ["engagement.add", "engagement.close"],
        current: { reader in
            var records: [String: String] = [:]
            for engagement in try reader.engagements() {
                records["engagement:\(engagement.id)"] = try CanonicalJSON.encode(engagement)
            }
            return records
        })

    /// Views of records and files: history, never content, so nothing is compared; listed here so
    /// that `eqms verify` knows the kind.
    public static let views = AuditedRegister(
        kind: "view", noun: "record views", contentActions: [], current: { _ in [:] })
}

extension AuditedRegisters {
    /// Evidence requests: every step writes the whole record, history included.
    public static let evidenceRequests = AuditedRegister(
        kind: "evidence-request", noun: "evidence requests", contentActions: nil,
        current: { reader in
            var records: [String: String] = [:]
            for request in try reader.evidenceRequests() {
                records["evidence-request:\(request.id)"] = try CanonicalJSON.encode(request)
            }
            return records
        })
}
