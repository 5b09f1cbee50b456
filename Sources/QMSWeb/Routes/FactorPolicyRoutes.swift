import Foundation
import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices

/// The second-factor policy (administrators): which roles must set up two-factor sign-in, and the
/// grace period before those who have not are held to enrolment alone.
struct FactorPolicyRoutes {
    let qms: QMS
    let renderer: Renderer

    struct PolicyForm: Decodable {
        var _csrf: String?
        /// The required roles, one per line (a checkbox per role).
        var required: String?
        var grace_days: String?
    }

    func register(on router: RouterGroup<WebContext>) {
        router.get("organisation/second-factor") { request, context in
            _ = try context.require(.manageUsers)
            let language = context.language
            let policy = try await qms.factorPolicy.get()
            let format = NumberFormatting(context.locale)
            let roles: [[String: Any]] = Role.allCases.map { role in
                [
                    "value": role.rawValue, "label": Messages.shared.term(role, language),
                    "required": policy.requires(role),
                ]
            }
            return renderer.page(
                "factor-policy", title: Messages.shared.text("factor_policy_title", language), context: context,
                values: [
                    "roles": roles, "graceDays": String(policy.graceDays),
                    "graceHint": Messages.shared.text(
                        "factor_policy_grace_hint", language,
                        ["maximum": format.integer(FactorPolicy.maximumGraceDays)]),
                    "saved": Forms.query(request, "saved") != nil,
                ])
        }
        router.post("organisation/second-factor") { request, context in
            let admin = try context.require(.manageUsers)
            let form = try await Forms.decode(PolicyForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            var roles: Set<Role> = []
            for name in (form.required ?? "").split(whereSeparator: \.isNewline) {
                roles.insert(try Role(name: name.trimmingCharacters(in: .whitespaces)))
            }
            guard let days = try RegisterForm.int(form.grace_days, field: "grace_days") else {
                throw WebInputError.needsWholeNumber(field: "grace_days")
            }
            try await qms.acting(as: admin.username).factorPolicy.set(requiredRoles: roles, graceDays: days)
            return Response.redirect(to: "/organisation/second-factor?saved=1", type: .normal)
        }
    }
}
