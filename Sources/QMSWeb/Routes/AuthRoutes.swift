import Foundation
import HTTPTypes
import Hummingbird
import QMSCore
import QMSDirectory
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
///
/// A user with a confirmed second factor gets, after the password, a session that is only a
/// pending second step (``WebSession/factorPending``): it opens nothing but `/login/code`, and
/// the code (or a recovery code) replaces it with a new, whole session.
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

    struct CodeForm: Decodable {
        var code: String?
        var recovery_code: String?
        var _csrf: String?
        var next: String?
    }

    struct LogoutForm: Decodable {
        var _csrf: String?
    }

    func register(on router: Router<WebContext>) {
        router.get("login") { request, context in
            // A session ended with its engagement comes here saying so (see EngagementMiddleware).
            var ended: AccessError?
            if Forms.query(request, "engagement") == "ended" { ended = .engagementEnded }
            if let day = Forms.query(request, "engagement-opens").flatMap({ try? CalendarDate(parsing: $0) }) {
                ended = .engagementNotOpen(opensOn: day)
            }
            return loginPage(
                context: context, next: Forms.query(request, "next"),
                error: ended.map { WebErrorWording.message($0, context) })
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
            if let waiting = try await waitResponse(
                username: username, address: address, context: context,
                page: {
                    loginPage(context: context, next: form.next, error: $0, status: .tooManyRequests)
                })
            {
                return waiting
            }
            do {
                // The server's flags win over the settings an administrator saved.
                let directory: DirectoryClient?
                if let given = configuration.directory {
                    directory = given
                } else {
                    directory = try await qms.directorySettings.client()
                }
                let user = try await qms.access.authenticate(
                    username: username, password: form.password ?? "", directory: directory)
                let pending: Bool
                if case .confirmed = try await qms.secondFactor.state(of: user.username) {
                    pending = true
                } else {
                    pending = false
                    try await qms.signIns.succeeded(
                        username: user.username, method: "password", address: address, browser: browser(request))
                }
                try await startSession(
                    WebSession(username: user.username, csrf: Forms.randomToken(), factorPending: pending ? true : nil),
                    request: request, context: context)
                qms.logger.info(pending ? "password accepted" : "signed in", metadata: ["user": "\(user.username)"])
                let target =
                    pending
                    ? "/login/code?next=" + Forms.safeNext(form.next).addingPercentEncodingForQuery
                    : Forms.safeNext(form.next)
                var response = Response.redirect(to: target, type: .normal)
                response.setCookie(Cookie(name: "eqms_login", value: "", maxAge: 0, path: "/login", sameSite: .strict))
                return response
            } catch let error as AccessError {
                // The right password outside an engagement's window is not a guess to count.
                if error == .invalidCredentials {
                    try await qms.signIns.failed(
                        username: username, address: address, method: "password", browser: browser(request))
                }
                return loginPage(
                    context: context, next: form.next, error: WebErrorWording.message(error, context),
                    status: .unauthorized, username: username)
            } catch let error as DirectoryError {
                // The directory could not be asked (down, its certificate untrusted, the service
                // account refused): nobody's password was judged, so nothing counts as a failure.
                qms.logger.warning("directory sign-in failed", metadata: ["error": "\(error)"])
                return loginPage(
                    context: context, next: form.next, error: WebErrorWording.message(error, context),
                    status: .serviceUnavailable, username: username)
            }
        }
        router.get("login/code") { request, context in
            guard context.factorPending != nil else { return Response.redirect(to: "/login", type: .normal) }
            return codePage(context: context, next: Forms.query(request, "next"), error: nil)
        }
        router.post("login/code") { request, context in
            // The token first, as on every form: a forged request learns nothing of the session.
            let form = try await Forms.decode(CodeForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            guard let username = context.factorPending else {
                return Response.redirect(to: "/login", type: .normal)
            }
            let address = ClientAddress.of(request, peer: context.remoteAddress, trusted: configuration.trustedProxies)
            // Codes are guessed like passwords: the same counts and delays apply.
            if let waiting = try await waitResponse(
                username: username, address: address, context: context,
                page: {
                    codePage(context: context, next: form.next, error: $0, status: .tooManyRequests)
                })
            {
                return waiting
            }
            let factor = qms.acting(as: username).secondFactor
            let recovery = form.recovery_code?.trimmingWhitespace().nilIfEmpty
            let method = recovery == nil ? "totp" : "recovery-code"
            do {
                if let recovery {
                    _ = try await factor.useRecoveryCode(for: username, code: recovery)
                } else {
                    try await factor.verify(for: username, code: form.code ?? "")
                }
            } catch let error as SecondFactorError {
                try await qms.signIns.failed(
                    username: username, address: address, method: method, browser: browser(request))
                return codePage(
                    context: context, next: form.next, error: WebErrorWording.message(error, context),
                    status: .unauthorized)
            }
            try await qms.signIns.succeeded(
                username: username, method: method, address: address, browser: browser(request))
            try await startSession(
                WebSession(username: username, csrf: Forms.randomToken()), request: request, context: context)
            qms.logger.info("signed in", metadata: ["user": "\(username)", "factor": "totp"])
            return Response.redirect(to: Forms.safeNext(form.next), type: .normal)
        }
        router.post("logout") { request, context in
            let form = try await Forms.decode(LogoutForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            context.sessions.clearSession()
            if let user = context.user {
                try await qms.acting(as: user.username).sessions.recordEnd(
                    of: user.username, method: "sign-out", count: 1,
                    address: ClientAddress.of(
                        request, peer: context.remoteAddress, trusted: configuration.trustedProxies),
                    browser: browser(request))
            }
            return Response.redirect(to: "/login", type: .normal)
        }
    }

    /// The browser family the session list shows, for the trail's access events.
    func browser(_ request: Request) -> String? { UserAgentFamily(request.headers[.userAgent]).browser }

    /// Replaces the browser's session by a new one. clearSession() then createSession() in one
    /// request stores the new session and never removes the old: the session this browser came with
    /// is ended here, so that its id opens nothing any more.
    ///
    /// The session records when it started (its lifetimes count from there), the address and the
    /// browser and system families, for the user's list of their sessions.
    func startSession(_ session: WebSession, request: Request, context: WebContext) async throws {
        if let old = request.cookies[StoreSessionDriver.cookieName]?.value {
            try await StoreSessionDriver(qms: qms).remove(key: StoreSessionDriver.keyPrefix + old)
        }
        var session = session
        let now = qms.instant
        session.startedAt = now
        session.lastSeenAt = now
        session.address = ClientAddress.of(request, peer: context.remoteAddress, trusted: configuration.trustedProxies)
        let agent = UserAgentFamily(request.headers[.userAgent])
        session.browser = agent.browser
        session.system = agent.system
        context.sessions.clearSession()
        // The cookie lasts the absolute lifetime; the stored session ends sooner unless used.
        context.sessions.createSession(session, expiresIn: .milliseconds(configuration.sessions.absolute))
    }

    /// While this user or address must wait before another try: `page` with the wait in the
    /// reader's words, and `Retry-After`; nil when a try is allowed now. Passwords and codes are
    /// guessed alike, so both forms answer the same way.
    func waitResponse(
        username: String, address: String?, context: WebContext, page: (String) -> Response
    ) async throws -> Response? {
        guard let seconds = try await qms.signIns.wait(username: username, address: address) else { return nil }
        var response = page(
            Messages.shared.text(
                "sign_in_wait", context.language, ["seconds": NumberFormatting(context.locale).integer(seconds)]))
        response.headers[.retryAfter] = String(seconds)
        return response
    }

    /// The second step: a code from the authenticator, or a recovery code.
    func codePage(context: WebContext, next: String?, error: String?, status: HTTPResponse.Status = .ok) -> Response {
        renderer.page(
            "login-code", title: Messages.shared.text("login_code_title", context.language), context: context,
            values: ["next": Forms.safeNext(next), "error": error ?? ""], status: status)
    }

    func loginPage(
        context: WebContext, next: String?, error: String?, status: HTTPResponse.Status = .ok, username: String = ""
    ) -> Response {
        let token = Forms.randomToken()
        var response = renderer.page(
            "login", title: Messages.shared.text("login_title", context.language), context: context,
            values: ["loginToken": token, "next": Forms.safeNext(next), "error": error ?? "", "username": username],
            status: status)
        response.setCookie(
            Cookie(
                name: "eqms_login", value: token, maxAge: 3600, path: "/login", secure: configuration.secureCookies,
                httpOnly: true, sameSite: .strict))
        return response
    }
}
