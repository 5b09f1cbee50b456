import Hummingbird
import Prometheus
import QMSCore
import QMSServices

/// `/health`, `/metrics` and the language switch.
struct SystemRoutes {
    let qms: QMS
    let registry: PrometheusCollectorRegistry

    func register(on router: Router<WebContext>) {
        router.get("health") { _, _ -> Response in
            let body = "{\"status\":\"ok\",\"standards\":\(try await qms.system.standardsLoaded())}"
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        router.get("metrics") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        router.get("lang/:code") { request, context -> Response in
            let code = context.parameters.get("code") ?? "en"
            let language = (Language(rawValue: code) ?? .english).rawValue
            var response = Response.redirect(
                to: Forms.safeNext(request.headers[.referer].flatMap(Self.path)), type: .found)
            response.setCookie(
                Cookie(name: "eqms_lang", value: language, maxAge: 365 * 86_400, path: "/", sameSite: .strict))
            return response
        }
    }

    /// The path of a same-site referer URL.
    static func path(_ referer: String) -> String? {
        guard let schemeEnd = referer.range(of: "://") else { return nil }
        let afterScheme = referer[schemeEnd.upperBound...]
        guard let slash = afterScheme.firstIndex(of: "/") else { return "/" }
        return String(afterScheme[slash...])
    }
}
