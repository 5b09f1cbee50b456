import QMSCore

extension StoreWriter {
    /// Records an audit's plan or checklist as `audit` holds them, replacing what was stored: a
    /// plan is set again whole, and a checklist is written back with its one changed item.
    /// `action` is `audit.schedule`, `audit.checklist` or `audit.check`.
    public func updateAuditWork(_ audit: Audit, before: Audit, action: String) throws {
        let id = audit.id.description
        if audit.plan != before.plan {
            try session.execute("DELETE FROM audit_plan_people WHERE audit_id = ?", id)
            try session.execute("DELETE FROM audit_plan_visits WHERE audit_id = ?", id)
            try session.execute("DELETE FROM audit_plans WHERE audit_id = ?", id)
            if let plan = audit.plan { try insertPlan(plan, of: id) }
        }
        if audit.checklist != before.checklist {
            try session.execute("DELETE FROM audit_checklist_evidence WHERE audit_id = ?", id)
            try session.execute("DELETE FROM audit_checklist_items WHERE audit_id = ?", id)
            if let checklist = audit.checklist { try insertChecklist(checklist, of: id) }
        }
        try appendEvent(
            action: action, entity: "audit:\(id)", before: try CanonicalJSON.encode(before),
            after: try CanonicalJSON.encode(audit))
    }

    private func insertPlan(_ plan: AuditPlan, of id: String) throws {
        try session.execute(
            "INSERT INTO audit_plans (audit_id, objectives, criteria) VALUES (?, ?, ?)", id, plan.objectives,
            plan.criteria)
        try session.insertRows(
            into: "audit_plan_visits", columns: ["audit_id", "position", "day", "starts_at", "site", "process"],
            rows: plan.schedule.enumerated().map { index, visit in
                [
                    .text(id), .integer(Int64(index)), .text(visit.on.description), visit.at.sqlValue,
                    visit.site.sqlValue, visit.process.sqlValue,
                ]
            })
        var people: [[SQLValue]] = []
        for (index, visit) in plan.schedule.enumerated() {
            for (role, names) in [("auditee", visit.auditees), ("auditor", visit.auditors)] {
                people += names.enumerated().map {
                    [.text(id), .integer(Int64(index)), .text(role), .integer(Int64($0.offset)), .text($0.element)]
                }
            }
        }
        try session.insertRows(
            into: "audit_plan_people", columns: ["audit_id", "visit", "role", "position", "name"], rows: people)
    }

    private func insertChecklist(_ checklist: AuditChecklist, of id: String) throws {
        try session.insertRows(
            into: "audit_checklist_items",
            columns: [
                "audit_id", "position", "standard_id", "number", "process", "result", "grade", "notes", "sample",
                "nc_id", "checked_by", "checked_on",
            ],
            rows: checklist.items.enumerated().map { index, item in
                [
                    .text(id), .integer(Int64(index)), .text(item.requirement.standard.rawValue),
                    .text(item.requirement.number), item.process.sqlValue, .text(item.result.rawValue),
                    item.grade?.rawValue.sqlValue ?? .null, item.notes.sqlValue, item.sample.sqlValue,
                    item.finding?.description.sqlValue ?? .null, item.checkedBy.sqlValue,
                    item.checkedOn?.description.sqlValue ?? .null,
                ]
            })
        var evidence: [[SQLValue]] = []
        for (index, item) in checklist.items.enumerated() {
            evidence += item.evidence.enumerated().map {
                [.text(id), .integer(Int64(index)), .integer(Int64($0.offset)), .text($0.element.description)]
            }
        }
        try session.insertRows(
            into: "audit_checklist_evidence", columns: ["audit_id", "item", "position", "evidence_id"], rows: evidence)
    }
}

extension StoreReader {
    /// The plans of the audits `scope` selects (a query of their ids with its `arguments`).
    func auditPlans(_ scope: String, _ arguments: [SQLValue]) throws -> [String: AuditPlan] {
        let plans = try session.query(
            "SELECT audit_id, objectives, criteria FROM audit_plans WHERE audit_id IN (\(scope))", arguments)
        guard !plans.isEmpty else { return [:] }
        var people: [String: [String: [String]]] = [:]
        for row in try session.query(
            """
            SELECT audit_id, visit, role, name FROM audit_plan_people WHERE audit_id IN (\(scope))
            ORDER BY audit_id, visit, role, position
            """, arguments)
        {
            let key = "\(try row.string("audit_id"))#\(try row.int("visit"))"
            people[key, default: [:]][try row.string("role"), default: []].append(try row.string("name"))
        }
        var schedules: [String: [AuditVisit]] = [:]
        for row in try session.query(
            """
            SELECT audit_id, position, day, starts_at, site, process FROM audit_plan_visits
            WHERE audit_id IN (\(scope)) ORDER BY audit_id, position
            """, arguments)
        {
            let id = try row.string("audit_id")
            let named = people["\(id)#\(try row.int("position"))"] ?? [:]
            schedules[id, default: []].append(
                AuditVisit(
                    on: try CalendarDate(parsing: row.string("day")), at: row.optionalString("starts_at"),
                    site: row.optionalString("site"), process: row.optionalString("process"),
                    auditees: named["auditee"] ?? [], auditors: named["auditor"] ?? []))
        }
        var result: [String: AuditPlan] = [:]
        for row in plans {
            let id = try row.string("audit_id")
            result[id] = AuditPlan(
                objectives: try row.string("objectives"), criteria: row.optionalString("criteria"),
                schedule: schedules[id] ?? [])
        }
        return result
    }

    /// The report meetings of the audits `scope` selects, by audit and by `opening` or `closing`.
    func auditReportMeetings(_ scope: String, _ arguments: [SQLValue]) throws -> [String: [String: AuditMeeting]] {
        let meetings = try session.query(
            "SELECT audit_id, meeting, day, starts_at, notes FROM audit_report_meetings WHERE audit_id IN (\(scope))",
            arguments)
        guard !meetings.isEmpty else { return [:] }
        var attendees: [String: [String]] = [:]
        for row in try session.query(
            """
            SELECT audit_id, meeting, name FROM audit_report_attendees WHERE audit_id IN (\(scope))
            ORDER BY audit_id, meeting, position
            """, arguments)
        {
            attendees["\(try row.string("audit_id"))#\(try row.string("meeting"))", default: []].append(
                try row.string("name"))
        }
        var result: [String: [String: AuditMeeting]] = [:]
        for row in meetings {
            let id = try row.string("audit_id")
            let meeting = try row.string("meeting")
            result[id, default: [:]][meeting] = AuditMeeting(
                on: try CalendarDate(parsing: row.string("day")), at: row.optionalString("starts_at"),
                attendees: attendees["\(id)#\(meeting)"] ?? [], notes: row.optionalString("notes"))
        }
        return result
    }

    /// The checklists of the audits `scope` selects (a query of their ids with its `arguments`).
    func auditChecklists(_ scope: String, _ arguments: [SQLValue]) throws -> [String: AuditChecklist] {
        let rows = try session.query(
            "SELECT * FROM audit_checklist_items WHERE audit_id IN (\(scope)) ORDER BY audit_id, position", arguments)
        guard !rows.isEmpty else { return [:] }
        var evidence: [String: [EvidenceID]] = [:]
        for row in try session.query(
            """
            SELECT audit_id, item, evidence_id FROM audit_checklist_evidence WHERE audit_id IN (\(scope))
            ORDER BY audit_id, item, position
            """, arguments)
        {
            evidence["\(try row.string("audit_id"))#\(try row.int("item"))", default: []].append(
                try EvidenceID(parsing: row.string("evidence_id")))
        }
        var result: [String: AuditChecklist] = [:]
        for row in rows {
            let id = try row.string("audit_id")
            let item = AuditChecklistItem(
                requirement: try RequirementKey(
                    standard: StandardID(try row.string("standard_id")), number: row.string("number")),
                process: row.optionalString("process"),
                result: try Self.enumValue(AuditCheckResult.self, row, "result"),
                grade: try row.optionalString("grade").map { try Self.enumValue(NonconformityGrade.self, $0, "grade") },
                notes: row.optionalString("notes"), sample: row.optionalString("sample"),
                evidence: evidence["\(id)#\(try row.int("position"))"] ?? [],
                finding: try row.optionalString("nc_id").map { try NonconformityID(parsing: $0) },
                checkedBy: row.optionalString("checked_by"),
                checkedOn: try row.optionalString("checked_on").map { try CalendarDate(parsing: $0) })
            result[id, default: AuditChecklist(items: [])].items.append(item)
        }
        return result
    }
}
