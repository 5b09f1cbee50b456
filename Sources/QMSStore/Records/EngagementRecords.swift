import Foundation
import QMSCore

/// One view recorded in the audit trail: who opened which record or file, when, under which engagement.
public struct RecordView: Sendable, Hashable, Codable {
    /// The engagement the viewer works under, or nil for an internal auditor.
    public var engagement: EngagementID?
    /// The record opened (`evidence:EV-2026-0042`).
    public var record: String
    /// The file opened, when it was a file: its name.
    public var file: String?
    /// The file's SHA-256, when it was a file.
    public var sha256: String?

    /// Describes a view.
    public init(engagement: EngagementID?, record: String, file: String? = nil, sha256: String? = nil) {
        self.engagement = engagement
        self.record = record
        self.file = file
        self.sha256 = sha256
    }

    /// The trail's entity for views under `engagement` (`view:ENG-2026-01`, `view:internal`).
    public static func entity(_ engagement: EngagementID?) -> String {
        "view:" + (engagement?.description ?? "internal")
    }
}

extension StoreWriter {
    /// Records a new engagement under the next number of its year.
    public func insertEngagement(_ draft: EngagementDraft, year: Int) throws -> Engagement {
        let id = EngagementID(year: year, number: try nextSequenceValue("ENG", year: year))
        let engagement = Engagement(id: id, content: draft, recordedAt: instant, recordedBy: actor)
        let scope = draft.scope
        try session.execute(
            """
            INSERT INTO engagements (id, year, number, certification_body, opens_on, closes_on, period_from,
                period_to, grants_restricted, recorded_at, recorded_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            id.description, id.year, id.number, draft.certificationBody, draft.opensOn.description,
            draft.closesOn.description, scope.periodFrom?.description, scope.periodTo?.description,
            draft.grantsRestricted ? 1 : 0, instant.description, actor)
        try session.insertRows(
            into: "engagement_auditors", columns: ["engagement_id", "username", "position"],
            rows: draft.auditors.enumerated().map { [.text(id.description), .text($1), .integer(Int64($0))] })
        let lists: [(String, [String])] = [
            ("standard", scope.standards.map(\.rawValue)), ("process", scope.processes), ("site", scope.sites),
        ]
        for (kind, values) in lists {
            try session.insertRows(
                into: "engagement_scope", columns: ["engagement_id", "kind", "position", "value"],
                rows: values.enumerated().map { [.text(id.description), .text(kind), .integer(Int64($0)), .text($1)] })
        }
        try appendEvent(
            action: "engagement.add", entity: "engagement:\(id)", before: nil,
            after: try CanonicalJSON.encode(engagement))
        return engagement
    }

    /// Closes an engagement before its window runs out.
    public func closeEngagement(_ id: EngagementID, on day: CalendarDate) throws -> Engagement {
        guard let before = try reader.engagement(id) else {
            throw DomainError.notFound(kind: .engagement, id: id.description, hint: nil)
        }
        var after = before
        try after.close(on: day)
        try session.execute("UPDATE engagements SET closed_on = ? WHERE id = ?", day.description, id.description)
        try appendEvent(
            action: "engagement.close", entity: "engagement:\(id)", before: try CanonicalJSON.encode(before),
            after: try CanonicalJSON.encode(after))
        return after
    }

    /// Records that the actor opened a record or a file: one event of the trail, nothing else.
    public func recordView(_ view: RecordView, file: Bool) throws {
        try appendEvent(
            action: file ? "file.view" : "record.view", entity: RecordView.entity(view.engagement), before: nil,
            after: try CanonicalJSON.encode(view))
    }
}

extension StoreReader {
    /// Every engagement, newest first.
    public func engagements() throws -> [Engagement] {
        try engagements(where: nil, [])
    }

    /// One engagement.
    public func engagement(_ id: EngagementID) throws -> Engagement? {
        try engagements(where: "id = ?", [.text(id.description)]).first
    }

    /// The engagements that name `username`.
    public func engagements(naming username: String) throws -> [Engagement] {
        try engagements(
            where: "id IN (SELECT engagement_id FROM engagement_auditors WHERE username = ?)", [.text(username)])
    }

    private func engagements(where condition: String?, _ arguments: [SQLValue]) throws -> [Engagement] {
        let rows = try session.query(
            "SELECT * FROM engagements" + (condition.map { " WHERE " + $0 } ?? "") + " ORDER BY year DESC, number DESC",
            arguments)
        return try rows.map { row in
            let id = try EngagementID(parsing: try row.string("id"))
            let auditors = try session.query(
                "SELECT username FROM engagement_auditors WHERE engagement_id = ? ORDER BY position", id.description
            ).map { try $0.string("username") }
            var lists: [String: [String]] = [:]
            for item in try session.query(
                "SELECT kind, value FROM engagement_scope WHERE engagement_id = ? ORDER BY kind, position",
                id.description)
            {
                lists[try item.string("kind"), default: []].append(try item.string("value"))
            }
            let scope = EngagementScope(
                standards: try (lists["standard"] ?? []).map { try StandardID($0) }, processes: lists["process"] ?? [],
                sites: lists["site"] ?? [],
                periodFrom: try row.optionalString("period_from").map { try CalendarDate(parsing: $0) },
                periodTo: try row.optionalString("period_to").map { try CalendarDate(parsing: $0) })
            let draft = EngagementDraft(
                certificationBody: try row.string("certification_body"), auditors: auditors, scope: scope,
                grantsRestricted: try row.bool("grants_restricted"),
                opensOn: try CalendarDate(parsing: try row.string("opens_on")),
                closesOn: try CalendarDate(parsing: try row.string("closes_on")))
            return Engagement(
                id: id, content: draft,
                closedOn: try row.optionalString("closed_on").map { try CalendarDate(parsing: $0) },
                recordedAt: try Instant(parsing: try row.string("recorded_at")),
                recordedBy: try row.string("recorded_by"))
        }
    }

    /// The views recorded under an engagement (or, with nil, by internal auditors), newest first.
    public func recordViews(_ engagement: EngagementID?, limit: Int) throws -> [AuditEvent] {
        try eventsNewestFirst(entity: RecordView.entity(engagement), before: nil, limit: limit)
    }
}
