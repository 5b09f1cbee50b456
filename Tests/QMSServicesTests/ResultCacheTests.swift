import Foundation
import QMSCore
import QMSStore
import TestSupport
import Testing

@testable import QMSServices

@Suite("Results kept between operations")
struct ResultCacheTests {
    @Test("callers asking for the same computation at once share a single run of it")
    func sharedComputation() async throws {
        let computations = SharedComputations<String, Int>()
        let runs = Counter()
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await computations.value(for: "matrix@2026-11-23") {
                        await runs.increment()
                        try await Task.sleep(for: .milliseconds(200))
                        return 42
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results == Array(repeating: 42, count: 8))
        #expect(await runs.value == 1)
        // Once finished, the next caller computes afresh (the cache, not this, keeps results).
        _ = try await computations.value(for: "matrix@2026-11-23") {
            await runs.increment()
            return 43
        }
        #expect(await runs.value == 2)
    }

    @Test("the gaps follow the database: evidence logged since the last answer is in the next one")
    func gapsFollowChanges() async throws {
        let folder = try TemporaryFolder()
        var qms = try await initialisedQMS(in: folder)
        let now = try Instant(parsing: "2026-11-23T10:00:00Z")
        qms.now = { Date(timeIntervalSince1970: Double(now.millisecondsSince1970) / 1000) }
        let before = try await qms.compliance.gaps(within: 30)
        #expect(before.evidence.isEmpty)
        let missingBefore = before.missing.count
        let today = qms.today
        let record = try await qms.evidence.add(
            EvidenceDraft(
                title: "Quality policy, signed", kind: .note, owner: "amal", effectiveFrom: today,
                collectedOn: today, validUntil: today.adding(days: 10),
                requirements: [try RequirementKey(parsing: "iso-9001-2015:5.2.1")]))
        let after = try await qms.compliance.gaps(within: 30)
        #expect(after.evidence.map(\.alert.evidence) == [record.id])
        #expect(after.missing.count < missingBefore)
        #expect(try await qms.compliance.gaps(within: 5).evidence.isEmpty, "another window, another answer")
    }
}

private actor Counter {
    var value = 0
    func increment() { value += 1 }
}
