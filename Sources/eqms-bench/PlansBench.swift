import Foundation
import QMSCore
import QMSFormats
@_spi(Benchmarks) import QMSServices

/// A plan set of `activities` activities (ten outputs, two funding sources, four budget lines
/// each); `revision` 1 changes about a tenth of the lines, drops 1 % of the activities and adds as many.
func benchPlanSet(activities count: Int, revision: Int) throws -> PlanSet {
    let usd = try CurrencyCode("USD")
    let outputs = try (1...10).map { number in
        PlanOutput(
            code: try PlanCode(String(number)), title: LocalizedText(en: "Output \(number)", ar: "المخرج \(number)"),
            year: 2026, phase: number <= 5 ? .preElectoral : .electoral)
    }
    let sources = [try PlanCode("EU"), try PlanCode("UNDP")]
    let accounts = try ["71200", "71600", "72100", "75700"].map { try PlanCode($0) }
    var activities: [Activity] = []
    var lines: [BudgetLine] = []
    activities.reserveCapacity(count)
    lines.reserveCapacity(count * 4)
    let dropped = revision == 0 ? 0 : count / 100
    for index in 0..<(count + dropped) {
        let output = index % 10 + 1
        // Revision 1 drops the first `dropped` activities and adds as many at the end.
        if revision == 1, index < dropped { continue }
        if revision == 0, index >= count { break }
        let code = try ActivityCode("\(output).\(index / 10 + 1)")
        activities.append(
            Activity(
                code: code, title: LocalizedText(en: "Activity \(code) of the benchmark", ar: "النشاط \(code)"),
                output: try PlanCode(String(output)), quarters: try QuarterSet(parsing: "Q1-Q4"),
                responsibleParty: "Operations", process: ElectoralProcess.allCases[index % 8],
                status: .inProgress, progress: index % 101,
                results: index % 7 == 0
                    ? [IndicatorResult(indicator: "participants", total: 40, women: 17, youth: 9)] : []))
        for (position, account) in accounts.enumerated() {
            // Amounts depend on the activity and the line only, so both revisions agree where unchanged.
            var generator = SplitMix64(state: UInt64(index * 4 + position + 1))
            var quarters = (0..<4).map { _ in Money(minorUnits: Int64(generator.next() % 5_000_000), currency: usd) }
            if revision == 1, (index + position) % 10 == 0 { quarters[2].minorUnits += 12_345 }
            lines.append(
                BudgetLine(
                    activity: code, account: account, description: "Line \(position + 1) of \(code)",
                    source: sources[position % 2], quarters: quarters))
        }
    }
    return PlanSet(
        outputs: outputs,
        financialPlan: FinancialPlan(
            sources: sources.map { FundingSource(code: $0, name: LocalizedText(en: $0.rawValue)) },
            envelopes: sources.map {
                FundingEnvelope(source: $0, year: 2026, amount: Money(minorUnits: 900_000_000_000, currency: usd))
            }),
        workPlan: AnnualWorkPlan(
            id: try PlanID("bench-2026"), year: 2026, project: LocalizedText(en: "Benchmark work plan"), currency: usd,
            activities: activities, budgetLines: lines),
        note: "Generated for the benchmark.")
}

/// Import (XML, validated), report and diff of an AWP at 500 and 5,000 activities with four budget
/// lines each: the cost per budget line must stay flat (≤ 1.5 × from the small plan to the large).
@MainActor
func plansBenchmarks(_ report: BenchReport, library: StandardsLibrary, folder: URL, quick: Bool) async throws {
    let plans = try PlansLibrary(
        directory: library.directory.deletingLastPathComponent().appendingPathComponent("Plans"))
    let sizes = quick ? [250, 2_500] : [500, 5_000]
    var perLine: [Int: (importing: Double, reporting: Double, diffing: Double)] = [:]
    for size in sizes {
        let first = folder.appendingPathComponent("awp-\(size)-v1.xml")
        let second = folder.appendingPathComponent("awp-\(size)-v2.xml")
        try PlanWriter.xml(try benchPlanSet(activities: size, revision: 0)).write(to: first)
        try PlanWriter.xml(try benchPlanSet(activities: size, revision: 1)).write(to: second)
        let lines = Double(size * 4)
        var importing = Double.infinity
        var reporting = Double.infinity
        var diffing = Double.infinity
        for round in 0..<3 {
            let qms = try await initialisedDatabase(
                folder.appendingPathComponent("plans-\(size)-\(round).sqlite").path, library: library)
            importing = min(importing, try await seconds { _ = try await qms.plans.importFile(first, library: plans) })
            importing = min(importing, try await seconds { _ = try await qms.plans.importFile(second, library: plans) })
            let id = try PlanID("bench-2026")
            reporting = min(reporting, try await seconds { _ = try await qms.plans.report(id) })
            var changes = 0
            diffing = min(
                diffing,
                try await seconds {
                    let diff = try await qms.plans.diff(id, from: 1, to: 2)
                    changes = diff.budgetChanges.count
                })
            if round == 0 {
                report.add(
                    Figure(
                        name: "AWP diff, \(size) activities", value: Double(changes), unit: "changes",
                        detail: "budget lines added, removed or changed"))
            }
            try await qms.benchmarkStore.close()
        }
        perLine[size] = (importing / lines, reporting / lines, diffing / lines)
        for (name, value) in [("import (XML, XSD, store)", importing), ("report", reporting), ("diff", diffing)] {
            report.add(
                Figure(
                    name: "AWP \(name), \(size) activities", value: value * 1000, unit: "ms",
                    detail: String(format: "%.2f µs per budget line, best of 3", value / lines * 1e6)))
        }
    }
    guard let small = sizes.first.flatMap({ perLine[$0] }), let large = sizes.last.flatMap({ perLine[$0] }) else {
        return
    }
    let label = "at \(sizes[1]) / at \(sizes[0]) activities"
    report.check(
        "AWP import cost per line \(label)", measured: large.importing / small.importing, bound: "≤ 1.5",
        met: large.importing / small.importing <= 1.5)
    report.check(
        "AWP report cost per line \(label)", measured: large.reporting / small.reporting, bound: "≤ 1.5",
        met: large.reporting / small.reporting <= 1.5)
    report.check(
        "AWP diff cost per line \(label)", measured: large.diffing / small.diffing, bound: "≤ 1.5",
        met: large.diffing / small.diffing <= 1.5)
}
