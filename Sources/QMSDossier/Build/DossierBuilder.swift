import Foundation
import QMSCore
import QMSFormats
import QMSPresentation
import QMSStore

/// Writes every part of a dossier into the stage: pages in each language, `dossier.xml`, the
/// OSCAL assessment results. Large registers are read and written a page at a time.
final class DossierBuilder {
    let request: DossierRequest
    let records: DossierRecords
    let source: any DossierSource
    let files: any FileStore
    let stage: DossierStage
    let key: DossierSigningKey
    let templates: DossierTemplates
    /// The messages of each language of the pages, made once.
    let messageTables: [Language: MessageTable]
    let progress: (@Sendable (DossierProgress) -> Void)?
    let organisation: Organisation
    /// The catalogues of the standards the dossier covers, in the order asked.
    let scope: [Catalogue]
    let compliance: ComplianceGroups
    /// The nonconformities open at the end of the as-of day, by requirement.
    let openFindings: [OpenFinding]
    let certification: NextCertificationAudit
    /// The ISO 9001:2015 → 2026 move the dossier reports, when it covers 2015 and 2026 is loaded.
    let transition: (from: StandardID, to: Catalogue, crosswalk: Crosswalk)?

    var xml: DossierXMLWriter?
    var oscal: OSCALResultsWriter?

    /// Status of every leaf requirement of the scope, filled by the compliance pass.
    var statuses: [RequirementKey: ComplianceStatus] = [:]
    /// A line of the matrix per leaf, for the index pages.
    var matrixLines: [RequirementKey: MatrixLine] = [:]
    /// The first evidence identifier of each register page, to link to a record's page.
    var evidencePageStarts: [EvidenceID] = []
    var evidenceCount = 0
    var leafCount = 0
    var eventCount = 0
    var eventPages = 0

    static let evidencePageSize = 500
    static let eventPageSize = 1000
    static let groupSize = 5
    /// The most records a requirement page lists: the evidence register and `dossier.xml` list
    /// them all, so that memory stays flat however many records a requirement has.
    static let requirementPageEvidence = 200

    /// What the index shows of one requirement.
    struct MatrixLine {
        var status: ComplianceStatus
        var evidence: [EvidenceID]
        var evidenceTotal: Int
        var findings: [String]
    }

    init(
        request: DossierRequest, records: DossierRecords, source: any DossierSource, files: any FileStore,
        stage: DossierStage, key: DossierSigningKey, progress: (@Sendable (DossierProgress) -> Void)?
    ) throws {
        self.request = request
        self.records = records
        self.source = source
        self.files = files
        self.stage = stage
        self.key = key
        self.progress = progress
        templates = try DossierTemplates.load()
        messageTables = Dictionary(uniqueKeysWithValues: request.languages.map { ($0, MessageTable($0)) })
        guard let organisation = records.organisation else {
            throw DomainError.ruleViolated(.dossierNeedsOrganisation, fix: .run(.setOrganisation))
        }
        self.organisation = organisation
        var scope: [Catalogue] = []
        for id in request.standards {
            guard let catalogue = records.catalogues.first(where: { $0.standard.id == id }) else {
                throw DomainError.notFound(
                    kind: .standard, id: id.rawValue, hint: .lookUp(.standard))
            }
            scope.append(catalogue)
        }
        self.scope = scope
        openFindings = records.nonconformities.flatMap(\.openFindings)
        compliance = ComplianceGroups(
            catalogues: records.catalogues, crosswalks: records.crosswalks, decisions: records.decisions,
            findings: openFindings, asOf: request.asOf)
        certification = CertificationCycle.next(after: records.audits, nonconformities: records.nonconformities)
        transition = DossierBuilder.transitionPair(
            standards: request.standards, catalogues: records.catalogues, crosswalks: records.crosswalks)
    }

    /// Writes everything but the evidence files and the manifest.
    func build() throws {
        try stage.write("assets/dossier.css", templates.stylesheet)
        let xmlWriter = try DossierXMLWriter(file: stage.open("dossier.xml"))
        xml = xmlWriter
        oscal = try OSCALResultsWriter(
            file: stage.open("oscal/assessment-results.json"), scope: oscalScope, header: oscalHeader)
        try writeXMLHeader()
        try writeEvidence()
        try writeCompliance()
        try writeNonconformities()
        try writeAudits()
        try writeReviews()
        try writeRecommendations()
        try writeQualityRegisters()
        try writeTransition()
        try writeWorkPlan()
        try writeTrail()
        try writeIndexes()
        try xmlWriter.finish()
        try oscal?.finish()
    }

    /// Validates `dossier.xml` against the schema, streaming (the file can be larger than the
    /// XML readers accept in memory).
    func validateXML(schema url: URL) throws {
        let schema = try XMLSchema(contentsOf: url)
        try schema.validate(fileAt: stage.root.appendingPathComponent("dossier.xml"), name: "dossier.xml")
    }

    func report(_ phase: String, _ done: Int, _ total: Int?) {
        progress?(DossierProgress(phase: phase, done: done, total: total))
    }

    // MARK: Shared by the pages

    /// The values every page of a language has: strings, direction, paths back to the root and
    /// to the language's folder, the same page in the other language.
    func pageValues(_ language: Language, path: String, title: String) -> [String: Any] {
        // `en/index.html` is one folder down from the root and at the top of its language.
        let depth = path.split(separator: "/").count - 1
        let root = String(repeating: "../", count: depth)
        let base = String(repeating: "../", count: max(0, depth - 1))
        var values: [String: Any] = [
            "t": messageTables[language] ?? MessageTable(language), "lang": language.rawValue,
            "dir": language.isRightToLeft ? "rtl" : "ltr", "root": root, "base": base, "title": title,
            "org": organisation.name.text(in: language), "shortName": organisation.shortName,
            "asOf": format(language).date(request.asOf), "fingerprint": key.publicKey.groupedFingerprint,
            "hasTransition": transition != nil,
        ]
        if let other = request.languages.first(where: { $0 != language }) {
            let relative = path.split(separator: "/").dropFirst().joined(separator: "/")
            values["other"] = [
                "href": root + other.rawValue + "/" + relative, "lang": other.rawValue,
                "name": Messages.shared.text("lang_" + other.rawValue, other),
            ]
        }
        return values
    }

    /// Writes a rendered page into the stage.
    func writePage(_ path: String, template: String, _ values: [String: Any]) throws {
        try stage.write(path, text: templates.render(template, values))
    }

    /// The text of a status, translated.
    func statusText(_ status: ComplianceStatus, _ language: Language) -> String {
        Messages.shared.term(status, language)
    }

    func translate(_ key: String, _ language: Language) -> String { Messages.shared.text(key, language) }

    /// The locale of a language's pages: the organisation's when it is of that language.
    func presentationLocale(_ language: Language) -> PresentationLocale {
        PresentationLocale(language, organisation: organisation.locale)
    }

    /// Numbers, amounts and dates of a language's pages.
    func format(_ language: Language) -> NumberFormatting { NumberFormatting(presentationLocale(language)) }

    /// The path of a requirement's page inside a language folder.
    static func requirementPath(_ key: RequirementKey) -> String {
        "requirements/\(key.standard.rawValue)/\(key.number).html"
    }

    /// The register page that lists an evidence record.
    func evidencePage(of id: EvidenceID) -> Int {
        var low = 0
        var high = evidencePageStarts.count - 1
        var found = 0
        while low <= high {
            let middle = (low + high) / 2
            if evidencePageStarts[middle] <= id {
                found = middle
                low = middle + 1
            } else {
                high = middle - 1
            }
        }
        return found + 1
    }

    static func pageName(_ number: Int) -> String {
        let digits = String(number)
        return "page-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits + ".html"
    }

    /// Whether an evidence record's content is withheld from this dossier.
    func withholds(_ record: EvidenceRecord) -> Bool {
        record.content.confidentiality == .restricted && !request.includeRestricted
    }

    /// `2026-11-23T23:59:59Z`: the end of the as-of day, the instant the dossier speaks for.
    var endInstant: String { "\(request.asOf)T23:59:59Z" }
    var startInstant: String { "\(request.from)T00:00:00Z" }

    var oscalScope: String {
        [
            organisation.shortName, request.standards.map(\.rawValue).joined(separator: ","),
            request.asOf.description, request.from.description, request.includeRestricted ? "restricted" : "",
        ].joined(separator: "|")
    }

    var oscalHeader: OSCALResultsWriter.Header {
        let standards = scope.map { "\($0.standard.title.en) (\($0.standard.id))" }.joined(separator: ", ")
        return OSCALResultsWriter.Header(
            title: "Audit dossier of \(organisation.name.en) as of \(request.asOf)",
            description: "Compliance of \(organisation.name.en) with \(standards) at the end of \(request.asOf), "
                + "from its ElectoralQMS records: one finding per requirement, one observation per evidence "
                + "record, one risk per nonconformity with its corrective actions as responses.",
            version: request.asOf.description, asOf: request.asOf.description, start: startInstant, end: endInstant,
            organisation: organisation.name.en, shortName: organisation.shortName,
            planRemarks: "A placeholder: the assessment plan is the certification body's and is not part of this "
                + "dossier; the results below come from the organisation's own records.",
            controlsDescription: "Every requirement of " + standards + ".",
            props: request.standards.map { OSCALResultsWriter.Property(name: "standard", value: $0.rawValue) })
    }
}
