import Foundation
import QMSCore
import QMSFormats
import QMSStore

/// The register of observer-mission recommendations (such as those of an EU Election Observation
/// Mission's final report) and their follow-up.
public struct RecommendationService: Sendable {
    let qms: QMS

    /// Records a recommendation, numbered `REC-YYYY-NNN` in the year of the mission's report.
    @discardableResult
    public func add(_ draft: RecommendationDraft) async throws -> ObserverRecommendation {
        try draft.validate()
        let actor = qms.actor
        return try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            let id = RecommendationID(
                year: draft.year, number: try writer.nextSequenceValue("REC", year: draft.year))
            let recommendation = ObserverRecommendation(
                id: id, content: draft, recordedAt: writer.instant, recordedBy: actor)
            try writer.insertRecommendation(recommendation)
            return recommendation
        }
    }

    /// Links a recommendation to the actions, nonconformities, work-plan activities and evidence
    /// that answer it. Actions, nonconformities and evidence must exist; activity codes are kept
    /// as given until the work plan is in the database.
    @discardableResult
    public func link(_ id: RecommendationID, to links: [RecommendationLink]) async throws -> ObserverRecommendation {
        guard !links.isEmpty else {
            throw DomainError.ruleViolated(.nothingToLink, fix: .give(["action", "nc", "activity", "evidence"]))
        }
        return try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            let reader = writer.reader
            let before = try RecommendationService.recommendation(id, reader)
            for link in links { try RecommendationService.checkTarget(link, reader) }
            let after = before.linking(links)
            try writer.updateRecommendation(after, before: before, action: "recommendation.link")
            return after
        }
    }

    /// Sets where the follow-up stands; see ``ObserverRecommendation/updating(status:note:)``.
    @discardableResult
    public func update(_ id: RecommendationID, status: RecommendationStatus, note: String? = nil) async throws
        -> ObserverRecommendation
    {
        try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            let before = try RecommendationService.recommendation(id, writer.reader)
            let after = try before.updating(status: status, note: note)
            try writer.updateRecommendation(after, before: before, action: "recommendation.update")
            return after
        }
    }

    /// The register, or the recommendations of one status.
    public func list(status: RecommendationStatus? = nil) async throws -> [ObserverRecommendation] {
        try await qms.store.reading { try $0.recommendations(status: status) }
    }

    /// Writes the register to a CSV file; returns the number of rows.
    @discardableResult
    public func exportCSV(status: RecommendationStatus? = nil, to url: URL) async throws -> Int {
        try FindingsChecks.write(FindingsCSV.recommendations(try await list(status: status)), to: url)
    }

    private static func recommendation(_ id: RecommendationID, _ reader: StoreReader) throws
        -> ObserverRecommendation
    {
        guard let recommendation = try reader.recommendation(id) else {
            throw DomainError.notFound(
                kind: .recommendation, id: id.description, hint: .lookUp(.recommendation))
        }
        return recommendation
    }

    private static func checkTarget(_ link: RecommendationLink, _ reader: StoreReader) throws {
        switch link.kind {
        case .nonconformity:
            _ = try FindingsChecks.nonconformity(try NonconformityID(parsing: link.target), reader)
        case .evidence:
            try FindingsChecks.evidenceExists([try EvidenceID(parsing: link.target)], reader)
        case .action:
            let exists: Bool
            if let action = try? CorrectiveActionID(parsing: link.target) {
                exists =
                    try reader.nonconformity(action.parent)?.correctiveAction.actions.contains { $0.id == action }
                    ?? false
            } else {
                let action = try ReviewActionID(parsing: link.target)
                exists = try reader.managementReview(action.parent)?.actions.contains { $0.id == action } ?? false
            }
            guard exists else {
                throw DomainError.notFound(
                    kind: .action, id: link.target, hint: .lookUp(.action))
            }
        case .activity:
            break
        }
    }
}
