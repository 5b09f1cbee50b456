import Foundation
import QMSCore
import QMSStore
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

    @Test("a cached value comes back only under the token it was kept with")
    func cacheByToken() {
        let cache = ChangeTokenCache<String, Int>(capacity: 10)
        cache.keep(1, for: "a", token: 7)
        #expect(cache.value(for: "a", token: 7) == 1)
        #expect(cache.value(for: "a", token: 8) == nil)
        #expect(cache.value(for: "b", token: 7) == nil)
        cache.keep(2, for: "b", token: 8)
        #expect(cache.value(for: "a", token: 7) == nil, "a newer token drops what was kept under the older one")
        #expect(cache.value(for: "b", token: 8) == 2)
        #expect(cache.count == 1)
    }

    @Test("the cache forgets its oldest entries first once past its capacity, and keeps nothing larger than it")
    func cacheCapacity() {
        let cache = ChangeTokenCache<Int, String>(capacity: 100)
        for key in 0..<10 { cache.keep("page \(key)", for: key, token: 1, cost: 30) }
        #expect(cache.count == 3)
        #expect(cache.value(for: 9, token: 1) == "page 9")
        #expect(cache.value(for: 7, token: 1) == "page 7")
        #expect(cache.value(for: 6, token: 1) == nil)
        cache.keep("huge", for: 99, token: 1, cost: 101)
        #expect(cache.value(for: 99, token: 1) == nil)
        #expect(cache.count == 3)
        // Keeping a key again replaces it without counting it twice.
        cache.keep("page 9 again", for: 9, token: 1, cost: 30)
        #expect(cache.value(for: 9, token: 1) == "page 9 again")
        #expect(cache.count == 3)
        for key in 100..<3000 { cache.keep("p", for: key, token: 1, cost: 1) }
        #expect(cache.count == 100)
        #expect(cache.value(for: 2999, token: 1) == "p")
        #expect(cache.value(for: 2899, token: 1) == nil)
    }
}
