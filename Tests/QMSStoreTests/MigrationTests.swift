import Foundation
import GRDB
import QMSCore
import QMSStore
import TestSupport
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test("an empty database gets every migration, once", arguments: Backend.available)
    func emptyDatabase(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let store = try await backend.open(in: folder, name: "new")
        #expect(try await store.appliedMigrations().isEmpty)
        #expect(try await store.migrate() == Migrations.all.map(\.name))
        #expect(try await store.migrate().isEmpty)
        let counts = try await store.reading { try $0.tableCounts() }
        #expect(counts.count == StoreReader.tables.count)
        #expect(counts.values.allSatisfy { $0 == 0 })
        try await store.close()
    }

    @Test("a database left at each earlier migration upgrades with its records intact", arguments: Backend.available)
    func existingDatabase(backend: Backend) async throws {
        // Today's writer names the French and Spanish columns of the catalogue tables: before
        // 0009-languages the records written are a user and the trail only.
        let languages = Migrations.all.firstIndex { $0.name == "0009-languages" } ?? 0
        for (index, migration) in Migrations.all.enumerated() {
            let folder = try TemporaryFolder()
            let old = try await backend.open(in: folder, name: "old")
            #expect(try await backend.migrate(old, upTo: migration.name).count == index + 1)
            let catalogue = try storeCatalogue()
            try await old.writing(actor: "tester") { writer in
                if index >= languages {
                    try writer.insertCatalogue(catalogue, sourceFile: "test.xml", sha256: sha)
                }
                try writer.addUser(try User(username: "amal", role: .qualityManager))
            }
            try await old.close()

            let reopened = try await backend.open(in: folder, name: "old")
            #expect(try await reopened.migrate() == Migrations.all.dropFirst(index + 1).map(\.name))
            let (loaded, users, events) = try await reopened.reading { reader in
                (try reader.catalogue(catalogue.standard.id), try reader.users(), try reader.events())
            }
            #expect(loaded == (index >= languages ? catalogue : nil))
            #expect(users.map(\.username) == ["amal"])
            #expect(AuditChain.verify(events).isEmpty)
            try await reopened.close()
        }
    }

    @Test("0019 gives the organisation an IATI identifier, none for one set before it", arguments: Backend.available)
    func organisationIATI(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let old = try await backend.open(in: folder, name: "iati")
        _ = try await backend.migrate(old, upTo: "0018-second-factors")
        // The organisation as 0018's writer stored it: no column for the identifier yet.
        try await old.writing(actor: "tester") { writer in
            try writer.session.execute(
                "INSERT INTO organisation (id, name_en, name_ar, short_name, country) VALUES (1, ?, ?, ?, ?)",
                "High National Elections Commission", "المفوضية الوطنية العليا للانتخابات", "HNEC", "LY")
        }
        try await old.close()

        let store = try await backend.open(in: folder, name: "iati")
        #expect(try await store.migrate().first == "0019-organisation-iati")
        let kept = try #require(try await store.reading { try $0.organisation() })
        #expect(kept.shortName == "HNEC" && kept.name.ar == "المفوضية الوطنية العليا للانتخابات")
        #expect(kept.iatiReference == nil)
        let organisation = try Organisation(
            name: kept.name, shortName: kept.shortName, country: kept.country, iatiReference: "LY-HNEC-1")
        try await store.writing(actor: "tester") { writer in try writer.setOrganisation(organisation) }
        let (stored, events) = try await store.reading { reader in (try reader.organisation(), try reader.events()) }
        #expect(stored == organisation)
        #expect(events.last?.after?.contains("\"iatiReference\":\"LY-HNEC-1\"") == true, "the trail records it")
        #expect(AuditChain.verify(events).isEmpty)
        try await store.close()
    }

    @Test(
        "0022 keeps every earlier ledger entry an expenditure, encoded as its trail event has it",
        arguments: Backend.available)
    func expenditureKinds(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let old = try await backend.open(in: folder, name: "ledger")
        _ = try await backend.migrate(old, upTo: "0021-calendar-feeds")
        // A payment as 0021's writer stored it: no kind, no recipient.
        try await old.writing(actor: "tester") { writer in
            try writer.session.execute(
                "INSERT INTO awps (id, year, currency, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
                "hnec-2018", 2018, "USD", "2018-05-01T08:00:00Z", "amal")
            try writer.session.execute(
                """
                INSERT INTO awp_expenditures (awp_id, number, activity_code, source, spent_on, amount, currency,
                    reference, recorded_at, recorded_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                "hnec-2018", 1, "1.1", "EU", "2018-09-20", 48_000_000, "USD", "PO-2018-VEH-01",
                "2018-09-21T10:00:00Z", "amal")
        }
        try await old.close()

        let store = try await backend.open(in: folder, name: "ledger")
        #expect(try await store.migrate().first == "0022-expenditure-kinds")
        let awp = try PlanID("hnec-2018")
        let kept = try #require(try await store.reading { try $0.expenditures(awp) }.first)
        #expect(kept.kind == .expenditure && kept.recipient == nil)
        // Encoded as the entries of before were: `eqms verify` compares this with their events.
        let encoded = try CanonicalJSON.encode(kept)
        #expect(!encoded.contains("\"kind\"") && !encoded.contains("\"recipient\""))
        #expect(try JSONDecoder().decode(Expenditure.self, from: Data(encoded.utf8)) == kept)

        let grant = Expenditure(
            awp: awp, number: 2, activity: try ActivityCode("5.2"), source: try PlanCode("UNDP"),
            date: try CalendarDate(parsing: "2018-08-16"),
            amount: try Money(parsing: "12000.00", currency: CurrencyCode("USD")), reference: "GA-2018-05",
            kind: .disbursement, recipient: "  Tripoli psycho-social support partner ",
            recordedAt: try Instant(parsing: "2018-08-17T09:00:00Z"), recordedBy: "amal")
        try await store.writing(actor: "amal") { writer in try writer.insertExpenditure(grant) }
        let (ledger, events) = try await store.reading { reader in (try reader.expenditures(awp), try reader.events()) }
        #expect(ledger == [kept, grant])
        #expect(ledger.last?.recipient == "Tripoli psycho-social support partner")
        #expect(events.last?.after == (try CanonicalJSON.encode(grant)))
        #expect(events.last?.after?.contains("\"kind\":\"disbursement\"") == true)
        #expect(AuditChain.verify(events).isEmpty)
        // The database refuses a kind it does not know, whoever writes.
        await #expect(throws: (any Error).self) {
            try await store.writing(actor: "tester") { writer in
                try writer.session.execute(
                    "UPDATE awp_expenditures SET kind = 'loan' WHERE awp_id = ? AND number = 1", "hnec-2018")
            }
        }
        try await store.close()
    }

    @Test("a database written by a newer version is refused, not damaged")
    func newerDatabase() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("newer.sqlite")
        let store = try SQLiteStore(path: path)
        _ = try await store.migrate()
        try await store.close()
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('9999-from-the-future')")
        }
        try queue.close()
        let reopened = try SQLiteStore(path: path)
        await #expect(throws: StoreError.newerSchema(path: path, unknown: ["9999-from-the-future"])) {
            try await reopened.migrate()
        }
        try await reopened.close()
    }

    @Test("a database in a folder that does not exist is a clear error")
    func missingFolder() throws {
        #expect(throws: StoreError.self) { try SQLiteStore(path: "/nonexistent-folder-eqms/db.sqlite") }
    }
}
