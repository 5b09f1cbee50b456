/// The registers of the quality system that auditors ask for first: controlled documents (7.5),
/// context issues (4.1), risks and opportunities (6.1), interested parties (4.2), processes (4.4),
/// external providers (8.4), roles and training (7.2), and monitored KPIs (9.1).
///
/// Histories are rows of their own (document versions, risk assessments and treatment actions,
/// provider evaluations, KPI measurements, reviews), added to and never deleted. The schema
/// refuses what the workflows refuse: a version approved or issued by its author, two versions
/// of one document in force, a residual rating without its pair, attendance counts that do not add
/// up. Lists of short texts (distribution, needs, inputs, trainers …) share `register_lists`, and
/// the requirements every entry names share `register_requirements`, both keyed by the entry's
/// audit-trail entity (`document:QP-01`).
enum Migration0007Registers {
    static let migration = Migration(
        name: "0007-registers",
        sql: """
            CREATE TABLE controlled_documents (
                code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 32),
                kind TEXT NOT NULL CHECK (kind IN
                    ('policy', 'manual', 'procedure', 'form', 'work-instruction', 'external')),
                title TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 300),
                owner TEXT NOT NULL CHECK (length(trim(owner)) > 0),
                process TEXT,
                link TEXT,
                origin TEXT,
                review_months BIGINT NOT NULL CHECK (review_months BETWEEN 1 AND 60),
                evidence_id TEXT,
                recorded_at TEXT NOT NULL,
                recorded_by TEXT NOT NULL,
                CHECK (kind <> 'external' OR origin IS NOT NULL)
            );

            CREATE TABLE document_versions (
                document_code TEXT NOT NULL REFERENCES controlled_documents(code),
                version BIGINT NOT NULL CHECK (version >= 1),
                status TEXT NOT NULL CHECK (status IN ('draft', 'in-review', 'approved', 'issued', 'obsolete')),
                changes TEXT,
                author TEXT NOT NULL CHECK (length(trim(author)) > 0),
                created_on TEXT NOT NULL CHECK (length(created_on) = 10),
                submitted_on TEXT,
                approved_by TEXT,
                approved_on TEXT,
                issued_by TEXT,
                issued_on TEXT,
                next_review_on TEXT,
                obsolete_on TEXT,
                obsolete_reason TEXT,
                returned_note TEXT,
                PRIMARY KEY (document_code, version),
                CHECK (approved_by IS NULL OR lower(approved_by) <> lower(author)),
                CHECK (issued_by IS NULL OR lower(issued_by) <> lower(author)),
                CHECK (status NOT IN ('approved', 'issued', 'obsolete')
                    OR (approved_by IS NOT NULL AND approved_on IS NOT NULL)),
                CHECK (status NOT IN ('issued', 'obsolete')
                    OR (issued_by IS NOT NULL AND issued_on IS NOT NULL AND next_review_on IS NOT NULL)),
                CHECK (status <> 'obsolete' OR (obsolete_on IS NOT NULL AND obsolete_reason IS NOT NULL))
            );
            CREATE UNIQUE INDEX document_versions_in_force ON document_versions(document_code) WHERE status = 'issued';

            CREATE TABLE context_issues (
                id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 11 AND 20),
                year BIGINT NOT NULL CHECK (year BETWEEN 1900 AND 9999),
                number BIGINT NOT NULL CHECK (number >= 1),
                kind TEXT NOT NULL CHECK (kind IN ('internal', 'external')),
                title TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 300),
                description TEXT,
                category TEXT,
                effect TEXT,
                climate TEXT CHECK (climate IN ('relevant', 'not-relevant')),
                identified_on TEXT NOT NULL CHECK (length(identified_on) = 10),
                review_on TEXT,
                evidence_id TEXT,
                recorded_at TEXT NOT NULL,
                recorded_by TEXT NOT NULL,
                UNIQUE (year, number),
                CHECK (climate IS NULL OR description IS NOT NULL)
            );

            CREATE TABLE risks (
                id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 12 AND 20),
                year BIGINT NOT NULL CHECK (year BETWEEN 1900 AND 9999),
                number BIGINT NOT NULL CHECK (number >= 1),
                kind TEXT NOT NULL CHECK (kind IN ('risk', 'opportunity')),
                title TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 300),
                description TEXT,
                category TEXT,
                owner TEXT NOT NULL CHECK (length(trim(owner)) > 0),
                process TEXT,
                phase TEXT CHECK (phase IN ('pre-electoral', 'electoral', 'post-electoral')),
                treatment TEXT CHECK (treatment IN
                    ('avoid', 'reduce', 'transfer', 'accept', 'exploit', 'enhance', 'share')),
                inherent_likelihood BIGINT NOT NULL CHECK (inherent_likelihood BETWEEN 1 AND 5),
                inherent_impact BIGINT NOT NULL CHECK (inherent_impact BETWEEN 1 AND 5),
                residual_likelihood BIGINT CHECK (residual_likelihood BETWEEN 1 AND 5),
                residual_impact BIGINT CHECK (residual_impact BETWEEN 1 AND 5),
                identified_on TEXT NOT NULL CHECK (length(identified_on) = 10),
                review_on TEXT NOT NULL CHECK (length(review_on) = 10),
                status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
                closed_on TEXT,
                closed_by TEXT,
                closed_note TEXT,
                evidence_id TEXT,
                recorded_at TEXT NOT NULL,
                recorded_by TEXT NOT NULL,
                UNIQUE (year, number),
                CHECK ((residual_likelihood IS NULL) = (residual_impact IS NULL)),
                CHECK (status <> 'closed' OR (closed_on IS NOT NULL AND closed_by IS NOT NULL AND closed_note IS NOT NULL))
            );
            CREATE INDEX risks_status ON risks(status);

            CREATE TABLE risk_assessments (
                risk_id TEXT NOT NULL REFERENCES risks(id),
                seq BIGINT NOT NULL CHECK (seq >= 1),
                stage TEXT NOT NULL CHECK (stage IN ('inherent', 'residual')),
                likelihood BIGINT NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
                impact BIGINT NOT NULL CHECK (impact BETWEEN 1 AND 5),
                assessed_by TEXT NOT NULL,
                assessed_on TEXT NOT NULL CHECK (length(assessed_on) = 10),
                note TEXT,
                PRIMARY KEY (risk_id, seq)
            );

            CREATE TABLE risk_actions (
                id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 14 AND 24),
                risk_id TEXT NOT NULL REFERENCES risks(id),
                number BIGINT NOT NULL CHECK (number >= 1),
                text TEXT NOT NULL CHECK (length(trim(text)) > 0),
                owner TEXT NOT NULL CHECK (length(trim(owner)) > 0),
                due_on TEXT NOT NULL CHECK (length(due_on) = 10),
                done_on TEXT,
                done_by TEXT,
                done_note TEXT,
                UNIQUE (risk_id, number),
                CHECK ((done_on IS NULL AND done_by IS NULL) OR (done_on IS NOT NULL AND done_by IS NOT NULL))
            );

            CREATE TABLE interested_parties (
                id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 10 AND 20),
                year BIGINT NOT NULL CHECK (year BETWEEN 1900 AND 9999),
                number BIGINT NOT NULL CHECK (number >= 1),
                category TEXT NOT NULL CHECK (category IN ('voters', 'candidates', 'political-organizations',
                    'observers', 'media', 'judiciary', 'donors', 'government', 'staff', 'suppliers', 'civil-society',
                    'other')),
                name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 300),
                monitoring TEXT NOT NULL CHECK (length(trim(monitoring)) > 0),
                climate TEXT,
                influence TEXT CHECK (influence IN ('low', 'medium', 'high')),
                review_on TEXT,
                evidence_id TEXT,
                recorded_at TEXT NOT NULL,
                recorded_by TEXT NOT NULL,
                UNIQUE (year, number)
            );

            CREATE TABLE qms_processes (
                code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 32),
                name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 300),
                category TEXT NOT NULL CHECK (category IN ('management', 'electoral', 'support')),
                owner TEXT NOT NULL CHECK (length(trim(owner)) > 0),
                electoral_process TEXT CHECK (electoral_process IN
                    ('EP-01', 'EP-02', 'EP-03', 'EP-04', 'EP-05', 'EP-06', 'EP-07', 'EP-08')),
                purpose TEXT,
                review_on TEXT,
                evidence_id TEXT,
                recorded_at TEXT NOT NULL,
                recorded_by TEXT NOT NULL,
                CHECK ((category = 'electoral') = (electoral_process IS NOT NULL))
            );

            CREATE TABLE external_providers (
                id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 11 AND 20),
                year BIGINT NOT NULL CHECK (year BETWEEN 1900 AND 9999),
                number BIGINT NOT NULL CHECK (number >= 1),
                name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 300),
                kind TEXT NOT NULL CHECK (kind IN ('supplier', 'contractor', 'consultant', 'other')),
                service TEXT NOT NULL CHECK (length(trim(service)) > 0),
                contract TEXT,
                contact TEXT,
                status TEXT NOT NULL CHECK (status IN ('proposed', 'approved', 'not-approved', 'suspended')),
                status_note TEXT,
                threshold BIGINT NOT NULL CHECK (threshold BETWEEN 1 AND 100),
                reevaluation_months BIGINT NOT NULL CHECK (reevaluation_months BETWEEN 1 AND 60),
                evidence_id TEXT,
                recorded_at TEXT NOT NULL,
                recorded_by TEXT NOT NULL,
                UNIQUE (year, number),
                CHECK (status <> 'suspended' OR status_note IS NOT NULL)
            );

            CREATE TABLE provider_criteria (
                provider_id TEXT NOT NULL REFERENCES external_providers(id),
                position BIGINT NOT NULL CHECK (position >= 0),
                name TEXT NOT NULL CHECK (length(trim(name)) > 0),
                weight BIGINT NOT NULL CHECK (weight BETWEEN 1 AND 10),
                PRIMARY KEY (provider_id, position),
                UNIQUE (provider_id, name)
            );

            CREATE TABLE provider_evaluations (
                provider_id TEXT NOT NULL REFERENCES external_providers(id),
                number BIGINT NOT NULL CHECK (number >= 1),
                evaluated_on TEXT NOT NULL CHECK (length(evaluated_on) = 10),
                evaluated_by TEXT NOT NULL CHECK (length(trim(evaluated_by)) > 0),
                percent BIGINT NOT NULL CHECK (percent BETWEEN 0 AND 100),
                approved BIGINT NOT NULL CHECK (approved IN (0, 1)),
                next_due_on TEXT NOT NULL CHECK (next_due_on > evaluated_on),
                note TEXT,
                PRIMARY KEY (provider_id, number)
            );

            CREATE TABLE provider_scores (
                provider_id TEXT NOT NULL,
                evaluation BIGINT NOT NULL,
                position BIGINT NOT NULL CHECK (position >= 0),
                score BIGINT NOT NULL CHECK (score BETWEEN 1 AND 5),
                PRIMARY KEY (provider_id, evaluation, position),
                FOREIGN KEY (provider_id, evaluation) REFERENCES provider_evaluations(provider_id, number),
                FOREIGN KEY (provider_id, position) REFERENCES provider_criteria(provider_id, position)
            );

            CREATE TABLE competence_roles (
                code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 32),
                title TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 300),
                recorded_at TEXT NOT NULL,
                recorded_by TEXT NOT NULL
            );

            CREATE TABLE training_events (
                id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 11 AND 20),
                year BIGINT NOT NULL CHECK (year BETWEEN 1900 AND 9999),
                number BIGINT NOT NULL CHECK (number >= 1),
                title TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 300),
                kind TEXT NOT NULL CHECK (kind IN
                    ('training-of-trainers', 'workshop', 'course', 'briefing', 'other')),
                starts_on TEXT NOT NULL CHECK (length(starts_on) = 10),
                ends_on TEXT NOT NULL CHECK (length(ends_on) = 10),
                place TEXT NOT NULL CHECK (length(trim(place)) > 0),
                participants BIGINT NOT NULL CHECK (participants >= 1),
                women BIGINT NOT NULL CHECK (women >= 0),
                men BIGINT NOT NULL CHECK (men >= 0),
                with_disabilities BIGINT NOT NULL CHECK (with_disabilities >= 0),
                evaluated_on TEXT,
                evaluated_by TEXT,
                evaluation_method TEXT,
                evaluation_result TEXT CHECK (evaluation_result IN ('effective', 'partly-effective', 'not-effective')),
                evaluation_note TEXT,
                evidence_id TEXT,
                recorded_at TEXT NOT NULL,
                recorded_by TEXT NOT NULL,
                UNIQUE (year, number),
                CHECK (ends_on >= starts_on),
                CHECK (women + men <= participants AND with_disabilities <= participants),
                CHECK ((evaluated_on IS NULL) = (evaluation_result IS NULL)),
                CHECK (evaluated_on IS NULL OR (evaluated_on >= ends_on AND evaluated_by IS NOT NULL
                    AND evaluation_method IS NOT NULL))
            );

            CREATE TABLE training_participants (
                training_id TEXT NOT NULL REFERENCES training_events(id),
                position BIGINT NOT NULL CHECK (position >= 0),
                name TEXT NOT NULL CHECK (length(trim(name)) > 0),
                sex TEXT CHECK (sex IN ('female', 'male')),
                disability BIGINT NOT NULL CHECK (disability IN (0, 1)),
                PRIMARY KEY (training_id, position)
            );

            CREATE TABLE monitored_kpis (
                code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 32),
                title TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 300),
                unit TEXT NOT NULL CHECK (length(trim(unit)) BETWEEN 1 AND 32),
                category TEXT NOT NULL CHECK (category IN ('performance', 'voter-perception', 'stakeholder-perception')),
                direction TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
                target TEXT,
                owner TEXT NOT NULL CHECK (length(trim(owner)) > 0),
                process TEXT,
                every_months BIGINT CHECK (every_months BETWEEN 1 AND 60),
                data_source TEXT,
                plan_kpi TEXT,
                evidence_id TEXT,
                recorded_at TEXT NOT NULL,
                recorded_by TEXT NOT NULL
            );

            CREATE TABLE kpi_measurements (
                kpi_code TEXT NOT NULL REFERENCES monitored_kpis(code),
                number BIGINT NOT NULL CHECK (number >= 1),
                measured_on TEXT NOT NULL CHECK (length(measured_on) = 10),
                period TEXT,
                value TEXT NOT NULL CHECK (length(value) BETWEEN 1 AND 40),
                source TEXT,
                note TEXT,
                measured_by TEXT NOT NULL,
                PRIMARY KEY (kpi_code, number)
            );

            CREATE TABLE register_reviews (
                entity TEXT NOT NULL CHECK (length(entity) BETWEEN 3 AND 64),
                seq BIGINT NOT NULL CHECK (seq >= 1),
                reviewed_on TEXT NOT NULL CHECK (length(reviewed_on) = 10),
                reviewed_by TEXT NOT NULL CHECK (length(trim(reviewed_by)) > 0),
                note TEXT,
                next_review_on TEXT,
                PRIMARY KEY (entity, seq),
                CHECK (next_review_on IS NULL OR next_review_on > reviewed_on)
            );

            CREATE TABLE register_lists (
                entity TEXT NOT NULL CHECK (length(entity) BETWEEN 3 AND 64),
                field TEXT NOT NULL CHECK (field IN ('distribution', 'processes', 'needs', 'expectations', 'inputs',
                    'outputs', 'kpis', 'interactions', 'competences', 'holders', 'trainers', 'roles')),
                position BIGINT NOT NULL CHECK (position >= 0),
                value TEXT NOT NULL CHECK (length(trim(value)) > 0),
                PRIMARY KEY (entity, field, position)
            );

            CREATE TABLE register_requirements (
                entity TEXT NOT NULL CHECK (length(entity) BETWEEN 3 AND 64),
                position BIGINT NOT NULL CHECK (position >= 0),
                standard_id TEXT NOT NULL,
                number TEXT NOT NULL,
                PRIMARY KEY (entity, position),
                UNIQUE (entity, standard_id, number),
                FOREIGN KEY (standard_id, number) REFERENCES requirements(standard_id, number)
            );
            """)
}
