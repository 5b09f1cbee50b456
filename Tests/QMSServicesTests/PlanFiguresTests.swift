import Foundation
import QMSCore
import QMSFormats
import QMSServices
import TestSupport
import Testing

/// The figures of the HNEC sample (`Plans/hnec-libya-2018-2019.xml`, read by the real plan
/// reader through the demo's import) against a computation done by hand from the file.
@Suite("Plan figures: the HNEC sample against a hand computation")
struct PlanFiguresTests {
    @Test("left = envelope − (outstanding commitments + spent); delivery = spent ÷ planned; overspends have amounts")
    func hnecSample() async throws {
        let folder = try TemporaryFolder()
        let qms = try await initialisedQMS(in: folder)
        try await DemoService.seed(
            qms, plans: try PlansLibrary(directory: Repository.root.appendingPathComponent("Plans")))
        let awp = try PlanID("hnec-2018")
        let dollars = try CurrencyCode("USD")
        func usd(_ amount: Int64) -> Money { Money(minorUnits: amount * 100, currency: dollars) }
        let summary = try await qms.plans.report(awp)

        // Budget lines of the 2018 work plan, by quarter (q1…q4 attributes of the file):
        //   Q1: 2.3 45,000 + 4.1 3,000 + 6.2 6,000                                    =    54,000
        //   Q2: 1.1 240,000 + 1.2 600,000 + 2.3 45,000 + 4.1 3,000 + 5.2 12,000
        //       + 6.2 6,000 + 6.3 25,000                                              =   931,000
        //   Q3: 1.1 240,000 + 1.2 400,000 + 2.1 150,000 + 2.3 45,000 + 3.1 25,000 + 4.1 3,000
        //       + 5.1 150,000 + 5.1 10,000 + 5.2 18,000 + 6.1 20,000 + 6.2 6,000 + 6.3 35,000 = 1,102,000
        //   Q4: 1.2 200,000 + 2.1 200,000 + 2.1 30,000 + 2.2 45,000 + 2.3 45,000 + 3.1 25,000
        //       + 4.1 3,000 + 4.2 9,000 + 5.1 250,000 + 5.1 15,000 + 6.1 30,000 + 6.2 6,000
        //       + 6.3 40,000                                                          =   898,000
        //   total 54,000 + 931,000 + 1,102,000 + 898,000                              = 2,985,000
        // The demo's payments: 1.1 (EU) 480,000 on 2018-09-20 (Q3); 1.2 (EU) 1,150,000 on
        // 2018-11-30 (Q4); 3.1 (UNDP) 21,500 on 2018-11-28 (Q4); and its disbursement, 5.2 (UNDP)
        // 12,000 to a partner on 2018-08-16 (Q3), which is delivery as much as a payment.
        // Q3 480,000 + 12,000 = 492,000. Total 1,663,500.
        #expect(summary.byQuarter.map(\.planned) == [usd(54_000), usd(931_000), usd(1_102_000), usd(898_000)])
        #expect(summary.byQuarter.map(\.spent) == [usd(0), usd(0), usd(492_000), usd(1_171_500)])
        #expect(summary.total.planned == usd(2_985_000) && summary.total.spent == usd(1_663_500))
        // Delivery = spent ÷ planned: Q3 492,000 / 1,102,000 = 44.646 % → 4465 basis points;
        // Q4 1,171,500 / 898,000 = 130.457 % → 13046, an overspend of 1,171,500 − 898,000 = 273,500.
        #expect(summary.byQuarter[2].deliveryBasisPoints == 4465 && summary.byQuarter[2].overspent == nil)
        #expect(summary.byQuarter[3].deliveryBasisPoints == 13046)
        #expect(summary.byQuarter[3].overspent == usd(273_500))
        // The whole plan: 1,663,500 / 2,985,000 = 55.729 % → 5573, not overspent.
        #expect(summary.total.deliveryBasisPoints == 5573 && summary.total.overspent == nil)

        // EU 2018: envelope 3,000,000. Commitments: PO-2018-VEH-01 480,000 for 1.1, paid in full
        // by the 480,000 payment; PO-2018-IT-02 1,200,000 for 1.2, of which 1,150,000 is paid, so
        // 50,000 is outstanding. Spent 480,000 + 1,150,000 = 1,630,000.
        // left = 3,000,000 − (50,000 + 1,630,000) = 1,320,000. Subtracting the commitments in full
        // as well as the payments made against them gave 3,000,000 − 1,680,000 − 1,630,000 = −310,000.
        let eu2018 = try #require(summary.envelopes.first { $0.source.rawValue == "EU" && $0.year == 2018 })
        #expect(eu2018.envelope == usd(3_000_000))
        #expect(eu2018.committed == usd(1_680_000))
        #expect(eu2018.outstanding == usd(50_000))
        #expect(eu2018.spent == usd(1_630_000))
        #expect(eu2018.left == usd(1_320_000) && eu2018.overspent == nil)
        // Planned from EU in the 2018 work plan: 480,000 + 1,200,000 + 350,000 (2.1) + 180,000 (2.3)
        // + 9,000 (4.2) + 400,000 (5.1) + 50,000 (6.1) + 100,000 (6.3) = 2,769,000.
        #expect(eu2018.planned == usd(2_769_000))
        // UNDP 2018: 450,000, no commitment, 21,500 paid and 12,000 disbursed: left 416,500.
        let undp2018 = try #require(summary.envelopes.first { $0.source.rawValue == "UNDP" && $0.year == 2018 })
        #expect(undp2018.outstanding == usd(0) && undp2018.left == usd(416_500))

        // A payment of 230,000 from UNDP in 2019 on 6.2 (legal advice, 24,000 planned) exceeds the
        // UNDP 2019 envelope of 200,000 by 30,000 and the activity's plan by 230,000 − 24,000 = 206,000.
        try await qms.acting(as: "amal").expenditure.add(
            awp,
            ExpenditureDraft(
                activity: try ActivityCode("6.2"), amount: usd(230_000),
                date: try CalendarDate(parsing: "2019-02-15"), reference: "Legal adviser, 2019 (test)"))
        let after = try await qms.plans.report(awp)
        let undp2019 = try #require(after.envelopes.first { $0.source.rawValue == "UNDP" && $0.year == 2019 })
        #expect(undp2019.left == usd(-30_000) && undp2019.overspent == usd(30_000))
        #expect(after.byActivity.first { $0.key == "6.2" }?.overspent == usd(206_000))
        #expect(after.spentOutsideYear == usd(230_000))
        // The EU 2018 position does not move: the payment is UNDP's, in 2019.
        #expect(after.envelopes.first { $0.source.rawValue == "EU" && $0.year == 2018 }?.left == usd(1_320_000))
    }

    @Test("a commitment names an activity of the work plan, and the plan file keeps it on export")
    func commitmentActivity() throws {
        let reader = try PlansLibrary(directory: Repository.root.appendingPathComponent("Plans")).reader()
        let file = Repository.root.appendingPathComponent("Plans/hnec-libya-2018-2019.xml")
        let planSet = try reader.read(data: try Data(contentsOf: file), file: "hnec.xml").planSet
        #expect(planSet.financialPlan.commitments.map(\.activity?.rawValue) == ["1.1", "1.2"])
        let exported = try reader.read(data: PlanWriter.xml(planSet), file: "exported.xml").planSet
        #expect(exported.financialPlan.commitments == planSet.financialPlan.commitments)
        var broken = planSet
        broken.financialPlan.commitments[0].activity = try ActivityCode("9.9")
        #expect(broken.validate().contains { $0.subject == .commitment(0) && $0.fieldName == "activity" })
    }
}
