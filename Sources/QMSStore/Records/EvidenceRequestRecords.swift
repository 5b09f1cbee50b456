import Foundation
import QMSCore

extension StoreWriter {
    /// Records a new request under the next number of its year.
    public func insertEvidenceRequest(_ draft: EvidenceRequestDraft, year: Int) throws -> EvidenceRequest {
        let id = EvidenceRequestID(year: year, number: try nextSequenceValue("ER", year: year))
        let request = EvidenceRequest.asked(id, draft, by: actor, at: instant)
        try session.execute(
            """
            INSERT INTO evidence_requests (id, year, number, engagement_id, audit_id, requirement, sample, owner,
                due_on, status, requested_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            id.description, id.year, id.number, draft.engagement?.description, draft.audit?.description,
            draft.requirement?.description, draft.sample, draft.owner, draft.due.description,
            request.status.rawValue, actor)
        try insertSteps(request, from: 0)
        try appendEvent(
            action: "request.ask", entity: "evidence-request:\(id)", before: nil,
            after: try CanonicalJSON.encode(request))
        return request
    }

    /// Records a step of a request's workflow (`answer`, `accept`, `return`, `withdraw`): its new
    /// status and the steps it gained.
    public func updateEvidenceRequest(_ after: EvidenceRequest, before: EvidenceRequest, action: String) throws {
        try session.execute(
            "UPDATE evidence_requests SET status = ? WHERE id = ?", after.status.rawValue, after.id.description)
        try insertSteps(after, from: before.steps.count)
        try appendEvent(
            action: "request." + action, entity: "evidence-request:\(after.id)",
            before: try CanonicalJSON.encode(before), after: try CanonicalJSON.encode(after))
    }

    private func insertSteps(_ request: EvidenceRequest, from first: Int) throws {
        for (position, step) in request.steps.enumerated() where position >= first {
            try session.execute(
                "INSERT INTO evidence_request_steps (request_id, position, kind, actor, at, note) VALUES (?, ?, ?, ?, ?, ?)",
                request.id.description, position, step.kind.rawValue, step.by, step.at.description, step.note)
            try session.insertRows(
                into: "evidence_request_evidence", columns: ["request_id", "step", "position", "evidence_id"],
                rows: step.evidence.enumerated().map {
                    [
                        .text(request.id.description), .integer(Int64(position)), .integer(Int64($0)),
                        .text($1.description),
                    ]
                })
        }
    }
}

extension StoreReader {
    /// One request.
    public func evidenceRequest(_ id: EvidenceRequestID) throws -> EvidenceRequest? {
        try evidenceRequests(where: "id = ?", [.text(id.description)]).first
    }

    /// The requests a filter selects, newest first.
    public func evidenceRequests(_ filter: EvidenceRequestFilter = EvidenceRequestFilter()) throws -> [EvidenceRequest]
    {
        var conditions: [String] = []
        var arguments: [SQLValue] = []
        if let engagement = filter.engagement {
            conditions.append("engagement_id = ?")
            arguments.append(.text(engagement.description))
        }
        if let owner = filter.owner {
            conditions.append("owner = ?")
            arguments.append(.text(owner.lowercased()))
        }
        if let requestedBy = filter.requestedBy {
            conditions.append("requested_by = ?")
            arguments.append(.text(requestedBy))
        }
        if let status = filter.status {
            conditions.append("status = ?")
            arguments.append(.text(status.rawValue))
        }
        if filter.awaitingAnswer { conditions.append("status IN ('open', 'returned')") }
        return try evidenceRequests(
            where: conditions.isEmpty ? nil : conditions.joined(separator: " AND "), arguments)
    }

    private func evidenceRequests(where condition: String?, _ arguments: [SQLValue]) throws -> [EvidenceRequest] {
        let rows = try session.query(
            "SELECT * FROM evidence_requests" + (condition.map { " WHERE " + $0 } ?? "")
                + " ORDER BY year DESC, number DESC",
            arguments)
        return try rows.map { row in
            let id = try EvidenceRequestID(parsing: try row.string("id"))
            var evidence: [Int64: [EvidenceID]] = [:]
            for item in try session.query(
                "SELECT step, evidence_id FROM evidence_request_evidence WHERE request_id = ? ORDER BY step, position",
                id.description)
            {
                evidence[try item.int("step"), default: []].append(
                    try EvidenceID(parsing: try item.string("evidence_id")))
            }
            let steps = try session.query(
                "SELECT * FROM evidence_request_steps WHERE request_id = ? ORDER BY position", id.description
            ).map { step in
                guard let kind = EvidenceRequestStep.Kind(rawValue: try step.string("kind")) else {
                    throw StoreError.corrupt(column: "evidence_request_steps.kind", reason: "unknown step")
                }
                return EvidenceRequestStep(
                    kind: kind, by: try step.string("actor"), at: try Instant(parsing: try step.string("at")),
                    note: step.optionalString("note"), evidence: evidence[try step.int("position")] ?? [])
            }
            guard let status = EvidenceRequestStatus(rawValue: try row.string("status")) else {
                throw StoreError.corrupt(column: "evidence_requests.status", reason: "unknown status")
            }
            let draft = EvidenceRequestDraft(
                engagement: try row.optionalString("engagement_id").map { try EngagementID(parsing: $0) },
                audit: try row.optionalString("audit_id").map { try AuditID(parsing: $0) },
                requirement: try row.optionalString("requirement").map { try RequirementKey(parsing: $0) },
                sample: row.optionalString("sample"), owner: try row.string("owner"),
                due: try CalendarDate(parsing: try row.string("due_on")))
            return EvidenceRequest(id: id, content: draft, status: status, steps: steps)
        }
    }
}
