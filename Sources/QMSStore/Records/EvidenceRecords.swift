import Foundation
import QMSCore

extension StoreWriter {
    /// Registers stored file content (once per hash).
    public func registerStoredFile(_ file: StoredFile) throws {
        try session.execute(
            "INSERT INTO stored_files (sha256, size, stored_at) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
            file.sha256, file.size, instant.description)
    }

    /// Stores a new evidence record (revision 1) and records it in the audit trail.
    public func insertEvidence(_ record: EvidenceRecord) throws {
        try insertEvidence([record])
    }

    /// Stores new evidence records with few statements, each with its own audit event.
    ///
    /// The bulk import's path, so written for speed: rows go out in multi-row statements of one
    /// size (prepared once, then reused), each event's JSON is written into one buffer and hashed
    /// from it, and nothing is built per row but the values themselves. The rows and events are
    /// those the single-record writes make: `canonicalJSON`, ``AuditChain/hash(sequence:at:actor:action:entity:before:after:previousHash:)``
    /// (tests hold them together).
    public func insertEvidence(_ records: [EvidenceRecord]) throws {
        guard !records.isEmpty else { return }
        var batches = EvidenceBatches(session)
        var events = RowBatch(session, into: "audit_events", columns: StoreWriter.eventColumns)
        try loadTrail()
        var (sequence, previousHash) = trailEnd
        let at = instant.description
        let atValue = SQLValue.text(at)
        let actorValue = SQLValue.text(actor)
        let action = "evidence.add"
        let actionValue = SQLValue.text(action)
        var texts = EvidenceTexts()
        var json: [UInt8] = []
        json.reserveCapacity(1024)
        var scratch: [UInt8] = []
        scratch.reserveCapacity(1280)
        var start = 0
        while start < records.count {
            let end = min(records.count, start + batches.evidence.perStatement)
            for record in records[start..<end] { try batches.appendRecord(record, texts: &texts) }
            // The records go first: their links, files and tags refer to them, and SQLite checks
            // foreign keys statement by statement.
            try batches.evidence.flush()
            for record in records[start..<end] {
                let id = texts.id(record.id)
                try batches.appendDependents(record, id: id)
                json.removeAll(keepingCapacity: true)
                record.writeCanonicalJSON(into: &json, recordedAt: texts.instant(record.recordedAt))
                sequence += 1
                let entity = "evidence:" + id
                let hash = json.withUnsafeBufferPointer { after in
                    AuditChain.hash(
                        sequence: sequence, at: at, actor: actor, action: action, entity: entity, before: nil,
                        after: after, previousHash: previousHash, scratch: &scratch)
                }
                events.append(.integer(sequence))
                events.append(atValue)
                events.append(actorValue)
                events.append(actionValue)
                events.append(.text(entity))
                events.append(.null)
                events.append(.text(String(decoding: json, as: UTF8.self)))
                events.append(.text(previousHash))
                events.append(.text(hash))
                try events.endRow()
                previousHash = hash
            }
            start = end
        }
        try batches.flushDependents()
        try events.flush()
        trailEnd = (sequence, previousHash)
    }

    /// Stores a new revision of an evidence record; the revision before it becomes superseded.
    public func insertRevision(_ record: EvidenceRecord, superseding previous: EvidenceRecord) throws {
        try session.execute(
            "UPDATE evidence SET status = 'superseded' WHERE id = ? AND revision = ?", previous.id.description,
            previous.revision)
        try insertEvidenceRows([record])
        try appendEvent(
            action: "evidence.revise", entity: "evidence:\(record.id)", before: previous.canonicalJSON,
            after: record.canonicalJSON)
    }

    /// Withdraws an evidence record (its latest revision), with the reason.
    public func withdrawEvidence(_ record: EvidenceRecord, reason: String) throws -> EvidenceRecord {
        var withdrawn = record
        withdrawn.status = .withdrawn
        withdrawn.withdrawnReason = reason
        try session.execute(
            "UPDATE evidence SET status = 'withdrawn', withdrawn_reason = ? WHERE id = ? AND revision = ?", reason,
            record.id.description, record.revision)
        try appendEvent(
            action: "evidence.withdraw", entity: "evidence:\(record.id)", before: record.canonicalJSON,
            after: withdrawn.canonicalJSON)
        return withdrawn
    }

    private func insertEvidenceRows(_ records: [EvidenceRecord]) throws {
        var batches = EvidenceBatches(session)
        var texts = EvidenceTexts()
        for record in records { try batches.appendRecord(record, texts: &texts) }
        try batches.evidence.flush()
        for record in records { try batches.appendDependents(record, id: texts.id(record.id)) }
        try batches.flushDependents()
    }
}

/// The rows of evidence records for their four tables, in multi-row statements.
struct EvidenceBatches {
    var evidence: RowBatch
    var links: RowBatch
    var files: RowBatch
    var tags: RowBatch

    init(_ session: any SQLSession) {
        evidence = RowBatch(
            session, into: "evidence",
            columns: [
                "id", "revision", "year", "number", "title", "description", "kind", "link", "owner", "process",
                "location", "effective_from", "effective_to", "collected_on", "valid_until", "review_due",
                "confidentiality", "status", "withdrawn_reason", "recorded_at", "recorded_by",
            ])
        links = RowBatch(
            session, into: "evidence_requirements", columns: ["evidence_id", "revision", "standard_id", "number"])
        files = RowBatch(
            session, into: "evidence_files",
            columns: ["evidence_id", "revision", "position", "sha256", "original_name", "media_type"])
        tags = RowBatch(session, into: "evidence_tags", columns: ["evidence_id", "revision", "tag"])
    }

    /// The record's row of `evidence` (sent when its statement is full, or by `evidence.flush()`).
    mutating func appendRecord(_ record: EvidenceRecord, texts: inout EvidenceTexts) throws(StoreError) {
        let content = record.content
        evidence.append(.text(texts.id(record.id)))
        evidence.append(.integer(Int64(record.revision)))
        evidence.append(.integer(Int64(record.id.year)))
        evidence.append(.integer(Int64(record.id.number)))
        evidence.append(.text(content.title))
        evidence.append(content.description.sqlValue)
        evidence.append(.text(content.kind.rawValue))
        evidence.append(content.link.sqlValue)
        evidence.append(.text(content.owner))
        evidence.append(content.process.sqlValue)
        evidence.append(.text(content.location))
        evidence.append(.text(texts.date(content.effectiveFrom)))
        evidence.append(content.effectiveTo.map { SQLValue.text(texts.date($0)) } ?? .null)
        evidence.append(.text(texts.date(content.collectedOn)))
        evidence.append(content.validUntil.map { SQLValue.text(texts.date($0)) } ?? .null)
        evidence.append(content.reviewDue.map { SQLValue.text(texts.date($0)) } ?? .null)
        evidence.append(.text(content.confidentiality.rawValue))
        evidence.append(.text(record.status.rawValue))
        evidence.append(record.withdrawnReason.sqlValue)
        evidence.append(.text(texts.instant(record.recordedAt)))
        evidence.append(.text(record.recordedBy))
        try evidence.endRow()
    }

    /// The record's links, files and tags; its `evidence` row must have been sent.
    mutating func appendDependents(_ record: EvidenceRecord, id: String) throws(StoreError) {
        let idValue = SQLValue.text(id)
        let revision = SQLValue.integer(Int64(record.revision))
        for key in record.content.requirements {
            links.append(idValue)
            links.append(revision)
            links.append(.text(key.standard.rawValue))
            links.append(.text(key.number))
            try links.endRow()
        }
        for (position, file) in record.files.enumerated() {
            files.append(idValue)
            files.append(revision)
            files.append(.integer(Int64(position)))
            files.append(.text(file.sha256))
            files.append(.text(file.originalName))
            files.append(.text(file.mediaType))
            try files.endRow()
        }
        for tag in record.content.tags {
            tags.append(idValue)
            tags.append(revision)
            tags.append(.text(tag))
            try tags.endRow()
        }
    }

    mutating func flushDependents() throws(StoreError) {
        try links.flush()
        try files.flush()
        try tags.flush()
    }
}

/// Texts of identifiers, dates and instants as their descriptions write them, without the cost
/// of string interpolation for each, and the last instant's text kept (an import's records share it).
struct EvidenceTexts {
    private var lastInstant: Instant?
    private var lastInstantText = ""
    private var bytes = JSONBytes(output: [])

    init() { bytes.output.reserveCapacity(32) }

    /// `EV-2026-0042`.
    mutating func id(_ id: EvidenceID) -> String {
        bytes.output.removeAll(keepingCapacity: true)
        bytes.evidenceID(id)
        // Without the quotes JSON puts around it.
        return String(decoding: bytes.output[1..<(bytes.output.count - 1)], as: UTF8.self)
    }

    /// `2026-11-23`.
    mutating func date(_ date: CalendarDate) -> String {
        bytes.output.removeAll(keepingCapacity: true)
        bytes.date(date)
        return String(decoding: bytes.output[1..<(bytes.output.count - 1)], as: UTF8.self)
    }

    /// `2026-11-23T14:10:01.123Z`.
    mutating func instant(_ instant: Instant) -> String {
        if instant != lastInstant {
            lastInstant = instant
            lastInstantText = instant.description
        }
        return lastInstantText
    }
}

/// Rows of one table gathered into multi-row `INSERT`s of one size, each sent as soon as it is
/// full: the statement's text repeats, so a session that keeps prepared statements prepares it
/// once, and a bulk write never holds more than one statement's values.
struct RowBatch {
    let session: any SQLSession
    let perStatement: Int
    private let head: String
    private let placeholders: String
    private var values: [SQLValue] = []
    private var rows = 0
    private var fullStatement: String?

    init(_ session: any SQLSession, into table: String, columns: [String]) {
        self.session = session
        // As ``SQLSession/insertRows(into:columns:rows:)``: under both databases' limits on values.
        perStatement = max(1, 960 / columns.count)
        head = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        placeholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        values.reserveCapacity(perStatement * columns.count)
    }

    mutating func append(_ value: SQLValue) { values.append(value) }

    /// Ends a row whose values were appended, and sends the statement when it is full.
    mutating func endRow() throws(StoreError) {
        rows += 1
        if rows == perStatement { try flush() }
    }

    /// Sends the rows gathered.
    mutating func flush() throws(StoreError) {
        guard rows > 0 else { return }
        let sql: String
        if rows == perStatement, let fullStatement {
            sql = fullStatement
        } else {
            sql = head + Array(repeating: placeholders, count: rows).joined(separator: ", ")
            if rows == perStatement { fullStatement = sql }
        }
        try session.execute(sql, values)
        values.removeAll(keepingCapacity: true)
        rows = 0
    }
}

/// What to list of the evidence register.
/// A column a page of the evidence register can be ordered by.
public enum EvidenceSort: String, Sendable, CaseIterable {
    case id, title, kind, owner, process, status, effective, validUntil = "valid-until"

    /// The SQL expressions on `evidence e` it orders by.
    var columns: [String] {
        switch self {
        case .id: return ["e.year", "e.number"]
        case .title: return ["LOWER(e.title)"]
        case .kind: return ["e.kind"]
        case .owner: return ["LOWER(e.owner)"]
        case .process: return ["e.process"]
        case .status: return ["e.status"]
        case .effective: return ["e.effective_from"]
        case .validUntil: return ["e.valid_until"]
        }
    }

    /// The ORDER BY of a page: records without a value last in either direction (SQLite and
    /// PostgreSQL place NULL at opposite ends by themselves), ties newest first so pages never overlap.
    func order(descending: Bool) -> String {
        let nulls = self == .process || self == .validUntil ? ["(\(columns[0]) IS NULL)"] : []
        return
            (nulls + columns.map { "\($0) \(descending ? "DESC" : "ASC")" }
            + ["e.year DESC", "e.number DESC", "e.revision DESC"]).joined(separator: ", ")
    }
}

public struct EvidenceFilter: Sendable {
    public var requirement: RequirementKey?
    /// Only these records (the ones the compliance matrix counts for a requirement), when given.
    public var ids: [EvidenceID]?
    public var status: EvidenceStatus?
    public var owner: String?
    public var process: String?
    /// Include superseded revisions (the history) rather than only each record's latest revision.
    public var includeHistory = false
    /// The newest `limit` records only (newest first), for pages of a long register.
    public var limit: Int?
    /// Records to skip before the page, with `limit`.
    public var offset = 0
    /// Only records whose identifier, title, description, owner or process contains this text,
    /// ignoring case, accents and Arabic marks (``SearchFolding``).
    public var text: String?
    /// The order of a page (`limit`); by default the newest records first.
    public var sort: EvidenceSort?
    /// With `sort`, from the last to the first.
    public var descending = false

    /// Creates a filter; nil parts match everything.
    public init(
        requirement: RequirementKey? = nil, status: EvidenceStatus? = nil, owner: String? = nil, process: String? = nil
    ) {
        self.requirement = requirement
        self.status = status
        self.owner = owner
        self.process = process
    }
}

extension StoreReader {
    /// Every revision of one evidence record, oldest first.
    public func evidenceRevisions(_ id: EvidenceID) throws -> [EvidenceRecord] {
        try loadEvidence(where: "e.id = ?", [.text(id.description)])
    }

    /// The latest revision of each evidence record that matches the filter, in identifier order.
    public func evidence(matching filter: EvidenceFilter) throws -> [EvidenceRecord] {
        let (condition, arguments) = Self.condition(of: filter)
        let order = filter.sort.map { $0.order(descending: filter.descending) }
        return try loadEvidence(where: condition, arguments, limit: filter.limit, offset: filter.offset, order: order)
    }

    /// The records ``evidence(matching:)`` gives, handed to `body` at most `size` at a time, so
    /// that a register of any length is written out as it is read, never held whole.
    ///
    /// Pages follow the identifier order by key (after the last record of the page before, on
    /// the `evidence_newest` index), not by offset, so that each page costs the same however far
    /// into the register it is. A filter with a `limit` or a `sort` is one page already.
    public func forEachEvidencePage(
        matching filter: EvidenceFilter, size: Int, _ body: ([EvidenceRecord]) throws -> Void
    ) throws {
        guard filter.limit == nil, filter.sort == nil else { return try body(try evidence(matching: filter)) }
        let (condition, arguments) = Self.condition(of: filter)
        let size = max(1, size)
        var after: EvidenceRecord?
        while true {
            var pageCondition = condition
            var pageArguments = arguments
            if let after {
                // A row value compares as the index orders: both databases seek to it.
                pageCondition = "(\(condition)) AND (e.year, e.number, e.revision) > (?, ?, ?)"
                pageArguments += [
                    .integer(Int64(after.id.year)), .integer(Int64(after.id.number)), .integer(Int64(after.revision)),
                ]
            }
            let page = try loadEvidence(
                where: pageCondition, pageArguments, limit: size, order: "e.year, e.number, e.revision")
            guard let last = page.last else { return }
            try body(page)
            guard page.count == size else { return }
            after = last
        }
    }

    /// The SQL condition (on `evidence e`) and its arguments that select what a filter matches.
    static func condition(of filter: EvidenceFilter) -> (String, [SQLValue]) {
        var conditions: [String] = []
        var arguments: [SQLValue] = []
        if let status = filter.status {
            conditions.append("e.status = ?")
            arguments.append(.text(status.rawValue))
        } else if !filter.includeHistory {
            conditions.append("e.status <> 'superseded'")
        }
        if let owner = filter.owner {
            conditions.append("e.owner = ?")
            arguments.append(.text(owner))
        }
        if let process = filter.process {
            conditions.append("e.process = ?")
            arguments.append(.text(process))
        }
        if let ids = filter.ids {
            if ids.isEmpty {
                conditions.append("1 = 0")
            } else {
                conditions.append("e.id IN (\(Array(repeating: "?", count: ids.count).joined(separator: ", ")))")
                arguments += ids.map { .text($0.description) }
            }
        }
        if let text = filter.text.map(SearchFolding.fold), !text.isEmpty {
            let pattern =
                "%"
                + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
            let columns = ["e.id", "e.title", "e.description", "e.owner", "e.process"]
            conditions.append(
                "("
                    + columns.map { "\(SearchFolding.function)(COALESCE(\($0), '')) LIKE ? ESCAPE '\\'" }.joined(
                        separator: " OR ") + ")")
            arguments += Array(repeating: .text(pattern), count: columns.count)
        }
        if let requirement = filter.requirement {
            conditions.append(
                """
                EXISTS (SELECT 1 FROM evidence_requirements r WHERE r.evidence_id = e.id AND r.revision = e.revision
                    AND r.standard_id = ? AND r.number = ?)
                """)
            arguments += [.text(requirement.standard.rawValue), .text(requirement.number)]
        }
        return (conditions.isEmpty ? "1 = 1" : conditions.joined(separator: " AND "), arguments)
    }

    /// Current and draft records that expire by `until` or whose review was due before `reviewDueBefore`:
    /// the only ones that can raise an alert, found without reading the whole register.
    public func evidenceNeedingAttention(expiringBy until: CalendarDate, reviewDueBefore: CalendarDate) throws
        -> [EvidenceRecord]
    {
        try loadEvidence(
            where: "e.status IN ('current', 'draft') AND ((e.valid_until IS NOT NULL AND e.valid_until <= ?) "
                + "OR (e.review_due IS NOT NULL AND e.review_due < ?))",
            [.text(until.description), .text(reviewDueBefore.description)])
    }

    /// How many records (latest revisions) match the filter, for page counts.
    public func evidenceCount(matching filter: EvidenceFilter) throws -> Int {
        let (condition, arguments) = Self.condition(of: filter)
        let row = try session.query("SELECT COUNT(*) AS value FROM evidence e WHERE \(condition)", arguments).first
        return Int(row?.firstInt ?? 0)
    }

    /// Each record's latest revision, reduced to what the compliance matrix needs.
    public func complianceEvidence() throws -> [ComplianceEvidence] {
        try complianceEvidence(where: "", [])
    }

    /// The records named that are current or draft, reduced to what the compliance matrix needs:
    /// what a maintained matrix reads again after a write. A record not returned no longer counts.
    public func complianceEvidence(ids: some Collection<EvidenceID>) throws -> [ComplianceEvidence] {
        let ids = Array(ids)
        var result: [ComplianceEvidence] = []
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = ids[start..<min(start + 500, ids.count)]
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            result += try complianceEvidence(where: "AND e.id IN (\(marks))", chunk.map { .text($0.description) })
        }
        return result.sorted { $0.id < $1.id }
    }

    /// A record's requirements come in key order, whichever database answers, since the matrix
    /// credits the first of equally strong paths to a requirement.
    private func complianceEvidence(where condition: String, _ arguments: [SQLValue]) throws -> [ComplianceEvidence] {
        var links: [String: [RequirementKey]] = [:]
        for row in try session.query(
            """
            SELECT r.evidence_id, r.standard_id, r.number FROM evidence_requirements r
            JOIN evidence e ON e.id = r.evidence_id AND e.revision = r.revision
            WHERE e.status IN ('current', 'draft') \(condition)
            ORDER BY r.evidence_id, r.standard_id, r.number
            """, arguments)
        {
            links[try row.string("evidence_id"), default: []].append(
                try RequirementKey(
                    standard: try StandardID(try row.string("standard_id")), number: try row.string("number")))
        }
        return try session.query(
            """
            SELECT e.id, e.year, e.number, e.status, e.effective_from, e.valid_until, e.review_due FROM evidence e
            WHERE e.status IN ('current', 'draft') \(condition) ORDER BY e.year, e.number
            """, arguments
        ).map { row in
            let id = try row.string("id")
            return ComplianceEvidence(
                id: EvidenceID(year: Int(try row.int("year")), number: Int(try row.int("number"))),
                validity: EvidenceValidity(
                    status: EvidenceStatus(rawValue: try row.string("status")) ?? .draft,
                    effectiveFrom: try CalendarDate(parsing: try row.string("effective_from")),
                    validUntil: try row.optionalString("valid_until").map { try CalendarDate(parsing: $0) },
                    reviewDue: try row.optionalString("review_due").map { try CalendarDate(parsing: $0) }),
                requirements: links[id] ?? [])
        }
    }

    /// The title, validity and register entry of each record named (its latest revision), for
    /// pages that list records by identifier. Asked in chunks, so any number of records can be named.
    public func evidenceLabels(_ ids: [EvidenceID]) throws -> [EvidenceID: EvidenceLabel] {
        var labels: [EvidenceID: EvidenceLabel] = [:]
        let unique = Array(Set(ids))
        for start in stride(from: 0, to: unique.count, by: 500) {
            let chunk = unique[start..<min(start + 500, unique.count)]
            let arguments: [SQLValue] = chunk.map { .text($0.description) }
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            for row in try session.query(
                """
                SELECT id, year, number, title, status, effective_from, valid_until, review_due FROM evidence
                WHERE id IN (\(marks)) AND status <> 'superseded'
                """, arguments)
            {
                let id = EvidenceID(year: Int(try row.int("year")), number: Int(try row.int("number")))
                labels[id] = EvidenceLabel(
                    id: id, title: try row.string("title"),
                    validity: EvidenceValidity(
                        status: EvidenceStatus(rawValue: try row.string("status")) ?? .draft,
                        effectiveFrom: try CalendarDate(parsing: try row.string("effective_from")),
                        validUntil: try row.optionalString("valid_until").map { try CalendarDate(parsing: $0) },
                        reviewDue: try row.optionalString("review_due").map { try CalendarDate(parsing: $0) }))
            }
            // The quality registers keep their entry's record identifier; the findings registers
            // tag the record with the finding (``FindingsEvidenceTag``).
            let registers: [(RegisterEntryLink.Register, String, String)] = [
                (.document, "controlled_documents", "code"), (.context, "context_issues", "id"),
                (.risk, "risks", "id"), (.party, "interested_parties", "id"), (.process, "qms_processes", "code"),
                (.provider, "external_providers", "id"), (.training, "training_events", "id"),
                (.kpi, "monitored_kpis", "code"),
            ]
            for (register, table, column) in registers {
                for row in try session.query(
                    "SELECT \(column) AS entry, evidence_id FROM \(table) WHERE evidence_id IN (\(marks))", arguments)
                {
                    let id = try EvidenceID(parsing: try row.string("evidence_id"))
                    labels[id]?.entry = RegisterEntryLink(register: register, id: try row.string("entry"))
                }
            }
            var findings: [EvidenceID: (register: RegisterEntryLink.Register?, id: String?)] = [:]
            for row in try session.query(
                """
                SELECT t.evidence_id, t.tag FROM evidence_tags t
                JOIN evidence e ON e.id = t.evidence_id AND e.revision = t.revision
                WHERE t.evidence_id IN (\(marks)) AND e.status <> 'superseded'
                    AND (t.tag IN ('nonconformity', 'internal-audit', 'management-review') OR t.tag LIKE 'finding:%')
                """, arguments)
            {
                let id = try EvidenceID(parsing: try row.string("evidence_id"))
                let tag = try row.string("tag")
                switch tag {
                case "nonconformity": findings[id, default: (nil, nil)].register = .nonconformity
                case "internal-audit": findings[id, default: (nil, nil)].register = .audit
                case "management-review": findings[id, default: (nil, nil)].register = .review
                default: findings[id, default: (nil, nil)].id = String(tag.dropFirst("finding:".count)).uppercased()
                }
            }
            for (id, finding) in findings {
                if let register = finding.register, let entry = finding.id {
                    labels[id]?.entry = RegisterEntryLink(register: register, id: entry)
                }
            }
        }
        return labels
    }

    /// Every file reference of every revision, for integrity checks and dossiers.
    public func evidenceFileHashes() throws -> Set<String> {
        Set(try session.query("SELECT DISTINCT sha256 FROM evidence_files").map { try $0.string("sha256") })
    }

    func loadEvidence(
        where condition: String, _ arguments: [SQLValue], limit: Int? = nil, offset: Int = 0, order: String? = nil
    ) throws -> [EvidenceRecord] {
        // A page is the newest records first unless sorted; a whole register reads oldest first.
        let order =
            order ?? (limit == nil ? "e.year, e.number, e.revision" : "e.year DESC, e.number DESC, e.revision DESC")
        let page = limit.map { " LIMIT \(max(0, $0)) OFFSET \(max(0, offset))" } ?? ""
        let rows = try session.query(
            "SELECT e.* FROM evidence e WHERE \(condition) ORDER BY \(order)\(page)", arguments)
        guard !rows.isEmpty else { return [] }
        let scope = "SELECT e.id, e.revision FROM evidence e WHERE \(condition) ORDER BY \(order)\(page)"
        var links: [String: [RequirementKey]] = [:]
        for row in try session.query(
            """
            SELECT r.evidence_id, r.revision, r.standard_id, r.number FROM evidence_requirements r
            WHERE (r.evidence_id, r.revision) IN (\(scope)) ORDER BY r.standard_id, r.number
            """, arguments)
        {
            links["\(try row.string("evidence_id"))#\(try row.int("revision"))", default: []].append(
                try RequirementKey(
                    standard: try StandardID(try row.string("standard_id")), number: try row.string("number")))
        }
        var files: [String: [EvidenceFile]] = [:]
        for row in try session.query(
            """
            SELECT f.evidence_id, f.revision, f.sha256, f.original_name, f.media_type, s.size FROM evidence_files f
            JOIN stored_files s ON s.sha256 = f.sha256
            WHERE (f.evidence_id, f.revision) IN (\(scope)) ORDER BY f.position
            """, arguments)
        {
            files["\(try row.string("evidence_id"))#\(try row.int("revision"))", default: []].append(
                EvidenceFile(
                    sha256: try row.string("sha256"), size: try row.int("size"),
                    originalName: try row.string("original_name"), mediaType: try row.string("media_type")))
        }
        var tags: [String: [String]] = [:]
        for row in try session.query(
            """
            SELECT t.evidence_id, t.revision, t.tag FROM evidence_tags t
            WHERE (t.evidence_id, t.revision) IN (\(scope)) ORDER BY t.tag
            """, arguments)
        {
            tags["\(try row.string("evidence_id"))#\(try row.int("revision"))", default: []].append(
                try row.string("tag"))
        }
        return try rows.map { row in
            let key = "\(try row.string("id"))#\(try row.int("revision"))"
            func date(_ column: String) throws -> CalendarDate? {
                try row.optionalString(column).map { try CalendarDate(parsing: $0) }
            }
            let content = EvidenceDraft(
                title: try row.string("title"), description: row.optionalString("description"),
                kind: EvidenceKind(rawValue: try row.string("kind")) ?? .note, link: row.optionalString("link"),
                owner: try row.string("owner"), process: row.optionalString("process"),
                location: try row.string("location"),
                effectiveFrom: try CalendarDate(parsing: row.string("effective_from")),
                effectiveTo: try date("effective_to"),
                collectedOn: try CalendarDate(parsing: row.string("collected_on")),
                validUntil: try date("valid_until"), reviewDue: try date("review_due"),
                confidentiality: Confidentiality(rawValue: try row.string("confidentiality")) ?? .restricted,
                status: try row.string("status") == EvidenceStatus.draft.rawValue ? .draft : .current,
                requirements: links[key] ?? [], tags: tags[key] ?? [])
            return EvidenceRecord(
                id: EvidenceID(year: Int(try row.int("year")), number: Int(try row.int("number"))),
                revision: Int(try row.int("revision")), content: content, files: files[key] ?? [],
                status: EvidenceStatus(rawValue: try row.string("status")) ?? .current,
                withdrawnReason: row.optionalString("withdrawn_reason"),
                recordedAt: try Instant(parsing: row.string("recorded_at")), recordedBy: try row.string("recorded_by"))
        }
    }
}
