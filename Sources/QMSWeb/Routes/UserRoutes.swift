import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices

/// User administration (admins only): the list, the form to add a user with a first password,
/// and a page per user to change the role, deactivate or reactivate, reset the password, revoke
/// API tokens and end web sessions. Every action is a small form; a refused one comes back on
/// the user's page with the message beside the field (``KeepFormMiddleware``).
struct UserRoutes {
    let qms: QMS
    let renderer: Renderer

    struct AddForm: Decodable {
        var _csrf: String?
        var username: String?
        var display_name: String?
        var role: String?
        var email: String?
        var processes: String?
        var password: String?
    }

    /// The fields of every action on a user; each action reads the ones it needs.
    struct ActionForm: Decodable {
        var _csrf: String?
        var role: String?
        var password: String?
        var name: String?
        var session: String?
    }

    /// The notices a `?done=` after an action may ask for, and their catalogue keys.
    static let notices: [String: String] = [
        "role": "user_done_role", "deactivate": "user_done_deactivate", "reactivate": "user_done_reactivate",
        "password": "user_done_password", "token": "user_done_token", "session": "user_done_session",
        "sessions": "user_done_sessions", "factor": "user_done_factor",
    ]

    func register(on router: RouterGroup<WebContext>) {
        router.get("users") { _, context in
            _ = try context.require(.manageUsers)
            return try await page(context: context, error: nil)
        }
        router.post("users") { request, context in
            let admin = try context.require(.manageUsers)
            let form = try await Forms.decode(AddForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let acting = qms.acting(as: admin.username)
            // A refusal (a taken username, a password the rules refuse) comes back as the form,
            // filled in again but for the password, with the message beside the field at fault.
            let user = try User(
                username: (form.username ?? "").trimmingWhitespace().lowercased(), displayName: form.display_name,
                role: try Role(name: form.role ?? ""), email: form.email?.trimmingWhitespace().nilIfEmpty,
                processes: (form.processes ?? "").split(separator: ",").map { String($0).trimmingWhitespace() }
                    .filter { !$0.isEmpty })
            try await acting.users.add(user, password: form.password?.nilIfEmpty)
            return Response.redirect(to: "/users", type: .normal)
        }
        router.get("users/:username") { request, context in
            _ = try context.require(.manageUsers)
            let username = context.parameters.get("username") ?? ""
            let done = Forms.query(request, "done").flatMap { Self.notices[$0] }
            return try await detail(
                username, context: context, notice: done.map { Messages.shared.text($0, context.language) })
        }
        router.post("users/:username/role") { request, context in
            let (acting, username, form) = try await action(request, context)
            try await acting.users.changeRole(username, to: try Role(name: form.role ?? ""))
            return done(username, "role")
        }
        router.post("users/:username/deactivate") { request, context in
            let (acting, username, _) = try await action(request, context)
            try await acting.users.deactivate(username)
            return done(username, "deactivate")
        }
        router.post("users/:username/reactivate") { request, context in
            let (acting, username, _) = try await action(request, context)
            try await acting.users.reactivate(username)
            return done(username, "reactivate")
        }
        router.post("users/:username/password") { request, context in
            let (acting, username, form) = try await action(request, context)
            let given = form.password.flatMap { $0.isEmpty ? nil : $0 }
            let secret = try await acting.access.resetPassword(for: username, to: given)
            guard given == nil else { return done(username, "password") }
            // A generated password is shown once, on this answer only: never in an address.
            return try await detail(
                username, context: context, notice: Messages.shared.text("user_done_password", context.language),
                generated: secret)
        }
        router.post("users/:username/second-factor/reset") { request, context in
            let (acting, username, _) = try await action(request, context)
            _ = try await acting.users.show(username)
            try await acting.secondFactor.reset(for: username)
            return done(username, "factor")
        }
        router.post("users/:username/tokens/revoke") { request, context in
            let (acting, username, form) = try await action(request, context)
            try await acting.access.revokeToken(of: username, name: form.name ?? "")
            return done(username, "token")
        }
        router.post("users/:username/sessions/end") { request, context in
            let (acting, username, form) = try await action(request, context)
            if let session = form.session, !session.isEmpty {
                try await acting.sessions.end(session, of: username)
                return done(username, "session")
            }
            _ = try await acting.users.show(username)
            try await acting.sessions.endAll(of: username)
            return done(username, "sessions")
        }
    }

    /// The checks every action makes, in this order: the role, the form's token, then the user.
    func action(_ request: Request, _ context: WebContext) async throws -> (QMS, String, ActionForm) {
        let admin = try context.require(.manageUsers)
        let form = try await Forms.decode(ActionForm.self, from: request)
        try Forms.verify(form._csrf, context: context)
        return (qms.acting(as: admin.username), context.parameters.get("username") ?? "", form)
    }

    func done(_ username: String, _ action: String) -> Response {
        Response.redirect(to: "/users/\(username.addingPercentEncodingForQuery)?done=\(action)", type: .normal)
    }

    func page(context: WebContext, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = context.language
        let users = try await qms.users.list().map { user -> [String: Any] in
            [
                "username": user.username, "displayName": user.displayName,
                "role": Messages.shared.term(user.role, language),
                "processes": user.processes.joined(separator: ", "),
                "active": Messages.shared.text(user.active ? "user_active" : "user_inactive", language),
                "state": user.active ? "current" : "absent",
            ]
        }
        return renderer.page(
            "users", title: Messages.shared.text("users_title", language), context: context,
            values: [
                "users": users, "roles": Messages.shared.options(Role.self, context.language), "error": error ?? "",
            ], status: status,
            section: "users")
    }

    func detail(_ username: String, context: WebContext, notice: String?, generated: String? = nil) async throws
        -> Response
    {
        let language = context.language
        let format = NumberFormatting(context.locale)
        let user = try await qms.users.show(username)
        let tokens = try await qms.access.tokens(of: username).map { token -> [String: Any] in
            [
                "name": token.name,
                "created": format.time(try? Instant(parsing: token.createdAt)),
                "revoked": token.revoked,
                "state": token.revoked ? "absent" : "current",
                "status": Messages.shared.text(token.revoked ? "token_revoked" : "token_valid", language),
            ]
        }
        let sessions = try await qms.sessions.sessions(of: username).map { session -> [String: Any] in
            ["id": session.id, "expires": format.time(session.expiresAt)]
        }
        let factor: [String: Any]
        switch try await qms.secondFactor.state(of: username) {
        case .none: factor = ["text": Messages.shared.text("user_factor_none", language)]
        case .pending: factor = ["text": Messages.shared.text("user_factor_pending", language), "set": true]
        case .confirmed(let left):
            factor = [
                "text": Messages.shared.text("factor_state_confirmed", language) + " "
                    + Messages.shared.text("factor_recovery_left", language, ["count": format.integer(left)]),
                "set": true,
            ]
        }
        let own = context.user?.username == username
        return renderer.page(
            "user", title: user.displayName, context: context,
            values: [
                "username": user.username, "displayName": user.displayName, "email": user.email ?? "",
                "processes": user.processes.joined(separator: ", "),
                "role": Messages.shared.term(user.role, language),
                "roles": Role.allCases.map {
                    ["value": $0.rawValue, "label": Messages.shared.term($0, language), "selected": $0 == user.role]
                },
                "active": user.active, "own": own,
                "state": user.active ? "current" : "absent",
                "activeText": Messages.shared.text(user.active ? "user_active" : "user_inactive", language),
                "tokens": tokens, "sessions": sessions, "notice": notice ?? "", "generated": generated ?? "",
                "factor": factor,
            ], section: "users")
    }
}
