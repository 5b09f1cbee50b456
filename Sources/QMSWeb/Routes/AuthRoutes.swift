import Foundation
import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices

/// Remembers failed sign-ins, per username and per address, to slow down password guessing.
actor LoginThrottle {
    private var failures: [String: [ContinuousClock.Instant]] = [:]
    let limit: Int
    let window: Duration

    init(limit: Int = 5, window: Duration = .seconds(15 * 60)) {
        self.limit = limit
        self.window = window
    }

    /// Seconds to wait before another attempt with any of these keys, or nil when allowed.
    func waiting(_ keys: [String]) -> Int? {
        let now = ContinuousClock.now
        for key in keys {
            let recent = (failures[key] ?? []).filter { now - $0 < window }
            failures[key] = recent
            if recent.count >= limit, let oldest = recent.first {
                return max(1, Int((window - (now - oldest)).components.seconds))
            }
        }
        return nil
    }

    func fail(_ keys: [String]) {
        for key in keys { failures[key, default: []].append(.now) }
    }

    func succeed(_ keys: [String]) {
        for key in keys { failures[key] = nil }
    }
}

/// Sign-in and sign-out. The sign-in form carries its own CSRF token in a cookie (there is no
/// session yet); signing in always starts a new session, so a session id planted before sign-in
/// is worthless afterwards.
struct AuthRoutes {
    let qms: QMS
    let renderer: Renderer
    let configuration: WebConfiguration
    let throttle = LoginThrottle()

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
            let keys = ["user:" + username, "address:" + (context.remoteAddress ?? "unknown")]
            if let seconds = await throttle.waiting(keys) {
                var response = loginPage(
                    context: context, next: form.next,
                    error: WebErrorWording.message(AccessError.throttled(seconds: seconds), context),
                    status: .tooManyRequests)
                response.headers[.retryAfter] = String(seconds)
                return response
            }
            do {
                let user = try await qms.access.authenticate(username: username, password: form.password ?? "")
                await throttle.succeed(keys)
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
                await throttle.fail(keys)
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
