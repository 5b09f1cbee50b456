import Foundation
import QMSCore
import QMSStore
import TestSupport
import Testing

@Suite("The versions of the database's areas, moved by every writer in its own transaction")
struct DataAreaTests {
    /// The areas whose versions differ between two readings.
    static func moved(_ before: AreaVersions, _ after: AreaVersions) -> Set<DataArea> {
        Set(DataArea.allCases.filter { before[$0] != after[$0] })
    }

    @Test(
        "a write moves the areas of the tables it changes, and only those, seen from another connection",
        arguments: Backend.available)
    func writesMoveTheirAreas(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let server = try await backend.open(in: folder)
        _ = try await server.migrate()
        // Another connection to the same database, as the command line beside the server has.
        let cli = try await backend.open(in: folder)
        let start = try await server.areaVersions()
        #expect(try await server.areaVersions() == start, "reading moves nothing")

        try await cli.writing(actor: "omar") { writer in
            try writer.setOrganisation(Organisation(name: LocalizedText(en: "Commission"), shortName: "IEC"))
        }
        let organised = try await server.areaVersions()
        #expect(Self.moved(start, organised) == [.organisation, .trail], "the organisation and its trail event")

        // A new session is a sign-in: it leaves the pages kept for other sessions.
        try await cli.write { session in
            try session.putWebSession(key: "a", value: #"{"username":"amal","csrf":"x"}"#, expiresAt: nil)
        }
        let signedIn = try await server.areaVersions()
        #expect(Self.moved(organised, signedIn) == [.signIns])
        // A record of its use leaves the kept pages (they are sent no later than that record).
        try await cli.write { session in
            _ = try session.updateWebSession(
                key: "a", value: #"{"username":"amal","csrf":"x","lastSeenAt":"2026-01-01T00:00:00Z"}"#,
                expiresAt: "2026-01-01T00:30:00Z")
        }
        let touched = try await server.areaVersions()
        #expect(Self.moved(signedIn, touched) == [.signIns])
        // A change to what a kept page shows, or its end, moves the sessions.
        try await cli.write { session in
            _ = try session.updateWebSession(key: "a", value: #"{"username":"amal","csrf":"y"}"#, expiresAt: nil)
        }
        let changed = try await server.areaVersions()
        #expect(Self.moved(touched, changed) == [.signIns, .sessions])
        try await cli.write { session in try session.removeWebSession(key: "a", now: "2026-01-01T00:00:00Z") }
        let ended = try await server.areaVersions()
        #expect(Self.moved(changed, ended) == [.signIns, .sessions])
        // A session half signed in has no kept pages: its end leaves them.
        try await cli.write { session in
            try session.putWebSession(
                key: "b", value: #"{"username":"amal","csrf":"x","factorPending":true}"#, expiresAt: nil)
            try session.removeWebSession(key: "b", now: "2026-01-01T00:00:00Z")
        }
        #expect(Self.moved(ended, try await server.areaVersions()) == [.signIns])

        // Many rows in one transaction move their area; a failed transaction moves nothing.
        let beforeMany = try await server.areaVersions()
        try await cli.write { session in
            for index in 0..<200 {
                try session.execute(
                    "INSERT INTO sign_in_failures (key, failed_at) VALUES (?, ?)",
                    [.text("user:x\(index)"), .integer(1)])
            }
        }
        let many = try await server.areaVersions()
        #expect(Self.moved(beforeMany, many) == [.signIns])
        if backend == .postgres {
            #expect(many[.signIns] == beforeMany[.signIns] + 1, "PostgreSQL moves an area once per transaction")
        }
        struct Interrupted: Error {}
        await #expect(throws: Interrupted.self) {
            try await cli.write { session in
                try session.execute("DELETE FROM sign_in_failures", [])
                throw Interrupted()
            }
        }
        #expect(try await server.areaVersions() == many)
        try await cli.close()
        try await server.close()
    }

    @Test(
        "every table of the schema belongs to an area and has its triggers, every area its counter",
        arguments: Backend.available)
    func everyTableHasItsTriggers(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let store = try await backend.open(in: folder)
        _ = try await store.migrate()
        let (tables, triggered) = try await store.read { session in
            switch session.dialect {
            case .sqlite:
                let tables = try session.query(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", []
                ).map { try $0.string("name") }
                let triggered = try session.query("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger'", [])
                    .map { try $0.string("tbl_name") }
                return (Set(tables), Set(triggered))
            case .postgres:
                let tables = try session.query(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()", []
                ).map { try $0.string("table_name") }
                let triggered = try session.query(
                    "SELECT event_object_table FROM information_schema.triggers WHERE trigger_schema = current_schema()",
                    []
                ).map { try $0.string("event_object_table") }
                return (Set(tables), Set(triggered))
            }
        }
        let bookkeeping: Set<String> = [DataAreas.table, "schema_migrations", "grdb_migrations"]
        let data = tables.subtracting(bookkeeping)
        #expect(data.subtracting(DataAreas.tables.keys).isEmpty, "every table is in an area")
        #expect(data.subtracting(triggered).isEmpty, "every table moves its area")
        #expect(Set(DataAreas.tables.keys).subtracting(data).isEmpty, "every table named is in the schema")
        let counted = try await store.read { session in
            try session.query("SELECT area FROM \(DataAreas.table)", []).map { try $0.string("area") }
        }
        #expect(Set(counted) == Set(DataArea.allCases.map(\.rawValue)), "every area has its counter")
        try await store.close()
    }

    @Test("versions read back from the cookie's text, and compare area by area")
    func versionsText() throws {
        var versions = AreaVersions()
        versions[.evidence] = 12
        versions[.plans] = 3
        #expect(AreaVersions(text: versions.text[...]) == versions)
        #expect(AreaVersions(text: "1.2.x") == nil)
        #expect(AreaVersions(text: "1.2") == nil, "another list of areas is not read")
        var later = versions
        later[.plans] = 4
        #expect(versions.same(as: later, in: [.evidence, .users]))
        #expect(!versions.same(as: later, in: [.evidence, .plans]))
        #expect(later.holds(versions, in: .all) && !versions.holds(later, in: .all))
        #expect(versions.holds(later, in: [.evidence]))
    }
}
