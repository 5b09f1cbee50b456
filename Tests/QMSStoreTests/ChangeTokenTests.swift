import Foundation
import QMSCore
import QMSStore
import TestSupport
import Testing

@Suite("The store's change token and the caches kept by it")
struct ChangeTokenTests {
    @Test(
        "the change token holds while nothing is committed and moves with every commit, from any connection",
        arguments: Backend.available)
    func tokenMoves(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let store = try await backend.open(in: folder)
        _ = try await store.migrate()
        // PostgreSQL's token is the server's WAL position, which the other tests' schemas move too:
        // there it must move with every commit, and staying put is checked on SQLite only.
        let stable = backend == .sqlite
        let first = try await store.changeToken()
        _ = try await store.reading { try $0.organisation() }
        if stable { #expect(try await store.changeToken() == first, "a read changes nothing") }

        try await store.writing(actor: "amal") { writer in
            try writer.setOrganisation(Organisation(name: LocalizedText(en: "Commission"), shortName: "IEC"))
        }
        let afterOwnWrite = try await store.changeToken()
        #expect(afterOwnWrite != first)
        if stable { #expect(try await store.changeToken() == afterOwnWrite) }

        // Another connection, as another process (the CLI beside the server) would have.
        let other = try await backend.open(in: folder)
        try await other.writing(actor: "omar") { writer in
            try writer.setOrganisation(Organisation(name: LocalizedText(en: "Commission 2"), shortName: "IEC"))
        }
        try await other.close()
        #expect(try await store.changeToken() != afterOwnWrite, "a commit by another connection is seen")

        // A transaction that fails commits nothing (the token may still move on PostgreSQL, never stay wrong).
        let beforeFailure = try await store.changeToken()
        struct Interrupted: Error {}
        await #expect(throws: Interrupted.self) {
            try await store.writing(actor: "amal") { _ in throw Interrupted() }
        }
        if stable { #expect(try await store.changeToken() == beforeFailure) }
        try await store.close()
    }
}
