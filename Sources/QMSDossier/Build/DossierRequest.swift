import Foundation
import QMSCore
import QMSStore

/// What to put in a dossier: which standards, as of which day, in which languages.
public struct DossierRequest: Sendable, Hashable {
    /// The standards the dossier covers (at least one).
    public var standards: [StandardID]
    /// The day the dossier speaks for: the compliance matrix of that day, the records as they were
    /// then, the audit trail up to its end.
    public var asOf: CalendarDate
    /// The first day of the period: the audit-trail excerpt starts here (default: a year before `asOf`).
    public var from: CalendarDate
    /// The languages of the pages, English first when both.
    public var languages: [Language]
    /// Copy restricted evidence files too; otherwise restricted records are listed by hash only.
    public var includeRestricted: Bool
    /// The transition deadline the certification body set, for the transition page; without it
    /// the page gives the estimate (three years after the new edition's publication).
    public var transitionDeadline: CalendarDate?

    /// Creates a request; `from` defaults to one year before `asOf`, the languages to both.
    public init(
        standards: [StandardID], asOf: CalendarDate, from: CalendarDate? = nil,
        languages: [Language] = [.english, .arabic], includeRestricted: Bool = false,
        transitionDeadline: CalendarDate? = nil
    ) {
        self.transitionDeadline = transitionDeadline
        var seen = Set<StandardID>()
        self.standards = standards.filter { seen.insert($0).inserted }
        self.asOf = asOf
        self.from = from ?? asOf.adding(months: -12).adding(days: 1)
        let chosen = Set(languages)
        self.languages = Language.allCases.filter { chosen.contains($0) }
        self.includeRestricted = includeRestricted
    }

    /// Checks what cannot be right whatever the database holds.
    public func validate() throws(DomainError) {
        guard !standards.isEmpty else {
            throw .ruleViolated(.dossierNeedsStandard, fix: .give(["standard"]))
        }
        guard !languages.isEmpty else {
            throw .ruleViolated(.dossierNeedsLanguage, fix: .give(["lang"], example: "en, ar, fr, es"))
        }
        guard from <= asOf else {
            throw .ruleViolated(.periodAfterAsOf, ["from": "\(from)", "asOf": "\(asOf)"], fix: nil)
        }
    }
}

/// The annual work plan the dossier shows: the latest version the Technical Committee approved
/// by the as-of day, with its report (KPI progress) and the quality objectives of its strategic plan.
public struct DossierWorkPlan: Sendable {
    public var version: AWPVersion
    public var approval: AWPDecision
    /// Planned against spent, and KPI progress, with the expenditure recorded by the as-of day.
    public var summary: AWPSummary
    /// The quarterly progress reports of the quarters that ended in the dossier's period.
    public var quarters: [QuarterlyProgress]

    /// Creates the plan part.
    public init(
        version: AWPVersion, approval: AWPDecision, summary: AWPSummary, quarters: [QuarterlyProgress] = []
    ) {
        self.version = version
        self.approval = approval
        self.summary = summary
        self.quarters = quarters
    }

    /// The strategic plan's objectives marked as ISO 9001 6.2 quality objectives.
    public var qualityObjectives: [StrategicObjective] {
        version.planSet.strategicPlan?.objectives.filter(\.qualityObjective) ?? []
    }
}

/// The small registers of a dossier, as they were on the as-of day. Large ones (evidence, files,
/// the audit trail) are read page by page through ``DossierSource``.
public struct DossierRecords: Sendable {
    public var organisation: Organisation?
    /// Every loaded catalogue: evidence for one standard counts for others through the crosswalks.
    public var catalogues: [Catalogue]
    public var crosswalks: [Crosswalk]
    public var decisions: [ApplicabilityDecision]
    /// Nonconformities raised by the as-of day, each with its corrective action's history up to that day.
    public var nonconformities: [Nonconformity]
    public var audits: [Audit]
    public var reviews: [ManagementReview]
    public var recommendations: [ObserverRecommendation]
    public var workPlan: DossierWorkPlan?
    /// The quality registers as they stood on the as-of day.
    public var registers: QualityRegisters
    /// The last audit event of the as-of day: its number and hash pin the trail the dossier reflects.
    public var trailHead: AuditHead?
    /// Evidence records that existed on the as-of day.
    public var evidenceCount: Int
    /// Audit events of the period.
    public var eventCount: Int

    /// Creates the registers.
    public init(
        organisation: Organisation?, catalogues: [Catalogue], crosswalks: [Crosswalk],
        decisions: [ApplicabilityDecision], nonconformities: [Nonconformity], audits: [Audit],
        reviews: [ManagementReview], recommendations: [ObserverRecommendation], workPlan: DossierWorkPlan?,
        trailHead: AuditHead?, evidenceCount: Int, eventCount: Int, registers: QualityRegisters = QualityRegisters()
    ) {
        self.registers = registers
        self.organisation = organisation
        self.catalogues = catalogues
        self.crosswalks = crosswalks
        self.decisions = decisions
        self.nonconformities = nonconformities
        self.audits = audits
        self.reviews = reviews
        self.recommendations = recommendations
        self.workPlan = workPlan
        self.trailHead = trailHead
        self.evidenceCount = evidenceCount
        self.eventCount = eventCount
    }
}

/// A stored file the dossier copies: its address and registered size.
public struct DossierFile: Sendable, Hashable {
    public var sha256: String
    public var size: Int64

    /// Creates a reference.
    public init(sha256: String, size: Int64) {
        self.sha256 = sha256
        self.size = size
    }
}

/// The large registers, read in pages inside one consistent view of the database, so that the
/// dossier's memory does not grow with the number of records.
///
/// Evidence records come as they were on the as-of day: the revision current then, its status
/// then (withdrawn only if withdrawn by that day).
public protocol DossierSource {
    /// Every evidence record of the as-of day, in identifier order, `size` at a time.
    func forEachEvidencePage(size: Int, _ body: ([EvidenceRecord]) throws -> Void) throws
    /// The records with these identifiers, as of the day, in identifier order.
    func evidence(_ ids: [EvidenceID]) throws -> [EvidenceRecord]
    /// The compliance facts of every record logged against any of `keys` (and only those of its
    /// requirements that are among `keys`), as of the day.
    func complianceEvidence(loggedAgainst keys: [RequirementKey]) throws -> [ComplianceEvidence]
    /// The distinct stored files the dossier holds, in hash order, a page at a time (restricted
    /// records' files left out unless the request includes them).
    func forEachFilePage(_ body: ([DossierFile]) throws -> Void) throws
    /// The audit events of the period, in order, a page at a time.
    func forEachEventPage(_ body: ([AuditEvent]) throws -> Void) throws
}
