import Foundation
import QMSCore
import QMSFormats
import QMSStore

/// How a register feeds the compliance matrix: an entry in its evidence state (an issued
/// document, a risk kept under review, an approved provider with a current evaluation, a training
/// with its effectiveness evaluated, a KPI with measurements) keeps an evidence record, created,
/// revised or withdrawn in the same transaction as the entry's change.
///
/// Why records rather than extra inputs to the matrix: everything that reads compliance (the
/// matrix, gaps, the requirement pages, audit dossiers as of a past day, OSCAL exports) already
/// reads evidence records, with their validity and review dates; an entry's evidence therefore
/// counts the same way everywhere, appears in the evidence register with a link back to its
/// entry (its tags and title), and its history is in the audit trail. The entry keeps the
/// record's identifier (`evidence`), and a review date passed makes the record count in part —
/// so a register not kept up to date shows as partial compliance.
enum RegisterEvidence {
    /// Brings the entry's evidence record in line with `spec`; returns the record's identifier to
    /// keep on the entry. With no spec (the entry is not evidence now), a current record is
    /// withdrawn with `reason`. Requirements of catalogues not loaded are left out; with none
    /// left, no record is made.
    static func sync(
        _ spec: RegisterEvidenceSpec?, current: EvidenceID?, reason: String, writer: StoreWriter
    ) throws -> EvidenceID? {
        let reader = writer.reader
        let latest = try current.flatMap { try reader.evidenceRevisions($0).last }
        let live = latest.flatMap { $0.status == .current || $0.status == .draft ? $0 : nil }
        let keys = try spec.map { try $0.requirements.filter { try reader.requirementExists($0) } } ?? []
        guard let spec, !keys.isEmpty else {
            if let live { _ = try writer.withdrawEvidence(live, reason: reason) }
            return current
        }
        let today = writer.instant.date
        var draft = EvidenceDraft(
            title: spec.title, description: spec.description, kind: spec.link == nil ? .note : .document,
            link: spec.link, owner: spec.owner, process: spec.process,
            effectiveFrom: spec.effectiveFrom, collectedOn: today,
            validUntil: spec.validUntil.map { max($0, spec.effectiveFrom) }, reviewDue: spec.reviewDue,
            confidentiality: .internal, status: .current, requirements: keys, tags: spec.tags)
        if let process = draft.process, process.uppercased().hasPrefix("EP-"),
            (try? ElectoralProcess(code: process)) == nil
        {
            draft.process = nil
        }
        try draft.validate(hasFiles: false)
        if let live {
            // Revised only when what it says changed, so that saving an entry twice adds nothing.
            draft.collectedOn = live.content.collectedOn
            if live.content == draft { return live.id }
            draft.collectedOn = today
            let record = EvidenceRecord(
                id: live.id, revision: live.revision + 1, content: draft, files: live.files, status: .current,
                recordedAt: writer.instant, recordedBy: writer.actor)
            try writer.insertRevision(record, superseding: live)
            return record.id
        }
        let number = try writer.nextSequenceValue("EV", year: today.year)
        let record = EvidenceRecord(
            id: EvidenceID(year: today.year, number: number), revision: 1, content: draft, files: [], status: .current,
            recordedAt: writer.instant, recordedBy: writer.actor)
        try writer.insertEvidence(record)
        return record.id
    }

    /// Keeps the evidence record of a finding (a closed nonconformity, a reported internal audit,
    /// a management review) in line with `spec`. The findings registers keep no evidence
    /// identifier of their own: the record is found again by its tag (``FindingsEvidenceTag``).
    static func syncFinding(_ spec: RegisterEvidenceSpec?, id: String, reason: String, writer: StoreWriter) throws {
        let tag = FindingsEvidenceTag.tag(id)
        let current = try writer.session.queryFirst(
            "SELECT evidence_id FROM evidence_tags WHERE tag = ? ORDER BY evidence_id DESC LIMIT 1", tag
        ).map { try EvidenceID(parsing: try $0.string("evidence_id")) }
        _ = try sync(spec, current: current, reason: reason, writer: writer)
    }
}

/// An entry of a register with what needs attention on the day it was read: the shape of the
/// registers in lists and JSON (the entry's own fields, then `status` and `alerts`).
public struct RegisterEntry<Record: Encodable & Sendable>: Sendable, Encodable {
    public var record: Record
    /// Reviews, actions, re-evaluations or measurements due or late on the day it was read.
    public var alerts: [RegisterAlert]
    /// The entry's status in one word, when it has one.
    public var status: String?

    /// Creates an entry.
    public init(_ record: Record, alerts: [RegisterAlert], status: String? = nil) {
        self.record = record
        self.alerts = alerts
        self.status = status
    }

    private enum Keys: String, CodingKey { case alerts, status }

    public func encode(to encoder: any Encoder) throws {
        // Flat: scripts read `status` and `alerts` beside the entry's own fields.
        try record.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(alerts, forKey: .alerts)
        try container.encodeIfPresent(status, forKey: .status)
    }
}

/// Checks shared by the registers, run inside their transactions.
enum RegisterChecks {
    static func requirementsExist(_ keys: [RequirementKey], _ reader: StoreReader) throws {
        for key in keys where try !reader.requirementExists(key) {
            throw DomainError.notFound(
                kind: .requirement, id: key.description,
                hint: .lookUp(.standard, scope: key.standard.rawValue))
        }
    }

    /// Writes a CSV document; returns its number of rows.
    static func write(_ csv: CSVWriter, to url: URL) throws -> Int {
        do {
            try Data(csv.text.utf8).write(to: url, options: .atomic)
        } catch {
            throw ServiceError.cannotWriteFile(path: url.path)
        }
        return csv.rowCount
    }

    static func notFound(_ kind: ErrorSubject, _ id: any CustomStringConvertible, record: RecordKind) -> DomainError {
        .notFound(kind: kind, id: id.description, hint: .lookUp(record))
    }
}
