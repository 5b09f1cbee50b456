import QMSCore

/// Records as they stood at the end of a day: what the database knew by then, and each
/// workflow's steps up to then. Records created later give nil.
public enum DossierAsOf {
    /// A nonconformity with its corrective action rolled back to the end of `day`.
    public static func nonconformity(_ nonconformity: Nonconformity, on day: CalendarDate) -> Nonconformity? {
        guard nonconformity.recordedAt.date <= day else { return nil }
        let action = nonconformity.correctiveAction
        let history = action.history.filter { $0.at.date <= day }
        guard let last = history.last else { return nil }
        // Planned actions are appended by the steps that plan them, in order.
        let plannedCount = history.reduce(0) { $0 + $1.fields.actions.count }
        let actions = action.actions.prefix(plannedCount).map { planned -> PlannedAction in
            var copy = planned
            if let implemented = copy.implementedOn, implemented > day { copy.implementedOn = nil }
            return copy
        }
        var result = nonconformity
        result.correctiveAction = CorrectiveAction(
            state: last.to, round: last.round,
            containment: action.containment.flatMap { $0.on <= day ? $0 : nil },
            analyses: action.analyses.filter { $0.on <= day }, actions: Array(actions),
            implementations: action.implementations.filter { $0.on <= day },
            verifications: action.verifications.filter { $0.on <= day },
            closures: action.closures.filter { $0.on <= day }, history: history)
        return result
    }

    /// An audit as of the end of `day`: its report only if reported by then.
    public static func audit(_ audit: Audit, on day: CalendarDate) -> Audit? {
        guard audit.recordedAt.date <= day else { return nil }
        var result = audit
        if let report = audit.report, report.reportedOn > day {
            result.report = nil
            result.status = audit.content.endsOn <= day ? .conducted : .planned
        } else if audit.status == .conducted, audit.content.endsOn > day {
            result.status = .planned
        }
        return result
    }

    /// A management review as of the end of `day`: its actions done by then.
    public static func review(_ review: ManagementReview, on day: CalendarDate) -> ManagementReview? {
        guard review.recordedAt.date <= day, review.content.heldOn <= day else { return nil }
        var result = review
        result.actions = review.actions.map { action in
            guard let done = action.doneOn, done > day else { return action }
            var copy = action
            copy.doneOn = nil
            copy.doneBy = nil
            copy.doneNote = nil
            return copy
        }
        return result
    }

    /// A recommendation as of the end of `day` (its status is today's: the store keeps no history of it).
    public static func recommendation(_ recommendation: ObserverRecommendation, on day: CalendarDate)
        -> ObserverRecommendation?
    {
        recommendation.recordedAt.date <= day ? recommendation : nil
    }

    /// The status an evidence revision had at the end of `day`, given its stored status, whether
    /// a later revision was recorded by then, and when it was withdrawn (if it was).
    public static func evidenceStatus(
        _ record: EvidenceRecord, supersededBy laterRevisionByDay: Bool, withdrawnAt: Instant?, on day: CalendarDate
    ) -> EvidenceStatus {
        if laterRevisionByDay { return .superseded }
        switch record.status {
        case .withdrawn:
            if let withdrawnAt, withdrawnAt.date > day { return record.content.status }
            return .withdrawn
        case .superseded:
            // Superseded after the day: it was in force then, as its content says.
            return record.content.status
        case .draft, .current:
            return record.status
        }
    }
}
