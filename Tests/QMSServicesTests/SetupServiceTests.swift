import Foundation
import QMSCore
import QMSFormats
import QMSStore
import TestSupport
import Testing

@testable import QMSServices

@Suite("Initialising a database")
struct SetupServiceTests {
    @Test("init creates the database and loads the four standards and three crosswalks, each recorded in the trail")
    func initialise() async throws {
        let folder = try TemporaryFolder()
        let (qms, report) = try await SetupService.initialise(
            databasePath: folder.path("eqms.sqlite"), library: try StandardsLibrary(directory: Repository.standards),
            actor: "amal")
        #expect(report.created)
        #expect(report.migrations == Migrations.all.map(\.name))
        #expect(report.library.entries.map(\.outcome) == Array(repeating: "loaded", count: 7))
        let standards = try await qms.catalogues.list()
        #expect(standards.map(\.id) == ["iso-17582-2014", "iso-54001-2019", "iso-9001-2015", "iso-9001-2026"])
        let events = try await qms.store.reading { try $0.events() }
        #expect(events.count == 7)
        #expect(events.allSatisfy { $0.actor == "amal" })
        #expect(AuditChain.verify(events).isEmpty)
        try await qms.store.close()
    }

    @Test("running init again changes nothing and says every file is unchanged")
    func idempotent() async throws {
        let folder = try TemporaryFolder()
        let first = try await initialisedQMS(in: folder)
        let before = try await dump(first.store)
        try await first.store.close()
        let (second, report) = try await SetupService.initialise(
            databasePath: folder.path("eqms.sqlite"), library: try StandardsLibrary(directory: Repository.standards),
            actor: "amal")
        #expect(!report.created)
        #expect(report.migrations.isEmpty)
        #expect(report.library.entries.allSatisfy { $0.outcome == "unchanged" })
        #expect(try await dump(second.store) == before)
        try await second.store.close()
    }

    @Test("a malformed catalogue in the Standards folder fails with file:line and creates no database")
    func malformedLibrary() async throws {
        let folder = try TemporaryFolder()
        let standards = try folder.copyOfStandards()
        let file = standards.appendingPathComponent("iso-54001-2019.xml")
        var lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        let index = try #require(lines.firstIndex { $0.contains("<requirement number=\"6.2\"") })
        lines[index] = lines[index].replacingOccurrences(of: "kind=\"clause\"", with: "kind=\"chapter\"")
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)

        let error = try await #require(throws: FormatError.self) {
            try await SetupService.initialise(
                databasePath: folder.path("eqms.sqlite"), library: try StandardsLibrary(directory: standards),
                actor: "amal")
        }
        #expect(error.location?.line == index + 1)
        #expect(error.location?.file.hasSuffix("iso-54001-2019.xml") == true)
        #expect(error.message.contains("chapter"))
        #expect(!FileManager.default.fileExists(atPath: folder.path("eqms.sqlite")))
    }

    @Test("opening a database that does not exist says to run init")
    func missingDatabase() async throws {
        let folder = try TemporaryFolder()
        let error = try await #require(throws: ServiceError.self) {
            try await QMS.openSQLite(path: folder.path("none.sqlite"), actor: "amal")
        }
        #expect(error.fix == .run(.initialise))
        #expect(error.kind == .unavailable)
        #expect(!FileManager.default.fileExists(atPath: folder.path("none.sqlite")))
    }
}
