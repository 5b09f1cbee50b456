import Foundation
import HTTPTypes
import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices

/// The client's address: the peer's, or behind a trusted reverse proxy the last address in
/// `X-Forwarded-For` that is not itself a trusted proxy.
enum ClientAddress {
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")

    static func of(_ request: Request, peer: String?, trusted: Set<String>) -> String? {
        guard let peer, trusted.contains(peer), let name = forwardedFor, let forwarded = request.headers[name] else {
            return peer
        }
        let chain = forwarded.split(separator: ",").map { String($0).trimmingCharacters(in: CharacterSet.whitespaces) }
            .filter {
                !$0.isEmpty
            }
        return chain.last { !trusted.contains($0) } ?? peer
    }
}

/// Sign-in and sign-out. The sign-in form carries its own CSRF token in a cookie (there is no
/// session yet); signing in always starts a new session, so a session id planted before sign-in
/// is worthless afterwards.
struct AuthRoutes {
    let qms: QMS
    let renderer: Renderer
    let configuration: WebConfiguration

    struct LoginForm: Decodable {
        var username: String?
        var password: String?
        var _csrf: String?
        var next: String?
    }

    struct LogoutForm: Decodable {
        var _csrf: String?
    }

    func register(on router: Router<WebContext>) {
        router.get("login") { request, context in
            loginPage(context: context, next: Forms.query(request, "next"), error: nil)
        }
        router.post("login") { request, context in
            let form = try await Forms.decode(LoginForm.self, from: request)
            guard let cookie = request.cookies["eqms_login"]?.value, let token = form._csrf,
                Forms.constantTimeEqual(cookie, token)
            else {
                throw WebInputError.formExpired
            }
            let username = (form.username ?? "").trimmingWhitespace().lowercased()
            let address = ClientAddress.of(request, peer: context.remoteAddress, trusted: configuration.trustedProxies)
            if let seconds = try await qms.signIns.wait(username: username, address: address) {
                var response = loginPage(
                    context: context, next: form.next,
                    error: Messages.shared.text(
                        "sign_in_wait", context.language, ["seconds": NumberFormatting(context.locale).integer(seconds)]
                    ),
                    status: .tooManyRequests)
                response.headers[.retryAfter] = String(seconds)
                return response
            }
            do {
                let user = try await qms.access.authenticate(username: username, password: form.password ?? "")
                try await qms.signIns.succeeded(username: username)
                // clearSession() then createSession() in one request stores the new session and
                // never removes the old: end the session this browser came with here, so that its
                // id opens nothing any more.
                if let old = request.cookies[StoreSessionDriver.cookieName]?.value {
                    try await StoreSessionDriver(qms: qms).remove(key: StoreSessionDriver.keyPrefix + old)
                }
                context.sessions.clearSession()
                context.sessions.createSession(WebSession(username: user.username, csrf: Forms.randomToken()))
                qms.logger.info("signed in", metadata: ["user": "\(user.username)"])
                var response = Response.redirect(to: Forms.safeNext(form.next), type: .normal)
                response.setCookie(Cookie(name: "eqms_login", value: "", maxAge: 0, path: "/login", sameSite: .strict))
                return response
            } catch let error as AccessError {
                try await qms.signIns.failed(username: username, address: address)
                return loginPage(
                    context: context, next: form.next, error: WebErrorWording.message(error, context),
                    status: .unauthorized)
            }
        }
        router.post("logout") { request, context in
            let form = try await Forms.decode(LogoutForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            context.sessions.clearSession()
            return Response.redirect(to: "/login", type: .normal)
        }
    }

    func loginPage(context: WebContext, next: String?, error: String?, status: HTTPResponse.Status = .ok) -> Response {
        let token = Forms.randomToken()
        var response = renderer.page(
            "login", title: Messages.shared.text("login_title", context.language), context: context,
            values: ["loginToken": token, "next": Forms.safeNext(next), "error": error ?? ""], status: status)
        response.setCookie(
            Cookie(
                name: "eqms_login", value: token, maxAge: 3600, path: "/login", secure: configuration.secureCookies,
                httpOnly: true, sameSite: .strict))
        return response
    }
}
