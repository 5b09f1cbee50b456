import QMSCore
import QMSStore

/// Readiness of one standard for certification.
public struct StandardReadiness: Sendable, Codable {
    public var standard: String
    public var title: LocalizedText
    public var status: String
    /// Requirements that apply (leaves not excluded).
    public var applicable: Int
    public var excluded: Int
    public var satisfied: Int
    public var partial: Int
    public var missing: Int
    /// Satisfied share of the applicable requirements, with partial ones counting half, in percent.
    public var readinessPercent: Double
}

/// How ready the organisation is for certification, per standard.
public struct ComplianceService: Sendable {
    let qms: QMS

    /// The readiness of every loaded standard (or one).
    public func readiness(standard: StandardID? = nil) async throws -> [StandardReadiness] {
        if let standard { _ = try await qms.catalogues.catalogue(standard) }
        return try await qms.store.reading { reader in
            let decisions = try reader.applicability()
            return try reader.catalogues().filter { standard == nil || $0.standard.id == standard }.map { catalogue in
                let statement = StatementOfApplicability(catalogue: catalogue, decisions: decisions)
                let leaves = catalogue.leaves
                let excluded = leaves.filter { statement.isExcluded($0.number) }.count
                let applicable = leaves.count - excluded
                // Evidence arrives with the evidence records; until then every applicable requirement is missing.
                let satisfied = 0
                let partial = 0
                let percent = applicable == 0 ? 0 : (Double(satisfied) + Double(partial) / 2) / Double(applicable) * 100
                return StandardReadiness(
                    standard: catalogue.standard.id.rawValue, title: catalogue.standard.title,
                    status: catalogue.standard.status.name, applicable: applicable, excluded: excluded,
                    satisfied: satisfied, partial: partial, missing: applicable - satisfied - partial,
                    readinessPercent: percent)
            }
        }
    }
}
