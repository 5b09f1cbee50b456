import Foundation
import QMSCore
import QMSFormats
import QMSPresentation
import QMSStore
import TestSupport
import Testing

@testable import QMSServices

extension Paths {
    static let hnec = Repository.plans.appendingPathComponent("hnec-libya-2018-2019.xml")
    static let jordan = Repository.plans.appendingPathComponent("iec-jordan-electoral-assistance.xml")
}

/// An initialised database whose clock stands on a day in the HNEC sample's year, with a
/// Technical Committee member, a viewer and the Libya sample imported.
private func planningQMS(in folder: TemporaryFolder) async throws -> QMS {
    var qms = try await initialisedQMS(in: folder)
    qms.now = { Date(timeIntervalSince1970: 1_543_622_400) }  // 2018-12-01
    try await qms.users.add(try User(username: "salem", displayName: "Salem", role: .tcMember))
    try await qms.users.add(try User(username: "nour", role: .viewer))
    try await qms.users.add(try User(username: "amal", role: .qualityManager))
    try await qms.plans.importFile(Paths.hnec, library: try PlansLibrary(directory: Repository.plans))
    return qms
}

private func awp(_ text: String = "hnec-2018") throws -> PlanID { try PlanID(text) }

@Suite("Plans service")
struct PlansServiceTests {
    let library: PlansLibrary

    init() throws { library = try PlansLibrary(directory: Repository.plans) }

    @Test("both samples load, each as version 1 of its AWP, with their totals")
    func samplesLoad() async throws {
        let folder = try TemporaryFolder()
        let qms = try await initialisedQMS(in: folder)
        for url in try library.sampleFiles() {
            let report = try await qms.plans.importFile(url, library: library)
            #expect(report.version == 1 && report.status == .draft)
        }
        let listings = try await qms.plans.list()
        #expect(listings.map(\.awp.rawValue) == ["hnec-2018", "hnec-2019", "iec-jordan-2019"])
        #expect(listings[0].planned.description == "USD 2,985,000.00")
        #expect(listings[1].planned.description == "USD 84,000.00")
        #expect(listings[2].currency.code == "EUR")
        let workshops = try await qms.plans.version(try awp("hnec-2019")).planSet.workPlan.activities[0]
        #expect(
            workshops.events.map(\.text) == [
                "2019-02-10 – 2019-02-14, Tripoli", "2019-02-18 – 2019-02-22, Tripoli",
                "2019-03-03 – 2019-03-07, Benghazi",
            ])
        let stored = try await qms.plans.version(try awp())
        let original = try library.reader().read(data: Data(contentsOf: Paths.hnec), file: "x").planSet
        #expect(stored.planSet == original)
        let events = try await qms.store.reading { try $0.events(entity: "awp:hnec-2018") }
        #expect(events.map(\.action) == ["awp.import"])
        let plans = try await qms.store.reading { try $0.events(entity: "plan:hnec-sp-2018-2019") }
        #expect(plans.map(\.action) == ["plan.import", "plan.import"])
    }

    @Test("importing a file whose AWP exists makes its next version")
    func nextVersion() async throws {
        let folder = try TemporaryFolder()
        let qms = try await planningQMS(in: folder)
        let second = try await qms.plans.importFile(Paths.hnec, library: library)
        #expect(second.version == 2)
        let details = try await qms.plans.details(try awp())
        #expect(details.versions.map(\.version) == [1, 2])
        #expect(try await qms.plans.diff(try awp(), from: 1, to: 2).isEmpty)
    }

    @Test("submit, comments, a revision, a new version, its diff and the approval that becomes evidence")
    func reviewCycle() async throws {
        let folder = try TemporaryFolder()
        let qms = try await planningQMS(in: folder)
        let id = try awp()
        let member = qms.acting(as: "salem")
        let before = try await qms.compliance.matrix()
        #expect(before.status(of: try RequirementKey(parsing: "iso-9001-2015:8.1")) == .missing)

        try await qms.workPlanReview.submit(id)
        // A new version cannot be imported while the TC reviews the submitted one.
        await #expect(throws: AWPWorkflowError.self) { try await qms.plans.importFile(Paths.hnec, library: library) }
        try await member.workPlanReview.comment(id, activity: try ActivityCode("2.1"), text: "Split the RMS contract")
        try await qms.acting(as: "amal").workPlanReview.comment(id, activity: try ActivityCode("1.1"), text: "Fine")
        #expect(try await qms.plans.version(id).status == .underReview)
        await #expect(throws: AWPWorkflowError.self) {
            try await qms.acting(as: "nour").workPlanReview.comment(id, activity: try ActivityCode("1.1"), text: "x")
        }
        await #expect(throws: DomainError.self) {
            try await member.workPlanReview.comment(id, activity: try ActivityCode("9.9"), text: "No such activity")
        }
        // A quality manager is not the Technical Committee.
        await #expect(throws: AWPWorkflowError.self) {
            try await qms.acting(as: "amal").workPlanReview.decide(id, .approve, minutes: "TC meeting 12")
        }
        let revise = try await member.workPlanReview.decide(
            id, .revise, minutes: "TC meeting 12: split the RMS contract")
        #expect(revise.status == .revisionRequested && revise.evidence == nil)

        // The revision: the RMS contract split by milestone, the TC meetings line raised, the Tunis workshop dropped.
        var revised = try await qms.plans.version(id).planSet
        let usd = revised.workPlan.currency
        revised.workPlan.activities.removeAll { $0.code.rawValue == "2.2" }
        revised.workPlan.budgetLines.removeAll { $0.activity.rawValue == "2.2" }
        let index = try #require(revised.workPlan.budgetLines.firstIndex { $0.key.description == "2.1/72100/EU" })
        revised.workPlan.budgetLines[index].quarters = [
            .zero(usd), .zero(usd), try Money(parsing: "100000", currency: usd),
            try Money(parsing: "250000", currency: usd),
        ]
        revised.workPlan.activities[0].progress = 90
        let file = URL(fileURLWithPath: folder.path("hnec-2018-v2.xml"))
        try PlanWriter.xml(revised).write(to: file)
        #expect(try await qms.plans.importFile(file, library: library).version == 2)
        let diff = try await qms.plans.diff(id, from: 1, to: 2)
        #expect(diff.activitiesRemoved.map(\.code.rawValue) == ["2.2"])
        #expect(diff.activitiesChanged.map(\.code.rawValue) == ["1.1"])
        #expect(diff.budgetChanges.map(\.key.description) == ["2.1/72100/EU", "2.2/75700/UNDP"])
        #expect(diff.budgetChanges[0].changes.map(\.field) == ["q3", "q4"])
        #expect(diff.totalDifference.decimalString == "-45000.00")

        try await qms.workPlanReview.submit(id)
        let approval = try await member.workPlanReview.decide(id, .approve, minutes: "TC meeting 13: approved")
        #expect(approval.status == .approved)
        let evidence = try #require(approval.evidence)
        #expect(evidence.content.title == "Annual work plan hnec-2018 v2 approved by the Technical Committee")
        #expect(evidence.content.kind == .document && evidence.files.count == 1)
        #expect(evidence.content.description?.contains("TC meeting 13: approved") == true)
        let keys = Set(evidence.content.requirements.map(\.description))
        #expect(
            keys == [
                "iso-9001-2015:6.2.1", "iso-9001-2015:6.2.2", "iso-9001-2015:8.1", "iso-54001-2019:6.2.1",
                "iso-54001-2019:6.2.2", "iso-54001-2019:8.1",
            ])
        let after = try await qms.compliance.matrix()
        for key in ["iso-9001-2015:6.2.2", "iso-9001-2015:8.1", "iso-54001-2019:8.1"] {
            #expect(after.status(of: try RequirementKey(parsing: key)) == .satisfied, "\(key)")
        }
        // The attached file is the approved plan set, which reads back to the version approved.
        let copy = URL(fileURLWithPath: folder.path("approved.xml"))
        try await qms.evidence.exportFile(evidence.id, to: copy)
        let attached = try library.reader().read(data: Data(contentsOf: copy), file: "approved.xml").planSet
        #expect(attached == revised)
        let decisions = try await qms.plans.details(id).decisions
        #expect(decisions.map(\.decision) == [.revise, .approve])
        #expect(decisions.last?.evidence == evidence.id)
        // An approved version takes no further step.
        await #expect(throws: AWPWorkflowError.self) { try await qms.workPlanReview.submit(id) }
        let integrity = try await qms.integrity.verify()
        #expect(integrity.problems.isEmpty, "\(integrity.problems)")
    }

    @Test("delivery rates follow the expenditure per activity, output, quarter and source")
    func delivery() async throws {
        let folder = try TemporaryFolder()
        let qms = try await planningQMS(in: folder)
        let id = try awp()
        let usd = try CurrencyCode("USD")
        try await qms.expenditure.add(
            id,
            ExpenditureDraft(
                activity: try ActivityCode("1.1"), amount: try Money(parsing: "240000", currency: usd),
                date: try CalendarDate(parsing: "2018-06-30"), reference: "PO-2018-017"))
        try await qms.expenditure.add(
            id,
            ExpenditureDraft(
                activity: try ActivityCode("2.1"), amount: try Money(parsing: "30000", currency: usd),
                date: try CalendarDate(parsing: "2018-12-15"), reference: "INV-9", source: try PlanCode("UNDP"),
                account: try PlanCode("75700")))
        // Activity 2.1 is funded by two sources: the entry must say which.
        await #expect(throws: DomainError.self) {
            try await qms.expenditure.add(
                id,
                ExpenditureDraft(
                    activity: try ActivityCode("2.1"), amount: try Money(parsing: "1", currency: usd),
                    date: try CalendarDate(parsing: "2018-12-15"), reference: "X"))
        }
        await #expect(throws: DomainError.self) {
            try await qms.expenditure.add(
                id,
                ExpenditureDraft(
                    activity: try ActivityCode("1.1"),
                    amount: try Money(parsing: "1", currency: try CurrencyCode("EUR")),
                    date: try CalendarDate(parsing: "2018-12-15"), reference: "X"))
        }
        let report = try await qms.plans.report(id)
        #expect(report.total.spent.decimalString == "270000.00")
        let vehicles = try #require(report.byActivity.first { $0.key == "1.1" })
        #expect(vehicles.deliveryBasisPoints == 5000)
        let output2 = try #require(report.byOutput.first { $0.key == "2" })
        #expect(output2.planned.decimalString == "605000.00" && output2.deliveryText == "4.96%")
        #expect(report.byQuarter.map(\.spent.decimalString) == ["0.00", "240000.00", "0.00", "30000.00"])
        let undp = try #require(report.bySource.first { $0.key == "UNDP" })
        #expect(undp.deliveryBasisPoints == 1389)  // 30,000 of 216,000
        let envelope = try #require(report.envelopes.first { $0.source.rawValue == "EU" && $0.year == 2018 })
        // The 240,000 paid on 1.1 settles that much of the vehicles order (480,000): outstanding
        // 240,000 + 1,200,000 (IT order, unpaid) = 1,440,000; left 3,000,000 − (1,440,000 + 240,000).
        #expect(envelope.outstanding.decimalString == "1440000.00")
        #expect(envelope.left.decimalString == "1320000.00")
        #expect(report.results.first?.total == 87)
        let ledger = try await qms.expenditure.list(id)
        #expect(ledger.map(\.number) == [1, 2])
        let events = try await qms.store.reading { try $0.events(entity: "awp:hnec-2018") }
        #expect(events.filter { $0.action == "expense.add" }.count == 2)
    }

    @Test("a bad row of a CSV work plan names its row and column, and writes nothing")
    func badRowWritesNothing() async throws {
        let folder = try TemporaryFolder()
        let qms = try await planningQMS(in: folder)
        let csv = URL(fileURLWithPath: folder.path("awp.csv"))
        try await qms.plans.export(try awp(), format: .csv, to: csv)
        var lines = try String(contentsOf: csv, encoding: .utf8).components(separatedBy: "\r\n")
        // Row 6 is activity 2.2, the Tunis workshop in Q4.
        #expect(lines[5].contains(",2.2,"))
        lines[5] = lines[5].replacingOccurrences(of: ",Q4,", with: ",Q7,")
        try Data(lines.joined(separator: "\r\n").utf8).write(to: csv)
        let before = try await dump(qms.store)
        let error = try await #require(throws: FormatError.self) { try await qms.plans.importFile(csv) }
        #expect(error.location?.row == 6)
        #expect(error.location?.field == "quarters")
        #expect(try await dump(qms.store) == before)
    }

    @Test("a CSV or XLSX import keeps the rest of the plan set and re-imports to the same plan")
    func spreadsheetsRoundTrip() async throws {
        let folder = try TemporaryFolder()
        let qms = try await planningQMS(in: folder)
        let id = try awp()
        let xlsx = URL(fileURLWithPath: folder.path("awp.xlsx"))
        let csv = URL(fileURLWithPath: folder.path("awp.csv"))
        try await qms.plans.export(id, format: .xlsx, to: xlsx, layout: .perOutput)
        try await qms.plans.export(id, format: .csv, to: csv)
        #expect(try await qms.plans.importFile(xlsx).version == 2)
        #expect(try await qms.plans.importFile(csv).version == 3)
        #expect(try await qms.plans.diff(id, from: 1, to: 3).isEmpty)
        let first = try await qms.plans.version(id, version: 1).planSet
        let third = try await qms.plans.version(id, version: 3).planSet
        #expect(third == first)
    }

    @Test("a CSV for a new AWP makes its outputs and funding sources from the sheet")
    func newFromCSV() async throws {
        let folder = try TemporaryFolder()
        let qms = try await initialisedQMS(in: folder)
        let csv = URL(fileURLWithPath: folder.path("new.csv"))
        let text = """
            \(AWPSheet.template)
            demo-2027,2027,JOD,1,Voter registration update,تحديث سجل الناخبين,pre-electoral,1.1,Field registration,,Q1-Q2,Operations,,EP-01,not-started,0,,,,72100,GOV,Registration teams,1000.125,2000,,,3000.125
            demo-2027,2027,JOD,1,,,,1.2,Printing,,Q2,Operations,,,,,,,,74200,GOV,,500,,,,
            """
        try Data(text.utf8).write(to: csv)
        let report = try await qms.plans.importFile(csv)
        #expect(report.awp.rawValue == "demo-2027" && report.planned.description == "JOD 3,500.125")
        let stored = try await qms.plans.version(report.awp)
        #expect(stored.planSet.outputs.first?.title.ar == "تحديث سجل الناخبين")
        #expect(stored.planSet.financialPlan.sources.map(\.code.rawValue) == ["GOV"])
        #expect(stored.planSet.strategicPlan == nil)
        // A new output without its title is named at its row.
        let unknown = URL(fileURLWithPath: folder.path("unknown.csv"))
        try Data(
            text.replacingOccurrences(of: "demo-2027,2027,JOD,1,,,,1.2", with: "demo-2027,2027,JOD,2,,,,1.2").utf8
        ).write(to: unknown)
        let error = try await #require(throws: FormatError.self) { try await qms.plans.importFile(unknown) }
        #expect(error.location?.row == 3 && error.location?.field == "output_title")
    }

    @Test("links must point at records that exist")
    func links() async throws {
        let folder = try TemporaryFolder()
        let qms = try await initialisedQMS(in: folder)
        let text = try String(contentsOf: Paths.hnec, encoding: .utf8).replacingOccurrences(
            of: "<link kind=\"requirement\" target=\"iso-54001-2019:EP-03\"/>",
            with: "<link kind=\"evidence\" target=\"EV-2018-0001\"/>")
        let file = URL(fileURLWithPath: folder.path("links.xml"))
        try Data(text.utf8).write(to: file)
        let before = try await dump(qms.store)
        let error = try await #require(throws: FormatError.self) {
            try await qms.plans.importFile(file, library: library)
        }
        #expect(Messages.shared.error(error, .english).contains("activity 1.1: evidence:EV-2018-0001 does not exist"))
        #expect(error.location?.line != nil)
        #expect(try await dump(qms.store) == before)
    }
}
