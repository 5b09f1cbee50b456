import Foundation
import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices

/// Holds a signed-in user to the second-factor policy, after ``EngagementMiddleware`` (which holds
/// engagement accounts to their own stricter rule: a factor before anything, no grace period):
///
/// - inside the grace period the user works normally, and every page carries a banner with the
///   days left and a link to enrolment (such pages are not kept for the role, being the user's own);
/// - past it the user is "factor pending": only enrolment (the profile page, which then shows
///   nothing else, and its two forms), signing out and the language switch open; any other page
///   sends the browser to enrolment, and an API token is refused.
struct FactorPolicyMiddleware: RouterMiddleware {
    let qms: QMS

    /// What a factor-pending session may reach, whatever the method.
    static let enrolment: Set<String> = [
        "/profile/second-factor", "/profile/second-factor/confirm", "/logout", "/login", "/login/code",
    ]
    /// Prefixes open to everyone, signed in or not, which show nothing of the records.
    static let open = ["/static/", "/lang/", "/health", "/metrics"]

    /// Whether a factor-pending session may make this request.
    static func allows(_ path: String, method: HTTPRequest.Method) -> Bool {
        if path == "/profile" { return method == .get || method == .head }
        return enrolment.contains(path) || open.contains { path == $0 || path.hasPrefix($0) }
    }

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response)
        async throws -> Response
    {
        guard let user = context.user, !context.engagementAccount else { return try await next(request, context) }
        var context = context
        switch try await qms.factorPolicy.standing(of: user) {
        case .notRequired, .enrolled:
            break
        case .grace(let daysLeft, _):
            context.factorGraceDays = daysLeft
        case .overdue:
            context.factorOverdue = true
            guard Self.allows(request.uri.path, method: request.method) else {
                if context.viaToken {
                    throw HTTPError(
                        .forbidden, message: Messages.shared.text("factor_policy_overdue", context.language))
                }
                return Response.redirect(to: "/profile?factor=required#profile-factor", type: .found)
            }
        }
        return try await next(request, context)
    }
}
