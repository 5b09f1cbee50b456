import Foundation
import QMSCore
import QMSFormats
import QMSStore

/// A management review with what needs attention: the shape of the register in lists and JSON.
public struct ManagementReviewEntry: Sendable, Encodable {
    public var review: ManagementReview
    /// The 9.3.2 inputs the review did not cover.
    public var missingInputs: [ReviewInput]
    /// Its actions past their due date and not done, on the day the register was read.
    public var alerts: [FindingAlert]

    init(_ review: ManagementReview, on day: CalendarDate) {
        self.review = review
        self.missingInputs = review.content.missingInputs
        self.alerts = review.alerts(on: day)
    }

    private enum Keys: String, CodingKey { case missingInputs, alerts }

    public func encode(to encoder: any Encoder) throws {
        // Flat: the review's own fields, then what needs attention.
        try review.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(missingInputs, forKey: .missingInputs)
        try container.encode(alerts, forKey: .alerts)
    }
}

/// Management reviews (ISO 9001 9.3): inputs covered, decisions, and actions tracked to completion.
public struct ManagementReviewService: Sendable {
    let qms: QMS

    /// Records a review held, numbered `MR-YYYY-NN` in the year it was held, with its actions.
    @discardableResult
    public func add(_ draft: ManagementReviewDraft, actions: [ActionDraft] = []) async throws -> ManagementReview {
        try draft.validate()
        for action in actions { try action.validate(notBefore: draft.heldOn) }
        let actor = qms.actor
        return try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            try FindingsChecks.evidenceExists(draft.minutes, writer.reader)
            let year = draft.heldOn.year
            let id = ManagementReviewID(year: year, number: try writer.nextSequenceValue("MR", year: year))
            let review = try ManagementReview.held(
                id: id, content: draft, actions: actions, by: actor, at: writer.instant)
            try writer.insertManagementReview(review)
            try RegisterEvidence.syncFinding(
                review.evidenceSpec, id: id.description, reason: "no longer a management review", writer: writer)
            return review
        }
    }

    /// Marks one of a review's actions done today, by the actor.
    @discardableResult
    public func complete(_ action: ReviewActionID, note: String? = nil) async throws -> ManagementReview {
        let actor = qms.actor
        return try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            guard let before = try writer.reader.managementReview(action.parent) else {
                throw DomainError.notFound(
                    kind: .managementReview, id: action.parent.description,
                    hint: .lookUp(.review))
            }
            let after = try before.completing(action, note: note, by: actor, on: writer.instant.date)
            try writer.updateManagementReview(after, before: before, action: "review.complete")
            return after
        }
    }

    /// The reviews, with the inputs each missed and its overdue actions.
    public func list() async throws -> [ManagementReviewEntry] {
        let today = qms.today
        return try await qms.store.reading { try $0.managementReviews() }.map { ManagementReviewEntry($0, on: today) }
    }

    /// Writes the reviews to a CSV file; returns the number of rows.
    @discardableResult
    public func exportCSV(to url: URL) async throws -> Int {
        let reviews = try await qms.store.reading { try $0.managementReviews() }
        return try FindingsChecks.write(FindingsCSV.managementReviews(reviews, asOf: qms.today), to: url)
    }
}
