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
    /// The last day to move the certificate to a new edition of its standard, as the organisation
    /// recorded it (from its certification body or the accreditation body's announcement).
    case transitionDeadline = "transition-deadline"
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

/// A step of the certification cycle as the schedule lists it.
public enum CertificationStep: String, Sendable, Hashable, Codable, CaseIterable {
    case stage1 = "stage-1"
    case stage2 = "stage-2"
    case surveillance1 = "surveillance-1"
    case surveillance2 = "surveillance-2"
    case recertification
    /// The move of the certificate to a new edition of its standard, usually audited with a
    /// surveillance or the recertification.
    case transition

    /// The audit kind that carries the step out; the transition has none of its own.
    public var auditKind: AuditKind? {
        switch self {
        case .stage1: .stage1
        case .stage2: .stage2
        case .surveillance1: .surveillance1
        case .surveillance2: .surveillance2
        case .recertification: .recertification
        case .transition: nil
        }
    }
}

/// A new edition the certificate must move to, and by when.
public struct EditionTransition: Sendable, Hashable, Codable {
    /// The edition the certificate's scope names (`iso-9001-2015`).
    public var from: StandardID
    /// The new edition in the organisation's catalogues (`iso-9001-2026`).
    public var to: StandardID
    public var deadline: CalendarDate
    /// Whether the organisation recorded the deadline (true) or it is the default estimate, three
    /// years after the new edition's year, as for the 2015 edition.
    public var recorded: Bool

    /// Describes a transition.
    public init(from: StandardID, to: StandardID, deadline: CalendarDate, recorded: Bool) {
        self.from = from
        self.to = to
        self.deadline = deadline
        self.recorded = recorded
    }
}

/// One step of a certificate's schedule: when it is due and why, and the audits that carry it.
public struct CertificationScheduleEntry: Sendable, Hashable, Codable {
    public var step: CertificationStep
    /// The latest day it may take place; nil for stage 1 and stage 2, which 17021-1 does not date.
    public var dueBy: CalendarDate?
    /// The condition that sets ``dueBy``: the earliest of those that apply.
    public var rule: CertificationDueRule?
    /// The audit that carried it out, and its first day.
    public var held: AuditID?
    public var heldOn: CalendarDate?
    /// The audit planned for it, when not yet held.
    public var planned: AuditID?
    public var plannedOn: CalendarDate?

    /// Days from `day` to ``dueBy``; negative once it has passed.
    public func daysLeft(on day: CalendarDate) -> Int? { dueBy.map { day.days(until: $0) } }

    /// Whether it was held after its due day.
    public var heldLate: Bool {
        guard let heldOn, let dueBy else { return false }
        return heldOn > dueBy
    }
}

/// A certificate's whole cycle: stage 1 and stage 2 (or the recertification that granted it),
/// then surveillance 1 and 2, the recertification before expiry, and the move to a new edition.
public struct CertificationSchedule: Sendable, Hashable, Codable {
    public var certificate: CertificateRecord
    public var entries: [CertificationScheduleEntry]
    /// The certificate's status on the schedule's day; a withdrawn certificate has no further
    /// audits (certification starts again at stage 1), a suspended one keeps its schedule.
    public var status: CertificateStatus

    /// The first step not yet held, when the cycle has one.
    public var next: CertificationScheduleEntry? {
        status == .withdrawn ? nil : entries.first { $0.held == nil && $0.dueBy != nil }
    }
}

extension CertificationCycle {
    /// The schedule of `record` on `day`, from the certification audits among `audits` and, when
    /// its scope names the old edition of `transition`, the move to the new one.
    ///
    /// The decision day is the certificate's issue day. Surveillance 1 is due within twelve months
    /// of it; surveillance 2 by the earlier of 24 months after it and the end of the calendar year
    /// after surveillance 1 (held, or due when not yet held); recertification by the earlier of the
    /// expiry and the end of the calendar year after surveillance 2, so that no calendar year
    /// between decision and recertification goes without an audit (ISO/IEC 17021-1, 9.6.2.2, 9.6.3).
    /// A withdrawn certificate keeps only the audits that were held.
    public static func schedule(
        of record: CertificateRecord, audits: [Audit], transition: EditionTransition? = nil, on day: CalendarDate
    ) -> CertificationSchedule {
        let decision = record.certificate.issuedOn
        let certification = audits.filter { $0.content.kind.isCertification }
        let granting = record.audit.flatMap { id in certification.first { $0.id == id } }
        let grantingKind: CertificationStep = granting?.content.kind == .recertification ? .recertification : .stage2
        func held(_ kind: AuditKind, after start: CalendarDate?, upTo end: CalendarDate?) -> Audit? {
            certification.filter { audit in
                let day = audit.content.startsOn
                return audit.content.kind == kind && audit.status != .planned && (start.map { day >= $0 } ?? true)
                    && (end.map { day <= $0 } ?? true)
            }.min { $0.content.startsOn < $1.content.startsOn }
        }
        func planned(_ kind: AuditKind, after start: CalendarDate?) -> Audit? {
            certification.filter { audit in
                audit.content.kind == kind && audit.status == .planned
                    && (start.map { audit.content.startsOn >= $0 } ?? true)
            }.min { $0.content.startsOn < $1.content.startsOn }
        }
        func entry(
            _ step: CertificationStep, _ due: (CalendarDate, CertificationDueRule)?, held audit: Audit?,
            after start: CalendarDate?
        ) -> CertificationScheduleEntry {
            let plan = audit == nil ? step.auditKind.flatMap { planned($0, after: start) } : nil
            return CertificationScheduleEntry(
                step: step, dueBy: due?.0, rule: due?.1, held: audit?.id, heldOn: audit?.content.startsOn,
                planned: plan?.id, plannedOn: plan?.content.startsOn)
        }
        func yearEnd(after date: CalendarDate) -> (CalendarDate, CertificationDueRule)? {
            (try? CalendarDate(year: date.year + 1, month: 12, day: 31)).map { ($0, .calendarYear) }
        }
        var entries: [CertificationScheduleEntry] = []
        // Before the decision: the audits that led to it.
        if grantingKind == .stage2 {
            let stage1 = held(.stage1, after: nil, upTo: decision)
            entries.append(entry(.stage1, nil, held: stage1, after: nil))
            entries.append(entry(.stage2, nil, held: granting ?? held(.stage2, after: nil, upTo: decision), after: nil))
        } else {
            entries.append(entry(.recertification, nil, held: granting, after: nil))
        }
        let status = record.status(on: day)
        let s1Audit = held(.surveillance1, after: decision, upTo: nil)
        let s1Due = (decision.adding(months: 12), CertificationDueRule.twelveMonths)
        let s2Audit = held(.surveillance2, after: decision, upTo: nil)
        let s2Due = earliest(
            (decision.adding(months: 24), .twentyFourMonths), yearEnd(after: s1Audit?.content.startsOn ?? s1Due.0))
        let reAudit = held(.recertification, after: decision.adding(days: 1), upTo: nil)
        let reDue = earliest(
            (record.certificate.validUntil, .expiry), yearEnd(after: s2Audit?.content.startsOn ?? s2Due.0))
        let after = decision
        let steps: [(CertificationStep, (CalendarDate, CertificationDueRule), Audit?)] = [
            (.surveillance1, s1Due, s1Audit), (.surveillance2, s2Due, s2Audit), (.recertification, reDue, reAudit),
        ]
        for (step, due, audit) in steps where status != .withdrawn || audit != nil {
            entries.append(entry(step, due, held: audit, after: after))
        }
        if let transition, status != .withdrawn, record.scope.standards.contains(transition.from),
            !record.scope.standards.contains(transition.to)
        {
            entries.append(
                CertificationScheduleEntry(
                    step: .transition, dueBy: transition.deadline, rule: .transitionDeadline))
        }
        return CertificationSchedule(certificate: record, entries: entries, status: status)
    }
}
