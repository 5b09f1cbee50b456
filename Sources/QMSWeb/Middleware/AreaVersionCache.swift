import Foundation
import QMSStore

/// Values computed from the store, each kept under the versions of the areas it was read from
/// (``AreaVersions``, read before the value was computed): a value is exact while those areas keep
/// their versions, whatever else was written.
///
/// The cache holds at most `capacity` units of cost and forgets its oldest first. A value whose
/// areas moved is forgotten once a value of newer versions is kept, unless the cache keeps stale
/// values (the pages rendered for every reader, which may be sent while their next render is under
/// way, never to the writer).
final class AreaVersionCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    // @unchecked: every access to the mutable state goes through the lock.
    private let lock = NSLock()
    private let capacity: Int
    private let keepsStale: Bool
    private var entries: [Key: Entry] = [:]
    /// Keys in the order they were kept, for forgetting the oldest first.
    private var order: [Key] = []
    private var orderStart = 0
    private var totalCost = 0
    /// The versions of the last sweep of values that moved.
    private var swept: AreaVersions?

    /// A value and what it was computed from.
    struct Entry: Sendable {
        var value: Value
        var versions: AreaVersions
        var areas: AreaSet
        var cost: Int

        /// Whether the value still holds at `current`.
        func isFresh(at current: AreaVersions) -> Bool { versions.same(as: current, in: areas) }
    }

    init(capacity: Int, keepsStale: Bool = false) {
        self.capacity = capacity
        self.keepsStale = keepsStale
    }

    /// The value kept for `key`, if it still holds at `current`.
    func value(for key: Key, at current: AreaVersions) -> Value? {
        lock.withLock {
            guard let entry = entries[key], entry.isFresh(at: current) else { return nil }
            return entry.value
        }
    }

    /// The entry kept for `key`, fresh or not.
    func entry(for key: Key) -> Entry? { lock.withLock { entries[key] } }

    /// Keeps `value` for `key`, computed from the areas `areas` as they were at `versions`.
    /// A value costing more than the whole capacity is not kept.
    func keep(_ value: Value, for key: Key, versions: AreaVersions, areas: AreaSet, cost: Int = 1) {
        guard cost <= capacity else { return }
        lock.withLock {
            if !keepsStale, swept != versions {
                // Versions only grow: a value older than these in one of its areas never holds again.
                for (key, entry) in entries where !entry.versions.holds(versions, in: entry.areas) {
                    entries.removeValue(forKey: key)
                    totalCost -= entry.cost
                }
                swept = versions
            }
            if let previous = entries[key] {
                totalCost -= previous.cost
            } else {
                order.append(key)
            }
            entries[key] = Entry(value: value, versions: versions, areas: areas, cost: cost)
            totalCost += cost
            while totalCost > capacity, orderStart < order.count {
                let oldest = order[orderStart]
                orderStart += 1
                if let removed = entries.removeValue(forKey: oldest) { totalCost -= removed.cost }
            }
            // Compact the order list once most of it has been forgotten, or swept keys pile up.
            if (orderStart > 1024 && orderStart * 2 > order.count)
                || order.count - orderStart > 4 * max(entries.count, 256)
            {
                var seen = Set<Key>()
                order = order[orderStart...].filter { entries[$0] != nil && seen.insert($0).inserted }
                orderStart = 0
            }
        }
    }

    /// How many values are kept (for tests and metrics).
    var count: Int { lock.withLock { entries.count } }
}
