import QMSCore
import QMSStore

/// A certificate with its schedule on a day and the readiness of each standard of its scope.
public struct CertificateView: Sendable, Codable {
    public var certificate: CertificateRecord
    public var schedule: CertificationSchedule
    /// The compliance figure of each standard of the scope the organisation holds a catalogue of.
    public var readiness: [StandardReadiness]
    /// Open major nonconformities of certification audits whose correction is not yet verified:
    /// the cycle's next step waits for them.
    public var blockedBy: [NonconformityID]
    /// The day the schedule was read on.
    public var asOf: CalendarDate
    /// Where the transition deadline comes from, when the schedule has one: the organisation's
    /// note, or nil for the default estimate.
    public var transitionNote: String?
}

/// The certification bodies' register, certificates and their cycle (ISO/IEC 17021-1): written
/// once for the command line, the web and the JSON API.
public struct CertificationService: Sendable {
    let qms: QMS

    /// Adds a certification body.
    public func addBody(_ body: CertificationBody) async throws -> CertificationBody {
        try body.validate()
        try await qms.store.writing(actor: qms.actor, at: qms.now()) { try $0.insertCertificationBody(body) }
        return body
    }

    /// Every certification body, by name.
    public func bodies() async throws -> [CertificationBody] {
        try await qms.store.reading { try $0.certificationBodies() }
    }

    /// Records a certificate of a registered body.
    public func add(_ input: CertificateInput) async throws -> CertificateRecord {
        let record = try input.record()
        return try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            guard try writer.reader.certificationBody(record.body) != nil else {
                throw DomainError.ruleViolated(
                    .certificationBodyUnknown, ["body": .text(record.body)], fix: .give(["body"]))
            }
            if let audit = record.audit, try writer.reader.audit(audit) == nil {
                throw DomainError.notFound(kind: .audit, id: audit.description, hint: .lookUp(.audit))
            }
            try writer.insertCertificate(record)
            return record
        }
    }

    /// Every certificate, latest decision first.
    public func list() async throws -> [CertificateRecord] {
        try await qms.store.reading { try $0.certificates() }
    }

    /// One certificate.
    public func get(_ number: String) async throws -> CertificateRecord {
        guard let record = try await qms.store.reading({ try $0.certificate(number) }) else {
            throw DomainError.notFound(kind: .certificate, id: number, hint: nil)
        }
        return record
    }

    /// Changes a certificate's status on `day` (today when nil) for `reason`.
    public func changeStatus(_ number: String, to status: String?, on day: String?, reason: String?) async throws
        -> CertificateRecord
    {
        guard let text = status?.trimmingWhitespace(), let status = CertificateStatus(rawValue: text.lowercased())
        else {
            throw DomainError.invalidValue(
                field: "status", value: status ?? "",
                expected: .written(format: "valid, suspended, withdrawn", example: "suspended"))
        }
        let on = try CertificateInput.day(day, "date", required: false) ?? qms.today
        return try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            guard let before = try writer.reader.certificate(number) else {
                throw DomainError.notFound(kind: .certificate, id: number, hint: nil)
            }
            let after = try before.changing(to: status, on: on, reason: reason ?? "")
            try writer.updateCertificateStatus(after, before: before)
            return after
        }
    }

    /// Records the deadline for moving certificates to the edition `standard`, as the organisation
    /// learnt it (from its certification body or the accreditation body); `note` says where from.
    public func setTransitionDeadline(standard: String?, deadline: String?, note: String?) async throws
        -> EditionTransitionSetting
    {
        let id: StandardID
        do { id = try StandardID((standard ?? TransitionService.defaultTo).trimmingWhitespace().lowercased()) } catch {
            throw DomainError.invalidValue(
                field: "standard", value: standard ?? "",
                expected: .written(format: "iso-9001-2026", example: "iso-9001-2026"))
        }
        guard let day = try CertificateInput.day(deadline, "deadline", required: true) else {
            throw DomainError.invalidValue(field: "deadline", value: "", expected: .dateWritten)
        }
        let setting = EditionTransitionSetting(standard: id, deadline: day, note: note)
        if let text = setting.note, text.count > 500 {
            throw DomainError.invalidValue(field: "note", value: text, expected: .atMost(characters: 500))
        }
        try await qms.store.writing(actor: qms.actor, at: qms.now()) { try $0.setEditionTransition(setting) }
        return setting
    }

    /// The transition deadlines the organisation recorded, by edition.
    public func transitionDeadlines() async throws -> [EditionTransitionSetting] {
        try await qms.store.reading { try $0.editionTransitions() }
    }

    /// The certificate with its schedule on `day` (today when nil) and the readiness of its scope.
    public func view(_ number: String, on day: CalendarDate? = nil) async throws -> CertificateView {
        let record = try await get(number)
        let day = day ?? qms.today
        let (audits, transition) = try await qms.store.reading { reader in
            (try reader.audits(), try Self.transition(for: record, reader))
        }
        let blockedBy = try await qms.audits.nextCertificationAudit().blockedBy
        let schedule = CertificationCycle.schedule(of: record, audits: audits, transition: transition?.0, on: day)
        let readiness = try await qms.compliance.readiness(asOf: day).filter { line in
            record.scope.standards.contains { $0.rawValue == line.standard }
        }
        return CertificateView(
            certificate: record, schedule: schedule, readiness: readiness, blockedBy: blockedBy, asOf: day,
            transitionNote: transition?.1)
    }

    /// The certificate the cycle stands on (the valid or suspended one with the latest decision)
    /// with its schedule on `day` (today when nil), when there is one.
    public func current(on day: CalendarDate? = nil) async throws -> CertificateView? {
        guard let record = try await list().first(where: { $0.status != .withdrawn }) else { return nil }
        return try await view(record.number, on: day)
    }

    /// The move to a new edition a certificate faces: its scope names ISO 9001:2015 and the
    /// organisation holds the 2026 catalogue. The deadline is the one the organisation recorded,
    /// else three years after the new edition's year (as the 2015 edition's transition ran); the
    /// note says where a recorded day comes from.
    static func transition(for record: CertificateRecord, _ reader: StoreReader) throws -> (EditionTransition, String?)?
    {
        let from = try StandardID(TransitionService.defaultFrom)
        let to = try StandardID(TransitionService.defaultTo)
        guard record.scope.standards.contains(from), !record.scope.standards.contains(to),
            let standard = try reader.standard(to)
        else { return nil }
        if let setting = try reader.editionTransition(to) {
            return (EditionTransition(from: from, to: to, deadline: setting.deadline, recorded: true), setting.note)
        }
        guard let deadline = TransitionReport.defaultDeadline(for: standard) else { return nil }
        return (EditionTransition(from: from, to: to, deadline: deadline, recorded: false), nil)
    }

    /// Records the certificate a stage 2 or recertification report carries, when not yet recorded:
    /// the report's certificate and the register's record are one certificate. Its body is the
    /// audit's (added to the register by name when missing); its scope is the standards of the
    /// audit's requirements (else every catalogue held), its processes and sites.
    static func recordReported(_ audit: Audit, writer: StoreWriter) throws {
        guard let certificate = audit.report?.certificate, try writer.reader.certificate(certificate.number) == nil
        else { return }
        let body = audit.content.certificationBody ?? ""
        if !body.isEmpty, try writer.reader.certificationBody(body) == nil {
            try writer.insertCertificationBody(CertificationBody(name: body))
        }
        var standards = audit.content.scope.requirements.map(\.standard)
        if standards.isEmpty { standards = try writer.reader.standards().map(\.id) }
        let record = CertificateRecord(
            certificate: certificate, body: body,
            scope: CertificateScope(
                standards: standards, sites: audit.content.scope.sites, processes: audit.content.scope.processes),
            audit: audit.id)
        guard (try? record.validate()) != nil else { return }
        try writer.insertCertificate(record)
    }
}
