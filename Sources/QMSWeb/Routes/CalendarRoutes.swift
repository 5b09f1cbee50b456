import Foundation
import HTTPTypes
import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices
import QMSStore

/// Private calendar feeds: the address a calendar program subscribes to (no session: the secret in
/// the address is the key), and the page where a user makes, replaces or revokes theirs, and an
/// administrator the organisation's audit calendar.
struct CalendarRoutes {
    let qms: QMS
    let renderer: Renderer
    let configuration: WebConfiguration

    struct FeedForm: Decodable {
        var _csrf: String?
        var action: String?
        var owner: String?
    }

    /// The feed addresses, read by calendar programs without a session.
    func registerFeeds(on router: Router<WebContext>) {
        router.get("calendar/:file") { request, context in
            let file = context.parameters.get("file") ?? ""
            guard file.hasSuffix(".ics"),
                let text = try await qms.calendarFeeds.document(secret: String(file.dropLast(4)), base: base(request))
            else { throw HTTPError(.notFound) }
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/calendar; charset=utf-8", .cacheControl: "no-store",
                    .contentDisposition: "inline; filename=\"eqms.ics\"",
                ],
                body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
    }

    /// The signed-in page of feeds.
    func register(on router: RouterGroup<WebContext>) {
        router.get("profile/calendar") { request, context in
            try await page(request, context, made: nil)
        }
        router.post("profile/calendar") { request, context in
            guard let user = context.user else { throw HTTPError(.unauthorized) }
            let form = try await Forms.decode(FeedForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let owner: CalendarFeedOwner
            if form.owner == "organisation" {
                _ = try context.require(.manageUsers)
                owner = .organisation
            } else {
                owner = .user(user.username)
            }
            let feeds = qms.acting(as: user.username).calendarFeeds
            switch form.action {
            case "create":
                let secret = try await feeds.create(for: owner)
                return try await page(request, context, made: (owner, base(request) + "/calendar/\(secret).ics"))
            case "revoke":
                try await feeds.revoke(for: owner)
                return Response.redirect(to: "/profile/calendar?revoked=1", type: .normal)
            default:
                throw WebInputError.choose(field: "action (create or revoke)")
            }
        }
    }

    /// The page: each feed's state, and the new address once, right after it is made (only its
    /// hash is kept, so it cannot be shown again).
    func page(_ request: Request, _ context: WebContext, made: (owner: CalendarFeedOwner, url: String)?)
        async throws -> Response
    {
        guard let user = context.user else { throw HTTPError(.unauthorized) }
        let language = context.language
        let format = NumberFormatting(context.locale)
        func feed(_ owner: CalendarFeedOwner, key: String) async throws -> [String: Any] {
            let created = try await qms.calendarFeeds.created(for: owner)
            var values: [String: Any] = [
                "owner": key, "exists": created != nil,
                "created": created.map {
                    Messages.shared.text("calendar_feed_created", language, ["time": format.time($0)])
                } ?? "",
            ]
            if let made, made.owner == owner { values["url"] = made.url }
            return values
        }
        var values: [String: Any] = [
            "mine": try await feed(.user(user.username), key: "me"),
            "revoked": Forms.query(request, "revoked") != nil,
        ]
        if user.can(.manageUsers) {
            values["organisation"] = try await feed(.organisation, key: "organisation")
        }
        return renderer.page(
            "calendar-feeds", title: Messages.shared.text("calendar_feeds_title", language), context: context,
            values: values)
    }

    /// The address calendar programs reach this server at: `$EQMS_BASE_URL` when set (behind a
    /// proxy), else the request's host, over HTTPS when cookies are secure.
    func base(_ request: Request) -> String {
        if let configured = ProcessInfo.processInfo.environment["EQMS_BASE_URL"], !configured.isEmpty {
            return configured.hasSuffix("/") ? String(configured.dropLast()) : configured
        }
        let host = request.head.authority ?? "\(configuration.host):\(configuration.port)"
        return (configuration.secureCookies ? "https://" : "http://") + host
    }
}
