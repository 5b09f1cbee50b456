import Foundation
import QMSCore
import QMSFormats
import QMSStore

/// Competence and training (ISO 9001 7.2): roles and the competence they require, training
/// events with participants disaggregated by sex and disability, their effectiveness evaluation,
/// and each person's record. A training with its effectiveness evaluated is evidence for 7.2.
public struct TrainingService: Sendable {
    let qms: QMS

    // MARK: Roles

    /// Records a role with the competence it requires.
    @discardableResult
    public func addRole(_ draft: RoleDraft) async throws -> CompetenceRole {
        try draft.validate()
        let actor = qms.actor
        return try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            guard try writer.reader.competenceRoles(code: draft.code).isEmpty else {
                throw DomainError.alreadyExists(kind: .role, id: draft.code.description, hint: .advice(.anotherCode))
            }
            try RegisterChecks.requirementsExist(draft.requirements, writer.reader)
            let role = CompetenceRole(content: draft, recordedAt: writer.instant, recordedBy: actor)
            try writer.saveRole(role, before: nil, action: "role.add")
            return role
        }
    }

    /// Puts people in a role.
    @discardableResult
    public func assign(_ code: RegisterCode, people: [String]) async throws -> CompetenceRole {
        try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            guard let before = try writer.reader.competenceRoles(code: code).first else {
                throw RegisterChecks.notFound(.role, code, record: .role)
            }
            let after = try before.assigning(people)
            try writer.saveRole(after, before: before, action: "role.assign")
            return after
        }
    }

    /// The roles, in code order.
    public func roles() async throws -> [CompetenceRole] {
        try await qms.store.reading { try $0.competenceRoles() }
    }

    // MARK: Training events

    /// Records a training event, numbered `TRN-YYYY-NN` in the year it starts. The roles it names must exist.
    @discardableResult
    public func add(_ draft: TrainingDraft) async throws -> TrainingEvent {
        try draft.validate()
        let actor = qms.actor
        return try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            let reader = writer.reader
            try RegisterChecks.requirementsExist(draft.requirements, reader)
            for role in draft.roles where try reader.competenceRoles(code: role).isEmpty {
                throw RegisterChecks.notFound(.role, role, record: .role)
            }
            let year = draft.startsOn.year
            let id = TrainingID(year: year, number: try writer.nextSequenceValue("TRN", year: year))
            let event = TrainingEvent(id: id, content: draft, recordedAt: writer.instant, recordedBy: actor)
            try writer.saveTraining(event, before: nil, action: "training.add")
            return event
        }
    }

    /// Records the evaluation of a training's effectiveness; an effective (or partly effective)
    /// training becomes evidence for 7.2.
    @discardableResult
    public func evaluate(
        _ id: TrainingID, method: String, result: EffectivenessRating, note: String?, on day: CalendarDate? = nil
    ) async throws -> TrainingEvent {
        let actor = qms.actor
        return try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            guard let before = try writer.reader.trainingEvents(id: id).first else {
                throw RegisterChecks.notFound(.trainingEvent, id, record: .training)
            }
            let evaluation = TrainingEvaluation(
                on: day ?? writer.instant.date, by: actor, method: method, result: result, note: note)
            var after = try before.evaluating(evaluation)
            after.evidence = try RegisterEvidence.sync(
                after.evidenceSpec, current: before.evidence, reason: "", writer: writer)
            try writer.saveTraining(after, before: before, action: "training.evaluate")
            return after
        }
    }

    /// One training event with what needs attention today.
    public func show(_ id: TrainingID) async throws -> RegisterEntry<TrainingEvent> {
        guard let event = try await qms.store.reading({ try $0.trainingEvents(id: id) }).first else {
            throw RegisterChecks.notFound(.trainingEvent, id, record: .training)
        }
        return RegisterEntry(event, alerts: event.alerts(on: qms.today), status: event.evaluation?.result.rawValue)
    }

    /// The training events, in identifier order.
    public func list() async throws -> [RegisterEntry<TrainingEvent>] {
        let today = qms.today
        return try await qms.store.reading { try $0.trainingEvents() }.map {
            RegisterEntry($0, alerts: $0.alerts(on: today), status: $0.evaluation?.result.rawValue)
        }
    }

    /// The participants of all training events, added up.
    public func totals() async throws -> Attendance? {
        let events = try await qms.store.reading { try $0.trainingEvents() }
        guard !events.isEmpty else { return nil }
        return events.map(\.content.attendance).reduce(Attendance(total: 0, women: 0, men: 0)) {
            Attendance(
                total: $0.total + $1.total, women: $0.women + $1.women, men: $0.men + $1.men,
                withDisabilities: $0.withDisabilities + $1.withDisabilities)
        }
    }

    /// One person's record: roles, training, competences not yet covered.
    public func person(_ name: String) async throws -> PersonRecord {
        let (roles, events) = try await qms.store.reading { reader in
            (try reader.competenceRoles(), try reader.trainingEvents())
        }
        let record = PersonRecord(name: name, roles: roles, trainings: events)
        guard record.isKnown else {
            throw DomainError.notFound(
                kind: .person, id: name,
                hint: .run(.assignRole))
        }
        return record
    }

    /// Writes the training events to a CSV file; returns the number of rows.
    @discardableResult
    public func exportCSV(to url: URL) async throws -> Int {
        let events = try await qms.store.reading { try $0.trainingEvents() }
        return try RegisterChecks.write(RegistersCSV.trainings(events), to: url)
    }

    /// Writes the roles to a CSV file; returns the number of rows.
    @discardableResult
    public func exportRolesCSV(to url: URL) async throws -> Int {
        try RegisterChecks.write(RegistersCSV.roles(try await roles()), to: url)
    }
}

extension QMS {
    /// Roles, competence and training (ISO 9001 7.2).
    public var training: TrainingService { TrainingService(qms: self) }
}
