/// The opening or closing meeting of an audit (ISO 19011 6.4.3 and 6.4.9): when it was held, who
/// attended and what was said.
public struct AuditMeeting: Sendable, Hashable, Codable {
    public var on: CalendarDate
    /// The time it began, `HH:MM`, when recorded.
    public var at: String?
    public var attendees: [String]
    public var notes: String?

    /// Creates a meeting; ``Audit/reported(_:)`` checks it against its audit.
    public init(on: CalendarDate, at: String? = nil, attendees: [String], notes: String? = nil) {
        self.on = on
        self.at = at.trimmedOrNil
        self.attendees = attendees.trimmedUnique
        self.notes = notes.trimmedOrNil
    }

    /// Checks the meeting of `audit`, its fields named with `prefix` (`opening`, `closing`): held
    /// within the audit's days, at a time of day, with attendees.
    func validate(_ prefix: String, of audit: AuditDraft) throws(DomainError) {
        guard (audit.startsOn...audit.endsOn).contains(on) else {
            throw .ruleViolated(
                .meetingOutsideAudit, ["day": "\(on)", "start": "\(audit.startsOn)", "end": "\(audit.endsOn)"],
                fix: .give([Field(rawValue: "\(prefix)-date")]))
        }
        if let at, !AuditVisit.isTime(at) {
            throw .invalidValue(field: "\(prefix)-time", value: at, expected: .format("HH:MM"))
        }
        guard !attendees.isEmpty else {
            throw .ruleViolated(.meetingNeedsAttendees, fix: .give([Field(rawValue: "\(prefix)-attendees")]))
        }
        try TextCheck.list(attendees, field: "\(prefix)-attendees")
        try TextCheck.optional(notes, field: "\(prefix)-notes")
    }
}

/// What a certification audit's team recommends to the certification body's decision makers
/// (ISO/IEC 17021-1 9.4.8.3 and 9.5).
public enum CertificationRecommendation: String, Sendable, Hashable, Codable, CaseIterable {
    /// Grant (stage 2) or renew (recertification) the certification.
    case grant
    /// Continue the certification (surveillance).
    case `continue`
    /// Grant, renew or continue once the corrections and corrective actions of the major
    /// nonconformities are reviewed and verified (17021-1 9.4.9, 9.5.3).
    case afterCorrections = "after-corrections"
    /// Do not grant or renew.
    case doNotGrant = "do-not-grant"
    /// Suspend the certification (surveillance, 17021-1 9.6.5).
    case suspend

    /// Checks the recommendation against the audit's major nonconformities still open: certification
    /// is not granted or continued while one is open, only once its correction and corrective
    /// action are verified (ISO/IEC 17021-1 9.4.9, 9.5.3), which `after-corrections` says.
    public func check(openMajors: [NonconformityID]) throws(DomainError) {
        guard self == .grant || self == .continue, !openMajors.isEmpty else { return }
        throw .ruleViolated(
            .recommendationWithOpenMajors,
            ["recommendation": .term(self), "findings": "\(openMajors.map(\.description).joined(separator: ", "))"],
            fix: .give(["certification-recommendation"], example: CertificationRecommendation.afterCorrections.rawValue)
        )
    }

    /// The recommendations an audit of `kind` may end in: none for internal and stage 1 audits.
    public static func allowed(for kind: AuditKind) -> [CertificationRecommendation] {
        switch kind {
        case .internal, .stage1: return []
        case .stage2, .recertification: return [.grant, .afterCorrections, .doNotGrant]
        case .surveillance1, .surveillance2: return [.continue, .afterCorrections, .suspend]
        }
    }
}
