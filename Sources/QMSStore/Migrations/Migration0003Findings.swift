/// Findings: the audit programme and certification audits, observer-mission recommendations,
/// nonconformities with their corrective actions, and management reviews.
///
/// A corrective action's steps are rows of their own, one per round (an ineffective verification
/// or a reopening starts a new round), and every transition is kept in `nc_transitions`: nothing
/// is updated away but the nonconformity's current state and round. The schema itself refuses a
/// verification by the implementer and a closure without the two decisions of ISO 9001 10.2.1.
enum Migration0003Findings {
    static let migration = Migration(
        name: "0003-findings",
        sql: """
            CREATE TABLE audits (
                id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 11 AND 20),
                year BIGINT NOT NULL CHECK (year BETWEEN 1900 AND 9999),
                number BIGINT NOT NULL CHECK (number >= 1),
                kind TEXT NOT NULL CHECK (kind IN
                    ('internal', 'stage-1', 'stage-2', 'surveillance-1', 'surveillance-2', 'recertification')),
                title TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 300),
                status TEXT NOT NULL CHECK (status IN ('planned', 'conducted', 'reported')),
                starts_on TEXT NOT NULL CHECK (length(starts_on) = 10),
                ends_on TEXT NOT NULL CHECK (length(ends_on) = 10),
                lead_auditor TEXT,
                certification_body TEXT,
                event_name TEXT,
                event_on TEXT,
                report_on TEXT,
                report_summary TEXT,
                reported_by TEXT,
                certificate_number TEXT,
                certificate_issued_on TEXT,
                certificate_valid_until TEXT,
                recorded_at TEXT NOT NULL,
                recorded_by TEXT NOT NULL,
                UNIQUE (year, number),
                CHECK (ends_on >= starts_on),
                CHECK (kind = 'internal' OR (certification_body IS NOT NULL AND length(trim(certification_body)) > 0)),
                CHECK ((event_name IS NULL AND event_on IS NULL)
                    OR (event_name IS NOT NULL AND event_on IS NOT NULL AND event_on BETWEEN starts_on AND ends_on)),
                CHECK (status <> 'reported'
                    OR (report_on IS NOT NULL AND report_summary IS NOT NULL AND reported_by IS NOT NULL)),
                CHECK (certificate_number IS NULL
                    OR (status = 'reported' AND kind IN ('stage-2', 'recertification')
                        AND certificate_issued_on IS NOT NULL AND certificate_valid_until IS NOT NULL
                        AND certificate_valid_until > certificate_issued_on))
            );

            CREATE TABLE audit_auditors (
                audit_id TEXT NOT NULL REFERENCES audits(id),
                position BIGINT NOT NULL CHECK (position >= 0),
                name TEXT NOT NULL CHECK (length(trim(name)) > 0),
                PRIMARY KEY (audit_id, position),
                UNIQUE (audit_id, name)
            );

            CREATE TABLE audit_requirements (
                audit_id TEXT NOT NULL REFERENCES audits(id),
                position BIGINT NOT NULL CHECK (position >= 0),
                standard_id TEXT NOT NULL,
                number TEXT NOT NULL,
                PRIMARY KEY (audit_id, position),
                UNIQUE (audit_id, standard_id, number),
                FOREIGN KEY (standard_id, number) REFERENCES requirements(standard_id, number)
            );

            CREATE TABLE audit_scope (
                audit_id TEXT NOT NULL REFERENCES audits(id),
                kind TEXT NOT NULL CHECK (kind IN ('process', 'site')),
                position BIGINT NOT NULL CHECK (position >= 0),
                value TEXT NOT NULL CHECK (length(trim(value)) > 0),
                PRIMARY KEY (audit_id, kind, position),
                UNIQUE (audit_id, kind, value)
            );

            CREATE TABLE audit_report_evidence (
                audit_id TEXT NOT NULL REFERENCES audits(id),
                position BIGINT NOT NULL CHECK (position >= 0),
                evidence_id TEXT NOT NULL CHECK (length(evidence_id) >= 12),
                PRIMARY KEY (audit_id, position),
                UNIQUE (audit_id, evidence_id)
            );

            CREATE TABLE observer_recommendations (
                id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 12 AND 20),
                year BIGINT NOT NULL CHECK (year BETWEEN 1900 AND 9999),
                number BIGINT NOT NULL CHECK (number >= 1),
                mission TEXT NOT NULL CHECK (length(trim(mission)) BETWEEN 1 AND 300),
                report_reference TEXT,
                text TEXT NOT NULL CHECK (length(trim(text)) > 0),
                priority TEXT NOT NULL CHECK (priority IN ('high', 'medium', 'low')),
                addressee TEXT NOT NULL CHECK (addressee IN ('emb', 'parliament', 'judiciary', 'government', 'other')),
                status TEXT NOT NULL CHECK (status IN ('not-started', 'in-progress', 'implemented', 'not-accepted')),
                status_note TEXT,
                recorded_at TEXT NOT NULL,
                recorded_by TEXT NOT NULL,
                UNIQUE (year, number),
                CHECK (status <> 'not-accepted' OR (status_note IS NOT NULL AND length(trim(status_note)) > 0))
            );

            CREATE TABLE recommendation_links (
                recommendation_id TEXT NOT NULL REFERENCES observer_recommendations(id),
                kind TEXT NOT NULL CHECK (kind IN ('action', 'nonconformity', 'activity', 'evidence')),
                target TEXT NOT NULL CHECK (length(target) BETWEEN 1 AND 64),
                linked_at TEXT NOT NULL,
                linked_by TEXT NOT NULL,
                PRIMARY KEY (recommendation_id, kind, target)
            );

            CREATE TABLE nonconformities (
                id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 11 AND 20),
                year BIGINT NOT NULL CHECK (year BETWEEN 1900 AND 9999),
                number BIGINT NOT NULL CHECK (number >= 1),
                title TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 300),
                description TEXT,
                source TEXT NOT NULL CHECK (source IN ('internal-audit', 'certification-audit', 'complaint',
                    'process-monitoring', 'management-review', 'observer-recommendation', 'other')),
                grade TEXT NOT NULL CHECK (grade IN ('major', 'minor', 'observation', 'ofi')),
                process TEXT,
                site TEXT,
                audit_id TEXT REFERENCES audits(id),
                recommendation_id TEXT REFERENCES observer_recommendations(id),
                raised_by TEXT NOT NULL CHECK (length(trim(raised_by)) > 0),
                raised_on TEXT NOT NULL CHECK (length(raised_on) = 10),
                state TEXT NOT NULL CHECK (state IN
                    ('reported', 'contained', 'analysed', 'planned', 'implemented', 'verified', 'closed')),
                round BIGINT NOT NULL CHECK (round >= 1),
                recorded_at TEXT NOT NULL,
                recorded_by TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                UNIQUE (year, number),
                CHECK (audit_id IS NULL OR source IN ('internal-audit', 'certification-audit')),
                CHECK (recommendation_id IS NULL OR source = 'observer-recommendation')
            );
            CREATE INDEX nonconformities_state ON nonconformities(state);

            CREATE TABLE nc_requirements (
                nc_id TEXT NOT NULL REFERENCES nonconformities(id),
                position BIGINT NOT NULL CHECK (position >= 0),
                standard_id TEXT NOT NULL,
                number TEXT NOT NULL,
                PRIMARY KEY (nc_id, position),
                UNIQUE (nc_id, standard_id, number),
                FOREIGN KEY (standard_id, number) REFERENCES requirements(standard_id, number)
            );

            CREATE TABLE nc_evidence (
                nc_id TEXT NOT NULL REFERENCES nonconformities(id),
                position BIGINT NOT NULL CHECK (position >= 0),
                evidence_id TEXT NOT NULL CHECK (length(evidence_id) >= 12),
                PRIMARY KEY (nc_id, position),
                UNIQUE (nc_id, evidence_id)
            );

            CREATE TABLE nc_containment (
                nc_id TEXT PRIMARY KEY REFERENCES nonconformities(id),
                correction TEXT NOT NULL CHECK (length(trim(correction)) > 0),
                consequences TEXT,
                contained_by TEXT NOT NULL,
                contained_on TEXT NOT NULL CHECK (length(contained_on) = 10)
            );

            CREATE TABLE nc_analyses (
                nc_id TEXT NOT NULL REFERENCES nonconformities(id),
                position BIGINT NOT NULL CHECK (position >= 0),
                round BIGINT NOT NULL CHECK (round >= 1),
                method TEXT,
                similar_cases TEXT,
                analysed_by TEXT NOT NULL,
                analysed_on TEXT NOT NULL CHECK (length(analysed_on) = 10),
                PRIMARY KEY (nc_id, position)
            );

            CREATE TABLE nc_causes (
                nc_id TEXT NOT NULL,
                analysis BIGINT NOT NULL,
                position BIGINT NOT NULL CHECK (position >= 0),
                cause TEXT NOT NULL CHECK (length(trim(cause)) > 0),
                PRIMARY KEY (nc_id, analysis, position),
                FOREIGN KEY (nc_id, analysis) REFERENCES nc_analyses(nc_id, position)
            );

            CREATE TABLE corrective_actions (
                id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 13 AND 24),
                nc_id TEXT NOT NULL REFERENCES nonconformities(id),
                number BIGINT NOT NULL CHECK (number >= 1),
                round BIGINT NOT NULL CHECK (round >= 1),
                text TEXT NOT NULL CHECK (length(trim(text)) > 0),
                owner TEXT NOT NULL CHECK (length(trim(owner)) > 0),
                due_on TEXT NOT NULL CHECK (length(due_on) = 10),
                implemented_on TEXT,
                UNIQUE (nc_id, number)
            );

            CREATE TABLE nc_implementations (
                nc_id TEXT NOT NULL REFERENCES nonconformities(id),
                round BIGINT NOT NULL CHECK (round >= 1),
                note TEXT,
                implemented_by TEXT NOT NULL CHECK (length(trim(implemented_by)) > 0),
                implemented_on TEXT NOT NULL CHECK (length(implemented_on) = 10),
                PRIMARY KEY (nc_id, round),
                UNIQUE (nc_id, round, implemented_by)
            );

            CREATE TABLE nc_implementation_evidence (
                nc_id TEXT NOT NULL,
                round BIGINT NOT NULL,
                position BIGINT NOT NULL CHECK (position >= 0),
                evidence_id TEXT NOT NULL CHECK (length(evidence_id) >= 12),
                PRIMARY KEY (nc_id, round, position),
                FOREIGN KEY (nc_id, round) REFERENCES nc_implementations(nc_id, round)
            );

            CREATE TABLE nc_verifications (
                nc_id TEXT NOT NULL,
                round BIGINT NOT NULL,
                result TEXT NOT NULL CHECK (result IN ('effective', 'ineffective')),
                note TEXT,
                implemented_by TEXT NOT NULL,
                verified_by TEXT NOT NULL CHECK (length(trim(verified_by)) > 0),
                verified_on TEXT NOT NULL CHECK (length(verified_on) = 10),
                PRIMARY KEY (nc_id, round),
                FOREIGN KEY (nc_id, round, implemented_by)
                    REFERENCES nc_implementations(nc_id, round, implemented_by),
                CHECK (lower(verified_by) <> lower(implemented_by))
            );

            CREATE TABLE nc_closures (
                nc_id TEXT NOT NULL REFERENCES nonconformities(id),
                round BIGINT NOT NULL CHECK (round >= 1),
                update_risks BIGINT NOT NULL CHECK (update_risks IN (0, 1)),
                change_qms BIGINT NOT NULL CHECK (change_qms IN (0, 1)),
                note TEXT,
                closed_by TEXT NOT NULL,
                closed_on TEXT NOT NULL CHECK (length(closed_on) = 10),
                PRIMARY KEY (nc_id, round)
            );

            CREATE TABLE nc_transitions (
                nc_id TEXT NOT NULL REFERENCES nonconformities(id),
                seq BIGINT NOT NULL CHECK (seq >= 1),
                kind TEXT NOT NULL CHECK (kind IN ('raise', 'advance', 'reopen')),
                from_state TEXT CHECK (from_state IN
                    ('reported', 'contained', 'analysed', 'planned', 'implemented', 'verified', 'closed')),
                to_state TEXT NOT NULL CHECK (to_state IN
                    ('reported', 'contained', 'analysed', 'planned', 'implemented', 'verified', 'closed')),
                round BIGINT NOT NULL CHECK (round >= 1),
                actor TEXT NOT NULL,
                at TEXT NOT NULL,
                fields_json TEXT NOT NULL,
                PRIMARY KEY (nc_id, seq),
                CHECK ((kind = 'raise' AND from_state IS NULL AND to_state = 'reported')
                    OR (kind <> 'raise' AND from_state IS NOT NULL))
            );

            CREATE TABLE management_reviews (
                id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 10 AND 20),
                year BIGINT NOT NULL CHECK (year BETWEEN 1900 AND 9999),
                number BIGINT NOT NULL CHECK (number >= 1),
                title TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 300),
                held_on TEXT NOT NULL CHECK (length(held_on) = 10),
                chair TEXT,
                recorded_at TEXT NOT NULL,
                recorded_by TEXT NOT NULL,
                UNIQUE (year, number)
            );

            CREATE TABLE management_review_attendees (
                review_id TEXT NOT NULL REFERENCES management_reviews(id),
                position BIGINT NOT NULL CHECK (position >= 0),
                name TEXT NOT NULL CHECK (length(trim(name)) > 0),
                PRIMARY KEY (review_id, position),
                UNIQUE (review_id, name)
            );

            CREATE TABLE management_review_inputs (
                review_id TEXT NOT NULL REFERENCES management_reviews(id),
                position BIGINT NOT NULL CHECK (position >= 0),
                input TEXT NOT NULL CHECK (input IN ('previous-actions', 'issues', 'customer-satisfaction',
                    'objectives', 'process-performance', 'nonconformities', 'monitoring', 'audit-results',
                    'external-providers', 'resources', 'risks-opportunities', 'improvement')),
                PRIMARY KEY (review_id, position),
                UNIQUE (review_id, input)
            );

            CREATE TABLE management_review_decisions (
                review_id TEXT NOT NULL REFERENCES management_reviews(id),
                position BIGINT NOT NULL CHECK (position >= 0),
                kind TEXT NOT NULL CHECK (kind IN ('improvement', 'qms-change', 'resources', 'decision')),
                text TEXT NOT NULL CHECK (length(trim(text)) > 0),
                PRIMARY KEY (review_id, position)
            );

            CREATE TABLE management_review_minutes (
                review_id TEXT NOT NULL REFERENCES management_reviews(id),
                position BIGINT NOT NULL CHECK (position >= 0),
                evidence_id TEXT NOT NULL CHECK (length(evidence_id) >= 12),
                PRIMARY KEY (review_id, position),
                UNIQUE (review_id, evidence_id)
            );

            CREATE TABLE management_review_actions (
                id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 12 AND 24),
                review_id TEXT NOT NULL REFERENCES management_reviews(id),
                number BIGINT NOT NULL CHECK (number >= 1),
                text TEXT NOT NULL CHECK (length(trim(text)) > 0),
                owner TEXT NOT NULL CHECK (length(trim(owner)) > 0),
                due_on TEXT NOT NULL CHECK (length(due_on) = 10),
                done_on TEXT,
                done_by TEXT,
                done_note TEXT,
                UNIQUE (review_id, number),
                CHECK ((done_on IS NULL AND done_by IS NULL) OR (done_on IS NOT NULL AND done_by IS NOT NULL))
            );
            """)
}
