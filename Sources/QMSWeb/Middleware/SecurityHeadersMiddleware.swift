import HTTPTypes
import Hummingbird

/// The security headers of every response. Hummingbird's `ContentSecurityMiddleware` sets the
/// content security policy and `nosniff`; this adds the two headers it lacks, so that old browsers
/// that ignore `frame-ancestors` still refuse framing and no address leaks to other sites.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The policy: nothing but this server (no CDN, no inline script, no framing).
    static var policy: ContentSecurityPolicy {
        [
            .defaultSrc(.self), .imgSrc(.self, .uri("data:")), .styleSrc(.self), .scriptSrc(.none),
            .objectSrc(.none), .baseURI(.none), .formAction(.self), .frameAncestors(.none),
        ]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        if let frameOptions = SecurityHeaders.frameOptions { response.headers[frameOptions] = "DENY" }
        if let referrer = SecurityHeaders.referrerPolicy { response.headers[referrer] = "same-origin" }
        return response
    }
}

/// The names of the headers `ContentSecurityMiddleware` does not set, made once.
enum SecurityHeaders {
    static let frameOptions = HTTPField.Name("X-Frame-Options")
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")
}
