import Foundation
import QMSCore

/// Reading the registers of migration 0007. Each register loads with one query per table, for
/// the whole register or one entry, and assembles its values in memory.
extension StoreReader {
    // MARK: Controlled documents

    /// The controlled documents (the master list), in code order; or one.
    public func controlledDocuments(code: RegisterCode? = nil) throws -> [ControlledDocument] {
        let (condition, arguments) = Self.keyed("d.code", code?.description)
        let rows = try session.query(
            "SELECT d.* FROM controlled_documents d WHERE \(condition) ORDER BY d.code", arguments)
        guard !rows.isEmpty else { return [] }
        var versions: [String: [DocumentVersion]] = [:]
        for row in try session.query(
            """
            SELECT v.* FROM document_versions v
            WHERE v.document_code IN (SELECT d.code FROM controlled_documents d WHERE \(condition))
            ORDER BY v.document_code, v.version
            """, arguments)
        {
            versions[try row.string("document_code"), default: []].append(
                DocumentVersion(
                    number: Int(try row.int("version")), status: try Self.enumValue(DocumentStatus.self, row, "status"),
                    changes: row.optionalString("changes"), author: try row.string("author"),
                    createdOn: try Self.day(row, "created_on"), submittedOn: try Self.optionalDay(row, "submitted_on"),
                    approvedBy: row.optionalString("approved_by"), approvedOn: try Self.optionalDay(row, "approved_on"),
                    issuedBy: row.optionalString("issued_by"), issuedOn: try Self.optionalDay(row, "issued_on"),
                    nextReview: try Self.optionalDay(row, "next_review_on"),
                    obsoleteOn: try Self.optionalDay(row, "obsolete_on"),
                    obsoleteReason: row.optionalString("obsolete_reason"),
                    returnedNote: row.optionalString("returned_note")))
        }
        let parts = try registerParts("document", single: code.map { RegisterEntity.document($0) })
        return try rows.map { row in
            let code = try RegisterCode(try row.string("code"))
            let entity = RegisterEntity.document(code)
            return ControlledDocument(
                content: DocumentDraft(
                    code: code, title: try row.string("title"),
                    kind: try Self.enumValue(DocumentKind.self, row, "kind"), owner: try row.string("owner"),
                    process: row.optionalString("process"), link: row.optionalString("link"),
                    origin: row.optionalString("origin"), reviewMonths: Int(try row.int("review_months")),
                    distribution: parts.list(entity, "distribution"), requirements: parts.requirements[entity] ?? []),
                versions: versions[code.description] ?? [], reviews: parts.reviews[entity] ?? [],
                evidence: try Self.evidenceID(row), recordedAt: try Instant(parsing: row.string("recorded_at")),
                recordedBy: try row.string("recorded_by"))
        }
    }

    // MARK: Context issues

    /// The context issues, in identifier order; or one.
    public func contextIssues(id: ContextIssueID? = nil) throws -> [ContextIssue] {
        let (condition, arguments) = Self.keyed("c.id", id?.description)
        let rows = try session.query(
            "SELECT c.* FROM context_issues c WHERE \(condition) ORDER BY c.year, c.number", arguments)
        guard !rows.isEmpty else { return [] }
        let parts = try registerParts("context", single: id.map { RegisterEntity.context($0) })
        return try rows.map { row in
            let id = try ContextIssueID(parsing: row.string("id"))
            let entity = RegisterEntity.context(id)
            return ContextIssue(
                id: id,
                content: ContextIssueDraft(
                    kind: try Self.enumValue(ContextIssueKind.self, row, "kind"), title: try row.string("title"),
                    description: row.optionalString("description"), category: row.optionalString("category"),
                    effect: row.optionalString("effect"),
                    climate: try row.optionalString("climate").map {
                        try Self.enumValue(ClimateDetermination.self, $0, "climate")
                    }, processes: parts.list(entity, "processes"), requirements: parts.requirements[entity] ?? [],
                    identifiedOn: try Self.day(row, "identified_on"), reviewOn: try Self.optionalDay(row, "review_on")),
                reviews: parts.reviews[entity] ?? [], evidence: try Self.evidenceID(row),
                recordedAt: try Instant(parsing: row.string("recorded_at")), recordedBy: try row.string("recorded_by"))
        }
    }

    // MARK: Risks and opportunities

    /// The risk register, in identifier order; or one risk; optionally only open ones.
    public func risks(id: RiskID? = nil, openOnly: Bool = false) throws -> [Risk] {
        var (condition, arguments) = Self.keyed("r.id", id?.description)
        if openOnly { condition += " AND r.status = 'open'" }
        let rows = try session.query("SELECT r.* FROM risks r WHERE \(condition) ORDER BY r.year, r.number", arguments)
        guard !rows.isEmpty else { return [] }
        let scope = "SELECT r.id FROM risks r WHERE \(condition)"
        var assessments: [String: [RiskAssessment]] = [:]
        for row in try session.query(
            "SELECT * FROM risk_assessments WHERE risk_id IN (\(scope)) ORDER BY risk_id, seq", arguments)
        {
            assessments[try row.string("risk_id"), default: []].append(
                RiskAssessment(
                    stage: try Self.enumValue(RiskStage.self, row, "stage"),
                    rating: try RiskRating(
                        likelihood: Int(try row.int("likelihood")), impact: Int(try row.int("impact"))),
                    by: try row.string("assessed_by"), on: try Self.day(row, "assessed_on"),
                    note: row.optionalString("note")))
        }
        var actions: [String: [TreatmentAction]] = [:]
        for row in try session.query(
            "SELECT * FROM risk_actions WHERE risk_id IN (\(scope)) ORDER BY risk_id, number", arguments)
        {
            actions[try row.string("risk_id"), default: []].append(
                TreatmentAction(
                    id: try RiskActionID(parsing: row.string("id")), text: try row.string("text"),
                    owner: try row.string("owner"), due: try Self.day(row, "due_on"),
                    doneOn: try Self.optionalDay(row, "done_on"), doneBy: row.optionalString("done_by"),
                    doneNote: row.optionalString("done_note")))
        }
        let parts = try registerParts("risk", single: id.map { RegisterEntity.risk($0) })
        return try rows.map { row in
            let id = try RiskID(parsing: row.string("id"))
            let entity = RegisterEntity.risk(id)
            var residual: RiskRating?
            if let likelihood = row.optionalInt("residual_likelihood"), let impact = row.optionalInt("residual_impact")
            {
                residual = try RiskRating(likelihood: Int(likelihood), impact: Int(impact))
            }
            let content = RiskDraft(
                kind: try Self.enumValue(RiskKind.self, row, "kind"), title: try row.string("title"),
                description: row.optionalString("description"), category: row.optionalString("category"),
                owner: try row.string("owner"), process: row.optionalString("process"),
                phase: try row.optionalString("phase").map {
                    try Self.enumValue(ElectoralCyclePhase.self, $0, "phase")
                },
                inherent: try RiskRating(
                    likelihood: Int(try row.int("inherent_likelihood")), impact: Int(try row.int("inherent_impact"))),
                treatment: try row.optionalString("treatment").map {
                    try Self.enumValue(RiskTreatment.self, $0, "treatment")
                }, requirements: parts.requirements[entity] ?? [], identifiedOn: try Self.day(row, "identified_on"),
                reviewOn: try Self.day(row, "review_on"))
            return Risk(
                id: id, content: content, status: try Self.enumValue(RiskStatus.self, row, "status"),
                residual: residual,
                actions: actions[id.description] ?? [], assessments: assessments[id.description] ?? [],
                reviews: parts.reviews[entity] ?? [], closedOn: try Self.optionalDay(row, "closed_on"),
                closedBy: row.optionalString("closed_by"), closedNote: row.optionalString("closed_note"),
                evidence: try Self.evidenceID(row), recordedAt: try Instant(parsing: row.string("recorded_at")),
                recordedBy: try row.string("recorded_by"))
        }
    }

    // MARK: Interested parties

    /// The interested parties, in identifier order; or one.
    public func interestedParties(id: InterestedPartyID? = nil) throws -> [InterestedParty] {
        let (condition, arguments) = Self.keyed("p.id", id?.description)
        let rows = try session.query(
            "SELECT p.* FROM interested_parties p WHERE \(condition) ORDER BY p.year, p.number", arguments)
        guard !rows.isEmpty else { return [] }
        let parts = try registerParts("party", single: id.map { RegisterEntity.party($0) })
        return try rows.map { row in
            let id = try InterestedPartyID(parsing: row.string("id"))
            let entity = RegisterEntity.party(id)
            return InterestedParty(
                id: id,
                content: PartyDraft(
                    category: try Self.enumValue(PartyCategory.self, row, "category"), name: try row.string("name"),
                    needs: parts.list(entity, "needs"), expectations: parts.list(entity, "expectations"),
                    monitoring: try row.string("monitoring"), climate: row.optionalString("climate"),
                    influence: try row.optionalString("influence").map {
                        try Self.enumValue(PartyInfluence.self, $0, "influence")
                    }, processes: parts.list(entity, "processes"), requirements: parts.requirements[entity] ?? [],
                    reviewOn: try Self.optionalDay(row, "review_on")),
                reviews: parts.reviews[entity] ?? [], evidence: try Self.evidenceID(row),
                recordedAt: try Instant(parsing: row.string("recorded_at")), recordedBy: try row.string("recorded_by"))
        }
    }

    // MARK: Processes

    /// The processes, in code order; or one.
    public func qmsProcesses(code: RegisterCode? = nil) throws -> [QMSProcess] {
        let (condition, arguments) = Self.keyed("p.code", code?.description)
        let rows = try session.query("SELECT p.* FROM qms_processes p WHERE \(condition) ORDER BY p.code", arguments)
        guard !rows.isEmpty else { return [] }
        let parts = try registerParts("process", single: code.map { RegisterEntity.process($0) })
        return try rows.map { row in
            let code = try RegisterCode(try row.string("code"))
            let entity = RegisterEntity.process(code)
            return QMSProcess(
                content: ProcessDraft(
                    code: code, name: try row.string("name"),
                    category: try Self.enumValue(ProcessCategory.self, row, "category"), owner: try row.string("owner"),
                    electoralProcess: try row.optionalString("electoral_process").map {
                        try Self.enumValue(ElectoralProcess.self, $0, "electoral_process")
                    }, purpose: row.optionalString("purpose"), inputs: parts.list(entity, "inputs"),
                    outputs: parts.list(entity, "outputs"), kpis: parts.list(entity, "kpis"),
                    interactions: try parts.list(entity, "interactions").map { try RegisterCode($0) },
                    requirements: parts.requirements[entity] ?? [], reviewOn: try Self.optionalDay(row, "review_on")),
                reviews: parts.reviews[entity] ?? [], evidence: try Self.evidenceID(row),
                recordedAt: try Instant(parsing: row.string("recorded_at")), recordedBy: try row.string("recorded_by"))
        }
    }

    // MARK: External providers

    /// The external providers, in identifier order; or one.
    public func externalProviders(id: ProviderID? = nil) throws -> [ExternalProvider] {
        let (condition, arguments) = Self.keyed("p.id", id?.description)
        let rows = try session.query(
            "SELECT p.* FROM external_providers p WHERE \(condition) ORDER BY p.year, p.number", arguments)
        guard !rows.isEmpty else { return [] }
        let scope = "SELECT p.id FROM external_providers p WHERE \(condition)"
        var criteria: [String: [EvaluationCriterion]] = [:]
        for row in try session.query(
            "SELECT * FROM provider_criteria WHERE provider_id IN (\(scope)) ORDER BY provider_id, position", arguments)
        {
            criteria[try row.string("provider_id"), default: []].append(
                EvaluationCriterion(name: try row.string("name"), weight: Int(try row.int("weight"))))
        }
        var scores: [String: [Int]] = [:]
        for row in try session.query(
            """
            SELECT * FROM provider_scores WHERE provider_id IN (\(scope)) ORDER BY provider_id, evaluation, position
            """, arguments)
        {
            scores["\(try row.string("provider_id"))#\(try row.int("evaluation"))", default: []].append(
                Int(try row.int("score")))
        }
        var evaluations: [String: [ProviderEvaluation]] = [:]
        for row in try session.query(
            "SELECT * FROM provider_evaluations WHERE provider_id IN (\(scope)) ORDER BY provider_id, number", arguments
        ) {
            let provider = try row.string("provider_id")
            let number = try row.int("number")
            evaluations[provider, default: []].append(
                ProviderEvaluation(
                    number: Int(number), on: try Self.day(row, "evaluated_on"), by: try row.string("evaluated_by"),
                    scores: scores["\(provider)#\(number)"] ?? [], percent: Int(try row.int("percent")),
                    approved: try row.bool("approved"), nextDue: try Self.day(row, "next_due_on"),
                    note: row.optionalString("note")))
        }
        let parts = try registerParts("provider", single: id.map { RegisterEntity.provider($0) })
        return try rows.map { row in
            let id = try ProviderID(parsing: row.string("id"))
            let entity = RegisterEntity.provider(id)
            return ExternalProvider(
                id: id,
                content: ProviderDraft(
                    name: try row.string("name"), kind: try Self.enumValue(ProviderKind.self, row, "kind"),
                    service: try row.string("service"), contract: row.optionalString("contract"),
                    contact: row.optionalString("contact"), processes: parts.list(entity, "processes"),
                    requirements: parts.requirements[entity] ?? [], criteria: criteria[id.description] ?? [],
                    threshold: Int(try row.int("threshold")),
                    reevaluationMonths: Int(try row.int("reevaluation_months"))),
                status: try Self.enumValue(ProviderStatus.self, row, "status"),
                statusNote: row.optionalString("status_note"), evaluations: evaluations[id.description] ?? [],
                evidence: try Self.evidenceID(row), recordedAt: try Instant(parsing: row.string("recorded_at")),
                recordedBy: try row.string("recorded_by"))
        }
    }

    // MARK: Roles and training

    /// The roles and the competence they require, in code order; or one.
    public func competenceRoles(code: RegisterCode? = nil) throws -> [CompetenceRole] {
        let (condition, arguments) = Self.keyed("r.code", code?.description)
        let rows = try session.query("SELECT r.* FROM competence_roles r WHERE \(condition) ORDER BY r.code", arguments)
        guard !rows.isEmpty else { return [] }
        let parts = try registerParts("role", single: code.map { RegisterEntity.role($0) })
        return try rows.map { row in
            let code = try RegisterCode(try row.string("code"))
            let entity = RegisterEntity.role(code)
            return CompetenceRole(
                content: RoleDraft(
                    code: code, title: try row.string("title"), competences: parts.list(entity, "competences"),
                    holders: parts.list(entity, "holders"), processes: parts.list(entity, "processes"),
                    requirements: parts.requirements[entity] ?? []),
                recordedAt: try Instant(parsing: row.string("recorded_at")), recordedBy: try row.string("recorded_by"))
        }
    }

    /// The training events, in identifier order; or one.
    public func trainingEvents(id: TrainingID? = nil) throws -> [TrainingEvent] {
        let (condition, arguments) = Self.keyed("t.id", id?.description)
        let rows = try session.query(
            "SELECT t.* FROM training_events t WHERE \(condition) ORDER BY t.year, t.number", arguments)
        guard !rows.isEmpty else { return [] }
        var participants: [String: [Participant]] = [:]
        for row in try session.query(
            """
            SELECT * FROM training_participants
            WHERE training_id IN (SELECT t.id FROM training_events t WHERE \(condition))
            ORDER BY training_id, position
            """, arguments)
        {
            participants[try row.string("training_id"), default: []].append(
                Participant(
                    name: try row.string("name"),
                    sex: try row.optionalString("sex").map { try Self.enumValue(Sex.self, $0, "sex") },
                    disability: try row.bool("disability")))
        }
        let parts = try registerParts("training", single: id.map { RegisterEntity.training($0) })
        return try rows.map { row in
            let id = try TrainingID(parsing: row.string("id"))
            let entity = RegisterEntity.training(id)
            var evaluation: TrainingEvaluation?
            if let on = try Self.optionalDay(row, "evaluated_on") {
                evaluation = TrainingEvaluation(
                    on: on, by: try row.string("evaluated_by"), method: try row.string("evaluation_method"),
                    result: try Self.enumValue(EffectivenessRating.self, row, "evaluation_result"),
                    note: row.optionalString("evaluation_note"))
            }
            let content = TrainingDraft(
                title: try row.string("title"), kind: try Self.enumValue(TrainingKind.self, row, "kind"),
                startsOn: try Self.day(row, "starts_on"), endsOn: try Self.day(row, "ends_on"),
                place: try row.string("place"), trainers: parts.list(entity, "trainers"),
                roles: try parts.list(entity, "roles").map { try RegisterCode($0) },
                competences: parts.list(entity, "competences"),
                attendance: Attendance(
                    total: Int(try row.int("participants")), women: Int(try row.int("women")),
                    men: Int(try row.int("men")), withDisabilities: Int(try row.int("with_disabilities"))),
                participants: participants[id.description] ?? [], processes: parts.list(entity, "processes"),
                requirements: parts.requirements[entity] ?? [])
            return TrainingEvent(
                id: id, content: content, evaluation: evaluation, evidence: try Self.evidenceID(row),
                recordedAt: try Instant(parsing: row.string("recorded_at")), recordedBy: try row.string("recorded_by"))
        }
    }

    // MARK: Monitored KPIs

    /// The monitored KPIs with their measurements, in code order; or one.
    public func monitoredKPIs(code: RegisterCode? = nil) throws -> [MonitoredKPI] {
        let (condition, arguments) = Self.keyed("k.code", code?.description)
        let rows = try session.query("SELECT k.* FROM monitored_kpis k WHERE \(condition) ORDER BY k.code", arguments)
        guard !rows.isEmpty else { return [] }
        var measurements: [String: [KPIMeasurement]] = [:]
        for row in try session.query(
            """
            SELECT * FROM kpi_measurements WHERE kpi_code IN (SELECT k.code FROM monitored_kpis k WHERE \(condition))
            ORDER BY kpi_code, number
            """, arguments)
        {
            measurements[try row.string("kpi_code"), default: []].append(
                KPIMeasurement(
                    number: Int(try row.int("number")), on: try Self.day(row, "measured_on"),
                    period: row.optionalString("period"), value: try DecimalValue(parsing: row.string("value")),
                    source: row.optionalString("source"), note: row.optionalString("note"),
                    by: try row.string("measured_by")))
        }
        let parts = try registerParts("kpi", single: code.map { RegisterEntity.kpi($0) })
        return try rows.map { row in
            let code = try RegisterCode(try row.string("code"))
            let entity = RegisterEntity.kpi(code)
            return MonitoredKPI(
                content: KPIDraft(
                    code: code, title: try row.string("title"), unit: try row.string("unit"),
                    category: try Self.enumValue(KPICategory.self, row, "category"),
                    direction: try Self.enumValue(KPIDirection.self, row, "direction"),
                    target: try row.optionalString("target").map { try DecimalValue(parsing: $0) },
                    owner: try row.string("owner"), process: row.optionalString("process"),
                    everyMonths: row.optionalInt("every_months").map { Int($0) },
                    dataSource: row.optionalString("data_source"),
                    planKPI: try row.optionalString("plan_kpi").map { try PlanCode($0) },
                    requirements: parts.requirements[entity] ?? []),
                measurements: measurements[code.description] ?? [], evidence: try Self.evidenceID(row),
                recordedAt: try Instant(parsing: row.string("recorded_at")), recordedBy: try row.string("recorded_by"))
        }
    }

    // MARK: All registers

    /// Every register as it stands now.
    public func qualityRegisters() throws -> QualityRegisters {
        QualityRegisters(
            documents: try controlledDocuments(), contextIssues: try contextIssues(), risks: try risks(),
            parties: try interestedParties(), processes: try qmsProcesses(), providers: try externalProviders(),
            roles: try competenceRoles(), trainings: try trainingEvents(), kpis: try monitoredKPIs())
    }

    /// Every register as it stood at the end of `day`, read back from the audit trail: each entry's
    /// last event by then holds its whole content, so the registers of a past day are exact.
    public func qualityRegisters(asOf day: CalendarDate) throws -> QualityRegisters {
        let kinds = RegisterEntity.kinds.map { "entity LIKE '\($0):%'" }.joined(separator: " OR ")
        var latest: [String: String] = [:]
        var order: [String] = []
        for row in try session.query(
            "SELECT entity, after_json FROM audit_events WHERE (\(kinds)) AND at < ? ORDER BY seq",
            day.adding(days: 1).description)
        {
            let entity = try row.string("entity")
            guard let after = row.optionalString("after_json") else { continue }
            if latest[entity] == nil { order.append(entity) }
            latest[entity] = after
        }
        var registers = QualityRegisters()
        let decoder = JSONDecoder()
        func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
            do {
                return try decoder.decode(type, from: Data(json.utf8))
            } catch {
                throw StoreError.corrupt(column: "audit_events.after_json", reason: "is not a \(T.self): \(error)")
            }
        }
        for entity in order {
            guard let json = latest[entity] else { continue }
            switch entity.prefix(while: { $0 != ":" }) {
            case "document": registers.documents.append(try decode(ControlledDocument.self, json))
            case "context": registers.contextIssues.append(try decode(ContextIssue.self, json))
            case "risk": registers.risks.append(try decode(Risk.self, json))
            case "party": registers.parties.append(try decode(InterestedParty.self, json))
            case "process": registers.processes.append(try decode(QMSProcess.self, json))
            case "provider": registers.providers.append(try decode(ExternalProvider.self, json))
            case "role": registers.roles.append(try decode(CompetenceRole.self, json))
            case "training": registers.trainings.append(try decode(TrainingEvent.self, json))
            case "kpi": registers.kpis.append(try decode(MonitoredKPI.self, json))
            default: continue
            }
        }
        registers.documents.sort { $0.content.code < $1.content.code }
        registers.contextIssues.sort { $0.id < $1.id }
        registers.risks.sort { $0.id < $1.id }
        registers.parties.sort { $0.id < $1.id }
        registers.processes.sort { $0.content.code < $1.content.code }
        registers.providers.sort { $0.id < $1.id }
        registers.roles.sort { $0.content.code < $1.content.code }
        registers.trainings.sort { $0.id < $1.id }
        registers.kpis.sort { $0.content.code < $1.content.code }
        return registers
    }

    // MARK: Helpers

    /// The lists, requirements and reviews of one register's entries (or of one entry).
    struct RegisterParts {
        var lists: [String: [String: [String]]] = [:]
        var requirements: [String: [RequirementKey]] = [:]
        var reviews: [String: [RegisterReview]] = [:]

        func list(_ entity: String, _ field: String) -> [String] { lists[entity]?[field] ?? [] }
    }

    func registerParts(_ kind: String, single entity: String?) throws -> RegisterParts {
        let condition = entity == nil ? "entity LIKE ?" : "entity = ?"
        let argument = entity ?? "\(kind):%"
        var parts = RegisterParts()
        for row in try session.query(
            "SELECT entity, field, value FROM register_lists WHERE \(condition) ORDER BY entity, field, position",
            argument)
        {
            parts.lists[try row.string("entity"), default: [:]][try row.string("field"), default: []].append(
                try row.string("value"))
        }
        for row in try session.query(
            """
            SELECT entity, standard_id, number FROM register_requirements WHERE \(condition) ORDER BY entity, position
            """, argument)
        {
            parts.requirements[try row.string("entity"), default: []].append(
                try RequirementKey(standard: StandardID(try row.string("standard_id")), number: row.string("number")))
        }
        for row in try session.query(
            "SELECT * FROM register_reviews WHERE \(condition) ORDER BY entity, seq", argument)
        {
            parts.reviews[try row.string("entity"), default: []].append(
                RegisterReview(
                    on: try Self.day(row, "reviewed_on"), by: try row.string("reviewed_by"),
                    note: row.optionalString("note"), next: try Self.optionalDay(row, "next_review_on")))
        }
        return parts
    }

    /// A condition on a key column: every row, or the one with `value`.
    static func keyed(_ column: String, _ value: String?) -> (String, [SQLValue]) {
        guard let value else { return ("1 = 1", []) }
        return ("\(column) = ?", [.text(value)])
    }

    static func day(_ row: SQLRow, _ column: String) throws -> CalendarDate {
        do { return try CalendarDate(parsing: try row.string(column)) } catch let error as DomainError {
            throw StoreError.corrupt(column: column, reason: error.message)
        }
    }

    static func optionalDay(_ row: SQLRow, _ column: String) throws -> CalendarDate? {
        guard row.optionalString(column) != nil else { return nil }
        return try day(row, column)
    }

    static func evidenceID(_ row: SQLRow) throws -> EvidenceID? {
        try row.optionalString("evidence_id").map { try EvidenceID(parsing: $0) }
    }
}
