/// A certification body of the organisation's register: who audits and certifies it, and who
/// accredits that body (ISO/IEC 17021-1 bodies are accredited by a national accreditation body).
public struct CertificationBody: Sendable, Hashable, Codable {
    /// Its name, which audits, engagements and certificates name it by.
    public var name: String
    /// The accreditation body (a national accreditation body, say), when known.
    public var accreditedBy: String?
    /// The accreditation's number.
    public var accreditationNumber: String?
    /// Whom to contact there.
    public var contact: String?

    /// Describes a body.
    public init(name: String, accreditedBy: String? = nil, accreditationNumber: String? = nil, contact: String? = nil) {
        self.name = name.trimmingWhitespace()
        self.accreditedBy = accreditedBy.trimmedOrNil
        self.accreditationNumber = accreditationNumber.trimmedOrNil
        self.contact = contact.trimmedOrNil
    }

    /// Checks the lengths: a name of 1 to 200 characters, the rest at most 200.
    public func validate() throws(DomainError) {
        guard !name.isEmpty, name.count <= 200 else {
            throw .invalidValue(field: "name", value: name, expected: .atMost(characters: 200))
        }
        for (field, value) in [
            ("accredited-by", accreditedBy), ("accreditation-number", accreditationNumber), ("contact", contact),
        ] {
            if let value, value.count > 200 {
                throw .invalidValue(field: field, value: value, expected: .atMost(characters: 200))
            }
        }
    }
}

/// Where a certificate stands (ISO/IEC 17021-1, 9.6.5): valid, suspended (it may be reinstated) or
/// withdrawn (final).
public enum CertificateStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case valid
    case suspended
    case withdrawn
}

/// A change of a certificate's status: the day, the new status and the body's reason.
public struct CertificateStatusChange: Sendable, Hashable, Codable {
    public var status: CertificateStatus
    public var on: CalendarDate
    public var reason: String

    /// Describes a change.
    public init(status: CertificateStatus, on: CalendarDate, reason: String) {
        self.status = status
        self.on = on
        self.reason = reason.trimmingWhitespace()
    }
}

/// A requirement left out of a certificate's scope, with the justification the body accepted.
public struct CertificateExclusion: Sendable, Hashable, Codable {
    /// The requirement's number or key (`8.3`, `iso-9001-2015:8.3`).
    public var requirement: String
    public var justification: String

    /// Describes an exclusion.
    public init(requirement: String, justification: String) {
        self.requirement = requirement.trimmingWhitespace()
        self.justification = justification.trimmingWhitespace()
    }
}

/// What a certificate covers: standards, sites, processes, and the requirements excluded.
public struct CertificateScope: Sendable, Hashable, Codable {
    public var standards: [StandardID]
    public var sites: [String]
    public var processes: [String]
    public var exclusions: [CertificateExclusion]

    /// Describes a scope; blank and repeated entries are dropped.
    public init(
        standards: [StandardID], sites: [String] = [], processes: [String] = [],
        exclusions: [CertificateExclusion] = []
    ) {
        func unique<T: Hashable>(_ values: [T]) -> [T] {
            var seen = Set<T>()
            return values.filter { seen.insert($0).inserted }
        }
        self.standards = unique(standards)
        self.sites = unique(sites.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty })
        self.processes = unique(processes.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty })
        self.exclusions = exclusions
    }
}

/// A certificate as a record of its own: the ``Certificate`` an audit report carries (number,
/// decision day, expiry), the body that issued it, its scope, the audit whose report granted it,
/// and its status changes in order. The report's certificate and this record are one certificate:
/// recording a report with a certificate records this too, under the same number.
public struct CertificateRecord: Sendable, Hashable, Codable {
    /// Number, decision day (`issuedOn`) and last valid day (`validUntil`).
    public var certificate: Certificate
    /// The certification body's name, as its register has it.
    public var body: String
    public var scope: CertificateScope
    /// The stage 2 or recertification audit whose report granted it, when recorded here.
    public var audit: AuditID?
    /// Status changes, oldest first; none means valid since issue.
    public var changes: [CertificateStatusChange]

    /// Describes a certificate.
    public init(
        certificate: Certificate, body: String, scope: CertificateScope, audit: AuditID? = nil,
        changes: [CertificateStatusChange] = []
    ) {
        self.certificate = certificate
        self.body = body.trimmingWhitespace()
        self.scope = scope
        self.audit = audit
        self.changes = changes
    }

    /// The number, which identifies the record.
    public var number: String { certificate.number }

    /// The status after the last change.
    public var status: CertificateStatus { changes.last?.status ?? .valid }

    /// The status on `day`: the last change made by then; valid before any.
    public func status(on day: CalendarDate) -> CertificateStatus {
        changes.last { $0.on <= day }?.status ?? .valid
    }

    /// Whether it has run out by `day`.
    public func hasExpired(on day: CalendarDate) -> Bool { day > certificate.validUntil }

    /// Checks a new certificate: a number, a body, a validity ending after issue, at least one
    /// standard, and a justification for each exclusion.
    public func validate() throws(DomainError) {
        guard !certificate.number.isEmpty, certificate.number.count <= 100 else {
            throw .invalidValue(field: "number", value: certificate.number, expected: .atMost(characters: 100))
        }
        guard !body.isEmpty, body.count <= 200 else {
            throw .invalidValue(field: "body", value: body, expected: .atMost(characters: 200))
        }
        guard certificate.validUntil > certificate.issuedOn else {
            throw .ruleViolated(
                .certificateExpiresBeforeIssue,
                ["issued": "\(certificate.issuedOn)", "expires": "\(certificate.validUntil)"],
                fix: .later("expires", after: certificate.issuedOn.description))
        }
        guard !scope.standards.isEmpty else {
            throw .ruleViolated(.certificateNeedsStandard, fix: .give(["standards"]))
        }
        for exclusion in scope.exclusions where exclusion.requirement.isEmpty || exclusion.justification.isEmpty {
            throw .ruleViolated(
                .exclusionNeedsJustification, ["key": .text(exclusion.requirement)],
                fix: .give(["exclusions"], example: "8.3 = no design of electoral products"))
        }
    }

    /// The record with its status changed on `day` for `reason`. A suspended certificate can be
    /// reinstated to valid; a withdrawn one stays withdrawn; a change is dated no earlier than
    /// the decision or the last change.
    public func changing(to status: CertificateStatus, on day: CalendarDate, reason: String) throws(DomainError)
        -> CertificateRecord
    {
        let change = CertificateStatusChange(status: status, on: day, reason: reason)
        guard self.status != .withdrawn else {
            throw .ruleViolated(.certificateWithdrawnIsFinal, ["number": .text(number)], fix: nil)
        }
        guard status != self.status else {
            throw .ruleViolated(
                .certificateStatusUnchanged, ["number": .text(number), "status": .term(status)], fix: .give(["status"]))
        }
        guard !change.reason.isEmpty, change.reason.count <= 1000 else {
            throw .invalidValue(field: "reason", value: change.reason, expected: .reason)
        }
        let earliest = changes.last?.on ?? certificate.issuedOn
        guard day >= earliest else {
            throw .ruleViolated(
                .certificateChangeBeforeLast, ["day": "\(day)", "earliest": "\(earliest)"],
                fix: .later("date", after: earliest.description))
        }
        var record = self
        record.changes.append(change)
        return record
    }
}

/// The deadline an organisation recorded for moving its certificates to a new edition, and where
/// the day comes from (its certification body's letter, the accreditation body's announcement).
public struct EditionTransitionSetting: Sendable, Hashable, Codable {
    /// The new edition (`iso-9001-2026`).
    public var standard: StandardID
    public var deadline: CalendarDate
    public var note: String?

    /// Describes a deadline.
    public init(standard: StandardID, deadline: CalendarDate, note: String? = nil) {
        self.standard = standard
        self.deadline = deadline
        self.note = note.trimmedOrNil
    }
}

/// A certificate as typed in a form, on the command line or in a JSON body: lists separated by
/// commas or new lines, exclusions one a line as `requirement = justification`, days as
/// `YYYY-MM-DD`. Assembled into a record once, here, each problem naming its field.
public struct CertificateInput: Sendable {
    public var number: String?
    public var body: String?
    public var issued: String?
    public var expires: String?
    public var standards: [String]
    public var sites: [String]
    public var processes: [String]
    public var exclusions: [String]
    public var audit: String?

    /// Collects the raw values; each list entry may itself hold several.
    public init(
        number: String?, body: String?, issued: String?, expires: String? = nil, standards: [String],
        sites: [String] = [], processes: [String] = [], exclusions: [String] = [], audit: String? = nil
    ) {
        func split(_ values: [String], commas: Bool = true) -> [String] {
            values.flatMap { $0.split(whereSeparator: { (commas && $0 == ",") || $0.isNewline }) }.map {
                String($0).trimmingWhitespace()
            }.filter { !$0.isEmpty }
        }
        self.number = number
        self.body = body
        self.issued = issued
        self.expires = expires
        self.standards = split(standards)
        self.sites = split(sites)
        self.processes = split(processes)
        self.exclusions = split(exclusions, commas: false)
        self.audit = audit
    }

    /// A day in `field`, or nil when left empty and not required.
    public static func day(_ text: String?, _ field: String, required: Bool) throws(DomainError) -> CalendarDate? {
        try CalendarDate.typed(text, field: field, required: required)
    }

    /// The record, checked.
    public func record() throws(DomainError) -> CertificateRecord {
        var standardIDs: [StandardID] = []
        for text in standards {
            do {
                standardIDs.append(try StandardID(text.lowercased()))
            } catch {
                throw .invalidValue(
                    field: "standards", value: text,
                    expected: .written(format: "iso-9001-2015", example: "iso-9001-2015"))
            }
        }
        var excluded: [CertificateExclusion] = []
        for line in exclusions {
            let parts = line.split(separator: "=", maxSplits: 1).map { String($0) }
            guard parts.count == 2 else {
                throw .invalidValue(
                    field: "exclusions", value: line,
                    expected: .written(
                        format: "requirement = justification", example: "8.3 = no design of electoral products"))
            }
            excluded.append(CertificateExclusion(requirement: parts[0], justification: parts[1]))
        }
        guard let issuedOn = try Self.day(issued, "issued", required: true) else {
            throw .invalidValue(field: "issued", value: "", expected: .dateWritten)
        }
        var auditID: AuditID?
        if let text = audit?.trimmingWhitespace(), !text.isEmpty {
            do { auditID = try AuditID(parsing: text) } catch {
                throw .invalidValue(
                    field: "audit", value: text,
                    expected: .written(
                        format: "\(AuditIDKind.prefix)-YYYY-NNN", example: AuditID(year: 2026, number: 4).description))
            }
        }
        let record = CertificateRecord(
            certificate: Certificate(
                number: number ?? "", issuedOn: issuedOn, validUntil: try Self.day(expires, "expires", required: false)),
            body: body ?? "",
            scope: CertificateScope(standards: standardIDs, sites: sites, processes: processes, exclusions: excluded),
            audit: auditID)
        try record.validate()
        return record
    }
}

extension CalendarDate {
    /// A day as typed in `field` (`YYYY-MM-DD`), or nil when left empty and not required; a
    /// problem names the field.
    public static func typed(_ text: String?, field: String, required: Bool) throws(DomainError) -> CalendarDate? {
        guard let text = text?.trimmingWhitespace(), !text.isEmpty else {
            if required { throw .invalidValue(field: field, value: "", expected: .dateWritten) }
            return nil
        }
        do {
            return try CalendarDate(parsing: text)
        } catch {
            throw .invalidValue(field: field, value: text, expected: .dateWritten)
        }
    }
}
