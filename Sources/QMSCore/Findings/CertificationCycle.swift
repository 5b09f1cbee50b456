/// Which condition of ISO/IEC 17021-1 sets the latest day of the next certification audit.
public enum CertificationDueRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// The first surveillance audit: no more than twelve months after the certification decision
    /// (9.6.2.2).
    case twelveMonths = "twelve-months"
    /// At least one audit each calendar year outside recertification years (9.6.2.2): the year after
    /// the last audit held must have one.
    case calendarYear = "calendar-year"
    /// The second surveillance audit no later than twenty-four months after the decision, the
    /// bodies' usual practice in a three-year cycle.
    case twentyFourMonths = "twenty-four-months"
    /// Recertification before the certificate runs out (9.6.3).
    case expiry
}

/// The next audit of the certification cycle and the day it is due.
public struct NextCertificationAudit: Sendable, Hashable, Codable {
    public var kind: AuditKind
    /// The latest day it may take place, when the cycle sets one.
    public var dueBy: CalendarDate?
    /// The condition that sets ``dueBy``: the earliest of those that apply.
    public var rule: CertificationDueRule?
    /// The audit already planned for it, when there is one.
    public var planned: AuditID?
    /// The certificate in force, when there is one.
    public var certificate: Certificate?
    /// Open major nonconformities from certification audits whose correction is not yet verified:
    /// the cycle cannot take its next step until each is.
    public var blockedBy: [NonconformityID]

    /// Creates the next audit.
    public init(
        kind: AuditKind, dueBy: CalendarDate? = nil, rule: CertificationDueRule? = nil, planned: AuditID? = nil,
        certificate: Certificate? = nil, blockedBy: [NonconformityID] = []
    ) {
        self.kind = kind
        self.dueBy = dueBy
        self.rule = rule
        self.planned = planned
        self.certificate = certificate
        self.blockedBy = blockedBy
    }

    /// Whether an unverified major nonconformity holds the cycle back.
    public var isBlocked: Bool { !blockedBy.isEmpty }

    /// Days from `day` to ``dueBy``; negative once it has passed.
    public func daysLeft(on day: CalendarDate) -> Int? { dueBy.map { day.days(until: $0) } }
}

/// The ISO/IEC 17021-1 certification cycle: stage 1 and stage 2, then surveillance audits at least
/// once a calendar year, the first within twelve months of the certification decision, then
/// recertification before the three-year certificate runs out.
public enum CertificationCycle {
    /// The next certification audit given every audit recorded so far, held back by the open
    /// major nonconformities of certification audits among `nonconformities`.
    ///
    /// The certificate's issue day stands for the certification decision. Each surveillance is due
    /// by the earliest of the conditions that apply to it, so that a surveillance held early in the
    /// year of the decision still leaves the next calendar year with its audit.
    public static func next(after audits: [Audit], nonconformities: [Nonconformity] = []) -> NextCertificationAudit {
        let certification = audits.filter { $0.content.kind.isCertification }
        let certified = certification.compactMap { audit -> (Audit, Certificate)? in
            audit.report?.certificate.map { (audit, $0) }
        }.max { $0.1.issuedOn < $1.1.issuedOn }

        let kind: AuditKind
        var due: (CalendarDate, CertificationDueRule)?
        if case (let audit, let certificate)? = certified {
            let since = certification.filter { $0.content.startsOn > audit.content.endsOn && $0.status != .planned }
            // The calendar-year condition: the year after the last surveillance held.
            func yearAfter(_ kind: AuditKind) -> (CalendarDate, CertificationDueRule)? {
                guard let held = since.filter({ $0.content.kind == kind }).map(\.content.startsOn).max(),
                    let end = try? CalendarDate(year: held.year + 1, month: 12, day: 31)
                else { return nil }
                return (end, .calendarYear)
            }
            let kinds = Set(since.map(\.content.kind))
            if !kinds.contains(.surveillance1) {
                kind = .surveillance1
                due = (certificate.issuedOn.adding(months: 12), .twelveMonths)
            } else if !kinds.contains(.surveillance2) {
                kind = .surveillance2
                due = earliest((certificate.issuedOn.adding(months: 24), .twentyFourMonths), yearAfter(.surveillance1))
            } else {
                kind = .recertification
                due = earliest((certificate.validUntil, .expiry), yearAfter(.surveillance2))
            }
        } else {
            let done = Set(certification.filter { $0.status != .planned }.map(\.content.kind))
            kind = done.contains(.stage1) ? .stage2 : .stage1
        }
        let planned = certification.filter { $0.status == .planned && $0.content.kind == kind }
            .min { $0.content.startsOn < $1.content.startsOn }
        let blockedBy = nonconformities.filter {
            $0.content.source == .certificationAudit && $0.content.grade == .major && $0.isOpen
                && $0.correctiveAction.effectiveVerification == nil
        }.map(\.id).sorted()
        return NextCertificationAudit(
            kind: kind, dueBy: due?.0, rule: due?.1, planned: planned?.id, certificate: certified?.1,
            blockedBy: blockedBy)
    }

    /// The earlier of two conditions; on a tie, the first, which names the rule the reader knows.
    private static func earliest(
        _ first: (CalendarDate, CertificationDueRule), _ second: (CalendarDate, CertificationDueRule)?
    ) -> (CalendarDate, CertificationDueRule) {
        guard let second, second.0 < first.0 else { return first }
        return second
    }
}
