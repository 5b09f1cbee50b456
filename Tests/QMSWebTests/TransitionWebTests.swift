import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSServices
import QMSWeb
import Testing

@Suite("Web application: the transition to ISO 9001:2026")
struct TransitionWebTests {
    @Test("the compliance page links to the transition report, which shows changes, deadline and dated workshops")
    func transitionPage() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            #expect(try await browser.signIn("viewer") == .seeOther)
            let compliance = try await browser.get("/compliance")
            #expect(compliance.body.contains("href=\"/compliance/transition\""))
            let page = try await browser.get("/compliance/transition")
            #expect(page.status == .ok)
            #expect(page.body.contains("2029-12-31") && page.body.contains("final draft (FDIS)"))
            #expect(page.body.contains("/catalogue/iso-9001-2026/5.1.1"))
            #expect(page.body.contains("/catalogue/iso-9001-2026/6.1.3"))
            let given = try await browser.get("/compliance/transition?deadline=2029-09-15")
            #expect(given.body.contains("2029-09-15") && !given.body.contains("three years after publication"))
            #expect(try await browser.get("/compliance/transition?deadline=soon").status == .badRequest)
            let arabic = try await browser.get("/compliance/transition?lang=ar")
            #expect(arabic.status == .ok)
            let plan = try await browser.get("/plans/hnec-2019")
            #expect(plan.body.contains("2019-02-10 – 2019-02-14, Tripoli"))
            #expect(plan.body.contains("2019-03-03 – 2019-03-07, Benghazi"))
        }
    }
}
