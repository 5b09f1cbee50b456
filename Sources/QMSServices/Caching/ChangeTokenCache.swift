import Foundation

/// Values computed from the store, kept while its ``Store/changeToken()`` stays the same.
///
/// A lookup names the token the caller just read; an entry kept under any other token is never
/// returned, so nothing stale comes back however the database changed (another process included).
/// Entries of an older token are dropped as soon as one of a newer token is kept. The cache holds
/// at most `capacity` units of cost (entries, or bytes for pages) and forgets its oldest first.
public final class ChangeTokenCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    // @unchecked: every access to the mutable state goes through the lock.
    private let lock = NSLock()
    private let capacity: Int
    private var token: Int64?
    private var entries: [Key: (value: Value, cost: Int)] = [:]
    /// Keys in the order they were kept, for forgetting the oldest first.
    private var order: [Key] = []
    private var orderStart = 0
    private var totalCost = 0

    /// Creates an empty cache holding at most `capacity` units of cost.
    public init(capacity: Int) { self.capacity = capacity }

    /// The value kept for `key` under `token`, if any.
    public func value(for key: Key, token: Int64) -> Value? {
        lock.withLock { self.token == token ? entries[key]?.value : nil }
    }

    /// Keeps `value` for `key`, computed from the database as it was at `token`.
    /// A value costing more than the whole capacity is not kept.
    public func keep(_ value: Value, for key: Key, token: Int64, cost: Int = 1) {
        guard cost <= capacity else { return }
        lock.withLock {
            if self.token != token {
                entries.removeAll(keepingCapacity: true)
                order.removeAll(keepingCapacity: true)
                orderStart = 0
                totalCost = 0
                self.token = token
            }
            if let previous = entries[key] {
                totalCost -= previous.cost
            } else {
                order.append(key)
            }
            entries[key] = (value, cost)
            totalCost += cost
            while totalCost > capacity, orderStart < order.count {
                let oldest = order[orderStart]
                orderStart += 1
                if let removed = entries.removeValue(forKey: oldest) { totalCost -= removed.cost }
            }
            // Compact the order list once most of it has been forgotten.
            if orderStart > 1024, orderStart * 2 > order.count {
                order.removeFirst(orderStart)
                orderStart = 0
            }
        }
    }

    /// Forgets everything.
    public func removeAll() {
        lock.withLock {
            entries.removeAll()
            order.removeAll()
            orderStart = 0
            totalCost = 0
            token = nil
        }
    }

    /// How many entries are kept (for tests and metrics).
    public var count: Int { lock.withLock { entries.count } }
}
