import Foundation
import HTTPTypes
import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices

/// The signed-in user's own settings, open to every role: the time zone pages show times in (a
/// server that renders pages without script cannot know the browser's zone, so the reader says
/// it once; without a choice the organisation's zone applies), and two-factor sign-in: a QR code
/// drawn here, the key as text for an authenticator that cannot scan, and the first code; and the
/// user's open sessions (when each began and was last used, from where and in what browser), each
/// of which the user may end, the one they are reading marked.
struct ProfileRoutes {
    let qms: QMS
    let renderer: Renderer
    let configuration: WebConfiguration

    struct SessionForm: Decodable {
        var _csrf: String?
        var session: String?
    }

    struct FactorForm: Decodable {
        var _csrf: String?
        var code: String?
    }

    struct ProfileForm: Decodable {
        var _csrf: String?
        var time_zone: String?
    }

    func register(on router: RouterGroup<WebContext>) {
        router.get("profile") { request, context in
            guard let user = context.user else { throw HTTPError(.unauthorized) }
            let language = context.language
            let organisation = try await qms.organisation.get()
            let format = NumberFormatting(context.locale)
            let organisationZone = organisation?.timeZone ?? "UTC"
            let zones: [[String: Any]] = TimeZones.names.map { name in
                ["value": name, "label": format.timeZoneLabel(name), "selected": name == user.timeZone]
            }
            return renderer.page(
                "profile", title: Messages.shared.text("profile_title", language), context: context,
                values: [
                    "username": user.username, "displayName": user.displayName,
                    "roleName": Messages.shared.term(user.role, language),
                    "organisationZone": Messages.shared.text(
                        "profile_zone_organisation", language, ["zone": format.timeZoneLabel(organisationZone)]),
                    "zones": zones,
                    "now": format.time(Instant(secondsSince1970: Date().timeIntervalSince1970)),
                    "saved": Forms.query(request, "saved") != nil,
                    "factorRequired": Forms.query(request, "factor") == "required",
                    "factorOverdue": context.factorOverdue,
                    "factor": try await factorState(user.username, context: context),
                    "sessions": try await sessions(of: user.username, request: request, context: context),
                    "sessionsEnded": Forms.query(request, "ended") != nil,
                    "sessionLifetimes": Messages.shared.text(
                        "profile_sessions_lifetimes", language,
                        [
                            "minutes": format.integer(Int(configuration.sessions.idle / 60_000)),
                            "hours": format.integer(Int(configuration.sessions.absolute / 3_600_000)),
                        ]),
                ])
        }
        router.post("profile/sessions/end") { request, context in
            guard let user = context.user else { throw HTTPError(.unauthorized) }
            let form = try await Forms.decode(SessionForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let current = Self.currentSession(request)
            let sessions = qms.acting(as: user.username).sessions
            guard let id = form.session?.trimmingWhitespace().nilIfEmpty else {
                // No session named: every other one.
                try await sessions.endAll(of: user.username, except: current ?? "")
                qms.logger.info("other sessions ended by their user", metadata: ["user": "\(user.username)"])
                return Response.redirect(to: "/profile?ended=others#profile-sessions", type: .normal)
            }
            try await sessions.end(id, of: user.username)
            qms.logger.info("session ended by its user", metadata: ["user": "\(user.username)"])
            guard id != current else {
                // This browser's own: it is signed out.
                context.sessions.clearSession()
                return Response.redirect(to: "/login", type: .normal)
            }
            return Response.redirect(to: "/profile?ended=one#profile-sessions", type: .normal)
        }
        router.post("profile/second-factor") { request, context in
            guard let user = context.user else { throw HTTPError(.unauthorized) }
            let form = try await Forms.decode(FactorForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let enrolment = try await qms.acting(as: user.username).secondFactor.beginEnrolment(for: user.username)
            return enrolmentPage(enrolment, context: context, error: nil)
        }
        router.post("profile/second-factor/confirm") { request, context in
            guard let user = context.user else { throw HTTPError(.unauthorized) }
            let form = try await Forms.decode(FactorForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let factor = qms.acting(as: user.username).secondFactor
            do {
                let codes = try await factor.confirmEnrolment(for: user.username, code: form.code ?? "")
                return renderer.page(
                    "second-factor", title: Messages.shared.text("factor_recovery_title", context.language),
                    context: context, values: ["recoveryCodes": codes, "showCodes": true])
            } catch SecondFactorError.invalidCode {
                // The same secret again: the authenticator that scanned it need not scan again.
                guard let enrolment = try await factor.pendingEnrolment(for: user.username) else {
                    throw SecondFactorError.notEnrolled(username: user.username)
                }
                return enrolmentPage(
                    enrolment, context: context,
                    error: WebErrorWording.message(SecondFactorError.invalidCode, context), status: .badRequest)
            }
        }
        router.post("profile") { request, context in
            guard let user = context.user else { throw HTTPError(.unauthorized) }
            let form = try await Forms.decode(ProfileForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            try await qms.acting(as: user.username).access.setTimeZone(
                form.time_zone?.trimmingWhitespace().nilIfEmpty, for: user.username)
            return Response.redirect(to: "/profile?saved=1", type: .normal)
        }
    }

    /// The identifier of the session this request came with, as ``WebSessionService`` names it.
    static func currentSession(_ request: Request) -> String? {
        request.cookies[StoreSessionDriver.cookieName].map {
            WebSessionService.identifier(key: StoreSessionDriver.keyPrefix + $0.value)
        }
    }

    /// The user's open sessions for the profile, the current one first and marked.
    func sessions(of username: String, request: Request, context: WebContext) async throws -> [[String: Any]] {
        let language = context.language
        let format = NumberFormatting(context.locale)
        let current = Self.currentSession(request)
        let found = try await qms.sessions.sessions(of: username)
        let ordered = found.filter { $0.id == current } + found.filter { $0.id != current }
        return ordered.map { session in
            let browser: String
            switch (session.browser, session.system) {
            case (let name?, let system?):
                browser = Messages.shared.text("session_browser_on", language, ["browser": name, "system": system])
            case (let name?, nil), (nil, let name?): browser = name
            case (nil, nil): browser = Messages.shared.text("session_browser_unknown", language)
            }
            return [
                "id": session.id, "current": session.id == current,
                "started": format.time(session.startedAt), "lastUsed": format.time(session.lastSeenAt),
                "address": session.address ?? "", "browser": browser,
            ]
        }
    }

    /// Where the user stands with the second factor, worded for the profile.
    func factorState(_ username: String, context: WebContext) async throws -> [String: Any] {
        switch try await qms.secondFactor.state(of: username) {
        case .none: return ["none": true]
        case .pending: return ["pending": true]
        case .confirmed(let left):
            return [
                "confirmed": true,
                "left": Messages.shared.text(
                    "factor_recovery_left", context.language, ["count": NumberFormatting(context.locale).integer(left)]),
            ]
        }
    }

    /// The enrolment page: the QR code (its path drawn by the template, so that Mustache escapes
    /// everything it writes), the key as text and the field for the first code.
    func enrolmentPage(
        _ enrolment: SecondFactorEnrolment, context: WebContext, error: String?, status: HTTPResponse.Status = .ok
    ) -> Response {
        let language = context.language
        var values: [String: Any] = ["secretText": enrolment.secretText, "error": error ?? ""]
        if let code = QRCode(text: enrolment.url) {
            values["qr"] = [
                "side": String(code.side), "path": code.svgPath,
                "title": Messages.shared.text("factor_qr_title", language),
            ]
        }
        return renderer.page(
            "second-factor", title: Messages.shared.text("factor_enrol_title", language), context: context,
            values: values, status: status)
    }
}
