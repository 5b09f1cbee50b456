import Foundation
import QMSCore
import QMSFormats
import QMSPresentation
import QMSStore
import TestSupport
import Testing

@testable import QMSServices

@Suite("Catalogue operations")
struct CatalogueServiceTests {
    @Test("importing a malformed catalogue fails with file:line:column and leaves the database exactly as it was")
    func malformedImport() async throws {
        let folder = try TemporaryFolder()
        let qms = try await initialisedQMS(in: folder)
        let before = try await dump(qms.store)
        let bad = Paths.formatFixtures.appendingPathComponent("catalogue-missing-title.xml")
        let error = try await #require(throws: FormatError.self) {
            try await qms.catalogues.importFile(bad, library: try StandardsLibrary(directory: Repository.standards))
        }
        #expect(error.description.contains("catalogue-missing-title.xml:11:7:"))
        #expect(try await dump(qms.store) == before)
        try await qms.store.close()
    }

    @Test("an OSCAL catalog imports as a new standard in one transaction; importing it again is a no-op")
    func oscalImport() async throws {
        let folder = try TemporaryFolder()
        let qms = try await initialisedQMS(in: folder)
        let library = try StandardsLibrary(directory: Repository.standards)
        let file = Paths.formatFixtures.appendingPathComponent("oscal-catalog.json")
        let report = try await qms.catalogues.importFile(
            file, id: try StandardID("election-security"), library: library)
        #expect(report.kind == "oscal-json")
        #expect(report.outcome == "loaded")
        #expect(report.count == 5)
        let again = try await qms.catalogues.importFile(file, id: try StandardID("election-security"), library: library)
        #expect(again.outcome == "unchanged")
        let (_, nodes) = try await qms.catalogues.show(try StandardID("election-security"), number: "AC-1")
        #expect(nodes.map(\.number) == ["AC-1", "AC-1.1"])
        try await qms.store.close()
    }

    @Test("a crosswalk that names a requirement no catalogue has is refused and nothing is written")
    func crosswalkToUnknownRequirement() async throws {
        let folder = try TemporaryFolder()
        let qms = try await initialisedQMS(in: folder)
        let before = try await dump(qms.store)
        let file = folder.url.appendingPathComponent("cw.xml")
        try """
        <?xml version="1.0" encoding="UTF-8"?>
        <crosswalk xmlns="https://ns.electoralqms.org/crosswalk/1" formatVersion="1" from="iso-17582-2014" to="iso-9001-2015">
          <title><en>Direct</en></title>
          <map from="4.1" to="4.4" relationship="related"/>
          <map from="4.2.3" to="7.5.9" relationship="subset"/>
        </crosswalk>
        """.write(to: file, atomically: true, encoding: .utf8)
        let error = try await #require(throws: DomainError.self) {
            try await qms.catalogues.importFile(file, library: try StandardsLibrary(directory: Repository.standards))
        }
        #expect(Messages.shared.error(error, .english).contains("iso-9001-2015:7.5.9"))
        #expect(try await dump(qms.store) == before)
        try await qms.store.close()
    }

    @Test("show gives the subtree in reading order with depths, and an unknown number lists the clauses")
    func show() async throws {
        let folder = try TemporaryFolder()
        let qms = try await initialisedQMS(in: folder)
        let (_, nodes) = try await qms.catalogues.show(try StandardID("iso-9001-2015"), number: "8.5")
        #expect(nodes.map(\.number) == ["8.5", "8.5.1", "8.5.2", "8.5.3", "8.5.4", "8.5.5", "8.5.6"])
        #expect(nodes.map(\.depth) == [0, 1, 1, 1, 1, 1, 1])
        #expect(nodes.allSatisfy { $0.title.has(.arabic) })
        let error = try await #require(throws: DomainError.self) {
            try await qms.catalogues.show(try StandardID("iso-9001-2015"), number: "11")
        }
        #expect(error.fix.map { Messages.shared.fix($0, .english) }?.contains("4, 5, 6, 7, 8, 9, 10") == true)
        await #expect(throws: DomainError.self) { try await qms.catalogues.show(try StandardID("iso-9999")) }
        try await qms.store.close()
    }

    @Test("crosswalk resolution: ISO/TS 54001 evidence counts in full for ISO 9001 and for the withdrawn 17582")
    func crosswalkResolution() async throws {
        let folder = try TemporaryFolder()
        let qms = try await initialisedQMS(in: folder)
        let view = try await qms.catalogues.crosswalk(try RequirementKey(parsing: "iso-54001-2019:9.3.2"))
        let credits = Dictionary(uniqueKeysWithValues: view.credits.map { ($0.key.description, $0.credit) })
        #expect(credits["iso-9001-2015:9.3.2"] == .full)
        #expect(credits["iso-17582-2014:5.6.2"] == .full)
        let back = try await qms.catalogues.crosswalk(try RequirementKey(parsing: "iso-9001-2015:8.5.1"))
        #expect(back.credits.contains { $0.key.description == "iso-54001-2019:8.5.1" && $0.credit == .partial })
        try await qms.store.close()
    }
}

@Suite("Statement of applicability and readiness")
struct ApplicabilityServiceTests {
    @Test("excluding 8.3 with a justification lowers the applicable count; excluding 5.1 is refused")
    func exclusions() async throws {
        let folder = try TemporaryFolder()
        let qms = try await initialisedQMS(in: folder)
        let before = try await qms.compliance.readiness(standard: try StandardID("iso-9001-2015"))
        try await qms.applicability.set(
            try RequirementKey(parsing: "iso-9001-2015:8.3"), excluded: true,
            justification: "The commission does not design services; procedures are set by electoral law.")
        let after = try await qms.compliance.readiness(standard: try StandardID("iso-9001-2015"))
        #expect(after[0].excluded == 6)
        #expect(after[0].applicable == before[0].applicable - 6)
        await #expect(throws: DomainError.self) {
            try await qms.applicability.set(
                try RequirementKey(parsing: "iso-9001-2015:5.1"), excluded: true,
                justification: "Leadership is optional")
        }
        let list = try await qms.applicability.list()
        #expect(list.map(\.key.description) == ["iso-9001-2015:8.3"])
        #expect(list[0].decidedBy == "amal")
        try await qms.applicability.set(
            try RequirementKey(parsing: "iso-9001-2015:8.3"), excluded: false, justification: nil)
        #expect(try await qms.compliance.readiness(standard: try StandardID("iso-9001-2015"))[0].excluded == 0)
        let trail = try await qms.store.reading { try $0.events(entity: "applicability:iso-9001-2015:8.3") }
        #expect(trail.count == 2)
        #expect(trail[1].before != nil)
        try await qms.store.close()
    }

    @Test("a user is added once; the same username again is refused")
    func users() async throws {
        let folder = try TemporaryFolder()
        let qms = try await initialisedQMS(in: folder)
        try await qms.users.add(try User(username: "salma", displayName: "Salma K.", role: .tcMember))
        await #expect(throws: DomainError.self) { try await qms.users.add(try User(username: "salma", role: .viewer)) }
        #expect(try await qms.users.list().map(\.role) == [.tcMember])
        try await qms.store.close()
    }
}
