import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices

/// User administration (admins only): the list and the form to add a user with a first password.
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
            do {
                let user = try User(
                    username: (form.username ?? "").trimmingWhitespace().lowercased(), displayName: form.display_name,
                    role: try Role(name: form.role ?? ""), email: form.email?.trimmingWhitespace().nilIfEmpty,
                    processes: (form.processes ?? "").split(separator: ",").map { String($0).trimmingWhitespace() }
                        .filter { !$0.isEmpty })
                try await acting.users.add(user)
                if let password = form.password, !password.isEmpty {
                    try await acting.access.setPassword(password, for: user.username)
                }
            } catch let error as any QMSError {
                return try await page(
                    context: context, error: WebErrorWording.message(error, context), status: .badRequest)
            }
            return Response.redirect(to: "/users", type: .normal)
        }
    }

    func page(context: WebContext, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = context.language
        let users = try await qms.users.list().map { user -> [String: Any] in
            [
                "username": user.username, "displayName": user.displayName,
                "role": Messages.shared.term(user.role, language),
                "processes": user.processes.joined(separator: ", "),
                "active": Messages.shared.text(user.active ? "yes" : "no", language),
            ]
        }
        return renderer.page(
            "users", title: Messages.shared.text("users_title", language), context: context,
            values: [
                "users": users, "roles": Messages.shared.options(Role.self, context.language), "error": error ?? "",
            ], status: status,
            section: "users")
    }
}
