/// The next audit of the certification cycle and the day it is due.
public struct NextCertificationAudit: Sendable, Hashable, Codable {
    public var kind: AuditKind
    /// The latest day it may take place, when the cycle sets one.
    public var dueBy: CalendarDate?
    /// The audit already planned for it, when there is one.
    public var planned: AuditID?
    /// The certificate in force, when there is one.
    public var certificate: Certificate?
}

/// The ISO/IEC 17021-1 certification cycle: stage 1 and stage 2, then a surveillance audit within
/// twelve months of certification and another within the following year, then recertification
/// before the three-year certificate runs out.
public enum CertificationCycle {
    /// The next certification audit given every audit recorded so far.
    public static func next(after audits: [Audit]) -> NextCertificationAudit {
        let certification = audits.filter { $0.content.kind.isCertification }
        let certified = certification.compactMap { audit -> (Audit, Certificate)? in
            audit.report?.certificate.map { (audit, $0) }
        }.max { $0.1.issuedOn < $1.1.issuedOn }

        let kind: AuditKind
        var dueBy: CalendarDate?
        if case (let audit, let certificate)? = certified {
            let since = certification.filter { $0.content.startsOn > audit.content.endsOn && $0.status != .planned }
            let kinds = Set(since.map(\.content.kind))
            if !kinds.contains(.surveillance1) {
                kind = .surveillance1
                dueBy = certificate.issuedOn.adding(months: 12)
            } else if !kinds.contains(.surveillance2) {
                kind = .surveillance2
                dueBy = certificate.issuedOn.adding(months: 24)
            } else {
                kind = .recertification
                dueBy = certificate.validUntil
            }
        } else {
            let done = Set(certification.filter { $0.status != .planned }.map(\.content.kind))
            kind = done.contains(.stage1) ? .stage2 : .stage1
        }
        let planned = certification.filter { $0.status == .planned && $0.content.kind == kind }
            .min { $0.content.startsOn < $1.content.startsOn }
        return NextCertificationAudit(kind: kind, dueBy: dueBy, planned: planned?.id, certificate: certified?.1)
    }
}
