import Foundation
import Hummingbird
import QMSCore
import QMSStore

/// Keeps the `200` HTML pages of the routes behind it in the ``PageCache``, under the versions of
/// the areas the page reads (``PageAreas``), read before the route ran (so that a kept page is never
/// older than its versions), twice over:
///
/// - once for everyone of the same role, language, locale, time zone and day, rendered with markers
///   where the reader's own values go (their name, their form token), so that sixteen readers of the
///   dashboard after a commit cost one render, not sixteen; concurrent requests for a page being
///   rendered wait for that render (single flight), or, when the page's previous version is there
///   and holds the reader's own last write (``WriterVersions``), get that at once;
/// - once per session, whole, for ``ServeCachedPageMiddleware`` to send without a lookup.
struct KeepPageMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let cache: PageCache

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response)
        async throws -> Response
    {
        // An auditor's pages are not kept: what they open is recorded each time, and an engagement
        // account sees only its scope, which the role alone does not tell.
        // Nor are pages carrying a user's own days left to enrol a second factor.
        var context = context
        guard !context.viaToken, let user = context.user, user.role != .auditor, context.factorGraceDays == nil,
            let session = context.sessions.session, let key = cache.key(for: request)
        else {
            return try await next(request, context)
        }
        let versions = try await cache.qms.system.areaVersions()
        let areas = PageAreas.areas(for: request.uri.path[...])
        let kept = areas.union(PageAreas.personal)
        // Read after the versions the page is kept under, so that a kept page's count is never
        // older than they are (the count's areas are among the personal ones).
        let token = try await cache.qms.system.changeToken()
        context.inboxUnread = try await cache.unread(for: user.username, token: token)
        // Sent without a session lookup until the session's end or its next record of use, so that
        // an idle or absolute lifetime is never outlived on a kept page, and reading kept pages
        // still counts as use. A session without its times (stored before them) is not sent so.
        let now = cache.qms.instant
        let left = context.sessions.withLockedSession { $0?.expiresIn }
        var expiry =
            session.startedAt.flatMap { started in
                session.lastSeenAt.map { cache.lifetime.keptPageValidity(startedAt: started, lastSeenAt: $0) }
            } ?? now
        if let left {
            let milliseconds = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
            expiry = min(expiry, Instant(millisecondsSince1970: now.millisecondsSince1970 + milliseconds))
        }
        let reader = PersonalValues(
            csrf: session.csrf, user: user, unread: context.inboxUnread, locale: context.locale)
        let shared = SharedPageKey(
            role: user.role, language: context.language, organisationLocale: context.organisationLocale,
            timeZone: context.timeZone, address: key.address, day: key.day)

        var page: SharedPage?
        if let entry = cache.shared(for: shared) {
            if entry.isFresh(at: versions) {
                page = entry.value
            } else if cache.isRendering(shared), WriterVersions(request).allowStale(entry) {
                // Its next render is under way: the previous version, which holds this reader's own
                // last write, is sent meanwhile (and not kept for the session).
                cache.countStale()
                let body = entry.value.body(for: reader)
                return Response(status: .ok, headers: entry.value.headers, body: ResponseBody(byteBuffer: body))
            }
        }
        if page == nil {
            let outcome = try await cache.flights.run(FlightKey(page: shared, versions: versions.restricted(to: areas)))
            {
                try await cache.rendering(shared) {
                    try await render(request, context, next: next, reader: reader, session: session)
                }
            }
            switch outcome {
            case .led(let rendered):
                if let sharedPage = rendered.kept, let body = rendered.body {
                    cache.keepShared(sharedPage, for: shared, versions: versions, areas: areas)
                    cache.keep(
                        CachedPage(headers: Self.sent(sharedPage.headers), body: body, sessionExpiry: expiry), for: key,
                        versions: versions, areas: kept)
                }
                return rendered.response
            case .waited(let value):
                page = value
            }
        }
        guard let page else {
            // The render this request waited for had nothing to share: render its own.
            return try await render(request, context, next: next, reader: reader, session: session).result.response
        }
        let body = page.body(for: reader)
        cache.keep(
            CachedPage(headers: Self.sent(page.headers), body: body, sessionExpiry: expiry), for: key,
            versions: versions, areas: kept)
        return Response(status: .ok, headers: page.headers, body: ResponseBody(byteBuffer: body))
    }

    /// The headers a kept page goes out with: it is answered in front of the middleware that adds
    /// the security headers.
    static func sent(_ headers: HTTPFields) -> HTTPFields {
        var headers = headers
        SecurityHeaders.add(to: &headers)
        return headers
    }

    /// What a render produced: the response for its reader, and the page to share when it may be kept.
    struct Rendered: Sendable {
        var response: Response
        var body: ByteBuffer?
        var kept: SharedPage?
    }

    /// Renders the page with markers in place of the reader's values and fills them in.
    private func render(
        _ request: Request, _ context: WebContext, next: (Request, WebContext) async throws -> Response,
        reader: PersonalValues, session: WebSession
    ) async throws -> (result: Rendered, shared: SharedPage?) {
        var shareable = context
        shareable.sharesRender = true
        var response = try await next(request, shareable)
        cache.countRender()
        // Only the renderer writes markers, and it writes HTML; anything else (a download) passes.
        guard response.headers[.contentType]?.hasPrefix("text/html") == true else {
            return (Rendered(response: response, body: nil, kept: nil), nil)
        }
        let collector = BodyCollector()
        try await response.body.write(CollectingBodyWriter(collector: collector))
        let page = SharedPage(headers: response.headers, body: collector.buffer)
        let body = page.body(for: reader)
        response.body = ResponseBody(byteBuffer: body)
        let keepable =
            response.status == .ok && response.headers[.setCookie] == nil && context.sessions.session == session
        return (Rendered(response: response, body: body, kept: keepable ? page : nil), keepable ? page : nil)
    }
}

/// Where a ``CollectingBodyWriter`` leaves the bytes (a writer is consumed when it finishes).
private final class BodyCollector: @unchecked Sendable {
    // @unchecked: written by one response body's writer, read after it has finished.
    var buffer = ByteBuffer()
}

/// Gathers a response body in memory instead of sending it.
private struct CollectingBodyWriter: ResponseBodyWriter {
    let collector: BodyCollector

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        collector.buffer.writeBuffer(&buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
