/// A standard together with its requirement tree, in reading order.
public struct Catalogue: Sendable, Hashable, Codable {
    public var standard: Standard
    /// Every node, parents before their children, siblings in the catalogue's order.
    public private(set) var requirements: [Requirement]
    private var indexByNumber: [String: Int]

    /// Creates a catalogue, checking that the tree is sound: numbers unique, parents present and
    /// listed before their children, nodes belong to this standard, amendments declared.
    public init(standard: Standard, requirements: [Requirement]) throws(DomainError) {
        var index: [String: Int] = [:]
        let amendments = Set(standard.amendments.map(\.id))
        for (position, requirement) in requirements.enumerated() {
            guard requirement.key.standard == standard.id else {
                throw .ruleViolated(
                    .requirementOfOtherStandard, ["key": "\(requirement.key)", "standard": "\(standard.id)"],
                    fix: .advice(.keyWithStandard))
            }
            guard index[requirement.number] == nil else {
                throw .alreadyExists(
                    kind: .requirementNumber, id: requirement.key.description,
                    hint: .advice(.uniqueNumbers))
            }
            if let parent = requirement.parentNumber, index[parent] == nil {
                throw .ruleViolated(
                    .parentAfterChild, ["key": "\(requirement.key)", "parent": "\(parent)"],
                    fix: .advice(.parentBeforeChildren))
            }
            if let amendment = requirement.amendment, !amendments.contains(amendment) {
                throw .notFound(
                    kind: .amendment, id: amendment, hint: .advice(.declareAmendment))
            }
            index[requirement.number] = position
        }
        if case .withdrawn(let replacement) = standard.status, replacement == nil,
            standard.origin == .catalogue
        {
            throw .ruleViolated(
                .withdrawnNeedsReplacement, ["standard": "\(standard.id)"],
                fix: .advice(.nameReplacement))
        }
        self.standard = standard
        self.requirements = requirements
        self.indexByNumber = index
    }

    /// The node with this number, if the catalogue has it.
    public func requirement(_ number: String) -> Requirement? {
        indexByNumber[number].map { requirements[$0] }
    }

    /// Whether the catalogue has a node with this number.
    public func contains(_ number: String) -> Bool { indexByNumber[number] != nil }

    /// The direct children of a node, or the top-level clauses when `number` is nil.
    public func children(of number: String?) -> [Requirement] {
        requirements.filter { $0.parentNumber == number }
    }

    /// A node and all its descendants in reading order, each with its depth below the node.
    public func subtree(of number: String) -> [(requirement: Requirement, depth: Int)] {
        guard let root = requirement(number) else { return [] }
        var result: [(Requirement, Int)] = []
        func visit(_ node: Requirement, _ depth: Int) {
            result.append((node, depth))
            for child in children(of: node.number) { visit(child, depth + 1) }
        }
        visit(root, 0)
        return result
    }

    /// The chain of numbers from the top-level clause down to this node.
    public func ancestry(of number: String) -> [String] {
        var chain: [String] = []
        var current = requirement(number)
        while let node = current {
            chain.insert(node.number, at: 0)
            current = node.parentNumber.flatMap { requirement($0) }
        }
        return chain
    }

    /// Whether `number` is `ancestor` or lies below it.
    public func isWithin(_ number: String, ancestor: String) -> Bool {
        ancestry(of: number).contains(ancestor)
    }

    /// The nodes that nothing else hangs under: the ones evidence is normally logged against.
    public var leaves: [Requirement] {
        let parents = Set(requirements.compactMap(\.parentNumber))
        return requirements.filter { !parents.contains($0.number) }
    }

    /// Texts that have no Arabic translation and will be shown in English.
    public func missingTranslations() -> [MissingTranslation] {
        var missing: [MissingTranslation] = []
        if !standard.title.has(.arabic) {
            missing.append(MissingTranslation(key: nil, field: "standard title", english: standard.title.en))
        }
        for requirement in requirements {
            if !requirement.title.has(.arabic) {
                missing.append(MissingTranslation(key: requirement.key, field: "title", english: requirement.title.en))
            }
            if !requirement.summary.has(.arabic) {
                missing.append(
                    MissingTranslation(key: requirement.key, field: "summary", english: requirement.summary.en))
            }
        }
        return missing
    }

    public static func == (lhs: Catalogue, rhs: Catalogue) -> Bool {
        lhs.standard == rhs.standard && lhs.requirements == rhs.requirements
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(standard)
        hasher.combine(requirements)
    }

    private enum CodingKeys: String, CodingKey { case standard, requirements }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            standard: container.decode(Standard.self, forKey: .standard),
            requirements: container.decode([Requirement].self, forKey: .requirements))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(standard, forKey: .standard)
        try container.encode(requirements, forKey: .requirements)
    }
}

/// A text of a catalogue that lacks its Arabic translation.
public struct MissingTranslation: Sendable, Hashable, Codable {
    /// The node, or nil for the standard itself.
    public var key: RequirementKey?
    public var field: String
    public var english: String
}
