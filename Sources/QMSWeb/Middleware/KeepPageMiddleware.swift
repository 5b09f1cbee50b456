import Foundation
import Hummingbird
import QMSCore

/// Keeps the complete `200` HTML pages of the routes behind it in the ``PageCache``, for the
/// session, language and address that asked, under the change token read before the route ran (so
/// that a kept page is never older than its token).
struct KeepPageMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let cache: PageCache

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response)
        async throws -> Response
    {
        guard !context.viaToken, context.user != nil, let session = context.sessions.session,
            let key = cache.key(for: request)
        else {
            return try await next(request, context)
        }
        let token = try await cache.qms.system.changeToken()
        let lifetime = context.sessions.withLockedSession { $0?.expiresIn }
        var response = try await next(request, context)
        guard response.status == .ok, response.headers[.contentType]?.hasPrefix("text/html") == true,
            response.headers[.setCookie] == nil, context.sessions.session == session
        else {
            return response
        }
        let collector = BodyCollector()
        let body = response.body
        try await body.write(CollectingBodyWriter(collector: collector))
        let bytes = collector.buffer
        let expiry = lifetime.map { lifetime in
            Instant(secondsSince1970: Date().timeIntervalSince1970 + Double(lifetime.components.seconds))
        }
        // The page is answered in front of the middleware that adds the security headers.
        var headers = response.headers
        headers.append(contentsOf: SecurityHeaders.fields)
        cache.keep(CachedPage(headers: headers, body: bytes, sessionExpiry: expiry), for: key, token: token)
        response.body = ResponseBody(byteBuffer: bytes)
        return response
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
