/// How a requirement of one standard relates to a requirement of another.
///
/// The relationship describes the `from` requirement relative to the `to` requirement.
public enum CrosswalkRelationship: String, Sendable, Hashable, Codable, CaseIterable {
    /// Both ask for the same thing.
    case equal
    /// Everything `from` asks for, `to` asks for too, and more.
    case subset
    /// `from` asks for everything `to` asks for, and more.
    case superset
    /// They overlap; neither contains the other.
    case related

    /// The relationship seen from the other side.
    public var inverse: CrosswalkRelationship {
        switch self {
        case .equal: return .equal
        case .subset: return .superset
        case .superset: return .subset
        case .related: return .related
        }
    }

    /// How much evidence for `from` counts for `to`: in full when `from` covers all of `to`.
    public var credit: CrosswalkCredit {
        switch self {
        case .equal, .superset: return .full
        case .subset, .related: return .partial
        }
    }
}

/// How much evidence logged against one requirement counts for another.
public enum CrosswalkCredit: String, Sendable, Hashable, Codable, Comparable {
    /// The evidence covers the other requirement only in part.
    case partial
    /// The evidence can satisfy the other requirement on its own.
    case full

    public static func < (lhs: CrosswalkCredit, rhs: CrosswalkCredit) -> Bool {
        lhs == .partial && rhs == .full
    }
}

/// One line of a crosswalk.
public struct CrosswalkEntry: Sendable, Hashable, Codable {
    public var from: RequirementKey
    public var to: RequirementKey
    public var relationship: CrosswalkRelationship
    public var note: LocalizedText?

    /// Creates an entry.
    public init(
        from: RequirementKey, to: RequirementKey, relationship: CrosswalkRelationship, note: LocalizedText? = nil
    ) {
        self.from = from
        self.to = to
        self.relationship = relationship
        self.note = note
    }
}

/// A mapping from the requirements of one standard to those of another.
public struct Crosswalk: Sendable, Hashable, Codable {
    public var from: StandardID
    public var to: StandardID
    public var title: LocalizedText
    public var entries: [CrosswalkEntry]

    /// Creates a crosswalk; every entry must run from `from` to `to`, and no pair may repeat.
    public init(from: StandardID, to: StandardID, title: LocalizedText, entries: [CrosswalkEntry]) throws(DomainError) {
        guard from != to else {
            throw .ruleViolated(.crosswalkSameStandard, fix: nil)
        }
        var pairs = Set<[RequirementKey]>()
        for entry in entries {
            guard entry.from.standard == from, entry.to.standard == to else {
                throw .ruleViolated(
                    .crosswalkEntryDirection,
                    ["entryFrom": "\(entry.from)", "entryTo": "\(entry.to)", "from": "\(from)", "to": "\(to)"], fix: nil
                )
            }
            guard pairs.insert([entry.from, entry.to]).inserted else {
                throw .alreadyExists(
                    kind: .crosswalkEntry, id: "\(entry.from) → \(entry.to)", hint: .advice(.mapPairOnce))
            }
        }
        self.from = from
        self.to = to
        self.title = title
        self.entries = entries
    }
}

/// A requirement that evidence for another requirement counts towards, and how.
public struct CrosswalkCreditPath: Sendable, Hashable, Codable {
    /// The requirement that receives the credit.
    public var key: RequirementKey
    public var credit: CrosswalkCredit
    /// The requirements the credit travels through, starting with the evidence's own requirement.
    public var path: [RequirementKey]
}

/// All loaded crosswalks as one graph, resolving which requirements a piece of evidence counts for.
///
/// Credit travels both ways along an entry (inverting the relationship) and across standards
/// (ISO/TS 17582 → ISO/TS 54001 → ISO 9001). Full credit travels any number of steps, since
/// covering a requirement in full covers whatever it fully covers; partial credit is one last step
/// and goes no further, because a part of a part says nothing reliable. Evidence never credits
/// other requirements of its own standard: within a standard, each requirement needs its own.
public struct CrosswalkIndex: Sendable {
    private var edges: [RequirementKey: [(to: RequirementKey, credit: CrosswalkCredit)]] = [:]

    /// Builds the graph from any number of crosswalks.
    public init(_ crosswalks: [Crosswalk]) {
        for crosswalk in crosswalks {
            for entry in crosswalk.entries {
                edges[entry.from, default: []].append((entry.to, entry.relationship.credit))
                edges[entry.to, default: []].append((entry.from, entry.relationship.inverse.credit))
            }
        }
    }

    /// Every other requirement that evidence for `key` counts towards, strongest credit first.
    public func credits(for key: RequirementKey) -> [CrosswalkCreditPath] {
        var full: [RequirementKey: [RequirementKey]] = [key: [key]]
        var order: [RequirementKey] = [key]
        var head = 0
        while head < order.count {
            let current = order[head]
            head += 1
            for edge in edges[current] ?? []
            where edge.credit == .full && full[edge.to] == nil && edge.to.standard != key.standard {
                full[edge.to] = (full[current] ?? []) + [edge.to]
                order.append(edge.to)
            }
        }
        var result: [RequirementKey: CrosswalkCreditPath] = [:]
        for (target, path) in full where target != key {
            result[target] = CrosswalkCreditPath(key: target, credit: .full, path: path)
        }
        for source in order {
            for edge in edges[source] ?? []
            where edge.credit == .partial && full[edge.to] == nil && result[edge.to] == nil
                && edge.to.standard != key.standard
            {
                result[edge.to] = CrosswalkCreditPath(
                    key: edge.to, credit: .partial, path: (full[source] ?? []) + [edge.to])
            }
        }
        return result.values.sorted { lhs, rhs in
            lhs.credit != rhs.credit ? lhs.credit > rhs.credit : lhs.key < rhs.key
        }
    }

    /// The requirements directly mapped to `key`, with the relationship seen from `key`.
    public func neighbours(of key: RequirementKey) -> [(key: RequirementKey, credit: CrosswalkCredit)] {
        (edges[key] ?? []).map { ($0.to, $0.credit) }
    }
}
