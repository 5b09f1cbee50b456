import Foundation
import QMSCore
import QMSFormats
import QMSStore

/// Risks and opportunities (ISO 9001 6.1) and the context they come from (4.1): the risk
/// register with likelihood × impact before and after treatment, treatment actions tracked to
/// completion, reviews; and the internal and external issues, with the climate-change
/// determination of Amendment 1:2024.
public struct RiskService: Sendable {
    let qms: QMS

    // MARK: Risks

    /// Identifies and assesses a risk or opportunity, numbered `RSK-YYYY-NNN` in the year identified.
    @discardableResult
    public func add(_ draft: RiskDraft) async throws -> Risk {
        try draft.validate()
        let actor = qms.actor
        return try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            try RegisterChecks.requirementsExist(draft.requirements, writer.reader)
            let year = draft.identifiedOn.year
            let id = RiskID(year: year, number: try writer.nextSequenceValue("RSK", year: year))
            var risk = Risk.identified(id: id, content: draft, by: actor, at: writer.instant)
            risk.evidence = try RegisterEvidence.sync(risk.evidenceSpec, current: nil, reason: "", writer: writer)
            try writer.saveRisk(risk, before: nil, action: "risk.add")
            return risk
        }
    }

    /// Plans treatment actions, each with its owner and due date (and records the treatment chosen).
    @discardableResult
    public func treat(_ id: RiskID, actions: [ActionDraft], treatment: RiskTreatment? = nil) async throws -> Risk {
        try await update(id, action: "risk.treat") { risk, day, _ in
            try risk.planning(actions, treatment: treatment, on: day)
        }
    }

    /// Marks a treatment action done; with `rating`, the residual score is recomputed at once.
    @discardableResult
    public func complete(_ actionID: RiskActionID, note: String?, rating: RiskRating? = nil) async throws -> Risk {
        try await update(actionID.parent, action: "risk.complete") { risk, day, actor in
            try risk.completing(actionID, note: note, rating: rating, by: actor, on: day)
        }
    }

    /// Assesses the risk again: after treatment (the residual score), or before it while no action is done.
    @discardableResult
    public func assess(_ id: RiskID, rating: RiskRating, stage: RiskStage = .residual, note: String? = nil)
        async throws -> Risk
    {
        try await update(id, action: "risk.assess") { risk, day, actor in
            try risk.assessing(rating, stage: stage, note: note, by: actor, on: day)
        }
    }

    /// Records a review of the risk and sets the next one.
    @discardableResult
    public func review(_ id: RiskID, next: CalendarDate, note: String?) async throws -> Risk {
        try await update(id, action: "risk.review") { risk, day, actor in
            try risk.reviewing(next: next, note: note, by: actor, on: day)
        }
    }

    /// Closes the risk, with the reason; its treatment actions must be done.
    @discardableResult
    public func close(_ id: RiskID, note: String) async throws -> Risk {
        try await update(id, action: "risk.close") { risk, day, actor in
            try risk.closing(note: note, by: actor, on: day)
        }
    }

    /// One risk with its history and what needs attention today.
    public func show(_ id: RiskID) async throws -> RegisterEntry<Risk> {
        guard let risk = try await qms.store.reading({ try $0.risks(id: id) }).first else {
            throw RegisterChecks.notFound(.risk, id, record: .risk)
        }
        return RegisterEntry(risk, alerts: risk.alerts(on: qms.today), status: risk.status.rawValue)
    }

    /// The risk register, highest current score first; with `openOnly`, closed ones left out.
    public func list(openOnly: Bool = false, needingAttention: Bool = false) async throws -> [RegisterEntry<Risk>] {
        let today = qms.today
        return try await qms.store.reading { try $0.risks(openOnly: openOnly) }
            .sorted { ($1.current.score, $0.id) < ($0.current.score, $1.id) }
            .map { RegisterEntry($0, alerts: $0.alerts(on: today), status: $0.status.rawValue) }
            .filter { !needingAttention || !$0.alerts.isEmpty }
    }

    /// Writes the risk register to a CSV file; returns the number of rows.
    @discardableResult
    public func exportCSV(to url: URL) async throws -> Int {
        let risks = try await qms.store.reading { try $0.risks() }
        return try RegisterChecks.write(RegistersCSV.risks(risks, asOf: qms.today), to: url)
    }

    private func update(
        _ id: RiskID, action: String, _ change: @escaping @Sendable (Risk, CalendarDate, String) throws -> Risk
    ) async throws -> Risk {
        let actor = qms.actor
        return try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            guard let before = try writer.reader.risks(id: id).first else {
                throw RegisterChecks.notFound(.risk, id, record: .risk)
            }
            var after = try change(before, writer.instant.date, actor)
            after.evidence = try RegisterEvidence.sync(
                after.evidenceSpec, current: before.evidence, reason: "", writer: writer)
            try writer.saveRisk(after, before: before, action: action)
            return after
        }
    }

    // MARK: Context issues

    /// Records an internal or external issue (or the climate-change determination), numbered `CTX-YYYY-NN`.
    @discardableResult
    public func addContext(_ draft: ContextIssueDraft) async throws -> ContextIssue {
        try draft.validate()
        let actor = qms.actor
        return try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            try RegisterChecks.requirementsExist(draft.requirements, writer.reader)
            let year = draft.identifiedOn.year
            let id = ContextIssueID(year: year, number: try writer.nextSequenceValue("CTX", year: year))
            var issue = ContextIssue(id: id, content: draft, recordedAt: writer.instant, recordedBy: actor)
            issue.evidence = try RegisterEvidence.sync(issue.evidenceSpec, current: nil, reason: "", writer: writer)
            try writer.saveContextIssue(issue, before: nil, action: "context.add")
            return issue
        }
    }

    /// Records a review of a context issue and sets the next one.
    @discardableResult
    public func reviewContext(_ id: ContextIssueID, next: CalendarDate?, note: String?) async throws -> ContextIssue {
        let actor = qms.actor
        return try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            guard let before = try writer.reader.contextIssues(id: id).first else {
                throw RegisterChecks.notFound(.contextIssue, id, record: .context)
            }
            var after = try before.reviewing(next: next, note: note, by: actor, on: writer.instant.date)
            after.evidence = try RegisterEvidence.sync(
                after.evidenceSpec, current: before.evidence, reason: "", writer: writer)
            try writer.saveContextIssue(after, before: before, action: "context.review")
            return after
        }
    }

    /// The context issues, with what needs attention today.
    public func contextIssues() async throws -> [RegisterEntry<ContextIssue>] {
        let today = qms.today
        return try await qms.store.reading { try $0.contextIssues() }.map {
            RegisterEntry($0, alerts: $0.alerts(on: today), status: $0.content.climate?.rawValue)
        }
    }

    /// Writes the context issues to a CSV file; returns the number of rows.
    @discardableResult
    public func exportContextCSV(to url: URL) async throws -> Int {
        let issues = try await qms.store.reading { try $0.contextIssues() }
        return try RegisterChecks.write(RegistersCSV.contextIssues(issues), to: url)
    }
}

extension QMS {
    /// Risks and opportunities, and the context issues (ISO 9001 4.1, 6.1).
    public var risks: RiskService { RiskService(qms: self) }
}
