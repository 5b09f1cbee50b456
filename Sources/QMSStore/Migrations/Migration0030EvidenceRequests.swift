/// Evidence requests (issue 24): an auditor asks for evidence against a requirement or a sample,
/// with an owner and a due date; the owner answers with evidence records; the auditor accepts or
/// returns the answer. The request's current state is one row; its history, one row per step,
/// and the evidence each answer gave. Each change is an event of the trail (`request.*`).
enum Migration0030EvidenceRequests {
    static let migration = Migration(
        name: "0030-evidence-requests",
        sql: """
            CREATE TABLE evidence_requests (
                id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 12 AND 20),
                year BIGINT NOT NULL CHECK (year BETWEEN 1900 AND 9999),
                number BIGINT NOT NULL CHECK (number >= 1),
                engagement_id TEXT REFERENCES engagements(id),
                audit_id TEXT,
                requirement TEXT,
                sample TEXT CHECK (sample IS NULL OR length(trim(sample)) BETWEEN 1 AND 2000),
                owner TEXT NOT NULL REFERENCES users(username),
                due_on TEXT NOT NULL CHECK (length(due_on) = 10),
                status TEXT NOT NULL CHECK (status IN ('open', 'answered', 'accepted', 'returned', 'withdrawn')),
                requested_by TEXT NOT NULL,
                CHECK (requirement IS NOT NULL OR sample IS NOT NULL),
                UNIQUE (year, number)
            );
            CREATE INDEX evidence_requests_engagement ON evidence_requests(engagement_id);
            CREATE INDEX evidence_requests_owner ON evidence_requests(owner, status);

            CREATE TABLE evidence_request_steps (
                request_id TEXT NOT NULL REFERENCES evidence_requests(id),
                position BIGINT NOT NULL CHECK (position >= 0),
                kind TEXT NOT NULL CHECK (kind IN ('asked', 'answered', 'accepted', 'returned', 'withdrawn')),
                actor TEXT NOT NULL,
                at TEXT NOT NULL,
                note TEXT,
                CHECK (kind <> 'returned' OR length(trim(note)) > 0),
                PRIMARY KEY (request_id, position)
            );

            CREATE TABLE evidence_request_evidence (
                request_id TEXT NOT NULL,
                step BIGINT NOT NULL,
                position BIGINT NOT NULL CHECK (position >= 0),
                evidence_id TEXT NOT NULL,
                PRIMARY KEY (request_id, step, position),
                FOREIGN KEY (request_id, step) REFERENCES evidence_request_steps(request_id, position)
            );
            """,
        data: { session in
            // The pages kept per area (migration 0026) see these tables change.
            try DataAreas.installTriggers(
                for: ["evidence_requests", "evidence_request_steps", "evidence_request_evidence"], in: session)
        })
}
