import Foundation
import QMSCore

/// The queries an audit dossier reads: records as they were at the end of a day, a page at a
/// time, so that a dossier of any size is written in constant memory.
///
/// "As of a day" means what the database knew by then: for each evidence record, the latest
/// revision recorded by the end of that day; records first recorded later are left out.
extension StoreReader {
    /// Revisions recorded by the end of the day, and only each record's latest such revision.
    /// Two arguments: the first day after.
    private static let asOfCondition =
        "e.recorded_at < ? AND e.revision = (SELECT MAX(x.revision) FROM evidence x WHERE x.id = e.id AND x.recorded_at < ?)"

    private static func asOfArguments(_ day: CalendarDate) -> [SQLValue] {
        let next = day.adding(days: 1).description
        return [.text(next), .text(next)]
    }

    /// How many evidence records existed at the end of `day`.
    public func evidenceCount(asOf day: CalendarDate) throws -> Int {
        let next = day.adding(days: 1).description
        return Int(
            try session.scalarInt("SELECT COUNT(DISTINCT id) AS value FROM evidence WHERE recorded_at < ?", next) ?? 0)
    }

    /// Up to `limit` evidence records as of `day` whose identifier comes after `after`, in
    /// identifier order, each in the revision it had then (statuses as stored: see
    /// ``evidenceWithdrawals()`` to tell a later withdrawal from one made by then).
    public func evidence(asOf day: CalendarDate, after: EvidenceID?, limit: Int) throws -> [EvidenceRecord] {
        var arguments = StoreReader.asOfArguments(day)
        var range = ""
        if let after {
            range = " AND (e.year > ? OR (e.year = ? AND e.number > ?))"
            arguments += [.integer(Int64(after.year)), .integer(Int64(after.year)), .integer(Int64(after.number))]
        }
        guard
            let last = try session.query(
                "SELECT e.year, e.number FROM evidence e WHERE \(StoreReader.asOfCondition)\(range) "
                    + "ORDER BY e.year, e.number LIMIT \(max(1, limit))", arguments
            ).last
        else { return [] }
        let lastYear = try last.int("year")
        let lastNumber = try last.int("number")
        return try loadEvidence(
            where: "\(StoreReader.asOfCondition)\(range) AND (e.year < ? OR (e.year = ? AND e.number <= ?))",
            arguments + [.integer(lastYear), .integer(lastYear), .integer(lastNumber)])
    }

    /// The records with these identifiers as of `day`, in identifier order.
    public func evidence(asOf day: CalendarDate, ids: [EvidenceID]) throws -> [EvidenceRecord] {
        var result: [EvidenceRecord] = []
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = ids[start..<min(start + 500, ids.count)]
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            result += try loadEvidence(
                where: "\(StoreReader.asOfCondition) AND e.id IN (\(marks))",
                StoreReader.asOfArguments(day) + chunk.map { .text($0.description) })
        }
        return result.sorted { $0.id < $1.id }
    }

    /// When each withdrawn record was withdrawn, from the audit trail (the evidence table keeps
    /// the status, not the day).
    public func evidenceWithdrawals() throws -> [EvidenceID: Instant] {
        var result: [EvidenceID: Instant] = [:]
        for row in try session.query(
            "SELECT entity, at FROM audit_events WHERE action = 'evidence.withdraw' ORDER BY seq")
        {
            let entity = try row.string("entity")
            guard entity.hasPrefix("evidence:"),
                let id = try? EvidenceID(parsing: String(entity.dropFirst("evidence:".count))),
                let at = try? Instant(parsing: try row.string("at"))
            else { continue }
            result[id] = at
        }
        return result
    }

    /// The compliance facts, as of `day`, of every record logged against any of `keys` — with
    /// only those of its requirements — in identifier order. Statuses are as stored, but a
    /// revision superseded after the day reads `current` (it was in force then).
    public func complianceEvidence(asOf day: CalendarDate, loggedAgainst keys: [RequirementKey]) throws
        -> [ComplianceEvidence]
    {
        guard !keys.isEmpty else { return [] }
        var result: [ComplianceEvidence] = []
        var index: [EvidenceID: Int] = [:]
        for start in stride(from: 0, to: keys.count, by: 500) {
            let chunk = keys[start..<min(start + 500, keys.count)]
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            let rows = try session.query(
                """
                SELECT e.year, e.number, e.status, e.effective_from, e.valid_until, e.review_due,
                    r.standard_id, r.number AS requirement
                FROM evidence e JOIN evidence_requirements r ON r.evidence_id = e.id AND r.revision = e.revision
                WHERE \(StoreReader.asOfCondition) AND r.standard_id || ':' || r.number IN (\(marks))
                ORDER BY e.year, e.number, r.standard_id, r.number
                """, StoreReader.asOfArguments(day) + chunk.map { .text($0.description) })
            for row in rows {
                let id = EvidenceID(year: Int(try row.int("year")), number: Int(try row.int("number")))
                let key = try RequirementKey(
                    standard: StandardID(try row.string("standard_id")), number: try row.string("requirement"))
                if let position = index[id] {
                    result[position].requirements.append(key)
                    continue
                }
                var status = EvidenceStatus(rawValue: try row.string("status")) ?? .draft
                if status == .superseded { status = .current }
                index[id] = result.count
                result.append(
                    ComplianceEvidence(
                        id: id,
                        validity: EvidenceValidity(
                            status: status, effectiveFrom: try CalendarDate(parsing: try row.string("effective_from")),
                            validUntil: try row.optionalString("valid_until").map { try CalendarDate(parsing: $0) },
                            reviewDue: try row.optionalString("review_due").map { try CalendarDate(parsing: $0) }),
                        requirements: [key]))
            }
        }
        return result.sorted { $0.id < $1.id }
    }

    /// Up to `limit` distinct stored files of the records as of `day`, after hash `after`, in hash
    /// order; restricted records' files only when `includeRestricted`.
    public func evidenceFiles(asOf day: CalendarDate, includeRestricted: Bool, after: String?, limit: Int) throws
        -> [RegisteredFile]
    {
        var arguments = StoreReader.asOfArguments(day)
        var conditions = StoreReader.asOfCondition
        if !includeRestricted { conditions += " AND e.confidentiality <> 'restricted'" }
        if let after {
            conditions += " AND f.sha256 > ?"
            arguments.append(.text(after))
        }
        return try session.query(
            """
            SELECT DISTINCT f.sha256, s.size FROM evidence_files f
            JOIN stored_files s ON s.sha256 = f.sha256
            JOIN evidence e ON e.id = f.evidence_id AND e.revision = f.revision
            WHERE \(conditions) ORDER BY f.sha256 LIMIT \(max(1, limit))
            """, arguments
        ).map { row in RegisteredFile(sha256: try row.string("sha256"), size: try row.int("size")) }
    }

    /// How many audit events fall between the start of `from` and the end of `until`.
    public func eventCount(from: CalendarDate, until: CalendarDate) throws -> Int {
        Int(
            try session.scalarInt(
                "SELECT COUNT(*) AS value FROM audit_events WHERE at >= ? AND at < ?", from.description,
                until.adding(days: 1).description) ?? 0)
    }

    /// Up to `limit` audit events between the start of `from` and the end of `until`, after
    /// number `after`, in order.
    public func events(from: CalendarDate, until: CalendarDate, after: Int64, limit: Int) throws -> [AuditEvent] {
        try session.query(
            "SELECT * FROM audit_events WHERE at >= ? AND at < ? AND seq > ? ORDER BY seq LIMIT \(max(1, limit))",
            from.description, until.adding(days: 1).description, after
        ).map(StoreReader.event)
    }

    /// The last audit event recorded by the end of `day`: the trail a dossier of that day reflects.
    public func auditHead(asOf day: CalendarDate) throws -> AuditHead? {
        try session.queryFirst(
            "SELECT * FROM audit_events WHERE at < ? ORDER BY seq DESC LIMIT 1", day.adding(days: 1).description
        ).map(StoreReader.event).map { AuditHead(sequence: $0.sequence, hash: $0.hash) }
    }
}
