import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSServices
import QMSStore
import QMSWeb
import Testing

@Suite("Web application: register lists search, sort and page on the server")
struct RegisterTableWebTests {
    /// Adds `count` risks titled `Bulk risk 01` … to the demo's register.
    static func addRisks(_ fixture: WebFixture, count: Int) async throws {
        let keeper = fixture.qms.acting(as: "amal")
        let today = fixture.qms.today
        for number in 1...count {
            try await keeper.risks.add(
                RiskDraft(
                    title: "Bulk risk " + String(format: "%02d", number), owner: "Logistics",
                    inherent: try RiskRating(likelihood: 1 + number % 5, impact: 2), identifiedOn: today,
                    reviewOn: today.adding(days: 30)))
        }
    }

    /// Where each text first appears in the page, for checking an order.
    static func positions(_ texts: [String], in body: String) -> [Int] {
        texts.map { text in body.range(of: text).map { body.distance(from: body.startIndex, to: $0.lowerBound) } ?? -1 }
    }

    @Test("a search keeps the matching rows of the risks and the documents, ignoring case; Arabic ignores its marks")
    func search() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var amal = Browser(client)
            #expect(try await amal.signIn("amal") == .seeOther)
            let token = try await amal.csrf()
            let risks = try await amal.get("/registers/risks?q=CYBER")
            #expect(risks.body.contains("Cyber attack on the voter registration"))
            #expect(!risks.body.contains("Donor disbursements arrive late"))
            #expect(risks.body.contains("Showing 1–1 of 1"))
            #expect(risks.body.contains("value=\"CYBER\""), "the box keeps the search")

            let documents = try await amal.get("/registers/documents?q=procedure")
            #expect(documents.body.contains("PR-EP01-01"))
            #expect(documents.body.contains("PR-EP05-01"))
            #expect(!documents.body.contains("QM-01"))
            // The owner is searched too, and an accented term finds the plain text.
            #expect(try await amal.get("/registers/documents?q=Om%C3%A1r").body.contains("MN-EP04-01"))

            let added = try await amal.post(
                "/registers/risks",
                form: [
                    "_csrf": token, "kind": "risk", "title": "تَأَخُّر تسليم أوراق الاقتراع", "owner": "الإمداد",
                    "likelihood": "3", "impact": "4", "review": fixture.qms.today.adding(days: 60).description,
                ])
            #expect(added.status == .seeOther)
            amal.cookies["eqms_lang"] = "ar"
            for term in ["تأخر", "تاخر", "اوراق"] {
                let page = try await amal.get("/registers/risks?q=" + Browser.encode(term))
                #expect(page.body.contains("تَأَخُّر تسليم أوراق الاقتراع"), "searching \(term)")
                #expect(!page.body.contains("Cyber attack"), "searching \(term)")
            }

            amal.cookies["eqms_lang"] = "en"
            let none = try await amal.get("/registers/kpis?q=nothing-like-this")
            #expect(none.body.contains("Nothing in this register matches “nothing-like-this”."))
            #expect(none.body.contains("href=\"/registers/kpis\""), "the empty state offers to clear the search")
            #expect(none.body.contains("Clear the search"))
            #expect(!none.body.contains("<table"))
            let findings = try await amal.get("/findings?q=zzzz-none")
            #expect(findings.body.contains("Nothing in this register matches"))
        }
    }

    @Test("a heading sorts ascending, then descending, with aria-sort; empty values stay last")
    func sort() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var amal = Browser(client)
            #expect(try await amal.signIn("amal") == .seeOther)
            let codes = ["EXT-LAW-01", "FRM-EP05-01", "MN-EP04-01", "QP-01"]
            let ascending = try await amal.get("/registers/documents?sort=code")
            let up = Self.positions(codes.map { ">\($0)</a>" }, in: ascending.body)
            #expect(!up.contains(-1))
            #expect(up == up.sorted(), "\(up)")
            #expect(ascending.body.contains("aria-sort=\"ascending\""))
            #expect(
                ascending.body.contains("href=\"/registers/documents?sort=code&amp;dir=desc\""),
                "the sorted heading's link turns the order round")
            let descending = try await amal.get("/registers/documents?sort=code&dir=desc")
            let down = Self.positions(codes.map { ">\($0)</a>" }, in: descending.body)
            #expect(down == down.sorted(by: >), "\(down)")
            #expect(descending.body.contains("aria-sort=\"descending\""))

            // Owners, by name.
            let byOwner = try await amal.get("/registers/risks?sort=owner")
            let owners = Self.positions(
                ["Director of Finance", "Head of IT", "Legal Department", "Omar Khalil"].map { "<td>\($0)</td>" },
                in: byOwner.body)
            #expect(!owners.contains(-1) && owners == owners.sorted(), "\(owners)")
            // Residual ratings: a risk never assessed after treatment (RSK-2026-001) comes after one
            // that was (RSK-2026-006) in either direction.
            for direction in ["", "&dir=desc"] {
                let page = try await amal.get("/registers/risks?sort=residual" + direction)
                let order = Self.positions([">RSK-2026-006<", ">RSK-2026-001<"], in: page.body)
                #expect(!order.contains(-1) && order == order.sorted(), "\(direction): \(order)")
            }
        }
    }

    @Test("a long register pages by 50, says which rows it shows, and every link keeps the search and the order")
    func paging() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await Self.addRisks(fixture, count: 65)
        try await fixture.application().test(.router) { client in
            var amal = Browser(client)
            #expect(try await amal.signIn("amal") == .seeOther)
            let first = try await amal.get("/registers/risks?q=bulk&sort=title")
            #expect(first.body.contains("Showing 1–50 of 65"))
            #expect(first.body.contains("Bulk risk 01"))
            #expect(first.body.contains("Bulk risk 50"))
            #expect(!first.body.contains("Bulk risk 51"))
            #expect(first.body.contains("href=\"/registers/risks?q=bulk&amp;sort=title&amp;page=2\""))
            #expect(
                first.body.contains("href=\"/registers/risks?q=bulk&amp;sort=owner&amp;page=1\"")
                    || first.body.contains("href=\"/registers/risks?q=bulk&amp;sort=owner\""),
                "a heading keeps the search")
            #expect(first.body.contains("name=\"sort\" value=\"title\""), "a new search keeps the order")
            let second = try await amal.get("/registers/risks?q=bulk&sort=title&page=2")
            #expect(second.body.contains("Showing 51–65 of 65"))
            #expect(second.body.contains("Bulk risk 51"))
            #expect(second.body.contains("Bulk risk 65"))
            #expect(!second.body.contains("Bulk risk 50<"))
            #expect(second.body.contains("href=\"/registers/risks?q=bulk&amp;sort=title\""), "previous is page 1")
            #expect(!second.body.contains("rel=\"next\""))
            let reversed = try await amal.get("/registers/risks?q=bulk&sort=title&dir=desc")
            let order = Self.positions(["Bulk risk 65", "Bulk risk 40", "Bulk risk 16"], in: reversed.body)
            #expect(order == order.sorted() && !order.contains(-1), "\(order)")

            amal.cookies["eqms_lang"] = "ar"
            let arabic = try await amal.get("/registers/risks?q=bulk&page=2")
            #expect(arabic.body.contains("عرض ٥١–٦٥ من ٦٥") || arabic.body.contains("عرض 51–65 من 65"))

            // The evidence register pages in SQL and keeps its own filters in every link.
            amal.cookies["eqms_lang"] = "en"
            let evidence = try await amal.get("/evidence?status=current&sort=title&dir=desc")
            #expect(evidence.status == .ok)
            #expect(evidence.body.contains("name=\"status\" value=\"current\""), "the search form keeps the filter")
            #expect(evidence.body.contains("href=\"/evidence?status=current&amp;sort=title\""))
            #expect(evidence.body.contains("aria-sort=\"descending\""))
            let searched = try await amal.get("/evidence?q=zzzz-none&status=current")
            #expect(searched.body.contains("Nothing in this register matches"))
            #expect(searched.body.contains("href=\"/evidence?status=current\""))
        }
    }
}

@Suite("Web application: the requirement picker on the register forms")
struct RegisterPickerWebTests {
    @Test(
        "a document's picked requirements are stored; an unknown one comes back with every value and the message beside it"
    )
    func picker() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var amal = Browser(client)
            #expect(try await amal.signIn("amal") == .seeOther)
            let token = try await amal.csrf()
            let form = try await amal.get("/registers/documents")
            #expect(form.body.contains("list=\"requirement-choices\""))
            #expect(!form.body.contains("<textarea id=\"requirements\""))
            // What the picker sends: one requirement per field, the spare fields blank.
            let fields = [
                "_csrf=\(token)", "code=PR-EP04-09", "title=Ballot%20reconciliation", "kind=procedure",
                "owner=Operations", "requirements=iso-9001-2015%3A7.5.3", "requirements=iso-9001-2015%3A8.5.1",
                "requirements=",
            ]
            let added = try await amal.post(
                "/registers/documents", body: ByteBuffer(string: fields.joined(separator: "&")),
                contentType: "application/x-www-form-urlencoded")
            #expect(added.status == .seeOther)
            let page = try await amal.get("/registers/documents/PR-EP04-09")
            #expect(page.body.contains("iso-9001-2015:7.5.3"))
            #expect(page.body.contains("iso-9001-2015:8.5.1"))

            let wrong = [
                "_csrf=\(token)", "code=KPI-77", "title=Ballots%20reconciled", "unit=%25", "owner=Operations",
                "requirements=iso-9001-2015%3A9.1.1", "requirements=iso-9001-2015%3A99.99", "requirements=",
            ]
            let refused = try await amal.post(
                "/registers/kpis", body: ByteBuffer(string: wrong.joined(separator: "&")),
                contentType: "application/x-www-form-urlencoded")
            #expect(refused.status == .notFound)
            let body = refused.body
            #expect(body.contains("value=\"Ballots reconciled\""), "the typed title is kept")
            #expect(body.contains("value=\"iso-9001-2015:9.1.1\""), "the good pick is kept")
            let bad = try #require(body.range(of: "value=\"iso-9001-2015:99.99\""), "the bad pick is kept")
            let tagStart = try #require(
                body.range(of: "<input", options: .backwards, range: body.startIndex..<bad.lowerBound))
            let tagEnd = try #require(body.range(of: ">", range: bad.upperBound..<body.endIndex))
            let tag = body[tagStart.lowerBound..<tagEnd.upperBound]
            #expect(tag.contains("aria-invalid=\"true\""), "the field holding the unknown requirement is marked")
            let after = body[tagEnd.upperBound...].prefix(400)
            #expect(after.contains("class=\"field-error\""), "the message sits beside that field")
            #expect(after.contains("99.99"))
            #expect(try await amal.get("/registers/kpis/KPI-77").status == .notFound, "nothing was stored")

            // The risks page holds two pickers (risks, context issues) on one suggestion list.
            let risks = try await amal.get("/registers/risks").body
            #expect(risks.contains("id=\"requirements-1\"") && risks.contains("id=\"ctx-requirements-1\""))
            #expect(risks.components(separatedBy: "<datalist").count == 2, "one suggestion list")
            let issue = [
                "_csrf=\(token)", "kind=external", "title=Rainy%20season%20floods", "climate=relevant",
                "description=Floods%20close%20roads%20to%20polling%20centres",
                "requirements=iso-9001-2015%3A4.1", "requirements=",
            ]
            #expect(
                try await amal.post(
                    "/registers/context", body: ByteBuffer(string: issue.joined(separator: "&")),
                    contentType: "application/x-www-form-urlencoded"
                ).status == .seeOther)
            let stored = try await fixture.qms.risks.contextIssues().first {
                $0.record.content.title == "Rainy season floods"
            }
            #expect(stored?.record.content.requirements.map(\.description) == ["iso-9001-2015:4.1"])
        }
    }
}
