import Foundation
import HTTPTypes
import Hummingbird
import QMSStore

/// The area versions a browser's last write left, carried in a cookie so that any server it asks
/// next knows them: a page rendered before that write is never sent to the writer as the previous
/// version of a page whose next render is under way (issue 23). A reader without the cookie wrote
/// nothing from this browser; a cookie that cannot be read counts as a write newer than any page.
struct WriterVersions {
    static let cookieName = "eqms_wrote"

    /// Nil when the browser sent no cookie; `.unreadable` when it sent one that is not versions.
    private enum Known {
        case none
        case versions(AreaVersions)
        case unreadable
    }

    private let known: Known

    init(_ request: Request) {
        let values = PageCache.cookies(Self.cookieName, in: request)
        if values.isEmpty {
            known = .none
        } else if values.count == 1, let versions = AreaVersions(text: values[0]) {
            known = .versions(versions)
        } else {
            known = .unreadable
        }
    }

    /// Whether the stale `entry` may be sent to this reader: it holds their last write.
    func allowStale(_ entry: AreaVersionCache<SharedPageKey, SharedPage>.Entry) -> Bool {
        switch known {
        case .none: return true
        case .versions(let wrote): return entry.versions.holds(wrote, in: entry.areas)
        case .unreadable: return false
        }
    }
}

/// After a browser's write (any request other than a GET or HEAD, not through an API token), sets
/// the ``WriterVersions`` cookie to the area versions read once the route has committed, so that
/// the redirect that follows, on this server or another, sees the write.
///
/// It stands just behind ``ServeCachedPageMiddleware``, in front of the error pages, so that a
/// refused form, rendered as an error page after a partial write, sets it as well.
struct WriterVersionsMiddleware<Context: RequestContext>: RouterMiddleware {
    let cache: PageCache
    let secure: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard request.method != .get, request.method != .head, request.headers[.authorization] == nil else {
            return try await next(request, context)
        }
        var response = try await next(request, context)
        if let versions = try? await cache.qms.system.areaVersions() {
            let attributes = "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
            response.headers.append(
                HTTPField(name: .setCookie, value: "\(WriterVersions.cookieName)=\(versions.text)\(attributes)"))
        }
        return response
    }
}
