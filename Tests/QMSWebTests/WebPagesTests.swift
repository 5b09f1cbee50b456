import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSServices
import QMSStore
import QMSWeb
import Testing

@Suite("Web application: pages, roles, uploads, languages, API")
struct WebPagesTests {
    /// Every page × role: the status each role gets.
    @Test("each role reaches the pages it may and is refused the others")
    func routeRoleTable() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let pages = [
            "/", "/catalogue", "/catalogue/iso-9001-2015", "/catalogue/iso-9001-2015/8.5.1", "/evidence",
            "/evidence/EV-2026-0001", "/compliance", "/trail", "/users", "/evidence/new", "/findings", "/findings/new",
            "/audits", "/reviews", "/recommendations", "/registers", "/registers/documents", "/registers/risks",
            "/registers/parties", "/registers/processes", "/registers/providers", "/registers/training",
            "/registers/kpis", "/plans", "/plans/hnec-2018", "/plans/iec-jordan-2019",
            "/plans/iec-jordan-2019/diff?from=1&to=1", "/compliance/transition", "/plans/hnec-2019",
        ]
        let restricted: [String: Set<String>] = [
            "/users": ["admin"], "/evidence/new": ["admin", "amal", "omar"], "/findings/new": ["admin", "amal"],
        ]
        try await fixture.application().test(.router) { client in
            for account in DemoService.accounts {
                var browser = Browser(client)
                #expect(try await browser.signIn(account.username) == .seeOther, "\(account.username)")
                let year = Calendar(identifier: .gregorian).component(.year, from: Date())
                for page in pages {
                    let uri = page.replacingOccurrences(
                        of: "2026", with: page.hasPrefix("/evidence/EV") ? String(year) : "2026")
                    let expected: HTTPResponse.Status =
                        restricted[page].map { $0.contains(account.username) ? .ok : .forbidden } ?? .ok
                    let response = try await browser.get(uri)
                    #expect(response.status == expected, "\(account.username) \(uri): \(response.status)")
                }
            }
        }
    }

    @Test("a quality manager logs evidence with a file; it is stored by hash and downloads byte for byte")
    func upload() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            #expect(try await browser.signIn("amal") == .seeOther)
            let token = try await browser.csrf()
            var form = Multipart()
            form.field("_csrf", token)
            form.field("title", "Signed results forms, Zarqa")
            form.field("requirements", "iso-54001-2019:EP-05\niso-9001-2015:8.5.2")
            form.field("kind", "record")
            form.field("process", "EP-05")
            let content = Data((0..<200_000).map { UInt8($0 % 251) })
            form.file("files", filename: "نماذج النتائج.pdf", content: content)
            let posted = try await browser.post("/evidence", body: form.body, contentType: form.contentType)
            #expect(posted.status == .seeOther)
            let location = try #require(posted.headers[.location])
            let page = try await browser.get(location)
            #expect(page.body.contains("Signed results forms, Zarqa"))
            #expect(page.body.contains("نماذج النتائج.pdf"))
            let id = String(location.dropFirst("/evidence/".count))
            let download = try await client.execute(
                uri: "/evidence/\(id)/files/1/1", method: .get, headers: [.cookie: browser.cookieHeader])
            #expect(download.status == .ok)
            #expect(Data(buffer: download.body) == content)
            let record = try await fixture.qms.evidence.latest(try EvidenceID(parsing: id))
            #expect(record.recordedBy == "amal")
            #expect(record.files.first?.size == Int64(content.count))
        }
    }

    @Test("a quality manager raises a nonconformity and walks its corrective action through the forms")
    func findingsWorkflow() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            #expect(try await browser.signIn("amal") == .seeOther)
            let token = try await browser.csrf()
            let opened = try await browser.post(
                "/findings",
                form: [
                    "_csrf": token, "title": "Ballot boxes sealed without a second witness", "grade": "minor",
                    "source": "internal-audit", "requirements": "iso-54001-2019:EP-04", "process": "EP-04",
                ])
            #expect(opened.status == .seeOther)
            let location = try #require(opened.headers[.location])
            let page = try await browser.get(location)
            #expect(page.body.contains("Ballot boxes sealed without a second witness"))
            // Only the steps that may come next are offered, each as its own small form.
            #expect(page.body.contains("<input type=\"hidden\" name=\"to\" value=\"contained\">"))
            #expect(!page.body.contains("name=\"to\" value=\"verified\""))
            let skipped = try await browser.post(location + "/advance", form: ["_csrf": token, "to": "closed"])
            #expect(skipped.status == .conflict, "a minor nonconformity cannot be closed straight from reported")
            let contained = try await browser.post(
                location + "/advance",
                form: ["_csrf": token, "to": "contained", "note": "Boxes re-sealed before witnesses"])
            #expect(contained.status == .seeOther)
            let walked = try await browser.get(location).body
            #expect(
                walked.contains("<span class=\"pill state-contained\">contained</span>"), "the timeline shows the step")
            #expect(walked.contains("Boxes re-sealed before witnesses"))
            let viewer = try await browser.post(location + "/advance", form: ["to": "analysed"])
            #expect(viewer.status == .forbidden, "no CSRF token")
        }
    }

    @Test("user text is escaped: a <script> title renders as text")
    func escaping() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let draft = EvidenceDraft(
            title: "<script>alert('x')</script> & \"quotes\"", kind: .note, owner: "<b>owner</b>",
            effectiveFrom: fixture.qms.today, collectedOn: fixture.qms.today,
            requirements: [try RequirementKey(parsing: "iso-9001-2015:7.5.3")])
        let record = try await fixture.qms.evidence.add(draft)
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            #expect(try await browser.signIn("viewer") == .seeOther)
            for uri in ["/evidence/\(record.id)", "/evidence"] {
                let page = try await browser.get(uri)
                #expect(!page.body.contains("<script>"), "\(uri)")
                #expect(page.body.contains("&lt;script&gt;"), "\(uri)")
                #expect(!page.body.contains("<b>owner</b>"), "\(uri)")
            }
        }
    }

    @Test("a process owner may log evidence for their own processes only")
    func processOwner() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            #expect(try await browser.signIn("omar") == .seeOther)
            for (process, expected) in [("EP-05", HTTPResponse.Status.badRequest), ("EP-04", .seeOther)] {
                let token = try await browser.csrf()
                var form = Multipart()
                form.field("_csrf", token)
                form.field("title", "Polling station checklist \(process)")
                form.field("requirements", "iso-54001-2019:\(process)")
                form.field("kind", "note")
                form.field("process", process)
                let posted = try await browser.post("/evidence", body: form.body, contentType: form.contentType)
                #expect(posted.status == expected, "\(process)")
                if expected != .seeOther {
                    // The same form, what was typed kept, the process field named with the owner's own.
                    #expect(posted.body.contains("only for a process of your own (EP-01, EP-04)"))
                    #expect(posted.body.contains("Polling station checklist \(process)"))
                }
            }
        }
    }

    @Test("an upload over the size limit is refused with 413 and nothing is written")
    func oversizedUpload() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let small = try await QMS.openSQLite(
            path: fixture.folder.appendingPathComponent("eqms.sqlite").path, actor: "test", maximumFileSize: 1024)
        let renderer = try await Renderer.load()
        let app = Application(
            router: WebApplication.router(qms: small, configuration: WebConfiguration(), renderer: renderer))
        let before = try await small.evidence.list().count
        try await app.test(.router) { client in
            var browser = Browser(client)
            #expect(try await browser.signIn("amal") == .seeOther)
            let token = try await browser.csrf()
            var form = Multipart()
            form.field("_csrf", token)
            form.field("title", "Too big")
            form.field("requirements", "iso-9001-2015:7.5.3")
            form.file("files", filename: "big.bin", content: Data(count: 10_000))
            let posted = try await browser.post("/evidence", body: form.body, contentType: form.contentType)
            #expect(posted.status == .contentTooLarge)
        }
        #expect(try await small.evidence.list().count == before)
    }

    @Test("Arabic pages are right to left, with every string translated")
    func arabic() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            #expect(try await browser.signIn("amal") == .seeOther)
            browser.cookies["eqms_lang"] = "ar"
            let page = try await browser.get("/")
            #expect(page.body.contains("<html lang=\"ar\" dir=\"rtl\">"))
            #expect(page.body.contains("لوحة المتابعة"))
            #expect(page.body.contains("الجاهزية"))
            let requirement = try await browser.get("/catalogue/iso-9001-2015/8.5")
            #expect(requirement.body.contains("الإنتاج وتقديم الخدمات") || requirement.body.contains("ضبط"))
            let switched = try await browser.get("/lang/en")
            #expect(switched.status == .found)
            #expect(browser.cookies["eqms_lang"] == "en")
        }
    }

    @Test("the API needs a token; a viewer's token reads, cannot write; a quality manager's token writes")
    func api() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let viewerToken = try await fixture.qms.access.createToken(for: "viewer", name: "test")
        let managerToken = try await fixture.qms.access.createToken(for: "amal", name: "test")
        try await fixture.application().test(.router) { client in
            let anonymous = try await client.execute(uri: "/api/v1/standards", method: .get)
            #expect(anonymous.status == .unauthorized)
            let bogus = try await client.execute(
                uri: "/api/v1/standards", method: .get, headers: [.authorization: "Bearer eqms_nonsense"])
            #expect(bogus.status == .unauthorized)
            let standards = try await client.execute(
                uri: "/api/v1/standards", method: .get, headers: [.authorization: "Bearer \(viewerToken)"])
            #expect(standards.status == .ok)
            #expect(String(buffer: standards.body).contains("iso-54001-2019"))
            let body = ByteBuffer(
                string: #"{"title":"API evidence","requirements":["iso-9001-2015:9.1.3"],"kind":"note"}"#)
            let refused = try await client.execute(
                uri: "/api/v1/evidence", method: .post,
                headers: [.authorization: "Bearer \(viewerToken)", .contentType: "application/json"], body: body)
            #expect(refused.status == .forbidden)
            let created = try await client.execute(
                uri: "/api/v1/evidence", method: .post,
                headers: [.authorization: "Bearer \(managerToken)", .contentType: "application/json"], body: body)
            #expect(created.status == .created)
            #expect(String(buffer: created.body).contains("\"recordedBy\":\"amal\""))
            let invalid = try await client.execute(
                uri: "/api/v1/evidence", method: .post,
                headers: [.authorization: "Bearer \(managerToken)", .contentType: "application/json"],
                body: ByteBuffer(string: #"{"title":"x","requirements":["iso-9001-2015:99.9"]}"#))
            #expect(invalid.status == .notFound || invalid.status == .badRequest)
            #expect(String(buffer: invalid.body).contains("\"error\""))
        }
    }

    @Test("every English string of the interface has its Arabic translation")
    func translationsComplete() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            #expect(try await browser.signIn("admin") == .seeOther)
            browser.cookies["eqms_lang"] = "ar"
            for uri in ["/", "/catalogue", "/evidence", "/compliance", "/trail", "/users", "/evidence/new"] {
                let page = try await browser.get(uri)
                #expect(page.status == .ok, "\(uri)")
                for english in ["Dashboard", "Evidence register", "Sign out", "Readiness", "Status", "Title"] {
                    #expect(!page.body.contains(">\(english)<"), "\(uri) shows untranslated \(english)")
                }
            }
        }
    }
}
