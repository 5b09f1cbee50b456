/// The audit report (issue 24, ISO 19011 6.4.3, 6.4.9 and 6.5): the opening and closing meetings
/// with their attendees, and the report's conclusion and recommendation on certification. A
/// report recorded before this migration has none of them, and reads as it did.
enum Migration0031AuditReportMeetings {
    static let migration = Migration(
        name: "0031-audit-report-meetings",
        sql: """
            CREATE TABLE audit_report_meetings (
                audit_id TEXT NOT NULL REFERENCES audits(id),
                meeting TEXT NOT NULL CHECK (meeting IN ('opening', 'closing')),
                day TEXT NOT NULL CHECK (length(day) = 10),
                starts_at TEXT CHECK (starts_at IS NULL OR length(starts_at) = 5),
                notes TEXT,
                PRIMARY KEY (audit_id, meeting)
            );
            CREATE TABLE audit_report_attendees (
                audit_id TEXT NOT NULL,
                meeting TEXT NOT NULL,
                position BIGINT NOT NULL CHECK (position >= 0),
                name TEXT NOT NULL CHECK (length(trim(name)) > 0),
                PRIMARY KEY (audit_id, meeting, position),
                FOREIGN KEY (audit_id, meeting) REFERENCES audit_report_meetings(audit_id, meeting)
            );
            CREATE TABLE audit_report_conclusions (
                audit_id TEXT PRIMARY KEY REFERENCES audits(id),
                conclusion TEXT CHECK (conclusion IS NULL OR length(trim(conclusion)) > 0),
                recommendation TEXT CHECK (recommendation IS NULL OR recommendation IN
                    ('grant', 'continue', 'after-corrections', 'do-not-grant', 'suspend')),
                CHECK (conclusion IS NOT NULL OR recommendation IS NOT NULL)
            );
            """,
        data: { session in
            // The pages kept per area (migration 0026) see these tables change.
            try DataAreas.installTriggers(
                for: ["audit_report_meetings", "audit_report_attendees", "audit_report_conclusions"], in: session)
        })
}
