import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import Testing

@testable import QMSWeb

@Suite("Refused forms come back filled in")
struct FormRefillTests {
    @Test("a refill keeps text, choices and ticks, leaves hidden fields fresh and marks the field at fault")
    func refill() {
        let html = """
            <main id="main" tabindex="-1"><form method="post" action="/x" class="stacked">
            <input type="hidden" name="_csrf" value="fresh">
            <input id="title" name="title" required>
            <select id="kind" name="kind"><option value="a" selected>A</option><option value="b">B</option></select>
            <textarea id="note" name="note">old</textarea>
            <label><input type="radio" name="decision" value="yes" checked> yes</label>
            <label><input type="radio" name="decision" value="no"> no</label>
            <input id="day" name="day" type="date" aria-describedby="day-hint">
            <input id="files" name="files" type="file">
            </form></main>
            """
        let refill = FormRefill(
            action: "/x",
            values: [
                "_csrf": ["stale"], "title": ["Tom & \"Jerry\""], "kind": ["b"], "note": ["new <b>text</b>"],
                "decision": ["no"], "day": ["2026-02-30"], "kept_upload": [String(repeating: "a", count: 64)],
                "kept_names": ["minutes.pdf"],
            ], field: "day", message: "day is not a date", fix: "give the day", heading: "Check",
            keptFiles: "Attached: {files}")
        let page = refill.apply(to: html)
        #expect(page.contains(#"name="_csrf" value="fresh""#))
        #expect(page.contains(#"value="Tom &amp; &quot;Jerry&quot;""#))
        #expect(page.contains(#"<option value="a">A</option><option value="b" selected>B</option>"#))
        #expect(page.contains("new &lt;b&gt;text&lt;/b&gt;</textarea>"))
        #expect(page.contains(#"value="yes"> yes"#) && page.contains(#"value="no" checked>"#))
        #expect(page.contains(#"aria-invalid="true""#) && page.contains(#"aria-describedby="day-hint error-day""#))
        #expect(page.contains(#"<span class="field-error" id="error-day">day is not a date</span>"#))
        #expect(page.contains(##"<a href="#day">day is not a date</a>"##), "the summary links to the field")
        #expect(page.contains("Attached: minutes.pdf") && page.contains(#"name="kept_upload""#))
    }

    @Test("every form refused for one bad field comes back with the other values kept and the message")
    func everyForm() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var admin = Browser(client)
            #expect(try await admin.signIn("admin") == .seeOther)
            var pages = ["/evidence/new", "/findings/new", "/organisation", "/plans/hnec-2018", "/users"]
            for register in ["documents", "risks", "parties", "processes", "providers", "training", "kpis"] {
                pages.append("/registers/\(register)")
            }
            var refused = 0
            var counter = 0
            for page in pages {
                let html = try await admin.get(page).body
                for form in HTMLForm.forms(in: html) where form.method == "post" && form.action != "/logout" {
                    counter += 1
                    var fields = form.filled(payload: "Kept \(counter)", unique: counter, keepPlaceholders: false)
                    // One bad field: an impossible date, else an unknown requirement.
                    guard
                        let bad = form.fields.first(where: { $0.type == "date" })?.name
                            ?? form.fields.first(where: { $0.name.contains("requirement") })?.name
                    else { continue }
                    fields[bad] = bad.contains("requirement") ? "iso-9001-2015:99.99" : "2026-02-30"
                    let response = try await WebHardeningTests.send(
                        &admin, form.action, fields, multipart: form.multipart)
                    guard [.badRequest, .notFound, .conflict].contains(response.status) else {
                        Issue.record("\(form.action) with a bad \(bad) answered \(response.status)")
                        continue
                    }
                    refused += 1
                    let body = response.body
                    #expect(body.contains("action=\"\(form.action)\""), "\(form.action): the form is back")
                    #expect(body.contains("id=\"form-error\""), "\(form.action): the message is on the page")
                    #expect(body.contains(fields[bad] ?? "?"), "\(form.action): the bad value is kept to correct")
                    for (name, value) in fields where value == "Kept \(counter)" {
                        #expect(body.contains(value), "\(form.action): \(name) was lost")
                    }
                }
            }
            #expect(refused >= 8, "only \(refused) forms refused")
        }
    }
}
