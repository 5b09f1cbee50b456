import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSFormats
import QMSPresentation
import QMSServices
import TestSupport
import Testing

@testable import QMSWeb

/// The plan upload is never a dead end: a refused file stays attached, a new version asked for
/// on a plan's page lands on that plan only, and a broken sheet lists all its problems at once.
@Suite("Web application: a refused plan upload keeps its file")
struct PlanUploadKeptTests {
    static let xml = Repository.plans.appendingPathComponent("hnec-libya-2019.xml")

    /// Posts the upload form as a browser does: the fields given, and the file when one is chosen.
    static func post(
        _ browser: inout Browser, token: String, file: (name: String, content: Data)? = nil,
        fields: [String: String] = [:]
    ) async throws -> (status: HTTPResponse.Status, body: String, headers: HTTPFields) {
        var form = Multipart()
        form.field("_csrf", token)
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) { form.field(name, value) }
        if let file { form.file("file", filename: file.name, content: file.content, type: "application/octet-stream") }
        return try await browser.post("/plans/import", body: form.body, contentType: form.contentType)
    }

    /// The message beside the file input of a refused form.
    static func fileError(_ html: String) -> String? {
        guard let start = html.range(of: "<span class=\"field-error\" id=\"error-file\">"),
            let end = html.range(of: "</span>", range: start.upperBound..<html.endIndex)
        else { return nil }
        return String(html[start.upperBound..<end.lowerBound])
    }

    /// The file input of a page, its tag only.
    static func fileInput(_ html: String) -> String? {
        guard let start = html.range(of: "<input id=\"file\""),
            let end = html.range(of: ">", range: start.upperBound..<html.endIndex)
        else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test("a refused upload keeps the file; the form sent again with only its token imports it, once")
    func keptThenSent() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let awp = try PlanID("hnec-2019")
        let manager = fixture.qms.acting(as: "amal")
        // A draft under the Committee's review takes no new version: the upload is refused for a
        // reason that is not in the file.
        try await manager.plans.importFile(Self.xml)
        try await manager.workPlanReview.submit(awp)
        let before = try await fixture.qms.plans.details(awp).versions
        let content = try Data(contentsOf: Self.xml)
        try await fixture.application().test(.router) { client in
            var browser = try await Browser.signedIn(client, as: "amal")
            let token = try await browser.csrf()
            let refused = try await Self.post(
                &browser, token: token, file: ("hnec-libya-2019.xml", content))
            #expect(refused.status == .conflict, "the form again, with the status of the refusal")
            #expect(refused.body.contains("action=\"/plans/import\""))
            let size = NumberFormatting(PresentationLocale(.english)).bytes(Int64(content.count))
            #expect(refused.body.contains("hnec-libya-2019.xml (\(size))"), "the kept file, named with its size")
            let kept = try #require(Browser.hidden("kept_upload", in: refused.body))
            #expect(kept.count == 64)
            let input = try #require(Self.fileInput(refused.body))
            #expect(!input.contains("required"), "the form may go again without choosing the file")
            #expect(try await fixture.qms.plans.details(awp).versions == before)

            // The Committee sends the version back; the same form goes again, with no file chosen.
            try await fixture.qms.acting(as: "salma").workPlanReview.decide(
                awp, .revise, minutes: "TC meeting 12: revise the budget")
            let sent = try await Self.post(&browser, token: token, fields: ["kept_upload": kept])
            #expect(sent.status == .seeOther)
            let after = try await fixture.qms.plans.details(awp)
            #expect(after.versions.count == before.count + 1)
            #expect(sent.headers[.location] == "/plans/hnec-2019?version=\(after.version.version)&done=imported")
            #expect(after.version.sourceFile == "hnec-libya-2019.xml", "the kept file's own name")
            #expect(after.version.importedBy == "amal")

            // Claimed once: the token no longer brings a file.
            let again = try await Self.post(&browser, token: token, fields: ["kept_upload": kept])
            #expect(again.status == .badRequest)
            #expect(Self.fileError(again.body)?.contains("expired or cannot be found") == true)
            #expect(try await fixture.qms.plans.details(awp).versions.count == before.count + 1)
        }
    }

    @Test("an expired or unknown kept file is an error on the file field, in the page's language, never a 500")
    func keptGone() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let awp = try PlanID("iec-jordan-2019")
        let before = try await fixture.qms.plans.details(awp).versions
        try await fixture.application().test(.router) { client in
            var browser = try await Browser.signedIn(client, as: "amal")
            let token = try await browser.csrf()
            let unknown = try await Self.post(
                &browser, token: token, fields: ["kept_upload": String(repeating: "ab", count: 32)])
            #expect(unknown.status == .badRequest)
            #expect(unknown.body.contains("action=\"/plans/import\""))
            #expect(
                Self.fileError(unknown.body)
                    == "the file kept from your last try has expired or cannot be found; choose the file again")
            #expect(Self.fileInput(unknown.body)?.contains("aria-invalid=\"true\"") == true)
            #expect(Browser.hidden("kept_upload", in: unknown.body) == nil, "no token that brings nothing")

            // A file kept an hour and more ago has expired, whoever sends its token.
            let broken = try await Self.post(
                &browser, token: token, file: ("awp.pdf", Data("%PDF-1.7".utf8)))
            #expect(broken.status == .badRequest)
            let kept = try #require(Browser.hidden("kept_upload", in: broken.body))
            let place = KeptUploads().folder.appendingPathComponent(kept)
            #expect(FileManager.default.fileExists(atPath: place.path))
            try FileManager.default.setAttributes(
                [.modificationDate: Date().addingTimeInterval(-2 * KeptUploads.lifetime)], ofItemAtPath: place.path)
            browser.cookies["eqms_lang"] = "ar"
            let expired = try await Self.post(&browser, token: token, fields: ["kept_upload": kept])
            #expect(expired.status == .badRequest)
            #expect(expired.body.contains("dir=\"rtl\""))
            #expect(
                Self.fileError(expired.body)
                    == Messages.shared.text("error_web_kept_upload_gone", .arabic))
            #expect(Self.fileError(expired.body)?.contains("انتهت صلاحية الملف") == true)
        }
        #expect(try await fixture.qms.plans.details(awp).versions == before)
    }

    @Test("a new version asked for on a plan's page refuses another plan's file, naming both, and keeps it")
    func otherPlan() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let asked = try PlanID("iec-jordan-2019")
        let given = try PlanID("hnec-2019")
        let before = (
            try await fixture.qms.plans.details(asked).versions, try await fixture.qms.plans.details(given).versions
        )
        let content = try Data(contentsOf: Self.xml)
        try await fixture.application().test(.router) { client in
            var browser = try await Browser.signedIn(client, as: "amal")
            let plan = try await browser.get("/plans/iec-jordan-2019")
            #expect(plan.body.contains("href=\"/plans/import?plan=iec-jordan-2019\""), "the plan's main action")
            let page = try await browser.get("/plans/import?plan=iec-jordan-2019")
            #expect(page.status == .ok)
            #expect(page.body.contains("This upload is a new version of \(Bidi.isolate("iec-jordan-2019"))"))
            #expect(Browser.hidden("plan", in: page.body) == "iec-jordan-2019")
            let token = Browser.hidden("_csrf", in: page.body) ?? ""

            let refused = try await Self.post(
                &browser, token: token, file: ("hnec-libya-2019.xml", content), fields: ["plan": "iec-jordan-2019"])
            #expect(refused.status == .badRequest)
            let message = try #require(Self.fileError(refused.body))
            #expect(message.contains("hnec-2019") && message.contains("iec-jordan-2019"), "\(message)")
            #expect(message.contains("is the work plan"))
            #expect(Browser.hidden("plan", in: refused.body) == "iec-jordan-2019", "still the plan's form")
            #expect(refused.body.contains("This upload is a new version of"))
            let kept = try #require(Browser.hidden("kept_upload", in: refused.body))

            // In French, the kept file alone: refused again, in French.
            browser.cookies["eqms_lang"] = "fr"
            let french = try await Self.post(
                &browser, token: token, fields: ["plan": "iec-jordan-2019", "kept_upload": kept])
            #expect(french.status == .badRequest)
            let words = try #require(Self.fileError(french.body))
            #expect(words.contains("est le plan de travail") && words.contains("nouvelle version"), "\(words)")
            #expect(words.contains("hnec-2019") && words.contains("iec-jordan-2019"))
            #expect(Browser.hidden("kept_upload", in: french.body) == kept, "still kept")
            #expect(try await fixture.qms.plans.details(asked).versions == before.0)
            #expect(try await fixture.qms.plans.details(given).versions == before.1)

            // From the Plans page (no plan asked for), the same kept file is simply the next version
            // of its own plan.
            let anyPlan = try await Self.post(&browser, token: token, fields: ["kept_upload": kept])
            #expect(anyPlan.status == .seeOther)
            #expect(anyPlan.headers[.location]?.hasPrefix("/plans/hnec-2019?version=") == true)
        }
        #expect(try await fixture.qms.plans.details(asked).versions == before.0)
        #expect(try await fixture.qms.plans.details(given).versions.count == before.1.count + 1)
    }

    @Test("a file chosen again replaces the kept one; a body that is not multipart is refused in the page's language")
    func replacedAndWorded() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let awp = try PlanID("hnec-2019")
        let before = try await fixture.qms.plans.details(awp).versions
        let content = try Data(contentsOf: Self.xml)
        try await fixture.application().test(.router) { client in
            var browser = try await Browser.signedIn(client, as: "amal")
            let token = try await browser.csrf()
            let wrong = try await Self.post(&browser, token: token, file: ("plan.pdf", Data("%PDF-1.7".utf8)))
            #expect(wrong.status == .badRequest)
            #expect(wrong.body.contains("plan.pdf ("))
            let kept = try #require(Browser.hidden("kept_upload", in: wrong.body))
            let place = KeptUploads().folder.appendingPathComponent(kept)
            #expect(FileManager.default.fileExists(atPath: place.path))

            let right = try await Self.post(
                &browser, token: token, file: ("hnec-libya-2019.xml", content), fields: ["kept_upload": kept])
            #expect(right.status == .seeOther)
            let after = try await fixture.qms.plans.details(awp)
            #expect(after.versions.count == before.count + 1)
            #expect(after.version.sourceFile == "hnec-libya-2019.xml", "the file chosen, not the one kept")
            #expect(!FileManager.default.fileExists(atPath: place.path), "the replaced file is not kept")

            browser.cookies["eqms_lang"] = "es"
            let json = try await browser.post(
                "/plans/import", body: ByteBuffer(string: #"{"file":"x"}"#), contentType: "application/json")
            #expect(json.status == .unsupportedMediaType)
            #expect(json.body.contains(Messages.shared.text("upload_not_multipart", .spanish)))
            #expect(json.body.contains("la subida debe enviarse como multipart/form-data"))
        }
    }

    @Test("a CSV with two bad rows lists both, each with its row and column; nothing is stored")
    func csvTwoBadRows() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let awp = try PlanID("iec-jordan-2019")
        let before = try await fixture.qms.plans.details(awp).versions
        var rows = AWPSheet.rows(try await fixture.qms.plans.version(awp).planSet).map { $0.map(\.csvText) }
        #expect(rows.count >= 3)
        let progress = try #require(AWPSheet.columns.firstIndex(of: "progress"))
        let q2 = try #require(AWPSheet.columns.firstIndex(of: "q2"))
        rows[0][progress] = "140"
        rows[2][q2] = "12O00"
        var writer = CSVWriter(header: AWPSheet.columns)
        for row in rows { writer.add(row) }
        let csv = Data(writer.text.utf8)
        try await fixture.application().test(.router) { client in
            var browser = try await Browser.signedIn(client, as: "amal")
            let token = try await browser.csrf()
            let refused = try await Self.post(&browser, token: token, file: ("awp.csv", csv))
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("The file has 2 problems; nothing was stored."))
            #expect(refused.body.contains("<li>\u{2068}awp.csv\u{2069}: row 2, column &quot;progress&quot;"))
            #expect(refused.body.contains("<li>\u{2068}awp.csv\u{2069}: row 4, column &quot;q2&quot;"))
            #expect(refused.body.components(separatedBy: "<li>\u{2068}awp.csv\u{2069}: row ").count == 3)
            #expect(refused.body.contains("awp.csv ("), "the file stays attached")
        }
        #expect(try await fixture.qms.plans.details(awp).versions == before)
    }
}
