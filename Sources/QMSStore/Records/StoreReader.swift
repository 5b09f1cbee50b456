import QMSCore

/// The typed queries of the system, written once in portable SQL over any ``SQLSession``.
public struct StoreReader {
    /// The session the queries run in.
    public let session: any SQLSession

    /// Wraps a session.
    public init(session: any SQLSession) { self.session = session }

    // MARK: Organisation

    /// The organisation, once set.
    public func organisation() throws -> Organisation? {
        guard let row = try session.queryFirst("SELECT * FROM organisation WHERE id = 1") else { return nil }
        return try Organisation(
            name: LocalizedText(
                en: row.string("name_en"), ar: row.optionalString("name_ar"), fr: row.optionalString("name_fr"),
                es: row.optionalString("name_es")),
            shortName: row.string("short_name"), country: row.optionalString("country"),
            locale: row.optionalString("locale"), timeZone: row.optionalString("time_zone"),
            iatiReference: row.optionalString("iati_reference"))
    }

    // MARK: Standards and catalogues

    /// Every loaded standard, by id.
    public func standards() throws -> [Standard] {
        let amendments = try session.query("SELECT * FROM amendments ORDER BY standard_id, year, id")
        var byStandard: [String: [Amendment]] = [:]
        for row in amendments {
            byStandard[try row.string("standard_id"), default: []].append(
                Amendment(
                    id: try row.string("id"), year: Int(try row.int("year")),
                    title: try row.localized("title")))
        }
        return try session.query("SELECT * FROM standards ORDER BY id").map { row in
            let id = try StandardID(try row.string("id"))
            let status: StandardStatus
            if try row.string("status") == "withdrawn" {
                status = .withdrawn(replacedBy: try row.optionalString("replaced_by").map { try StandardID($0) })
            } else {
                status = row.optionalString("publication_stage") == "draft" ? .draft : .current
            }
            let scope = row.optionalLocalized("scope")
            return Standard(
                id: id, edition: try row.string("edition"),
                title: try row.localized("title"),
                publisher: try row.string("publisher"), scope: scope, status: status,
                basedOn: try row.optionalString("based_on").map { try StandardID($0) },
                amendments: byStandard[id.rawValue] ?? [],
                origin: CatalogueOrigin(rawValue: try row.string("origin")) ?? .catalogue)
        }
    }

    /// One standard, if loaded.
    public func standard(_ id: StandardID) throws -> Standard? {
        try standards().first { $0.id == id }
    }

    /// Where a standard's catalogue was loaded from, and the SHA-256 of that file.
    public func catalogueSource(_ id: StandardID) throws -> (file: String, sha256: String)? {
        guard
            let row = try session.queryFirst(
                "SELECT source_file, source_sha256 FROM standards WHERE id = ?", id.rawValue)
        else { return nil }
        return (try row.string("source_file"), try row.string("source_sha256"))
    }

    /// A standard with its whole requirement tree.
    public func catalogue(_ id: StandardID) throws -> Catalogue? {
        guard let standard = try standard(id) else { return nil }
        return try catalogue(of: standard)
    }

    /// Every loaded catalogue.
    public func catalogues() throws -> [Catalogue] {
        try standards().map { try catalogue(of: $0) }
    }

    private func catalogue(of standard: Standard) throws -> Catalogue {
        let id = standard.id.rawValue
        var documented: [String: [DocumentedInformation]] = [:]
        for row in try session.query(
            "SELECT * FROM requirement_documented_information WHERE standard_id = ? ORDER BY number, position", id)
        {
            documented[try row.string("number"), default: []].append(
                DocumentedInformation(
                    type: DocumentedInformationType(rawValue: try row.string("type")) ?? .retain,
                    description: try row.localized("text")))
        }
        var processes: [String: [ElectoralProcess]] = [:]
        for row in try session.query(
            "SELECT * FROM requirement_electoral_processes WHERE standard_id = ? ORDER BY number, process", id)
        {
            processes[try row.string("number"), default: []].append(
                try ElectoralProcess(code: try row.string("process")))
        }
        var hints: [String: [LocalizedText]] = [:]
        for row in try session.query(
            "SELECT * FROM requirement_evidence_hints WHERE standard_id = ? ORDER BY number, position", id)
        {
            hints[try row.string("number"), default: []].append(
                try row.localized("text"))
        }
        var labels: [String: String] = [:]
        for row in try session.query("SELECT number, label FROM requirement_labels WHERE standard_id = ?", id) {
            labels[try row.string("number")] = try row.string("label")
        }
        let requirements = try session.query(
            "SELECT * FROM requirements WHERE standard_id = ? ORDER BY position", id
        ).map { row in
            let number = try row.string("number")
            return Requirement(
                key: try RequirementKey(standard: standard.id, number: number),
                parentNumber: row.optionalString("parent_number"),
                kind: RequirementKind(rawValue: try row.string("kind")) ?? .requirement,
                title: try row.localized("title"),
                summary: try row.localized("summary"),
                documentedInformation: documented[number] ?? [], electoralProcesses: processes[number] ?? [],
                evidenceHints: hints[number] ?? [], amendment: row.optionalString("amendment"),
                label: labels[number])
        }
        return try Catalogue(standard: standard, requirements: requirements)
    }

    /// Whether a requirement exists.
    public func requirementExists(_ key: RequirementKey) throws -> Bool {
        try session.queryFirst(
            "SELECT 1 AS value FROM requirements WHERE standard_id = ? AND number = ?", key.standard.rawValue,
            key.number)
            != nil
    }

    /// Every requirement loaded, by key: what a bulk import checks its rows' keys against,
    /// without reading the catalogues' texts.
    public func requirementKeys() throws -> Set<RequirementKey> {
        var keys = Set<RequirementKey>()
        for row in try session.query("SELECT standard_id, number FROM requirements") {
            keys.insert(
                try RequirementKey(
                    standard: StandardID(try row.string("standard_id")), number: try row.string("number")))
        }
        return keys
    }

    // MARK: Crosswalks

    /// Every loaded crosswalk with its entries.
    public func crosswalks() throws -> [Crosswalk] {
        var entries: [String: [CrosswalkEntry]] = [:]
        for row in try session.query("SELECT * FROM crosswalk_entries ORDER BY from_standard, to_standard, position") {
            let from = try StandardID(try row.string("from_standard"))
            let to = try StandardID(try row.string("to_standard"))
            let note = row.optionalLocalized("note")
            entries["\(from)>\(to)", default: []].append(
                CrosswalkEntry(
                    from: try RequirementKey(standard: from, number: try row.string("from_number")),
                    to: try RequirementKey(standard: to, number: try row.string("to_number")),
                    relationship: CrosswalkRelationship(rawValue: try row.string("relationship")) ?? .related,
                    note: note))
        }
        return try session.query("SELECT * FROM crosswalks ORDER BY from_standard, to_standard").map { row in
            let from = try StandardID(try row.string("from_standard"))
            let to = try StandardID(try row.string("to_standard"))
            return try Crosswalk(
                from: from, to: to,
                title: try row.localized("title"),
                entries: entries["\(from)>\(to)"] ?? [])
        }
    }

    // MARK: Applicability

    /// The recorded applicability decisions, optionally of one standard.
    public func applicability(standard: StandardID? = nil) throws -> [ApplicabilityDecision] {
        let rows =
            if let standard {
                try session.query(
                    "SELECT * FROM applicability WHERE standard_id = ? ORDER BY standard_id, number", standard.rawValue)
            } else {
                try session.query("SELECT * FROM applicability ORDER BY standard_id, number")
            }
        return try rows.map { row in
            try ApplicabilityDecision(
                key: RequirementKey(
                    standard: StandardID(try row.string("standard_id")), number: try row.string("number")),
                excluded: try row.bool("excluded"), justification: row.optionalString("justification"),
                decidedBy: try row.string("decided_by"))
        }.sorted { $0.key < $1.key }
    }

    // MARK: Users

    /// Every user, by username.
    public func users() throws -> [User] {
        var processes: [String: [String]] = [:]
        for row in try session.query("SELECT * FROM user_processes ORDER BY username, process") {
            processes[try row.string("username"), default: []].append(try row.string("process"))
        }
        return try session.query("SELECT * FROM users ORDER BY username").map { row in
            let username = try row.string("username")
            var user = try User(
                username: username, displayName: try row.string("display_name"),
                role: Role(name: try row.string("role")), email: row.optionalString("email"),
                processes: processes[username] ?? [], active: try row.bool("active"))
            user.language = row.optionalString("language").flatMap(Language.init(rawValue:))
            user.timeZone = row.optionalString("time_zone")
            return user
        }
    }

    /// One user, if present.
    public func user(_ username: String) throws -> User? {
        try users().first { $0.username == username }
    }

    // MARK: Audit trail

    /// Audit events in order, optionally of one entity and from one instant on.
    public func events(entity: String? = nil, since: String? = nil, limit: Int? = nil) throws -> [AuditEvent] {
        try events(entity: entity, condition: since.map { ("at >= ?", .text($0)) }, newestFirst: false, limit: limit)
    }

    /// A page of the trail, newest first: events before `before` (a sequence number), at most `limit`.
    public func eventsNewestFirst(entity: String?, before: Int64?, limit: Int) throws -> [AuditEvent] {
        try events(entity: entity, condition: before.map { ("seq < ?", .integer($0)) }, newestFirst: true, limit: limit)
    }

    private func events(entity: String?, condition: (String, SQLValue)?, newestFirst: Bool, limit: Int?) throws
        -> [AuditEvent]
    {
        var conditions: [String] = []
        var arguments: [SQLValue] = []
        if let entity {
            conditions.append("entity = ?")
            arguments.append(.text(entity))
        }
        if let (sql, value) = condition {
            conditions.append(sql)
            arguments.append(value)
        }
        var sql = "SELECT * FROM audit_events"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += newestFirst ? " ORDER BY seq DESC" : " ORDER BY seq"
        if let limit { sql += " LIMIT \(max(0, limit))" }
        return try session.query(sql, arguments).map(StoreReader.event)
    }

    /// The newest audit event.
    public func lastEvent() throws -> AuditEvent? {
        try session.queryFirst("SELECT * FROM audit_events ORDER BY seq DESC LIMIT 1").map(StoreReader.event)
    }

    /// The trail's end: the last event's sequence number and hash (0 and nil when empty).
    public func trailEnd() throws -> (sequence: Int64, hash: String?) {
        guard let row = try session.queryFirst("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1") else {
            return (0, nil)
        }
        return (try row.int("seq"), try row.string("hash"))
    }

    /// The hash of the event numbered `sequence`, if there is one: whoever kept a result as of that
    /// event checks with it that the trail they read on from is the same trail.
    public func eventHash(at sequence: Int64) throws -> String? {
        try session.queryFirst("SELECT hash FROM audit_events WHERE seq = ?", sequence).map { try $0.string("hash") }
    }

    /// The entities of the events after `sequence` up to `last`, in order: what changed since.
    public func trailEntities(after sequence: Int64, through last: Int64) throws -> [String] {
        try session.query(
            "SELECT entity FROM audit_events WHERE seq > ? AND seq <= ? ORDER BY seq", sequence, last
        ).map { try $0.string("entity") }
    }

    static func event(_ row: SQLRow) throws -> AuditEvent {
        AuditEvent(
            sequence: try row.int("seq"), at: try row.string("at"), actor: try row.string("actor"),
            action: try row.string("action"), entity: try row.string("entity"),
            before: row.optionalString("before_json"),
            after: row.optionalString("after_json"), previousHash: try row.string("prev_hash"),
            hash: try row.string("hash"))
    }

    /// Row counts of every table, to show what a database holds (and, in tests, that nothing changed).
    public func tableCounts() throws -> [String: Int64] {
        var counts: [String: Int64] = [:]
        for table in StoreReader.tables {
            counts[table] = try session.scalarInt("SELECT COUNT(*) AS value FROM \(table)") ?? 0
        }
        return counts
    }

    /// The tables of the schema, in dependency order.
    public static let tables = [
        "organisation", "standards", "amendments", "requirements", "requirement_documented_information",
        "requirement_electoral_processes", "requirement_evidence_hints", "requirement_labels", "crosswalks",
        "crosswalk_entries",
        "applicability", "users", "user_processes", "audit_events", "sequences", "stored_files", "evidence",
        "evidence_requirements", "evidence_files", "evidence_tags", "web_sessions", "api_tokens", "file_chunks",
        "file_uploads",
        // Findings (migration 0003).
        "audits", "audit_auditors", "audit_auditees", "audit_requirements", "audit_scope", "audit_report_evidence",
        "observer_recommendations", "recommendation_links", "nonconformities", "nc_requirements", "nc_evidence",
        "nc_containment", "nc_analyses", "nc_causes", "corrective_actions", "nc_implementations",
        "nc_implementation_evidence", "nc_verifications", "nc_closures", "nc_transitions", "management_reviews",
        "management_review_attendees", "management_review_inputs", "management_review_decisions",
        "management_review_minutes", "management_review_actions",
        // Plans (migration 0005).
        "awps", "awp_versions", "plan_strategic", "plan_values", "plan_goals", "plan_objectives", "plan_kpis",
        "plan_kpi_values", "plan_outputs", "plan_output_objectives", "plan_funding_sources", "plan_envelopes",
        "plan_commitments", "awp_activities", "awp_results", "awp_activity_links", "awp_budget_lines", "awp_comments",
        "awp_decisions", "awp_expenditures",
        // Quality registers (migration 0007).
        "controlled_documents", "document_versions", "context_issues", "risks", "risk_assessments", "risk_actions",
        "interested_parties", "qms_processes", "external_providers", "provider_criteria", "provider_evaluations",
        "provider_scores", "competence_roles", "training_events", "training_participants", "monitored_kpis",
        "kpi_measurements", "register_reviews", "register_lists", "register_requirements",
        // Dated events of activities (migration 0009).
        "awp_activity_events",
        // Second factors (migration 0018).
        "second_factors", "recovery_codes",
        // Calendar feeds (migration 0021).
        "calendar_feeds",
        // E-mailed reminders (migration 0025).
        "reminder_preferences", "reminder_deliveries",
        // The inbox's read marks and the reminders' last runs (migration 0027).
        "inbox_reads", "reminder_runs",
        // Engagements (migration 0023).
        "engagements", "engagement_auditors", "engagement_scope",
        // Audit plans and checklists (migration 0024).
        "audit_plans", "audit_plan_visits", "audit_plan_people", "audit_checklist_items", "audit_checklist_evidence",
        // The second-factor policy (migration 0028).
        "factor_policy", "factor_grace", "directory_settings",
        // Certification bodies and certificates (migration 0029).
        "certification_bodies", "certificates", "certificate_scope", "certificate_exclusions",
        "certificate_status_changes", "edition_transitions",
        // Evidence requests (migration 0030).
        "evidence_requests", "evidence_request_steps", "evidence_request_evidence",
        // The audit report's meetings, conclusion and recommendation (migration 0031).
        "audit_report_meetings", "audit_report_attendees", "audit_report_conclusions",
    ]
}

extension SQLRow {
    /// The text held in the columns `prefix_en`, `prefix_ar`, `prefix_fr` and `prefix_es`; the
    /// English column is required, the translations are read when the table has them.
    func localized(_ prefix: String) throws -> LocalizedText {
        LocalizedText(
            en: try string("\(prefix)_en"), ar: optionalString("\(prefix)_ar"), fr: optionalString("\(prefix)_fr"),
            es: optionalString("\(prefix)_es"))
    }

    /// As ``localized(_:)``, `nil` when the English column is empty.
    func optionalLocalized(_ prefix: String) -> LocalizedText? {
        optionalString("\(prefix)_en").map {
            LocalizedText(
                en: $0, ar: optionalString("\(prefix)_ar"), fr: optionalString("\(prefix)_fr"),
                es: optionalString("\(prefix)_es"))
        }
    }
}
