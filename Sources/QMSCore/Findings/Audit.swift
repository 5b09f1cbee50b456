/// What kind of audit: the organisation's own (ISO 9001 9.2) or one of the certification cycle
/// of ISO/IEC 17021-1 carried out by a certification body.
public enum AuditKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// An internal audit of the audit programme.
    case `internal`
    /// Certification stage 1: readiness, documentation, planning of stage 2.
    case stage1 = "stage-1"
    /// Certification stage 2: the certification audit proper; ends in the certificate.
    case stage2 = "stage-2"
    /// First surveillance audit, within twelve months of the certification decision.
    case surveillance1 = "surveillance-1"
    /// Second surveillance audit.
    case surveillance2 = "surveillance-2"
    /// Recertification before the certificate's three years run out.
    case recertification

    /// Whether a certification body carries it out.
    public var isCertification: Bool { self != .internal }

    /// Whether its report may carry a certificate.
    public var grantsCertificate: Bool { self == .stage2 || self == .recertification }

    /// Where findings of such an audit come from.
    public var findingSource: NonconformitySource { isCertification ? .certificationAudit : .internalAudit }
}

/// Where an audit is in its life.
public enum AuditStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// In the programme, not yet carried out.
    case planned
    /// Carried out; its report is still to be recorded.
    case conducted
    /// Its report is recorded.
    case reported
}

/// An electoral event an audit observes as it happens, such as polling day.
public struct ObservedEvent: Sendable, Hashable, Codable {
    /// What is observed: "Polling day, parliamentary elections".
    public var name: String
    /// The day it takes place.
    public var on: CalendarDate

    /// Creates an event.
    public init(name: String, on: CalendarDate) {
        self.name = name.trimmingWhitespace()
        self.on = on
    }
}

/// What an audit covers: requirements, processes, sites, and an electoral event it observes.
public struct AuditScope: Sendable, Hashable, Codable {
    public var requirements: [RequirementKey]
    /// QMS processes or electoral processes (EP-01 … EP-08).
    public var processes: [String]
    /// Headquarters, named field offices, polling centres.
    public var sites: [String]
    public var event: ObservedEvent?

    /// Creates a scope; repeats are left out.
    public init(
        requirements: [RequirementKey] = [], processes: [String] = [], sites: [String] = [],
        event: ObservedEvent? = nil
    ) {
        var seen = Set<RequirementKey>()
        self.requirements = requirements.filter { seen.insert($0).inserted }
        self.processes = processes.map { $0.uppercased().hasPrefix("EP-") ? $0.uppercased() : $0 }.trimmedUnique
        self.sites = sites.trimmedUnique
        self.event = event
    }

    /// Whether the scope names nothing at all.
    public var isEmpty: Bool { requirements.isEmpty && processes.isEmpty && sites.isEmpty && event == nil }
}

/// An audit as planned or recorded.
public struct AuditDraft: Sendable, Hashable, Codable {
    public var kind: AuditKind
    public var title: String
    public var scope: AuditScope
    /// The audit team (internal auditors or the certification body's auditors).
    public var auditors: [String]
    /// The people or units audited (process owners, a field office's manager).
    public var auditees: [String]
    /// The lead auditor, when named.
    public var leadAuditor: String?
    /// The certification body carrying out a certification audit.
    public var certificationBody: String?
    public var startsOn: CalendarDate
    public var endsOn: CalendarDate

    /// Creates a draft; ``validate()`` checks it.
    public init(
        kind: AuditKind, title: String, scope: AuditScope, auditors: [String], auditees: [String] = [],
        leadAuditor: String? = nil, certificationBody: String? = nil, startsOn: CalendarDate, endsOn: CalendarDate
    ) {
        self.kind = kind
        self.title = title.trimmingWhitespace()
        self.scope = scope
        self.auditors = auditors.trimmedUnique
        self.auditees = auditees.trimmedUnique
        self.leadAuditor = leadAuditor.trimmedOrNil
        self.certificationBody = certificationBody.trimmedOrNil
        self.startsOn = startsOn
        self.endsOn = endsOn
    }

    /// Checks the rules every audit obeys; each problem names the field at fault.
    public func validate() throws(DomainError) {
        guard !title.isEmpty, title.count <= 300 else {
            throw .invalidValue(field: "title", value: title, expected: .title(maximum: 300))
        }
        guard startsOn <= endsOn else {
            throw .ruleViolated(
                .auditEndsBeforeStart, ["end": "\(endsOn)", "start": "\(startsOn)"], fix: .give(["end"]))
        }
        guard !scope.isEmpty else {
            throw .ruleViolated(
                .auditNeedsScope, fix: .advice(.auditScope))
        }
        if let event = scope.event {
            guard !event.name.isEmpty else {
                throw .invalidValue(field: "event", value: event.name, expected: .eventName)
            }
            guard (startsOn...endsOn).contains(event.on) else {
                throw .ruleViolated(
                    .observedEventOutsideAudit, ["day": "\(event.on)", "start": "\(startsOn)", "end": "\(endsOn)"],
                    fix: .advice(.auditDatesIncludeEvent))
            }
        }
        for process in scope.processes where process.hasPrefix("EP-") { _ = try ElectoralProcess(code: process) }
        guard !auditors.isEmpty || leadAuditor != nil else {
            throw .ruleViolated(.auditNeedsAuditors, fix: .give(["auditor"]))
        }
        if kind.isCertification, certificationBody == nil {
            throw .ruleViolated(.auditNeedsCertificationBody, ["kind": .term(kind)], fix: .give(["certification-body"]))
        }
    }

    private enum CodingKeys: String, CodingKey {
        case kind, title, scope, auditors, auditees, leadAuditor, certificationBody, startsOn, endsOn
    }

    /// Decodes a draft; one recorded before audits named their auditees has none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(AuditKind.self, forKey: .kind)
        title = try container.decode(String.self, forKey: .title)
        scope = try container.decode(AuditScope.self, forKey: .scope)
        auditors = try container.decode([String].self, forKey: .auditors)
        auditees = try container.decodeIfPresent([String].self, forKey: .auditees) ?? []
        leadAuditor = try container.decodeIfPresent(String.self, forKey: .leadAuditor)
        certificationBody = try container.decodeIfPresent(String.self, forKey: .certificationBody)
        startsOn = try container.decode(CalendarDate.self, forKey: .startsOn)
        endsOn = try container.decode(CalendarDate.self, forKey: .endsOn)
    }

    /// Encodes a draft; no auditees are left out, so that the audit trail's record of an audit made
    /// before they were named reads the same (`eqms verify` compares the two).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(title, forKey: .title)
        try container.encode(scope, forKey: .scope)
        try container.encode(auditors, forKey: .auditors)
        if !auditees.isEmpty { try container.encode(auditees, forKey: .auditees) }
        try container.encodeIfPresent(leadAuditor, forKey: .leadAuditor)
        try container.encodeIfPresent(certificationBody, forKey: .certificationBody)
        try container.encode(startsOn, forKey: .startsOn)
        try container.encode(endsOn, forKey: .endsOn)
    }

    /// Everyone on the audit team, the lead auditor first.
    public var team: [String] { ([leadAuditor].compactMap { $0 } + auditors).trimmedUnique }

    /// The auditors who would audit their own work (ISO 9001 9.2.2 c): `owners` gives, for each
    /// person, the processes they are responsible for. Only internal audits are checked; a
    /// certification body's auditors are independent by accreditation.
    public func independenceConflicts(owners: [String: [String]]) -> [(auditor: String, process: String)] {
        guard kind == .internal else { return [] }
        return Independence.conflicts(auditors: team, processes: scope.processes, owners: owners)
    }
}

/// The certificate a stage 2 or recertification audit ends in.
public struct Certificate: Sendable, Hashable, Codable {
    public var number: String
    public var issuedOn: CalendarDate
    /// The last day it is valid: three years less a day after issue unless the body says otherwise.
    public var validUntil: CalendarDate

    /// Creates a certificate; without `validUntil`, valid for three years from issue.
    public init(number: String, issuedOn: CalendarDate, validUntil: CalendarDate? = nil) {
        self.number = number.trimmingWhitespace()
        self.issuedOn = issuedOn
        self.validUntil = validUntil ?? issuedOn.adding(years: 3).adding(days: -1)
    }
}

/// The report of an audit.
public struct AuditReport: Sendable, Hashable, Codable {
    /// The day of the report.
    public var reportedOn: CalendarDate
    public var summary: String
    /// The report itself and other records, as evidence.
    public var evidence: [EvidenceID]
    public var certificate: Certificate?
    public var reportedBy: String
    /// The opening meeting (ISO 19011 6.4.3); none in a report recorded before meetings were.
    public var openingMeeting: AuditMeeting?
    /// The closing meeting (ISO 19011 6.4.9).
    public var closingMeeting: AuditMeeting?
    /// The audit's conclusion on the conformity and effectiveness of what it covered (ISO 19011
    /// 6.4.8), beyond the summary.
    public var conclusion: String?
    /// The team's recommendation on certification, for a certification audit.
    public var recommendation: CertificationRecommendation?

    /// Creates a report. Its findings are not part of it: they are the nonconformities raised
    /// against the audit, read from the register whenever the report is shown.
    public init(
        reportedOn: CalendarDate, summary: String, evidence: [EvidenceID] = [], certificate: Certificate? = nil,
        reportedBy: String, openingMeeting: AuditMeeting? = nil, closingMeeting: AuditMeeting? = nil,
        conclusion: String? = nil, recommendation: CertificationRecommendation? = nil
    ) {
        self.reportedOn = reportedOn
        self.summary = summary.trimmingWhitespace()
        var seen = Set<EvidenceID>()
        self.evidence = evidence.filter { seen.insert($0).inserted }
        self.certificate = certificate
        self.reportedBy = reportedBy
        self.openingMeeting = openingMeeting
        self.closingMeeting = closingMeeting
        self.conclusion = conclusion.trimmedOrNil
        self.recommendation = recommendation
    }

    /// Checks the parts of the report beyond its summary against `audit`: meetings within the
    /// audit, the closing not before the opening, a recommendation only where the kind of audit
    /// makes one, and a certificate only with a recommendation to grant.
    func validateMeetingsAndRecommendation(for audit: AuditDraft) throws(DomainError) {
        try openingMeeting?.validate("opening", of: audit)
        try closingMeeting?.validate("closing", of: audit)
        if let opening = openingMeeting, let closing = closingMeeting {
            let openedAt = (opening.on, opening.at ?? "00:00")
            let closedAt = (closing.on, closing.at ?? "23:59")
            guard openedAt <= closedAt else {
                throw .ruleViolated(
                    .closingBeforeOpening, ["opening": "\(opening.on)", "closing": "\(closing.on)"],
                    fix: .give(["closing-date"]))
            }
        }
        try TextCheck.optional(conclusion, field: "conclusion", maximum: 8000)
        if let recommendation {
            let allowed = CertificationRecommendation.allowed(for: audit.kind)
            guard allowed.contains(recommendation) else {
                throw .ruleViolated(
                    .recommendationNotForKind, ["kind": .term(audit.kind), "recommendation": .term(recommendation)],
                    fix: allowed.isEmpty
                        ? nil
                        : .give(
                            ["certification-recommendation"], example: allowed.map(\.rawValue).joined(separator: ", ")))
            }
            if certificate != nil, recommendation != .grant {
                throw .ruleViolated(
                    .certificateAgainstRecommendation, ["recommendation": .term(recommendation)],
                    fix: .give(["certification-recommendation"], example: CertificationRecommendation.grant.rawValue))
            }
        }
    }
}

/// An audit of the programme or of the certification cycle, as stored.
public struct Audit: Sendable, Hashable, Codable, Identifiable {
    public var id: AuditID
    public var content: AuditDraft
    public var status: AuditStatus
    public var report: AuditReport?
    /// Its plan (ISO 19011 6.3.2), once set.
    public var plan: AuditPlan?
    /// Its checklist (ISO 19011 6.3.4), once generated.
    public var checklist: AuditChecklist?
    public var recordedAt: Instant
    public var recordedBy: String

    /// Creates a stored audit.
    public init(
        id: AuditID, content: AuditDraft, status: AuditStatus, report: AuditReport? = nil, plan: AuditPlan? = nil,
        checklist: AuditChecklist? = nil, recordedAt: Instant, recordedBy: String
    ) {
        self.id = id
        self.content = content
        self.status = status
        self.report = report
        self.plan = plan
        self.checklist = checklist
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }

    /// The audit with its report recorded. The report cannot come before the audit starts, only
    /// a stage 2 or recertification audit grants a certificate, and a report is recorded once.
    public func reported(_ report: AuditReport) throws(DomainError) -> Audit {
        guard status != .reported else {
            throw .ruleViolated(.auditAlreadyReported, ["id": "\(id)"], fix: nil)
        }
        guard report.summary.count >= 5 else {
            throw .invalidValue(field: "summary", value: report.summary, expected: .auditSummary)
        }
        guard report.reportedOn >= content.startsOn else {
            throw .ruleViolated(
                .reportBeforeAudit, ["reported": "\(report.reportedOn)", "start": "\(content.startsOn)"],
                fix: .give(["date"]))
        }
        try report.validateMeetingsAndRecommendation(for: content)
        if let certificate = report.certificate {
            guard content.kind.grantsCertificate else {
                throw .ruleViolated(
                    .auditGrantsNoCertificate, ["kind": .term(content.kind)],
                    fix: .advice(.certificateWithStage2))
            }
            guard !certificate.number.isEmpty, certificate.validUntil > certificate.issuedOn else {
                throw .invalidValue(
                    field: "certificate", value: certificate.number,
                    expected: .certificate)
            }
        }
        var audit = self
        audit.status = .reported
        audit.report = report
        return audit
    }
}
