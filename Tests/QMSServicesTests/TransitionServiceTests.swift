import Foundation
import QMSCore
import QMSFormats
import QMSServices
import TestSupport
import Testing

@Suite("Transition to ISO 9001:2026")
struct TransitionServiceTests {
    @Test("the demo organisation's report: new or changed, carried over, missing, and the deadline")
    func demoReport() async throws {
        let folder = try TemporaryFolder()
        let qms = try await initialisedQMS(in: folder)
        try await DemoService.seed(
            qms, plans: try PlansLibrary(directory: Repository.root.appendingPathComponent("Plans")))
        let report = try await qms.transition.report()
        #expect(report.from.rawValue == "iso-9001-2015" && report.to.rawValue == "iso-9001-2026")
        #expect(report.toStatus == "draft")
        #expect(report.deadline.description == "2029-12-31" && !report.deadlineGiven)
        let changed = Set(report.changes.map(\.key.number))
        #expect(changed.isSuperset(of: ["5.1.1", "7.3", "6.1.2", "6.1.3"]))
        #expect(!changed.contains("8.5.1") && !changed.contains("4.1-climate"))
        #expect(report.changes.allSatisfy { $0.kind != .unchanged })
        #expect(!report.carriedOver.isEmpty)
        #expect(report.carriedOver.allSatisfy { $0.via.standard.rawValue != "iso-9001-2026" })
        // The demo's evidence is logged against ISO/TS 54001, which reaches 2026 through 2015.
        #expect(report.carriedOver.contains { $0.via.standard.rawValue == "iso-54001-2019" && $0.credit == .full })
        #expect(!report.missing.isEmpty)
        #expect(report.missing.count == report.tally.missing)
        let given = try await qms.transition.report(deadline: try CalendarDate(parsing: "2029-09-15"))
        #expect(given.deadline.description == "2029-09-15" && given.deadlineGiven)
        #expect(given.daysLeft == qms.today.days(until: try CalendarDate(parsing: "2029-09-15")))
        #expect(try await qms.transition.isAvailable())
    }
}
