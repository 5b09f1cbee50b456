import Crypto
import Foundation
import QMSCore
import QMSFormats
import QMSStore

/// The file formats of plans.
public enum PlanFileFormat: String, Sendable, Codable, CaseIterable {
    /// A whole plan set (`plans.xsd`).
    case xml
    /// A work plan's flat sheet.
    case csv
    /// A work plan's workbook.
    case xlsx
    /// The work plan as IATI 2.03 activities (export only).
    case iati

    /// The format a file's extension names (IATI documents are exported, never imported).
    public init(url: URL) throws(DomainError) {
        guard let format = PlanFileFormat(rawValue: url.pathExtension.lowercased()), format != .iati else {
            throw .invalidValue(
                field: "file", value: url.lastPathComponent, expected: .planFile)
        }
        self = format
    }
}

/// What an import did.
public struct PlanImportReport: Sendable, Codable {
    public var file: String
    public var format: PlanFileFormat
    public var awp: PlanID
    /// The version the import made: 1 for a new AWP, the next one otherwise.
    public var version: Int
    public var status: AWPStatus
    public var activities: Int
    public var budgetLines: Int
    public var planned: Money
}

/// What an export wrote.
/// How a work plan is exported as IATI activities.
public struct IATIExportSettings: Sendable, Hashable {
    /// The commission's IATI organisation identifier for this export, when the reader gave one:
    /// it comes before the organisation's stored one.
    public var organisationReference: String?
    /// The deployment's default identifier (`$EQMS_IATI_ORG_REF`, read by the front ends), used
    /// when neither this export nor the organisation names one. With none of the three the
    /// export refuses to run.
    public var defaultReference: String?
    /// One activity per work plan, or one per output.
    public var grouping: IATIActivityGrouping

    /// Creates settings.
    public init(
        organisationReference: String? = nil, defaultReference: String? = nil, grouping: IATIActivityGrouping = .plan
    ) {
        self.organisationReference = organisationReference
        self.defaultReference = defaultReference
        self.grouping = grouping
    }

    /// The identifier the export uses: the one given for it, else the organisation's stored one,
    /// else the deployment's default; nil when none is set. One given here or by default is
    /// checked as the organisation's own is when stored.
    public func reference(stored: String?) throws(DomainError) -> String? {
        if let given = organisationReference?.trimmingWhitespace().nilIfEmpty {
            return try Self.checked(given, field: "org-ref")
        }
        if let stored = stored?.trimmingWhitespace().nilIfEmpty { return stored }
        if let fallback = defaultReference?.trimmingWhitespace().nilIfEmpty {
            return try Self.checked(fallback, field: "org-ref")
        }
        return nil
    }

    private static func checked(_ reference: String, field: String) throws(DomainError) -> String {
        guard Organisation.isIATIOrganisationIdentifier(reference) else {
            throw .invalidValue(field: field, value: reference, expected: .iatiOrganisationIdentifier)
        }
        return reference
    }
}

public struct PlanExportReport: Sendable, Codable {
    public var file: String
    public var format: PlanFileFormat
    public var awp: PlanID
    public var version: Int
    public var activities: Int
    public var budgetLines: Int
    public var bytes: Int
}

/// A version's number and status, for listings.
public struct AWPVersionStatus: Sendable, Codable, Hashable {
    public var version: Int
    public var status: AWPStatus
}

/// An AWP version with its review and its figures: what `eqms plan show AWP` prints.
public struct AWPDetails: Sendable, Codable {
    public var version: AWPVersion
    /// Every version of the AWP.
    public var versions: [AWPVersionStatus]
    /// The comments on this version.
    public var comments: [AWPComment]
    /// Every decision on the AWP.
    public var decisions: [AWPDecision]
    public var summary: AWPSummary
}

/// Importing, exporting, showing, reporting on and comparing plans.
public struct PlanService: Sendable {
    let qms: QMS

    // MARK: Import

    /// Imports a plan file (XML plan set, CSV or XLSX work plan) in one transaction. A file whose
    /// AWP id exists makes the next version of that AWP; a spreadsheet keeps the strategic,
    /// operational and financial plans of the latest version. Any problem aborts the import with
    /// its file:line (XML) or row and column (CSV, XLSX), and nothing is written. `name` is the
    /// file's name as its reader knows it (an upload's own name rather than where it was put),
    /// for the messages and the version's source. With `expected`, the file must be of that
    /// plan: a new version asked for on one plan's page never lands on another.
    @discardableResult
    public func importFile(
        _ url: URL, named name: String? = nil, expected: PlanID? = nil, library: PlansLibrary? = nil
    ) async throws -> PlanImportReport {
        let name = name ?? CatalogueService.displayName(url)
        let format = try PlanFileFormat(url: url)
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw ServiceError.cannotReadFile(path: name, reason: error.localizedDescription)
        }
        let sha256 = Hex.encode(SHA256.hash(data: data))
        switch format {
        case .xml:
            let reader = try (library ?? PlansLibrary.locate()).reader()
            let file = try reader.read(data: data, file: name)
            try Self.check(file.planSet.workPlan.id, expected: expected, file: name)
            try await checkLinks(file.planSet) { file.location(of: $0) }
            return try await store(file.planSet, file: name, format: format, sha256: sha256)
        case .csv, .xlsx:
            let content =
                format == .csv
                ? try AWPCSV.read(CSVReader(data: data, file: name))
                : try AWPWorkbook.read(XLSXReader.read(data: data, file: name), file: name)
            try Self.check(content.awp, expected: expected, file: name)
            let base = try await qms.store.reading { try $0.awpVersion(content.awp) }
            let planSet = try PlanService.planSet(from: content, base: base?.planSet, file: name)
            try await checkLinks(planSet) { content.location(of: $0) ?? SourceLocation(file: name) }
            return try await store(planSet, file: name, format: format, sha256: sha256)
        case .iati:
            // `PlanFileFormat(url:)` never names IATI: an IATI document is exported, not imported.
            throw DomainError.invalidValue(field: "file", value: name, expected: .planFile)
        }
    }

    /// Refuses a file of another plan than the one a new version was asked for, naming both.
    static func check(_ found: PlanID, expected: PlanID?, file: String) throws {
        guard let expected, expected != found else { return }
        throw DomainError.ruleViolated(
            .uploadForOtherPlan, ["expected": "\(expected)", "found": "\(found)", "file": "\(file)"],
            fix: .give(["file"]))
    }

    /// Stores a checked plan set as the next version of its AWP.
    private func store(_ planSet: PlanSet, file: String, format: PlanFileFormat, sha256: String) async throws
        -> PlanImportReport
    {
        let actor = qms.actor
        let report = try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            let plan = planSet.workPlan
            let existing = try writer.reader.awpVersionStatuses(plan.id)
            if let latest = existing.last {
                guard latest.status.acceptsNewVersion else {
                    throw AWPWorkflowError.versionUnderReview(
                        awp: plan.id, version: latest.version, status: latest.status)
                }
                if let current = try writer.reader.awpListings().first(where: { $0.awp == plan.id }),
                    current.year != plan.year || current.currency != plan.currency
                {
                    throw DomainError.ruleViolated(
                        .workPlanYearMismatch,
                        [
                            "id": "\(plan.id)", "year": "\(current.year)", "currency": "\(current.currency)",
                            "file": "\(file)", "givenYear": "\(plan.year)", "givenCurrency": "\(plan.currency)",
                        ], fix: .advice(.newYearNewID(example: "\(plan.id.rawValue)-\(plan.year)")))
                }
            }
            let version = AWPVersion(
                awp: plan.id, version: (existing.last?.version ?? 0) + 1, status: .draft, planSet: planSet,
                sourceFile: file, sourceSHA256: sha256, importedAt: writer.instant, importedBy: actor)
            try writer.insertAWPVersion(version)
            return PlanImportReport(
                file: file, format: format, awp: plan.id, version: version.version, status: .draft,
                activities: plan.activities.count, budgetLines: plan.budgetLines.count, planned: plan.totalPlanned)
        }
        qms.logger.info(
            "plan imported", metadata: ["awp": "\(report.awp)", "version": "\(report.version)", "file": "\(file)"])
        return report
    }

    /// The plan set a sheet makes: its activities and budget lines within the rest of `base`
    /// (the AWP's latest version), or within a minimal plan set for a new AWP. Outputs and funding
    /// sources the sheet names and the base lacks are added. A sheet has no column for dated
    /// events, so an activity the base has keeps its events while they still fit its quarters.
    static func planSet(from content: AWPSheetContent, base: PlanSet?, file: String) throws -> PlanSet {
        var planSet =
            base
            ?? PlanSet(
                workPlan: AnnualWorkPlan(
                    id: content.awp, year: content.year,
                    project: LocalizedText(
                        en: "Annual work plan \(content.awp)", ar: "خطة العمل السنوية \(content.awp)"),
                    currency: content.currency))
        let previous = Dictionary(
            (base?.workPlan.activities ?? []).map { ($0.code, $0.events) }, uniquingKeysWith: { first, _ in first })
        planSet.workPlan.year = content.year
        planSet.workPlan.currency = content.currency
        planSet.workPlan.activities = content.activities.map { activity in
            var dated = activity
            dated.events = previous[activity.code] ?? []
            return (try? dated.validateEvents(year: content.year)) != nil ? dated : activity
        }
        planSet.workPlan.budgetLines = content.budgetLines
        // Every new output the sheet names without what a new output needs is a problem of its own.
        var problems: [FileProblem] = []
        for output in content.outputs where planSet.output(output.code) == nil {
            let place = { (field: String) in
                SourceLocation(
                    file: output.location.file, field: field, row: output.location.row, sheet: output.location.sheet)
            }
            guard let title = output.title else {
                problems.append(
                    FileProblem(
                        .outputNotInOperationalPlan, ["output": "\(output.code)", "awp": "\(content.awp)"],
                        at: place("output_title"), fix: .advice(.correctOutputCode)))
                continue
            }
            guard let phase = output.phase else {
                problems.append(
                    FileProblem(
                        .newOutputNeedsPhase, ["output": "\(output.code)"], at: place("output_phase"),
                        fix: .advice(.giveOutputPhase)))
                continue
            }
            planSet.outputs.append(PlanOutput(code: output.code, title: title, year: content.year, phase: phase))
        }
        guard problems.isEmpty else { throw FormatError(problems) }
        for source in content.sources where planSet.financialPlan.source(source) == nil {
            planSet.financialPlan.sources.append(FundingSource(code: source, name: LocalizedText(en: source.rawValue)))
        }
        let issues = planSet.validate()
        if !issues.isEmpty {
            throw FormatError(
                issues.prefix(50).map { issue in
                    FileProblem(
                        issue, at: content.location(of: issue) ?? SourceLocation(file: file), fix: issue.fix)
                })
        }
        return planSet
    }

    /// Checks that every activity's links point at records that exist: requirements of loaded
    /// catalogues, evidence records, corrective actions and observer recommendations.
    private func checkLinks(_ planSet: PlanSet, locate: @escaping @Sendable (PlanIssue) -> SourceLocation) async throws
    {
        var targets: [ActivityLinkKind: Set<String>] = [:]
        for activity in planSet.workPlan.activities {
            for link in activity.links { targets[link.kind, default: []].insert(link.target) }
        }
        guard !targets.isEmpty else { return }
        let wanted = targets
        let missing: [ActivityLinkKind: Set<String>] = try await qms.store.reading { reader in
            var missing: [ActivityLinkKind: Set<String>] = [:]
            for (kind, values) in wanted {
                if kind == .requirement {
                    let keys = values.compactMap { try? RequirementKey(parsing: $0) }
                    for key in keys where try !reader.requirementExists(key) {
                        missing[kind, default: []].insert(key.description)
                    }
                } else {
                    missing[kind] = values.subtracting(try reader.existingLinkTargets(kind, among: values))
                }
            }
            return missing.filter { !$0.value.isEmpty }
        }
        guard !missing.isEmpty else { return }
        var problems: [FileProblem] = []
        for activity in planSet.workPlan.activities {
            for link in activity.links where missing[link.kind]?.contains(link.target) == true {
                let issue = PlanIssue(
                    .activity(activity.code), field: "link",
                    .ruleViolated(.linkTargetMissing, ["link": "\(link)"], fix: nil))
                problems.append(
                    FileProblem(
                        issue, at: locate(issue),
                        fix: link.kind == .requirement
                            ? Fix.lookUp(.standard) : Fix.advice(.linkRegisteredRecord)
                    ))
            }
        }
        throw FormatError(Array(problems.prefix(50)))
    }

    // MARK: Export

    /// Writes a version (the latest by default) as a plan file: the whole plan set as XML, or
    /// the work plan as CSV or XLSX.
    @discardableResult
    public func export(
        _ awp: PlanID, version: Int? = nil, format: PlanFileFormat, to url: URL, layout: WorkbookLayout = .flat,
        iati: IATIExportSettings = IATIExportSettings(), standards: StandardsLibrary? = nil
    ) async throws -> PlanExportReport {
        let stored = try await self.version(awp, version: version)
        let data: Data
        switch format {
        case .xml: data = PlanWriter.xml(stored.planSet, version: stored.version, status: stored.status)
        case .csv: data = Data(AWPCSV.write(stored.planSet).utf8)
        case .xlsx: data = try AWPWorkbook.write(stored.planSet, layout: layout)
        case .iati:
            data = try await iatiDocument(stored, settings: iati, standards: standards, name: url.lastPathComponent)
        }
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw ServiceError.cannotWriteFile(path: url.path)
        }
        return PlanExportReport(
            file: url.path, format: format, awp: awp, version: stored.version,
            activities: stored.planSet.workPlan.activities.count,
            budgetLines: stored.planSet.workPlan.budgetLines.count,
            bytes: data.count)
    }

    /// The version as an IATI 2.03 `iati-activities` document (the latest version by default):
    /// checked against IATI's rules and validated against the vendored 2.03 schema, in memory, so
    /// that a caller writes only a valid document.
    public func iati(
        _ awp: PlanID, version: Int? = nil, settings: IATIExportSettings, standards: StandardsLibrary? = nil
    ) async throws -> Data {
        let stored = try await self.version(awp, version: version)
        return try await iatiDocument(stored, settings: settings, standards: standards, name: "\(awp).xml")
    }

    private func iatiDocument(
        _ stored: AWPVersion, settings: IATIExportSettings, standards: StandardsLibrary?, name: String
    ) async throws -> Data {
        let expenditures = try await qms.store.reading { try $0.expenditures(stored.awp) }
        let commission = try await qms.organisation.get()
        let reference = try settings.reference(stored: commission?.iatiReference)
        let organisation = commission?.name ?? LocalizedText(en: reference ?? "")
        let options = IATIExportOptions(
            organisation: IATIOrganisation(reference: reference, name: organisation), grouping: settings.grouping,
            generated: Instant(secondsSince1970: qms.now().timeIntervalSince1970), planUpdated: stored.importedAt)
        let document = try IATIExport.document(stored.planSet, expenditures: expenditures, options: options)
        let schema = try XMLSchema(fileAt: (standards ?? StandardsLibrary.locate()).iatiActivitiesSchemaURL)
        return try IATIWriter.data(document, schema: schema, name: name)
    }

    // MARK: Reading

    /// Every AWP with its latest version.
    public func list() async throws -> [AWPListing] {
        try await qms.store.reading { try $0.awpListings() }
    }

    /// A version of an AWP (the latest when `version` is nil).
    public func version(_ awp: PlanID, version: Int? = nil) async throws -> AWPVersion {
        guard let stored = try await qms.store.reading({ try $0.awpVersion(awp, version: version) }) else {
            let versions = try await qms.store.reading { try $0.awpVersionStatuses(awp) }
            if let version, !versions.isEmpty {
                throw DomainError.notFound(
                    kind: .version, id: "\(awp) version \(version)",
                    hint: .advice(.versions(plan: "\(awp)", count: versions.count)))
            }
            throw DomainError.notFound(
                kind: .annualWorkPlan, id: awp.rawValue,
                hint: .run(.importPlan))
        }
        return stored
    }

    /// A version with its versions, comments, decisions and report.
    public func details(_ awp: PlanID, version: Int? = nil) async throws -> AWPDetails {
        let stored = try await self.version(awp, version: version)
        return try await qms.store.reading { reader in
            AWPDetails(
                version: stored,
                versions: try reader.awpVersionStatuses(awp).map {
                    AWPVersionStatus(version: $0.version, status: $0.status)
                },
                comments: try reader.awpComments(awp, version: stored.version), decisions: try reader.awpDecisions(awp),
                summary: AWPSummary(version: stored, expenditures: try reader.expenditures(awp)))
        }
    }

    /// The report of a version (the latest by default): planned, spent and delivery per output,
    /// quarter and funding source; the financial plan; KPI progress; disaggregated results.
    public func report(_ awp: PlanID, version: Int? = nil) async throws -> AWPSummary {
        let stored = try await self.version(awp, version: version)
        let expenditures = try await qms.store.reading { try $0.expenditures(awp) }
        return AWPSummary(version: stored, expenditures: expenditures)
    }

    /// The quarterly progress report of a version (the latest by default) for one quarter of its
    /// year, with the risks, nonconformities, decisions and comments of that quarter.
    public func quarterly(_ awp: PlanID, quarter: Quarter, version: Int? = nil) async throws -> QuarterlyProgress {
        let stored = try await self.version(awp, version: version)
        return try await qms.store.reading { reader in
            QuarterlyProgress(
                version: stored, quarter: quarter, expenditures: try reader.expenditures(awp),
                risks: try reader.risks(), nonconformities: try reader.nonconformities(),
                decisions: try reader.awpDecisions(awp), comments: try reader.awpComments(awp))
        }
    }

    /// What changed from one version to another.
    public func diff(_ awp: PlanID, from: Int, to: Int) async throws -> AWPDiff {
        let old = try await version(awp, version: from)
        let new = try await version(awp, version: to)
        return AWPDiff(awp: awp, from: old.planSet, version: from, to: new.planSet, version: to)
    }
}
