import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSServices
import QMSWeb
import Testing

@Suite("Web application: evidence shows the state the compliance matrix uses")
struct EvidenceStateWebTests {
    @Test("the evidence pages show expired, expiring and draft as the matrix sees them, in each language")
    func evidenceStates() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let qms = fixture.qms.acting(as: "amal")
        let today = qms.today
        let all = try await qms.evidence.list()
        // The demo's voter register procedure ended 280 days ago; its stored status is still current.
        let expired = try #require(all.first { $0.content.title.hasPrefix("Voter register update procedure") })
        #expect(expired.status == .current)
        #expect(try #require(expired.content.validUntil) < today)
        let draft = try #require(all.first { $0.status == .draft })
        let expiring = try await qms.evidence.add(
            EvidenceDraft(
                title: "Polling staff code of conduct", kind: .note, owner: "Amal Haddad",
                effectiveFrom: today.adding(days: -10), collectedOn: today.adding(days: -10),
                validUntil: today.adding(days: 12), confidentiality: .internal,
                requirements: [try RequirementKey(parsing: "iso-9001-2015:7.3")]))

        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            #expect(try await browser.signIn("viewer") == .seeOther)
            let page = try await browser.get("/evidence/\(expired.id)")
            #expect(page.body.contains("<span class=\"status-expired\">expired</span>"))
            #expect(!page.body.contains("status-current"))
            let draftPage = try await browser.get("/evidence/\(draft.id)")
            #expect(draftPage.body.contains("<span class=\"status-draft\">draft</span>"))
            let soon = try await browser.get("/evidence/\(expiring.id)")
            #expect(soon.body.contains("<span class=\"status-expiring\">expiring</span>"))
            // The register pages by 50, newest first: the demo's older records are found by a search and a filter.
            let list = try await browser.get("/evidence")
            #expect(list.body.contains("status-expiring\">expiring"))
            let searched = try await browser.get("/evidence?q=" + Browser.encode("Voter register update procedure"))
            #expect(searched.body.contains("status-expired\">expired"))
            #expect(try await browser.get("/evidence?status=draft").body.contains("status-draft\">draft"))
            let words: [(String, String, String)] = [
                ("ar", "منتهي الصلاحية", "مسودة"), ("fr", "expiré", "brouillon"), ("es", "vencido", "borrador"),
            ]
            for (language, expiredWord, draftWord) in words {
                _ = try await browser.get("/lang/\(language)")
                let translated = try await browser.get("/evidence/\(expired.id)")
                #expect(translated.body.contains("lang=\"\(language)\""), "\(language)")
                #expect(translated.body.contains("status-expired\">\(expiredWord)<"), "\(language)")
                let translatedDraft = try await browser.get("/evidence/\(draft.id)")
                #expect(translatedDraft.body.contains("status-draft\">\(draftWord)<"), "\(language)")
            }
        }
    }
}
