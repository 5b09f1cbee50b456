import Crypto
import Foundation
import QMSCore

/// The typed changes of the system, each appending to the audit trail in the same transaction.
public struct StoreWriter {
    /// The session the changes run in.
    public let session: any SQLSession
    /// Who makes the changes.
    public let actor: String
    /// When, for every event of this transaction.
    public let instant: Instant
    /// Reads inside the same transaction.
    public var reader: StoreReader { StoreReader(session: session) }
    /// The end of the audit trail, read once per transaction and advanced by each event.
    private let trail = TrailCursor()

    /// Wraps a session inside a write transaction.
    public init(session: any SQLSession, actor: String, instant: Date) {
        self.session = session
        self.actor = actor
        self.instant = Instant(secondsSince1970: instant.timeIntervalSince1970)
    }

    // MARK: Audit trail

    /// Appends an event, chained to the previous one by its hash.
    @discardableResult
    public func appendEvent(action: String, entity: String, before: String?, after: String?) throws -> AuditEvent {
        try appendEvents([(action, entity, before, after)])[0]
    }

    /// Appends several events in order, chained, with few statements (for bulk imports).
    @discardableResult
    public func appendEvents(_ changes: [(action: String, entity: String, before: String?, after: String?)]) throws
        -> [AuditEvent]
    {
        try loadTrail()
        let at = instant.description
        var events: [AuditEvent] = []
        events.reserveCapacity(changes.count)
        for change in changes {
            let sequence = trail.sequence + 1
            let hash = try AuditChain.hash(
                sequence: sequence, at: at, actor: actor, action: change.action, entity: change.entity,
                before: change.before, after: change.after, previousHash: trail.hash)
            events.append(
                AuditEvent(
                    sequence: sequence, at: at, actor: actor, action: change.action, entity: change.entity,
                    before: change.before, after: change.after, previousHash: trail.hash, hash: hash))
            trail.sequence = sequence
            trail.hash = hash
        }
        try session.insertRows(
            into: "audit_events",
            columns: StoreWriter.eventColumns,
            rows: events.map { event in
                [
                    .integer(event.sequence), .text(event.at), .text(event.actor), .text(event.action),
                    .text(event.entity), event.before.sqlValue, event.after.sqlValue, .text(event.previousHash),
                    .text(event.hash),
                ]
            })
        return events
    }

    /// Reads the end of the trail, once per transaction.
    func loadTrail() throws {
        guard !trail.loaded else { return }
        let last = try reader.lastEvent()
        trail.sequence = last?.sequence ?? 0
        trail.hash = last?.hash ?? AuditChain.genesisHash
        trail.loaded = true
    }

    /// The end of the trail as this transaction has written it (after ``loadTrail()``).
    var trailEnd: (sequence: Int64, hash: String) {
        get { (trail.sequence, trail.hash) }
        nonmutating set {
            trail.sequence = newValue.sequence
            trail.hash = newValue.hash
        }
    }

    /// The columns of `audit_events`, in the order its rows are written.
    static let eventColumns = [
        "seq", "at", "actor", "action", "entity", "before_json", "after_json", "prev_hash", "hash",
    ]

    /// The next number of a yearly sequence (`EV-2026-0042` takes 42 from sequence "EV", year 2026).
    public func nextSequenceValue(_ name: String, year: Int) throws -> Int {
        try reserveSequenceValues(name, year: year, count: 1).lowerBound
    }

    /// Reserves `count` consecutive numbers of a yearly sequence at once (for bulk imports).
    public func reserveSequenceValues(_ name: String, year: Int, count: Int) throws -> ClosedRange<Int> {
        let current = try session.scalarInt(
            "SELECT last_value AS value FROM sequences WHERE name = ? AND year = ?", name, year)
        let last = (current ?? 0) + Int64(max(1, count))
        if current == nil {
            try session.execute("INSERT INTO sequences (name, year, last_value) VALUES (?, ?, ?)", name, year, last)
        } else {
            try session.execute("UPDATE sequences SET last_value = ? WHERE name = ? AND year = ?", last, name, year)
        }
        return Int((current ?? 0) + 1)...Int(last)
    }

    // MARK: Organisation

    /// Sets the organisation's name and details.
    public func setOrganisation(_ organisation: Organisation) throws {
        let before = try reader.organisation()
        if before == nil {
            try session.execute(
                """
                INSERT INTO organisation
                    (id, name_en, name_ar, name_fr, name_es, short_name, country, locale, time_zone, iati_reference)
                VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                organisation.name.en, organisation.name.ar, organisation.name.fr, organisation.name.es,
                organisation.shortName, organisation.country, organisation.locale, organisation.timeZone,
                organisation.iatiReference)
        } else {
            try session.execute(
                """
                UPDATE organisation SET name_en = ?, name_ar = ?, name_fr = ?, name_es = ?, short_name = ?,
                    country = ?, locale = ?, time_zone = ?, iati_reference = ?
                WHERE id = 1
                """,
                organisation.name.en, organisation.name.ar, organisation.name.fr, organisation.name.es,
                organisation.shortName, organisation.country, organisation.locale, organisation.timeZone,
                organisation.iatiReference)
        }
        try appendEvent(
            action: "organisation.set", entity: "organisation", before: try before.map(CanonicalJSON.encode),
            after: try CanonicalJSON.encode(organisation))
    }

    // MARK: Catalogues

    /// Stores a new standard with its requirement tree.
    public func insertCatalogue(_ catalogue: Catalogue, sourceFile: String, sha256: String) throws {
        let standard = catalogue.standard
        guard try reader.standard(standard.id) == nil else {
            throw DomainError.alreadyExists(
                kind: .standard, id: standard.id.rawValue,
                hint: .run(.replaceCatalogue))
        }
        try insertStandardRow(standard, sourceFile: sourceFile, sha256: sha256)
        for amendment in standard.amendments {
            try session.execute(
                """
                INSERT INTO amendments (standard_id, id, year, title_en, title_ar, title_fr, title_es)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                standard.id.rawValue, amendment.id, amendment.year, amendment.title.en, amendment.title.ar,
                amendment.title.fr, amendment.title.es)
        }
        for (position, requirement) in catalogue.requirements.enumerated() {
            try session.execute(
                """
                INSERT INTO requirements (standard_id, number, parent_number, position, kind, title_en, title_ar,
                    title_fr, title_es, summary_en, summary_ar, summary_fr, summary_es, amendment)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                standard.id.rawValue, requirement.number, requirement.parentNumber, position, requirement.kind.rawValue,
                requirement.title.en, requirement.title.ar, requirement.title.fr, requirement.title.es,
                requirement.summary.en, requirement.summary.ar, requirement.summary.fr, requirement.summary.es,
                requirement.amendment)
            try insertRequirementDetails(requirement)
        }
        try appendEvent(
            action: "catalogue.import", entity: "standard:\(standard.id)", before: nil,
            after: try CanonicalJSON.encode(CatalogueFingerprint(catalogue, sha256: sha256)))
    }

    /// Replaces a loaded standard's catalogue with a revised one. Nodes may be added and texts
    /// changed; a node that disappears is refused, because evidence and decisions may point at it.
    public func replaceCatalogue(_ catalogue: Catalogue, sourceFile: String, sha256: String) throws {
        let standard = catalogue.standard
        guard let existing = try reader.catalogue(standard.id) else {
            try insertCatalogue(catalogue, sourceFile: sourceFile, sha256: sha256)
            return
        }
        let removed = existing.requirements.map(\.number).filter { !catalogue.contains($0) }
        guard removed.isEmpty else {
            throw DomainError.ruleViolated(
                .revisionDropsRequirements,
                [
                    "standard": "\(standard.id)", "count": .number(removed.count),
                    "requirements": .list(removed.prefix(10).map { .text($0) }),
                ],
                fix:
                    .advice(.keepNumbers)
            )
        }
        let id = standard.id.rawValue
        for table in [
            "requirement_documented_information", "requirement_electoral_processes", "requirement_evidence_hints",
            "requirement_labels",
        ] {
            try session.execute("DELETE FROM \(table) WHERE standard_id = ?", id)
        }
        try session.execute(
            """
            UPDATE standards SET edition = ?, title_en = ?, title_ar = ?, title_fr = ?, title_es = ?, publisher = ?,
                scope_en = ?, scope_ar = ?, scope_fr = ?, scope_es = ?, status = ?, publication_stage = ?,
                replaced_by = ?, based_on = ?, origin = ?, source_file = ?, source_sha256 = ?, imported_at = ?,
                imported_by = ?
            WHERE id = ?
            """,
            standard.edition, standard.title.en, standard.title.ar, standard.title.fr, standard.title.es,
            standard.publisher, standard.scope?.en, standard.scope?.ar, standard.scope?.fr, standard.scope?.es,
            StoreWriter.statusColumn(standard), StoreWriter.publicationStage(standard),
            StoreWriter.replacement(standard), standard.basedOn?.rawValue,
            standard.origin.rawValue, sourceFile, sha256, instant.description, actor, id)
        for amendment in standard.amendments
        where !existing.standard.amendments.contains(where: { $0.id == amendment.id }) {
            try session.execute(
                """
                INSERT INTO amendments (standard_id, id, year, title_en, title_ar, title_fr, title_es)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                id, amendment.id, amendment.year, amendment.title.en, amendment.title.ar, amendment.title.fr,
                amendment.title.es)
        }
        for (position, requirement) in catalogue.requirements.enumerated() {
            if existing.contains(requirement.number) {
                try session.execute(
                    """
                    UPDATE requirements SET parent_number = ?, position = ?, kind = ?, title_en = ?, title_ar = ?,
                        title_fr = ?, title_es = ?, summary_en = ?, summary_ar = ?, summary_fr = ?, summary_es = ?,
                        amendment = ?
                    WHERE standard_id = ? AND number = ?
                    """,
                    requirement.parentNumber, position, requirement.kind.rawValue, requirement.title.en,
                    requirement.title.ar, requirement.title.fr, requirement.title.es, requirement.summary.en,
                    requirement.summary.ar, requirement.summary.fr, requirement.summary.es, requirement.amendment, id,
                    requirement.number)
            } else {
                try session.execute(
                    """
                    INSERT INTO requirements (standard_id, number, parent_number, position, kind, title_en, title_ar,
                        title_fr, title_es, summary_en, summary_ar, summary_fr, summary_es, amendment)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    id, requirement.number, requirement.parentNumber, position, requirement.kind.rawValue,
                    requirement.title.en, requirement.title.ar, requirement.title.fr, requirement.title.es,
                    requirement.summary.en, requirement.summary.ar, requirement.summary.fr, requirement.summary.es,
                    requirement.amendment)
            }
            try insertRequirementDetails(requirement)
        }
        let before = try reader.catalogueSource(standard.id)
        try appendEvent(
            action: "catalogue.replace", entity: "standard:\(standard.id)",
            before: try CanonicalJSON.encode(CatalogueFingerprint(existing, sha256: before?.sha256 ?? "")),
            after: try CanonicalJSON.encode(CatalogueFingerprint(catalogue, sha256: sha256)))
    }

    private func insertStandardRow(_ standard: Standard, sourceFile: String, sha256: String) throws {
        try session.execute(
            """
            INSERT INTO standards (id, edition, title_en, title_ar, title_fr, title_es, publisher, scope_en, scope_ar,
                scope_fr, scope_es, status, replaced_by, based_on, origin, source_file, source_sha256, imported_at,
                imported_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            standard.id.rawValue, standard.edition, standard.title.en, standard.title.ar, standard.title.fr,
            standard.title.es, standard.publisher, standard.scope?.en, standard.scope?.ar, standard.scope?.fr,
            standard.scope?.es, StoreWriter.statusColumn(standard), StoreWriter.replacement(standard),
            standard.basedOn?.rawValue, standard.origin.rawValue, sourceFile, sha256, instant.description, actor)
        // Only a draft names the column of migration 0010, so that a published standard is written
        // the same way on a schema from before it.
        if let stage = StoreWriter.publicationStage(standard) {
            try session.execute("UPDATE standards SET publication_stage = ? WHERE id = ?", stage, standard.id.rawValue)
        }
    }

    /// The `status` column: `current` or `withdrawn`. A draft is stored as `current` with the
    /// publication stage `draft` (migration 0010), since the column's CHECK predates drafts.
    private static func statusColumn(_ standard: Standard) -> String {
        standard.status == .draft ? StandardStatus.current.name : standard.status.name
    }

    /// The `publication_stage` column: `draft` for a standard not yet published, else null.
    private static func publicationStage(_ standard: Standard) -> String? {
        standard.status == .draft ? "draft" : nil
    }

    private static func replacement(_ standard: Standard) -> String? {
        if case .withdrawn(let replacement) = standard.status { return replacement?.rawValue }
        return nil
    }

    private func insertRequirementDetails(_ requirement: Requirement) throws {
        let id = requirement.key.standard.rawValue
        for (position, item) in requirement.documentedInformation.enumerated() {
            try session.execute(
                """
                INSERT INTO requirement_documented_information (standard_id, number, position, type, text_en, text_ar,
                    text_fr, text_es)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                id, requirement.number, position, item.type.rawValue, item.description.en, item.description.ar,
                item.description.fr, item.description.es)
        }
        for process in Set(requirement.electoralProcesses) {
            try session.execute(
                "INSERT INTO requirement_electoral_processes (standard_id, number, process) VALUES (?, ?, ?)",
                id, requirement.number, process.rawValue)
        }
        for (position, hint) in requirement.evidenceHints.enumerated() {
            try session.execute(
                """
                INSERT INTO requirement_evidence_hints (standard_id, number, position, text_en, text_ar, text_fr, text_es)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                id, requirement.number, position, hint.en, hint.ar, hint.fr, hint.es)
        }
        if let label = requirement.label {
            try session.execute(
                "INSERT INTO requirement_labels (standard_id, number, label) VALUES (?, ?, ?)", id, requirement.number,
                label)
        }
    }

    /// Stores a crosswalk, replacing an earlier one between the same two standards.
    /// Every requirement it names must be loaded.
    public func saveCrosswalk(_ crosswalk: Crosswalk, sourceFile: String, sha256: String) throws {
        for id in [crosswalk.from, crosswalk.to] where try reader.standard(id) == nil {
            throw DomainError.notFound(
                kind: .standard, id: id.rawValue, hint: .advice(.catalogueBeforeCrosswalk(standard: "\(id)")))
        }
        var missing: [String] = []
        for entry in crosswalk.entries {
            for key in [entry.from, entry.to] where try !reader.requirementExists(key) {
                missing.append(key.description)
            }
        }
        guard missing.isEmpty else {
            throw DomainError.ruleViolated(
                .crosswalkUnknownRequirements,
                ["requirements": .list(Array(Set(missing)).sorted().prefix(10).map { .text($0) })],
                fix: .advice(.correctCrosswalkNumbers))
        }
        let from = crosswalk.from.rawValue
        let to = crosswalk.to.rawValue
        let existed =
            try session.queryFirst(
                "SELECT 1 AS value FROM crosswalks WHERE from_standard = ? AND to_standard = ?", from, to)
            != nil
        if existed {
            try session.execute("DELETE FROM crosswalk_entries WHERE from_standard = ? AND to_standard = ?", from, to)
            try session.execute("DELETE FROM crosswalks WHERE from_standard = ? AND to_standard = ?", from, to)
        }
        try session.execute(
            """
            INSERT INTO crosswalks (from_standard, to_standard, title_en, title_ar, title_fr, title_es, source_file,
                source_sha256, imported_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            from, to, crosswalk.title.en, crosswalk.title.ar, crosswalk.title.fr, crosswalk.title.es, sourceFile,
            sha256, instant.description)
        for (position, entry) in crosswalk.entries.enumerated() {
            try session.execute(
                """
                INSERT INTO crosswalk_entries (from_standard, from_number, to_standard, to_number, position,
                    relationship, note_en, note_ar, note_fr, note_es)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                from, entry.from.number, to, entry.to.number, position, entry.relationship.rawValue, entry.note?.en,
                entry.note?.ar, entry.note?.fr, entry.note?.es)
        }
        try appendEvent(
            action: existed ? "crosswalk.replace" : "crosswalk.import", entity: "crosswalk:\(from)>\(to)", before: nil,
            after: try CanonicalJSON.encode(["entries": String(crosswalk.entries.count), "sha256": sha256]))
    }

    // MARK: Applicability

    /// Records an applicability decision, replacing any earlier one for the same requirement.
    public func setApplicability(_ decision: ApplicabilityDecision) throws {
        let key = decision.key
        let before = try reader.applicability(standard: key.standard).first { $0.key == key }
        try session.execute(
            "DELETE FROM applicability WHERE standard_id = ? AND number = ?", key.standard.rawValue, key.number)
        try session.execute(
            """
            INSERT INTO applicability (standard_id, number, excluded, justification, decided_by, decided_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """,
            key.standard.rawValue, key.number, decision.excluded, decision.justification, decision.decidedBy,
            instant.description)
        try appendEvent(
            action: "applicability.set", entity: "applicability:\(key)", before: try before.map(CanonicalJSON.encode),
            after: try CanonicalJSON.encode(decision))
    }

    // MARK: Users

    /// Adds a user.
    public func addUser(_ user: User, passwordHash: String? = nil) throws {
        guard try reader.user(user.username) == nil else {
            throw DomainError.alreadyExists(kind: .user, id: user.username, hint: .advice(.anotherUsername))
        }
        try session.execute(
            """
            INSERT INTO users (username, display_name, role, email, active, password_hash, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            user.username, user.displayName, user.role.rawValue, user.email, user.active, passwordHash,
            instant.description)
        for process in Set(user.processes) {
            try session.execute("INSERT INTO user_processes (username, process) VALUES (?, ?)", user.username, process)
        }
        try appendEvent(
            action: "user.add", entity: "user:\(user.username)", before: nil, after: try CanonicalJSON.encode(user))
    }
}

/// The last event of the trail as this transaction has written it.
final class TrailCursor {
    var loaded = false
    var sequence: Int64 = 0
    var hash = AuditChain.genesisHash
}

/// What the audit trail records of a catalogue: its identity and a fingerprint of its content.
struct CatalogueFingerprint: Encodable {
    var standard: String
    var edition: String
    var status: String
    var requirements: Int
    var sha256: String

    init(_ catalogue: Catalogue, sha256: String) {
        standard = catalogue.standard.id.rawValue
        edition = catalogue.standard.edition
        status = catalogue.standard.status.name
        requirements = catalogue.requirements.count
        self.sha256 = sha256
    }
}

/// The hash chain of the audit trail.
public enum AuditChain {
    /// The "previous hash" of the first event.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// SHA-256 over the event's fields and the previous hash. Each field is written as its byte
    /// length, a colon and its UTF-8 bytes (a missing one as `-`), so no two events share an input.
    public static func hash(
        sequence: Int64, at: String, actor: String, action: String, entity: String, before: String?, after: String?,
        previousHash: String
    ) throws -> String {
        var input: [UInt8] = []
        input.reserveCapacity(256 + (before?.utf8.count ?? 0) + (after?.utf8.count ?? 0))
        for field in [String(sequence), at, actor, action, entity, before, after, previousHash] {
            if let field {
                input += String(field.utf8.count).utf8
                input.append(UInt8(ascii: ":"))
                input += field.utf8
            } else {
                input.append(UInt8(ascii: "-"))
            }
            input.append(UInt8(ascii: ";"))
        }
        return Hex.encode(SHA256.hash(data: input))
    }

    /// ``hash(sequence:at:actor:action:entity:before:after:previousHash:)`` of an event whose
    /// `after` is given as its UTF-8 bytes, with the input built in `scratch`, which the caller
    /// reuses from one event to the next: a bulk import hashes one event per record, and the
    /// general form made an array and strings for each. The same input, so the same hash.
    static func hash(
        sequence: Int64, at: String, actor: String, action: String, entity: String, before: String?,
        after: UnsafeBufferPointer<UInt8>, previousHash: String, scratch: inout [UInt8]
    ) -> String {
        scratch.removeAll(keepingCapacity: true)
        func decimal(_ value: Int64) {
            if value < 0 {
                scratch += String(value).utf8
                return
            }
            var divisor: Int64 = 1
            while divisor <= value / 10 { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                scratch.append(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        func bytesField(_ bytes: UnsafeBufferPointer<UInt8>) {
            decimal(Int64(bytes.count))
            scratch.append(UInt8(ascii: ":"))
            scratch.append(contentsOf: bytes)
            scratch.append(UInt8(ascii: ";"))
        }
        func textField(_ text: String?) {
            guard var text else {
                scratch.append(UInt8(ascii: "-"))
                scratch.append(UInt8(ascii: ";"))
                return
            }
            text.withUTF8 { bytesField($0) }
        }
        textField(String(sequence))
        textField(at)
        textField(actor)
        textField(action)
        textField(entity)
        textField(before)
        bytesField(after)
        textField(previousHash)
        var hasher = SHA256()
        scratch.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        let digest = hasher.finalize()
        return digest.withUnsafeBytes { bytes in
            String(unsafeUninitializedCapacity: 2 * bytes.count) { characters in
                for (index, byte) in bytes.enumerated() {
                    characters[2 * index] = AuditChain.hexDigits[Int(byte >> 4)]
                    characters[2 * index + 1] = AuditChain.hexDigits[Int(byte & 0x0F)]
                }
                return 2 * bytes.count
            }
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Checks an ordered list of events: numbering, links and hashes. Returns the problems found.
    public static func verify(_ events: [AuditEvent]) -> [String] {
        var problems: [String] = []
        var previousHash = genesisHash
        var expected: Int64 = 1
        for event in events {
            if event.sequence != expected {
                problems.append("audit event \(expected) is missing (found \(event.sequence) in its place)")
                expected = event.sequence
            }
            if event.previousHash != previousHash {
                problems.append("audit event \(event.sequence) does not link to the event before it")
            }
            let recomputed = try? hash(
                sequence: event.sequence, at: event.at, actor: event.actor, action: event.action, entity: event.entity,
                before: event.before, after: event.after, previousHash: event.previousHash)
            if recomputed != event.hash {
                problems.append("audit event \(event.sequence) (\(event.action) \(event.entity)) was altered")
            }
            previousHash = event.hash
            expected += 1
        }
        return problems
    }
}
