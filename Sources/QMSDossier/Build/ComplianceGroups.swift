import QMSCore

/// The compliance matrix of the as-of day, computed a group of requirements at a time so that
/// memory stays flat however many evidence records there are.
///
/// ``ComplianceMatrix`` holds every contribution of every record; for a dossier of a hundred
/// thousand records that is tens of megabytes. A requirement's compliance, though, depends only
/// on the records logged against the requirements that feed it (itself, its crosswalk
/// equivalents, the clauses above it), and each record contributes on its own. So the feeders of
/// each requirement are found once — by asking the matrix itself, with one stand-in record per
/// catalogue node — and each group's matrix is built from the records logged against its
/// feeders only. The rows are exactly those of the whole matrix.
struct ComplianceGroups {
    let catalogues: [Catalogue]
    let crosswalks: [Crosswalk]
    let decisions: [ApplicabilityDecision]
    let findings: [OpenFinding]
    let asOf: CalendarDate
    /// For each requirement, the requirements whose evidence counts for it.
    private let feeders: [RequirementKey: [RequirementKey]]

    init(
        catalogues: [Catalogue], crosswalks: [Crosswalk], decisions: [ApplicabilityDecision],
        findings: [OpenFinding], asOf: CalendarDate
    ) {
        self.catalogues = catalogues
        self.crosswalks = crosswalks
        self.decisions = decisions
        self.findings = findings
        self.asOf = asOf
        // One stand-in record, current and in effect, per node of every catalogue.
        var nodes: [RequirementKey] = []
        for catalogue in catalogues { nodes += catalogue.requirements.map(\.key) }
        let standIns = nodes.enumerated().map { index, key in
            ComplianceEvidence(
                id: EvidenceID(year: 1, number: index + 1),
                validity: EvidenceValidity(status: .current, effectiveFrom: asOf, validUntil: nil, reviewDue: nil),
                requirements: [key])
        }
        let probe = ComplianceMatrix(
            catalogues: catalogues, crosswalks: crosswalks, decisions: [], evidence: standIns, asOf: asOf)
        var feeders: [RequirementKey: [RequirementKey]] = [:]
        for key in nodes {
            feeders[key] = (probe.compliance(of: key)?.contributions ?? []).map { nodes[$0.evidence.number - 1] }
        }
        self.feeders = feeders
    }

    /// The requirements whose records must be read to know `keys`' compliance.
    func feeders(of keys: [RequirementKey]) -> [RequirementKey] {
        var seen = Set<RequirementKey>()
        var result: [RequirementKey] = []
        for key in keys {
            for feeder in feeders[key] ?? [key] where seen.insert(feeder).inserted { result.append(feeder) }
        }
        return result.sorted()
    }

    /// The compliance rows of `keys`, from the records logged against their feeders.
    func rows(of keys: [RequirementKey], evidence: [ComplianceEvidence]) -> [RequirementCompliance] {
        let matrix = ComplianceMatrix(
            catalogues: catalogues, crosswalks: crosswalks, decisions: decisions, evidence: evidence,
            findings: findings, asOf: asOf)
        return keys.compactMap { matrix.compliance(of: $0) }
    }
}
