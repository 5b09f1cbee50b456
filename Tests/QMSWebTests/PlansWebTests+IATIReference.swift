import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSPresentation
import QMSServices
import QMSWeb
import Testing

/// Where the plan page's IATI export finds the organisation's identifier: the form, then the
/// organisation's settings, then the deployment's `$EQMS_IATI_ORG_REF`.
@Suite("Web application: the organisation's IATI identifier and the plan's IATI export")
struct PlansWebIATIReferenceTests {
    /// The application over the fixture's database, with the deployment's default identifier set
    /// here rather than read from this process's environment.
    static func application(_ fixture: WebFixture, default reference: String?) async throws
        -> some ApplicationProtocol
    {
        var configuration = WebConfiguration()
        configuration.iatiOrganisationReference = reference
        return Application(
            router: WebApplication.router(
                qms: fixture.qms, configuration: configuration, renderer: try await Renderer.load()))
    }

    static let organisation = [
        "name_en": "High National Elections Commission", "name_ar": "المفوضية الوطنية العليا للانتخابات",
        "short_name": "HNEC", "country": "LY", "locale": "ar-LY", "time_zone": "Africa/Tripoli",
    ]

    @Test("the stored identifier fills the form and serves an export that names none; one given overrides it")
    func storedReference() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        #expect(try await fixture.qms.organisation.get()?.iatiReference == nil, "the demo invents no identifier")
        try await Self.application(fixture, default: nil).test(.router) { client in
            var admin = try await Browser.signedIn(client, as: "admin")
            let before = try await admin.get("/plans/hnec-2018")
            #expect(before.body.contains(#"name="org-ref" value="""#), "nothing to offer yet")
            #expect(try await admin.get("/plans/hnec-2018/export?format=iati&org-ref=").status == .badRequest)

            let settings = try await admin.get("/organisation")
            #expect(settings.body.contains(#"name="iati_ref" value="""#))
            var form = Self.organisation
            form["_csrf"] = try await admin.csrf()
            form["iati_ref"] = " LY-HNEC-1 "
            #expect(try await admin.post("/organisation", form: form).status == .seeOther)
            #expect(try await admin.get("/organisation").body.contains(#"name="iati_ref" value="LY-HNEC-1""#))

            let page = try await admin.get("/plans/hnec-2018")
            #expect(page.body.contains(#"name="org-ref" value="LY-HNEC-1""#), "the form offers the stored one")
            let stored = try await admin.get("/plans/hnec-2018/export?format=iati&org-ref=")
            #expect(stored.status == .ok)
            #expect(stored.body.contains("<iati-identifier>LY-HNEC-1-hnec-2018</iati-identifier>"))
            #expect(stored.body.contains(#"<reporting-org ref="LY-HNEC-1""#))
            let given = try await admin.get(
                "/plans/hnec-2018/export?format=iati&org-ref=XM-DAC-41114&activity-per=output")
            #expect(given.status == .ok)
            #expect(given.body.contains("<iati-identifier>XM-DAC-41114-hnec-2018-1</iati-identifier>"))
            #expect(!given.body.contains("LY-HNEC-1"))
            let odd = try await admin.get("/plans/hnec-2018/export?format=iati&org-ref=LY%20HNEC")
            #expect(odd.status == .badRequest, "an identifier IATI refuses is refused for one export too")
        }
        #expect(try await fixture.qms.organisation.get()?.iatiReference == "LY-HNEC-1")
        #expect(try await fixture.qms.integrity.verify().problems.isEmpty, "the identifier is in the trail")
    }

    @Test("the deployment's identifier serves when neither the form nor the organisation gives one")
    func environmentReference() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await Self.application(fixture, default: "XM-ENV-7").test(.router) { client in
            var admin = try await Browser.signedIn(client, as: "admin")
            #expect(try await admin.get("/plans/hnec-2018").body.contains(#"name="org-ref" value="XM-ENV-7""#))
            let fallback = try await admin.get("/plans/hnec-2018/export?format=iati")
            #expect(fallback.status == .ok)
            #expect(fallback.body.contains("<iati-identifier>XM-ENV-7-hnec-2018</iati-identifier>"))

            var form = Self.organisation
            form["_csrf"] = try await admin.csrf()
            form["iati_ref"] = "LY-HNEC-1"
            #expect(try await admin.post("/organisation", form: form).status == .seeOther)
            let stored = try await admin.get("/plans/hnec-2018/export?format=iati")
            #expect(stored.body.contains("<iati-identifier>LY-HNEC-1-hnec-2018</iati-identifier>"))
            #expect(!stored.body.contains("XM-ENV-7"), "the organisation's comes before the deployment's")
        }
    }

    @Test("an identifier IATI would refuse comes back on the settings form, kept, with the message beside it in Arabic")
    func refusedInArabic() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let before = try await fixture.qms.organisation.get()
        try await Self.application(fixture, default: nil).test(.router) { client in
            var admin = try await Browser.signedIn(client, as: "admin")
            admin.cookies["eqms_lang"] = "ar"
            _ = try await admin.get("/organisation")
            var form = Self.organisation
            form["_csrf"] = try await admin.csrf()
            form["iati_ref"] = "LY HNEC/1"
            let refused = try await admin.post("/organisation", form: form)
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains(#"action="/organisation""#), "the form is back")
            #expect(refused.body.contains(#"id="error-iati_ref""#), "the message sits beside the field")
            #expect(refused.body.contains(#"value="LY HNEC/1""#), "what was typed is kept")
            #expect(refused.body.contains(#"value="المفوضية الوطنية العليا للانتخابات""#), "so are the other fields")
            #expect(refused.body.contains("معرّف المنظمة في IATI"), "the field is named by its Arabic label")
            #expect(refused.body.contains("رمز جهة التسجيل"), "what an identifier looks like, in Arabic")
        }
        #expect(try await fixture.qms.organisation.get() == before, "nothing changed")
    }

    @Test("the IATI form's words come from the catalogues, in the page's language")
    func formWording() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await Self.application(fixture, default: nil).test(.router) { client in
            var viewer = try await Browser.signedIn(client, as: "viewer")
            for language in Language.allCases {
                viewer.cookies["eqms_lang"] = language.rawValue
                let page = try await viewer.get("/plans/hnec-2018")
                for key in ["plans_iati_download", "plans_iati_org_ref", "plans_iati_per_output"] {
                    let words = Messages.shared.text(key, language)
                    #expect(words != key, "\(key) is in the \(language) catalogue")
                    #expect(page.body.contains(MarkupText.escaped(words)), "\(key) in \(language)")
                }
                #expect(!page.body.contains(">IATI 2.03</button>"))
            }
        }
    }
}
