import Foundation
import QMSCore
import QMSFormats
import QMSStore

/// A nonconformity with what needs attention on the day it was read: the shape of the register
/// in lists and JSON (the nonconformity's own fields, then `state`, `alerts` and `deadline`).
public struct NonconformityEntry: Sendable, Encodable {
    public var nonconformity: Nonconformity
    /// Overdue actions and the six-month limit, on the day the register was read.
    public var alerts: [FindingAlert]
    /// The six-month limit for verifying the fix, when it applies.
    public var deadline: VerificationDeadline?

    /// The entry of a nonconformity as it stands on `day`.
    public init(_ nonconformity: Nonconformity, on day: CalendarDate) {
        self.nonconformity = nonconformity
        self.alerts = nonconformity.alerts(on: day)
        self.deadline = nonconformity.deadline(on: day)
    }

    private enum Keys: String, CodingKey {
        case state, open, allowedNextStates, alerts, deadline
    }

    public func encode(to encoder: any Encoder) throws {
        // Flat: scripts read `state` and `alerts` beside the nonconformity's own fields.
        try nonconformity.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(nonconformity.state, forKey: .state)
        try container.encode(nonconformity.isOpen, forKey: .open)
        try container.encode(nonconformity.allowedNextStates, forKey: .allowedNextStates)
        try container.encode(alerts, forKey: .alerts)
        try container.encodeIfPresent(deadline, forKey: .deadline)
    }
}

/// The nonconformity register and the corrective-action workflow (ISO 9001 10.2).
public struct NonconformityService: Sendable {
    let qms: QMS

    /// Raises a nonconformity, numbered `NC-YYYY-NNN` in the year it was raised. An audit or a
    /// recommendation it comes from must exist; a recommendation is linked back to it.
    @discardableResult
    public func open(_ draft: NonconformityDraft) async throws -> Nonconformity {
        let actor = qms.actor
        let nonconformity = try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            try Self.raise(draft, by: actor, writer: writer)
        }
        qms.logger.info("nonconformity raised", metadata: ["id": "\(nonconformity.id)", "actor": "\(actor)"])
        return nonconformity
    }

    /// Raises a nonconformity inside a transaction: the one way a finding enters the register and
    /// the corrective-action workflow, whether raised on its own or from an audit's checklist.
    static func raise(_ draft: NonconformityDraft, by actor: String, writer: StoreWriter) throws -> Nonconformity {
        try draft.validate()
        let reader = writer.reader
        try FindingsChecks.requirementsExist(draft.requirements, reader)
        try FindingsChecks.evidenceExists(draft.evidence, reader)
        if let auditID = draft.audit {
            guard let audit = try reader.audit(auditID) else {
                throw DomainError.notFound(
                    kind: .audit, id: auditID.description, hint: .lookUp(.audit))
            }
            guard audit.content.kind.findingSource == draft.source else {
                throw DomainError.ruleViolated(
                    .auditFindingSourceOf,
                    [
                        "id": "\(auditID)", "kind": .term(audit.content.kind),
                        "source": .term(audit.content.kind.findingSource),
                    ], fix: .advice(.sourceFromAudit))
            }
        }
        var recommendation: ObserverRecommendation?
        if let recommendationID = draft.recommendation {
            recommendation = try reader.recommendation(recommendationID)
            guard recommendation != nil else {
                throw DomainError.notFound(
                    kind: .recommendation, id: recommendationID.description,
                    hint: .lookUp(.recommendation))
            }
        }
        let year = draft.raisedOn.year
        let id = NonconformityID(year: year, number: try writer.nextSequenceValue("NC", year: year))
        let nonconformity = Nonconformity.raised(id: id, content: draft, by: actor, at: writer.instant)
        try writer.insertNonconformity(nonconformity)
        if let recommendation {
            let link = try RecommendationLink(kind: .nonconformity, target: id.description)
            try writer.updateRecommendation(
                recommendation.linking([link]), before: recommendation, action: "recommendation.link")
        }
        return nonconformity
    }

    /// Takes a nonconformity's corrective action to `state`, with the fields that step needs.
    /// An illegal step is a ``CorrectiveActionError`` naming the steps allowed; verifying with
    /// the result `ineffective` sends it back to `analysed`.
    @discardableResult
    public func advance(_ id: NonconformityID, to state: CorrectiveActionState, with step: CorrectiveActionStep)
        async throws -> Nonconformity
    {
        let actor = qms.actor
        let result = try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            let before = try FindingsChecks.nonconformity(id, writer.reader)
            var after = before
            try after.advance(to: state, with: step, by: actor, at: writer.instant)
            try FindingsChecks.evidenceExists(step.evidence, writer.reader)
            try writer.updateNonconformity(after, before: before, action: "nc.advance")
            try RegisterEvidence.syncFinding(
                after.evidenceSpec, id: id.description, reason: "the corrective action is no longer closed",
                writer: writer)
            return after
        }
        qms.logger.info(
            "corrective action advanced", metadata: ["id": "\(id)", "state": "\(result.state)", "actor": "\(actor)"])
        return result
    }

    /// Reopens a verified or closed nonconformity whose fix proved ineffective: a new round at root cause.
    @discardableResult
    public func reopen(_ id: NonconformityID, reason: String) async throws -> Nonconformity {
        let actor = qms.actor
        return try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            let before = try FindingsChecks.nonconformity(id, writer.reader)
            var after = before
            try after.reopen(reason: reason, by: actor, at: writer.instant)
            try writer.updateNonconformity(after, before: before, action: "nc.reopen")
            try RegisterEvidence.syncFinding(
                after.evidenceSpec, id: id.description, reason: "reopened: \(reason)", writer: writer)
            return after
        }
    }

    /// One nonconformity with its whole history and what needs attention today.
    public func show(_ id: NonconformityID) async throws -> NonconformityEntry {
        let nonconformity = try await qms.store.reading { try FindingsChecks.nonconformity(id, $0) }
        return NonconformityEntry(nonconformity, on: qms.today)
    }

    /// The register; with `needingAttention`, only those with an overdue action or a six-month limit
    /// approaching or passed.
    public func list(_ filter: NonconformityFilter = NonconformityFilter(), needingAttention: Bool = false)
        async throws -> [NonconformityEntry]
    {
        let today = qms.today
        let entries = try await qms.store.reading { try $0.nonconformities(matching: filter) }.map {
            NonconformityEntry($0, on: today)
        }
        return needingAttention ? entries.filter { !$0.alerts.isEmpty } : entries
    }

    /// Writes the register (as filtered) to a CSV file; returns the number of rows.
    @discardableResult
    public func exportCSV(_ filter: NonconformityFilter = NonconformityFilter(), to url: URL) async throws -> Int {
        let list = try await qms.store.reading { try $0.nonconformities(matching: filter) }
        return try FindingsChecks.write(FindingsCSV.nonconformities(list, asOf: qms.today), to: url)
    }
}

/// Checks shared by the findings registers, run inside their transactions.
enum FindingsChecks {
    static func nonconformity(_ id: NonconformityID, _ reader: StoreReader) throws -> Nonconformity {
        guard let nonconformity = try reader.nonconformity(id) else {
            throw DomainError.notFound(kind: .nonconformity, id: id.description, hint: .lookUp(.nonconformity))
        }
        return nonconformity
    }

    static func requirementsExist(_ keys: [RequirementKey], _ reader: StoreReader) throws {
        for key in keys where try !reader.requirementExists(key) {
            throw DomainError.notFound(
                kind: .requirement, id: key.description,
                hint: .lookUp(.standard, scope: key.standard.rawValue))
        }
    }

    static func evidenceExists(_ ids: [EvidenceID], _ reader: StoreReader) throws {
        for id in ids where try reader.evidenceRevisions(id).isEmpty {
            throw DomainError.notFound(
                kind: .evidenceRecord, id: id.description, hint: .lookUp(.evidence))
        }
    }

    /// Writes a CSV document; returns its number of rows.
    static func write(_ csv: CSVWriter, to url: URL) throws -> Int {
        do {
            try Data(csv.text.utf8).write(to: url, options: .atomic)
        } catch {
            throw ServiceError.cannotWriteFile(path: url.path)
        }
        return csv.rowCount
    }
}
