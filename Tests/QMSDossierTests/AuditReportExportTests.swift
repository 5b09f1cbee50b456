import Foundation
import QMSCore
import QMSDossier
import QMSServices
import QMSStore
import Testing

@Suite("The audit report: signed like the dossier, and part of it", .serialized)
struct AuditReportExportTests {
    /// The fixture with its internal audit reported on 2026-05-15, meetings and conclusion given.
    static func reported() async throws -> (Fixture, AuditID) {
        let fixture = try await Fixture.make()
        var qms = fixture.qms
        let date = try noon("2026-05-15")
        qms.now = { date }
        guard let audit = try await qms.audits.list().first?.audit else {
            throw DossierError.missingResource(name: "the fixture's audit")
        }
        try await qms.audits.report(
            audit.id,
            AuditReport(
                reportedOn: try day("2026-05-15"), summary: "Counting follows the procedure; one minor finding.",
                reportedBy: "Rania Saleh",
                openingMeeting: AuditMeeting(
                    on: try day("2026-05-10"), at: "09:00", attendees: ["Rania Saleh", "Omar Khalil"],
                    notes: "Plan confirmed"),
                closingMeeting: AuditMeeting(on: try day("2026-05-12"), at: "15:00", attendees: ["Omar Khalil"]),
                conclusion: "Vote counting conforms; reconciliation needs the presiding officers' signatures."))
        return (fixture, audit.id)
    }

    @Test("the exported report is signed, verifies offline, and a changed byte of it fails verification")
    func exportAndVerify() async throws {
        let (fixture, id) = try await Self.reported()
        let output = fixture.folder.file("report")
        let exported = try await fixture.qms.audits.exportReport(
            id, languages: [.arabic, .english], key: fixture.signingKey, to: output)
        let html = "ar/\(id)-report.html"
        #expect(
            try filesUnder(output).sorted()
                == [
                    "en/\(id)-report.html", "manifest.json", "manifest.sig", html, "report.json",
                ].sorted())
        #expect(exported.files == 3)
        let page = try String(contentsOf: output.appendingPathComponent(html), encoding: .utf8)
        #expect(page.contains("dir=\"rtl\"") && page.contains("تقرير التدقيق"))
        #expect(page.contains("الاجتماع الافتتاحي") && page.contains("Omar Khalil"))
        let findings = try await fixture.qms.nonconformities.list(NonconformityFilter(audit: id))
        let finding = try #require(findings.first).nonconformity
        #expect(page.contains(finding.id.description) && page.contains(finding.content.title))
        let data =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: output.appendingPathComponent("report.json"))) as? [String: Any]
        #expect((data?["findings"] as? [Any])?.count == findings.count)
        #expect(try DossierService.verify(output, key: fixture.publicKeyURL).clean)

        var changed = try Data(contentsOf: output.appendingPathComponent(html))
        changed[changed.count / 2] ^= 0x01
        try changed.write(to: output.appendingPathComponent(html))
        let report = try DossierService.verify(output, key: fixture.publicKeyURL)
        #expect(!report.clean)
        #expect(report.problems.contains { $0.kind == .altered && $0.path == html })
    }

    @Test("as a ZIP the report verifies too; an audit not reported has no report to export")
    func zipAndUnreported() async throws {
        let (fixture, id) = try await Self.reported()
        let zip = fixture.folder.file("report.zip")
        _ = try await fixture.qms.audits.exportReport(id, languages: [.french], key: fixture.signingKey, to: zip)
        #expect(try DossierService.verify(zip, key: fixture.publicKeyURL).clean)
        let other = try await fixture.qms.audits.plan(
            AuditDraft(
                kind: .internal, title: "Internal audit of voter registration",
                scope: AuditScope(requirements: [try key("iso-9001-2015:8.5.1")]), auditors: ["Rania Saleh"],
                startsOn: try day("2026-08-10"), endsOn: try day("2026-08-11")))
        await #expect(throws: DomainError.self) {
            _ = try await fixture.qms.audits.exportReport(
                other.id, languages: [.english], key: fixture.signingKey, to: fixture.folder.file("none"))
        }
    }

    @Test("the dossier holds each reported audit's report in each language, in its manifest and linked from its index")
    func dossierHoldsReport() async throws {
        let (fixture, id) = try await Self.reported()
        _ = try await fixture.export(to: "dossier", standards: ["iso-9001-2015"])
        let root = fixture.folder.file("dossier")
        let manifest = try String(contentsOf: root.appendingPathComponent("manifest.json"), encoding: .utf8)
        for language in ["en", "ar"] {
            let path = "\(language)/audits/\(id)-report.html"
            #expect(manifest.contains("\"path\": \"\(path)\""), "\(path) is not in the manifest")
            let index = try String(contentsOf: root.appendingPathComponent("\(language)/index.html"), encoding: .utf8)
            #expect(index.contains("audits/\(id)-report.html"))
            let audits = try String(contentsOf: root.appendingPathComponent("\(language)/audits.html"), encoding: .utf8)
            #expect(audits.contains("audits/\(id)-report.html"))
        }
        let arabic = try String(
            contentsOf: root.appendingPathComponent("ar/audits/\(id)-report.html"), encoding: .utf8)
        #expect(arabic.contains("dir=\"rtl\"") && arabic.contains("Vote counting conforms"))
        #expect(try DossierService.verify(root, key: fixture.publicKeyURL).clean)

        let tampered = root.appendingPathComponent("en/audits/\(id)-report.html")
        let original = try String(contentsOf: tampered, encoding: .utf8)
        try original.replacingOccurrences(of: "Vote counting conforms", with: "Vote counting is perfect")
            .write(to: tampered, atomically: true, encoding: .utf8)
        let report = try DossierService.verify(root, key: fixture.publicKeyURL)
        #expect(report.problems.contains { $0.kind == .altered && $0.path == "en/audits/\(id)-report.html" })
    }
}
