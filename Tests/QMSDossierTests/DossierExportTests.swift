import Crypto
import Foundation
import QMSCore
import QMSFormats
import QMSServices
import TestSupport
import Testing

@testable import QMSDossier

@Suite("Exporting an audit dossier", .serialized)
struct DossierExportTests {
    @Test("a folder dossier lists every file in its signed manifest, validates its XML and verifies")
    func folderExport() async throws {
        let fixture = try await Fixture.make()
        let report = try await fixture.export(to: "dossier")
        let root = fixture.folder.file("dossier")
        let onDisk = try filesUnder(root)
        #expect(onDisk.contains("index.html"))
        #expect(onDisk.contains("en/index.html"))
        #expect(onDisk.contains("ar/index.html"))
        #expect(onDisk.contains("en/requirements/iso-9001-2015/8.5.1.html"))
        #expect(onDisk.contains("ar/requirements/iso-54001-2019/EP-04.html"))
        #expect(onDisk.contains("dossier.xml"))
        #expect(onDisk.contains("oscal/assessment-results.json"))
        #expect(onDisk.contains("assets/dossier.css"))
        let manifest = try JSONDecoder().decode(
            DossierManifest.self, from: Data(contentsOf: root.appendingPathComponent("manifest.json")))
        #expect(manifest.files.map(\.path) == onDisk.filter { $0 != "manifest.json" && $0 != "manifest.sig" })
        #expect(
            manifest.files.map(\.path)
                == manifest.files.map(\.path).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(report.files == manifest.files.count)
        #expect(report.fingerprint == fixture.signingKey.publicKey.fingerprint)

        let verification = try DossierService.verify(root, key: fixture.publicKeyURL)
        #expect(verification.clean, "\(verification.problems)")
        #expect(verification.signatureValid)

        // dossier.xml validates against the shipped schema (the export checked it too).
        let schema = try XMLSchema(contentsOf: Paths.schema)
        try schema.validate(fileAt: root.appendingPathComponent("dossier.xml"), name: "dossier.xml")
        try schema.validate(XMLSource(contentsOf: root.appendingPathComponent("dossier.xml")))
    }

    @Test("the quality registers are in the dossier as they stood on its day, in every language it has")
    func qualityRegisters() async throws {
        let fixture = try await Fixture.make()
        // A risk registered on `day`, so that the dossier's day decides whether it shows.
        func risk(_ title: String, on day: String) async throws {
            var qms = fixture.qms
            let instant = try noon(day)
            qms.now = { instant }
            _ = try await qms.risks.add(
                RiskDraft(
                    title: title, category: "data", owner: "Voter registration", process: "EP-01",
                    phase: .preElectoral, inherent: try RiskRating(likelihood: 4, impact: 4),
                    identifiedOn: qms.today, reviewOn: qms.today.adding(days: 30)))
        }
        try await risk("Voter-register errors", on: "2026-05-03")
        try await risk("Recorded after the day", on: "2026-07-15")
        _ = try await fixture.export(to: "dossier")
        let root = fixture.folder.file("dossier")
        let english = try String(contentsOf: root.appendingPathComponent("en/registers.html"), encoding: .utf8)
        #expect(english.contains("Risks and opportunities"))
        #expect(english.contains("Voter-register errors"))
        #expect(!english.contains("Recorded after the day"), "the registers as of the dossier's day")
        let arabic = try String(contentsOf: root.appendingPathComponent("ar/registers.html"), encoding: .utf8)
        #expect(arabic.contains("Voter-register errors") && arabic.contains("dir=\"rtl\""))
        #expect(try DossierService.verify(root, key: fixture.publicKeyURL).clean)
    }

    @Test("a requirement page lists its first records and points to the register for the rest; the XML lists all")
    func longRequirementPage() async throws {
        let fixture = try await Fixture.make()
        let extra = DossierBuilder.requirementPageEvidence + 7
        var csv = EvidenceCSV.template + "\n"
        for index in 0..<extra {
            csv +=
                "Internal audit checklist \(index),iso-9001-2015:9.2.2,link,amal,,2026-05-02,2027-05-02,,internal,https://iec.example/audit/\(index),\n"
        }
        let file = fixture.folder.file("audits.csv")
        try Data(csv.utf8).write(to: file)
        // Recorded before the as-of day, as the fixture's records are.
        var qms = fixture.qms
        let recordedAt = try noon("2026-05-02")
        qms.now = { recordedAt }
        _ = try await qms.evidence.importCSV(file)
        _ = try await fixture.export(to: "dossier", standards: ["iso-9001-2015"], languages: [.english])
        let root = fixture.folder.file("dossier")
        let page = try String(
            contentsOf: root.appendingPathComponent("en/requirements/iso-9001-2015/9.2.2.html"), encoding: .utf8)
        let rows = page.components(separatedBy: "<a class=\"mono\" href=\"../../evidence/").count - 1
        #expect(rows == DossierBuilder.requirementPageEvidence)
        let total =
            try String(contentsOf: root.appendingPathComponent("dossier.xml"), encoding: .utf8)
            .components(separatedBy: "<requirement key=\"iso-9001-2015:9.2.2\" kind=").dropFirst().first?
            .components(separatedBy: "</requirement>").first?.components(separatedBy: "<contribution ").count ?? 0
        let listed = total - 1
        #expect(listed >= extra)
        #expect(page.contains("<strong>\(listed - DossierBuilder.requirementPageEvidence)</strong>"))
        #expect(page.contains("href=\"../../evidence/page-0001.html\""))
        #expect(try DossierService.verify(root, key: fixture.publicKeyURL).clean)
    }

    @Test("the dossier shows the records as they were at the end of the as-of day")
    func asOf() async throws {
        let fixture = try await Fixture.make()
        _ = try await fixture.export(to: "dossier")
        let root = fixture.folder.file("dossier")
        let xml = try String(contentsOf: root.appendingPathComponent("dossier.xml"), encoding: .utf8)
        // Recorded after the day: absent. Revised after the day: the first revision. Withdrawn
        // after the day: current then.
        #expect(!xml.contains(Fixture.lateTitle))
        #expect(xml.contains("Quality policy &lt;approved&gt; &amp; signed"))
        #expect(!xml.contains("Quality policy, revised"))
        #expect(xml.contains("id=\"EV-2026-0004\" revision=\"1\" kind=\"note\" status=\"current\""))
        #expect(!xml.contains("status=\"withdrawn\""))
        // The corrective action stood at `planned`; its implementation came later.
        #expect(xml.contains("state=\"planned\""))
        #expect(!xml.contains("implementedOn="))
        // The open minor nonconformity holds 8.5.1 back, and the exclusion shows.
        #expect(xml.contains("key=\"iso-9001-2015:8.5.1\" kind=\"requirement\" status=\"partial\""))
        #expect(xml.contains("<finding ref=\"NC-2026-001\"/>"))
        #expect(xml.contains("key=\"iso-9001-2015:8.3.1\" kind=\"requirement\" status=\"excluded\""))
        // No timestamp of the export itself: only the day and the records' own instants.
        let index = try String(contentsOf: root.appendingPathComponent("en/index.html"), encoding: .utf8)
        #expect(index.contains("2026-06-30"))
        #expect(!index.contains("2026-07-05"))
        let arabic = try String(contentsOf: root.appendingPathComponent("ar/index.html"), encoding: .utf8)
        #expect(arabic.contains("dir=\"rtl\""))
        // The organisation sets no locale: Arabic follows CLDR's plain ar, Western digits.
        #expect(arabic.contains("2026-06-30"))
    }

    @Test("two exports of the same database, day and key are byte-identical, as folders and as ZIPs")
    func reproducible() async throws {
        let fixture = try await Fixture.make()
        _ = try await fixture.export(to: "first")
        _ = try await fixture.export(to: "second")
        let first = fixture.folder.file("first")
        let second = fixture.folder.file("second")
        let paths = try filesUnder(first)
        #expect(paths == (try filesUnder(second)))
        for path in paths {
            let a = try Data(contentsOf: first.appendingPathComponent(path))
            let b = try Data(contentsOf: second.appendingPathComponent(path))
            #expect(a == b, "\(path) differs between two exports")
        }
        _ = try await fixture.export(to: "first.zip")
        _ = try await fixture.export(to: "second.zip")
        let zipA = try Data(contentsOf: fixture.folder.file("first.zip"))
        let zipB = try Data(contentsOf: fixture.folder.file("second.zip"))
        #expect(zipA == zipB)
        // The ZIP holds the same manifest as the folder.
        let folderManifest = try Data(contentsOf: first.appendingPathComponent("manifest.json"))
        let verification = try DossierService.verify(fixture.folder.file("first.zip"), key: fixture.publicKeyURL)
        #expect(verification.clean, "\(verification.problems)")
        #expect(
            verification.files == (try JSONDecoder().decode(DossierManifest.self, from: folderManifest)).files.count)
    }

    @Test("restricted evidence is listed by hash only unless included")
    func restricted() async throws {
        let fixture = try await Fixture.make()
        _ = try await fixture.export(to: "withheld", standards: ["iso-9001-2015"])
        _ = try await fixture.export(to: "included", standards: ["iso-9001-2015"], includeRestricted: true)
        let restrictedHash = sha256(fixture.restrictedContent)
        let publicHash = sha256(fixture.publicContent)
        let withheld = fixture.folder.file("withheld")
        let withheldFiles = try filesUnder(withheld)
        #expect(!withheldFiles.contains("files/" + restrictedHash))
        #expect(withheldFiles.contains("files/" + publicHash))
        for path in withheldFiles where path.hasSuffix(".html") || path.hasSuffix(".xml") || path.hasSuffix(".json") {
            let text = try String(contentsOf: withheld.appendingPathComponent(path), encoding: .utf8)
            #expect(!text.contains(Fixture.restrictedTitle), "\(path) shows a restricted title")
        }
        let register = try String(
            contentsOf: withheld.appendingPathComponent("en/evidence/page-0001.html"), encoding: .utf8)
        #expect(register.contains(restrictedHash))
        let included = fixture.folder.file("included")
        #expect(try filesUnder(included).contains("files/" + restrictedHash))
        let includedRegister = try String(
            contentsOf: included.appendingPathComponent("en/evidence/page-0001.html"), encoding: .utf8)
        #expect(includedRegister.contains(Fixture.restrictedTitle))
        #expect(
            try Data(contentsOf: included.appendingPathComponent("files/" + restrictedHash))
                == fixture.restrictedContent)
    }

    @Test("user text is escaped in every page; no page carries a script or an outside resource")
    func escaping() async throws {
        let fixture = try await Fixture.make()
        _ = try await fixture.export(to: "dossier", standards: ["iso-9001-2015"])
        let root = fixture.folder.file("dossier")
        let register = try String(
            contentsOf: root.appendingPathComponent("en/evidence/page-0001.html"), encoding: .utf8)
        #expect(register.contains("Quality policy &lt;approved&gt; &amp; signed"))
        for path in try filesUnder(root) where path.hasSuffix(".html") {
            let html = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            #expect(!html.contains("<script"), "\(path)")
            #expect(!html.contains("src=\"http"), "\(path)")
            #expect(!html.contains("href=\"http"), "\(path)")
            #expect(!html.contains("href=\"/"), "\(path): links must be relative")
        }
    }

    @Test("an export never overwrites, and refuses a standard that is not loaded")
    func refusals() async throws {
        let fixture = try await Fixture.make()
        _ = try await fixture.export(to: "dossier", standards: ["iso-9001-2015"], languages: [.english])
        await #expect(throws: DossierError.alreadyExists(path: fixture.folder.file("dossier").standardizedFileURL.path))
        {
            _ = try await fixture.export(to: "dossier", standards: ["iso-9001-2015"])
        }
        await #expect(throws: DomainError.self) {
            _ = try await fixture.export(to: "other", standards: ["iso-27001-2022"])
        }
        // A failed export leaves nothing behind.
        #expect(!FileManager.default.fileExists(atPath: fixture.folder.file("other").path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.folder.url.path)
            .filter { $0.contains(".partial-") }
        #expect(leftovers.isEmpty)
    }

    @Test("the OSCAL assessment results validate with compliance-trestle")
    func oscalValidates() async throws {
        let fixture = try await Fixture.make()
        _ = try await fixture.export(to: "dossier")
        let file = fixture.folder.file("dossier/oscal/assessment-results.json")
        // Structure we promise: a finding per requirement, the grade as a namespaced property,
        // corrective actions as risk responses.
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any]
        let results = (json?["assessment-results"] as? [String: Any])?["results"] as? [[String: Any]]
        let result = try #require(results?.first)
        let findings = try #require(result["findings"] as? [[String: Any]])
        let leaves =
            try await fixture.qms.catalogues.catalogue(try StandardID("iso-9001-2015")).leaves.count
            + (try await fixture.qms.catalogues.catalogue(try StandardID("iso-54001-2019")).leaves.count)
        #expect(findings.count == leaves)
        let states = Set(
            findings.compactMap { (($0["target"] as? [String: Any])?["status"] as? [String: Any])?["state"] as? String }
        )
        #expect(states.isSubset(of: ["satisfied", "not-satisfied"]))
        let risks = try #require(result["risks"] as? [[String: Any]])
        let props = risks[0]["props"] as? [[String: Any]] ?? []
        #expect(
            props.contains {
                $0["name"] as? String == "nonconformity-grade" && $0["value"] as? String == "minor"
                    && $0["ns"] as? String == "https://ns.electoralqms.org/oscal"
            })
        #expect((risks[0]["remediations"] as? [[String: Any]])?.first?["lifecycle"] as? String == "planned")

        guard let python = Program.locate("python3") else {
            Issue.record("python3 is not installed: the OSCAL check needs it (apt-get install python3)")
            return
        }
        let script = Repository.root.appendingPathComponent("scripts/validate-oscal.py").path
        let ran = try Program.run(python, [script, file.path])
        if ran.status == 3 {
            let message =
                "compliance-trestle is not installed, so the OSCAL output cannot be validated: "
                + "run `python3 -m pip install compliance-trestle` (make test installs it)"
            Issue.record(Comment(rawValue: message))
            return
        }
        #expect(ran.status == 0, "trestle rejected the assessment results:\n\(ran.output)\(ran.errors)")
    }
}

func sha256(_ data: Data) -> String { Hex.encode(Crypto.SHA256.hash(data: data)) }
