import Foundation
import QMSCore
import QMSFormats
import QMSStore
import TestSupport
import Testing

@testable import QMSServices

/// 2026-06-15 10:00 UTC: "today" in these tests.
private let fixedNow = Date(timeIntervalSince1970: Double(20_619 * 86_400 + 36_000))

private func day(_ text: String) throws -> CalendarDate { try CalendarDate(parsing: text) }

private func key(_ text: String) throws -> RequirementKey { try RequirementKey(parsing: text) }

private func note(_ title: String, _ requirements: [String]) throws -> EvidenceDraft {
    EvidenceDraft(
        title: title, kind: .note, owner: "amal", effectiveFrom: try day("2026-01-01"),
        collectedOn: try day("2026-06-01"), requirements: try requirements.map(key))
}

extension QMS {
    fileprivate func status(_ text: String) async throws -> ComplianceStatus? {
        try await compliance.matrix().compliance(of: try key(text))?.status
    }
}

@Suite("What an ISO 9001 auditor would find")
struct DomainFidelityTests {
    @Test("a closed nonconformity is the record for 10.2.2 in 9001 and 54001; an open or reopened one is not")
    func closedNonconformity() async throws {
        let folder = try TemporaryFolder()
        var qms = try await initialisedQMS(in: folder)
        qms.now = { fixedNow }
        let nc = try await qms.nonconformities.open(
            NonconformityDraft(
                title: "Reconciliation forms not signed", source: .complaint, grade: .minor,
                requirements: [try key("iso-9001-2015:8.5.1")], raisedBy: "omar", raisedOn: try day("2026-06-03")))
        #expect(try await qms.status("iso-9001-2015:10.2.2") == .missing, "only an open nonconformity")

        let omar = qms.acting(as: "omar")
        try await omar.nonconformities.advance(nc.id, to: .contained, with: CorrectiveActionStep(note: "Forms signed"))
        try await omar.nonconformities.advance(
            nc.id, to: .analysed, with: CorrectiveActionStep(method: "5 whys", causes: ["No checklist"]))
        try await omar.nonconformities.advance(
            nc.id, to: .planned,
            with: CorrectiveActionStep(actions: [
                ActionDraft(text: "Add a checklist to the kit", owner: "omar", due: try day("2026-07-01"))
            ]))
        try await omar.nonconformities.advance(nc.id, to: .implemented, with: CorrectiveActionStep(note: "Issued"))
        try await qms.nonconformities.advance(nc.id, to: .verified, with: CorrectiveActionStep(result: .effective))
        #expect(try await qms.status("iso-9001-2015:10.2.2") == .missing, "verified is not closed")
        try await qms.nonconformities.advance(
            nc.id, to: .closed, with: CorrectiveActionStep(updateRisks: false, changeQMS: false))
        #expect(try await qms.status("iso-9001-2015:10.2.2") == .satisfied)
        #expect(try await qms.status("iso-54001-2019:10.2.2") == .satisfied)
        let checklist = try await qms.compliance.documentedInformation()
        #expect(checklist.first { $0.key.number == "10.2.2" }?.state == .present)

        try await qms.nonconformities.reopen(nc.id, reason: "The forms went unsigned again")
        #expect(try await qms.status("iso-9001-2015:10.2.2") == .missing, "the record is withdrawn on reopening")
        #expect(try await qms.integrity.verify().problems.isEmpty)
        try await qms.store.close()
    }

    @Test("a reported internal audit counts for 9.2.2 and a management review for 9.3.3")
    func auditAndReview() async throws {
        let folder = try TemporaryFolder()
        var qms = try await initialisedQMS(in: folder)
        qms.now = { fixedNow }
        let audit = try await qms.audits.plan(
            AuditDraft(
                kind: .internal, title: "Internal audit of vote counting",
                scope: AuditScope(requirements: [try key("iso-9001-2015:8.5.1")], processes: ["EP-05"]),
                auditors: ["Omar Khalil"], startsOn: try day("2026-06-01"), endsOn: try day("2026-06-03")))
        #expect(try await qms.status("iso-9001-2015:9.2.2") == .missing)
        try await qms.audits.report(
            audit.id,
            AuditReport(reportedOn: try day("2026-06-05"), summary: "Two findings", reportedBy: "Omar Khalil"))
        #expect(try await qms.status("iso-9001-2015:9.2.2") == .satisfied)

        #expect(try await qms.status("iso-9001-2015:9.3.3") == .missing)
        try await qms.reviews.add(
            ManagementReviewDraft(
                title: "Mid-year review", heldOn: try day("2026-06-10"), attendees: ["Chair", "Quality manager"],
                inputs: ReviewInput.allCases, decisions: [ReviewDecision(kind: .decision, text: "Keep the plan")]))
        #expect(try await qms.status("iso-9001-2015:9.3.3") == .satisfied)
        #expect(try await qms.integrity.verify().problems.isEmpty)
        try await qms.store.close()
    }

    @Test("the checklists count 6 + 21 for ISO 9001 and ISO/TS 54001, 7 + 18 for ISO/TS 17582")
    func checklistCounts() async throws {
        let folder = try TemporaryFolder()
        let qms = try await initialisedQMS(in: folder)
        for (standard, maintain, retain) in [
            ("iso-9001-2015", 6, 21), ("iso-54001-2019", 6, 21), ("iso-17582-2014", 7, 18),
        ] {
            let items = try await qms.compliance.documentedInformation(standard: try StandardID(standard))
            let count = DocumentedInformationCount(items.map(\.type))
            #expect((count.maintain, count.retain) == (maintain, retain), "\(standard)")
        }
        try await qms.store.close()
    }

    @Test("54001 evidence for 4.1 and 4.2 keeps full credit in 9001, not for the climate leaf; new 17582 maps")
    func crosswalkCredit() async throws {
        let folder = try TemporaryFolder()
        var qms = try await initialisedQMS(in: folder)
        qms.now = { fixedNow }
        try await qms.evidence.add(
            try note("Context and stakeholder analysis", ["iso-54001-2019:4.1", "iso-54001-2019:4.2"]))
        #expect(try await qms.status("iso-9001-2015:4.1") == .satisfied)
        #expect(try await qms.status("iso-9001-2015:4.2") == .satisfied)
        #expect(try await qms.status("iso-9001-2015:4.1-A1") == .missing, "ISO/TS 54001 has no climate text")

        try await qms.evidence.add(try note("Inspection of delivered ballot papers", ["iso-17582-2014:7.4.3"]))
        try await qms.evidence.add(try note("Nonconforming ballots quarantined", ["iso-17582-2014:8.3"]))
        let matrix = try await qms.compliance.matrix()
        for target in ["iso-54001-2019:8.6", "iso-54001-2019:10.2.1"] {
            let contributions = matrix.compliance(of: try key(target))?.contributions ?? []
            #expect(!contributions.isEmpty, "\(target)")
            #expect(contributions.allSatisfy { $0.credit == .partial }, "related maps give part credit: \(target)")
        }
        try await qms.store.close()
    }

    @Test("a database made with the old catalogue keeps its 4.1 links; 4.2-A1 links move to 4.2, in the trail")
    func upgradeFromOldCatalogue() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("eqms.sqlite")
        let library = try StandardsLibrary(directory: Repository.standards)
        let old = try oldCatalogue(library)

        let store = try SQLiteStore(path: path)
        _ = try await store.migrate(upTo: "0012-activity-events")
        try await store.writing(actor: "amal") { writer in
            try writer.insertCatalogue(
                old, sourceFile: "Standards/iso-9001-2015.xml", sha256: String(repeating: "a", count: 64))
        }
        var qms = QMS(
            store: store, files: try DirectoryFileStore(root: DirectoryFileStore.folder(forDatabase: path)),
            actor: "amal")
        qms.now = { fixedNow }
        let context = try await qms.evidence.add(try note("Context analysis", ["iso-9001-2015:4.1"]))
        let climate = try await qms.evidence.add(try note("Donor climate conditions", ["iso-9001-2015:4.2-A1"]))
        let both = try await qms.evidence.add(
            try note("Stakeholder register", ["iso-9001-2015:4.2", "iso-9001-2015:4.2-A1"]))
        let nc = try await qms.nonconformities.open(
            NonconformityDraft(
                title: "Climate expectations not recorded", source: .other, grade: .observation,
                requirements: [try key("iso-9001-2015:4.2-A1")], raisedBy: "omar", raisedOn: try day("2026-06-03")))
        try await store.close()

        let (upgraded, report) = try await SetupService.initialise(databasePath: path, library: library, actor: "amal")
        #expect(report.migrations.contains("0013-climate-leaves"), "\(report.migrations)")
        #expect(report.library.entries.first { $0.subject == "iso-9001-2015" }?.outcome == "updated")
        let catalogue = try await upgraded.catalogues.catalogue(try StandardID("iso-9001-2015"))
        #expect(!catalogue.contains("4.2-A1"))
        #expect(catalogue.requirement("4.1-A1")?.parentNumber == "4")
        #expect(catalogue.leaves.map(\.number).contains("4.1"))

        func links(_ id: EvidenceID) async throws -> [String] {
            try await upgraded.evidence.latest(id).content.requirements.map(\.number).sorted()
        }
        #expect(try await links(context.id) == ["4.1"])
        #expect(try await links(climate.id) == ["4.2"])
        #expect(try await links(both.id) == ["4.2"])
        #expect(
            try await upgraded.nonconformities.show(nc.id).nonconformity.content.requirements.map(\.number) == ["4.2"])
        #expect(try await upgraded.status("iso-9001-2015:4.1") == .satisfied)
        #expect(try await upgraded.status("iso-9001-2015:4.2") == .satisfied)

        let events = try await upgraded.store.reading { try $0.events() }
        let relinks = events.filter { $0.action.hasSuffix(".relink") }
        #expect(Set(relinks.map(\.entity)) == ["evidence:\(climate.id)", "evidence:\(both.id)", "nc:\(nc.id)"])
        #expect(relinks.allSatisfy { $0.actor == Migration.actor })
        #expect(try await upgraded.integrity.verify().problems.isEmpty)
        try await upgraded.store.close()
    }

    /// The ISO 9001 catalogue as it was before the climate nodes were made leaves: 4.1-A1 under
    /// 4.1, and 4.2-A1 under 4.2.
    private func oldCatalogue(_ library: StandardsLibrary) throws -> Catalogue {
        let url = Repository.standards.appendingPathComponent("iso-9001-2015.xml")
        let current = try library.catalogueReader().read(data: Data(contentsOf: url), file: "iso-9001-2015.xml")
            .catalogue
        var nodes: [Requirement] = []
        for var node in current.requirements {
            switch node.number {
            case "4.1", "4.2": node.kind = .clause
            case "4.1-A1": node.parentNumber = "4.1"
            default: break
            }
            nodes.append(node)
            if node.number == "4.2" {
                nodes.append(
                    Requirement(
                        key: try RequirementKey(standard: current.standard.id, number: "4.2-A1"), parentNumber: "4.2",
                        kind: .requirement,
                        title: LocalizedText(en: "Climate change requirements of interested parties"),
                        summary: LocalizedText(en: "The amendment's note on climate-related expectations."),
                        amendment: "amd1-2024"))
            }
        }
        // Children must follow their parent: 4.2-A1 right after 4.2 keeps that order.
        return try Catalogue(standard: current.standard, requirements: nodes)
    }
}
