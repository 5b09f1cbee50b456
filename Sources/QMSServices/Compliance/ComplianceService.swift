import QMSCore
import QMSStore

/// Readiness of one standard, or one group of its requirements, for certification.
public struct StandardReadiness: Sendable, Codable {
    public var standard: String
    public var title: LocalizedText
    public var status: String
    public var applicable: Int
    public var excluded: Int
    public var satisfied: Int
    public var partial: Int
    public var missing: Int
    /// Satisfied share of the applicable requirements, with partial ones counting half, in percent.
    public var readinessPercent: Double

    init(standard: String, title: LocalizedText, status: String, tally: ComplianceTally) {
        self.standard = standard
        self.title = title
        self.status = status
        applicable = tally.applicable
        excluded = tally.excluded
        satisfied = tally.satisfied
        partial = tally.partial
        missing = tally.missing
        readinessPercent = tally.readinessPercent
    }
}

/// How a standard's requirements are grouped in a breakdown.
public enum ComplianceGrouping: String, Sendable, Codable, CaseIterable {
    /// By top-level clause (4 … 10, and each electoral process node).
    case clause
    /// By electoral process EP-01 … EP-08.
    case process
    /// Every requirement on its own.
    case requirement
}

/// One line of a breakdown: a clause, a process or a single requirement.
public struct ComplianceLine: Sendable, Codable {
    /// `8`, `EP-04`, or `iso-9001-2015:8.5.1`.
    public var group: String
    public var title: LocalizedText
    public var status: ComplianceStatus
    public var applicable: Int
    public var satisfied: Int
    public var partial: Int
    public var missing: Int
    public var excluded: Int
    public var readinessPercent: Double
    /// For single requirements: the evidence that counts, and the findings holding it back.
    public var evidence: [EvidenceContribution]?
    public var findings: [String]?
}

/// A requirement with nothing to show for it.
public struct RequirementGap: Sendable, Codable {
    public var key: RequirementKey
    public var title: LocalizedText
}

/// An evidence record that needs attention, with what people need to act on it.
public struct EvidenceAttention: Sendable, Codable {
    public var alert: EvidenceAlert
    public var title: String
    public var owner: String
}

/// The gaps of the quality system.
public struct ComplianceGaps: Sendable, Codable {
    public var asOf: CalendarDate
    /// Applicable requirements that no evidence counts for.
    public var missing: [RequirementGap]
    /// Evidence expired, expiring within the window, or overdue for review.
    public var evidence: [EvidenceAttention]
}

/// Compliance with the standards: the matrix, roll-ups, gaps and the documented information checklist.
public struct ComplianceService: Sendable {
    let qms: QMS

    /// The compliance matrix of every loaded standard on `asOf` (today when nil).
    ///
    /// Every change appends to the audit trail, so the trail's length versions the whole database:
    /// the matrix is computed once per version and day, not on every page view. And it is not
    /// computed from every record each time: the newest one is carried forward through the trail's
    /// events since (``ComplianceMatrix/updated(changing:findings:asOf:)``), reading again only the
    /// records they name.
    public func matrix(asOf: CalendarDate? = nil) async throws -> ComplianceMatrix {
        let day = asOf ?? qms.today
        let version = try await qms.store.reading { reader in try reader.trailEnd().sequence }
        if let cached = qms.cache.matrix(version: version, day: day) { return cached }
        let store = qms.store
        let cache = qms.cache
        return try await qms.cache.matrixComputations.value(for: "\(version)@\(day)") {
            if let cached = cache.matrix(version: version, day: day) { return cached }
            let base = cache.latest
            let result = try await store.reading { reader in
                try Self.maintained(from: base, on: day, reader: reader)
            }
            if result.whole { cache.countBuild() }
            cache.store(result.matrix, version: result.sequence, day: day)
            cache.maintain(result)
            return result.matrix
        }
    }

    /// The matrix on `day` as the trail's end in `reader` has it: `base` carried forward when it
    /// can be, else built from every record.
    static func maintained(from base: MaintainedMatrix?, on day: CalendarDate, reader: StoreReader) throws
        -> MaintainedMatrix
    {
        let end = try reader.trailEnd()
        if let base, base.sequence <= end.sequence, base.matrix.asOf <= day,
            try reader.eventHash(at: base.sequence) == base.hash,
            case .records(let ids, let findingsChanged) = MatrixChange(
                entities: try reader.trailEntities(after: base.sequence, through: end.sequence))
        {
            var changes: [EvidenceID: ComplianceEvidence?] = Dictionary(uniqueKeysWithValues: ids.map { ($0, nil) })
            for record in try reader.complianceEvidence(ids: ids) { changes[record.id] = record }
            // Open findings are few, and which count depends on the day they were raised.
            let findings =
                findingsChanged || day != base.matrix.asOf ? try reader.openFindings(raisedBy: day) : nil
            if let matrix = base.matrix.updated(changing: changes, findings: findings, asOf: day) {
                return MaintainedMatrix(matrix: matrix, sequence: end.sequence, hash: end.hash)
            }
        }
        let matrix = ComplianceMatrix(
            catalogues: try reader.catalogues(), crosswalks: try reader.crosswalks(),
            decisions: try reader.applicability(), evidence: try reader.complianceEvidence(),
            findings: try reader.openFindings(raisedBy: day), asOf: day)
        return MaintainedMatrix(matrix: matrix, sequence: end.sequence, hash: end.hash, whole: true)
    }

    /// The readiness of every loaded standard (or one).
    public func readiness(standard: StandardID? = nil, asOf: CalendarDate? = nil) async throws -> [StandardReadiness] {
        if let standard { _ = try await qms.catalogues.catalogue(standard) }
        let matrix = try await matrix(asOf: asOf)
        return matrix.catalogues.values.sorted { $0.standard.id < $1.standard.id }
            .filter { standard == nil || $0.standard.id == standard }
            .map { catalogue in
                StandardReadiness(
                    standard: catalogue.standard.id.rawValue, title: catalogue.standard.title,
                    status: catalogue.standard.status.name, tally: matrix.tally(of: catalogue.standard.id))
            }
    }

    /// A standard's readiness broken down by clause, by electoral process, or requirement by requirement.
    public func breakdown(_ standard: StandardID, by grouping: ComplianceGrouping, asOf: CalendarDate? = nil)
        async throws -> [ComplianceLine]
    {
        let catalogue = try await qms.catalogues.catalogue(standard)
        let matrix = try await matrix(asOf: asOf)
        func line(_ group: String, _ title: LocalizedText, _ tally: ComplianceTally) -> ComplianceLine {
            ComplianceLine(
                group: group, title: title, status: tally.status, applicable: tally.applicable,
                satisfied: tally.satisfied, partial: tally.partial, missing: tally.missing, excluded: tally.excluded,
                readinessPercent: tally.readinessPercent)
        }
        switch grouping {
        case .clause:
            return matrix.tallyByClause(of: standard).map {
                line($0.requirement.number, $0.requirement.title, $0.tally)
            }
        case .process:
            return matrix.tallyByProcess(of: standard).map { line($0.process.rawValue, $0.process.name, $0.tally) }
        case .requirement:
            return matrix.leafRows(of: standard).compactMap { row in
                guard let requirement = catalogue.requirement(row.key.number) else { return nil }
                var tally = ComplianceTally()
                tally.add(row.status)
                var result = line(row.key.description, requirement.title, tally)
                result.evidence = row.contributions
                result.findings = row.findings
                return result
            }
        }
    }

    /// Requirements without evidence, and evidence expired, expiring within `days`, or overdue for review.
    public func gaps(standard: StandardID? = nil, within days: Int = 30, asOf: CalendarDate? = nil) async throws
        -> ComplianceGaps
    {
        if let standard { _ = try await qms.catalogues.catalogue(standard) }
        let day = asOf ?? qms.today
        // The dashboard asks on every view: kept by the trail's length, like the matrix.
        let version = try await qms.store.reading { reader in try reader.trailEnd().sequence }
        let key = "\(day)|\(days)|\(standard?.rawValue ?? "")"
        if let cached = qms.cache.gaps.value(for: key, token: version) { return cached }
        let gaps = try await computeGaps(standard: standard, within: days, day: day)
        qms.cache.gaps.keep(gaps, for: key, token: version)
        return gaps
    }

    private func computeGaps(standard: StandardID?, within days: Int, day: CalendarDate) async throws -> ComplianceGaps
    {
        let matrix = try await matrix(asOf: day)
        var missing: [RequirementGap] = []
        for catalogue in matrix.catalogues.values.sorted(by: { $0.standard.id < $1.standard.id })
        where standard == nil || catalogue.standard.id == standard {
            for row in matrix.leafRows(of: catalogue.standard.id) where row.status == .missing {
                missing.append(
                    RequirementGap(
                        key: row.key, title: catalogue.requirement(row.key.number)?.title ?? LocalizedText(en: "")))
            }
        }
        let records = try await qms.store.reading { reader in
            try reader.evidenceNeedingAttention(expiringBy: day.adding(days: days), reviewDueBefore: day)
        }
        var attention: [EvidenceAttention] = []
        for record in records
        where standard == nil || record.content.requirements.contains(where: { $0.standard == standard }) {
            for alert in EvidenceAlert.alerts(for: record.id, validity: record.validity, asOf: day, window: days) {
                attention.append(
                    EvidenceAttention(alert: alert, title: record.content.title, owner: record.content.owner))
            }
        }
        attention.sort { ($0.alert.date, $0.alert.evidence) < ($1.alert.date, $1.alert.evidence) }
        return ComplianceGaps(asOf: day, missing: missing, evidence: attention)
    }

    /// The mandatory documented information checklist (ISO 9001:2015 by default).
    public func documentedInformation(standard: StandardID? = nil, asOf: CalendarDate? = nil) async throws
        -> [ChecklistItem]
    {
        let id = try standard ?? StandardID("iso-9001-2015")
        _ = try await qms.catalogues.catalogue(id)
        return try await matrix(asOf: asOf).documentedInformationChecklist(of: id)
    }
}
