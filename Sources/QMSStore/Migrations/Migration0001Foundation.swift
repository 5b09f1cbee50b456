/// The foundation schema: organisation, standards and their requirement trees, crosswalks,
/// the statement of applicability, users, and the hash-chained audit trail.
///
/// The schema guards the data: NOT NULL, CHECK, UNIQUE and foreign keys make an impossible row
/// impossible to write, whatever the code above does.
enum Migration0001Foundation {
    static let migration = Migration(
        name: "0001-foundation",
        sql: """
            CREATE TABLE organisation (
                id BIGINT PRIMARY KEY CHECK (id = 1),
                name_en TEXT NOT NULL CHECK (length(trim(name_en)) > 0),
                name_ar TEXT,
                short_name TEXT NOT NULL CHECK (length(trim(short_name)) > 0),
                country TEXT CHECK (country IS NULL OR length(country) = 2)
            );

            CREATE TABLE standards (
                id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
                edition TEXT NOT NULL,
                title_en TEXT NOT NULL CHECK (length(trim(title_en)) > 0),
                title_ar TEXT,
                publisher TEXT NOT NULL,
                scope_en TEXT,
                scope_ar TEXT,
                status TEXT NOT NULL CHECK (status IN ('current', 'withdrawn')),
                replaced_by TEXT,
                based_on TEXT,
                origin TEXT NOT NULL CHECK (origin IN ('catalogue', 'oscal')),
                source_file TEXT NOT NULL,
                source_sha256 TEXT NOT NULL CHECK (length(source_sha256) = 64),
                imported_at TEXT NOT NULL,
                imported_by TEXT NOT NULL
            );

            CREATE TABLE amendments (
                standard_id TEXT NOT NULL REFERENCES standards(id),
                id TEXT NOT NULL,
                year BIGINT NOT NULL CHECK (year BETWEEN 1900 AND 2999),
                title_en TEXT NOT NULL,
                title_ar TEXT,
                PRIMARY KEY (standard_id, id)
            );

            CREATE TABLE requirements (
                standard_id TEXT NOT NULL REFERENCES standards(id),
                number TEXT NOT NULL CHECK (length(number) BETWEEN 1 AND 64),
                parent_number TEXT,
                position BIGINT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('clause', 'requirement', 'electoral-process')),
                title_en TEXT NOT NULL CHECK (length(trim(title_en)) > 0),
                title_ar TEXT,
                summary_en TEXT NOT NULL,
                summary_ar TEXT,
                amendment TEXT,
                PRIMARY KEY (standard_id, number),
                FOREIGN KEY (standard_id, parent_number) REFERENCES requirements(standard_id, number),
                FOREIGN KEY (standard_id, amendment) REFERENCES amendments(standard_id, id)
            );

            CREATE TABLE requirement_documented_information (
                standard_id TEXT NOT NULL,
                number TEXT NOT NULL,
                position BIGINT NOT NULL,
                type TEXT NOT NULL CHECK (type IN ('maintain', 'retain')),
                text_en TEXT NOT NULL,
                text_ar TEXT,
                PRIMARY KEY (standard_id, number, position),
                FOREIGN KEY (standard_id, number) REFERENCES requirements(standard_id, number)
            );

            CREATE TABLE requirement_electoral_processes (
                standard_id TEXT NOT NULL,
                number TEXT NOT NULL,
                process TEXT NOT NULL CHECK (process IN
                    ('EP-01', 'EP-02', 'EP-03', 'EP-04', 'EP-05', 'EP-06', 'EP-07', 'EP-08')),
                PRIMARY KEY (standard_id, number, process),
                FOREIGN KEY (standard_id, number) REFERENCES requirements(standard_id, number)
            );

            CREATE TABLE requirement_evidence_hints (
                standard_id TEXT NOT NULL,
                number TEXT NOT NULL,
                position BIGINT NOT NULL,
                text_en TEXT NOT NULL,
                text_ar TEXT,
                PRIMARY KEY (standard_id, number, position),
                FOREIGN KEY (standard_id, number) REFERENCES requirements(standard_id, number)
            );

            CREATE TABLE crosswalks (
                from_standard TEXT NOT NULL REFERENCES standards(id),
                to_standard TEXT NOT NULL REFERENCES standards(id),
                title_en TEXT NOT NULL,
                title_ar TEXT,
                source_file TEXT NOT NULL,
                source_sha256 TEXT NOT NULL CHECK (length(source_sha256) = 64),
                imported_at TEXT NOT NULL,
                PRIMARY KEY (from_standard, to_standard),
                CHECK (from_standard <> to_standard)
            );

            CREATE TABLE crosswalk_entries (
                from_standard TEXT NOT NULL,
                from_number TEXT NOT NULL,
                to_standard TEXT NOT NULL,
                to_number TEXT NOT NULL,
                position BIGINT NOT NULL,
                relationship TEXT NOT NULL CHECK (relationship IN ('equal', 'subset', 'superset', 'related')),
                note_en TEXT,
                note_ar TEXT,
                PRIMARY KEY (from_standard, from_number, to_standard, to_number),
                FOREIGN KEY (from_standard, to_standard) REFERENCES crosswalks(from_standard, to_standard),
                FOREIGN KEY (from_standard, from_number) REFERENCES requirements(standard_id, number),
                FOREIGN KEY (to_standard, to_number) REFERENCES requirements(standard_id, number)
            );

            CREATE TABLE applicability (
                standard_id TEXT NOT NULL,
                number TEXT NOT NULL,
                excluded BIGINT NOT NULL CHECK (excluded IN (0, 1)),
                justification TEXT,
                decided_by TEXT NOT NULL,
                decided_at TEXT NOT NULL,
                PRIMARY KEY (standard_id, number),
                FOREIGN KEY (standard_id, number) REFERENCES requirements(standard_id, number),
                CHECK (excluded = 0 OR (justification IS NOT NULL AND length(trim(justification)) >= 10))
            );

            CREATE TABLE users (
                username TEXT PRIMARY KEY CHECK (length(username) BETWEEN 1 AND 64),
                display_name TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN
                    ('admin', 'quality-manager', 'process-owner', 'tc-member', 'auditor', 'viewer')),
                email TEXT,
                active BIGINT NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
                password_hash TEXT,
                created_at TEXT NOT NULL
            );

            CREATE TABLE user_processes (
                username TEXT NOT NULL REFERENCES users(username),
                process TEXT NOT NULL,
                PRIMARY KEY (username, process)
            );

            CREATE TABLE audit_events (
                seq {sequence_key} CHECK (seq >= 1),
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                entity TEXT NOT NULL,
                before_json TEXT,
                after_json TEXT,
                prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
                hash TEXT NOT NULL CHECK (length(hash) = 64)
            );
            CREATE INDEX audit_events_entity ON audit_events(entity, seq);

            CREATE TABLE sequences (
                name TEXT NOT NULL,
                year BIGINT NOT NULL,
                last_value BIGINT NOT NULL CHECK (last_value >= 0),
                PRIMARY KEY (name, year)
            );
            """)
}
