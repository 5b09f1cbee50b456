import Foundation
import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices

/// The organisation's settings (administrators): its names, country and the CLDR locale that
/// decides how every page writes digits, numbers and dates, with a preview in each language, and
/// the time zone pages show times in for users who chose none, and its IATI organisation identifier.
struct OrganisationRoutes {
    let qms: QMS
    let renderer: Renderer

    struct SettingsForm: Decodable {
        var _csrf: String?
        var name_en: String?
        var name_ar: String?
        var name_fr: String?
        var name_es: String?
        var short_name: String?
        var country: String?
        var locale: String?
        var time_zone: String?
        var iati_ref: String?
    }

    /// Locales offered in the list; any other CLDR locale of the four languages can be typed.
    static let suggestedLocales = [
        "ar-JO", "ar-LY", "ar-EG", "ar-TN", "ar", "en", "fr-SN", "fr-TN", "fr", "es-MX", "es",
    ]

    func register(on router: RouterGroup<WebContext>) {
        router.get("organisation") { request, context in
            _ = try context.require(.manageUsers)
            let language = context.language
            let organisation = try await qms.organisation.get()
            let sample = Instant(secondsSince1970: Date().timeIntervalSince1970)
            let format = NumberFormatting(context.locale)
            let zones: [[String: Any]] = TimeZones.names.map { name in
                ["value": name, "label": format.timeZoneLabel(name), "selected": name == organisation?.timeZone]
            }
            let previews: [[String: Any]] = Language.allCases.map { other in
                let locale = PresentationLocale(other, organisation: organisation?.locale)
                let format = NumberFormatting(locale)
                return [
                    "language": Messages.shared.text("lang_" + other.rawValue, language),
                    "sample": [
                        format.integer(1_234_567), format.percent(87.3), format.longDate(sample.date),
                    ].joined(separator: " · "),
                    "lang": other.rawValue, "dir": other.isRightToLeft ? "rtl" : "ltr",
                ]
            }
            return renderer.page(
                "organisation", title: Messages.shared.text("org_title", language), context: context,
                values: [
                    "nameEn": organisation?.name.en ?? "", "nameAr": organisation?.name.ar ?? "",
                    "nameFr": organisation?.name.fr ?? "", "nameEs": organisation?.name.es ?? "",
                    "shortName": organisation?.shortName ?? "", "country": organisation?.country ?? "",
                    "locale": organisation?.locale ?? "", "locales": Self.suggestedLocales,
                    "iatiRef": organisation?.iatiReference ?? "",
                    "zones": zones, "utcLabel": format.timeZoneLabel("UTC"), "previews": previews,
                    "saved": Forms.query(request, "saved") != nil,
                ])
        }
        router.post("organisation") { request, context in
            let admin = try context.require(.manageUsers)
            let form = try await Forms.decode(SettingsForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            func given(_ text: String?) -> String? { text?.trimmingWhitespace().nilIfEmpty }
            let organisation = try Organisation(
                name: LocalizedText(
                    en: given(form.name_en) ?? "", ar: given(form.name_ar), fr: given(form.name_fr),
                    es: given(form.name_es)),
                shortName: given(form.short_name) ?? "", country: given(form.country)?.uppercased(),
                locale: given(form.locale), timeZone: given(form.time_zone), iatiReference: given(form.iati_ref))
            _ = try await qms.acting(as: admin.username).organisation.set(organisation)
            return Response.redirect(to: "/organisation?saved=1", type: .normal)
        }
    }
}
