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
