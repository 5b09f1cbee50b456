import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSServices
import Testing

/// Times are shown in the reader's zone: the one chosen in the profile, else the organisation's.
@Suite("Time zones: the profile and the organisation")
struct TimeZoneWebTests {
    /// `instant` as the page should write it in `zone` (English), computed here with Foundation's
    /// own formatter rather than the application's.
    static func expected(_ instant: Instant, in zone: String, offset: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.timeZone = TimeZone(identifier: zone)
        return formatter.string(from: Date(timeIntervalSince1970: Double(instant.millisecondsSince1970) / 1000))
            + " " + offset
    }

    @Test("a user picks a zone in the profile and the plan page shows its import time in that zone")
    func profileZone() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let imported = try await fixture.qms.plans.details(try PlanID("hnec-2018")).version.importedAt
        try await fixture.application().test(.router) { client in
            var browser = try await Browser.signedIn(client, as: "amal")
            // The demo organisation sits in Amman (UTC+3 all year since 2022).
            let before = try await browser.get("/plans/hnec-2018")
            #expect(before.body.contains(Self.expected(imported, in: "Asia/Amman", offset: "UTC+3")))
            let profile = try await browser.get("/profile")
            #expect(profile.status == .ok)
            #expect(
                profile.body.contains("zone (Asia/Amman · UTC+3)</option>"), "the first choice names the organisation's"
            )
            #expect(profile.body.contains(#"<option value="Africa/Tripoli" >Africa/Tripoli · UTC+2</option>"#))
            let saved = try await browser.post(
                "/profile", form: ["_csrf": try await browser.csrf(), "time_zone": "Africa/Tripoli"])
            #expect(saved.status == .seeOther)
            let after = try await browser.get("/plans/hnec-2018")
            #expect(after.body.contains(Self.expected(imported, in: "Africa/Tripoli", offset: "UTC+2")))
            #expect(!after.body.contains(Self.expected(imported, in: "Asia/Amman", offset: "UTC+3")))
            let shown = try await browser.get("/profile?saved=1")
            #expect(shown.body.contains(#"<option value="Africa/Tripoli" selected>"#), "the choice is shown as made")
            #expect(shown.body.contains("every page now shows times in it"))
            // A reader who may write nothing still chooses their own zone: a preference, not a record.
            var auditor = try await Browser.signedIn(client, as: "auditor")
            _ = try await auditor.get("/profile")
            let own = try await auditor.post(
                "/profile", form: ["_csrf": try await auditor.csrf(), "time_zone": "Asia/Kolkata"])
            #expect(own.status == .seeOther)
        }
        #expect(try await fixture.qms.access.user("auditor")?.timeZone == "Asia/Kolkata")
        #expect(try await fixture.qms.access.user("amal")?.timeZone == "Africa/Tripoli")
        #expect(try await fixture.qms.access.user("omar")?.timeZone == nil, "one user's choice is theirs alone")
    }

    @Test("an unknown zone comes back on the same form, worded in the page's language, and changes nothing")
    func unknownZone() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var browser = try await Browser.signedIn(client, as: "amal")
            browser.cookies["eqms_lang"] = "ar"
            _ = try await browser.get("/profile")
            let refused = try await browser.post(
                "/profile", form: ["_csrf": try await browser.csrf(), "time_zone": "Mars/Olympus_Mons"])
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains(#"action="/profile""#), "the form is back")
            #expect(refused.body.contains(#"id="error-time_zone""#), "the message sits beside the select")
            #expect(refused.body.contains("Mars/Olympus_Mons"), "the message names the value given")
            #expect(refused.body.contains("المنطقة الزمنية"), "the field is named by its Arabic label")
            #expect(refused.body.contains("قاعدة بيانات IANA"), "what a zone looks like, in Arabic")
        }
        #expect(try await fixture.qms.access.user("amal")?.timeZone == nil)
    }

    @Test("the organisation's zone applies to every user who chose none; its four names are all kept")
    func organisationZone() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let imported = try await fixture.qms.plans.details(try PlanID("hnec-2018")).version.importedAt
        try await fixture.application().test(.router) { client in
            var admin = try await Browser.signedIn(client, as: "admin")
            let page = try await admin.get("/organisation")
            #expect(page.body.contains(#"<option value="Asia/Amman" selected>"#))
            let saved = try await admin.post(
                "/organisation",
                form: [
                    "_csrf": try await admin.csrf(), "name_en": "High National Elections Commission",
                    "name_ar": "المفوضية الوطنية العليا للانتخابات", "name_fr": "Haute Commission électorale nationale",
                    "name_es": "Alta Comisión Electoral Nacional", "short_name": "HNEC", "country": "LY",
                    "locale": "ar-LY", "time_zone": "Africa/Tripoli",
                ])
            #expect(saved.status == .seeOther)
            var viewer = try await Browser.signedIn(client, as: "viewer")
            let plan = try await viewer.get("/plans/hnec-2018")
            #expect(plan.body.contains(Self.expected(imported, in: "Africa/Tripoli", offset: "UTC+2")))
            let refused = try await admin.post(
                "/organisation",
                form: [
                    "_csrf": try await admin.csrf(), "name_en": "HNEC", "short_name": "HNEC",
                    "time_zone": "Africa/Atlantis",
                ])
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains(#"id="error-time_zone""#))
        }
        let organisation = try #require(try await fixture.qms.organisation.get())
        #expect(organisation.timeZone == "Africa/Tripoli", "the refused zone did not replace the saved one")
        #expect(organisation.name.fr == "Haute Commission électorale nationale")
        #expect(organisation.name.es == "Alta Comisión Electoral Nacional")
        #expect(
            try await fixture.qms.integrity.verify().problems.isEmpty,
            "the organisation's record matches its trail, French and Spanish names included")
    }
}
