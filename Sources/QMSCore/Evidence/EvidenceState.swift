/// How a record stands on a day, in the compliance matrix's terms: what the evidence pages show,
/// rather than the stored status alone, which stays `current` after the record's end date.
public enum EvidenceState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Counts in full.
    case current
    /// Counts in full, and its end date falls within the alert window.
    case expiring
    /// Past its end date: counts only in part.
    case expired
    /// Its review date has passed: counts only in part.
    case reviewOverdue = "review-overdue"
    /// Not approved yet: counts only in part.
    case draft
    /// Current, but not in effect before its effective date: does not count yet.
    case pending
    /// Does not count.
    case withdrawn
    /// Replaced by a later revision.
    case superseded

    /// The days before an end date when a record shows as expiring, as the dashboard's alerts do.
    public static let expiringWindow = 30
}

extension EvidenceValidity {
    /// The record's state on `date`, from the same rules as ``standing(on:)`` and the alerts.
    public func state(on date: CalendarDate, window: Int = EvidenceState.expiringWindow) -> EvidenceState {
        switch status {
        case .superseded: return .superseded
        case .withdrawn: return .withdrawn
        case .draft: return .draft
        case .current: break
        }
        guard effectiveFrom <= date else { return .pending }
        if let validUntil, validUntil < date { return .expired }
        if let reviewDue, reviewDue < date { return .reviewOverdue }
        if let validUntil, date.days(until: validUntil) <= window { return .expiring }
        return .current
    }
}
