import Foundation
import QMSCore
import Testing

@testable import QMSFormats

/// The seeds' programmes as they happened (issue 22 is the oracle: the source material is not in
/// the repository). Each fact is checked in the sample files through the real reader.
@Suite("Sample plans: the programmes as they happened")
struct SamplePlansFactsTests {
    private func read(_ url: URL) throws -> PlanSet {
        try Readers.plans().read(data: Data(contentsOf: url), file: url.lastPathComponent).planSet
    }

    private func activity(_ plan: PlanSet, _ code: String) throws -> Activity {
        try #require(plan.workPlan.activity(try ActivityCode(code)), "no activity \(code) in \(plan.workPlan.id)")
    }

    private func day(_ text: String) throws -> CalendarDate { try CalendarDate(parsing: text) }

    @Test("the three training-of-trainers workshops sit in the 2019 work plan, on their dates")
    func trainingOfTrainers() throws {
        let plan2018 = try read(Paths.hnec)
        let plan2019 = try read(Paths.hnec2019)
        #expect(plan2019.workPlan.id.rawValue == "hnec-2019" && plan2019.workPlan.year == 2019)
        #expect(!plan2018.workPlan.activities.contains { $0.title.en.lowercased().contains("training-of-trainers") })
        let workshops = try activity(plan2019, "3.2")
        #expect(workshops.title.en == "Three training-of-trainers workshops for HNEC staff")
        #expect(workshops.quarters.description == "Q1")
        #expect(
            workshops.events == [
                ActivityEvent(start: try day("2019-02-10"), end: try day("2019-02-14"), place: "Tripoli"),
                ActivityEvent(start: try day("2019-02-18"), end: try day("2019-02-22"), place: "Tripoli"),
                ActivityEvent(start: try day("2019-03-03"), end: try day("2019-03-07"), place: "Benghazi"),
            ])
        let result = try #require(workshops.results.first)
        #expect(result.indicator == "staff trained" && result.total == 64)
        #expect(result.women == 18 && result.disability == 1)
    }

    @Test("the 64-trained actual of the trainers KPI has period 2019, not 2018")
    func trainersKPI() throws {
        for url in [Paths.hnec, Paths.hnec2019] {
            let plan = try read(url)
            let kpi = try #require(
                plan.strategicPlan?.goals.flatMap(\.objectives).flatMap(\.kpis).first { $0.code.rawValue == "K2.1.1" })
            #expect(!kpi.actuals.contains { $0.period.hasPrefix("2018") })
            if url == Paths.hnec2019 {
                #expect(kpi.actuals.map { "\($0.period)=\($0.value)" } == ["2019=64"])
            }
        }
    }

    @Test("the 2018 events carry their dates: simulations, RMS inception, the Brussels conference")
    func datedEvents2018() throws {
        let plan = try read(Paths.hnec)
        #expect(
            try activity(plan, "3.1").events == [
                ActivityEvent(start: try day("2018-08-07"), place: "Tripoli"),
                ActivityEvent(start: try day("2018-11-26"), place: "Benghazi"),
            ])
        #expect(
            try activity(plan, "2.2").events == [
                ActivityEvent(start: try day("2018-11-16"), end: try day("2018-11-17"), place: "Tunis")
            ])
        let conference = try activity(plan, "4.2")
        #expect(conference.title.en.contains("EU–UNDP Global Conference on Sustaining Peace through Elections"))
        #expect(conference.title.en.contains("Chairman"))
        #expect(
            conference.events == [
                ActivityEvent(start: try day("2018-10-08"), end: try day("2018-10-10"), place: "Brussels")
            ])
    }

    @Test("more than 35 Technical Committee meetings since January 2018")
    func technicalCommittee() throws {
        let meetings = try activity(try read(Paths.hnec), "4.1")
        #expect(meetings.note?.contains("More than 35 Technical Committee meetings since January 2018") == true)
        #expect(meetings.results.first?.total == 35)
        #expect(!(meetings.title.en + (meetings.note ?? "")).contains("in 2018"))
    }

    @Test("the software companies are named: ONA Inc. (RMS) and Caktus (VRS)")
    func companies() throws {
        let plan = try read(Paths.hnec)
        let rms = try activity(plan, "2.1")
        #expect(rms.implementingPartner == "ONA Inc." && rms.title.en.contains("Results Management System (RMS)"))
        let vrs = try activity(plan, "2.3")
        #expect(vrs.implementingPartner == "Caktus" && vrs.title.en.contains("Voter Registration System (VRS)"))
        #expect(vrs.note?.contains("maintains and hosts") == true && rms.note?.contains("develops") == true)
    }

    @Test("what was missing is there, with sample amounts marked as sample data")
    func added() throws {
        let plan = try read(Paths.hnec)
        let expected = [
            ("5.1", "new HNEC headquarters: procurement and logistics"), ("6.1", "Out-of-country voting"),
            ("6.2", "Legal advice"), ("6.3", "Public outreach"), ("4.2", "Global Conference"),
            ("5.2", "Psycho-social support"),
        ]
        for (code, words) in expected {
            let found = try activity(plan, code)
            #expect(found.title.en.contains(words), "activity \(code)")
            #expect(found.title.ar != nil)
            let lines = plan.workPlan.budgetLines.filter { $0.activity == found.code }
            #expect(!lines.isEmpty && lines.allSatisfy { $0.description.contains("sample") }, "activity \(code)")
            #expect(found.note?.contains("sample data") == true, "activity \(code)")
        }
        let support = try activity(plan, "5.2")
        #expect(support.title.en.contains("2 May 2018") && support.note?.contains("attacked on 2 May 2018") == true)
    }

    @Test("the IEC's goal, outreach and campaign supervision read as the source has them")
    func jordan() throws {
        let plan = try read(Paths.jordan)
        let objective = try #require(
            plan.strategicPlan?.goals.flatMap(\.objectives).first { $0.code.rawValue == "O1.1" })
        #expect(objective.title.en.contains("first Arab electoral body certified against ISO 9001 and ISO/TS 17582"))
        let certification = try activity(plan, "1.2")
        #expect(certification.note?.contains("ISO/TS 54001:2019 has replaced ISO/TS 17582:2014") == true)
        let outreach = try activity(plan, "2.3")
        #expect(outreach.title.en.contains("with ICT and innovative tools"))
        #expect(outreach.title.en.contains("institutional communication"))
        let campaigns = try activity(plan, "2.2")
        #expect(campaigns.process?.rawValue == "EP-07")
        #expect(campaigns.note?.contains("wider than campaign financing") == true)
    }

    @Test("an event outside the work plan's year or quarters is refused")
    func eventsInTheirPeriod() throws {
        var plan = try read(Paths.hnec)
        let index = try #require(plan.workPlan.activities.firstIndex { $0.code.rawValue == "3.1" })
        plan.workPlan.activities[index].events = [ActivityEvent(start: try day("2019-02-10"), place: "Tripoli")]
        let code = try ActivityCode("3.1")
        #expect(plan.validate().contains { $0.subject == .activity(code) })
        plan.workPlan.activities[index].events = [ActivityEvent(start: try day("2018-02-10"), place: "Tripoli")]
        #expect(
            plan.validate().contains { issue in
                guard case .ruleViolated(.eventOutsideQuarters, let arguments, _) = issue.cause else { return false }
                return arguments["quarter"] == .text("1")
            })
    }
}
