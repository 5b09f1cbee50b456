import Foundation
import QMSCore
import QMSStore
import TestSupport
import Testing

@Suite("The SQLite store")
struct StoreTests {
    func openStore(_ folder: TemporaryFolder, _ backend: Backend) async throws -> any Store {
        let store = try await backend.open(in: folder)
        _ = try await store.migrate()
        return store
    }

    @Test(
        "a catalogue reads back exactly as it was written, tree, details and amendments included",
        arguments: Backend.available)
    func catalogueRoundTrip(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let store = try await openStore(folder, backend)
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

    @Test(
        "loading the same standard twice is refused; a revision may add nodes but not drop one",
        arguments: Backend.available)
    func replacement(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let store = try await openStore(folder, backend)
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

    @Test("a transaction that fails half-way leaves nothing behind, audit event included", arguments: Backend.available)
    func rollback(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let store = try await openStore(folder, backend)
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

    @Test("the schema itself refuses impossible rows, whatever the code above does", arguments: Backend.available)
    func schemaGuards(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let store = try await openStore(folder, backend)
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

    @Test(
        "every change is chained in the audit trail, and a change behind the application's back breaks the chain",
        arguments: Backend.available)
    func auditTrail(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let store = try await openStore(folder, backend)
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

        // Behind the application's back: raw SQL, not through StoreWriter, so no event is appended.
        let reopened = try await backend.open(in: folder)
        try await reopened.write { session in
            try session.execute("UPDATE audit_events SET actor = 'mallory' WHERE seq = 2", [])
        }
        let tampered = try await reopened.reading { try $0.events() }
        #expect(
            AuditChain.verify(tampered) == [
                "audit event 2 (applicability.set applicability:test-standard:8.5) was altered"
            ])
        try await reopened.close()
    }

    @Test("yearly sequences count from 1 per name and year", arguments: Backend.available)
    func sequences(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let store = try await openStore(folder, backend)
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
