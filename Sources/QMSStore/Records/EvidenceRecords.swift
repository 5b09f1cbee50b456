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
    public func insertEvidence(_ records: [EvidenceRecord]) throws {
        try insertEvidenceRows(records)
        try appendEvents(records.map { ("evidence.add", "evidence:\($0.id)", nil, $0.canonicalJSON) })
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
        var evidence: [[SQLValue]] = []
        var links: [[SQLValue]] = []
        var files: [[SQLValue]] = []
        var tags: [[SQLValue]] = []
        evidence.reserveCapacity(records.count)
        for record in records {
            let id = SQLValue.text(record.id.description)
            let revision = SQLValue.integer(Int64(record.revision))
            let content = record.content
            evidence.append([
                id, revision, .integer(Int64(record.id.year)), .integer(Int64(record.id.number)), .text(content.title),
                content.description.sqlValue, .text(content.kind.rawValue), content.link.sqlValue, .text(content.owner),
                content.process.sqlValue, .text(content.location), .text(content.effectiveFrom.description),
                content.effectiveTo?.description.sqlValue ?? .null, .text(content.collectedOn.description),
                content.validUntil?.description.sqlValue ?? .null, content.reviewDue?.description.sqlValue ?? .null,
                .text(content.confidentiality.rawValue), .text(record.status.rawValue), record.withdrawnReason.sqlValue,
                .text(record.recordedAt.description), .text(record.recordedBy),
            ])
            for key in content.requirements {
                links.append([id, revision, .text(key.standard.rawValue), .text(key.number)])
            }
            for (position, file) in record.files.enumerated() {
                files.append([
                    id, revision, .integer(Int64(position)), .text(file.sha256), .text(file.originalName),
                    .text(file.mediaType),
                ])
            }
            for tag in content.tags { tags.append([id, revision, .text(tag)]) }
        }
        try session.insertRows(
            into: "evidence",
            columns: [
                "id", "revision", "year", "number", "title", "description", "kind", "link", "owner", "process",
                "location",
                "effective_from", "effective_to", "collected_on", "valid_until", "review_due", "confidentiality",
                "status",
                "withdrawn_reason", "recorded_at", "recorded_by",
            ], rows: evidence)
        try session.insertRows(
            into: "evidence_requirements", columns: ["evidence_id", "revision", "standard_id", "number"], rows: links)
        try session.insertRows(
            into: "evidence_files",
            columns: ["evidence_id", "revision", "position", "sha256", "original_name", "media_type"], rows: files)
        try session.insertRows(into: "evidence_tags", columns: ["evidence_id", "revision", "tag"], rows: tags)
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
    /// ignoring case (SQLite folds the case of ASCII letters only).
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
        if let text = filter.text?.lowercased(), !text.isEmpty {
            let pattern =
                "%"
                + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
            let columns = ["e.id", "e.title", "e.description", "e.owner", "e.process"]
            conditions.append(
                "(" + columns.map { "LOWER(COALESCE(\($0), '')) LIKE ? ESCAPE '\\'" }.joined(separator: " OR ") + ")")
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
        var links: [String: [RequirementKey]] = [:]
        for row in try session.query(
            """
            SELECT r.evidence_id, r.standard_id, r.number FROM evidence_requirements r
            JOIN evidence e ON e.id = r.evidence_id AND e.revision = r.revision
            WHERE e.status IN ('current', 'draft')
            """)
        {
            links[try row.string("evidence_id"), default: []].append(
                try RequirementKey(
                    standard: try StandardID(try row.string("standard_id")), number: try row.string("number")))
        }
        return try session.query(
            """
            SELECT id, year, number, status, effective_from, valid_until, review_due FROM evidence
            WHERE status IN ('current', 'draft') ORDER BY year, number
            """
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
