/// Where a requirement stands for certification.
public enum ComplianceStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Current, unexpired, effective evidence covers it, and no open finding holds it back.
    case satisfied
    /// Some evidence, but only expired, overdue for review, draft or indirect; or an open minor finding.
    case partial
    /// No evidence counts for it, or an open major nonconformity makes it not satisfied.
    case missing
    /// The statement of applicability excludes it.
    case excluded
}

/// An open finding against a requirement. The findings register feeds these to the matrix:
/// a major nonconformity makes its requirements not satisfied, a minor one partial at best.
public struct OpenFinding: Sendable, Hashable, Codable {
    /// How much an open finding weighs on a requirement.
    public enum Weight: String, Sendable, Hashable, Codable {
        case major
        case minor
    }
    public var key: RequirementKey
    public var weight: Weight
    /// The finding's identifier, such as NC-2026-007.
    public var reference: String

    /// Creates a finding.
    public init(key: RequirementKey, weight: Weight, reference: String) {
        self.key = key
        self.weight = weight
        self.reference = reference
    }
}

/// Evidence as the matrix needs it: identity, validity and the requirements it was logged against.
public struct ComplianceEvidence: Sendable, Hashable {
    public var id: EvidenceID
    public var validity: EvidenceValidity
    public var requirements: [RequirementKey]

    /// Creates the facts of one record.
    public init(id: EvidenceID, validity: EvidenceValidity, requirements: [RequirementKey]) {
        self.id = id
        self.validity = validity
        self.requirements = requirements
    }
}

/// One piece of evidence counting towards one requirement.
public struct EvidenceContribution: Sendable, Hashable, Codable {
    public var evidence: EvidenceID
    public var credit: CrosswalkCredit
    /// Why the credit is partial, when it is.
    public var reason: EvidenceStanding.PartialReason?
    /// The requirement the evidence was logged against, when it is not this one.
    public var via: RequirementKey?
}

/// A record the matrix counts for a requirement or for a requirement below a clause: what a
/// requirement page and the evidence register filtered by that requirement both list.
public struct CountedEvidence: Sendable, Hashable, Codable {
    /// The requirement it counts for: the one asked about, or a leaf below that clause.
    public var requirement: RequirementKey
    public var contribution: EvidenceContribution

    /// Creates an entry.
    public init(requirement: RequirementKey, contribution: EvidenceContribution) {
        self.requirement = requirement
        self.contribution = contribution
    }
}

/// The compliance of one requirement.
public struct RequirementCompliance: Sendable, Hashable, Codable {
    public var key: RequirementKey
    public var status: ComplianceStatus
    public var contributions: [EvidenceContribution]
    /// Open findings that hold the status back.
    public var findings: [String]
    /// The justification of the exclusion, when excluded.
    public var exclusion: String?
}

/// Counts of requirement statuses, and the readiness they add up to.
public struct ComplianceTally: Sendable, Hashable, Codable {
    public var satisfied = 0
    public var partial = 0
    public var missing = 0
    public var excluded = 0

    /// Creates an empty tally.
    public init() {}

    /// Requirements that apply.
    public var applicable: Int { satisfied + partial + missing }

    /// Share of the applicable requirements satisfied, partial ones counting half, in percent.
    public var readinessPercent: Double {
        applicable == 0 ? 0 : (Double(satisfied) + Double(partial) / 2) / Double(applicable) * 100
    }

    /// The status of a group: satisfied when every applicable requirement is, missing when none
    /// has any evidence, excluded when nothing applies, partial otherwise.
    public var status: ComplianceStatus {
        if applicable == 0 { return excluded > 0 ? .excluded : .missing }
        if satisfied == applicable { return .satisfied }
        if missing == applicable { return .missing }
        return .partial
    }

    /// Counts one more requirement of this status.
    public mutating func add(_ status: ComplianceStatus) {
        switch status {
        case .satisfied: satisfied += 1
        case .partial: partial += 1
        case .missing: missing += 1
        case .excluded: excluded += 1
        }
    }
}

/// The compliance of every requirement of every loaded standard on one day.
///
/// Evidence counts for the requirements it was logged against, for the requirements those map to
/// through the crosswalks (``CrosswalkIndex``), and in part for the requirements below a clause it
/// was logged against as a whole. Roll-ups count the leaves of the tree. The cost is linear in the
/// number of evidence records: the targets of each logged requirement are resolved once.
///
/// A matrix can also be carried forward (``updated(changing:findings:asOf:)``): a write changes
/// only the rows its records reach, and a later day only the rows of the records whose standing
/// changes by then, so a maintained matrix need not be computed again from every record.
public struct ComplianceMatrix: Sendable {
    /// The day the matrix speaks for.
    public private(set) var asOf: CalendarDate
    /// The catalogues, by standard.
    public let catalogues: [StandardID: Catalogue]
    private var rows: [RequirementKey: RequirementCompliance] = [:]
    private let index: CrosswalkIndex
    private let leafSets: [StandardID: Set<String>]
    /// Where evidence logged against a requirement counts, resolved once per requirement.
    private var targetCache: [RequirementKey: [Target]] = [:]
    /// Every record given, counting today or not, and the rows each one counts in.
    private var records: [EvidenceID: ComplianceEvidence] = [:]
    private var counted: [EvidenceID: [RequirementKey]] = [:]
    /// The records whose standing changes on a coming day, by that day, and that day by record.
    private var changesOn: [CalendarDate: Set<EvidenceID>] = [:]
    private var changeDay: [EvidenceID: CalendarDate] = [:]
    private var findings: [OpenFinding]
    private var findingsByKey: [RequirementKey: [OpenFinding]] = [:]

    private struct Target: Sendable {
        var key: RequirementKey
        var credit: CrosswalkCredit
        var via: RequirementKey?
    }

    /// Builds the matrix. Contributions are in the order of the records' identifiers.
    public init(
        catalogues: [Catalogue], crosswalks: [Crosswalk], decisions: [ApplicabilityDecision],
        evidence: [ComplianceEvidence], findings: [OpenFinding] = [], asOf: CalendarDate
    ) {
        self.asOf = asOf
        var byStandard: [StandardID: Catalogue] = [:]
        for catalogue in catalogues { byStandard[catalogue.standard.id] = catalogue }
        self.catalogues = byStandard
        index = CrosswalkIndex(crosswalks)
        leafSets = byStandard.mapValues { Set($0.leaves.map(\.number)) }
        self.findings = findings
        for finding in findings { findingsByKey[finding.key, default: []].append(finding) }

        // The store gives records in identifier order; anything else is put in it, since
        // an update inserts a record's contributions at its identifier's place.
        var ordered = evidence
        if zip(ordered, ordered.dropFirst()).contains(where: { $0.id > $1.id }) { ordered.sort { $0.id < $1.id } }
        var byKey: [RequirementKey: [EvidenceContribution]] = [:]
        for record in ordered {
            records[record.id] = record
            schedule(record)
            let found = contributions(of: record)
            counted[record.id] = found.map(\.key)
            for (key, contribution) in found { byKey[key, default: []].append(contribution) }
        }

        for catalogue in catalogues {
            let statement = StatementOfApplicability(catalogue: catalogue, decisions: decisions)
            for requirement in catalogue.requirements {
                let key = requirement.key
                var row = RequirementCompliance(
                    key: key, status: .missing, contributions: byKey[key] ?? [], findings: [],
                    exclusion: statement.exclusion(of: requirement.number)?.justification)
                rate(&row)
                rows[key] = row
            }
        }
        // Contributions to requirements no loaded catalogue holds are not kept.
        for (id, keys) in counted { counted[id] = keys.filter { rows[$0] != nil } }
    }

    /// This matrix carried forward to `day`, with the records in `changes` replaced (nil: no
    /// longer current or draft) and, when given, the open findings as they now are.
    ///
    /// Only the rows those records reach are worked out again, with those of the records whose
    /// standing changes between the matrix's day and `day`. The result equals a matrix built from
    /// scratch on the same facts. Nil when `day` is before the matrix's: build that one whole.
    public func updated(
        changing changes: [EvidenceID: ComplianceEvidence?], findings: [OpenFinding]? = nil, asOf day: CalendarDate
    ) -> ComplianceMatrix? {
        guard day >= asOf else { return nil }
        var matrix = self
        var affected = Set(changes.keys)
        if day > asOf {
            for (date, ids) in changesOn where date <= day {
                affected.formUnion(ids)
                matrix.changesOn[date] = nil
            }
        }
        matrix.asOf = day
        var touched: Set<RequirementKey> = []
        for id in affected.sorted() {
            for key in matrix.counted[id] ?? [] {
                matrix.rows[key]?.contributions.removeAll { $0.evidence == id }
                touched.insert(key)
            }
            matrix.counted[id] = nil
            if let date = matrix.changeDay.removeValue(forKey: id) { matrix.changesOn[date]?.remove(id) }
            let record: ComplianceEvidence?
            if let change = changes[id] { record = change } else { record = matrix.records[id] }
            matrix.records[id] = record
            guard let record else { continue }
            matrix.schedule(record)
            var keys: [RequirementKey] = []
            for (key, contribution) in matrix.contributions(of: record) where matrix.rows[key] != nil {
                keys.append(key)
                touched.insert(key)
                matrix.rows[key]?.insert(contribution)
            }
            matrix.counted[id] = keys
        }
        if let findings, findings != self.findings {
            for finding in self.findings + findings { touched.insert(finding.key) }
            matrix.findings = findings
            matrix.findingsByKey = [:]
            for finding in findings { matrix.findingsByKey[finding.key, default: []].append(finding) }
        }
        for key in touched {
            guard var row = matrix.rows[key] else { continue }
            matrix.rate(&row)
            matrix.rows[key] = row
        }
        return matrix
    }

    /// Sets a row's status and findings from its contributions and the open findings against it.
    private func rate(_ row: inout RequirementCompliance) {
        let held = findingsByKey[row.key] ?? []
        var status: ComplianceStatus
        if row.exclusion != nil {
            status = .excluded
        } else if row.contributions.contains(where: { $0.credit == .full }) {
            status = .satisfied
        } else {
            status = row.contributions.isEmpty ? .missing : .partial
        }
        if status != .excluded {
            if held.contains(where: { $0.weight == .major }) {
                status = .missing
            } else if status == .satisfied, !held.isEmpty {
                status = .partial
            }
        }
        row.status = status
        row.findings = held.map(\.reference).sorted()
    }

    private mutating func schedule(_ record: ComplianceEvidence) {
        guard let date = record.validity.nextChange(after: asOf) else { return }
        changeDay[record.id] = date
        changesOn[date, default: []].insert(record.id)
    }

    /// What one record contributes on the matrix's day: one contribution per requirement, the
    /// strongest of its paths, and of equal ones the record's own link to the requirement, so a
    /// page says "logged against it".
    private mutating func contributions(of record: ComplianceEvidence) -> [(
        key: RequirementKey,
        contribution:
            EvidenceContribution
    )] {
        let recordReason: EvidenceStanding.PartialReason?
        switch record.validity.standing(on: asOf) {
        case .none: return []
        case .full: recordReason = nil
        case .partial(let reason): recordReason = reason
        }
        var best: [RequirementKey: EvidenceContribution] = [:]
        var order: [RequirementKey] = []
        for logged in record.requirements {
            for target in targets(of: logged) {
                let credit: CrosswalkCredit = recordReason == nil && target.credit == .full ? .full : .partial
                if let existing = best[target.key] {
                    if existing.credit > credit
                        || (existing.credit == credit && (existing.via == nil || target.via != nil))
                    {
                        continue
                    }
                } else {
                    order.append(target.key)
                }
                best[target.key] = EvidenceContribution(
                    evidence: record.id, credit: credit, reason: recordReason ?? (credit == .partial ? .indirect : nil),
                    via: target.via)
            }
        }
        return order.compactMap { key in best[key].map { (key, $0) } }
    }

    private mutating func targets(of key: RequirementKey) -> [Target] {
        if let cached = targetCache[key] { return cached }
        var result: [Target] = []
        var seen: [RequirementKey: Int] = [:]
        func add(_ target: RequirementKey, _ credit: CrosswalkCredit, _ via: RequirementKey?) {
            if let position = seen[target] {
                if credit > result[position].credit { result[position] = Target(key: target, credit: credit, via: via) }
                return
            }
            seen[target] = result.count
            result.append(Target(key: target, credit: credit, via: via))
        }
        var direct: [(RequirementKey, CrosswalkCredit)] = [(key, .full)]
        direct += index.credits(for: key).map { ($0.key, $0.credit) }
        for (target, credit) in direct {
            add(target, credit, target == key ? nil : key)
            // Evidence for a whole clause speaks only in part for each requirement below it.
            if let catalogue = catalogues[target.standard], leafSets[target.standard]?.contains(target.number) == false
            {
                for node in catalogue.subtree(of: target.number).dropFirst()
                where leafSets[target.standard]?.contains(node.requirement.number) == true {
                    add(node.requirement.key, .partial, key)
                }
            }
        }
        targetCache[key] = result
        return result
    }

    /// The compliance of one requirement (leaf or clause as logged), if it exists.
    public func compliance(of key: RequirementKey) -> RequirementCompliance? { rows[key] }

    /// The status of any node: its own for a leaf, the roll-up of its leaves for a clause.
    public func status(of key: RequirementKey) -> ComplianceStatus? {
        guard let catalogue = catalogues[key.standard], catalogue.contains(key.number) else { return nil }
        let leaves = leaves(under: key, in: catalogue)
        if leaves.count == 1, leaves[0] == key.number { return rows[key]?.status }
        return tally(leaves.compactMap { rows[RequirementKey(uncheckedStandard: key.standard, number: $0)]?.status })
            .status
    }

    /// The evidence behind a requirement's status: for a leaf, what counts for it; for a clause,
    /// what counts for the clause and for each leaf below it, since its status is their roll-up.
    /// A record appears once, for the first requirement it counts for with its strongest credit,
    /// in the matrix's order.
    public func evidence(for key: RequirementKey) -> [CountedEvidence] {
        guard let catalogue = catalogues[key.standard], catalogue.contains(key.number) else { return [] }
        var keys = [key]
        for leaf in leaves(under: key, in: catalogue) where leaf != key.number {
            keys.append(RequirementKey(uncheckedStandard: key.standard, number: leaf))
        }
        var result: [CountedEvidence] = []
        var position: [EvidenceID: Int] = [:]
        for requirement in keys {
            for contribution in rows[requirement]?.contributions ?? [] {
                if let index = position[contribution.evidence] {
                    if contribution.credit > result[index].contribution.credit {
                        result[index] = CountedEvidence(requirement: requirement, contribution: contribution)
                    }
                    continue
                }
                position[contribution.evidence] = result.count
                result.append(CountedEvidence(requirement: requirement, contribution: contribution))
            }
        }
        return result
    }

    /// The tally of a whole standard's requirements.
    public func tally(of standard: StandardID) -> ComplianceTally {
        guard let catalogue = catalogues[standard] else { return ComplianceTally() }
        return tally(catalogue.leaves.compactMap { rows[$0.key]?.status })
    }

    /// One tally per top-level clause (or electoral process node) of a standard.
    public func tallyByClause(of standard: StandardID) -> [(requirement: Requirement, tally: ComplianceTally)] {
        guard let catalogue = catalogues[standard] else { return [] }
        return catalogue.children(of: nil).map { top in
            let leaves = leaves(under: top.key, in: catalogue)
            return (
                top, tally(leaves.compactMap { rows[RequirementKey(uncheckedStandard: standard, number: $0)]?.status })
            )
        }
    }

    /// One tally per electoral process: the requirements tagged with it, or that sit under it.
    public func tallyByProcess(of standard: StandardID) -> [(process: ElectoralProcess, tally: ComplianceTally)] {
        guard let catalogue = catalogues[standard] else { return [] }
        var grouped: [ElectoralProcess: Set<String>] = [:]
        for requirement in catalogue.requirements {
            var processes = Set(requirement.electoralProcesses)
            for ancestor in catalogue.ancestry(of: requirement.number) {
                if let process = ElectoralProcess(rawValue: ancestor),
                    catalogue.requirement(ancestor)?.kind == .electoralProcess
                {
                    processes.insert(process)
                }
            }
            for process in processes {
                for leaf in leaves(under: requirement.key, in: catalogue) { grouped[process, default: []].insert(leaf) }
            }
        }
        return ElectoralProcess.allCases.compactMap { process in
            guard let numbers = grouped[process] else { return nil }
            return (
                process,
                tally(numbers.compactMap { rows[RequirementKey(uncheckedStandard: standard, number: $0)]?.status })
            )
        }
    }

    /// Every leaf requirement of a standard with its compliance, in reading order.
    public func leafRows(of standard: StandardID) -> [RequirementCompliance] {
        guard let catalogue = catalogues[standard] else { return [] }
        return catalogue.leaves.compactMap { rows[$0.key] }
    }

    private func leaves(under key: RequirementKey, in catalogue: Catalogue) -> [String] {
        let subtree = catalogue.subtree(of: key.number)
        let parents = Set(subtree.compactMap(\.requirement.parentNumber))
        return subtree.map(\.requirement.number).filter { !parents.contains($0) }
    }

    private func tally(_ statuses: [ComplianceStatus]) -> ComplianceTally {
        var tally = ComplianceTally()
        for status in statuses { tally.add(status) }
        return tally
    }
}

extension RequirementKey {
    /// A key from parts already known to be valid (taken from a loaded catalogue).
    init(uncheckedStandard standard: StandardID, number: String) {
        self.standard = standard
        self.number = number
    }
}

extension RequirementCompliance {
    /// Puts a record's contribution at its identifier's place, the order a matrix built whole has.
    fileprivate mutating func insert(_ contribution: EvidenceContribution) {
        var low = 0
        var high = contributions.count
        while low < high {
            let middle = (low + high) / 2
            if contributions[middle].evidence < contribution.evidence { low = middle + 1 } else { high = middle }
        }
        contributions.insert(contribution, at: low)
    }
}
