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

@Suite("Web application: plans and the Technical Committee's review")
struct PlansWebTests {
    @Test("the review page shows outputs, quarters, budget, totals per source, the plan tree and the delivery chart")
    func reviewPage() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            #expect(try await browser.signIn("viewer") == .seeOther)
            let dashboard = try await browser.get("/")
            #expect(dashboard.body.contains("Annual work plans: delivery"))
            #expect(dashboard.body.contains("href=\"/plans/hnec-2018\""))
            #expect(dashboard.body.contains("55.73%"))
            let list = try await browser.get("/plans")
            #expect(list.status == .ok)
            #expect(
                list.body.contains("href=\"/plans/hnec-2018\"") && list.body.contains("href=\"/plans/iec-jordan-2019\"")
            )
            #expect(list.body.contains("approved") && list.body.contains("submitted"))
            let page = try await browser.get("/plans/hnec-2018")
            #expect(page.status == .ok)
            // The seeds' figures: 20 vehicles for US$ 480,000; IT equipment for US$ 1.2 million.
            // CLDR puts a no-break space between the code and the amount.
            #expect(page.body.contains("USD\u{A0}480,000.00") && page.body.contains("USD\u{A0}1,200,000.00"))
            #expect(page.body.contains("id=\"activity-1.1\""))
            #expect(page.body.contains("<svg class=\"chart\""))
            #expect(page.body.contains("Per funding source") && page.body.contains(">EU<"))
            #expect(page.body.contains("Strategic plan"))
            // Expenditure of the demo feeds the delivery rate: 480,000 of 480,000 on activity 1.1.
            #expect(page.body.contains("100%"))
            // The fourth quarter spends 1,171,500 of 898,000 planned: an overspend, with its amount.
            #expect(page.body.contains("overspent by USD\u{A0}273,500.00"))
            // The EU's 2018 envelope: 3,000,000 − (50,000 outstanding on the IT order + 1,630,000 paid).
            #expect(page.body.contains("USD\u{A0}50,000.00") && page.body.contains("USD\u{A0}1,320,000.00"))
            #expect(!page.body.contains("-USD") && !page.body.contains("USD\u{A0}-"))
            // A viewer reads; no form to comment, decide or spend.
            #expect(!page.body.contains("action=\"/plans/hnec-2018/comments\""))
            #expect(!page.body.contains("action=\"/plans/hnec-2018/decision\""))
            #expect(!page.body.contains("action=\"/plans/hnec-2018/expenses\""))
            let token = try await browser.csrf()
            let refused = try await browser.post(
                "/plans/hnec-2018/comments", form: ["_csrf": token, "activity": "1.1", "text": "Looks fine"])
            #expect(refused.status == .forbidden)

            let download = try await browser.get("/plans/hnec-2018/export?format=xlsx")
            #expect(download.status == .ok)
            #expect(download.headers[.contentDisposition]?.contains("hnec-2018-v1.xlsx") == true)
            #expect(download.body.utf8.starts(with: Array("PK".utf8)))
            #expect(try await browser.get("/plans/hnec-2018/export?format=pdf").status == .badRequest)

            // IATI 2.03: a form on the page asks for the organisation identifier; the download is
            // the document, validated, as an XML attachment; without the identifier, an error page.
            #expect(page.body.contains("name=\"org-ref\"") && page.body.contains("value=\"iati\""))
            let iati = try await browser.get("/plans/hnec-2018/export?format=iati&org-ref=LY-HNEC&activity-per=output")
            #expect(iati.status == .ok)
            #expect(iati.headers[.contentType] == "application/xml")
            #expect(iati.headers[.contentDisposition] == "attachment; filename=\"hnec-2018-v1-iati.xml\"")
            #expect(iati.body.contains("<iati-activities version=\"2.03\""))
            #expect(iati.body.contains("<iati-identifier>LY-HNEC-hnec-2018-1</iati-identifier>"))
            #expect(try await browser.get("/plans/hnec-2018/export?format=iati").status == .badRequest)
            #expect(try await browser.get("/plans/no-such-plan").status == .notFound)
        }
    }

    @Test("a TC member comments per activity and approves; the approval becomes evidence for 6.2.2 and 8.1")
    func committeeApproves() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            #expect(try await browser.signIn("salma") == .seeOther)
            let page = try await browser.get("/plans/hnec-2018")
            #expect(page.body.contains("action=\"/plans/hnec-2018/comments\""))
            #expect(page.body.contains("action=\"/plans/hnec-2018/decision\""))
            let token = Browser.hidden("_csrf", in: page.body) ?? ""

            #expect(
                try await browser.post(
                    "/plans/hnec-2018/comments", form: ["activity": "1.1", "text": "Without a token"]
                ).status == .forbidden)
            let comment = try await browser.post(
                "/plans/hnec-2018/comments",
                form: ["_csrf": token, "activity": "1.1", "text": "<script>alert(1)</script> fleet insurance?"])
            #expect(comment.status == .seeOther)
            let commented = try await browser.get("/plans/hnec-2018")
            #expect(commented.body.contains("&lt;script&gt;alert(1)&lt;/script&gt; fleet insurance?"))
            #expect(!commented.body.contains("<script>alert(1)"))
            #expect(commented.body.contains("under review"))
            #expect(
                try await browser.post(
                    "/plans/hnec-2018/comments", form: ["_csrf": token, "activity": "9.9", "text": "No such activity"]
                ).status == .notFound)

            let short = try await browser.post(
                "/plans/hnec-2018/decision", form: ["_csrf": token, "decision": "approve", "minutes": "ok"])
            #expect(short.status == .badRequest)
            let decided = try await browser.post(
                "/plans/hnec-2018/decision",
                form: ["_csrf": token, "decision": "approve", "minutes": "TC meeting 36: the 2018 AWP is approved."])
            #expect(decided.status == .seeOther)
            let approved = try await browser.get("/plans/hnec-2018")
            #expect(approved.body.contains("TC meeting 36: the 2018 AWP is approved."))
            #expect(!approved.body.contains("action=\"/plans/hnec-2018/decision\""))
            let evidence = try #require(
                approved.body.range(of: #"href="/evidence/(EV-\d{4}-\d{4})""#, options: .regularExpression))
            let record = try await browser.get(String(approved.body[evidence].dropFirst(6).dropLast()))
            #expect(record.status == .ok)
            #expect(record.body.contains("iso-9001-2015:6.2.2") && record.body.contains("iso-9001-2015:8.1"))
            // A second decision on an approved version is refused with what to do instead.
            let again = try await browser.post(
                "/plans/hnec-2018/decision",
                form: ["_csrf": token, "decision": "revise", "minutes": "Reopen it please"])
            #expect(again.status == .conflict, "the status follows from the error's kind: an illegal step")
        }
    }

    @Test("the quality manager submits and records expenditure; a TC member may not spend, an auditor may not decide")
    func rolesAndExpenditure() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var auditor = Browser(client)
            #expect(try await auditor.signIn("auditor") == .seeOther)
            let token = try await auditor.csrf()
            let refused = try await auditor.post(
                "/plans/hnec-2018/decision",
                form: ["_csrf": token, "decision": "approve", "minutes": "Not mine to decide"])
            #expect(refused.status == .forbidden)

            var committee = Browser(client)
            #expect(try await committee.signIn("salma") == .seeOther)
            let committeeToken = try await committee.csrf()
            let spend = try await committee.post(
                "/plans/hnec-2018/expenses",
                form: [
                    "_csrf": committeeToken, "activity": "2.2", "amount": "100.00", "date": "2018-12-01",
                    "reference": "x",
                ])
            #expect(spend.status == .forbidden)

            var manager = Browser(client)
            #expect(try await manager.signIn("amal") == .seeOther)
            let managerToken = try await manager.csrf()
            let before = try await manager.get("/plans/hnec-2018")
            #expect(before.body.contains("action=\"/plans/hnec-2018/expenses\""))
            let added = try await manager.post(
                "/plans/hnec-2018/expenses",
                form: [
                    "_csrf": managerToken, "activity": "2.2", "amount": "45000.00", "date": "2018-12-10",
                    "reference": "Inception workshop, Tunis",
                ])
            #expect(added.status == .seeOther)
            let after = try await manager.get("/plans/hnec-2018")
            #expect(after.body.contains("Inception workshop, Tunis"))
            let bad = try await manager.post(
                "/plans/hnec-2018/expenses",
                form: [
                    "_csrf": managerToken, "activity": "2.2", "amount": "12.345", "date": "2018-12-10",
                    "reference": "r",
                ])
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains("amount"))

            // A disbursement without its recipient: the same form, the input kept, the field marked.
            let unnamed = try await manager.post(
                "/plans/hnec-2018/expenses",
                form: [
                    "_csrf": managerToken, "activity": "5.2", "amount": "3000.00", "date": "2018-09-03",
                    "reference": "Grant GA-2018-07", "kind": "disbursement", "recipient": " ",
                ])
            #expect(unnamed.status == .badRequest)
            #expect(unnamed.body.contains("value=\"Grant GA-2018-07\""))
            #expect(unnamed.body.contains("<option value=\"disbursement\" selected"))
            #expect(unnamed.body.contains("id=\"error-recipient\""))
            #expect(unnamed.body.contains("the organisation that received the money"))
            let named = try await manager.post(
                "/plans/hnec-2018/expenses",
                form: [
                    "_csrf": managerToken, "activity": "5.2", "amount": "3000.00", "date": "2018-09-03",
                    "reference": "Grant GA-2018-07", "kind": "disbursement", "recipient": "Misrata Women Network",
                ])
            #expect(named.status == .seeOther)
            let ledger = try await manager.get("/plans/hnec-2018")
            #expect(ledger.body.contains("Disbursement<br><span class=\"muted\"><bdi>Misrata Women Network</bdi>"))

            // The demo's four entries, the workshop paid and the grant disbursed; nothing half-written.
            let expenses = try await fixture.qms.expenditure.list(try PlanID("hnec-2018"))
            #expect(expenses.count == 6)
            #expect(expenses.last?.kind == .disbursement && expenses.last?.recipient == "Misrata Women Network")
        }
    }

    @Test("the plan pages are in Arabic, right to left, with Arabic-Indic digits")
    func arabic() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            #expect(try await browser.signIn("salma") == .seeOther)
            _ = try await browser.get("/lang/ar")
            let page = try await browser.get("/plans/iec-jordan-2019")
            #expect(page.body.contains("dir=\"rtl\""))
            #expect(page.body.contains("قرار") || page.body.contains("القرارات"))
            #expect(page.body.contains("معتمدة"))
            #expect(page.body.contains("٢٠١٩"))
        }
    }

    @Test("the report page shows the API's computation: every activity, the totals and the envelopes, in two languages")
    func reportPage() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let summary = try await fixture.qms.plans.report(try PlanID("hnec-2018"))
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            #expect(try await browser.signIn("auditor") == .seeOther)
            let plan = try await browser.get("/plans/hnec-2018")
            #expect(plan.body.contains("href=\"/plans/hnec-2018/report?version="), "the plan page links its report")
            let page = try await browser.get("/plans/hnec-2018/report")
            #expect(page.status == .ok)
            #expect(page.body.contains("Delivery report"))
            #expect(page.body.contains(NumberFormatting(PresentationLocale(.english)).money(summary.total.planned)))
            for line in summary.byActivity {
                #expect(page.body.contains("<td class=\"mono\">\(line.key)</td>"), "activity \(line.key)")
            }
            for position in summary.envelopes {
                #expect(page.body.contains(NumberFormatting(PresentationLocale(.english)).money(position.envelope)))
            }
            browser.cookies["eqms_lang"] = "ar"
            let arabic = try await browser.get("/plans/hnec-2018/report")
            #expect(arabic.body.contains("dir=\"rtl\"") && arabic.body.contains("تقرير التنفيذ"))
            // The workbook, in the page's language: a sheet per view, the total as a number.
            #expect(arabic.body.contains("href=\"/plans/hnec-2018/report/workbook?version="))
            let download = try await client.execute(
                uri: "/plans/hnec-2018/report/workbook", method: .get, headers: [.cookie: browser.cookieHeader])
            #expect(download.status == .ok)
            #expect(download.headers[.contentDisposition]?.contains("hnec-2018-v") == true)
            let sheets = try XLSXReader.read(data: Data(download.body.readableBytesView), file: "report.xlsx")
            #expect(sheets.first?.name == Messages.shared.text("plans_by_activity", .arabic))
            #expect(sheets.first?.rows.first?.cells[2] == Messages.shared.text("plans_planned", .arabic))
            #expect(sheets.first?.rows.last?.cells[2] == summary.total.planned.decimalString)
        }
    }

    @Test("the API lists plans and reports; a TC token comments and approves, an auditor's token is refused")
    func api() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let auditor = try await fixture.qms.access.createToken(for: "auditor", name: "test")
        let committee = try await fixture.qms.access.createToken(for: "salma", name: "test")
        try await fixture.application().test(.router) { client in
            let list = try await client.execute(
                uri: "/api/v1/plans", method: .get, headers: [.authorization: "Bearer \(auditor)"])
            #expect(list.status == .ok)
            let plans = try #require(try Self.json(list) as? [[String: Any]])
            #expect(Set(plans.compactMap { $0["awp"] as? String }) == ["hnec-2018", "hnec-2019", "iec-jordan-2019"])
            let report = try await client.execute(
                uri: "/api/v1/plans/hnec-2018/report", method: .get, headers: [.authorization: "Bearer \(auditor)"])
            #expect(report.status == .ok)
            let summary = try #require(try Self.json(report) as? [String: Any])
            let total = try #require(summary["total"] as? [String: Any])
            let planned = try #require(total["planned"] as? [String: Any])
            #expect(planned["minorUnits"] as? Int == 298_500_000)
            #expect(total["deliveryBasisPoints"] as? Int == 5573)

            let body = ByteBuffer(string: #"{"decision":"approve","minutes":"Auditors do not decide"}"#)
            let refused = try await client.execute(
                uri: "/api/v1/plans/hnec-2018/decision", method: .post,
                headers: [.authorization: "Bearer \(auditor)", .contentType: "application/json"], body: body)
            #expect(refused.status == .forbidden)
            let comment = try await client.execute(
                uri: "/api/v1/plans/hnec-2018/comments", method: .post,
                headers: [.authorization: "Bearer \(committee)", .contentType: "application/json"],
                body: ByteBuffer(string: #"{"activity":"2.1","text":"Hosting costs per year?"}"#))
            #expect(comment.status == .created)
            let approved = try await client.execute(
                uri: "/api/v1/plans/hnec-2018/decision", method: .post,
                headers: [.authorization: "Bearer \(committee)", .contentType: "application/json"],
                body: ByteBuffer(string: #"{"decision":"approve","minutes":"TC meeting 37: approved."}"#))
            #expect(approved.status == .ok)
            let decision = try #require(try Self.json(approved) as? [String: Any])
            #expect(decision["status"] as? String == "approved")
            #expect((decision["evidence"] as? [String: Any])?["id"] is String)
            let malformed = try await client.execute(
                uri: "/api/v1/plans/hnec-2018/comments", method: .post,
                headers: [.authorization: "Bearer \(committee)", .contentType: "application/json"],
                body: ByteBuffer(string: "{"))
            #expect(malformed.status == .badRequest)
        }
    }

    static func json(_ response: TestResponse) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(buffer: response.body))
    }
}

@Suite("Web application: the quarterly progress report")
struct QuarterlyReportWebTests {
    @Test("the plan page offers the report; it opens in the reader's language under its own strict policy")
    func quarterlyReport() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var browser = try await Browser.signedIn(client, as: "viewer")
            let page = try await browser.get("/plans/hnec-2018")
            #expect(page.body.contains("action=\"/plans/hnec-2018/quarterly\""))
            // The 2018 plan's year is over, so its last quarter is the one offered first.
            #expect(page.body.contains("<option value=\"Q4\" selected>Q4 2018</option>"))

            browser.cookies["eqms_lang"] = "ar"
            let report = try await browser.get("/plans/hnec-2018/quarterly?quarter=Q4&version=1")
            #expect(report.status == .ok)
            #expect(report.body.contains("<h1 id=\"q-title\">تقرير التقدم الفصلي</h1>"))
            #expect(report.body.contains("الربع ٤ من عام ٢٠١٨"))
            #expect(report.headers[.contentType] == "text/html; charset=utf-8")
            // One policy, the report's: its inline styles apply, and nothing runs.
            let policies = report.headers[values: .contentSecurityPolicy]
            #expect(policies.count == 1 && policies.first?.contains("style-src 'unsafe-inline'") == true)
            #expect(policies.first?.contains("sandbox") == true && report.headers[.xContentTypeOptions] == "nosniff")
            // Answered again from the page cache, it still carries its own policy alone.
            let again = try await browser.get("/plans/hnec-2018/quarterly?quarter=Q4&version=1")
            #expect(again.body == report.body)
            #expect(again.headers[values: .contentSecurityPolicy] == policies)
            // Other pages keep the application's policy.
            let plain = try await browser.get("/plans/hnec-2018")
            #expect(plain.headers[values: .contentSecurityPolicy].first?.contains("unsafe-inline") == false)

            // A KPI's period is an identifier and keeps its Latin digits; the value is in Arabic digits.
            let arabicPlan = try await browser.get("/plans/hnec-2018")
            #expect(arabicPlan.body.contains("٧٠ (2018-Q4)") && !arabicPlan.body.contains("Q٤"))
            let arabicReport = try await browser.get("/plans/hnec-2018/report")
            #expect(arabicReport.body.contains("٧٠ (2018-Q4)") && !arabicReport.body.contains("Q٤"))

            // A quarter that does not exist is refused on a page in Arabic that names the field.
            let bad = try await browser.get("/plans/hnec-2018/quarterly?quarter=Q5")
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains("dir=\"rtl\"") && bad.body.contains("Q5"))
            #expect(try await browser.get("/plans/hnec-2018/quarterly?quarter=Q1&format=docx").status == .badRequest)
            #expect(try await browser.get("/plans/nope-2018/quarterly?quarter=Q1").status == .notFound)
        }
    }
}
