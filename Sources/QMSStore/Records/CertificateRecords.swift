import Foundation
import QMSCore

extension StoreWriter {
    /// Adds a certification body to the register.
    public func insertCertificationBody(_ body: CertificationBody) throws {
        guard try reader.certificationBody(body.name) == nil else {
            throw DomainError.alreadyExists(kind: .certificationBody, id: body.name, hint: nil)
        }
        try session.execute(
            """
            INSERT INTO certification_bodies (name, accredited_by, accreditation_number, contact)
            VALUES (?, ?, ?, ?)
            """,
            body.name, body.accreditedBy, body.accreditationNumber, body.contact)
        try appendEvent(
            action: "certification-body.add", entity: "certification-body:\(body.name)", before: nil,
            after: try CanonicalJSON.encode(body))
    }

    /// Records a certificate with its scope and any status changes it already has.
    public func insertCertificate(_ record: CertificateRecord) throws {
        guard try reader.certificate(record.number) == nil else {
            throw DomainError.alreadyExists(kind: .certificate, id: record.number, hint: nil)
        }
        let number = record.number
        try session.execute(
            "INSERT INTO certificates (number, body, issued_on, valid_until, audit_id) VALUES (?, ?, ?, ?, ?)",
            number, record.body, record.certificate.issuedOn.description, record.certificate.validUntil.description,
            record.audit?.description)
        let scope = record.scope
        let lists: [(String, [String])] = [
            ("standard", scope.standards.map(\.rawValue)), ("site", scope.sites), ("process", scope.processes),
        ]
        for (kind, values) in lists {
            try session.insertRows(
                into: "certificate_scope", columns: ["certificate", "kind", "position", "value"],
                rows: values.enumerated().map { [.text(number), .text(kind), .integer(Int64($0)), .text($1)] })
        }
        try session.insertRows(
            into: "certificate_exclusions", columns: ["certificate", "position", "requirement", "justification"],
            rows: scope.exclusions.enumerated().map {
                [.text(number), .integer(Int64($0)), .text($1.requirement), .text($1.justification)]
            })
        try insertStatusChanges(record.changes, of: number, from: 0)
        try appendEvent(
            action: "certificate.add", entity: "certificate:\(number)", before: nil,
            after: try CanonicalJSON.encode(record))
    }

    /// Records a certificate's status change (`after` has one change more than `before`).
    public func updateCertificateStatus(_ after: CertificateRecord, before: CertificateRecord) throws {
        try insertStatusChanges(
            Array(after.changes.dropFirst(before.changes.count)), of: after.number, from: before.changes.count)
        try appendEvent(
            action: "certificate.status", entity: "certificate:\(after.number)",
            before: try CanonicalJSON.encode(before), after: try CanonicalJSON.encode(after))
    }

    private func insertStatusChanges(_ changes: [CertificateStatusChange], of number: String, from start: Int) throws {
        try session.insertRows(
            into: "certificate_status_changes", columns: ["certificate", "position", "status", "changed_on", "reason"],
            rows: changes.enumerated().map {
                [
                    .text(number), .integer(Int64(start + $0)), .text($1.status.rawValue), .text($1.on.description),
                    .text($1.reason),
                ]
            })
    }

    /// Records (or replaces) the deadline the organisation set for moving to the edition `transition.to`.
    public func setEditionTransition(_ transition: EditionTransitionSetting) throws {
        let before = try reader.editionTransition(transition.standard)
        try session.execute("DELETE FROM edition_transitions WHERE standard_id = ?", transition.standard.rawValue)
        try session.execute(
            "INSERT INTO edition_transitions (standard_id, deadline, note) VALUES (?, ?, ?)",
            transition.standard.rawValue, transition.deadline.description, transition.note)
        try appendEvent(
            action: "edition-transition.set", entity: "edition-transition:\(transition.standard)",
            before: try before.map { try CanonicalJSON.encode($0) }, after: try CanonicalJSON.encode(transition))
    }
}

extension StoreReader {
    /// Every certification body, by name.
    public func certificationBodies() throws -> [CertificationBody] {
        try session.query("SELECT * FROM certification_bodies ORDER BY name", []).map { row in
            CertificationBody(
                name: try row.string("name"), accreditedBy: row.optionalString("accredited_by"),
                accreditationNumber: row.optionalString("accreditation_number"),
                contact: row.optionalString("contact"))
        }
    }

    /// One certification body.
    public func certificationBody(_ name: String) throws -> CertificationBody? {
        try certificationBodies().first { $0.name == name }
    }

    /// Every certificate, latest decision first.
    public func certificates() throws -> [CertificateRecord] {
        try certificates(where: nil, [])
    }

    /// One certificate.
    public func certificate(_ number: String) throws -> CertificateRecord? {
        try certificates(where: "number = ?", [.text(number)]).first
    }

    private func certificates(where condition: String?, _ arguments: [SQLValue]) throws -> [CertificateRecord] {
        let rows = try session.query(
            "SELECT * FROM certificates" + (condition.map { " WHERE " + $0 } ?? "")
                + " ORDER BY issued_on DESC, number", arguments)
        return try rows.map { row in
            let number = try row.string("number")
            var lists: [String: [String]] = [:]
            for item in try session.query(
                "SELECT kind, value FROM certificate_scope WHERE certificate = ? ORDER BY kind, position", number)
            {
                lists[try item.string("kind"), default: []].append(try item.string("value"))
            }
            let exclusions = try session.query(
                "SELECT requirement, justification FROM certificate_exclusions WHERE certificate = ? ORDER BY position",
                number
            ).map {
                CertificateExclusion(
                    requirement: try $0.string("requirement"), justification: try $0.string("justification"))
            }
            let changes = try session.query(
                "SELECT status, changed_on, reason FROM certificate_status_changes WHERE certificate = ? ORDER BY position",
                number
            ).map { change in
                CertificateStatusChange(
                    status: try CertificateStatus(rawValue: change.string("status")) ?? .valid,
                    on: try CalendarDate(parsing: change.string("changed_on")), reason: try change.string("reason"))
            }
            return CertificateRecord(
                certificate: Certificate(
                    number: number, issuedOn: try CalendarDate(parsing: row.string("issued_on")),
                    validUntil: try CalendarDate(parsing: row.string("valid_until"))),
                body: try row.string("body"),
                scope: CertificateScope(
                    standards: try (lists["standard"] ?? []).map { try StandardID($0) }, sites: lists["site"] ?? [],
                    processes: lists["process"] ?? [], exclusions: exclusions),
                audit: try row.optionalString("audit_id").map { try AuditID(parsing: $0) }, changes: changes)
        }
    }

    /// Every transition deadline the organisation recorded, by edition.
    public func editionTransitions() throws -> [EditionTransitionSetting] {
        try session.query("SELECT * FROM edition_transitions ORDER BY standard_id", []).map { row in
            EditionTransitionSetting(
                standard: try StandardID(try row.string("standard_id")),
                deadline: try CalendarDate(parsing: row.string("deadline")), note: row.optionalString("note"))
        }
    }

    /// The deadline recorded for moving to the edition `standard`, when one is.
    public func editionTransition(_ standard: StandardID) throws -> EditionTransitionSetting? {
        try session.query(
            "SELECT deadline, note FROM edition_transitions WHERE standard_id = ?", standard.rawValue
        ).first.map { row in
            EditionTransitionSetting(
                standard: standard, deadline: try CalendarDate(parsing: row.string("deadline")),
                note: row.optionalString("note"))
        }
    }
}
