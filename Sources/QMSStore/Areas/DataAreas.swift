/// The tables of each ``DataArea`` and the triggers that move the area's version whenever a row of
/// one of them is inserted, changed or deleted, in the writing transaction, by any writer.
///
/// A migration that adds a table adds its triggers with ``triggers(table:area:dialect:)`` (and the
/// table here); one that adds an area (a new case of ``DataArea``) adds its counter with
/// ``counter(_:)`` as well. A table without triggers, or an area without its counter, would leave
/// the pages that read it stale, which the store tests check against the schema.
public enum DataAreas {
    /// The counters: one row per area.
    public static let table = "data_areas"

    /// Which area each table belongs to.
    public static let tables: [String: DataArea] = {
        var map: [String: DataArea] = [:]
        func add(_ area: DataArea, _ names: [String]) { for name in names { map[name] = area } }
        // The second-factor policy and the directory's settings are the organisation's; when the
        // policy first found a user without a factor is theirs.
        add(.organisation, ["organisation", "factor_policy", "directory_settings"])
        add(
            .standards,
            [
                "standards", "amendments", "requirements", "requirement_documented_information",
                "requirement_electoral_processes", "requirement_evidence_hints", "requirement_labels", "crosswalks",
                "crosswalk_entries", "applicability",
            ])
        add(.users, ["users", "user_processes", "factor_grace"])
        add(.signIns, ["web_sessions", "sign_in_failures", "api_tokens", "second_factors", "recovery_codes"])
        add(.trail, ["audit_events", "sequences"])
        add(.files, ["stored_files", "file_chunks", "file_uploads"])
        add(.evidence, ["evidence", "evidence_requirements", "evidence_files", "evidence_tags"])
        add(
            .audits,
            [
                "audits", "audit_auditors", "audit_auditees", "audit_requirements", "audit_scope",
                "audit_report_evidence", "audit_plans", "audit_plan_visits", "audit_plan_people",
                "audit_checklist_items", "audit_checklist_evidence", "certification_bodies", "certificates",
                "certificate_scope", "certificate_exclusions", "certificate_status_changes", "edition_transitions",
                "audit_report_meetings", "audit_report_attendees", "audit_report_conclusions",
            ])
        add(
            .findings,
            [
                "observer_recommendations", "recommendation_links", "nonconformities", "nc_requirements", "nc_evidence",
                "nc_containment", "nc_analyses", "nc_causes", "corrective_actions", "nc_implementations",
                "nc_implementation_evidence", "nc_verifications", "nc_closures", "nc_transitions",
            ])
        add(
            .reviews,
            [
                "management_reviews", "management_review_attendees", "management_review_inputs",
                "management_review_decisions", "management_review_minutes", "management_review_actions",
            ])
        add(
            .plans,
            [
                "awps", "awp_versions", "plan_strategic", "plan_values", "plan_goals", "plan_objectives", "plan_kpis",
                "plan_kpi_values", "plan_outputs", "plan_output_objectives", "plan_funding_sources", "plan_envelopes",
                "plan_commitments", "awp_activities", "awp_results", "awp_activity_links", "awp_budget_lines",
                "awp_comments", "awp_decisions", "awp_expenditures", "awp_activity_events",
            ])
        add(
            .registers,
            [
                "controlled_documents", "document_versions", "context_issues", "risks", "risk_assessments",
                "risk_actions", "interested_parties", "qms_processes", "external_providers", "provider_criteria",
                "provider_evaluations", "provider_scores", "competence_roles", "training_events",
                "training_participants", "monitored_kpis", "kpi_measurements", "register_reviews", "register_lists",
                "register_requirements",
            ])
        add(.reminders, ["reminder_deliveries", "reminder_preferences", "inbox_reads", "reminder_runs"])
        add(.calendars, ["calendar_feeds"])
        // Evidence requests are shown on engagements' pages and in the owners' lists.
        add(
            .engagements,
            [
                "engagements", "engagement_auditors", "engagement_scope", "evidence_requests",
                "evidence_request_steps", "evidence_request_evidence",
            ])
        return map
    }()

    /// The statements that create the counters and the triggers of every table in ``tables`` that
    /// the schema has (`existing`): a table a later migration creates gets its triggers there.
    static func install(dialect: SQLDialect, existing: Set<String>) -> [String] {
        var statements = [
            "CREATE TABLE \(table) (area TEXT PRIMARY KEY, version BIGINT NOT NULL DEFAULT 0, bumped_by BIGINT)"
        ]
        statements += DataArea.allCases.map(counter)
        if dialect == .postgres {
            // One bump per area and transaction: a bulk import of 100,000 rows writes the counter
            // once, not 100,000 times (each a new row version in PostgreSQL).
            statements.append(
                """
                CREATE FUNCTION data_area_bump() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE data_areas SET version = version + 1, bumped_by = txid_current()
                    WHERE area = TG_ARGV[0] AND bumped_by IS DISTINCT FROM txid_current();
                    RETURN NULL;
                END
                $$
                """)
        }
        for (name, area) in tables.sorted(by: { $0.key < $1.key }) where existing.contains(name) {
            statements += triggers(table: name, area: area, dialect: dialect)
        }
        // A signed-in session that ends (sign-out, its end) or changes what a kept page shows (its
        // user, form token or second-factor state) moves `sessions`, which every page kept per
        // session depends on. A new session does not, so that one person signing in leaves everyone
        // else's kept pages; nor does a record of use (only `lastSeenAt` and the expiry change, and
        // a page kept for a session is sent no later than its next record of use); nor the end of a
        // session half signed in (its second factor pending), which has no kept pages.
        let whole = "OLD.value NOT LIKE '%\"factorPending\":true%'"
        let changed = ["username", "csrf", "factorPending"].map { field in
            switch dialect {
            case .sqlite: "json_extract(OLD.value, '$.\(field)') IS NOT json_extract(NEW.value, '$.\(field)')"
            case .postgres: "(OLD.value::jsonb ->> '\(field)') IS DISTINCT FROM (NEW.value::jsonb ->> '\(field)')"
            }
        }
        statements.append(
            trigger(
                name: "data_area_web_sessions_delete_whole", event: "DELETE", table: "web_sessions", area: .sessions,
                when: whole, dialect: dialect))
        statements.append(
            trigger(
                name: "data_area_web_sessions_update_whole", event: "UPDATE", table: "web_sessions", area: .sessions,
                when: "\(whole) AND (\(changed.joined(separator: " OR ")))", dialect: dialect))
        return statements
    }

    /// The statement that adds the counter of an area, unless it is there (migration 0026 adds one
    /// for every area known when it runs).
    public static func counter(_ area: DataArea) -> String {
        "INSERT INTO \(table) (area, version) VALUES ('\(area.rawValue)', 0) ON CONFLICT (area) DO NOTHING"
    }

    /// The triggers that move `area` when a row of `table` is inserted, changed or deleted.
    public static func triggers(table: String, area: DataArea, dialect: SQLDialect) -> [String] {
        ["INSERT", "UPDATE", "DELETE"].map { event in
            trigger(
                name: "data_area_\(table)_\(event.lowercased())", event: event, table: table, area: area, when: nil,
                dialect: dialect)
        }
    }

    /// Gives `names` (tables a migration after 0026 creates, each listed in ``tables``) the
    /// triggers of their areas, in the migration's transaction.
    public static func installTriggers(for names: [String], in session: any SQLSession) throws {
        for name in names {
            guard let area = tables[name] else { continue }
            for statement in triggers(table: name, area: area, dialect: session.dialect) {
                try session.execute(statement, [])
            }
        }
    }

    private static func trigger(
        name: String, event: String, table: String, area: DataArea, when condition: String?, dialect: SQLDialect
    ) -> String {
        switch dialect {
        case .sqlite:
            let when = condition.map { " WHEN \($0)" } ?? ""
            return """
                CREATE TRIGGER \(name) AFTER \(event) ON \(table) FOR EACH ROW\(when) BEGIN \
                UPDATE \(self.table) SET version = version + 1 WHERE area = '\(area.rawValue)'; END
                """
        case .postgres:
            let when = condition.map { " WHEN (\($0))" } ?? ""
            return """
                CREATE TRIGGER \(name) AFTER \(event) ON \(table) FOR EACH ROW\(when) \
                EXECUTE FUNCTION data_area_bump('\(area.rawValue)')
                """
        }
    }
}

extension SQLSession {
    /// The names of the tables of the schema.
    func tableNames() throws(StoreError) -> Set<String> {
        let sql =
            switch dialect {
            case .sqlite: "SELECT name FROM sqlite_master WHERE type = 'table'"
            case .postgres:
                "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()"
            }
        return Set(try query(sql, []).map { row throws(StoreError) in try row.string("name") })
    }

    /// The version of every area, in one query.
    public func areaVersions() throws(StoreError) -> AreaVersions {
        var versions = AreaVersions()
        for row in try query("SELECT area, version FROM \(DataAreas.table)", []) {
            if let area = DataArea(rawValue: try row.string("area")) { versions[area] = try row.int("version") }
        }
        return versions
    }
}
