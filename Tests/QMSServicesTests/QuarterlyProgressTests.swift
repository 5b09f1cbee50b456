import Foundation
import QMSCore
import QMSDossier
import QMSFormats
import QMSServices
import TestSupport
import Testing

/// The quarterly progress report of the HNEC sample, against the hand computation of
/// `PlanFiguresTests` split by quarter, output and funding source, and rendered in every language.
@Suite("Quarterly progress report: the HNEC sample by hand, and its pages")
struct QuarterlyProgressTests {
    let dollars: CurrencyCode
    init() throws { dollars = try CurrencyCode("USD") }
    func usd(_ amount: Int64) -> Money { Money(minorUnits: amount * 100, currency: dollars) }

    func seeded(_ folder: TemporaryFolder) async throws -> QMS {
        let qms = try await initialisedQMS(in: folder)
        try await DemoService.seed(
            qms, plans: try PlansLibrary(directory: Repository.root.appendingPathComponent("Plans")))
        return qms
    }

    /// The clock at noon UTC on `day`.
    func at(_ qms: QMS, _ day: String, as actor: String) throws -> QMS {
        var moved = qms.acting(as: actor)
        let date = try CalendarDate(parsing: day)
        let noon = Date(timeIntervalSince1970: TimeInterval(date.daysSinceEpoch) * 86_400 + 43_200)
        moved.now = { noon }
        return moved
    }

    @Test("Q4 2018: planned, spent and delivery per output and source equal the hand totals and the plan report")
    func fourthQuarter() async throws {
        let folder = try TemporaryFolder()
        let qms = try await seeded(folder)
        let awp = try PlanID("hnec-2018")
        let report = try await qms.plans.report(awp)
        let progress = try await qms.plans.quarterly(awp, quarter: .q4)
        #expect(progress.from.description == "2018-10-01" && progress.until.description == "2018-12-31")

        // The quarter is the plan report's fourth-quarter line, computed once.
        #expect(progress.quarterDelivery.total.planned == report.byQuarter[3].planned)
        #expect(progress.quarterDelivery.total.spent == report.byQuarter[3].spent)
        #expect(progress.quarterDelivery.total.planned == usd(898_000))
        #expect(progress.quarterDelivery.total.spent == usd(1_171_500))
        // Q4 budget lines by output (see PlanFiguresTests):
        //   1: 1.2 200,000; 2: 2.1 200,000 + 30,000 + 2.2 45,000 + 2.3 45,000 = 320,000;
        //   3: 3.1 25,000; 4: 4.1 3,000 + 4.2 9,000 = 12,000; 5: 5.1 250,000 + 15,000 = 265,000;
        //   6: 6.1 30,000 + 6.2 6,000 + 6.3 40,000 = 76,000. Sum 898,000.
        let planned = Dictionary(uniqueKeysWithValues: progress.quarterDelivery.byOutput.map { ($0.key, $0.planned) })
        #expect(planned["1"] == usd(200_000) && planned["2"] == usd(320_000) && planned["3"] == usd(25_000))
        #expect(planned["4"] == usd(12_000) && planned["5"] == usd(265_000) && planned["6"] == usd(76_000))
        // Spent in Q4: 1.2 (output 1) 1,150,000 on 2018-11-30; 3.1 (output 3) 21,500 on 2018-11-28.
        let spent = Dictionary(uniqueKeysWithValues: progress.quarterDelivery.byOutput.map { ($0.key, $0.spent) })
        #expect(spent["1"] == usd(1_150_000) && spent["3"] == usd(21_500) && spent["2"] == usd(0))
        // Output 1 delivers 1,150,000 / 200,000 = 575 % → 57,500 basis points, overspent by 950,000.
        let first = try #require(progress.quarterDelivery.byOutput.first { $0.key == "1" })
        #expect(first.deliveryBasisPoints == 57_500 && first.overspent == usd(950_000))
        // By source: EU's Q4 lines are 1.2 200,000 + 2.1 200,000 + 2.3 45,000 + 4.2 9,000 + 5.1 250,000
        // + 6.1 30,000 + 6.3 40,000 = 774,000; UNDP's the rest, 898,000 − 774,000 = 124,000.
        let eu = try #require(progress.quarterDelivery.bySource.first { $0.key == "EU" })
        let undp = try #require(progress.quarterDelivery.bySource.first { $0.key == "UNDP" })
        #expect(eu.planned == usd(774_000) && eu.spent == usd(1_150_000))
        #expect(undp.planned == usd(124_000) && undp.spent == usd(21_500))

        // Year to date at the end of Q4 is the whole year.
        #expect(progress.yearToDate.total.planned == report.total.planned)
        #expect(progress.yearToDate.total.spent == report.total.spent)

        // The quarter's payments, by date: 3.1 on 28 November, then 1.2 on 30 November.
        #expect(progress.expenditures.map(\.activity.rawValue) == ["3.1", "1.2"])
        // Activities planned in Q4: all but 1.1 and 5.2 (Q2 Q3 only).
        #expect(
            progress.activities.map(\.code.rawValue)
                == ["1.2", "2.1", "2.2", "2.3", "3.1", "4.1", "4.2", "5.1", "6.1", "6.2", "6.3"])
        #expect(progress.activities.first { $0.code.rawValue == "1.2" }?.spent == usd(1_150_000))
        // The 2018-Q4 actual of K1.1.1 (70, from a baseline of 40 towards 75) counts by the end of Q4.
        let kpi = try #require(progress.kpis.first { $0.code.rawValue == "K1.1.1" })
        #expect(kpi.actual?.period == "2018-Q4" && kpi.progressBasisPoints == 8571)
        // After Q4 comes the next year's plan.
        #expect(progress.nextQuarter == nil && progress.nextActivities.isEmpty)
    }

    @Test("Q3 2018: the year to date, an actual measured later left out, and the next quarter's plan")
    func thirdQuarter() async throws {
        let folder = try TemporaryFolder()
        let qms = try await seeded(folder)
        let progress = try await qms.plans.quarterly(try PlanID("hnec-2018"), quarter: .q3)
        // Q1 + Q2 + Q3 = 54,000 + 931,000 + 1,102,000 = 2,087,000; spent by 30 September: 480,000
        // paid (1.1) and 12,000 disbursed to a partner (5.2), 492,000: 492,000 / 1,102,000 = 44.65 %.
        #expect(progress.yearToDate.total.planned == usd(2_087_000))
        #expect(progress.yearToDate.total.spent == usd(492_000))
        #expect(progress.quarterDelivery.total.planned == usd(1_102_000))
        #expect(progress.quarterDelivery.total.deliveryBasisPoints == 4465)
        let disbursed = try #require(progress.expenditures.first { $0.kind == .disbursement })
        #expect(disbursed.activity.rawValue == "5.2" && disbursed.recipient?.isEmpty == false)
        // K1.1.1's only actual is for 2018-Q4: not yet measured at the end of Q3.
        let kpi = try #require(progress.kpis.first { $0.code.rawValue == "K1.1.1" })
        #expect(kpi.actual == nil && kpi.progressBasisPoints == nil)
        // The next quarter is Q4, with its 898,000 planned over the activities not cancelled.
        #expect(progress.nextQuarter == .q4)
        let next = progress.nextActivities.reduce(Int64(0)) { $0 + $1.planned.minorUnits }
        #expect(next == usd(898_000).minorUnits)
    }

    @Test("the risks, nonconformities and Technical Committee decisions of the quarter, and no others")
    func periodRecords() async throws {
        let folder = try TemporaryFolder()
        let qms = try await seeded(folder)
        let awp = try PlanID("hnec-2018")
        // A risk identified on 5 October 2018 and a decision taken on 12 November 2018.
        let risk = try await at(qms, "2018-10-05", as: "amal").risks.add(
            RiskDraft(
                kind: .risk, title: "Customs hold the IT equipment at the port (test)", owner: "Omar Khalil",
                inherent: try RiskRating(likelihood: 4, impact: 5), treatment: nil, requirements: [],
                identifiedOn: try CalendarDate(parsing: "2018-10-05"),
                reviewOn: try CalendarDate(parsing: "2018-12-01")))
        _ = try await at(qms, "2018-11-12", as: "salma").workPlanReview.decide(
            awp, .approve, minutes: "Technical Committee meeting of 12 November 2018 (test)")

        let fourth = try await qms.plans.quarterly(awp, quarter: .q4)
        #expect(fourth.risks.map(\.id) == [risk.id])
        #expect(fourth.decisions.map(\.minutes) == ["Technical Committee meeting of 12 November 2018 (test)"])
        // The demo's own risks and nonconformities are of 2026: none of them belongs to 2018.
        #expect(fourth.nonconformities.isEmpty)
        let third = try await qms.plans.quarterly(awp, quarter: .q3)
        #expect(third.risks.isEmpty && third.decisions.isEmpty)
    }

    @Test("the report renders in every language, worded and in the language's digits, with its charts")
    func pages() async throws {
        let folder = try TemporaryFolder()
        let qms = try await seeded(folder)
        let progress = try await qms.plans.quarterly(try PlanID("hnec-2018"), quarter: .q4)
        let organisation = try await qms.organisation.get()
        let day = try CalendarDate(parsing: "2019-01-15")
        let expected: [Language: (title: String, spent: String)] = [
            .english: ("Quarterly progress report", "1,171,500.00"),
            .arabic: ("تقرير التقدم الفصلي", "١٬١٧١٬٥٠٠٫٠٠"),
            .french: ("Rapport d’avancement trimestriel", "1 171 500,00"),
            .spanish: ("Informe trimestral de avance", "1.171.500,00"),
        ]
        for language in Language.allCases {
            let html = try QuarterlyReport.html(progress, language: language, organisation: organisation, prepared: day)
            let wanted = try #require(expected[language])
            #expect(html.contains("<h1 id=\"q-title\">\(wanted.title)</h1>"), "\(language)")
            #expect(html.contains("dir=\"\(language.isRightToLeft ? "rtl" : "ltr")\""))
            // The quarter's spending, as this language writes it (narrow spaces normalised for French).
            let normalised = html.replacingOccurrences(of: "\u{202F}", with: " ").replacingOccurrences(
                of: "\u{00A0}", with: " ")
            #expect(normalised.contains(wanted.spent), "\(language): \(wanted.spent)")
            // Every section is there, and no message key or template tag is left unworded.
            #expect(html.components(separatedBy: "<section").count - 1 == QuarterlyReport.sections.count)
            #expect(!html.contains("{{") && html.range(of: #"\bq_[a-z_]+\b"#, options: .regularExpression) == nil)
            #expect(html.contains("<svg") && html.contains("<style>"))
            // Nothing is fetched from anywhere: the page carries its styles and charts.
            #expect(!html.contains("<link") && !html.contains("src=") && !html.contains("url("))
        }
    }

    @Test("the dossier carries the reports of the approved plan's quarters that ended in its period, and verifies")
    func dossier() async throws {
        let folder = try TemporaryFolder()
        let qms = try await seeded(folder)
        // The demo approves iec-jordan-2019 today; a period from 2019 takes in its four quarters.
        let keys = folder.file("keys")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        let written = try DossierService.generateKey(in: keys)
        let key = try DossierService.signingKey(path: written.privateKey.path)
        let schema = Repository.standards.appendingPathComponent("dossier.xsd")
        let standards = [try StandardID("iso-9001-2015")]
        _ = try await qms.dossiers.export(
            DossierRequest(standards: standards, asOf: qms.today, from: try CalendarDate(parsing: "2019-01-01")),
            key: key, to: folder.file("long"), schema: schema)
        let root = folder.file("long")
        for (language, name) in [("en", "Q3 2019"), ("ar", "الربع ٣ من عام ٢٠١٩")] {
            let plans = try String(contentsOf: root.appendingPathComponent("\(language)/plans.html"), encoding: .utf8)
            let href = "plans/iec-jordan-2019-2019-Q3-quarterly-\(language).html"
            #expect(plans.contains("<a href=\"\(href)\">\(name)</a>"), "\(language)")
            let report = try String(contentsOf: root.appendingPathComponent("\(language)/\(href)"), encoding: .utf8)
            #expect(report.contains("<section") && report.contains("lang=\"\(language)\""))
        }
        // Signed with the rest: the verifier checks every file of the manifest, the reports too.
        let verification = try DossierService.verify(root, key: written.publicKey)
        #expect(verification.clean && verification.problems.isEmpty)
        // A period of the last year holds no quarter of 2019, and the plans page says so.
        _ = try await qms.dossiers.export(
            DossierRequest(standards: standards, asOf: qms.today), key: key, to: folder.file("short"), schema: schema)
        let short = try String(
            contentsOf: folder.file("short").appendingPathComponent("en/plans.html"), encoding: .utf8)
        #expect(short.contains("No quarter of this plan ended in the dossier&#39;s period."))
        #expect(!FileManager.default.fileExists(atPath: folder.file("short").appendingPathComponent("en/plans").path))
    }

    @Test("an unknown quarter is refused with the field named, and an unknown plan says so")
    func badInput() async throws {
        #expect(throws: DomainError.self) { try Quarter(parsing: "Q5") }
        do {
            _ = try Quarter(parsing: "Q5")
        } catch {
            #expect(error.field?.rawValue == "quarter")
        }
        let folder = try TemporaryFolder()
        let qms = try await seeded(folder)
        await #expect(throws: DomainError.self) { try await qms.plans.quarterly(try PlanID("nope-2018"), quarter: .q1) }
    }
}
