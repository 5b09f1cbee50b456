import Foundation
import GRDB
import QMSCore
import QMSStore
import Testing

@Suite("The SQLite store")
struct StoreTests {
    func openStore(_ folder: TemporaryFolder) async throws -> SQLiteStore {
        let store = try SQLiteStore(path: folder.path("eqms.sqlite"))
        _ = try await store.migrate()
        return store
    }

    @Test("a catalogue reads back exactly as it was written, tree, details and amendments included")
    func catalogueRoundTrip() async throws {
        let folder = try TemporaryFolder()
        let store = try await openStore(folder)
        let catalogue = try storeCatalogue()
        try await store.writing(actor: "amal") { writer in
            try writer.insertCatalogue(catalogue, sourceFile: "Standards/test.xml", sha256: sha)
        }
        let loaded = try await store.reading { try $0.catalogue(catalogue.standard.id) }
        #expect(loaded == catalogue)
        let source = try await store.reading { try $0.catalogueSource(catalogue.standard.id) }
        #expect(source?.file == "Standards/test.xml")
        try await store.close()
    }

    @Test("loading the same standard twice is refused; a revision may add nodes but not drop one")
    func replacement() async throws {
        let folder = try TemporaryFolder()
        let store = try await openStore(folder)
        let catalogue = try storeCatalogue()
        try await store.writing(actor: "amal") { try $0.insertCatalogue(catalogue, sourceFile: "a.xml", sha256: sha) }
        await #expect(throws: DomainError.self) {
            try await store.writing(actor: "amal") {
                try $0.insertCatalogue(catalogue, sourceFile: "a.xml", sha256: sha)
            }
        }
        var extra = catalogue.requirements
        extra.append(
            Requirement(
                key: try RequirementKey(standard: catalogue.standard.id, number: "8.6"), parentNumber: "8",
                kind: .requirement, title: LocalizedText(en: "New"), summary: LocalizedText(en: "New node")))
        let revised = try Catalogue(standard: catalogue.standard, requirements: extra)
        let newSHA = String(repeating: "b", count: 64)
        try await store.writing(actor: "amal") { try $0.replaceCatalogue(revised, sourceFile: "b.xml", sha256: newSHA) }
        #expect(try await store.reading { try $0.catalogue(catalogue.standard.id) } == revised)
        let shrunk = try Catalogue(standard: catalogue.standard, requirements: Array(catalogue.requirements.dropLast()))
        await #expect(throws: DomainError.self) {
            try await store.writing(actor: "amal") { try $0.replaceCatalogue(shrunk, sourceFile: "c.xml", sha256: sha) }
        }
        try await store.close()
    }

    @Test("a transaction that fails half-way leaves nothing behind, audit event included")
    func rollback() async throws {
        let folder = try TemporaryFolder()
        let store = try await openStore(folder)
        struct Interrupted: Error {}
        await #expect(throws: Interrupted.self) {
            try await store.writing(actor: "amal") { writer in
                try writer.insertCatalogue(try storeCatalogue(), sourceFile: "a.xml", sha256: sha)
                throw Interrupted()
            }
        }
        let counts = try await store.reading { try $0.tableCounts() }
        #expect(counts.values.allSatisfy { $0 == 0 }, "\(counts)")
        try await store.close()
    }

    @Test("the schema itself refuses impossible rows, whatever the code above does")
    func schemaGuards() async throws {
        let folder = try TemporaryFolder()
        let store = try await openStore(folder)
        try await store.writing(actor: "amal") {
            try $0.insertCatalogue(try storeCatalogue(), sourceFile: "a.xml", sha256: sha)
        }
        let attempts = [
            "INSERT INTO requirements (standard_id, number, position, kind, title_en, summary_en) VALUES ('test-standard', '9', 99, 'chapter', 'x', 'y')",
            "INSERT INTO requirements (standard_id, number, parent_number, position, kind, title_en, summary_en) VALUES ('test-standard', '9.1', '9', 99, 'clause', 'x', 'y')",
            "INSERT INTO applicability (standard_id, number, excluded, justification, decided_by, decided_at) VALUES ('test-standard', '8.5', 1, NULL, 'x', 'now')",
            "INSERT INTO users (username, display_name, role, created_at) VALUES ('x', 'X', 'superuser', 'now')",
        ]
        for sql in attempts {
            await #expect(throws: StoreError.self, "\(sql)") {
                try await store.write { session in try session.execute(sql, []) }
            }
        }
        try await store.close()
    }

    @Test("every change is chained in the audit trail, and a change behind the application's back breaks the chain")
    func auditTrail() async throws {
        let folder = try TemporaryFolder()
        let store = try await openStore(folder)
        let catalogue = try storeCatalogue()
        try await store.writing(actor: "amal") { writer in
            try writer.insertCatalogue(catalogue, sourceFile: "a.xml", sha256: sha)
            try writer.setApplicability(
                try ApplicabilityDecision(
                    key: try RequirementKey(parsing: "test-standard:8.5"), excluded: true,
                    justification: "Not part of this commission's mandate", decidedBy: "amal"))
            try writer.setOrganisation(
                try Organisation(
                    name: LocalizedText(en: "Independent Election Commission"), shortName: "IEC", country: "JO"))
        }
        let events = try await store.reading { try $0.events() }
        #expect(events.map(\.action) == ["catalogue.import", "applicability.set", "organisation.set"])
        #expect(events.allSatisfy { $0.actor == "amal" })
        #expect(AuditChain.verify(events).isEmpty)
        try await store.close()

        let queue = try DatabaseQueue(path: folder.path("eqms.sqlite"))
        try await queue.write { db in try db.execute(sql: "UPDATE audit_events SET actor = 'mallory' WHERE seq = 2") }
        try queue.close()
        let reopened = try SQLiteStore(path: folder.path("eqms.sqlite"))
        let tampered = try await reopened.reading { try $0.events() }
        #expect(
            AuditChain.verify(tampered) == [
                "audit event 2 (applicability.set applicability:test-standard:8.5) was altered"
            ])
        try await reopened.close()
    }

    @Test("yearly sequences count from 1 per name and year")
    func sequences() async throws {
        let folder = try TemporaryFolder()
        let store = try await openStore(folder)
        let values = try await store.writing(actor: "amal") { writer in
            [
                try writer.nextSequenceValue("EV", year: 2026), try writer.nextSequenceValue("EV", year: 2026),
                try writer.nextSequenceValue("EV", year: 2027), try writer.nextSequenceValue("NC", year: 2026),
            ]
        }
        #expect(values == [1, 2, 1, 1])
        try await store.close()
    }
}
