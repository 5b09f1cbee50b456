import Foundation
import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices

/// The signed-in user's own settings, open to every role: the time zone pages show times in. A
/// server that renders pages without script cannot know the browser's zone, so the reader says
/// it once; without a choice the organisation's zone applies.
struct ProfileRoutes {
    let qms: QMS
    let renderer: Renderer

    struct ProfileForm: Decodable {
        var _csrf: String?
        var time_zone: String?
    }

    func register(on router: RouterGroup<WebContext>) {
        router.get("profile") { request, context in
            guard let user = context.user else { throw HTTPError(.unauthorized) }
            let language = context.language
            let organisation = try await qms.organisation.get()
            let format = NumberFormatting(context.locale)
            let organisationZone = organisation?.timeZone ?? "UTC"
            let zones: [[String: Any]] = TimeZones.names.map { name in
                ["value": name, "label": format.timeZoneLabel(name), "selected": name == user.timeZone]
            }
            return renderer.page(
                "profile", title: Messages.shared.text("profile_title", language), context: context,
                values: [
                    "username": user.username, "displayName": user.displayName,
                    "roleName": Messages.shared.term(user.role, language),
                    "organisationZone": Messages.shared.text(
                        "profile_zone_organisation", language, ["zone": format.timeZoneLabel(organisationZone)]),
                    "zones": zones,
                    "now": format.time(Instant(secondsSince1970: Date().timeIntervalSince1970)),
                    "saved": Forms.query(request, "saved") != nil,
                ])
        }
        router.post("profile") { request, context in
            guard let user = context.user else { throw HTTPError(.unauthorized) }
            let form = try await Forms.decode(ProfileForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            try await qms.acting(as: user.username).access.setTimeZone(
                form.time_zone?.trimmingWhitespace().nilIfEmpty, for: user.username)
            return Response.redirect(to: "/profile?saved=1", type: .normal)
        }
    }
}
