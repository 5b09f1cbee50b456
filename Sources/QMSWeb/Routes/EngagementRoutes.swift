import Foundation
import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices

/// Engagements of certification bodies: the organisation's list and form, an engagement's page
/// with its access log (who opened what, when), closing one early; and the same as JSON under
/// `/api/v1/engagements`. An auditor named by an engagement sees its page too, without the form.
struct EngagementRoutes {
    let qms: QMS
    let renderer: Renderer

    struct AddForm: Decodable {
        var _csrf: String?
        var certificationBody: String?
        var auditors: String?
        var standards: String?
        var processes: String?
        var sites: String?
        var periodFrom: String?
        var periodTo: String?
        var opens: String?
        var closes: String?
        var grantsRestricted: String?

        enum CodingKeys: String, CodingKey {
            case _csrf, auditors, standards, processes, sites, opens, closes
            case certificationBody = "certification-body"
            case periodFrom = "period-from"
            case periodTo = "period-to"
            case grantsRestricted = "grants-restricted"
        }

        var input: EngagementInput {
            EngagementInput(
                certificationBody: certificationBody, auditors: [auditors ?? ""], standards: [standards ?? ""],
                processes: [processes ?? ""], sites: [sites ?? ""], periodFrom: periodFrom, periodTo: periodTo,
                opens: opens, closes: closes, grantsRestricted: grantsRestricted != nil)
        }
    }

    struct CloseForm: Decodable {
        var _csrf: String?
    }

    func register(on router: RouterGroup<WebContext>) {
        router.get("engagements") { _, context in
            _ = try context.require(.manageQuality)
            let language = context.language
            let today = try await qms.engagements.today()
            let rows = try await qms.engagements.list().map { Self.row($0, today: today, context) }
            let auditors = try await qms.users.list().filter { $0.role == .auditor && $0.active }.map(\.username)
            return renderer.page(
                "engagements", title: Messages.shared.text("engagements_title", language), context: context,
                values: [
                    "engagements": rows, "engagements_any": !rows.isEmpty, "today": today.description,
                    "auditorAccounts": auditors.joined(separator: ", "),
                ], section: "engagements")
        }
        router.post("engagements") { request, context in
            let user = try context.require(.manageQuality)
            let form = try await Forms.decode(AddForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let engagement = try await qms.acting(as: user.username).engagements.add(try form.input.draft())
            return Response.redirect(to: "/engagements/\(engagement.id)?done=added", type: .normal)
        }
        router.get("engagements/:id") { request, context in
            guard let user = context.user else { throw HTTPError(.unauthorized) }
            let id = try EngagementID(parsing: context.parameters.get("id") ?? "")
            let engagement = try await qms.engagements.get(id)
            // The organisation's managers, and the engagement's own auditors.
            guard user.can(.manageQuality) || engagement.names(user.username) else {
                _ = try context.require(.manageQuality)
                throw HTTPError(.forbidden)
            }
            let today = try await qms.engagements.today()
            let format = NumberFormatting(context.locale)
            let access = try await qms.engagements.access(id).map { entry -> [String: Any] in
                [
                    "at": (try? Instant(parsing: entry.at)).map { format.time($0) } ?? entry.at,
                    "auditor": entry.auditor, "record": entry.record, "file": entry.file ?? "",
                    "kind": Messages.shared.text("engagement_access_" + entry.kind, context.language),
                    "path": Self.path(of: entry.record),
                ]
            }
            var values = Self.row(engagement, today: today, context)
            values["access"] = access
            values["access_any"] = !access.isEmpty
            values["canClose"] = user.can(.manageQuality) && engagement.window(on: today) != .ended
            let requests = try await qms.evidenceRequests.list(EvidenceRequestFilter(engagement: id)).map {
                EvidenceRequestRoutes.row($0, context, today: today)
            }
            values["requests"] = requests
            values["requests_any"] = !requests.isEmpty
            values["canAsk"] =
                user.can(.recordAudits) && engagement.names(user.username) && engagement.window(on: today) == .open
            values["today"] = today.description
            let done = Forms.query(request, "done").flatMap { ["added", "closed"].contains($0) ? $0 : nil }
            values["notice"] = done.map { Messages.shared.text("engagement_done_" + $0, context.language) } ?? ""
            return renderer.page(
                "engagement", title: "\(id) \(engagement.content.certificationBody)", context: context, values: values,
                section: user.can(.manageQuality) ? "engagements" : nil)
        }
        router.post("engagements/:id/close") { request, context in
            let user = try context.require(.manageQuality)
            let form = try await Forms.decode(CloseForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let id = try EngagementID(parsing: context.parameters.get("id") ?? "")
            _ = try await qms.acting(as: user.username).engagements.close(id)
            return Response.redirect(to: "/engagements/\(id)?done=closed", type: .normal)
        }
    }

    /// The JSON API: the organisation's engagements and each one's access list (API tokens of
    /// quality managers and administrators).
    func registerAPI(on router: RouterGroup<WebContext>) {
        let api = router.add(middleware: RequireTokenMiddleware())
        api.get("engagements") { _, context -> Response in
            _ = try context.require(.manageQuality)
            return try APIRoutes.json(try await qms.engagements.list())
        }
        api.get("engagements/:id") { _, context -> Response in
            _ = try context.require(.manageQuality)
            let id = try EngagementID(parsing: context.parameters.get("id") ?? "")
            return try APIRoutes.json(try await qms.engagements.get(id))
        }
        api.get("engagements/:id/access") { _, context -> Response in
            _ = try context.require(.manageQuality)
            let id = try EngagementID(parsing: context.parameters.get("id") ?? "")
            return try APIRoutes.json(try await qms.engagements.access(id))
        }
    }

    /// The page of a viewed record, when it has one (`evidence:EV-2026-0042 revision 2`).
    static func path(of record: String) -> String {
        guard record.hasPrefix("evidence:") else { return "" }
        let id = record.dropFirst("evidence:".count).split(separator: " ").first.map(String.init) ?? ""
        return "/evidence/\(id)"
    }

    /// An engagement's values for the list and its page.
    static func row(_ engagement: Engagement, today: CalendarDate, _ context: WebContext) -> [String: Any] {
        let format = NumberFormatting(context.locale)
        let content = engagement.content
        let scope = content.scope
        let window = engagement.window(on: today)
        let period = [scope.periodFrom, scope.periodTo].map { $0.map { format.date($0) } ?? "…" }
        return [
            "id": engagement.id.description, "body": content.certificationBody,
            "auditors": content.auditors.joined(separator: ", "),
            "window": "\(format.date(content.opensOn)) – \(format.date(content.closesOn))",
            "state": window.rawValue,
            "stateText": Messages.shared.text("engagement_window_" + window.rawValue, context.language),
            "closedOn": engagement.closedOn.map { format.date($0) } ?? "",
            "standards": scope.standards.map(\.rawValue).joined(separator: ", "),
            "processes": scope.processes.joined(separator: ", "), "sites": scope.sites.joined(separator: ", "),
            "period": scope.periodFrom == nil && scope.periodTo == nil ? "" : period.joined(separator: " – "),
            "restricted": Messages.shared.text(
                content.grantsRestricted ? "engagement_restricted_granted" : "engagement_restricted_withheld",
                context.language),
        ]
    }
}
