import QMSServices
import Testing

@Suite("The caches kept by the store's change token")
struct ChangeTokenCacheTests {
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
