import Foundation
import QMSCore
import QMSDossier
import QMSFormats
import QMSStore

/// Audit dossiers: gathers the records as they were on the as-of day, in one consistent read of
/// the database, and hands them to ``DossierExporter``; verifies dossiers and makes signing keys.
///
/// An export writes nothing to the database (not even an audit event), so that exporting again
/// from the same database for the same day gives the same bytes.
public struct DossierService: Sendable {
    let qms: QMS

    /// Exports the dossier of `request` to `output` (a folder, or a `.zip`), signed with `key`;
    /// `dossier.xml` is validated against `schema` (`Standards/dossier.xsd`).
    public func export(
        _ request: DossierRequest, key: DossierSigningKey, to output: URL, schema: URL, pdf: Bool = false,
        progress: ProgressHandler? = nil
    ) async throws -> DossierExportReport {
        try request.validate()
        let files = qms.files
        let options = DossierExportOptions(output: output, key: key, schema: schema, pdf: pdf)
        let report = try await qms.store.reading { reader in
            let records = try DossierService.records(request, reader: reader)
            let source = StoreDossierSource(
                reader: reader, day: request.asOf, from: request.from, includeRestricted: request.includeRestricted,
                withdrawals: try reader.evidenceWithdrawals())
            return try DossierExporter.export(
                request, records: records, source: source, files: files, options: options
            ) { step in progress?(ProgressEvent(phase: step.phase, done: step.done, total: step.total)) }
        }
        qms.logger.info(
            "dossier exported",
            metadata: ["path": "\(report.path)", "asOf": "\(report.asOf)", "manifest": "\(report.manifestSHA256)"])
        return report
    }

    /// Verifies a dossier folder or ZIP; needs no database.
    public static func verify(_ url: URL, key: URL? = nil) throws -> DossierVerification {
        let verifying = try key.map { try DossierVerifyingKey(contentsOf: $0) }
        return try DossierVerifier.verify(url, key: verifying)
    }

    /// Makes a new signing key pair in `folder`: `dossier-signing.key` (mode 600) and `dossier-signing.pub`.
    public static func generateKey(in folder: URL) throws -> (privateKey: URL, publicKey: URL, fingerprint: String) {
        let key = DossierSigningKey.generate()
        let written = try key.write(to: folder)
        return (written.privateKey, written.publicKey, key.publicKey.fingerprint)
    }

    /// The signing key at `path`, else at `$EQMS_DOSSIER_KEY`.
    public static func signingKey(path: String?) throws -> DossierSigningKey {
        let environment = ProcessInfo.processInfo.environment["EQMS_DOSSIER_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        guard let chosen = path ?? environment else { throw DossierError.noKey }
        return try DossierSigningKey(contentsOf: URL(fileURLWithPath: chosen))
    }

    /// The small registers as of the request's day.
    static func records(_ request: DossierRequest, reader: StoreReader) throws -> DossierRecords {
        let day = request.asOf
        let nonconformities = try reader.nonconformities().compactMap { DossierAsOf.nonconformity($0, on: day) }
        let registers = try reader.qualityRegisters(asOf: day)
        var plan = try workPlan(asOf: day, reader: reader)
        if let approved = plan {
            plan?.quarters = try quarters(
                of: approved, from: request.from, asOf: day, risks: registers.risks,
                nonconformities: nonconformities, reader: reader)
        }
        return DossierRecords(
            organisation: try reader.organisation(), catalogues: try reader.catalogues(),
            crosswalks: try reader.crosswalks(), decisions: try reader.applicability(),
            nonconformities: nonconformities,
            audits: try reader.audits().compactMap { DossierAsOf.audit($0, on: day) },
            reviews: try reader.managementReviews().compactMap { DossierAsOf.review($0, on: day) },
            recommendations: try reader.recommendations().compactMap { DossierAsOf.recommendation($0, on: day) },
            workPlan: plan, trailHead: try reader.auditHead(asOf: day),
            evidenceCount: try reader.evidenceCount(asOf: day),
            eventCount: try reader.eventCount(from: request.from, until: day),
            registers: registers)
    }

    /// The quarterly progress reports of the approved work plan whose quarter ended in the
    /// dossier's period: a quarter still running by the as-of day has no report yet. Each is made
    /// from what was recorded by the as-of day.
    static func quarters(
        of plan: DossierWorkPlan, from: CalendarDate, asOf day: CalendarDate, risks: [Risk],
        nonconformities: [Nonconformity], reader: StoreReader
    ) throws -> [QuarterlyProgress] {
        let year = plan.version.planSet.workPlan.year
        let closed = Quarter.allCases.filter { quarter in
            let last = QuarterlyProgress.lastDay(of: quarter, year: year)
            return last <= day && last >= from
        }
        guard !closed.isEmpty else { return [] }
        let awp = plan.version.awp
        let spent = try reader.expenditures(awp).filter { $0.date <= day && $0.recordedAt.date <= day }
        let decisions = try reader.awpDecisions(awp).filter { $0.at.date <= day }
        let comments = try reader.awpComments(awp).filter { $0.at.date <= day }
        return closed.map { quarter in
            QuarterlyProgress(
                version: plan.version, quarter: quarter, expenditures: spent, risks: risks,
                nonconformities: nonconformities, decisions: decisions, comments: comments)
        }
    }

    /// The latest annual work plan version approved by the end of `day`, with its report from
    /// the expenditure recorded by then.
    static func workPlan(asOf day: CalendarDate, reader: StoreReader) throws -> DossierWorkPlan? {
        var latest: AWPDecision?
        for listing in try reader.awpListings() {
            for decision in try reader.awpDecisions(listing.awp)
            where decision.decision == .approve && decision.at.date <= day {
                if latest.map({ decision.at > $0.at }) ?? true { latest = decision }
            }
        }
        guard let approval = latest, let version = try reader.awpVersion(approval.awp, version: approval.version)
        else { return nil }
        var approved = version
        approved.status = .approved
        let spent = try reader.expenditures(approval.awp).filter { $0.date <= day && $0.recordedAt.date <= day }
        return DossierWorkPlan(
            version: approved, approval: approval, summary: AWPSummary(version: approved, expenditures: spent))
    }
}

extension QMS {
    /// Audit dossiers: export as of a day, signed.
    public var dossiers: DossierService { DossierService(qms: self) }
}

/// The large registers of a dossier, read a page at a time inside the export's read transaction.
struct StoreDossierSource: DossierSource {
    let reader: StoreReader
    let day: CalendarDate
    let from: CalendarDate
    let includeRestricted: Bool
    /// When each withdrawn record was withdrawn: a withdrawal after the day did not count then.
    let withdrawals: [EvidenceID: Instant]

    func forEachEvidencePage(size: Int, _ body: ([EvidenceRecord]) throws -> Void) throws {
        var after: EvidenceID?
        while true {
            let page = try reader.evidence(asOf: day, after: after, limit: size)
            guard let last = page.last else { return }
            try body(page.map(asOf))
            after = last.id
        }
    }

    func evidence(_ ids: [EvidenceID]) throws -> [EvidenceRecord] {
        try reader.evidence(asOf: day, ids: ids).map(asOf)
    }

    func complianceEvidence(loggedAgainst keys: [RequirementKey]) throws -> [ComplianceEvidence] {
        try reader.complianceEvidence(asOf: day, loggedAgainst: keys).compactMap { evidence in
            var result = evidence
            if result.validity.status == .withdrawn {
                guard let withdrawnAt = withdrawals[result.id], withdrawnAt.date > day else { return nil }
                result.validity.status = .current
            }
            return result
        }
    }

    func forEachFilePage(_ body: ([DossierFile]) throws -> Void) throws {
        var after: String?
        while true {
            let page = try reader.evidenceFiles(
                asOf: day, includeRestricted: includeRestricted, after: after, limit: 1000)
            guard let last = page.last else { return }
            try body(page.map { DossierFile(sha256: $0.sha256, size: $0.size) })
            after = last.sha256
        }
    }

    func forEachEventPage(_ body: ([AuditEvent]) throws -> Void) throws {
        var after: Int64 = 0
        while true {
            let page = try reader.events(from: from, until: day, after: after, limit: 1000)
            guard let last = page.last else { return }
            try body(page)
            after = last.sequence
        }
    }

    /// A record with the status it had at the end of the day.
    private func asOf(_ record: EvidenceRecord) -> EvidenceRecord {
        var result = record
        result.status = DossierAsOf.evidenceStatus(
            record, supersededBy: false, withdrawnAt: withdrawals[record.id], on: day)
        return result
    }
}
