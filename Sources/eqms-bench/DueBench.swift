import Foundation
import QMSCore
import QMSFormats
@_spi(Benchmarks) import QMSServices

/// The as-of day of the due-date benchmark; every generated date is spread around it.
private let dueAsOf = CalendarDate(daysSinceEpoch: 20_794)  // 2026-12-07

/// Everything due for 100k evidence records, 10k actions and 200 users, and the same at 10k
/// evidence and 1k actions (quick: a tenth of each), in a real SQLite store: the time of the whole
/// service (store reads and engine) and of the engine alone, and the per-item cost at the larger
/// scale against the smaller (#25: ≤ 1.5 ×).
@MainActor
func dueBenchmarks(_ report: BenchReport, library: StandardsLibrary, folder: URL, quick: Bool) async throws {
    let keys = try await benchmarkKeys(library: library, folder: folder)
    let scales = quick ? [(1_000, 100), (10_000, 1_000)] : [(10_000, 1_000), (100_000, 10_000)]
    var systems: [QMS] = []
    for (evidence, actions) in scales {
        systems.append(
            try await dueDatabase(
                folder.appendingPathComponent("due-\(evidence).sqlite").path, library: library, keys: keys,
                evidence: evidence, actions: actions, folder: folder))
    }
    // The scales take turns, three rounds, best of each: a machine whose load changes during the
    // run then weighs on both alike, and the per-record ratio compares like with like.
    var service = Array(repeating: [Double](), count: scales.count)
    var engine = Array(repeating: [Double](), count: scales.count)
    var candidates = Array(repeating: 0, count: scales.count)
    var reminders = Array(repeating: 0, count: scales.count)
    for _ in 0..<3 {
        for (index, qms) in systems.enumerated() {
            var items = 0
            service[index].append(try await seconds { items = try await qms.due.due(asOf: dueAsOf).items.count })
            let snapshot = try await qms.due.snapshot(asOf: dueAsOf)
            engine[index].append(seconds { items = DueEngine.due(snapshot, asOf: dueAsOf).count })
            candidates[index] = snapshot.candidates.count
            reminders[index] = items
        }
    }
    var perItem: [Double] = []
    for (index, (evidence, actions)) in scales.enumerated() {
        let best = service[index].min() ?? 0
        let records = evidence + actions
        report.add(
            Figure(
                name: "due: \(evidence) evidence, \(actions) actions, 200 users", value: best * 1000, unit: "ms",
                detail:
                    "store reads and engine, \(candidates[index]) candidates → \(reminders[index]) reminders, best of 3"
            ))
        report.add(
            Figure(
                name: "due engine alone, \(evidence) evidence", value: (engine[index].min() ?? 0) * 1000, unit: "ms",
                detail: "from the snapshot in memory, best of 3"))
        report.add(
            Figure(
                name: "due: cost per record, \(evidence) evidence", value: best / Double(records) * 1e6, unit: "µs",
                detail: "\(records) evidence records and actions"))
        perItem.append(best / Double(records))
    }
    for qms in systems { try await qms.benchmarkStore.close() }
    if let small = perItem.first, let large = perItem.last, small > 0 {
        report.check(
            "due: per-record cost at \(scales[1].0) / at \(scales[0].0)", measured: large / small, bound: "≤ 1.5",
            met: large / small <= 1.5)
    }
}

/// A database with 200 users (two quality managers, every tenth deactivated), `evidence` records
/// expiring and due for review around the as-of day, and `actions` actions: nine in ten risk
/// treatment actions, one in ten corrective actions, due around the as-of day too.
@MainActor
private func dueDatabase(
    _ path: String, library: StandardsLibrary, keys: [RequirementKey], evidence: Int, actions: Int, folder: URL
) async throws -> QMS {
    let qms = try await initialisedDatabase(path, library: library)
    var generator = SplitMix64(state: 25)
    var names: [String] = []
    for index in 0..<200 {
        let role: Role = index < 2 ? .qualityManager : .processOwner
        let user = try User(
            username: "user\(index)", displayName: "Person \(index)", role: role, processes: ["EP-04"])
        try await qms.users.add(user)
        if index >= 2, index % 10 == 0 { try await qms.users.deactivate(user.username) }
        // Half the owners are written as login names, half as display names, as registers have them.
        names.append(index % 2 == 0 ? user.username : user.displayName)
    }
    func offset() -> Int { Int(generator.next() % 90) - 45 }
    var text = EvidenceCSV.template + "\n"
    text.reserveCapacity(evidence * 160)
    for row in 0..<evidence {
        let key = keys[Int(generator.next() % UInt64(keys.count))]
        let owner = names[Int(generator.next() % 200)]
        let until = dueAsOf.adding(days: offset())
        let review = dueAsOf.adding(days: offset())
        text += "Record \(row),\(key),link,\(owner),EP-04,2026-01-01,\(until),\(review),"
        text += row % 50 == 0 ? "restricted" : "internal"
        text += ",https://iec.example/records/\(row),\n"
    }
    let csv = folder.appendingPathComponent("due-\(evidence).csv")
    try Data(text.utf8).write(to: csv)
    _ = try await qms.evidence.importCSV(csv)
    let riskActions = actions * 9 / 10
    var left = riskActions
    var number = 0
    while left > 0 {
        let count = min(100, left)
        let risk = try await qms.risks.add(
            RiskDraft(
                title: "Risk \(number)", owner: names[number % 200], inherent: try RiskRating(likelihood: 3, impact: 3),
                identifiedOn: dueAsOf.adding(days: -200), reviewOn: dueAsOf.adding(days: offset())))
        let drafts = (0..<count).map { index in
            ActionDraft(
                text: "Action \(number).\(index)", owner: names[Int(generator.next() % 200)],
                due: dueAsOf.adding(days: offset()))
        }
        _ = try await qms.risks.treat(risk.id, actions: drafts)
        left -= count
        number += 1
    }
    left = actions - riskActions
    number = 0
    while left > 0 {
        let count = min(10, left)
        let finding = try await qms.nonconformities.open(
            NonconformityDraft(
                title: "Finding \(number)", source: .complaint, grade: .minor,
                requirements: [keys[number % keys.count]],
                raisedBy: "user0", raisedOn: dueAsOf.adding(days: -100)))
        _ = try await qms.nonconformities.advance(finding.id, to: .contained, with: CorrectiveActionStep(note: "Held"))
        _ = try await qms.nonconformities.advance(
            finding.id, to: .analysed, with: CorrectiveActionStep(method: "5 whys", causes: ["Cause"]))
        let drafts = (0..<count).map { index in
            ActionDraft(
                text: "Corrective \(number).\(index)", owner: names[Int(generator.next() % 200)],
                due: dueAsOf.adding(days: offset()))
        }
        _ = try await qms.nonconformities.advance(finding.id, to: .planned, with: CorrectiveActionStep(actions: drafts))
        left -= count
        number += 1
    }
    return qms
}
