import HTTPTypes
import Hummingbird

/// Sets the security headers of every response: a content security policy that allows nothing
/// but this server (no CDN, no inline script, no framing), `nosniff`, no referrer to other sites.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var policy: String { SecurityHeaders.policy }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = SecurityHeaders.policy
        response.headers[.xContentTypeOptions] = "nosniff"
        if let frameOptions = SecurityHeaders.frameOptions { response.headers[frameOptions] = "DENY" }
        if let referrer = SecurityHeaders.referrerPolicy { response.headers[referrer] = "same-origin" }
        return response
    }
}

/// The headers' values, made once rather than on every response.
enum SecurityHeaders {
    static let policy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; object-src 'none'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    static let frameOptions = HTTPField.Name("X-Frame-Options")
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")
}
