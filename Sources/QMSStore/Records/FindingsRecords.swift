import Foundation
import QMSCore

// MARK: Writing

extension StoreWriter {
    // MARK: Audits

    /// Stores a new audit; `action` is `audit.plan` for the programme or `audit.add` for one held.
    public func insertAudit(_ audit: Audit, action: String) throws {
        let id = audit.id.description
        let content = audit.content
        let report = audit.report
        try session.execute(
            """
            INSERT INTO audits (id, year, number, kind, title, status, starts_on, ends_on, lead_auditor,
                certification_body, event_name, event_on, report_on, report_summary, reported_by, certificate_number,
                certificate_issued_on, certificate_valid_until, recorded_at, recorded_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            id, audit.id.year, audit.id.number, content.kind.rawValue, content.title, audit.status.rawValue,
            content.startsOn.description, content.endsOn.description, content.leadAuditor, content.certificationBody,
            content.scope.event?.name, content.scope.event?.on.description, report?.reportedOn.description,
            report?.summary, report?.reportedBy, report?.certificate?.number,
            report?.certificate?.issuedOn.description, report?.certificate?.validUntil.description,
            audit.recordedAt.description, audit.recordedBy)
        try session.insertRows(
            into: "audit_auditors", columns: ["audit_id", "position", "name"],
            rows: content.auditors.enumerated().map { [.text(id), .integer(Int64($0.offset)), .text($0.element)] })
        try session.insertRows(
            into: "audit_auditees", columns: ["audit_id", "position", "name"],
            rows: content.auditees.enumerated().map { [.text(id), .integer(Int64($0.offset)), .text($0.element)] })
        try session.insertRows(
            into: "audit_requirements", columns: ["audit_id", "position", "standard_id", "number"],
            rows: content.scope.requirements.enumerated().map {
                [.text(id), .integer(Int64($0.offset)), .text($0.element.standard.rawValue), .text($0.element.number)]
            })
        let scope =
            content.scope.processes.enumerated().map { ("process", $0.offset, $0.element) }
            + content.scope.sites.enumerated().map { ("site", $0.offset, $0.element) }
        try session.insertRows(
            into: "audit_scope", columns: ["audit_id", "kind", "position", "value"],
            rows: scope.map { [.text(id), .text($0.0), .integer(Int64($0.1)), .text($0.2)] })
        try insertReportEvidence(audit)
        try appendEvent(action: action, entity: "audit:\(id)", before: nil, after: try CanonicalJSON.encode(audit))
    }

    /// Records an audit's new status and, once, its report (and certificate).
    public func updateAudit(_ audit: Audit, before: Audit, action: String) throws {
        let id = audit.id.description
        if before.report == nil, let report = audit.report {
            // One statement: the schema wants a reported audit to have its report.
            try session.execute(
                """
                UPDATE audits SET status = ?, report_on = ?, report_summary = ?, reported_by = ?,
                    certificate_number = ?, certificate_issued_on = ?, certificate_valid_until = ?
                WHERE id = ?
                """,
                audit.status.rawValue, report.reportedOn.description, report.summary, report.reportedBy,
                report.certificate?.number, report.certificate?.issuedOn.description,
                report.certificate?.validUntil.description, id)
            try insertReportEvidence(audit)
        } else {
            try session.execute("UPDATE audits SET status = ? WHERE id = ?", audit.status.rawValue, id)
        }
        try appendEvent(
            action: action, entity: "audit:\(id)", before: try CanonicalJSON.encode(before),
            after: try CanonicalJSON.encode(audit))
    }

    private func insertReportEvidence(_ audit: Audit) throws {
        guard let report = audit.report else { return }
        try session.insertRows(
            into: "audit_report_evidence", columns: ["audit_id", "position", "evidence_id"],
            rows: report.evidence.enumerated().map {
                [.text(audit.id.description), .integer(Int64($0.offset)), .text($0.element.description)]
            })
        try insertReportMeetings(audit)
    }

    /// The report's meetings with their attendees, and its conclusion and recommendation.
    private func insertReportMeetings(_ audit: Audit) throws {
        guard let report = audit.report else { return }
        let id = audit.id.description
        for (name, meeting) in [("opening", report.openingMeeting), ("closing", report.closingMeeting)] {
            guard let meeting else { continue }
            try session.execute(
                "INSERT INTO audit_report_meetings (audit_id, meeting, day, starts_at, notes) VALUES (?, ?, ?, ?, ?)",
                id, name, meeting.on.description, meeting.at, meeting.notes)
            try session.insertRows(
                into: "audit_report_attendees", columns: ["audit_id", "meeting", "position", "name"],
                rows: meeting.attendees.enumerated().map {
                    [.text(id), .text(name), .integer(Int64($0.offset)), .text($0.element)]
                })
        }
        if report.conclusion != nil || report.recommendation != nil {
            try session.execute(
                "INSERT INTO audit_report_conclusions (audit_id, conclusion, recommendation) VALUES (?, ?, ?)",
                id, report.conclusion, report.recommendation?.rawValue)
        }
    }

    // MARK: Observer recommendations

    /// Stores a new observer-mission recommendation.
    public func insertRecommendation(_ recommendation: ObserverRecommendation) throws {
        let content = recommendation.content
        try session.execute(
            """
            INSERT INTO observer_recommendations (id, year, number, mission, report_reference, text, priority, addressee,
                status, status_note, recorded_at, recorded_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            recommendation.id.description, recommendation.id.year, recommendation.id.number, content.mission,
            content.reference, content.text, content.priority.rawValue, content.addressee.rawValue,
            recommendation.status.rawValue, recommendation.statusNote, recommendation.recordedAt.description,
            recommendation.recordedBy)
        try insertLinks(recommendation.links, of: recommendation.id)
        try appendEvent(
            action: "recommendation.add", entity: "recommendation:\(recommendation.id)", before: nil,
            after: try CanonicalJSON.encode(recommendation))
    }

    /// Records a recommendation's new status or links; links are only ever added.
    public func updateRecommendation(
        _ recommendation: ObserverRecommendation, before: ObserverRecommendation, action: String
    )
        throws
    {
        try session.execute(
            "UPDATE observer_recommendations SET status = ?, status_note = ? WHERE id = ?",
            recommendation.status.rawValue, recommendation.statusNote, recommendation.id.description)
        let existing = Set(before.links)
        try insertLinks(recommendation.links.filter { !existing.contains($0) }, of: recommendation.id)
        try appendEvent(
            action: action, entity: "recommendation:\(recommendation.id)", before: try CanonicalJSON.encode(before),
            after: try CanonicalJSON.encode(recommendation))
    }

    private func insertLinks(_ links: [RecommendationLink], of id: RecommendationID) throws {
        try session.insertRows(
            into: "recommendation_links", columns: ["recommendation_id", "kind", "target", "linked_at", "linked_by"],
            rows: links.map {
                [
                    .text(id.description), .text($0.kind.rawValue), .text($0.target), .text(instant.description),
                    .text(actor),
                ]
            })
    }

    // MARK: Nonconformities

    /// Stores a newly raised nonconformity with the first step of its history.
    public func insertNonconformity(_ nonconformity: Nonconformity) throws {
        let id = nonconformity.id.description
        let content = nonconformity.content
        try session.execute(
            """
            INSERT INTO nonconformities (id, year, number, title, description, source, grade, process, site, audit_id,
                recommendation_id, raised_by, raised_on, state, round, recorded_at, recorded_by, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            id, nonconformity.id.year, nonconformity.id.number, content.title, content.description,
            content.source.rawValue, content.grade.rawValue, content.process, content.site,
            content.audit?.description, content.recommendation?.description, content.raisedBy,
            content.raisedOn.description, nonconformity.state.rawValue, nonconformity.correctiveAction.round,
            nonconformity.recordedAt.description, nonconformity.recordedBy, instant.description)
        try session.insertRows(
            into: "nc_requirements", columns: ["nc_id", "position", "standard_id", "number"],
            rows: content.requirements.enumerated().map {
                [.text(id), .integer(Int64($0.offset)), .text($0.element.standard.rawValue), .text($0.element.number)]
            })
        try session.insertRows(
            into: "nc_evidence", columns: ["nc_id", "position", "evidence_id"],
            rows: content.evidence.enumerated().map {
                [.text(id), .integer(Int64($0.offset)), .text($0.element.description)]
            })
        let empty = CorrectiveAction(
            state: .reported, round: 1, containment: nil, analyses: [], actions: [], implementations: [],
            verifications: [], closures: [], history: [])
        try writeSteps(of: nonconformity, after: empty)
        try appendEvent(
            action: "nc.open", entity: "nc:\(id)", before: nil, after: try CanonicalJSON.encode(nonconformity))
    }

    /// Records the steps a nonconformity's corrective action took since `before`: new rows for
    /// each new step and transition, the current state and round on the nonconformity. Nothing is deleted.
    public func updateNonconformity(_ nonconformity: Nonconformity, before: Nonconformity, action: String) throws {
        try session.execute(
            "UPDATE nonconformities SET state = ?, round = ?, updated_at = ? WHERE id = ?",
            nonconformity.state.rawValue, nonconformity.correctiveAction.round, instant.description,
            nonconformity.id.description)
        try writeSteps(of: nonconformity, after: before.correctiveAction)
        try appendEvent(
            action: action, entity: "nc:\(nonconformity.id)", before: try CanonicalJSON.encode(before),
            after: try CanonicalJSON.encode(nonconformity))
    }

    private func writeSteps(of nonconformity: Nonconformity, after before: CorrectiveAction) throws {
        let id = SQLValue.text(nonconformity.id.description)
        let action = nonconformity.correctiveAction
        if before.containment == nil, let containment = action.containment {
            try session.execute(
                """
                INSERT INTO nc_containment (nc_id, correction, consequences, contained_by, contained_on)
                VALUES (?, ?, ?, ?, ?)
                """,
                id, containment.correction, containment.consequences, containment.by, containment.on.description)
        }
        for (position, analysis) in action.analyses.enumerated().dropFirst(before.analyses.count) {
            try session.execute(
                """
                INSERT INTO nc_analyses (nc_id, position, round, method, similar_cases, analysed_by, analysed_on)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                id, position, analysis.round, analysis.method, analysis.similar, analysis.by,
                analysis.on.description)
            try session.insertRows(
                into: "nc_causes", columns: ["nc_id", "analysis", "position", "cause"],
                rows: analysis.causes.enumerated().map {
                    [id, .integer(Int64(position)), .integer(Int64($0.offset)), .text($0.element)]
                })
        }
        let known = Dictionary(uniqueKeysWithValues: before.actions.map { ($0.id, $0) })
        for planned in action.actions {
            if let previous = known[planned.id] {
                if previous.implementedOn != planned.implementedOn {
                    try session.execute(
                        "UPDATE corrective_actions SET implemented_on = ? WHERE id = ?",
                        planned.implementedOn?.description, planned.id.description)
                }
                continue
            }
            try session.execute(
                """
                INSERT INTO corrective_actions (id, nc_id, number, round, text, owner, due_on, implemented_on)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                planned.id.description, id, planned.id.index, planned.round, planned.text, planned.owner,
                planned.due.description, planned.implementedOn?.description)
        }
        for implementation in action.implementations.dropFirst(before.implementations.count) {
            try session.execute(
                """
                INSERT INTO nc_implementations (nc_id, round, note, implemented_by, implemented_on)
                VALUES (?, ?, ?, ?, ?)
                """,
                id, implementation.round, implementation.note, implementation.by, implementation.on.description)
            try session.insertRows(
                into: "nc_implementation_evidence", columns: ["nc_id", "round", "position", "evidence_id"],
                rows: implementation.evidence.enumerated().map {
                    [
                        id, .integer(Int64(implementation.round)), .integer(Int64($0.offset)),
                        .text($0.element.description),
                    ]
                })
        }
        for verification in action.verifications.dropFirst(before.verifications.count) {
            let implementer = action.implementations.last { $0.round == verification.round }?.by ?? ""
            try session.execute(
                """
                INSERT INTO nc_verifications (nc_id, round, result, note, implemented_by, verified_by, verified_on)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                id, verification.round, verification.result.rawValue, verification.note, implementer,
                verification.by, verification.on.description)
        }
        for closure in action.closures.dropFirst(before.closures.count) {
            try session.execute(
                """
                INSERT INTO nc_closures (nc_id, round, update_risks, change_qms, note, closed_by, closed_on)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                id, closure.round, closure.updateRisks, closure.changeQMS, closure.note, closure.by,
                closure.on.description)
        }
        for (offset, transition) in action.history.enumerated().dropFirst(before.history.count) {
            try session.execute(
                """
                INSERT INTO nc_transitions (nc_id, seq, kind, from_state, to_state, round, actor, at, fields_json)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                id, offset + 1, transition.kind.rawValue, transition.from?.rawValue, transition.to.rawValue,
                transition.round, transition.actor, transition.at.description,
                try CanonicalJSON.encode(transition.fields))
        }
    }

    // MARK: Management reviews

    /// Stores a management review with its attendees, inputs, decisions, minutes and actions.
    public func insertManagementReview(_ review: ManagementReview) throws {
        let id = SQLValue.text(review.id.description)
        let content = review.content
        try session.execute(
            """
            INSERT INTO management_reviews (id, year, number, title, held_on, chair, recorded_at, recorded_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            id, review.id.year, review.id.number, content.title, content.heldOn.description, content.chair,
            review.recordedAt.description, review.recordedBy)
        try session.insertRows(
            into: "management_review_attendees", columns: ["review_id", "position", "name"],
            rows: content.attendees.enumerated().map { [id, .integer(Int64($0.offset)), .text($0.element)] })
        try session.insertRows(
            into: "management_review_inputs", columns: ["review_id", "position", "input"],
            rows: content.inputs.enumerated().map { [id, .integer(Int64($0.offset)), .text($0.element.rawValue)] })
        try session.insertRows(
            into: "management_review_decisions", columns: ["review_id", "position", "kind", "text"],
            rows: content.decisions.enumerated().map {
                [id, .integer(Int64($0.offset)), .text($0.element.kind.rawValue), .text($0.element.text)]
            })
        try session.insertRows(
            into: "management_review_minutes", columns: ["review_id", "position", "evidence_id"],
            rows: content.minutes.enumerated().map {
                [id, .integer(Int64($0.offset)), .text($0.element.description)]
            })
        try session.insertRows(
            into: "management_review_actions",
            columns: ["id", "review_id", "number", "text", "owner", "due_on", "done_on", "done_by", "done_note"],
            rows: review.actions.map { action in
                [
                    .text(action.id.description), id, .integer(Int64(action.id.index)), .text(action.text),
                    .text(action.owner), .text(action.due.description), action.doneOn?.description.sqlValue ?? .null,
                    action.doneBy.sqlValue, action.doneNote.sqlValue,
                ]
            })
        try appendEvent(
            action: "review.add", entity: "review:\(review.id)", before: nil, after: try CanonicalJSON.encode(review))
    }

    /// Records the completion of a management review's actions.
    public func updateManagementReview(_ review: ManagementReview, before: ManagementReview, action: String) throws {
        let previous = Dictionary(uniqueKeysWithValues: before.actions.map { ($0.id, $0) })
        for item in review.actions where previous[item.id] != item {
            try session.execute(
                "UPDATE management_review_actions SET done_on = ?, done_by = ?, done_note = ? WHERE id = ?",
                item.doneOn?.description, item.doneBy, item.doneNote, item.id.description)
        }
        try appendEvent(
            action: action, entity: "review:\(review.id)", before: try CanonicalJSON.encode(before),
            after: try CanonicalJSON.encode(review))
    }
}

// MARK: Reading

/// What to list of the nonconformity register.
public struct NonconformityFilter: Sendable {
    public var state: CorrectiveActionState?
    public var grade: NonconformityGrade?
    public var source: NonconformitySource?
    public var audit: AuditID?
    public var requirement: RequirementKey?
    /// Only nonconformities not closed.
    public var openOnly = false

    /// Creates a filter; nil parts match everything.
    public init(
        state: CorrectiveActionState? = nil, grade: NonconformityGrade? = nil, source: NonconformitySource? = nil,
        audit: AuditID? = nil, requirement: RequirementKey? = nil, openOnly: Bool = false
    ) {
        self.state = state
        self.grade = grade
        self.source = source
        self.audit = audit
        self.requirement = requirement
        self.openOnly = openOnly
    }
}

extension StoreReader {
    // MARK: Audits

    /// The audits, of one year of the programme or all, in identifier order.
    public func audits(year: Int? = nil) throws -> [Audit] {
        if let year { return try loadAudits(where: "a.year = ?", [.integer(Int64(year))]) }
        return try loadAudits(where: "1 = 1", [])
    }

    /// One audit, if recorded.
    public func audit(_ id: AuditID) throws -> Audit? {
        try loadAudits(where: "a.id = ?", [.text(id.description)]).first
    }

    private func loadAudits(where condition: String, _ arguments: [SQLValue]) throws -> [Audit] {
        let rows = try session.query(
            "SELECT a.* FROM audits a WHERE \(condition) ORDER BY a.year, a.number", arguments)
        guard !rows.isEmpty else { return [] }
        let scope = "SELECT a.id FROM audits a WHERE \(condition)"
        let auditors = try strings(
            "SELECT audit_id AS owner, name AS value FROM audit_auditors WHERE audit_id IN (\(scope)) ORDER BY position",
            arguments)
        let auditees = try strings(
            "SELECT audit_id AS owner, name AS value FROM audit_auditees WHERE audit_id IN (\(scope)) ORDER BY position",
            arguments)
        var requirements: [String: [RequirementKey]] = [:]
        for row in try session.query(
            """
            SELECT audit_id, standard_id, number FROM audit_requirements WHERE audit_id IN (\(scope))
            ORDER BY audit_id, position
            """, arguments)
        {
            requirements[try row.string("audit_id"), default: []].append(
                try RequirementKey(standard: StandardID(try row.string("standard_id")), number: row.string("number")))
        }
        var processes: [String: [String]] = [:]
        var sites: [String: [String]] = [:]
        for row in try session.query(
            "SELECT audit_id, kind, value FROM audit_scope WHERE audit_id IN (\(scope)) ORDER BY audit_id, kind, position",
            arguments)
        {
            let id = try row.string("audit_id")
            if try row.string("kind") == "process" {
                processes[id, default: []].append(try row.string("value"))
            } else {
                sites[id, default: []].append(try row.string("value"))
            }
        }
        let evidence = try evidenceIDs(
            """
            SELECT audit_id AS owner, evidence_id AS value FROM audit_report_evidence WHERE audit_id IN (\(scope))
            ORDER BY position
            """, arguments)
        let plans = try auditPlans(scope, arguments)
        let checklists = try auditChecklists(scope, arguments)
        let meetings = try auditReportMeetings(scope, arguments)
        var conclusions: [String: (conclusion: String?, recommendation: CertificationRecommendation?)] = [:]
        for row in try session.query(
            "SELECT audit_id, conclusion, recommendation FROM audit_report_conclusions WHERE audit_id IN (\(scope))",
            arguments)
        {
            conclusions[try row.string("audit_id")] = (
                row.optionalString("conclusion"),
                try row.optionalString("recommendation").map {
                    try Self.enumValue(CertificationRecommendation.self, $0, "audit_report_conclusions.recommendation")
                }
            )
        }
        return try rows.map { row in
            let id = try row.string("id")
            let event = try row.optionalString("event_name").map { name in
                ObservedEvent(name: name, on: try CalendarDate(parsing: try row.string("event_on")))
            }
            let content = AuditDraft(
                kind: try Self.enumValue(AuditKind.self, row, "kind"), title: try row.string("title"),
                scope: AuditScope(
                    requirements: requirements[id] ?? [], processes: processes[id] ?? [], sites: sites[id] ?? [],
                    event: event),
                auditors: auditors[id] ?? [], auditees: auditees[id] ?? [],
                leadAuditor: row.optionalString("lead_auditor"),
                certificationBody: row.optionalString("certification_body"),
                startsOn: try CalendarDate(parsing: row.string("starts_on")),
                endsOn: try CalendarDate(parsing: row.string("ends_on")))
            var report: AuditReport?
            if let reportedOn = row.optionalString("report_on") {
                let certificate = try row.optionalString("certificate_number").map { number in
                    Certificate(
                        number: number, issuedOn: try CalendarDate(parsing: row.string("certificate_issued_on")),
                        validUntil: try CalendarDate(parsing: row.string("certificate_valid_until")))
                }
                report = AuditReport(
                    reportedOn: try CalendarDate(parsing: reportedOn), summary: try row.string("report_summary"),
                    evidence: evidence[id] ?? [], certificate: certificate, reportedBy: try row.string("reported_by"),
                    openingMeeting: meetings[id]?["opening"], closingMeeting: meetings[id]?["closing"],
                    conclusion: conclusions[id]?.conclusion, recommendation: conclusions[id]?.recommendation)
            }
            return Audit(
                id: try AuditID(parsing: id), content: content,
                status: try Self.enumValue(AuditStatus.self, row, "status"), report: report, plan: plans[id],
                checklist: checklists[id], recordedAt: try Instant(parsing: row.string("recorded_at")),
                recordedBy: try row.string("recorded_by"))
        }
    }

    // MARK: Observer recommendations

    /// The recommendations register, in identifier order.
    public func recommendations(status: RecommendationStatus? = nil) throws -> [ObserverRecommendation] {
        if let status { return try loadRecommendations(where: "r.status = ?", [.text(status.rawValue)]) }
        return try loadRecommendations(where: "1 = 1", [])
    }

    /// One recommendation, if recorded.
    public func recommendation(_ id: RecommendationID) throws -> ObserverRecommendation? {
        try loadRecommendations(where: "r.id = ?", [.text(id.description)]).first
    }

    private func loadRecommendations(where condition: String, _ arguments: [SQLValue]) throws
        -> [ObserverRecommendation]
    {
        let rows = try session.query(
            "SELECT r.* FROM observer_recommendations r WHERE \(condition) ORDER BY r.year, r.number", arguments)
        guard !rows.isEmpty else { return [] }
        var links: [String: [RecommendationLink]] = [:]
        for row in try session.query(
            """
            SELECT recommendation_id, kind, target FROM recommendation_links
            WHERE recommendation_id IN (SELECT r.id FROM observer_recommendations r WHERE \(condition))
            """, arguments)
        {
            links[try row.string("recommendation_id"), default: []].append(
                try RecommendationLink(
                    kind: try Self.enumValue(RecommendationLinkKind.self, row, "kind"), target: row.string("target")))
        }
        return try rows.map { row in
            let id = try row.string("id")
            return ObserverRecommendation(
                id: try RecommendationID(parsing: id),
                content: RecommendationDraft(
                    mission: try row.string("mission"), year: Int(try row.int("year")),
                    reference: row.optionalString("report_reference"), text: try row.string("text"),
                    priority: try Self.enumValue(RecommendationPriority.self, row, "priority"),
                    addressee: try Self.enumValue(RecommendationAddressee.self, row, "addressee")),
                status: try Self.enumValue(RecommendationStatus.self, row, "status"),
                statusNote: row.optionalString("status_note"), links: links[id] ?? [],
                recordedAt: try Instant(parsing: row.string("recorded_at")), recordedBy: try row.string("recorded_by"))
        }
    }

    // MARK: Nonconformities

    /// The nonconformities that match the filter, in identifier order.
    public func nonconformities(matching filter: NonconformityFilter = NonconformityFilter()) throws
        -> [Nonconformity]
    {
        var conditions: [String] = []
        var arguments: [SQLValue] = []
        if let state = filter.state {
            conditions.append("n.state = ?")
            arguments.append(.text(state.rawValue))
        }
        if filter.openOnly { conditions.append("n.state <> 'closed'") }
        if let grade = filter.grade {
            conditions.append("n.grade = ?")
            arguments.append(.text(grade.rawValue))
        }
        if let source = filter.source {
            conditions.append("n.source = ?")
            arguments.append(.text(source.rawValue))
        }
        if let audit = filter.audit {
            conditions.append("n.audit_id = ?")
            arguments.append(.text(audit.description))
        }
        if let requirement = filter.requirement {
            conditions.append(
                "EXISTS (SELECT 1 FROM nc_requirements r WHERE r.nc_id = n.id AND r.standard_id = ? AND r.number = ?)")
            arguments += [.text(requirement.standard.rawValue), .text(requirement.number)]
        }
        return try loadNonconformities(
            where: conditions.isEmpty ? "1 = 1" : conditions.joined(separator: " AND "), arguments)
    }

    /// One nonconformity with its whole corrective action, if recorded.
    public func nonconformity(_ id: NonconformityID) throws -> Nonconformity? {
        try loadNonconformities(where: "n.id = ?", [.text(id.description)]).first
    }

    /// The open major and minor nonconformities, one finding per requirement, for the compliance
    /// matrix; with `raisedBy`, only those raised on or before that day. (Whether a finding was open
    /// on a past day is not reconstructed: one closed since then no longer counts.)
    public func openFindings(raisedBy day: CalendarDate? = nil) throws -> [OpenFinding] {
        try session.query(
            """
            SELECT n.id, n.grade, r.standard_id, r.number FROM nonconformities n
            JOIN nc_requirements r ON r.nc_id = n.id
            WHERE n.state <> 'closed' AND n.grade IN ('major', 'minor') AND n.raised_on <= ?
            ORDER BY n.year, n.number, r.position
            """, day?.description ?? "9999-12-31"
        ).map { row in
            OpenFinding(
                key: try RequirementKey(
                    standard: StandardID(try row.string("standard_id")), number: row.string("number")),
                weight: try row.string("grade") == "major" ? .major : .minor, reference: try row.string("id"))
        }
    }

    private func loadNonconformities(where condition: String, _ arguments: [SQLValue]) throws -> [Nonconformity] {
        let rows = try session.query(
            "SELECT n.* FROM nonconformities n WHERE \(condition) ORDER BY n.year, n.number", arguments)
        guard !rows.isEmpty else { return [] }
        let scope = "SELECT n.id FROM nonconformities n WHERE \(condition)"
        var requirements: [String: [RequirementKey]] = [:]
        for row in try session.query(
            "SELECT nc_id, standard_id, number FROM nc_requirements WHERE nc_id IN (\(scope)) ORDER BY nc_id, position",
            arguments)
        {
            requirements[try row.string("nc_id"), default: []].append(
                try RequirementKey(standard: StandardID(try row.string("standard_id")), number: row.string("number")))
        }
        let evidence = try evidenceIDs(
            "SELECT nc_id AS owner, evidence_id AS value FROM nc_evidence WHERE nc_id IN (\(scope)) ORDER BY position",
            arguments)
        var containments: [String: Containment] = [:]
        for row in try session.query("SELECT * FROM nc_containment WHERE nc_id IN (\(scope))", arguments) {
            containments[try row.string("nc_id")] = Containment(
                correction: try row.string("correction"), consequences: row.optionalString("consequences"),
                by: try row.string("contained_by"), on: try CalendarDate(parsing: row.string("contained_on")))
        }
        var causes: [String: [String]] = [:]
        for row in try session.query(
            "SELECT nc_id, analysis, cause FROM nc_causes WHERE nc_id IN (\(scope)) ORDER BY nc_id, analysis, position",
            arguments)
        {
            causes["\(try row.string("nc_id"))#\(try row.int("analysis"))", default: []].append(
                try row.string("cause"))
        }
        var analyses: [String: [RootCauseAnalysis]] = [:]
        for row in try session.query(
            "SELECT * FROM nc_analyses WHERE nc_id IN (\(scope)) ORDER BY nc_id, position", arguments)
        {
            let id = try row.string("nc_id")
            analyses[id, default: []].append(
                RootCauseAnalysis(
                    round: Int(try row.int("round")), method: row.optionalString("method"),
                    causes: causes["\(id)#\(try row.int("position"))"] ?? [],
                    similar: row.optionalString("similar_cases"),
                    by: try row.string("analysed_by"), on: try CalendarDate(parsing: row.string("analysed_on"))))
        }
        var actions: [String: [PlannedAction]] = [:]
        for row in try session.query(
            "SELECT * FROM corrective_actions WHERE nc_id IN (\(scope)) ORDER BY nc_id, number", arguments)
        {
            actions[try row.string("nc_id"), default: []].append(
                PlannedAction(
                    id: try CorrectiveActionID(parsing: row.string("id")), round: Int(try row.int("round")),
                    text: try row.string("text"), owner: try row.string("owner"),
                    due: try CalendarDate(parsing: row.string("due_on")),
                    implementedOn: try row.optionalString("implemented_on").map { try CalendarDate(parsing: $0) }))
        }
        let implementationEvidence = try evidenceIDs(
            """
            SELECT nc_id || '#' || CAST(round AS TEXT) AS owner, evidence_id AS value FROM nc_implementation_evidence
            WHERE nc_id IN (\(scope)) ORDER BY position
            """, arguments)
        var implementations: [String: [Implementation]] = [:]
        for row in try session.query(
            "SELECT * FROM nc_implementations WHERE nc_id IN (\(scope)) ORDER BY nc_id, round", arguments)
        {
            let id = try row.string("nc_id")
            let round = Int(try row.int("round"))
            implementations[id, default: []].append(
                Implementation(
                    round: round, note: row.optionalString("note"),
                    evidence: implementationEvidence["\(id)#\(round)"] ?? [],
                    by: try row.string("implemented_by"), on: try CalendarDate(parsing: row.string("implemented_on"))))
        }
        var verifications: [String: [Verification]] = [:]
        for row in try session.query(
            "SELECT * FROM nc_verifications WHERE nc_id IN (\(scope)) ORDER BY nc_id, round", arguments)
        {
            verifications[try row.string("nc_id"), default: []].append(
                Verification(
                    round: Int(try row.int("round")),
                    result: try Self.enumValue(EffectivenessResult.self, row, "result"),
                    note: row.optionalString("note"), by: try row.string("verified_by"),
                    on: try CalendarDate(parsing: row.string("verified_on"))))
        }
        var closures: [String: [Closure]] = [:]
        for row in try session.query(
            "SELECT * FROM nc_closures WHERE nc_id IN (\(scope)) ORDER BY nc_id, round", arguments)
        {
            closures[try row.string("nc_id"), default: []].append(
                Closure(
                    round: Int(try row.int("round")), updateRisks: try row.bool("update_risks"),
                    changeQMS: try row.bool("change_qms"), note: row.optionalString("note"),
                    by: try row.string("closed_by"), on: try CalendarDate(parsing: row.string("closed_on"))))
        }
        var history: [String: [CorrectiveActionTransition]] = [:]
        let decoder = JSONDecoder()
        for row in try session.query(
            "SELECT * FROM nc_transitions WHERE nc_id IN (\(scope)) ORDER BY nc_id, seq", arguments)
        {
            let fields: CorrectiveActionStep
            do {
                fields = try decoder.decode(CorrectiveActionStep.self, from: Data(try row.string("fields_json").utf8))
            } catch {
                throw StoreError.corrupt(column: "nc_transitions.fields_json", reason: "cannot be read: \(error)")
            }
            history[try row.string("nc_id"), default: []].append(
                CorrectiveActionTransition(
                    kind: try Self.enumValue(CorrectiveActionTransition.Kind.self, row, "kind"),
                    from: try row.optionalString("from_state").map {
                        try Self.enumValue(CorrectiveActionState.self, $0, "from_state")
                    },
                    to: try Self.enumValue(CorrectiveActionState.self, row, "to_state"),
                    round: Int(try row.int("round")),
                    actor: try row.string("actor"), at: try Instant(parsing: row.string("at")), fields: fields))
        }
        return try rows.map { row in
            let id = try row.string("id")
            let content = NonconformityDraft(
                title: try row.string("title"), description: row.optionalString("description"),
                source: try Self.enumValue(NonconformitySource.self, row, "source"),
                grade: try Self.enumValue(NonconformityGrade.self, row, "grade"),
                requirements: requirements[id] ?? [], process: row.optionalString("process"),
                site: row.optionalString("site"), evidence: evidence[id] ?? [],
                audit: try row.optionalString("audit_id").map { try AuditID(parsing: $0) },
                recommendation: try row.optionalString("recommendation_id").map { try RecommendationID(parsing: $0) },
                raisedBy: try row.string("raised_by"), raisedOn: try CalendarDate(parsing: row.string("raised_on")))
            let correctiveAction = CorrectiveAction(
                state: try Self.enumValue(CorrectiveActionState.self, row, "state"), round: Int(try row.int("round")),
                containment: containments[id], analyses: analyses[id] ?? [], actions: actions[id] ?? [],
                implementations: implementations[id] ?? [], verifications: verifications[id] ?? [],
                closures: closures[id] ?? [], history: history[id] ?? [])
            return Nonconformity(
                id: try NonconformityID(parsing: id), content: content, correctiveAction: correctiveAction,
                recordedAt: try Instant(parsing: row.string("recorded_at")), recordedBy: try row.string("recorded_by"))
        }
    }

    // MARK: Management reviews

    /// The management reviews, in identifier order.
    public func managementReviews() throws -> [ManagementReview] {
        try loadManagementReviews(where: "1 = 1", [])
    }

    /// One management review, if recorded.
    public func managementReview(_ id: ManagementReviewID) throws -> ManagementReview? {
        try loadManagementReviews(where: "m.id = ?", [.text(id.description)]).first
    }

    private func loadManagementReviews(where condition: String, _ arguments: [SQLValue]) throws -> [ManagementReview] {
        let rows = try session.query(
            "SELECT m.* FROM management_reviews m WHERE \(condition) ORDER BY m.year, m.number", arguments)
        guard !rows.isEmpty else { return [] }
        let scope = "SELECT m.id FROM management_reviews m WHERE \(condition)"
        let attendees = try strings(
            """
            SELECT review_id AS owner, name AS value FROM management_review_attendees WHERE review_id IN (\(scope))
            ORDER BY position
            """, arguments)
        let inputs = try strings(
            """
            SELECT review_id AS owner, input AS value FROM management_review_inputs WHERE review_id IN (\(scope))
            ORDER BY position
            """, arguments)
        var decisions: [String: [ReviewDecision]] = [:]
        for row in try session.query(
            """
            SELECT review_id, kind, text FROM management_review_decisions WHERE review_id IN (\(scope))
            ORDER BY review_id, position
            """, arguments)
        {
            decisions[try row.string("review_id"), default: []].append(
                ReviewDecision(
                    kind: try Self.enumValue(ReviewOutputKind.self, row, "kind"), text: try row.string("text")))
        }
        let minutes = try evidenceIDs(
            """
            SELECT review_id AS owner, evidence_id AS value FROM management_review_minutes WHERE review_id IN (\(scope))
            ORDER BY position
            """, arguments)
        var actions: [String: [ReviewAction]] = [:]
        for row in try session.query(
            "SELECT * FROM management_review_actions WHERE review_id IN (\(scope)) ORDER BY review_id, number",
            arguments)
        {
            actions[try row.string("review_id"), default: []].append(
                ReviewAction(
                    id: try ReviewActionID(parsing: row.string("id")), text: try row.string("text"),
                    owner: try row.string("owner"), due: try CalendarDate(parsing: row.string("due_on")),
                    doneOn: try row.optionalString("done_on").map { try CalendarDate(parsing: $0) },
                    doneBy: row.optionalString("done_by"), doneNote: row.optionalString("done_note")))
        }
        return try rows.map { row in
            let id = try row.string("id")
            let content = ManagementReviewDraft(
                title: try row.string("title"), heldOn: try CalendarDate(parsing: row.string("held_on")),
                chair: row.optionalString("chair"), attendees: attendees[id] ?? [],
                inputs: try (inputs[id] ?? []).map { try Self.enumValue(ReviewInput.self, $0, "input") },
                decisions: decisions[id] ?? [], minutes: minutes[id] ?? [])
            return ManagementReview(
                id: try ManagementReviewID(parsing: id), content: content, actions: actions[id] ?? [],
                recordedAt: try Instant(parsing: row.string("recorded_at")), recordedBy: try row.string("recorded_by"))
        }
    }

    // MARK: Helpers

    /// Text values grouped by the `owner` column of a query that selects `owner` and `value`.
    private func strings(_ sql: String, _ arguments: [SQLValue]) throws -> [String: [String]] {
        var grouped: [String: [String]] = [:]
        for row in try session.query(sql, arguments) {
            grouped[try row.string("owner"), default: []].append(try row.string("value"))
        }
        return grouped
    }

    /// Evidence identifiers grouped by the `owner` column of a query that selects `owner` and `value`.
    private func evidenceIDs(_ sql: String, _ arguments: [SQLValue]) throws -> [String: [EvidenceID]] {
        try strings(sql, arguments).mapValues { try $0.map { try EvidenceID(parsing: $0) } }
    }

    /// A stored enumeration value, or an error naming the column when the stored text is unknown.
    static func enumValue<T: RawRepresentable>(_ type: T.Type, _ row: SQLRow, _ column: String) throws -> T
    where T.RawValue == String {
        try enumValue(type, try row.string(column), column)
    }

    /// An enumeration value from its stored text, or an error naming the column.
    static func enumValue<T: RawRepresentable>(_ type: T.Type, _ text: String, _ column: String) throws -> T
    where T.RawValue == String {
        guard let value = T(rawValue: text) else {
            throw StoreError.corrupt(column: column, reason: "has the unknown value \"\(text)\"")
        }
        return value
    }
}
