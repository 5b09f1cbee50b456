import Foundation
import QMSCore
import QMSDossier
import QMSFormats
import QMSStore

/// An audit with the findings it raised: the shape of the programme in lists and JSON.
public struct AuditEntry: Sendable, Encodable {
    public var audit: Audit
    /// The nonconformities, observations and opportunities for improvement it raised.
    public var findings: [NonconformityID]

    private enum Keys: String, CodingKey { case findings }

    public func encode(to encoder: any Encoder) throws {
        // Flat: the audit's own fields, then its findings.
        try audit.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(findings, forKey: .findings)
    }
}

/// The internal audit programme (ISO 9001 9.2) and the certification audits (ISO/IEC 17021-1).
public struct AuditService: Sendable {
    let qms: QMS

    /// Puts an audit in the programme, status `planned`. Internal auditors must not audit a
    /// process they own (the processes users own, as `eqms user add --process` records them).
    @discardableResult
    public func plan(_ draft: AuditDraft) async throws -> Audit {
        try await insert(draft, status: .planned, action: "audit.plan")
    }

    /// Records an audit that has taken place (one a certification body held, or one not in the
    /// programme), status `conducted`, its report to follow.
    @discardableResult
    public func add(_ draft: AuditDraft) async throws -> Audit {
        let today = qms.today
        guard draft.startsOn <= today else {
            throw DomainError.ruleViolated(.auditNotHeldYet, ["start": "\(draft.startsOn)"], fix: .run(.planAudit))
        }
        return try await insert(draft, status: .conducted, action: "audit.add")
    }

    private func insert(_ draft: AuditDraft, status: AuditStatus, action: String) async throws -> Audit {
        try draft.validate()
        let actor = qms.actor
        let audit = try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            let reader = writer.reader
            try FindingsChecks.requirementsExist(draft.scope.requirements, reader)
            if let conflict = draft.independenceConflicts(owners: try Self.owners(reader)).first {
                throw DomainError.ruleViolated(
                    .auditorOwnsProcess, ["auditor": "\(conflict.auditor)", "process": "\(conflict.process)"],
                    fix: .advice(.independentAuditor(process: "\(conflict.process)")))
            }
            let year = draft.startsOn.year
            let id = AuditID(year: year, number: try writer.nextSequenceValue("AUD", year: year))
            let audit = Audit(
                id: id, content: draft, status: status, recordedAt: writer.instant, recordedBy: actor)
            try writer.insertAudit(audit, action: action)
            return audit
        }
        qms.logger.info("audit recorded", metadata: ["id": "\(audit.id)", "status": "\(status)"])
        return audit
    }

    /// Records an audit's report, with the certificate a stage 2 or recertification audit grants.
    @discardableResult
    public func report(_ id: AuditID, _ report: AuditReport) async throws -> Audit {
        try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            guard let before = try writer.reader.audit(id) else {
                throw DomainError.notFound(kind: .audit, id: id.description, hint: .lookUp(.audit))
            }
            try FindingsChecks.evidenceExists(report.evidence, writer.reader)
            let after = try before.reported(report)
            if let recommendation = report.recommendation {
                let findings = try writer.reader.nonconformities(matching: NonconformityFilter(audit: id))
                try recommendation.check(
                    openMajors: findings.filter { $0.content.grade == .major && $0.isOpen }.map(\.id))
            }
            try writer.updateAudit(after, before: before, action: "audit.report")
            try CertificationService.recordReported(after, writer: writer)
            try RegisterEvidence.syncFinding(
                after.evidenceSpec, id: id.description, reason: "no longer a reported internal audit", writer: writer)
            return after
        }
    }

    /// What an audit's report is made from: the audit, the findings raised against it (from the
    /// nonconformity register) and the organisation whose name heads it.
    public func reportContent(_ id: AuditID) async throws -> AuditReportContent {
        let content = try await qms.store.reading { reader -> AuditReportContent? in
            guard let audit = try reader.audit(id) else { return nil }
            return AuditReportContent(
                audit: audit, findings: try reader.nonconformities(matching: NonconformityFilter(audit: id)),
                organisation: try reader.organisation())
        }
        guard let content else {
            throw DomainError.notFound(kind: .audit, id: id.description, hint: .lookUp(.audit))
        }
        return content
    }

    /// Writes the signed package of an audit's report (ISO 19011 6.5) in `languages` to `output`
    /// (a folder, or a `.zip`), signed with the dossier's key; with `pdf`, each language's report
    /// is printed beside it. An audit whose report is not recorded yet has none to export.
    public func exportReport(
        _ id: AuditID, languages: [Language], key: DossierSigningKey, to output: URL, pdf: Bool = false
    ) async throws -> AuditReportDocument.Exported {
        let content = try await reportContent(id)
        guard content.audit.report != nil else {
            throw DomainError.ruleViolated(.auditNotReported, ["id": "\(id)"], fix: .give(["summary"]))
        }
        let exported = try AuditReportDocument.export(
            content, languages: languages, key: key, to: output, pdf: pdf, prepared: qms.today)
        qms.logger.info(
            "audit report exported",
            metadata: ["id": "\(id)", "path": "\(exported.path)", "manifest": "\(exported.manifestSHA256)"])
        return exported
    }

    /// One audit with its findings.
    public func show(_ id: AuditID) async throws -> AuditEntry {
        let entries = try await qms.store.reading { reader -> [AuditEntry] in
            guard let audit = try reader.audit(id) else { return [] }
            return try AuditService.entries([audit], reader)
        }
        guard let entry = entries.first else {
            throw DomainError.notFound(kind: .audit, id: id.description, hint: .lookUp(.audit))
        }
        return entry
    }

    /// The audits of one year of the programme, or all.
    public func list(year: Int? = nil) async throws -> [AuditEntry] {
        try await qms.store.reading { reader in try AuditService.entries(try reader.audits(year: year), reader) }
    }

    /// The next audit of the certification cycle, when it is due, and the open major
    /// nonconformities of certification audits that hold it back.
    public func nextCertificationAudit() async throws -> NextCertificationAudit {
        try await qms.store.reading { reader in
            CertificationCycle.next(
                after: try reader.audits(),
                nonconformities: try reader.nonconformities(
                    matching: NonconformityFilter(grade: .major, source: .certificationAudit, openOnly: true)))
        }
    }

    /// Writes the programme (of one year, or all) to a CSV file; returns the number of rows.
    @discardableResult
    public func exportCSV(year: Int? = nil, to url: URL) async throws -> Int {
        let entries = try await list(year: year)
        let findings = Dictionary(uniqueKeysWithValues: entries.map { ($0.audit.id, $0.findings) })
        return try FindingsChecks.write(FindingsCSV.audits(entries.map(\.audit), findings: findings), to: url)
    }

    private static func entries(_ audits: [Audit], _ reader: StoreReader) throws -> [AuditEntry] {
        guard !audits.isEmpty else { return [] }
        var findings: [AuditID: [NonconformityID]] = [:]
        for nonconformity in try reader.nonconformities() {
            if let audit = nonconformity.content.audit { findings[audit, default: []].append(nonconformity.id) }
        }
        return audits.map { AuditEntry(audit: $0, findings: findings[$0.id] ?? []) }
    }
}
