/// Evidence records, their revisions, requirement links, tags and attached files, and the register
/// of stored file contents.
///
/// A revision is a row of its own: `(id, revision)` is the key, the latest revision carries the
/// record's status and earlier ones are `superseded`. Nothing is deleted.
enum Migration0002Evidence {
    static let migration = Migration(
        name: "0002-evidence",
        sql: """
            CREATE TABLE stored_files (
                sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
                size BIGINT NOT NULL CHECK (size >= 0),
                stored_at TEXT NOT NULL
            );

            CREATE TABLE evidence (
                id TEXT NOT NULL,
                revision BIGINT NOT NULL CHECK (revision >= 1),
                year BIGINT NOT NULL,
                number BIGINT NOT NULL CHECK (number >= 1),
                title TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 300),
                description TEXT,
                kind TEXT NOT NULL CHECK (kind IN ('document', 'record', 'link', 'note')),
                link TEXT,
                owner TEXT NOT NULL CHECK (length(trim(owner)) > 0),
                process TEXT,
                location TEXT NOT NULL,
                effective_from TEXT NOT NULL CHECK (length(effective_from) = 10),
                effective_to TEXT,
                collected_on TEXT NOT NULL CHECK (length(collected_on) = 10),
                valid_until TEXT,
                review_due TEXT,
                confidentiality TEXT NOT NULL CHECK (confidentiality IN ('public', 'internal', 'restricted')),
                status TEXT NOT NULL CHECK (status IN ('draft', 'current', 'superseded', 'withdrawn')),
                withdrawn_reason TEXT,
                recorded_at TEXT NOT NULL,
                recorded_by TEXT NOT NULL,
                PRIMARY KEY (id, revision),
                CHECK (kind <> 'link' OR link IS NOT NULL),
                CHECK (status <> 'withdrawn' OR (withdrawn_reason IS NOT NULL AND length(trim(withdrawn_reason)) > 0)),
                CHECK (effective_to IS NULL OR effective_to >= effective_from),
                CHECK (valid_until IS NULL OR valid_until >= effective_from)
            ) {without_rowid};

            CREATE TABLE evidence_requirements (
                evidence_id TEXT NOT NULL,
                revision BIGINT NOT NULL,
                standard_id TEXT NOT NULL,
                number TEXT NOT NULL,
                PRIMARY KEY (evidence_id, revision, standard_id, number),
                FOREIGN KEY (evidence_id, revision) REFERENCES evidence(id, revision),
                FOREIGN KEY (standard_id, number) REFERENCES requirements(standard_id, number)
            ) {without_rowid};

            CREATE TABLE evidence_files (
                evidence_id TEXT NOT NULL,
                revision BIGINT NOT NULL,
                position BIGINT NOT NULL,
                sha256 TEXT NOT NULL REFERENCES stored_files(sha256),
                original_name TEXT NOT NULL,
                media_type TEXT NOT NULL,
                PRIMARY KEY (evidence_id, revision, position),
                FOREIGN KEY (evidence_id, revision) REFERENCES evidence(id, revision)
            ) {without_rowid};

            CREATE TABLE evidence_tags (
                evidence_id TEXT NOT NULL,
                revision BIGINT NOT NULL,
                tag TEXT NOT NULL CHECK (length(tag) BETWEEN 1 AND 64),
                PRIMARY KEY (evidence_id, revision, tag),
                FOREIGN KEY (evidence_id, revision) REFERENCES evidence(id, revision)
            ) {without_rowid};
            """)
}
