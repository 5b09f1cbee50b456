import Foundation
import QMSCore
import QMSDossier
import QMSFormats
import QMSServices
import QMSStore
import TestSupport

enum Paths {
    static let schema = Repository.standards.appendingPathComponent("dossier.xsd")
}

func day(_ text: String) throws -> CalendarDate { try CalendarDate(parsing: text) }
func key(_ text: String) throws -> RequirementKey { try RequirementKey(parsing: text) }

/// Noon UTC of a day, as the clock of the system under test.
func noon(_ text: String) throws -> Date {
    Date(timeIntervalSince1970: Double(try day(text).daysSinceEpoch) * 86_400 + 43_200)
}

/// A small quality system with a history: records before and after the as-of day
/// (2026-06-30), a restricted record, a revision, a withdrawal, a nonconformity part-way
/// through its corrective action, an audit, a review and a recommendation.
struct Fixture {
    static let asOf = "2026-06-30"
    static let restrictedTitle = "Voter list of polling station 14 (personal data)"
    static let lateTitle = "Recorded after the as-of day"

    let folder: TemporaryFolder
    let qms: QMS
    let signingKey: DossierSigningKey
    let publicKeyURL: URL
    /// The content of the restricted record's file.
    let restrictedContent: Data
    let publicContent: Data

    static func make() async throws -> Fixture {
        let folder = try TemporaryFolder()
        let (initial, _) = try await SetupService.initialise(
            databasePath: folder.path("eqms.sqlite"), library: try StandardsLibrary(directory: Repository.standards),
            actor: "amal")
        func at(_ text: String) throws -> QMS {
            var qms = initial
            let date = try noon(text)
            qms.now = { date }
            return qms
        }
        var qms = try at("2026-05-01")
        try await qms.organisation.set(
            try Organisation(
                name: LocalizedText(en: "Independent Election Commission", ar: "الهيئة المستقلة للانتخاب"),
                shortName: "IEC", country: "JO"))
        try await qms.applicability.set(
            try key("iso-9001-2015:8.3"), excluded: true,
            justification: "The commission designs no products; procedures are set by the Election Law.")
        let files = folder.file("in")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        let publicContent = Data("Quality policy of the commission <b>approved</b> & signed.\n".utf8)
        let restrictedContent = Data("Name,National number\nA. Voter,9871234567\n".utf8)
        try publicContent.write(to: files.appendingPathComponent("policy.txt"))
        try restrictedContent.write(to: files.appendingPathComponent("voters.csv"))
        try Data("Policy, second revision\n".utf8).write(to: files.appendingPathComponent("policy-v2.txt"))

        let policy = try await qms.evidence.add(
            EvidenceDraft(
                title: "Quality policy <approved> & signed", kind: .document, owner: "Amal Haddad",
                effectiveFrom: try day("2026-01-01"), collectedOn: try day("2026-04-30"),
                validUntil: try day("2027-12-31"), confidentiality: .public,
                requirements: [try key("iso-9001-2015:5.2.2")], tags: ["policy"]),
            files: [files.appendingPathComponent("policy.txt")])
        try await qms.evidence.add(
            EvidenceDraft(
                title: restrictedTitle, kind: .record, owner: "Omar Khalil", process: "EP-01",
                effectiveFrom: try day("2026-02-01"), collectedOn: try day("2026-02-01"), confidentiality: .restricted,
                requirements: [try key("iso-9001-2015:8.5.1")]),
            files: [files.appendingPathComponent("voters.csv")])
        try await qms.evidence.add(
            EvidenceDraft(
                title: "Polling-day observation minutes", kind: .note, owner: "Omar Khalil", process: "EP-04",
                effectiveFrom: try day("2026-03-01"), collectedOn: try day("2026-03-02"),
                requirements: [try key("iso-54001-2019:EP-04")]))
        let withdrawn = try await qms.evidence.add(
            EvidenceDraft(
                title: "Training records 2025", kind: .note, owner: "Amal Haddad", effectiveFrom: try day("2026-01-15"),
                collectedOn: try day("2026-01-15"), requirements: [try key("iso-9001-2015:7.2")]))
        let audit = try await qms.audits.plan(
            AuditDraft(
                kind: .internal, title: "Internal audit of vote counting",
                scope: AuditScope(requirements: [try key("iso-9001-2015:8.5.1")], processes: ["EP-05"]),
                auditors: ["Rania Saleh"], startsOn: try day("2026-05-10"), endsOn: try day("2026-05-12")))
        qms = try at("2026-05-12")
        let nc = try await qms.nonconformities.open(
            NonconformityDraft(
                title: "Reconciliation forms not signed", source: .internalAudit, grade: .minor,
                requirements: [try key("iso-9001-2015:8.5.1")], process: "EP-05", audit: audit.id,
                raisedBy: "rania", raisedOn: try day("2026-05-12")))
        qms = try at("2026-05-20")
        try await qms.nonconformities.advance(
            nc.id, to: .contained, with: CorrectiveActionStep(note: "Forms signed by the presiding officers"))
        try await qms.nonconformities.advance(
            nc.id, to: .analysed, with: CorrectiveActionStep(method: "5 whys", causes: ["No signature checklist"]))
        try await qms.nonconformities.advance(
            nc.id, to: .planned,
            with: CorrectiveActionStep(actions: [
                ActionDraft(text: "Add a checklist to the counting kit", owner: "salma", due: try day("2026-07-15"))
            ]))
        try await qms.reviews.add(
            ManagementReviewDraft(
                title: "Management review H1 2026", heldOn: try day("2026-06-10"), chair: "Chair",
                attendees: ["Chair", "Amal Haddad"], inputs: ReviewInput.allCases,
                decisions: [ReviewDecision(kind: ReviewOutputKind.allCases[0], text: "Add a polling-day checklist")]),
            actions: [ActionDraft(text: "Revise training", owner: "salma", due: try day("2026-09-30"))])
        try await qms.recommendations.add(
            RecommendationDraft(
                mission: "EU EOM 2024", year: 2024, reference: "12",
                text: "Publish results by polling station within 24 hours", priority: .high, addressee: .emb))

        // After the as-of day: a new revision, a withdrawal, a new record, the action implemented.
        qms = try at("2026-07-05")
        var revised = policy.content
        revised.title = "Quality policy, revised"
        try await qms.evidence.revise(policy.id, with: revised, files: [files.appendingPathComponent("policy-v2.txt")])
        try await qms.evidence.withdraw(withdrawn.id, reason: "Superseded by the 2026 training plan")
        try await qms.evidence.add(
            EvidenceDraft(
                title: lateTitle, kind: .note, owner: "Amal Haddad", effectiveFrom: try day("2026-07-01"),
                collectedOn: try day("2026-07-05"), requirements: [try key("iso-9001-2015:7.1.6")]))

        let keyFolder = folder.file("keys")
        try FileManager.default.createDirectory(at: keyFolder, withIntermediateDirectories: true)
        let written = try DossierService.generateKey(in: keyFolder)
        let signingKey = try DossierService.signingKey(path: written.privateKey.path)
        return Fixture(
            folder: folder, qms: qms, signingKey: signingKey, publicKeyURL: written.publicKey,
            restrictedContent: restrictedContent,
            publicContent: publicContent)
    }

    /// Exports the dossier as of ``asOf``.
    func export(
        to name: String, standards: [String] = ["iso-9001-2015", "iso-54001-2019"],
        languages: [Language] = [.english, .arabic], includeRestricted: Bool = false,
        transitionDeadline: CalendarDate? = nil
    ) async throws -> DossierExportReport {
        let request = DossierRequest(
            standards: try standards.map { try StandardID($0) }, asOf: try day(Fixture.asOf), languages: languages,
            includeRestricted: includeRestricted, transitionDeadline: transitionDeadline)
        return try await qms.dossiers.export(request, key: signingKey, to: folder.file(name), schema: Paths.schema)
    }
}

/// Every regular file under `root`, by relative path.
func filesUnder(_ root: URL) throws -> [String] {
    guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
    else { return [] }
    var paths: [String] = []
    let prefix = root.standardizedFileURL.path + "/"
    for case let url as URL in enumerator
    where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
        paths.append(String(url.standardizedFileURL.path.dropFirst(prefix.count)))
    }
    return paths.sorted()
}
