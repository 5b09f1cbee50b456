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

    /// The newest matrix, with the end of the trail it was read at: the one the next change
    /// carries forward instead of computing a matrix from every record.
    private var maintained: MaintainedMatrix?

    private var wholeBuilds = 0

    var latest: MaintainedMatrix? { lock.withLock { maintained } }

    /// How many matrices were built from every record rather than carried forward (for the tests
    /// that check a write is not followed by a whole build).
    var matrixBuilds: Int { lock.withLock { wholeBuilds } }

    /// Keeps `matrix` as the one to carry forward, unless the one kept is as new or newer in both
    /// the trail and the day (a dossier's matrix of a past day is not carried forward).
    func maintain(_ matrix: MaintainedMatrix) {
        lock.withLock {
            if let current = maintained,
                current.sequence > matrix.sequence || current.matrix.asOf > matrix.matrix.asOf
            {
                return
            }
            maintained = matrix
        }
    }

    func countBuild() { lock.withLock { wholeBuilds += 1 } }

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

/// A matrix and the trail event it speaks for: its sequence number, and its hash, by which a
/// trail replaced since (a restored backup) is told from the same trail grown.
struct MaintainedMatrix: Sendable {
    var matrix: ComplianceMatrix
    var sequence: Int64
    var hash: String?
    /// Whether it was built from every record rather than carried forward.
    var whole = false
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
