/// How a 2026 requirement differs from the edition a commission is certified to.
public enum TransitionChangeKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// No requirement of the old edition maps to it.
    case new
    /// Mapped, but no old requirement covers it in full (the crosswalk says subset or related).
    case changed
    /// An old requirement is equal to it or covers more.
    case unchanged
}

/// A requirement of the new edition that is new or changed, with what it comes from.
public struct TransitionChange: Sendable, Hashable, Codable {
    public var key: RequirementKey
    public var title: LocalizedText
    public var kind: TransitionChangeKind
    /// The old edition's requirements mapped to it, each with the crosswalk's relationship
    /// (`iso-9001-2015:6.1.2 related`).
    public var from: [String]
}

/// Evidence logged against another standard (the old edition, or ISO/TS 54001 through it) that
/// counts for a requirement of the new edition through the crosswalks.
public struct TransitionCarryOver: Sendable, Hashable, Codable {
    public var key: RequirementKey
    public var title: LocalizedText
    public var evidence: EvidenceID
    /// The requirement the evidence was logged against.
    public var via: RequirementKey
    public var credit: CrosswalkCredit
}

/// An applicable requirement of the new edition that no evidence counts for yet.
public struct TransitionGap: Sendable, Hashable, Codable {
    public var key: RequirementKey
    public var title: LocalizedText
    public var kind: TransitionChangeKind
}

/// What a commission certified to one edition needs for the next: the requirements new or changed,
/// the evidence that carries over through the crosswalk, what is missing, and the deadline.
public struct TransitionReport: Sendable, Hashable, Codable {
    public var from: StandardID
    public var to: StandardID
    /// The new edition's status word (`draft` until published).
    public var toStatus: String
    public var asOf: CalendarDate
    /// The last day to move the certificate to the new edition.
    public var deadline: CalendarDate
    /// Whether the deadline was given (true) or estimated as three years after publication.
    public var deadlineGiven: Bool
    /// Days from `asOf` to the deadline (negative once it has passed).
    public var daysLeft: Int
    public var changes: [TransitionChange]
    public var carriedOver: [TransitionCarryOver]
    public var missing: [TransitionGap]
    /// Leaves of the new edition: applicable, satisfied, partial, missing.
    public var tally: ComplianceTally

    /// The default transition period: three years, as accreditation bodies usually set it.
    public static let defaultTransitionYears = 3

    /// The default deadline: three years after publication. A draft has no publication date yet, so
    /// its edition year's last day stands for it (ISO expects publication late in that year).
    public static func defaultDeadline(for standard: Standard) -> CalendarDate? {
        guard let year = Int(standard.edition.prefix(4)),
            let end = try? CalendarDate(year: year + defaultTransitionYears, month: 12, day: 31)
        else { return nil }
        return end
    }

    /// How the report reads the compliance of one requirement of the new edition: its status and
    /// the evidence that counts, nil when the requirement has no row. A whole
    /// ``ComplianceMatrix`` answers it; a dossier answers it a requirement at a time from the
    /// records that feed that requirement only, so that it never holds the whole matrix.
    public typealias RowLookup = (RequirementKey) throws -> RequirementCompliance?

    /// Builds the report from the matrix (which holds both catalogues) and the crosswalk between them.
    public init(
        from: StandardID, to: StandardID, matrix: ComplianceMatrix, crosswalk: Crosswalk, deadline: CalendarDate,
        deadlineGiven: Bool
    ) throws(DomainError) {
        guard matrix.catalogues[from] != nil else {
            throw .notFound(kind: .standard, id: from.rawValue, hint: .advice(.loadCatalogueFirst))
        }
        guard let new = matrix.catalogues[to] else {
            throw .notFound(kind: .standard, id: to.rawValue, hint: .advice(.loadCatalogueFirst))
        }
        self.init(
            from: from, to: new, asOf: matrix.asOf, crosswalk: crosswalk, deadline: deadline,
            deadlineGiven: deadlineGiven, row: { matrix.compliance(of: $0) })
    }

    /// Builds the report of the move from `from` to the edition `new`, asking `row` for the
    /// compliance of each of `new`'s leaves once, in reading order.
    public init(
        from: StandardID, to new: Catalogue, asOf: CalendarDate, crosswalk: Crosswalk, deadline: CalendarDate,
        deadlineGiven: Bool, row: RowLookup
    ) rethrows {
        let to = new.standard.id
        self.from = from
        self.to = to
        toStatus = new.standard.status.name
        self.asOf = asOf
        self.deadline = deadline
        self.deadlineGiven = deadlineGiven
        daysLeft = asOf.days(until: deadline)
        var incoming: [String: [CrosswalkEntry]] = [:]
        for entry in crosswalk.entries where entry.from.standard == from && entry.to.standard == to {
            incoming[entry.to.number, default: []].append(entry)
        }
        changes = []
        carriedOver = []
        missing = []
        tally = ComplianceTally()
        for leaf in new.leaves {
            let entries = incoming[leaf.number] ?? []
            let kind: TransitionChangeKind =
                entries.isEmpty
                ? .new : entries.contains { $0.relationship.credit == .full } ? .unchanged : .changed
            if kind != .unchanged {
                changes.append(
                    TransitionChange(
                        key: leaf.key, title: leaf.title, kind: kind,
                        from: entries.map { "\($0.from) \($0.relationship.rawValue)" }))
            }
            guard let compliance = try row(leaf.key) else { continue }
            tally.add(compliance.status)
            for contribution in compliance.contributions {
                guard let via = contribution.via, via.standard != to else { continue }
                carriedOver.append(
                    TransitionCarryOver(
                        key: leaf.key, title: leaf.title, evidence: contribution.evidence, via: via,
                        credit: contribution.credit))
            }
            if compliance.status == .missing {
                missing.append(TransitionGap(key: leaf.key, title: leaf.title, kind: kind))
            }
        }
    }
}
