import Foundation
import Hummingbird
import Mustache
import QMSCore
import QMSPresentation

/// Renders pages: a Mustache template inside the layout, with the strings of the page's language,
/// the signed-in user, the CSRF token and the navigation. Mustache escapes every `{{value}}`, so
/// user text is always text, never markup.
public struct Renderer: Sendable {
    let library: MustacheLibrary

    /// Loads the templates shipped with the module.
    public static func load() async throws -> Renderer {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Templates").path else {
            throw WebError.internal("the web templates are missing from the installation")
        }
        return Renderer(library: try await MustacheLibrary(directory: folder))
    }

    /// A full HTML page.
    func page(
        _ template: String, title: String, context: WebContext, values: [String: Any] = [:],
        status: HTTPResponse.Status = .ok,
        section: String? = nil
    ) -> Response {
        var all = values
        let language = context.language
        let locale = context.locale
        all["t"] = Messages.shared.table(language)
        all["lang"] = language.rawValue
        all["dir"] = language.isRightToLeft ? "rtl" : "ltr"
        all["languages"] = Language.allCases.map { other -> [String: Any] in
            [
                "code": other.rawValue, "name": Messages.shared.text("lang_" + other.rawValue, other),
                "current": other == language,
            ]
        }
        // A page's own `title` (a record's) wins; the layout's <title> reads `pageTitle`.
        all["pageTitle"] = title
        if all["title"] == nil { all["title"] = title }
        all["csrf"] = context.personal(.csrf, context.sessions.session?.csrf ?? "")
        if let user = context.user {
            var can: [String: Bool] = [:]
            for permission in Permission.allCases {
                can[permission.rawValue.replacingOccurrences(of: "-", with: "_")] = user.can(permission)
            }
            all["user"] = [
                "username": context.personal(.username, user.username),
                "displayName": context.personal(.displayName, user.displayName),
                "initial": context.personal(
                    .initial,
                    String((user.displayName.isEmpty ? user.username : user.displayName).prefix(1)).uppercased()),
                "role": Messages.shared.term(user.role, language),
                "unread": context.personal(.unread, String(context.inboxUnread)),
                "unreadText": context.personal(.unreadText, NumberFormatting(locale).integer(context.inboxUnread)),
            ]
            all["can"] = can
            all["menu"] = Navigation.menu(
                path: context.path, user: user, language: language,
                within: context.factorOverdue
                    ? ["/profile"] : context.engagementAccount ? EngagementMiddleware.inScope : nil)
            if let days = context.factorGraceDays {
                all["factorGrace"] = Messages.shared.plural(
                    "factor_policy_grace", count: days, language, format: locale)
            }
            let crumbs = Navigation.breadcrumbs(path: context.path, language: language)
            if !crumbs.isEmpty {
                all["crumbs"] = crumbs
                all["crumbs_any"] = true
            }
        }
        if let section { all["section_\(section)"] = true }
        var html =
            library.render(MustacheContext.prepare(all), withTemplate: template)
            ?? "<!doctype html><title>template \(template) missing</title>"
        if let refill = context.refill { html = refill.apply(to: html) }
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}

/// Errors of the web layer that become pages.
enum WebError: Error {
    case `internal`(String)
}
