/// The statement of applicability for one requirement (ISO 9001 4.3): applicable, or excluded
/// with a justification.
public struct ApplicabilityDecision: Sendable, Hashable, Codable {
    public var key: RequirementKey
    public var excluded: Bool
    /// Why the requirement does not apply (required for an exclusion).
    public var justification: String?
    /// Who decided.
    public var decidedBy: String

    /// Creates a decision; an exclusion needs a justification of some substance.
    public init(key: RequirementKey, excluded: Bool, justification: String?, decidedBy: String) throws(DomainError) {
        let text = justification?.trimmingWhitespace()
        if excluded {
            guard let text, text.count >= 10 else {
                throw .ruleViolated(.exclusionNeedsJustification, ["key": "\(key)"], fix: .give(["justification"]))
            }
        }
        self.key = key
        self.excluded = excluded
        self.justification = (text?.isEmpty ?? true) ? nil : text
        self.decidedBy = decidedBy
    }

    /// Checks that the excluded requirement may be excluded at all.
    ///
    /// Under ISO 9001's structure only requirements of clauses 7 and 8 can be determined not
    /// applicable; an exclusion elsewhere would undermine conformity (4.3), and certification
    /// bodies refuse it.
    public func check(against catalogue: Catalogue) throws(DomainError) {
        guard catalogue.contains(key.number) else {
            throw .notFound(
                kind: .requirement, id: key.description,
                hint: .lookUp(.standard, scope: key.standard.rawValue))
        }
        guard excluded, catalogue.standard.followsISO9001Structure else { return }
        let top = catalogue.ancestry(of: key.number).first ?? key.number
        guard top == "7" || top == "8", key.number != "7", key.number != "8" else {
            throw .ruleViolated(
                .cannotExclude, ["key": "\(key)"],
                fix: .advice(.excludeSpecificRequirement))
        }
    }
}

/// The statement of applicability of a whole catalogue: which nodes are excluded, directly or
/// because a node above them is.
public struct StatementOfApplicability: Sendable {
    private let catalogue: Catalogue
    private let decisions: [String: ApplicabilityDecision]

    /// Builds the statement from the decisions recorded for this catalogue's standard.
    public init(catalogue: Catalogue, decisions: [ApplicabilityDecision]) {
        self.catalogue = catalogue
        var byNumber: [String: ApplicabilityDecision] = [:]
        for decision in decisions where decision.key.standard == catalogue.standard.id {
            byNumber[decision.key.number] = decision
        }
        self.decisions = byNumber
    }

    /// The decision that excludes `number`, its own or an ancestor's, if any.
    public func exclusion(of number: String) -> ApplicabilityDecision? {
        for ancestor in catalogue.ancestry(of: number).reversed() {
            if let decision = decisions[ancestor], decision.excluded { return decision }
        }
        return nil
    }

    /// Whether `number` is excluded, directly or through a node above it.
    public func isExcluded(_ number: String) -> Bool { exclusion(of: number) != nil }
}
