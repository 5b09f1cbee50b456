import Foundation
import QMSCore

/// The last compliance matrix computed, with the database version and day it speaks for.
final class ResultCache: @unchecked Sendable {
    // @unchecked: every access goes through the lock.
    private let lock = NSLock()
    private var matrices: [String: ComplianceMatrix] = [:]

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
