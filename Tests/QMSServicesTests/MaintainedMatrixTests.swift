import Foundation
import QMSCore
import QMSFormats
import QMSStore
import TestSupport
import Testing

@testable import QMSServices

/// 2026-06-15, 10:00 UTC: the day the random histories start.
private let startOfHistory = Date(timeIntervalSince1970: Double(20_619 * 86_400 + 36_000))

@Suite("The maintained compliance matrix")
struct MaintainedMatrixTests {
    @Test("after random writes and days, the matrix carried forward equals one built from every record (SQLite)")
    func sqlite() async throws {
        let folder = try TemporaryFolder()
        let writer = try await initialisedQMS(in: folder)
        // The reader is another process on the same file, as the server is beside the command line.
        let reader = try await QMS.openSQLite(path: folder.path("eqms.sqlite"), actor: "server")
        var history = RandomHistory(seed: 0x5417_2019, steps: 320)
        try await history.run(writer: writer, reader: reader)
        try await reader.store.close()
        try await writer.store.close()
    }

    @Test(
        "after random writes and days, the matrix carried forward equals one built from every record (PostgreSQL)",
        .enabled(if: !(ProcessInfo.processInfo.environment["EQMS_TEST_POSTGRES_URL"] ?? "").isEmpty))
    func postgres() async throws {
        let schema = try await ThrowawaySchema("matrix")
        let folder = try TemporaryFolder()
        let writer = try await schema.initialisedQMS(files: folder)
        let readerStore = try schema.store()
        let reader = QMS(store: readerStore, files: writer.files, actor: "server")
        var history = RandomHistory(seed: 0x9001_2015, steps: 200)
        try await history.run(writer: writer, reader: reader)
        try await readerStore.close()
        try await writer.store.close()
        try await schema.drop()
    }

    @Test("a change of a record carries the matrix forward; only a change of the requirements builds it whole")
    func carriedForward() async throws {
        let folder = try TemporaryFolder()
        var qms = try await initialisedQMS(in: folder)
        qms.now = { startOfHistory }
        let key = try RequirementKey(parsing: "iso-9001-2015:8.5.1")
        _ = try await qms.compliance.matrix()
        #expect(qms.cache.matrixBuilds == 1)
        let record = try await qms.evidence.add(
            EvidenceDraft(
                title: "Counting procedure", kind: .note, owner: "amal", effectiveFrom: qms.today,
                collectedOn: qms.today, validUntil: qms.today.adding(days: 3), requirements: [key]))
        #expect(try await qms.compliance.matrix().compliance(of: key)?.status == .satisfied)
        let later = qms.later(days: 5)
        let expired = try await later.compliance.matrix().compliance(of: key)
        #expect(expired?.status == .partial, "expired three days ago: counts in part")
        #expect(expired?.contributions.first?.reason == .expired)
        #expect(expired?.contributions.first?.evidence == record.id)
        #expect(qms.cache.matrixBuilds == 1, "neither the write nor the new day built the matrix whole")
        // A dossier's past day is built whole and does not become the matrix carried forward.
        #expect(
            try await qms.compliance.matrix(asOf: qms.today.adding(days: -1)).compliance(of: key)?.status == .missing)
        #expect(qms.cache.matrixBuilds == 2)
        #expect(try await later.compliance.matrix().compliance(of: key)?.status == .partial)
        _ = try await later.applicability.set(key, excluded: true, justification: "Not done here")
        #expect(try await later.compliance.matrix().compliance(of: key)?.status == .excluded)
        #expect(qms.cache.matrixBuilds == 3, "the statement of applicability changed: built whole")
        try await qms.store.close()
    }
}

extension QMS {
    /// The same system with its clock `days` after the start of the histories.
    fileprivate func later(days: Int) -> QMS {
        var copy = self
        copy.now = { startOfHistory.addingTimeInterval(Double(days) * 86_400) }
        return copy
    }
}

/// A reproducible random history of writes and days: evidence added, revised and withdrawn,
/// findings raised and closed, requirements excluded and included again, days passing. After each
/// step the reader's maintained matrix is held to one built from every record.
private struct RandomHistory {
    var generator: SplitMix
    let steps: Int
    /// At most this many records: the property is about the paths, not the scale.
    let recordLimit = 400

    init(seed: UInt64, steps: Int) {
        generator = SplitMix(state: seed)
        self.steps = steps
    }

    mutating func run(writer start: QMS, reader start2: QMS) async throws {
        var day = 0
        var writer = start.later(days: day)
        var reader = start2.later(days: day)
        let catalogues = try await reader.compliance.matrix().catalogues
        var pool: [RequirementKey] = []
        for id in ["iso-9001-2015", "iso-54001-2019"] {
            guard let catalogue = catalogues[try StandardID(id)] else { continue }
            pool += catalogue.requirements.map(\.key)
        }
        pool.shuffle(using: &generator)
        pool = Array(pool.prefix(60))
        var live: [EvidenceID] = []
        var open: [NonconformityID] = []
        var excluded: [RequirementKey] = []
        var added = 0
        var carried = 0
        for step in 0..<steps {
            let roll = Int.random(in: 0..<100, using: &generator)
            let what: String
            switch roll {
            case 0..<40 where added < recordLimit:
                let record = try await writer.evidence.add(draft(pool, today: writer.today))
                live.append(record.id)
                added += 1
                what = "add \(record.id)"
            case 0..<55 where !live.isEmpty:
                let id = live[Int.random(in: 0..<live.count, using: &generator)]
                _ = try await writer.evidence.revise(id, with: draft(pool, today: writer.today))
                what = "revise \(id)"
            case 55..<62 where !live.isEmpty:
                let id = live.remove(at: Int.random(in: 0..<live.count, using: &generator))
                _ = try await writer.evidence.withdraw(id, reason: "Superseded by the new procedure")
                what = "withdraw \(id)"
            case 62..<77:
                day += [0, 1, 1, 2, 7, 30, 45][Int.random(in: 0..<7, using: &generator)]
                writer = start.later(days: day)
                reader = start2.later(days: day)
                what = "day +\(day)"
            case 77..<85:
                let grade: NonconformityGrade = Bool.random(using: &generator) ? .major : .minor
                let nc = try await writer.nonconformities.open(
                    NonconformityDraft(
                        title: "Unsigned tally sheets", source: .processMonitoring, grade: grade,
                        requirements: pick(pool, count: Int.random(in: 1...2, using: &generator)), raisedBy: "amal",
                        raisedOn: writer.today))
                open.append(nc.id)
                what = "open \(nc.id)"
            case 85..<90 where !open.isEmpty:
                let id = open.remove(at: Int.random(in: 0..<open.count, using: &generator))
                try await walkToClosure(writer, id, due: writer.today.adding(days: 30))
                what = "close \(id)"
            case 90..<93:
                if let key = excluded.popLast() {
                    _ = try await writer.applicability.set(key, excluded: false, justification: nil)
                    what = "include \(key)"
                } else {
                    let key = pick(pool, count: 1)[0]
                    do {
                        _ = try await writer.applicability.set(key, excluded: true, justification: "Outside the scope")
                        excluded.append(key)
                        what = "exclude \(key)"
                    } catch is DomainError {
                        what = "exclusion of \(key) refused"
                    }
                }
            default:
                what = "read only"
            }
            let builds = reader.cache.matrixBuilds
            let maintained = try await reader.compliance.matrix()
            if reader.cache.matrixBuilds == builds { carried += 1 }
            let whole = try await wholeMatrix(reader, on: reader.today)
            let found = differences(maintained, whole)
            #expect(maintained.asOf == whole.asOf)
            #expect(found.isEmpty, "step \(step) (\(what)): \(found.prefix(3))")
            if !found.isEmpty { return }
            if step % 40 == 39 {
                // A dossier asks for a past day; the matrix carried forward is not disturbed by it.
                let past = reader.today.adding(days: -20)
                let then = try await reader.compliance.matrix(asOf: past)
                let wholeThen = try await wholeMatrix(reader, on: past)
                let differencesThen = differences(then, wholeThen)
                #expect(differencesThen.isEmpty, "step \(step), 20 days back: \(differencesThen.prefix(3))")
            }
        }
        #expect(added > steps / 4, "the history logged records")
        #expect(carried > steps / 2, "most steps carried the matrix forward (\(carried) of \(steps))")
    }

    private mutating func draft(_ pool: [RequirementKey], today: CalendarDate) -> EvidenceDraft {
        let from = today.adding(days: Int.random(in: -60...15, using: &generator))
        let validUntil =
            Bool.random(using: &generator) ? from.adding(days: Int.random(in: 0...90, using: &generator)) : nil
        let reviewDue =
            Int.random(in: 0..<3, using: &generator) == 0
            ? today.adding(days: Int.random(in: -30...60, using: &generator)) : nil
        return EvidenceDraft(
            title: "Polling station record", kind: .note, owner: "amal", effectiveFrom: from, collectedOn: from,
            validUntil: validUntil, reviewDue: reviewDue,
            status: Int.random(in: 0..<6, using: &generator) == 0 ? .draft : .current,
            requirements: pick(pool, count: Int.random(in: 1...3, using: &generator)))
    }

    private mutating func pick(_ pool: [RequirementKey], count: Int) -> [RequirementKey] {
        Array(pool.shuffled(using: &generator).prefix(count))
    }

    /// The history changes neither the catalogues nor the crosswalks: they are read once.
    private var fixed: (catalogues: [Catalogue], crosswalks: [Crosswalk])?

    private mutating func wholeMatrix(_ qms: QMS, on day: CalendarDate) async throws -> ComplianceMatrix {
        if fixed == nil { fixed = try await qms.store.reading { (try $0.catalogues(), try $0.crosswalks()) } }
        let (catalogues, crosswalks) = fixed ?? ([], [])
        return try await qms.store.reading { reader in
            ComplianceMatrix(
                catalogues: catalogues, crosswalks: crosswalks,
                decisions: try reader.applicability(), evidence: try reader.complianceEvidence(),
                findings: try reader.openFindings(raisedBy: day), asOf: day)
        }
    }

    /// The requirements whose rows differ, with both rows.
    private func differences(_ maintained: ComplianceMatrix, _ whole: ComplianceMatrix) -> [String] {
        var result: [String] = []
        for catalogue in whole.catalogues.values.sorted(by: { $0.standard.id < $1.standard.id }) {
            for requirement in catalogue.requirements {
                let mine = maintained.compliance(of: requirement.key)
                let theirs = whole.compliance(of: requirement.key)
                if mine != theirs {
                    result.append("\(requirement.key): \(String(describing: mine)) ≠ \(String(describing: theirs))")
                }
            }
        }
        return result
    }
}

/// A small seeded generator, so that a failing history can be run again as it was.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
