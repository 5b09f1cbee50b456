/// Plans: annual work plans in versions, each version holding its whole plan set (strategic plan,
/// outputs, financial plan, activities and budget lines); the Technical Committee's comments and
/// decisions; the expenditure ledger of each AWP.
///
/// A version is never changed once imported, except for its review status: a revision is a new
/// version. Money is BIGINT minor units beside a TEXT ISO 4217 currency; KPI figures are exact
/// decimals kept as text.
enum Migration0005Plans {
    static let migration = Migration(
        name: "0005-plans",
        sql: """
            CREATE TABLE awps (
                id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
                year BIGINT NOT NULL CHECK (year BETWEEN 1900 AND 2200),
                currency TEXT NOT NULL CHECK (length(currency) = 3),
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL
            );

            CREATE TABLE awp_versions (
                awp_id TEXT NOT NULL REFERENCES awps(id),
                version BIGINT NOT NULL CHECK (version >= 1),
                status TEXT NOT NULL
                    CHECK (status IN ('draft', 'submitted', 'under-review', 'revision-requested', 'approved')),
                project_en TEXT NOT NULL CHECK (length(trim(project_en)) > 0),
                project_ar TEXT,
                funding_agreement TEXT,
                note TEXT,
                source_file TEXT NOT NULL,
                source_sha256 TEXT NOT NULL CHECK (length(source_sha256) = 64),
                content_sha256 TEXT NOT NULL CHECK (length(content_sha256) = 64),
                imported_at TEXT NOT NULL,
                imported_by TEXT NOT NULL,
                submitted_at TEXT,
                submitted_by TEXT,
                PRIMARY KEY (awp_id, version),
                CHECK (status = 'draft' OR submitted_at IS NOT NULL)
            ) {without_rowid};

            CREATE TABLE plan_strategic (
                awp_id TEXT NOT NULL,
                version BIGINT NOT NULL,
                id TEXT NOT NULL,
                title_en TEXT NOT NULL,
                title_ar TEXT,
                from_year BIGINT NOT NULL,
                to_year BIGINT NOT NULL,
                vision_en TEXT,
                vision_ar TEXT,
                mission_en TEXT,
                mission_ar TEXT,
                PRIMARY KEY (awp_id, version),
                FOREIGN KEY (awp_id, version) REFERENCES awp_versions(awp_id, version),
                CHECK (from_year <= to_year)
            ) {without_rowid};

            CREATE TABLE plan_values (
                awp_id TEXT NOT NULL,
                version BIGINT NOT NULL,
                position BIGINT NOT NULL,
                text_en TEXT NOT NULL,
                text_ar TEXT,
                PRIMARY KEY (awp_id, version, position),
                FOREIGN KEY (awp_id, version) REFERENCES plan_strategic(awp_id, version)
            ) {without_rowid};

            CREATE TABLE plan_goals (
                awp_id TEXT NOT NULL,
                version BIGINT NOT NULL,
                code TEXT NOT NULL,
                position BIGINT NOT NULL,
                title_en TEXT NOT NULL,
                title_ar TEXT,
                PRIMARY KEY (awp_id, version, code),
                FOREIGN KEY (awp_id, version) REFERENCES plan_strategic(awp_id, version)
            ) {without_rowid};

            CREATE TABLE plan_objectives (
                awp_id TEXT NOT NULL,
                version BIGINT NOT NULL,
                code TEXT NOT NULL,
                goal_code TEXT NOT NULL,
                position BIGINT NOT NULL,
                title_en TEXT NOT NULL,
                title_ar TEXT,
                quality_objective BIGINT NOT NULL CHECK (quality_objective IN (0, 1)),
                PRIMARY KEY (awp_id, version, code),
                FOREIGN KEY (awp_id, version, goal_code) REFERENCES plan_goals(awp_id, version, code)
            ) {without_rowid};

            CREATE TABLE plan_kpis (
                awp_id TEXT NOT NULL,
                version BIGINT NOT NULL,
                code TEXT NOT NULL,
                objective_code TEXT NOT NULL,
                position BIGINT NOT NULL,
                title_en TEXT NOT NULL,
                title_ar TEXT,
                unit TEXT NOT NULL,
                baseline TEXT NOT NULL,
                baseline_year BIGINT,
                data_source TEXT,
                PRIMARY KEY (awp_id, version, code),
                FOREIGN KEY (awp_id, version, objective_code) REFERENCES plan_objectives(awp_id, version, code)
            ) {without_rowid};

            CREATE TABLE plan_kpi_values (
                awp_id TEXT NOT NULL,
                version BIGINT NOT NULL,
                kpi_code TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('target', 'actual')),
                position BIGINT NOT NULL,
                period TEXT NOT NULL,
                value_text TEXT NOT NULL,
                PRIMARY KEY (awp_id, version, kpi_code, kind, position),
                FOREIGN KEY (awp_id, version, kpi_code) REFERENCES plan_kpis(awp_id, version, code)
            ) {without_rowid};

            CREATE TABLE plan_outputs (
                awp_id TEXT NOT NULL,
                version BIGINT NOT NULL,
                code TEXT NOT NULL,
                position BIGINT NOT NULL,
                year BIGINT NOT NULL,
                phase TEXT NOT NULL CHECK (phase IN ('pre-electoral', 'electoral', 'post-electoral')),
                title_en TEXT NOT NULL CHECK (length(trim(title_en)) > 0),
                title_ar TEXT,
                PRIMARY KEY (awp_id, version, code),
                FOREIGN KEY (awp_id, version) REFERENCES awp_versions(awp_id, version)
            ) {without_rowid};

            CREATE TABLE plan_output_objectives (
                awp_id TEXT NOT NULL,
                version BIGINT NOT NULL,
                output_code TEXT NOT NULL,
                position BIGINT NOT NULL,
                objective_code TEXT NOT NULL,
                PRIMARY KEY (awp_id, version, output_code, position),
                FOREIGN KEY (awp_id, version, output_code) REFERENCES plan_outputs(awp_id, version, code),
                FOREIGN KEY (awp_id, version, objective_code) REFERENCES plan_objectives(awp_id, version, code)
            ) {without_rowid};

            CREATE TABLE plan_funding_sources (
                awp_id TEXT NOT NULL,
                version BIGINT NOT NULL,
                code TEXT NOT NULL,
                position BIGINT NOT NULL,
                name_en TEXT NOT NULL,
                name_ar TEXT,
                PRIMARY KEY (awp_id, version, code),
                FOREIGN KEY (awp_id, version) REFERENCES awp_versions(awp_id, version)
            ) {without_rowid};

            CREATE TABLE plan_envelopes (
                awp_id TEXT NOT NULL,
                version BIGINT NOT NULL,
                source TEXT NOT NULL,
                year BIGINT NOT NULL,
                position BIGINT NOT NULL,
                amount BIGINT NOT NULL CHECK (amount >= 0),
                currency TEXT NOT NULL CHECK (length(currency) = 3),
                PRIMARY KEY (awp_id, version, source, year),
                FOREIGN KEY (awp_id, version, source) REFERENCES plan_funding_sources(awp_id, version, code)
            ) {without_rowid};

            CREATE TABLE plan_commitments (
                awp_id TEXT NOT NULL,
                version BIGINT NOT NULL,
                position BIGINT NOT NULL,
                source TEXT NOT NULL,
                year BIGINT NOT NULL,
                amount BIGINT NOT NULL CHECK (amount >= 0),
                currency TEXT NOT NULL CHECK (length(currency) = 3),
                reference TEXT,
                description TEXT NOT NULL,
                PRIMARY KEY (awp_id, version, position),
                FOREIGN KEY (awp_id, version, source) REFERENCES plan_funding_sources(awp_id, version, code)
            ) {without_rowid};

            CREATE TABLE awp_activities (
                awp_id TEXT NOT NULL,
                version BIGINT NOT NULL,
                code TEXT NOT NULL,
                position BIGINT NOT NULL,
                output_code TEXT NOT NULL,
                title_en TEXT NOT NULL CHECK (length(trim(title_en)) > 0),
                title_ar TEXT,
                quarters TEXT NOT NULL CHECK (length(quarters) >= 2),
                responsible_party TEXT NOT NULL CHECK (length(trim(responsible_party)) > 0),
                implementing_partner TEXT,
                process TEXT,
                status TEXT NOT NULL
                    CHECK (status IN ('not-started', 'in-progress', 'completed', 'delayed', 'cancelled')),
                progress BIGINT NOT NULL CHECK (progress BETWEEN 0 AND 100),
                note TEXT,
                PRIMARY KEY (awp_id, version, code),
                FOREIGN KEY (awp_id, version, output_code) REFERENCES plan_outputs(awp_id, version, code)
            ) {without_rowid};

            CREATE TABLE awp_results (
                awp_id TEXT NOT NULL,
                version BIGINT NOT NULL,
                activity_code TEXT NOT NULL,
                position BIGINT NOT NULL,
                indicator TEXT NOT NULL CHECK (length(trim(indicator)) > 0),
                total BIGINT NOT NULL CHECK (total >= 0),
                women BIGINT CHECK (women IS NULL OR women BETWEEN 0 AND total),
                youth BIGINT CHECK (youth IS NULL OR youth BETWEEN 0 AND total),
                disability BIGINT CHECK (disability IS NULL OR disability BETWEEN 0 AND total),
                PRIMARY KEY (awp_id, version, activity_code, position),
                FOREIGN KEY (awp_id, version, activity_code) REFERENCES awp_activities(awp_id, version, code)
            ) {without_rowid};

            CREATE TABLE awp_activity_links (
                awp_id TEXT NOT NULL,
                version BIGINT NOT NULL,
                activity_code TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('requirement', 'corrective-action', 'recommendation', 'evidence')),
                target TEXT NOT NULL,
                PRIMARY KEY (awp_id, version, activity_code, kind, target),
                FOREIGN KEY (awp_id, version, activity_code) REFERENCES awp_activities(awp_id, version, code)
            ) {without_rowid};

            CREATE TABLE awp_budget_lines (
                awp_id TEXT NOT NULL,
                version BIGINT NOT NULL,
                activity_code TEXT NOT NULL,
                account TEXT NOT NULL,
                source TEXT NOT NULL,
                position BIGINT NOT NULL,
                description TEXT NOT NULL,
                currency TEXT NOT NULL CHECK (length(currency) = 3),
                q1 BIGINT NOT NULL CHECK (q1 >= 0),
                q2 BIGINT NOT NULL CHECK (q2 >= 0),
                q3 BIGINT NOT NULL CHECK (q3 >= 0),
                q4 BIGINT NOT NULL CHECK (q4 >= 0),
                PRIMARY KEY (awp_id, version, activity_code, account, source),
                FOREIGN KEY (awp_id, version, activity_code) REFERENCES awp_activities(awp_id, version, code),
                FOREIGN KEY (awp_id, version, source) REFERENCES plan_funding_sources(awp_id, version, code)
            ) {without_rowid};

            CREATE TABLE awp_comments (
                awp_id TEXT NOT NULL,
                version BIGINT NOT NULL,
                number BIGINT NOT NULL CHECK (number >= 1),
                activity_code TEXT NOT NULL,
                body TEXT NOT NULL CHECK (length(trim(body)) > 0),
                author TEXT NOT NULL,
                at TEXT NOT NULL,
                PRIMARY KEY (awp_id, version, number),
                FOREIGN KEY (awp_id, version, activity_code) REFERENCES awp_activities(awp_id, version, code)
            ) {without_rowid};

            CREATE TABLE awp_decisions (
                awp_id TEXT NOT NULL,
                version BIGINT NOT NULL,
                decision TEXT NOT NULL CHECK (decision IN ('approve', 'revise')),
                minutes TEXT NOT NULL CHECK (length(trim(minutes)) > 0),
                decided_by TEXT NOT NULL,
                decided_at TEXT NOT NULL,
                evidence_id TEXT,
                PRIMARY KEY (awp_id, version),
                FOREIGN KEY (awp_id, version) REFERENCES awp_versions(awp_id, version)
            ) {without_rowid};

            CREATE TABLE awp_expenditures (
                awp_id TEXT NOT NULL REFERENCES awps(id),
                number BIGINT NOT NULL CHECK (number >= 1),
                activity_code TEXT NOT NULL,
                source TEXT NOT NULL,
                account TEXT,
                spent_on TEXT NOT NULL CHECK (length(spent_on) = 10),
                amount BIGINT NOT NULL,
                currency TEXT NOT NULL CHECK (length(currency) = 3),
                reference TEXT NOT NULL CHECK (length(trim(reference)) > 0),
                recorded_at TEXT NOT NULL,
                recorded_by TEXT NOT NULL,
                PRIMARY KEY (awp_id, number)
            ) {without_rowid};
            """)
}
