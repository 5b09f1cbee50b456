import Foundation
import Hummingbird
import QMSCore
import QMSDirectory
import QMSPresentation
import QMSServices
import QMSStore

/// The commission's directory (administrators): the server, the CA file, where users and groups
/// are, the attribute a sign-in name matches, the service account (its password never shown
/// back), which groups give which role, and the minutes between two syncs; and a test that binds
/// with the service account. The server's flags, when given, win over what is saved here.
struct DirectoryRoutes {
    let qms: QMS
    let renderer: Renderer
    let configuration: WebConfiguration

    struct SettingsForm: Decodable {
        var _csrf: String?
        var ldap_uri: String?
        var ldap_ca_file: String?
        var ldap_base: String?
        var ldap_group_base: String?
        var ldap_user_attribute: String?
        var ldap_bind_dn: String?
        var ldap_bind_password: String?
        var ldap_group: String?
        var ldap_member_of_only: String?
        var ldap_sync_minutes: String?
    }

    struct TestForm: Decodable {
        var _csrf: String?
    }

    static let attributes = ["uid", "sAMAccountName", "userPrincipalName"]

    func register(on router: RouterGroup<WebContext>) {
        router.get("organisation/directory") { request, context in
            _ = try context.require(.manageUsers)
            return try await page(request, context: context, test: nil)
        }
        router.post("organisation/directory") { request, context in
            let admin = try context.require(.manageUsers)
            let form = try await Forms.decode(SettingsForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            func given(_ text: String?) -> String { text?.trimmingWhitespace() ?? "" }
            guard let minutes = try RegisterForm.int(form.ldap_sync_minutes, field: "ldap_sync_minutes") else {
                throw WebInputError.needsWholeNumber(field: "ldap_sync_minutes")
            }
            let settings = StoredDirectorySettings(
                uri: given(form.ldap_uri), caFile: given(form.ldap_ca_file), userBase: given(form.ldap_base),
                groupBase: given(form.ldap_group_base), userAttribute: given(form.ldap_user_attribute),
                bindDN: given(form.ldap_bind_dn), bindPassword: form.ldap_bind_password ?? "",
                groups: given(form.ldap_group).split(whereSeparator: \.isNewline).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }.filter { !$0.isEmpty },
                memberOfOnly: form.ldap_member_of_only != nil, syncMinutes: minutes)
            try await qms.acting(as: admin.username).directorySettings.set(settings)
            return Response.redirect(to: "/organisation/directory?saved=1", type: .normal)
        }
        router.post("organisation/directory/test") { request, context in
            _ = try context.require(.manageUsers)
            let form = try await Forms.decode(TestForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            do {
                try await qms.directorySettings.testConnection()
                return try await page(
                    request, context: context,
                    test: ["ok": true, "text": Messages.shared.text("directory_test_ok", context.language)])
            } catch let error as DirectoryError {
                return try await page(
                    request, context: context,
                    test: ["ok": false, "text": WebErrorWording.message(error, context)])
            }
        }
    }

    func page(_ request: Request, context: WebContext, test: [String: Any]?) async throws -> Response {
        let language = context.language
        let saved = try await qms.directorySettings.get()
        let attribute = saved?.userAttribute ?? "uid"
        var values: [String: Any] = [
            "uri": saved?.uri ?? "", "caFile": saved?.caFile ?? "", "base": saved?.userBase ?? "",
            "groupBase": saved?.groupBase ?? "", "bindDN": saved?.bindDN ?? "",
            "passwordSaved": saved?.bindPassword.isEmpty == false,
            "groups": saved?.groups.joined(separator: "\n") ?? "",
            "memberOfOnly": saved?.memberOfOnly ?? false, "syncMinutes": String(saved?.syncMinutes ?? 15),
            "attributes": Self.attributes.map { ["value": $0, "selected": $0 == attribute] },
            "roles": Role.allCases.map { "\($0.rawValue) (\(Messages.shared.term($0, language)))" }.joined(
                separator: " · "),
            "overridden": configuration.directory != nil, "isSaved": saved != nil,
            "saved": Forms.query(request, "saved") != nil,
        ]
        if let test { values["test"] = test }
        return renderer.page(
            "directory", title: Messages.shared.text("directory_title", language), context: context, values: values)
    }
}
