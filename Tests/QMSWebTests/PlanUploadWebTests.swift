import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSFormats
import QMSPresentation
import QMSServices
import QMSWeb
import TestSupport
import Testing

@Suite("Web application: a plan's new version uploaded from the browser")
struct PlanUploadWebTests {
    static let plans = Repository.plans

    /// Posts a file to the upload form as a browser does.
    static func upload(
        _ browser: inout Browser, name: String, content: Data, token: String
    ) async throws -> (status: HTTPResponse.Status, body: String, headers: HTTPFields) {
        var form = Multipart()
        form.field("_csrf", token)
        form.file("file", filename: name, content: content, type: "application/octet-stream")
        return try await browser.post("/plans/import", body: form.body, contentType: form.contentType)
    }

    /// The latest version's plan set with links to records that do not exist on two activities:
    /// a file that reads well and still may not be stored.
    static func brokenPlanSet(_ qms: QMS, _ awp: PlanID) async throws -> PlanSet {
        var planSet = try await qms.plans.version(awp).planSet
        #expect(planSet.workPlan.activities.count >= 2)
        for index in planSet.workPlan.activities.indices.prefix(2) {
            planSet.workPlan.activities[index].links = [
                try ActivityLink(kind: .evidence, target: "EV-2099-\(String(format: "%04d", index + 1))")
            ]
        }
        return planSet
    }

    @Test("a plan manager uploads an XML plan set, then an XLSX sheet: each is the plan's next version, with a notice")
    func uploadsVersions() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let awp = try PlanID("hnec-2019")
        let before = try await fixture.qms.plans.details(awp).versions.count
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            #expect(try await browser.signIn("amal") == .seeOther)
            #expect(try await browser.get("/plans").body.contains("href=\"/plans/import\""))
            let plan = try await browser.get("/plans/hnec-2019")
            #expect(plan.body.contains("href=\"/plans/import?plan=hnec-2019\""), "the plan's main action")
            let page = try await browser.get("/plans/import?plan=hnec-2019")
            #expect(page.status == .ok)
            #expect(
                page.body.contains("action=\"/plans/import\"") && page.body.contains("enctype=\"multipart/form-data\""))
            let token = Browser.hidden("_csrf", in: page.body) ?? ""

            let xml = try Data(contentsOf: Self.plans.appendingPathComponent("hnec-libya-2019.xml"))
            let first = try await Self.upload(&browser, name: "hnec-libya-2019.xml", content: xml, token: token)
            #expect(first.status == .seeOther)
            let version = before + 1
            #expect(first.headers[.location] == "/plans/hnec-2019?version=\(version)&done=imported")
            let details = try await fixture.qms.plans.details(awp)
            #expect(details.versions.count == before + 1)
            #expect(
                details.version.sourceFile == "hnec-libya-2019.xml", "the name the reader gave, not a temporary path")
            #expect(details.version.importedBy == "amal")
            let shown = try await browser.get(try #require(first.headers[.location]))
            let activities = details.version.planSet.workPlan.activities.count
            #expect(
                shown.body.contains(
                    "Version \(version) of \(Bidi.isolate("hnec-2019")) imported from "
                        + "\(Bidi.isolate("hnec-libya-2019.xml")): \(activities) activit"
                        + (activities == 1 ? "y." : "ies.")))
            #expect(shown.body.contains("class=\"notice\" role=\"status\""))

            // The sheet a plan's export gives comes back in as the next version.
            let sheet = try AWPWorkbook.write(details.version.planSet)
            let second = try await Self.upload(&browser, name: "hnec-2019 revised.xlsx", content: sheet, token: token)
            #expect(second.status == .seeOther)
            #expect(second.headers[.location] == "/plans/hnec-2019?version=\(version + 1)&done=imported")
            let after = try await fixture.qms.plans.details(awp)
            #expect(after.versions.count == before + 2)
            #expect(after.version.sourceFile == "hnec-2019 revised.xlsx")
            #expect(after.version.planSet.workPlan.activities.count == activities)
        }
    }

    @Test("a broken CSV or XLSX comes back on the form with every problem and its place, in Arabic; nothing is stored")
    func brokenFiles() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        // Approved, so it takes a new version: only the file's problems stand in the way.
        let awp = try PlanID("iec-jordan-2019")
        let before = try await fixture.qms.plans.details(awp).versions
        let broken = try await Self.brokenPlanSet(fixture.qms, awp)
        let csv = Data(AWPCSV.write(broken).utf8)
        let xlsx = try AWPWorkbook.write(broken)
        // Rows as the sheet has them: the header, then one per budget line (or one for an activity without).
        let first = broken.workPlan.activities[0].code
        let second = 2 + max(1, broken.workPlan.budgetLines.filter { $0.activity == first }.count)
        let arabicRow = String(
            String(second).map { Character(UnicodeScalar(0x0660 + ($0.wholeNumberValue ?? 0)) ?? "?") })
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            #expect(try await browser.signIn("amal") == .seeOther)
            let token = try await browser.csrf()

            let english = try await Self.upload(&browser, name: "awp.csv", content: csv, token: token)
            #expect(english.status == .badRequest, "the form again, with the status of invalid input")
            #expect(english.body.contains("action=\"/plans/import\""))
            #expect(english.body.contains("The file has 2 problems; nothing was stored."))
            #expect(english.body.contains("\u{2068}awp.csv\u{2069}: row 2, column &quot;links&quot;"))
            #expect(english.body.contains("<ul class=\"problems\">"))
            #expect(
                english.body.components(separatedBy: "<li>\u{2068}awp.csv\u{2069}: row ").count == 3,
                "one item per problem")
            #expect(english.body.contains("aria-invalid=\"true\""), "the file field is marked")

            browser.cookies["eqms_lang"] = "ar"
            let arabic = try await Self.upload(&browser, name: "awp.csv", content: csv, token: token)
            #expect(arabic.status == .badRequest)
            #expect(arabic.body.contains("dir=\"rtl\""))
            #expect(arabic.body.contains("في الملف مشكلتان، ولم يُحفظ شيء."))
            #expect(arabic.body.contains("\u{2068}awp.csv\u{2069}: الصف ٢، العمود «links»"), "row in the page's digits")
            #expect(arabic.body.contains("\u{2068}awp.csv\u{2069}: الصف \(arabicRow)، العمود «links»"))

            let sheet = try await Self.upload(&browser, name: "awp.xlsx", content: xlsx, token: token)
            #expect(sheet.status == .badRequest)
            #expect(
                sheet.body.contains(
                    "\u{2068}awp.xlsx\u{2069}، الورقة «\u{2068}AWP iec-jordan-2019\u{2069}»: الصف ٢، العمود «links»"),
                "the sheet is named")
            #expect(sheet.body.contains("في الملف مشكلتان"))

            let wrongKind = try await Self.upload(&browser, name: "awp.pdf", content: Data("%PDF".utf8), token: token)
            #expect(wrongKind.status == .badRequest)
            #expect(wrongKind.body.contains("action=\"/plans/import\""))
        }
        let after = try await fixture.qms.plans.details(awp).versions
        #expect(after == before, "nothing was stored")
    }

    @Test("a viewer is refused the upload page and the upload")
    func viewerRefused() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let before = try await fixture.qms.plans.details(try PlanID("hnec-2019")).versions
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            #expect(try await browser.signIn("viewer") == .seeOther)
            #expect(try await browser.get("/plans/import").status == .forbidden)
            #expect(!(try await browser.get("/plans").body.contains("href=\"/plans/import\"")))
            #expect(!(try await browser.get("/plans/hnec-2019").body.contains("href=\"/plans/import")))
            let token = try await browser.csrf()
            let xml = try Data(contentsOf: Self.plans.appendingPathComponent("hnec-libya-2019.xml"))
            let refused = try await Self.upload(&browser, name: "hnec-libya-2019.xml", content: xml, token: token)
            #expect(refused.status == .forbidden)
        }
        #expect(try await fixture.qms.plans.details(try PlanID("hnec-2019")).versions == before)
    }
}
