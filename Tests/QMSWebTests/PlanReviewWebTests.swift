import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSFormats
import QMSPresentation
import QMSServices
import QMSWeb
import Testing

@Suite("Web application: the review's notices, its activity picker and the difference between versions")
struct PlanReviewWebTests {
    @Test("a comment and a decision each show their notice once on the next page, in the page's language")
    func notices() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let awp = try PlanID("hnec-2018")
        let activity = try #require(try await fixture.qms.plans.version(awp).planSet.workPlan.activities.first)
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            #expect(try await browser.signIn("salma") == .seeOther)
            let page = try await browser.get("/plans/hnec-2018")
            // The activity is picked by its code and title.
            #expect(
                page.body.contains(
                    "<option value=\"\(activity.code)\">\(activity.code) — \(activity.title.text(in: .english))</option>"
                ))
            let token = Browser.hidden("_csrf", in: page.body) ?? ""
            let comment = try await browser.post(
                "/plans/hnec-2018/comments",
                form: ["_csrf": token, "activity": activity.code.description, "text": "Fleet insurance is missing."])
            #expect(comment.status == .seeOther)
            let location = try #require(comment.headers[.location])
            let commented = try await browser.get(location)
            #expect(
                commented.body.contains(
                    "<p class=\"notice\" role=\"status\">Your comment on activity \(Bidi.isolate(activity.code.description)) is recorded.</p>"
                ))
            #expect(!(try await browser.get("/plans/hnec-2018").body.contains("class=\"notice\"")), "once only")

            browser.cookies["eqms_lang"] = "ar"
            let decided = try await browser.post(
                "/plans/hnec-2018/decision",
                form: ["_csrf": token, "decision": "approve", "minutes": "اجتماع اللجنة الفنية ٣٦: اعتماد خطة ٢٠١٨."])
            #expect(decided.status == .seeOther)
            let shown = try await browser.get(try #require(decided.headers[.location]))
            let decision = try #require(try await fixture.qms.plans.details(awp).decisions.last)
            let evidence = try #require(decision.evidence)
            #expect(
                shown.body.contains(
                    "اعتمدت اللجنة الفنية النسخة ١، وأصبح الاعتماد سجلَّ الأدلة \(Bidi.isolate(evidence.description))."))
        }
        // The record is written in the language the member decided in, and names the member.
        let approval = try #require(try await fixture.qms.plans.details(awp).decisions.last?.evidence)
        let record = try #require(try await fixture.qms.evidence.revisions(approval).last)
        let salma = try #require(try await fixture.qms.users.list().first { $0.username == "salma" })
        #expect(
            record.content.title.hasPrefix("خطة العمل السنوية hnec-2018، النسخة ١، اعتمدتها اللجنة الفنية بقرار من "))
        #expect(record.content.title.contains("(salma)"))
        #expect(record.content.description?.contains("صدر القرار عن \(salma.displayName) (salma)") == true)
        #expect(record.content.description?.contains("اجتماع اللجنة الفنية ٣٦: اعتماد خطة ٢٠١٨.") == true)
    }

    @Test("the difference names activities by title, signs amounts and marks rows added, removed or changed in words")
    func difference() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let awp = try PlanID("iec-jordan-2019")
        var planSet = try await fixture.qms.plans.version(awp).planSet
        let line = try #require(planSet.workPlan.budgetLines.indices.first)
        let quarter = try #require(planSet.workPlan.budgetLines[line].quarters.firstIndex { $0.minorUnits > 0 })
        let amount = planSet.workPlan.budgetLines[line].quarters[quarter]
        let cut = Money(minorUnits: max(1, amount.minorUnits / 2), currency: amount.currency)
        planSet.workPlan.budgetLines[line].quarters[quarter] = Money(
            minorUnits: amount.minorUnits - cut.minorUnits, currency: amount.currency)
        let activity = planSet.workPlan.budgetLines[line].activity
        let title = try #require(planSet.workPlan.activity(activity)?.title)
        let folder = fixture.folder.appendingPathComponent("revision")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("iec-jordan-2019-v2.xml")
        try PlanWriter.xml(planSet).write(to: file)
        let report = try await fixture.qms.acting(as: "amal").plans.importFile(file)
        #expect(report.version == 2)
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            #expect(try await browser.signIn("auditor") == .seeOther)
            let page = try await browser.get("/plans/iec-jordan-2019/diff?from=1&to=2")
            #expect(page.status == .ok)
            let english = NumberFormatting(PresentationLocale(.english))
            let escaped = title.text(in: .english).replacingOccurrences(of: "&", with: "&amp;")
                .replacingOccurrences(of: "'", with: "&#39;")
            #expect(page.body.contains("<td>\(escaped)</td>"), "the changed line's activity by title")
            #expect(page.body.contains("<bdi>\u{2212}\(english.money(cut))</bdi>"), "a cut carries the minus sign")
            #expect(page.body.contains("<span class=\"pill diff-changed\">changed</span>"), "the change in words")
            #expect(page.body.contains("<tr class=\"diff-changed\">"))
            browser.cookies["eqms_lang"] = "ar"
            let arabic = try await browser.get("/plans/iec-jordan-2019/diff?from=1&to=2")
            #expect(arabic.body.contains("dir=\"rtl\""))
            #expect(arabic.body.contains("<bdi>\u{2212}"), "signed, isolated from the right-to-left text")
            #expect(!arabic.body.contains("<bdi>-"))
        }
    }
}
