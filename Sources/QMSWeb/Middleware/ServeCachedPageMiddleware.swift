import Hummingbird

/// Answers a browser's GET from the ``PageCache`` when the page it asks for is there and the areas
/// it reads (with the session's and user's) are at the versions it was kept under; everything else goes on to the error pages, the session lookup
/// and the routes.
///
/// It stands in front of the session and user middleware: a cached page was computed for a valid
/// session of an active user, and while neither the session nor the user changed since (and the
/// session has not run out) that still holds, so neither needs reading again. It stands in front of the security
/// headers and the error pages too, because a kept page carries its headers whole and a hit cannot
/// fail: versions that cannot be read send the request down the ordinary path, which reports it.
struct ServeCachedPageMiddleware<Context: RequestContext>: RouterMiddleware {
    let cache: PageCache

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let key = cache.key(for: request), let versions = try? await cache.qms.system.areaVersions(),
            let page = cache.page(for: key, versions: versions)
        else { return try await next(request, context) }
        cache.countAnswer()
        return page.response
    }
}
