import Hummingbird

/// Answers a browser's GET from the ``PageCache`` when the page it asks for is there under the
/// store's current change token; everything else goes on to the error pages, the session lookup
/// and the routes.
///
/// It stands in front of the session and user middleware: a cached page was computed for a valid
/// session of an active user, and while nothing has been committed since (and the session has not
/// run out) that still holds, so neither needs reading again. It stands in front of the security
/// headers and the error pages too, because a kept page carries its headers whole and a hit cannot
/// fail: a token that cannot be read sends the request down the ordinary path, which reports it.
struct ServeCachedPageMiddleware<Context: RequestContext>: RouterMiddleware {
    let cache: PageCache

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let key = cache.key(for: request), let token = try? await cache.qms.system.changeToken(),
            let page = cache.page(for: key, token: token)
        else { return try await next(request, context) }
        return page.response
    }
}
