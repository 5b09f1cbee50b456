import Foundation
import QMSCore

/// How each register names its entries in the audit trail, in `register_lists`,
/// `register_requirements` and `register_reviews`.
public enum RegisterEntity {
    public static func document(_ code: RegisterCode) -> String { "document:\(code)" }
    public static func context(_ id: ContextIssueID) -> String { "context:\(id)" }
    public static func risk(_ id: RiskID) -> String { "risk:\(id)" }
    public static func party(_ id: InterestedPartyID) -> String { "party:\(id)" }
    public static func process(_ code: RegisterCode) -> String { "process:\(code)" }
    public static func provider(_ id: ProviderID) -> String { "provider:\(id)" }
    public static func role(_ code: RegisterCode) -> String { "role:\(code)" }
    public static func training(_ id: TrainingID) -> String { "training:\(id)" }
    public static func kpi(_ code: RegisterCode) -> String { "kpi:\(code)" }

    /// The entity kinds of the registers, as the audit trail's entities begin.
    public static let kinds = [
        "document", "context", "risk", "party", "process", "provider", "role", "training", "kpi",
    ]
}

// MARK: Writing

/// Each `save…` stores a register entry as it is after a change (`before` nil for a new one):
/// the entry's row, new rows for what its history gained, its lists and requirements when they
/// changed, and one audit event whose `after` is the whole entry. History rows are never deleted.
extension StoreWriter {
    // MARK: Controlled documents

    /// Stores a controlled document after `action` (`document.add`, `document.issue` …).
    public func saveDocument(_ document: ControlledDocument, before: ControlledDocument?, action: String) throws {
        let code = document.content.code.description
        let content = document.content
        if before == nil {
            try session.execute(
                """
                INSERT INTO controlled_documents (code, kind, title, owner, process, link, origin, review_months,
                    evidence_id, recorded_at, recorded_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                code, content.kind.rawValue, content.title, content.owner, content.process, content.link,
                content.origin, content.reviewMonths, document.evidence?.description,
                document.recordedAt.description, document.recordedBy)
        } else {
            try session.execute(
                """
                UPDATE controlled_documents SET kind = ?, title = ?, owner = ?, process = ?, link = ?, origin = ?,
                    review_months = ?, evidence_id = ?
                WHERE code = ?
                """,
                content.kind.rawValue, content.title, content.owner, content.process, content.link, content.origin,
                content.reviewMonths, document.evidence?.description, code)
        }
        let previous = Dictionary(uniqueKeysWithValues: (before?.versions ?? []).map { ($0.number, $0) })
        // Versions leaving `issued` first: one version in force at a time, checked statement by statement.
        let changed = document.versions.filter { previous[$0.number] != $0 }.sorted {
            ($0.status == .obsolete ? 0 : 1, $0.number) < ($1.status == .obsolete ? 0 : 1, $1.number)
        }
        for version in changed {
            let values: [SQLValue] = [
                .text(version.status.rawValue), version.changes.sqlValue, .text(version.author),
                .text(version.createdOn.description), version.submittedOn?.description.sqlValue ?? .null,
                version.approvedBy.sqlValue, version.approvedOn?.description.sqlValue ?? .null,
                version.issuedBy.sqlValue,
                version.issuedOn?.description.sqlValue ?? .null, version.nextReview?.description.sqlValue ?? .null,
                version.obsoleteOn?.description.sqlValue ?? .null, version.obsoleteReason.sqlValue,
                version.returnedNote.sqlValue, .text(code), .integer(Int64(version.number)),
            ]
            if previous[version.number] == nil {
                try session.execute(
                    """
                    INSERT INTO document_versions (status, changes, author, created_on, submitted_on, approved_by,
                        approved_on, issued_by, issued_on, next_review_on, obsolete_on, obsolete_reason, returned_note,
                        document_code, version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, values)
            } else {
                try session.execute(
                    """
                    UPDATE document_versions SET status = ?, changes = ?, author = ?, created_on = ?, submitted_on = ?,
                        approved_by = ?, approved_on = ?, issued_by = ?, issued_on = ?, next_review_on = ?,
                        obsolete_on = ?, obsolete_reason = ?, returned_note = ?
                    WHERE document_code = ? AND version = ?
                    """, values)
            }
        }
        let entity = RegisterEntity.document(content.code)
        try appendReviews(document.reviews, after: before?.reviews.count ?? 0, of: entity)
        try replaceList(entity, "distribution", content.distribution, before: before?.content.distribution)
        try replaceRequirements(entity, content.requirements, before: before?.content.requirements)
        try appendEvent(
            action: action, entity: entity, before: try before.map(CanonicalJSON.encode),
            after: try CanonicalJSON.encode(document))
    }

    // MARK: Context issues

    /// Stores a context issue after `action` (`context.add`, `context.review`).
    public func saveContextIssue(_ issue: ContextIssue, before: ContextIssue?, action: String) throws {
        let content = issue.content
        let id = issue.id.description
        if before == nil {
            try session.execute(
                """
                INSERT INTO context_issues (id, year, number, kind, title, description, category, effect, climate,
                    identified_on, review_on, evidence_id, recorded_at, recorded_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                id, issue.id.year, issue.id.number, content.kind.rawValue, content.title, content.description,
                content.category, content.effect, content.climate?.rawValue, content.identifiedOn.description,
                content.reviewOn?.description, issue.evidence?.description, issue.recordedAt.description,
                issue.recordedBy)
        } else {
            try session.execute(
                """
                UPDATE context_issues SET kind = ?, title = ?, description = ?, category = ?, effect = ?, climate = ?,
                    review_on = ?, evidence_id = ?
                WHERE id = ?
                """,
                content.kind.rawValue, content.title, content.description, content.category, content.effect,
                content.climate?.rawValue, content.reviewOn?.description, issue.evidence?.description, id)
        }
        let entity = RegisterEntity.context(issue.id)
        try appendReviews(issue.reviews, after: before?.reviews.count ?? 0, of: entity)
        try replaceList(entity, "processes", content.processes, before: before?.content.processes)
        try replaceRequirements(entity, content.requirements, before: before?.content.requirements)
        try appendEvent(
            action: action, entity: entity, before: try before.map(CanonicalJSON.encode),
            after: try CanonicalJSON.encode(issue))
    }

    // MARK: Risks and opportunities

    /// Stores a risk after `action` (`risk.add`, `risk.treat`, `risk.complete`, `risk.assess` …).
    public func saveRisk(_ risk: Risk, before: Risk?, action: String) throws {
        let content = risk.content
        let id = risk.id.description
        let values: [SQLValue] = [
            .text(content.kind.rawValue), .text(content.title), content.description.sqlValue,
            content.category.sqlValue, .text(content.owner), content.process.sqlValue,
            content.phase?.rawValue.sqlValue ?? .null, content.treatment?.rawValue.sqlValue ?? .null,
            .integer(Int64(content.inherent.likelihood)), .integer(Int64(content.inherent.impact)),
            risk.residual.map { .integer(Int64($0.likelihood)) } ?? .null,
            risk.residual.map { .integer(Int64($0.impact)) } ?? .null, .text(content.identifiedOn.description),
            .text(content.reviewOn.description), .text(risk.status.rawValue),
            risk.closedOn?.description.sqlValue ?? .null, risk.closedBy.sqlValue, risk.closedNote.sqlValue,
            risk.evidence?.description.sqlValue ?? .null,
        ]
        if before == nil {
            try session.execute(
                """
                INSERT INTO risks (kind, title, description, category, owner, process, phase, treatment,
                    inherent_likelihood, inherent_impact, residual_likelihood, residual_impact, identified_on, review_on,
                    status, closed_on, closed_by, closed_note, evidence_id, id, year, number, recorded_at, recorded_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                values + [
                    .text(id), .integer(Int64(risk.id.year)), .integer(Int64(risk.id.number)),
                    .text(risk.recordedAt.description), .text(risk.recordedBy),
                ])
        } else {
            try session.execute(
                """
                UPDATE risks SET kind = ?, title = ?, description = ?, category = ?, owner = ?, process = ?, phase = ?,
                    treatment = ?, inherent_likelihood = ?, inherent_impact = ?, residual_likelihood = ?,
                    residual_impact = ?, identified_on = ?, review_on = ?, status = ?, closed_on = ?, closed_by = ?,
                    closed_note = ?, evidence_id = ?
                WHERE id = ?
                """, values + [.text(id)])
        }
        let known = before?.assessments.count ?? 0
        try session.insertRows(
            into: "risk_assessments",
            columns: ["risk_id", "seq", "stage", "likelihood", "impact", "assessed_by", "assessed_on", "note"],
            rows: risk.assessments.enumerated().dropFirst(known).map { offset, assessment in
                [
                    .text(id), .integer(Int64(offset + 1)), .text(assessment.stage.rawValue),
                    .integer(Int64(assessment.rating.likelihood)), .integer(Int64(assessment.rating.impact)),
                    .text(assessment.by), .text(assessment.on.description), assessment.note.sqlValue,
                ]
            })
        let previous = Dictionary(uniqueKeysWithValues: (before?.actions ?? []).map { ($0.id, $0) })
        for action in risk.actions where previous[action.id] != action {
            let values: [SQLValue] = [
                .text(action.text), .text(action.owner), .text(action.due.description),
                action.doneOn?.description.sqlValue ?? .null, action.doneBy.sqlValue, action.doneNote.sqlValue,
                .text(action.id.description),
            ]
            if previous[action.id] == nil {
                try session.execute(
                    """
                    INSERT INTO risk_actions (text, owner, due_on, done_on, done_by, done_note, id, risk_id, number)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, values + [.text(id), .integer(Int64(action.id.index))])
            } else {
                try session.execute(
                    """
                    UPDATE risk_actions SET text = ?, owner = ?, due_on = ?, done_on = ?, done_by = ?, done_note = ?
                    WHERE id = ?
                    """, values)
            }
        }
        let entity = RegisterEntity.risk(risk.id)
        try appendReviews(risk.reviews, after: before?.reviews.count ?? 0, of: entity)
        try replaceRequirements(entity, content.requirements, before: before?.content.requirements)
        try appendEvent(
            action: action, entity: entity, before: try before.map(CanonicalJSON.encode),
            after: try CanonicalJSON.encode(risk))
    }

    // MARK: Interested parties

    /// Stores an interested party after `action` (`party.add`, `party.review`).
    public func saveParty(_ party: InterestedParty, before: InterestedParty?, action: String) throws {
        let content = party.content
        let id = party.id.description
        let values: [SQLValue] = [
            .text(content.category.rawValue), .text(content.name), .text(content.monitoring), content.climate.sqlValue,
            content.influence?.rawValue.sqlValue ?? .null, content.reviewOn?.description.sqlValue ?? .null,
            party.evidence?.description.sqlValue ?? .null, .text(id),
        ]
        if before == nil {
            try session.execute(
                """
                INSERT INTO interested_parties (category, name, monitoring, climate, influence, review_on, evidence_id,
                    id, year, number, recorded_at, recorded_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                values + [
                    .integer(Int64(party.id.year)), .integer(Int64(party.id.number)),
                    .text(party.recordedAt.description), .text(party.recordedBy),
                ])
        } else {
            try session.execute(
                """
                UPDATE interested_parties SET category = ?, name = ?, monitoring = ?, climate = ?, influence = ?,
                    review_on = ?, evidence_id = ?
                WHERE id = ?
                """, values)
        }
        let entity = RegisterEntity.party(party.id)
        try appendReviews(party.reviews, after: before?.reviews.count ?? 0, of: entity)
        try replaceList(entity, "needs", content.needs, before: before?.content.needs)
        try replaceList(entity, "expectations", content.expectations, before: before?.content.expectations)
        try replaceList(entity, "processes", content.processes, before: before?.content.processes)
        try replaceRequirements(entity, content.requirements, before: before?.content.requirements)
        try appendEvent(
            action: action, entity: entity, before: try before.map(CanonicalJSON.encode),
            after: try CanonicalJSON.encode(party))
    }

    // MARK: Processes

    /// Stores a process after `action` (`process.add`, `process.review`).
    public func saveProcess(_ process: QMSProcess, before: QMSProcess?, action: String) throws {
        let content = process.content
        let values: [SQLValue] = [
            .text(content.name), .text(content.category.rawValue), .text(content.owner),
            content.electoralProcess?.rawValue.sqlValue ?? .null, content.purpose.sqlValue,
            content.reviewOn?.description.sqlValue ?? .null, process.evidence?.description.sqlValue ?? .null,
            .text(content.code.description),
        ]
        if before == nil {
            try session.execute(
                """
                INSERT INTO qms_processes (name, category, owner, electoral_process, purpose, review_on, evidence_id,
                    code, recorded_at, recorded_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, values + [.text(process.recordedAt.description), .text(process.recordedBy)])
        } else {
            try session.execute(
                """
                UPDATE qms_processes SET name = ?, category = ?, owner = ?, electoral_process = ?, purpose = ?,
                    review_on = ?, evidence_id = ?
                WHERE code = ?
                """, values)
        }
        let entity = RegisterEntity.process(content.code)
        try appendReviews(process.reviews, after: before?.reviews.count ?? 0, of: entity)
        try replaceList(entity, "inputs", content.inputs, before: before?.content.inputs)
        try replaceList(entity, "outputs", content.outputs, before: before?.content.outputs)
        try replaceList(entity, "kpis", content.kpis, before: before?.content.kpis)
        try replaceList(
            entity, "interactions", content.interactions.map(\.description),
            before: before?.content.interactions.map(\.description))
        try replaceRequirements(entity, content.requirements, before: before?.content.requirements)
        try appendEvent(
            action: action, entity: entity, before: try before.map(CanonicalJSON.encode),
            after: try CanonicalJSON.encode(process))
    }

    // MARK: External providers

    /// Stores an external provider after `action` (`provider.add`, `provider.evaluate`, `provider.suspend`).
    public func saveProvider(_ provider: ExternalProvider, before: ExternalProvider?, action: String) throws {
        let content = provider.content
        let id = provider.id.description
        let values: [SQLValue] = [
            .text(content.name), .text(content.kind.rawValue), .text(content.service), content.contract.sqlValue,
            content.contact.sqlValue, .text(provider.status.rawValue), provider.statusNote.sqlValue,
            .integer(Int64(content.threshold)), .integer(Int64(content.reevaluationMonths)),
            provider.evidence?.description.sqlValue ?? .null, .text(id),
        ]
        if let before {
            guard before.content.criteria == content.criteria else {
                throw DomainError.ruleViolated(
                    .criteriaFixed, ["id": "\(id)"], fix: .advice(.registerProviderAgain))
            }
            try session.execute(
                """
                UPDATE external_providers SET name = ?, kind = ?, service = ?, contract = ?, contact = ?, status = ?,
                    status_note = ?, threshold = ?, reevaluation_months = ?, evidence_id = ?
                WHERE id = ?
                """, values)
        } else {
            try session.execute(
                """
                INSERT INTO external_providers (name, kind, service, contract, contact, status, status_note, threshold,
                    reevaluation_months, evidence_id, id, year, number, recorded_at, recorded_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                values + [
                    .integer(Int64(provider.id.year)), .integer(Int64(provider.id.number)),
                    .text(provider.recordedAt.description), .text(provider.recordedBy),
                ])
            try session.insertRows(
                into: "provider_criteria", columns: ["provider_id", "position", "name", "weight"],
                rows: content.criteria.enumerated().map {
                    [.text(id), .integer(Int64($0.offset)), .text($0.element.name), .integer(Int64($0.element.weight))]
                })
        }
        for evaluation in provider.evaluations.dropFirst(before?.evaluations.count ?? 0) {
            try session.execute(
                """
                INSERT INTO provider_evaluations (provider_id, number, evaluated_on, evaluated_by, percent, approved,
                    next_due_on, note)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                id, evaluation.number, evaluation.on.description, evaluation.by, evaluation.percent,
                evaluation.approved,
                evaluation.nextDue.description, evaluation.note)
            try session.insertRows(
                into: "provider_scores", columns: ["provider_id", "evaluation", "position", "score"],
                rows: evaluation.scores.enumerated().map {
                    [
                        .text(id), .integer(Int64(evaluation.number)), .integer(Int64($0.offset)),
                        .integer(Int64($0.element)),
                    ]
                })
        }
        let entity = RegisterEntity.provider(provider.id)
        try replaceList(entity, "processes", content.processes, before: before?.content.processes)
        try replaceRequirements(entity, content.requirements, before: before?.content.requirements)
        try appendEvent(
            action: action, entity: entity, before: try before.map(CanonicalJSON.encode),
            after: try CanonicalJSON.encode(provider))
    }

    // MARK: Roles and training

    /// Stores a role after `action` (`role.add`, `role.assign`).
    public func saveRole(_ role: CompetenceRole, before: CompetenceRole?, action: String) throws {
        let content = role.content
        if before == nil {
            try session.execute(
                "INSERT INTO competence_roles (code, title, recorded_at, recorded_by) VALUES (?, ?, ?, ?)",
                content.code.description, content.title, role.recordedAt.description, role.recordedBy)
        } else {
            try session.execute(
                "UPDATE competence_roles SET title = ? WHERE code = ?", content.title, content.code.description)
        }
        let entity = RegisterEntity.role(content.code)
        try replaceList(entity, "competences", content.competences, before: before?.content.competences)
        try replaceList(entity, "holders", content.holders, before: before?.content.holders)
        try replaceList(entity, "processes", content.processes, before: before?.content.processes)
        try replaceRequirements(entity, content.requirements, before: before?.content.requirements)
        try appendEvent(
            action: action, entity: entity, before: try before.map(CanonicalJSON.encode),
            after: try CanonicalJSON.encode(role))
    }

    /// Stores a training event after `action` (`training.add`, `training.evaluate`).
    public func saveTraining(_ training: TrainingEvent, before: TrainingEvent?, action: String) throws {
        let content = training.content
        let id = training.id.description
        let evaluation = training.evaluation
        let values: [SQLValue] = [
            .text(content.title), .text(content.kind.rawValue), .text(content.startsOn.description),
            .text(content.endsOn.description), .text(content.place), .integer(Int64(content.attendance.total)),
            .integer(Int64(content.attendance.women)), .integer(Int64(content.attendance.men)),
            .integer(Int64(content.attendance.withDisabilities)), evaluation?.on.description.sqlValue ?? .null,
            evaluation?.by.sqlValue ?? .null, evaluation?.method.sqlValue ?? .null,
            evaluation?.result.rawValue.sqlValue ?? .null, evaluation?.note.sqlValue ?? .null,
            training.evidence?.description.sqlValue ?? .null, .text(id),
        ]
        if before == nil {
            try session.execute(
                """
                INSERT INTO training_events (title, kind, starts_on, ends_on, place, participants, women, men,
                    with_disabilities, evaluated_on, evaluated_by, evaluation_method, evaluation_result,
                    evaluation_note, evidence_id, id, year, number, recorded_at, recorded_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                values + [
                    .integer(Int64(training.id.year)), .integer(Int64(training.id.number)),
                    .text(training.recordedAt.description), .text(training.recordedBy),
                ])
        } else {
            try session.execute(
                """
                UPDATE training_events SET title = ?, kind = ?, starts_on = ?, ends_on = ?, place = ?, participants = ?,
                    women = ?, men = ?, with_disabilities = ?, evaluated_on = ?, evaluated_by = ?,
                    evaluation_method = ?, evaluation_result = ?, evaluation_note = ?, evidence_id = ?
                WHERE id = ?
                """, values)
        }
        if before?.content.participants != content.participants {
            try session.execute("DELETE FROM training_participants WHERE training_id = ?", id)
            try session.insertRows(
                into: "training_participants", columns: ["training_id", "position", "name", "sex", "disability"],
                rows: content.participants.enumerated().map {
                    [
                        .text(id), .integer(Int64($0.offset)), .text($0.element.name),
                        $0.element.sex?.rawValue.sqlValue ?? .null, $0.element.disability.sqlValue,
                    ]
                })
        }
        let entity = RegisterEntity.training(training.id)
        try replaceList(entity, "trainers", content.trainers, before: before?.content.trainers)
        try replaceList(
            entity, "roles", content.roles.map(\.description), before: before?.content.roles.map(\.description))
        try replaceList(entity, "competences", content.competences, before: before?.content.competences)
        try replaceList(entity, "processes", content.processes, before: before?.content.processes)
        try replaceRequirements(entity, content.requirements, before: before?.content.requirements)
        try appendEvent(
            action: action, entity: entity, before: try before.map(CanonicalJSON.encode),
            after: try CanonicalJSON.encode(training))
    }

    // MARK: Monitored KPIs

    /// Stores a monitored KPI after `action` (`kpi.add`, `kpi.measure`).
    public func saveKPI(_ kpi: MonitoredKPI, before: MonitoredKPI?, action: String) throws {
        let content = kpi.content
        let code = content.code.description
        let values: [SQLValue] = [
            .text(content.title), .text(content.unit), .text(content.category.rawValue),
            .text(content.direction.rawValue), content.target?.description.sqlValue ?? .null, .text(content.owner),
            content.process.sqlValue, content.everyMonths.map { .integer(Int64($0)) } ?? .null,
            content.dataSource.sqlValue, content.planKPI?.description.sqlValue ?? .null,
            kpi.evidence?.description.sqlValue ?? .null, .text(code),
        ]
        if before == nil {
            try session.execute(
                """
                INSERT INTO monitored_kpis (title, unit, category, direction, target, owner, process, every_months,
                    data_source, plan_kpi, evidence_id, code, recorded_at, recorded_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, values + [.text(kpi.recordedAt.description), .text(kpi.recordedBy)])
        } else {
            try session.execute(
                """
                UPDATE monitored_kpis SET title = ?, unit = ?, category = ?, direction = ?, target = ?, owner = ?,
                    process = ?, every_months = ?, data_source = ?, plan_kpi = ?, evidence_id = ?
                WHERE code = ?
                """, values)
        }
        try session.insertRows(
            into: "kpi_measurements",
            columns: ["kpi_code", "number", "measured_on", "period", "value", "source", "note", "measured_by"],
            rows: kpi.measurements.dropFirst(before?.measurements.count ?? 0).map { measurement in
                [
                    .text(code), .integer(Int64(measurement.number)), .text(measurement.on.description),
                    measurement.period.sqlValue, .text(measurement.value.description), measurement.source.sqlValue,
                    measurement.note.sqlValue, .text(measurement.by),
                ]
            })
        let entity = RegisterEntity.kpi(content.code)
        try replaceRequirements(entity, content.requirements, before: before?.content.requirements)
        try appendEvent(
            action: action, entity: entity, before: try before.map(CanonicalJSON.encode),
            after: try CanonicalJSON.encode(kpi))
    }

    // MARK: Shared rows

    private func appendReviews(_ reviews: [RegisterReview], after count: Int, of entity: String) throws {
        try session.insertRows(
            into: "register_reviews",
            columns: ["entity", "seq", "reviewed_on", "reviewed_by", "note", "next_review_on"],
            rows: reviews.enumerated().dropFirst(count).map { offset, review in
                [
                    .text(entity), .integer(Int64(offset + 1)), .text(review.on.description), .text(review.by),
                    review.note.sqlValue, review.next?.description.sqlValue ?? .null,
                ]
            })
    }

    /// A list's rows written again when it changed: a list is the entry's current content, and
    /// its earlier values are in the audit trail.
    private func replaceList(_ entity: String, _ field: String, _ values: [String], before: [String]?) throws {
        guard values != before else { return }
        if before != nil {
            try session.execute("DELETE FROM register_lists WHERE entity = ? AND field = ?", entity, field)
        }
        try session.insertRows(
            into: "register_lists", columns: ["entity", "field", "position", "value"],
            rows: values.enumerated().map {
                [.text(entity), .text(field), .integer(Int64($0.offset)), .text($0.element)]
            })
    }

    private func replaceRequirements(_ entity: String, _ keys: [RequirementKey], before: [RequirementKey]?) throws {
        guard keys != before else { return }
        if before != nil { try session.execute("DELETE FROM register_requirements WHERE entity = ?", entity) }
        try session.insertRows(
            into: "register_requirements", columns: ["entity", "position", "standard_id", "number"],
            rows: keys.enumerated().map {
                [
                    .text(entity), .integer(Int64($0.offset)), .text($0.element.standard.rawValue),
                    .text($0.element.number),
                ]
            })
    }
}
