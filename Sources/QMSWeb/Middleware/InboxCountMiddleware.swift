import Hummingbird

/// Gives every page of a signed-in browser its reader's count of unread reminders, for the header.
/// ``KeepPageMiddleware`` reads it again under the token it keeps a page by; the pages it does not
/// keep (the reader's own: profile, inbox, users …) take this one.
struct InboxCountMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let cache: PageCache

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response)
        async throws -> Response
    {
        guard let user = context.user, !context.viaToken else {
            return try await next(request, context)
        }
        var context = context
        context.inboxUnread = try await cache.unread(
            for: user.username, token: try await cache.qms.system.changeToken())
        return try await next(request, context)
    }
}
