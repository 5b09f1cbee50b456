import QMSCore
import QMSStore

/// One line of the statement of applicability as listed.
public struct ApplicabilityView: Sendable, Codable {
    public var key: RequirementKey
    public var title: LocalizedText
    public var excluded: Bool
    public var justification: String?
    public var decidedBy: String
}

/// The statement of applicability (ISO 9001 4.3): which requirements are excluded, and why.
public struct ApplicabilityService: Sendable {
    let qms: QMS

    /// Records that a requirement is excluded (with a justification) or applicable again.
    @discardableResult
    public func set(_ key: RequirementKey, excluded: Bool, justification: String?) async throws -> ApplicabilityDecision
    {
        let catalogue = try await qms.catalogues.catalogue(key.standard)
        let decision = try ApplicabilityDecision(
            key: key, excluded: excluded, justification: justification, decidedBy: qms.actor)
        try decision.check(against: catalogue)
        try await qms.store.writing(actor: qms.actor) { writer in try writer.setApplicability(decision) }
        qms.logger.info(
            "applicability set",
            metadata: ["requirement": "\(key)", "excluded": "\(excluded)", "actor": "\(qms.actor)"])
        return decision
    }

    /// The decisions recorded, optionally for one standard.
    public func list(standard: StandardID? = nil) async throws -> [ApplicabilityView] {
        if let standard { _ = try await qms.catalogues.catalogue(standard) }
        return try await qms.store.reading { reader in
            let catalogues = Dictionary(uniqueKeysWithValues: try reader.catalogues().map { ($0.standard.id, $0) })
            return try reader.applicability(standard: standard).map { decision in
                ApplicabilityView(
                    key: decision.key,
                    title: catalogues[decision.key.standard]?.requirement(decision.key.number)?.title
                        ?? LocalizedText(en: decision.key.number),
                    excluded: decision.excluded, justification: decision.justification, decidedBy: decision.decidedBy)
            }
        }
    }
}
