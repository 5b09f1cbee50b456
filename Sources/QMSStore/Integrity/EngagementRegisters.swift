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
    /// Certification bodies, certificates (scope and status changes) and the edition transition
    /// deadlines the organisation recorded (migration 0029).
    public static let certification: [AuditedRegister] = [
        AuditedRegister(
            kind: "certification-body", noun: "certification bodies", contentActions: ["certification-body.add"],
            current: { reader in
                var records: [String: String] = [:]
                for body in try reader.certificationBodies() {
                    records["certification-body:\(body.name)"] = try CanonicalJSON.encode(body)
                }
                return records
            }),
        AuditedRegister(
            kind: "certificate", noun: "certificates", contentActions: ["certificate.add", "certificate.status"],
            current: { reader in
                var records: [String: String] = [:]
                for certificate in try reader.certificates() {
                    records["certificate:\(certificate.number)"] = try CanonicalJSON.encode(certificate)
                }
                return records
            }),
        AuditedRegister(
            kind: "edition-transition", noun: "edition transition deadlines",
            contentActions: ["edition-transition.set"],
            current: { reader in
                var records: [String: String] = [:]
                for setting in try reader.editionTransitions() {
                    records["edition-transition:\(setting.standard)"] = try CanonicalJSON.encode(setting)
                }
                return records
            }),
    ]
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
