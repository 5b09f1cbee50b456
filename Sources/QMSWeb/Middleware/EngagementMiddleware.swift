import Foundation
import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices

/// Keeps an engagement account (an external auditor named by an engagement) inside its
/// engagement, on every request, after ``CurrentUserMiddleware`` has found the user:
///
/// - outside every window (the last one closed while the session was open, or it was closed early)
///   the session ends here and the browser goes to the sign-in page, which says why; a token is
///   refused;
/// - until a second factor is confirmed, only the profile (where it is set up) opens;
/// - only the pages a scope can describe open: the dashboard, the catalogues, the evidence, the
///   engagement's own page and the profile. The routes behind check each record against the scope.
///
/// Accounts no engagement names, internal auditors among them, pass untouched.
struct EngagementMiddleware: RouterMiddleware {
    let qms: QMS
    let renderer: Renderer

    /// Paths open to an engagement account before its second factor is confirmed.
    static let beforeFactor = ["/profile", "/logout", "/login", "/static", "/lang"]
    /// Paths an engagement account may reach at all (each route checks the records against the scope).
    static let inScope =
        beforeFactor + [
            "/evidence", "/catalogue", "/engagements", "/requests", "/api/v1/evidence", "/api/v1/evidence-requests",
        ]

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response)
        async throws -> Response
    {
        guard let user = context.user, user.role == .auditor else { return try await next(request, context) }
        let path = request.uri.path
        switch try await qms.engagements.decide(user, item: .page) {
        case .notEngaged:
            return try await next(request, context)
        case .outsideWindow(let opensOn):
            let error: AccessError = opensOn.map { .engagementNotOpen(opensOn: $0) } ?? .engagementEnded
            if context.viaToken { throw HTTPError(.unauthorized, message: WebErrorWording.message(error, context)) }
            context.sessions.clearSession()
            qms.logger.info("session ended with its engagement", metadata: ["user": "\(user.username)"])
            let query = opensOn.map { "?engagement-opens=\($0)" } ?? "?engagement=ended"
            return Response.redirect(to: "/login" + query, type: .found)
        case .allowed, .outsideScope, .restricted:
            break
        }
        // A token is held to the factor too: one made for the account before it enrolled would
        // otherwise reach the records with a password alone behind it.
        if context.viaToken || !Self.allows(path, in: Self.beforeFactor) {
            if case .confirmed = try await qms.secondFactor.state(of: user.username) {
            } else if context.viaToken {
                throw HTTPError(
                    .forbidden, message: Messages.shared.text("engagement_token_factor_required", context.language))
            } else {
                return Response.redirect(to: "/profile?factor=required#profile-factor", type: .found)
            }
        }
        var context = context
        context.engagementAccount = true
        guard path == "/" || Self.allows(path, in: Self.inScope) else {
            // Answered here rather than thrown, so that the page's menu is the engagement's too.
            let message = Messages.shared.text("engagement_outside_scope", context.language)
            if context.viaToken { throw HTTPError(.forbidden, message: message) }
            return ErrorPageMiddleware(renderer: renderer, readsLanguage: false).respond(
                request, context, status: .forbidden, message: message)
        }
        return try await next(request, context)
    }

    static func allows(_ path: String, in prefixes: [String]) -> Bool {
        prefixes.contains { path == $0 || path.hasPrefix($0 + "/") }
    }
}

extension WebContext {
    /// Refuses a record an engagement account may not see (out of its scope, or restricted
    /// evidence its engagement does not grant), with a page that says why; returns the decision,
    /// under which a view is recorded.
    func requireInEngagement(_ item: EngagementItem, qms: QMS) async throws -> EngagementDecision {
        guard let user else { throw HTTPError(.unauthorized) }
        let decision = try await qms.engagements.decide(user, item: item)
        switch decision {
        case .notEngaged, .allowed: return decision
        case .restricted:
            throw HTTPError(
                .forbidden, message: Messages.shared.text("engagement_restricted", language))
        case .outsideScope, .outsideWindow:
            throw HTTPError(
                .forbidden, message: Messages.shared.text("engagement_outside_scope", language))
        }
    }
}
