/// Certification bodies and certificates (issue 24): the register of bodies (name, accreditation,
/// contact), certificates as records of their own (number, body, decision day, expiry, the audit
/// whose report granted them), their scope (standards, sites, processes; exclusions with their
/// justification) and status changes (valid, suspended, withdrawn, each dated with its reason).
/// `audits.certificate_number` stays: the report names the certificate, this table holds it.
/// `edition_transitions` keeps the deadline the organisation recorded for moving to a new edition.
enum Migration0029Certificates {
    static let tables = [
        "certification_bodies", "certificates", "certificate_scope", "certificate_exclusions",
        "certificate_status_changes", "edition_transitions",
    ]

    static let migration = Migration(
        name: "0029-certificates",
        sql: """
            CREATE TABLE certification_bodies (
                name TEXT PRIMARY KEY CHECK (length(trim(name)) BETWEEN 1 AND 200),
                accredited_by TEXT CHECK (accredited_by IS NULL OR length(accredited_by) <= 200),
                accreditation_number TEXT CHECK (accreditation_number IS NULL OR length(accreditation_number) <= 200),
                contact TEXT CHECK (contact IS NULL OR length(contact) <= 200)
            );

            CREATE TABLE certificates (
                number TEXT PRIMARY KEY CHECK (length(trim(number)) BETWEEN 1 AND 100),
                body TEXT NOT NULL REFERENCES certification_bodies(name),
                issued_on TEXT NOT NULL CHECK (length(issued_on) = 10),
                valid_until TEXT NOT NULL CHECK (length(valid_until) = 10),
                audit_id TEXT REFERENCES audits(id),
                CHECK (issued_on < valid_until)
            );

            CREATE TABLE certificate_scope (
                certificate TEXT NOT NULL REFERENCES certificates(number),
                kind TEXT NOT NULL CHECK (kind IN ('standard', 'site', 'process')),
                position BIGINT NOT NULL CHECK (position >= 0),
                value TEXT NOT NULL CHECK (length(trim(value)) > 0),
                PRIMARY KEY (certificate, kind, position)
            );

            CREATE TABLE certificate_exclusions (
                certificate TEXT NOT NULL REFERENCES certificates(number),
                position BIGINT NOT NULL CHECK (position >= 0),
                requirement TEXT NOT NULL CHECK (length(trim(requirement)) > 0),
                justification TEXT NOT NULL CHECK (length(trim(justification)) > 0),
                PRIMARY KEY (certificate, position)
            );

            CREATE TABLE certificate_status_changes (
                certificate TEXT NOT NULL REFERENCES certificates(number),
                position BIGINT NOT NULL CHECK (position >= 0),
                status TEXT NOT NULL CHECK (status IN ('valid', 'suspended', 'withdrawn')),
                changed_on TEXT NOT NULL CHECK (length(changed_on) = 10),
                reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
                PRIMARY KEY (certificate, position)
            );

            CREATE TABLE edition_transitions (
                standard_id TEXT PRIMARY KEY,
                deadline TEXT NOT NULL CHECK (length(deadline) = 10),
                note TEXT
            );
            """,
        data: { session in
            try DataAreas.installTriggers(for: tables, in: session)
        })
}
