import HTTPTypes
import Hummingbird

/// The security headers of every response: the content security policy, `nosniff`, and the two
/// headers Hummingbird's `ContentSecurityMiddleware` lacks, so that old browsers that ignore
/// `frame-ancestors` still refuse framing and no address leaks to other sites.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        SecurityHeaders.add(to: &response.headers)
        return response
    }
}

/// The security headers, made once: the middleware adds them to each response, and a page kept in
/// the ``PageCache`` carries them, because the cache answers in front of the middleware.
enum SecurityHeaders {
    /// The policy: nothing but this server (no CDN, no inline script, no framing).
    static let policy: ContentSecurityPolicy = [
        .defaultSrc(.self), .imgSrc(.self, .uri("data:")), .styleSrc(.self), .scriptSrc(.none),
        .objectSrc(.none), .baseURI(.none), .formAction(.self), .frameAncestors(.none),
    ]

    /// The policy of a self-contained document served as it is (the quarterly report): its own
    /// inline styles and data images, no script, no form, no framing, and a sandbox.
    static let documentPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; "
        + "frame-ancestors 'none'; sandbox"

    /// Adds the security headers to a response's. A route that set its own, stricter policy (a
    /// self-contained report) keeps it: two policies would both apply, and ours would block the
    /// report's inline styles.
    static func add(to headers: inout HTTPFields) {
        if headers[.contentSecurityPolicy] == nil {
            headers.append(contentsOf: fields)
        } else {
            headers.append(contentsOf: fields.filter { $0.name != .contentSecurityPolicy })
        }
    }

    static let fields: HTTPFields = {
        var fields: HTTPFields = [.contentSecurityPolicy: policy.description, .xContentTypeOptions: "nosniff"]
        if let frameOptions = HTTPField.Name("X-Frame-Options") { fields[frameOptions] = "DENY" }
        if let referrer = HTTPField.Name("Referrer-Policy") { fields[referrer] = "same-origin" }
        return fields
    }()
}
