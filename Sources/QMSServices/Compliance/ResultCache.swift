import Foundation
import QMSCore
import QMSStore

/// Results kept between operations: the last compliance matrix computed, with the database version
/// and day it speaks for, and the users that signed-in requests look up on every page.
final class ResultCache: @unchecked Sendable {
    // @unchecked: every access goes through the lock.
    private let lock = NSLock()
    private var matrices: [String: ComplianceMatrix] = [:]
    /// Users by name, while the store is unchanged.
    let users = ChangeTokenCache<String, User>(capacity: 1_000)
    /// API token digests and the users they belong to, while the store is unchanged.
    let tokens = ChangeTokenCache<String, User>(capacity: 1_000)
    /// Matrices being computed: the first page view after a change computes it, the ones that
    /// arrive meanwhile wait for that result instead of each computing it again.
    let matrixComputations = SharedComputations<String, ComplianceMatrix>()
    /// Gaps by trail length (the database version), keyed by day, window and standard.
    let gaps = ChangeTokenCache<String, ComplianceGaps>(capacity: 32)

    func matrix(version: Int64, day: CalendarDate) -> ComplianceMatrix? {
        lock.withLock { matrices["\(version)@\(day)"] }
    }

    func store(_ matrix: ComplianceMatrix, version: Int64, day: CalendarDate) {
        lock.withLock {
            // Only the newest version is worth keeping; a few days of it at most.
            matrices = matrices.filter { $0.key.hasPrefix("\(version)@") }
            if matrices.count > 4 { matrices.removeAll() }
            matrices["\(version)@\(day)"] = matrix
        }
    }
}

/// Computations in progress by key, so that callers asking for the same one share a single run.
actor SharedComputations<Key: Hashable & Sendable, Value: Sendable> {
    private var running: [Key: Task<Value, any Error>] = [:]

    /// The value of the computation for `key`: the one already running, or `compute` started now.
    func value(for key: Key, compute: @escaping @Sendable () async throws -> Value) async throws -> Value {
        if let task = running[key] { return try await task.value }
        let task = Task { try await compute() }
        running[key] = task
        defer { running[key] = nil }
        return try await task.value
    }
}
