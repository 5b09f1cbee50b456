import Crypto
import Foundation
import QMSCore

/// What the audit trail records of an imported version: its identity, where it came from, its
/// size and totals, and the SHA-256 of its whole content (the plan set as canonical JSON), so that
/// a version changed behind the application's back can be told from the one imported.
public struct AWPVersionFingerprint: Codable, Sendable, Equatable {
    public var awp: String
    public var version: Int
    public var status: String
    public var year: Int
    public var currency: String
    public var activities: Int
    public var budgetLines: Int
    public var planned: String
    public var sourceFile: String
    public var sourceSHA256: String
    public var contentSHA256: String

    /// The fingerprint of a version whose content hashes to `contentSHA256`.
    public init(_ version: AWPVersion, contentSHA256: String) {
        awp = version.awp.rawValue
        self.version = version.version
        status = version.status.rawValue
        year = version.planSet.workPlan.year
        currency = version.planSet.workPlan.currency.code
        activities = version.planSet.workPlan.activities.count
        budgetLines = version.planSet.workPlan.budgetLines.count
        planned = version.planSet.workPlan.totalPlanned.decimalString
        sourceFile = version.sourceFile
        sourceSHA256 = version.sourceSHA256
        self.contentSHA256 = contentSHA256
    }

    /// The SHA-256 of a plan set's canonical JSON.
    public static func contentSHA256(_ planSet: PlanSet) throws -> String {
        Hex.encode(SHA256.hash(data: Data(try CanonicalJSON.encode(planSet).utf8)))
    }
}

/// A status change of a version, as the audit trail records it.
struct AWPStatusChange: Encodable {
    var awp: String
    var version: Int
    var status: String
}

/// An AWP in the register: its latest version and where that version stands.
public struct AWPListing: Sendable, Codable, Hashable {
    public var awp: PlanID
    public var year: Int
    public var currency: CurrencyCode
    public var latestVersion: Int
    public var status: AWPStatus
    public var project: LocalizedText
    public var activities: Int
    public var planned: Money
    public var spent: Money
}

// MARK: Writing

extension StoreWriter {
    /// Stores a new version of an AWP with its whole plan set, creating the AWP on its first
    /// version, and records `awp.import` (and `plan.import` for its strategic plan).
    public func insertAWPVersion(_ version: AWPVersion) throws {
        let awp = version.awp.rawValue
        let plan = version.planSet.workPlan
        if version.version == 1 {
            try session.execute(
                "INSERT INTO awps (id, year, currency, created_at, created_by) VALUES (?, ?, ?, ?, ?)", awp, plan.year,
                plan.currency.code, instant.description, actor)
        }
        let contentSHA256 = try AWPVersionFingerprint.contentSHA256(version.planSet)
        try session.execute(
            """
            INSERT INTO awp_versions (awp_id, version, status, project_en, project_ar, funding_agreement, note,
                source_file, source_sha256, content_sha256, imported_at, imported_by, submitted_at, submitted_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            awp, version.version, version.status.rawValue, plan.project.en, plan.project.ar, plan.fundingAgreement,
            version.planSet.note, version.sourceFile, version.sourceSHA256, contentSHA256,
            version.importedAt.description, version.importedBy, version.submittedAt?.description, version.submittedBy)
        let key: [SQLValue] = [.text(awp), .integer(Int64(version.version))]
        try insertStrategicPlan(version.planSet.strategicPlan, key: key)
        try insertOperationalAndFinancialPlans(version.planSet, key: key)
        try insertWorkPlan(plan, key: key)
        var events: [(action: String, entity: String, before: String?, after: String?)] = [
            (
                "awp.import", "awp:\(awp)", nil,
                try CanonicalJSON.encode(AWPVersionFingerprint(version, contentSHA256: contentSHA256))
            )
        ]
        if let strategic = version.planSet.strategicPlan {
            events.append(
                (
                    "plan.import", "plan:\(strategic.id)", nil,
                    try StrategicPlanFingerprint.json(strategic, awp: version.awp, version: version.version)
                ))
        }
        try appendEvents(events)
    }

    private func insertStrategicPlan(_ plan: StrategicPlan?, key: [SQLValue]) throws {
        guard let plan else { return }
        try session.execute(
            """
            INSERT INTO plan_strategic (awp_id, version, id, title_en, title_ar, from_year, to_year, vision_en, vision_ar,
                mission_en, mission_ar)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            key + [
                .text(plan.id.rawValue), .text(plan.title.en), plan.title.ar.sqlValue, .integer(Int64(plan.fromYear)),
                .integer(Int64(plan.toYear)), plan.vision?.en.sqlValue ?? .null, plan.vision?.ar.sqlValue ?? .null,
                plan.mission?.en.sqlValue ?? .null, plan.mission?.ar.sqlValue ?? .null,
            ])
        try session.insertRows(
            into: "plan_values", columns: ["awp_id", "version", "position", "text_en", "text_ar"],
            rows: plan.values.enumerated().map {
                key + [.integer(Int64($0.offset)), .text($0.element.en), $0.element.ar.sqlValue]
            })
        var goals: [[SQLValue]] = []
        var objectives: [[SQLValue]] = []
        var kpis: [[SQLValue]] = []
        var values: [[SQLValue]] = []
        for (goalPosition, goal) in plan.goals.enumerated() {
            goals.append(
                key + [
                    .text(goal.code.rawValue), .integer(Int64(goalPosition)), .text(goal.title.en),
                    goal.title.ar.sqlValue,
                ])
            for objective in goal.objectives {
                objectives.append(
                    key + [
                        .text(objective.code.rawValue), .text(goal.code.rawValue), .integer(Int64(objectives.count)),
                        .text(objective.title.en), objective.title.ar.sqlValue, objective.qualityObjective.sqlValue,
                    ])
                for kpi in objective.kpis {
                    kpis.append(
                        key + [
                            .text(kpi.code.rawValue), .text(objective.code.rawValue), .integer(Int64(kpis.count)),
                            .text(kpi.title.en), kpi.title.ar.sqlValue, .text(kpi.unit),
                            .text(kpi.baseline.description),
                            kpi.baselineYear.sqlValue, kpi.dataSource.sqlValue,
                        ])
                    for (kind, list) in [("target", kpi.targets), ("actual", kpi.actuals)] {
                        for (position, value) in list.enumerated() {
                            values.append(
                                key + [
                                    .text(kpi.code.rawValue), .text(kind), .integer(Int64(position)),
                                    .text(value.period),
                                    .text(value.value.description),
                                ])
                        }
                    }
                }
            }
        }
        try session.insertRows(
            into: "plan_goals", columns: ["awp_id", "version", "code", "position", "title_en", "title_ar"], rows: goals)
        try session.insertRows(
            into: "plan_objectives",
            columns: [
                "awp_id", "version", "code", "goal_code", "position", "title_en", "title_ar", "quality_objective",
            ],
            rows: objectives)
        try session.insertRows(
            into: "plan_kpis",
            columns: [
                "awp_id", "version", "code", "objective_code", "position", "title_en", "title_ar", "unit", "baseline",
                "baseline_year", "data_source",
            ], rows: kpis)
        try session.insertRows(
            into: "plan_kpi_values",
            columns: ["awp_id", "version", "kpi_code", "kind", "position", "period", "value_text"], rows: values)
    }

    private func insertOperationalAndFinancialPlans(_ planSet: PlanSet, key: [SQLValue]) throws {
        var outputs: [[SQLValue]] = []
        var links: [[SQLValue]] = []
        for (position, output) in planSet.outputs.enumerated() {
            outputs.append(
                key + [
                    .text(output.code.rawValue), .integer(Int64(position)), .integer(Int64(output.year)),
                    .text(output.phase.rawValue), .text(output.title.en), output.title.ar.sqlValue,
                ])
            for (index, objective) in output.objectives.enumerated() {
                links.append(key + [.text(output.code.rawValue), .integer(Int64(index)), .text(objective.rawValue)])
            }
        }
        try session.insertRows(
            into: "plan_outputs",
            columns: ["awp_id", "version", "code", "position", "year", "phase", "title_en", "title_ar"],
            rows: outputs)
        try session.insertRows(
            into: "plan_output_objectives",
            columns: ["awp_id", "version", "output_code", "position", "objective_code"], rows: links)
        let financial = planSet.financialPlan
        try session.insertRows(
            into: "plan_funding_sources", columns: ["awp_id", "version", "code", "position", "name_en", "name_ar"],
            rows: financial.sources.enumerated().map {
                key + [
                    .text($0.element.code.rawValue), .integer(Int64($0.offset)), .text($0.element.name.en),
                    $0.element.name.ar.sqlValue,
                ]
            })
        try session.insertRows(
            into: "plan_envelopes", columns: ["awp_id", "version", "source", "year", "position", "amount", "currency"],
            rows: financial.envelopes.enumerated().map {
                key + [
                    .text($0.element.source.rawValue), .integer(Int64($0.element.year)), .integer(Int64($0.offset)),
                    .integer($0.element.amount.minorUnits), .text($0.element.amount.currency.code),
                ]
            })
        try session.insertRows(
            into: "plan_commitments",
            columns: [
                "awp_id", "version", "position", "source", "year", "amount", "currency", "reference", "description",
                "activity_code",
            ],
            rows: financial.commitments.enumerated().map {
                key + [
                    .integer(Int64($0.offset)), .text($0.element.source.rawValue), .integer(Int64($0.element.year)),
                    .integer($0.element.amount.minorUnits), .text($0.element.amount.currency.code),
                    $0.element.reference.sqlValue, .text($0.element.description),
                    $0.element.activity.map(\.rawValue).sqlValue,
                ]
            })
    }

    private func insertWorkPlan(_ plan: AnnualWorkPlan, key: [SQLValue]) throws {
        var activities: [[SQLValue]] = []
        var results: [[SQLValue]] = []
        var links: [[SQLValue]] = []
        var events: [[SQLValue]] = []
        activities.reserveCapacity(plan.activities.count)
        for (position, activity) in plan.activities.enumerated() {
            let code = SQLValue.text(activity.code.rawValue)
            activities.append(
                key + [
                    code, .integer(Int64(position)), .text(activity.output.rawValue), .text(activity.title.en),
                    activity.title.ar.sqlValue, .text(activity.quarters.description), .text(activity.responsibleParty),
                    activity.implementingPartner.sqlValue, activity.process?.rawValue.sqlValue ?? .null,
                    .text(activity.status.rawValue), .integer(Int64(activity.progress)), activity.note.sqlValue,
                ])
            for (index, result) in activity.results.enumerated() {
                results.append(
                    key + [
                        code, .integer(Int64(index)), .text(result.indicator), .integer(Int64(result.total)),
                        result.women.sqlValue, result.youth.sqlValue, result.disability.sqlValue,
                    ])
            }
            for link in activity.links { links.append(key + [code, .text(link.kind.rawValue), .text(link.target)]) }
            for (index, event) in activity.events.enumerated() {
                events.append(
                    key + [
                        code, .integer(Int64(index)), .text(event.start.description), .text(event.end.description),
                        event.place.sqlValue,
                    ])
            }
        }
        try session.insertRows(
            into: "awp_activities",
            columns: [
                "awp_id", "version", "code", "position", "output_code", "title_en", "title_ar", "quarters",
                "responsible_party", "implementing_partner", "process", "status", "progress", "note",
            ], rows: activities)
        try session.insertRows(
            into: "awp_results",
            columns: [
                "awp_id", "version", "activity_code", "position", "indicator", "total", "women", "youth", "disability",
            ],
            rows: results)
        try session.insertRows(
            into: "awp_activity_links", columns: ["awp_id", "version", "activity_code", "kind", "target"], rows: links)
        try session.insertRows(
            into: "awp_activity_events",
            columns: ["awp_id", "version", "activity_code", "position", "start_date", "end_date", "place"], rows: events
        )
        var lines: [[SQLValue]] = []
        lines.reserveCapacity(plan.budgetLines.count)
        for (position, line) in plan.budgetLines.enumerated() {
            lines.append(
                key + [
                    .text(line.activity.rawValue), .text(line.account.rawValue), .text(line.source.rawValue),
                    .integer(Int64(position)), .text(line.description), .text(line.currency.code),
                    .integer(line.planned(in: .q1).minorUnits), .integer(line.planned(in: .q2).minorUnits),
                    .integer(line.planned(in: .q3).minorUnits), .integer(line.planned(in: .q4).minorUnits),
                ])
        }
        try session.insertRows(
            into: "awp_budget_lines",
            columns: [
                "awp_id", "version", "activity_code", "account", "source", "position", "description", "currency", "q1",
                "q2", "q3", "q4",
            ], rows: lines)
    }

    /// Moves a version to a new review status (`awp.submit`, `awp.review`, `awp.approve`, `awp.revise`).
    public func setAWPStatus(_ awp: PlanID, version: Int, from: AWPStatus, to: AWPStatus, action: String) throws {
        if from == .draft && to == .submitted {
            try session.execute(
                "UPDATE awp_versions SET status = ?, submitted_at = ?, submitted_by = ? WHERE awp_id = ? AND version = ?",
                to.rawValue, instant.description, actor, awp.rawValue, version)
        } else {
            try session.execute(
                "UPDATE awp_versions SET status = ? WHERE awp_id = ? AND version = ?", to.rawValue, awp.rawValue,
                version)
        }
        try appendEvent(
            action: action, entity: "awp:\(awp)",
            before: try CanonicalJSON.encode(
                AWPStatusChange(awp: awp.rawValue, version: version, status: from.rawValue)),
            after: try CanonicalJSON.encode(AWPStatusChange(awp: awp.rawValue, version: version, status: to.rawValue)))
    }

    /// Stores a Technical Committee comment (`awp.comment`).
    public func insertAWPComment(_ comment: AWPComment) throws {
        try session.execute(
            """
            INSERT INTO awp_comments (awp_id, version, number, activity_code, body, author, at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            comment.awp.rawValue, comment.version, comment.number, comment.activity.rawValue, comment.text,
            comment.author, comment.at.description)
        try appendEvent(
            action: "awp.comment", entity: "awp:\(comment.awp)", before: nil, after: try CanonicalJSON.encode(comment))
    }

    /// Stores the Technical Committee's decision on a version (`awp.decide`).
    public func insertAWPDecision(_ decision: AWPDecision) throws {
        try session.execute(
            """
            INSERT INTO awp_decisions (awp_id, version, decision, minutes, decided_by, decided_at, evidence_id)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            decision.awp.rawValue, decision.version, decision.decision.rawValue, decision.minutes, decision.decidedBy,
            decision.at.description, decision.evidence?.description)
        try appendEvent(
            action: "awp.decide", entity: "awp:\(decision.awp)", before: nil, after: try CanonicalJSON.encode(decision))
    }

    /// Stores an expenditure entry (`expense.add`).
    public func insertExpenditure(_ entry: Expenditure) throws {
        try session.execute(
            """
            INSERT INTO awp_expenditures (awp_id, number, activity_code, source, account, spent_on, amount, currency,
                reference, kind, recipient, recorded_at, recorded_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            entry.awp.rawValue, entry.number, entry.activity.rawValue, entry.source.rawValue, entry.account?.rawValue,
            entry.date.description, entry.amount.minorUnits, entry.amount.currency.code, entry.reference,
            entry.kind.rawValue, entry.recipient, entry.recordedAt.description, entry.recordedBy)
        try appendEvent(
            action: "expense.add", entity: "awp:\(entry.awp)", before: nil, after: try CanonicalJSON.encode(entry))
    }
}

// MARK: Reading

extension StoreReader {
    /// Every AWP with its latest version's status and totals, by id.
    public func awpListings() throws -> [AWPListing] {
        // PostgreSQL sums BIGINT as NUMERIC: cast back so that both databases return an integer.
        let spent = try session.query(
            "SELECT awp_id, CAST(SUM(amount) AS BIGINT) AS value FROM awp_expenditures GROUP BY awp_id")
        var spentByAWP: [String: Int64] = [:]
        for row in spent { spentByAWP[try row.string("awp_id")] = row.optionalInt("value") ?? 0 }
        return try session.query(
            """
            SELECT a.id, a.year, a.currency, v.version, v.status, v.project_en, v.project_ar,
                (SELECT COUNT(*) FROM awp_activities t WHERE t.awp_id = v.awp_id AND t.version = v.version) AS activities,
                (SELECT CAST(COALESCE(SUM(b.q1 + b.q2 + b.q3 + b.q4), 0) AS BIGINT) FROM awp_budget_lines b
                 WHERE b.awp_id = v.awp_id AND b.version = v.version) AS planned
            FROM awps a JOIN awp_versions v ON v.awp_id = a.id
            WHERE v.version = (SELECT MAX(w.version) FROM awp_versions w WHERE w.awp_id = a.id)
            ORDER BY a.id
            """
        ).map { row in
            let id = try row.string("id")
            let currency = try CurrencyCode(try row.string("currency"))
            return AWPListing(
                awp: try PlanID(id), year: Int(try row.int("year")), currency: currency,
                latestVersion: Int(try row.int("version")),
                status: try Self.status(row.string("status")),
                project: LocalizedText(en: try row.string("project_en"), ar: row.optionalString("project_ar")),
                activities: Int(row.optionalInt("activities") ?? 0),
                planned: Money(minorUnits: row.optionalInt("planned") ?? 0, currency: currency),
                spent: Money(minorUnits: spentByAWP[id] ?? 0, currency: currency))
        }
    }

    /// The version numbers of an AWP and their statuses, oldest first (empty when it does not exist).
    public func awpVersionStatuses(_ awp: PlanID) throws -> [(version: Int, status: AWPStatus)] {
        try session.query(
            "SELECT version, status FROM awp_versions WHERE awp_id = ? ORDER BY version", awp.rawValue
        ).map { row in (Int(try row.int("version")), try Self.status(row.string("status"))) }
    }

    /// A version of an AWP with its whole plan set; the latest when `version` is nil.
    public func awpVersion(_ awp: PlanID, version: Int? = nil) throws -> AWPVersion? {
        let id = awp.rawValue
        let row: SQLRow?
        if let version {
            row = try session.queryFirst("SELECT * FROM awp_versions WHERE awp_id = ? AND version = ?", id, version)
        } else {
            row = try session.queryFirst(
                "SELECT * FROM awp_versions WHERE awp_id = ? ORDER BY version DESC LIMIT 1", id)
        }
        guard let row, let header = try session.queryFirst("SELECT * FROM awps WHERE id = ?", id) else { return nil }
        let number = Int(try row.int("version"))
        let key: [SQLValue] = [.text(id), .integer(Int64(number))]
        let currency = try CurrencyCode(try header.string("currency"))
        let workPlan = AnnualWorkPlan(
            id: awp, year: Int(try header.int("year")),
            project: LocalizedText(en: try row.string("project_en"), ar: row.optionalString("project_ar")),
            fundingAgreement: row.optionalString("funding_agreement"), currency: currency,
            activities: try activities(key), budgetLines: try budgetLines(key))
        let planSet = PlanSet(
            strategicPlan: try strategicPlan(key), outputs: try outputs(key), financialPlan: try financialPlan(key),
            workPlan: workPlan, note: row.optionalString("note"))
        return AWPVersion(
            awp: awp, version: number, status: try Self.status(row.string("status")), planSet: planSet,
            sourceFile: try row.string("source_file"), sourceSHA256: try row.string("source_sha256"),
            importedAt: try Instant(parsing: row.string("imported_at")), importedBy: try row.string("imported_by"),
            submittedAt: try row.optionalString("submitted_at").map { try Instant(parsing: $0) },
            submittedBy: row.optionalString("submitted_by"))
    }

    /// The comments on an AWP, of one version or all, in order.
    public func awpComments(_ awp: PlanID, version: Int? = nil) throws -> [AWPComment] {
        var sql = "SELECT * FROM awp_comments WHERE awp_id = ?"
        var arguments: [SQLValue] = [.text(awp.rawValue)]
        if let version {
            sql += " AND version = ?"
            arguments.append(.integer(Int64(version)))
        }
        return try session.query(sql + " ORDER BY version, number", arguments).map { row in
            AWPComment(
                awp: awp, version: Int(try row.int("version")), number: Int(try row.int("number")),
                activity: try ActivityCode(try row.string("activity_code")), text: try row.string("body"),
                author: try row.string("author"), at: try Instant(parsing: row.string("at")))
        }
    }

    /// The Technical Committee's decisions on an AWP, oldest first.
    public func awpDecisions(_ awp: PlanID) throws -> [AWPDecision] {
        try session.query("SELECT * FROM awp_decisions WHERE awp_id = ? ORDER BY version", awp.rawValue).map { row in
            AWPDecision(
                awp: awp, version: Int(try row.int("version")),
                decision: AWPDecisionKind(rawValue: try row.string("decision")) ?? .revise,
                minutes: try row.string("minutes"), decidedBy: try row.string("decided_by"),
                at: try Instant(parsing: row.string("decided_at")),
                evidence: try row.optionalString("evidence_id").map { try EvidenceID(parsing: $0) })
        }
    }

    /// The expenditure ledger of an AWP, in order.
    public func expenditures(_ awp: PlanID) throws -> [Expenditure] {
        try session.query("SELECT * FROM awp_expenditures WHERE awp_id = ? ORDER BY number", awp.rawValue).map { row in
            Expenditure(
                awp: awp, number: Int(try row.int("number")),
                activity: try ActivityCode(try row.string("activity_code")),
                source: try PlanCode(try row.string("source")),
                account: try row.optionalString("account").map { try PlanCode($0) },
                date: try CalendarDate(parsing: row.string("spent_on")),
                amount: Money(
                    minorUnits: try row.int("amount"), currency: try CurrencyCode(try row.string("currency"))),
                reference: try row.string("reference"),
                kind: ExpenditureKind(rawValue: row.optionalString("kind") ?? "") ?? .expenditure,
                recipient: row.optionalString("recipient"),
                recordedAt: try Instant(parsing: row.string("recorded_at")), recordedBy: try row.string("recorded_by"))
        }
    }

    /// The number the next expenditure entry of an AWP takes.
    public func nextExpenditureNumber(_ awp: PlanID) throws -> Int {
        Int(
            try session.scalarInt(
                "SELECT COALESCE(MAX(number), 0) AS value FROM awp_expenditures WHERE awp_id = ?", awp.rawValue) ?? 0)
            + 1
    }

    /// The number the next comment on a version takes.
    public func nextCommentNumber(_ awp: PlanID, version: Int) throws -> Int {
        Int(
            try session.scalarInt(
                "SELECT COALESCE(MAX(number), 0) AS value FROM awp_comments WHERE awp_id = ? AND version = ?",
                awp.rawValue, version) ?? 0) + 1
    }

    /// Which of the given identifiers exist in a register: evidence records, corrective actions
    /// or observer recommendations (for checking an activity's links).
    public func existingLinkTargets(_ kind: ActivityLinkKind, among targets: Set<String>) throws -> Set<String> {
        guard !targets.isEmpty else { return [] }
        let table: String
        switch kind {
        case .evidence: table = "evidence"
        case .correctiveAction: table = "corrective_actions"
        case .recommendation: table = "observer_recommendations"
        case .requirement: return []
        }
        var found = Set<String>()
        let list = Array(targets)
        var start = 0
        while start < list.count {
            let slice = Array(list[start..<min(list.count, start + 500)])
            let placeholders = Array(repeating: "?", count: slice.count).joined(separator: ", ")
            for row in try session.query(
                "SELECT DISTINCT id FROM \(table) WHERE id IN (\(placeholders))", slice.map { SQLValue.text($0) })
            {
                found.insert(try row.string("id"))
            }
            start += slice.count
        }
        return found
    }

    static func status(_ text: String) throws -> AWPStatus {
        guard let status = AWPStatus(rawValue: text) else {
            throw StoreError.corrupt(column: "status", reason: "\"\(text)\" is not an AWP status")
        }
        return status
    }

    private func strategicPlan(_ key: [SQLValue]) throws -> StrategicPlan? {
        let condition = "WHERE awp_id = ? AND version = ?"
        guard let row = try session.query("SELECT * FROM plan_strategic \(condition)", key).first else { return nil }
        var values: [String: [KPIValue]] = [:]
        for value in try session.query(
            "SELECT * FROM plan_kpi_values \(condition) ORDER BY kpi_code, kind, position", key)
        {
            values["\(try value.string("kpi_code"))|\(try value.string("kind"))", default: []].append(
                KPIValue(
                    period: try value.string("period"), value: try DecimalValue(parsing: value.string("value_text"))))
        }
        var kpis: [String: [KPI]] = [:]
        for kpi in try session.query("SELECT * FROM plan_kpis \(condition) ORDER BY position", key) {
            let code = try kpi.string("code")
            kpis[try kpi.string("objective_code"), default: []].append(
                KPI(
                    code: try PlanCode(code), title: Self.text(kpi, "title"), unit: try kpi.string("unit"),
                    baseline: try DecimalValue(parsing: kpi.string("baseline")),
                    baselineYear: kpi.optionalInt("baseline_year").map { Int($0) },
                    targets: values["\(code)|target"] ?? [], actuals: values["\(code)|actual"] ?? [],
                    dataSource: kpi.optionalString("data_source")))
        }
        var objectives: [String: [StrategicObjective]] = [:]
        for objective in try session.query("SELECT * FROM plan_objectives \(condition) ORDER BY position", key) {
            let code = try objective.string("code")
            objectives[try objective.string("goal_code"), default: []].append(
                StrategicObjective(
                    code: try PlanCode(code), title: Self.text(objective, "title"),
                    qualityObjective: try objective.bool("quality_objective"), kpis: kpis[code] ?? []))
        }
        let goals = try session.query("SELECT * FROM plan_goals \(condition) ORDER BY position", key).map { goal in
            let code = try goal.string("code")
            return StrategicGoal(
                code: try PlanCode(code), title: Self.text(goal, "title"), objectives: objectives[code] ?? [])
        }
        let planValues = try session.query("SELECT * FROM plan_values \(condition) ORDER BY position", key).map {
            Self.text($0, "text")
        }
        return StrategicPlan(
            id: try PlanID(try row.string("id")), title: Self.text(row, "title"),
            fromYear: Int(try row.int("from_year")),
            toYear: Int(try row.int("to_year")), vision: Self.optionalText(row, "vision"),
            mission: Self.optionalText(row, "mission"), values: planValues, goals: goals)
    }

    private func outputs(_ key: [SQLValue]) throws -> [PlanOutput] {
        var objectives: [String: [PlanCode]] = [:]
        for row in try session.query(
            "SELECT * FROM plan_output_objectives WHERE awp_id = ? AND version = ? ORDER BY output_code, position", key)
        {
            objectives[try row.string("output_code"), default: []].append(
                try PlanCode(try row.string("objective_code")))
        }
        return try session.query("SELECT * FROM plan_outputs WHERE awp_id = ? AND version = ? ORDER BY position", key)
            .map { row in
                let code = try row.string("code")
                return PlanOutput(
                    code: try PlanCode(code), title: Self.text(row, "title"), year: Int(try row.int("year")),
                    phase: try ElectoralCyclePhase(name: try row.string("phase")), objectives: objectives[code] ?? [])
            }
    }

    private func financialPlan(_ key: [SQLValue]) throws -> FinancialPlan {
        let condition = "WHERE awp_id = ? AND version = ? ORDER BY position"
        func money(_ row: SQLRow) throws -> Money {
            Money(minorUnits: try row.int("amount"), currency: try CurrencyCode(try row.string("currency")))
        }
        return FinancialPlan(
            sources: try session.query("SELECT * FROM plan_funding_sources \(condition)", key).map { row in
                FundingSource(
                    code: try PlanCode(try row.string("code")),
                    name: LocalizedText(en: try row.string("name_en"), ar: row.optionalString("name_ar")))
            },
            envelopes: try session.query("SELECT * FROM plan_envelopes \(condition)", key).map { row in
                FundingEnvelope(
                    source: try PlanCode(try row.string("source")), year: Int(try row.int("year")),
                    amount: try money(row))
            },
            commitments: try session.query("SELECT * FROM plan_commitments \(condition)", key).map { row in
                Commitment(
                    source: try PlanCode(try row.string("source")), year: Int(try row.int("year")),
                    amount: try money(row), reference: row.optionalString("reference"),
                    description: try row.string("description"),
                    activity: try row.optionalString("activity_code").map { try ActivityCode($0) })
            })
    }

    private func activities(_ key: [SQLValue]) throws -> [Activity] {
        var results: [String: [IndicatorResult]] = [:]
        for row in try session.query(
            "SELECT * FROM awp_results WHERE awp_id = ? AND version = ? ORDER BY activity_code, position", key)
        {
            results[try row.string("activity_code"), default: []].append(
                IndicatorResult(
                    indicator: try row.string("indicator"), total: Int(try row.int("total")),
                    women: row.optionalInt("women").map { Int($0) }, youth: row.optionalInt("youth").map { Int($0) },
                    disability: row.optionalInt("disability").map { Int($0) }))
        }
        var links: [String: [ActivityLink]] = [:]
        for row in try session.query("SELECT * FROM awp_activity_links WHERE awp_id = ? AND version = ?", key) {
            guard let kind = ActivityLinkKind(rawValue: try row.string("kind")) else { continue }
            links[try row.string("activity_code"), default: []].append(
                try ActivityLink(kind: kind, target: try row.string("target")))
        }
        var events: [String: [ActivityEvent]] = [:]
        for row in try session.query(
            "SELECT * FROM awp_activity_events WHERE awp_id = ? AND version = ? ORDER BY activity_code, position", key)
        {
            events[try row.string("activity_code"), default: []].append(
                ActivityEvent(
                    start: try CalendarDate(parsing: try row.string("start_date")),
                    end: try CalendarDate(parsing: try row.string("end_date")), place: row.optionalString("place")))
        }
        return try session.query("SELECT * FROM awp_activities WHERE awp_id = ? AND version = ? ORDER BY position", key)
            .map { row in
                let code = try row.string("code")
                return Activity(
                    code: try ActivityCode(code), title: Self.text(row, "title"),
                    output: try PlanCode(try row.string("output_code")),
                    quarters: try QuarterSet(parsing: row.string("quarters")),
                    responsibleParty: try row.string("responsible_party"),
                    implementingPartner: row.optionalString("implementing_partner"),
                    process: try row.optionalString("process").map { try ElectoralProcess(code: $0) },
                    status: try ActivityStatus(name: try row.string("status")), progress: Int(try row.int("progress")),
                    results: results[code] ?? [], links: links[code] ?? [], note: row.optionalString("note"),
                    events: events[code] ?? [])
            }
    }

    private func budgetLines(_ key: [SQLValue]) throws -> [BudgetLine] {
        var currencies: [String: CurrencyCode] = [:]
        return try session.query(
            "SELECT * FROM awp_budget_lines WHERE awp_id = ? AND version = ? ORDER BY position", key
        )
        .map { row in
            let code = try row.string("currency")
            let currency = try currencies[code] ?? CurrencyCode(code)
            currencies[code] = currency
            return BudgetLine(
                activity: try ActivityCode(try row.string("activity_code")),
                account: try PlanCode(try row.string("account")), description: try row.string("description"),
                source: try PlanCode(try row.string("source")),
                quarters: try ["q1", "q2", "q3", "q4"].map { Money(minorUnits: try row.int($0), currency: currency) })
        }
    }

    private static func text(_ row: SQLRow, _ prefix: String) -> LocalizedText {
        LocalizedText(en: row.optionalString("\(prefix)_en") ?? "", ar: row.optionalString("\(prefix)_ar"))
    }

    private static func optionalText(_ row: SQLRow, _ prefix: String) -> LocalizedText? {
        row.optionalString("\(prefix)_en").map { LocalizedText(en: $0, ar: row.optionalString("\(prefix)_ar")) }
    }
}
