/// Audit plans and checklists (issue 24, ISO 19011 6.3): an audit's objectives, criteria and
/// schedule by day, site and process with each sitting's auditees and auditors; its checklist, one
/// item per requirement, with the result, notes, sample, evidence seen and the finding it raised.
enum Migration0024AuditChecklists {
    static let migration = Migration(
        name: "0024-audit-checklists",
        sql: """
            CREATE TABLE audit_plans (
                audit_id TEXT PRIMARY KEY REFERENCES audits(id),
                objectives TEXT NOT NULL CHECK (length(trim(objectives)) > 0),
                criteria TEXT
            );
            CREATE TABLE audit_plan_visits (
                audit_id TEXT NOT NULL REFERENCES audit_plans(audit_id),
                position BIGINT NOT NULL CHECK (position >= 0),
                day TEXT NOT NULL CHECK (length(day) = 10),
                starts_at TEXT CHECK (starts_at IS NULL OR length(starts_at) = 5),
                site TEXT,
                process TEXT,
                PRIMARY KEY (audit_id, position)
            );
            CREATE TABLE audit_plan_people (
                audit_id TEXT NOT NULL,
                visit BIGINT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('auditee', 'auditor')),
                position BIGINT NOT NULL CHECK (position >= 0),
                name TEXT NOT NULL CHECK (length(trim(name)) > 0),
                PRIMARY KEY (audit_id, visit, role, position),
                FOREIGN KEY (audit_id, visit) REFERENCES audit_plan_visits(audit_id, position)
            );
            CREATE TABLE audit_checklist_items (
                audit_id TEXT NOT NULL REFERENCES audits(id),
                position BIGINT NOT NULL CHECK (position >= 0),
                standard_id TEXT NOT NULL,
                number TEXT NOT NULL,
                process TEXT,
                result TEXT NOT NULL CHECK (result IN ('not-yet', 'conforming', 'nonconforming', 'observation')),
                grade TEXT CHECK (grade IS NULL OR grade IN ('major', 'minor', 'observation', 'ofi')),
                notes TEXT,
                sample TEXT,
                nc_id TEXT UNIQUE REFERENCES nonconformities(id),
                checked_by TEXT,
                checked_on TEXT CHECK (checked_on IS NULL OR length(checked_on) = 10),
                PRIMARY KEY (audit_id, position),
                UNIQUE (audit_id, standard_id, number),
                CHECK ((result IN ('nonconforming', 'observation')) = (grade IS NOT NULL))
            );
            CREATE TABLE audit_checklist_evidence (
                audit_id TEXT NOT NULL,
                item BIGINT NOT NULL,
                position BIGINT NOT NULL CHECK (position >= 0),
                evidence_id TEXT NOT NULL CHECK (length(evidence_id) >= 12),
                PRIMARY KEY (audit_id, item, position),
                UNIQUE (audit_id, item, evidence_id),
                FOREIGN KEY (audit_id, item) REFERENCES audit_checklist_items(audit_id, position)
            );
            """)
}
