import QMSCore

/// What retiring a requirement did to the records that pointed at it.
public struct RequirementRetirement: Sendable, Hashable, Codable {
    /// Evidence revisions, nonconformities, audits and register entries now pointing at the successor.
    public var relinked: [String] = []
    /// Applicability decisions on the retired requirement, dropped.
    public var droppedDecisions: [String] = []
    /// Crosswalks that lost their maps to or from it.
    public var crosswalks: [String] = []
}

extension StoreWriter {
    /// Folds a requirement that a revised catalogue no longer has into the one that now holds its
    /// meaning (ISO 9001's climate note of 4.2, say, into 4.2), then removes it.
    ///
    /// Every record that named it names the successor instead (once, when it named both), and
    /// each such change is an event of the audit trail carrying the record's whole content, so that
    /// `eqms verify` replays it. An applicability decision on the retired node is dropped (it would
    /// otherwise exclude or include the successor), and so are crosswalk maps to or from it. A node
    /// that is not loaded is left alone; one with children is refused.
    @discardableResult
    public func retireRequirement(_ retired: RequirementKey, into successor: RequirementKey) throws
        -> RequirementRetirement
    {
        var report = RequirementRetirement()
        guard retired.standard == successor.standard, try reader.requirementExists(retired) else { return report }
        guard try reader.requirementExists(successor) else {
            throw DomainError.notFound(
                kind: .requirement, id: successor.description, hint: .advice(.loadCatalogueWithNumber))
        }
        let standard = retired.standard.rawValue
        if try session.queryFirst(
            "SELECT 1 AS value FROM requirements WHERE standard_id = ? AND parent_number = ?", standard, retired.number)
            != nil
        {
            throw DomainError.ruleViolated(
                .requirementHasChildren, ["key": "\(retired)"], fix: .advice(.retireChildrenFirst))
        }
        let catalogueBefore = try reader.catalogue(retired.standard)

        report.relinked += try relinkEvidence(retired, successor)
        for link in RequirementLinkTable.all {
            report.relinked += try relink(link, retired, successor)
        }
        report.droppedDecisions = try dropDecision(retired)
        report.crosswalks = try dropCrosswalkMaps(retired)

        for table in [
            "requirement_documented_information", "requirement_electoral_processes", "requirement_evidence_hints",
        ] {
            try session.execute("DELETE FROM \(table) WHERE standard_id = ? AND number = ?", standard, retired.number)
        }
        try session.execute("DELETE FROM requirements WHERE standard_id = ? AND number = ?", standard, retired.number)
        if let catalogueBefore, let catalogueAfter = try reader.catalogue(retired.standard) {
            let sha256 = try reader.catalogueSource(retired.standard)?.sha256 ?? ""
            try appendEvent(
                action: "catalogue.replace", entity: "standard:\(retired.standard)",
                before: try CanonicalJSON.encode(CatalogueFingerprint(catalogueBefore, sha256: sha256)),
                after: try CanonicalJSON.encode(CatalogueFingerprint(catalogueAfter, sha256: sha256)))
        }
        return report
    }

    /// Evidence revisions: each revision is a record of its own, relinked in place.
    private func relinkEvidence(_ retired: RequirementKey, _ successor: RequirementKey) throws -> [String] {
        let rows = try session.query(
            "SELECT DISTINCT evidence_id, revision FROM evidence_requirements WHERE standard_id = ? AND number = ? "
                + "ORDER BY evidence_id, revision", retired.standard.rawValue, retired.number)
        var relinked: [String] = []
        for row in rows {
            let id = try row.string("evidence_id")
            let revision = try row.int("revision")
            let evidenceID = try EvidenceID(parsing: id)
            let before = try reader.evidenceRevisions(evidenceID).first { $0.revision == Int(revision) }
            try repoint(
                table: "evidence_requirements", owner: ["evidence_id": .text(id), "revision": .integer(revision)],
                retired, successor)
            let after = try reader.evidenceRevisions(evidenceID).first { $0.revision == Int(revision) }
            try appendEvent(
                action: "evidence.relink", entity: "evidence:\(id)", before: before?.canonicalJSON,
                after: after?.canonicalJSON)
            relinked.append(AuditedRegisters.evidenceName(id, Int(revision)))
        }
        return relinked
    }

    /// A findings or register table: the record's whole content before and after, from its audited register.
    private func relink(_ link: RequirementLinkTable, _ retired: RequirementKey, _ successor: RequirementKey) throws
        -> [String]
    {
        let owners = try session.query(
            "SELECT DISTINCT \(link.owner) AS owner FROM \(link.table) WHERE standard_id = ? AND number = ?",
            retired.standard.rawValue, retired.number
        ).map { try $0.string("owner") }
        guard !owners.isEmpty else { return [] }
        var relinked: [String] = []
        for owner in owners {
            let entity = link.entity(owner)
            let kind = AuditedRegister.kind(ofEntity: entity)
            let register = AuditedRegisters.all.first { $0.kind == kind }
            let before = try register?.current(reader)[entity]
            try repoint(table: link.table, owner: [link.owner: .text(owner)], retired, successor)
            let after = try register?.current(reader)[entity]
            try appendEvent(action: "\(kind).relink", entity: entity, before: before, after: after)
            relinked.append(entity)
        }
        return relinked
    }

    /// Points one owner's link at the successor, or drops it when the owner already names the successor.
    private func repoint(
        table: String, owner: [String: SQLValue], _ retired: RequirementKey, _ successor: RequirementKey
    ) throws {
        let columns = owner.keys.sorted()
        let condition = columns.map { "\($0) = ?" }.joined(separator: " AND ")
        let values = columns.compactMap { owner[$0] }
        let standard = SQLValue.text(retired.standard.rawValue)
        let hasSuccessor =
            try session.query(
                "SELECT 1 AS value FROM \(table) WHERE \(condition) AND standard_id = ? AND number = ?",
                values + [standard, .text(successor.number)]
            ).first != nil
        if hasSuccessor {
            try session.execute(
                "DELETE FROM \(table) WHERE \(condition) AND standard_id = ? AND number = ?",
                values + [standard, .text(retired.number)])
        } else {
            try session.execute(
                "UPDATE \(table) SET number = ? WHERE \(condition) AND standard_id = ? AND number = ?",
                [.text(successor.number)] + values + [standard, .text(retired.number)])
        }
    }

    private func dropDecision(_ retired: RequirementKey) throws -> [String] {
        guard let decision = try reader.applicability(standard: retired.standard).first(where: { $0.key == retired })
        else { return [] }
        try session.execute(
            "DELETE FROM applicability WHERE standard_id = ? AND number = ?", retired.standard.rawValue, retired.number)
        let entity = "applicability:\(retired)"
        try appendEvent(
            action: "applicability.retire", entity: entity, before: try CanonicalJSON.encode(decision), after: nil)
        return [entity]
    }

    private func dropCrosswalkMaps(_ retired: RequirementKey) throws -> [String] {
        let standard = retired.standard.rawValue
        let pairs = try session.query(
            """
            SELECT DISTINCT from_standard, to_standard FROM crosswalk_entries
            WHERE (from_standard = ? AND from_number = ?) OR (to_standard = ? AND to_number = ?)
            """, standard, retired.number, standard, retired.number)
        var dropped: [String] = []
        for pair in pairs {
            let from = try pair.string("from_standard")
            let to = try pair.string("to_standard")
            func fingerprint() throws -> String? {
                guard
                    let row = try session.queryFirst(
                        """
                        SELECT c.source_sha256,
                            (SELECT COUNT(*) FROM crosswalk_entries e
                             WHERE e.from_standard = c.from_standard AND e.to_standard = c.to_standard) AS value
                        FROM crosswalks c WHERE c.from_standard = ? AND c.to_standard = ?
                        """, from, to)
                else { return nil }
                return try CanonicalJSON.encode([
                    "entries": String(row.optionalInt("value") ?? 0), "sha256": try row.string("source_sha256"),
                ])
            }
            let before = try fingerprint()
            try session.execute(
                """
                DELETE FROM crosswalk_entries WHERE from_standard = ? AND to_standard = ?
                    AND ((from_standard = ? AND from_number = ?) OR (to_standard = ? AND to_number = ?))
                """, from, to, standard, retired.number, standard, retired.number)
            try appendEvent(
                action: "crosswalk.replace", entity: "crosswalk:\(from)>\(to)", before: before, after: try fingerprint()
            )
            dropped.append("\(from)>\(to)")
        }
        return dropped
    }
}

/// A table that links records other than evidence to requirements, and how its owner column names
/// the record in the audit trail.
struct RequirementLinkTable: Sendable {
    var table: String
    var owner: String
    var entity: @Sendable (String) -> String

    static let all: [RequirementLinkTable] = [
        RequirementLinkTable(table: "nc_requirements", owner: "nc_id", entity: { "nc:\($0)" }),
        RequirementLinkTable(table: "audit_requirements", owner: "audit_id", entity: { "audit:\($0)" }),
        // Register entries are keyed by their audit entity already (`party:IP-2026-001`).
        RequirementLinkTable(table: "register_requirements", owner: "entity", entity: { $0 }),
    ]
}
