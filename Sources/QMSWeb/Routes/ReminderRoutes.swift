import Foundation
import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices

/// E-mailed reminders on the web: each user's digest frequency and unsubscribed kinds, and the
/// administrators' outbox of reminders waiting or failed, with the reason and a retry.
struct ReminderRoutes {
    let qms: QMS
    let renderer: Renderer

    struct PreferencesForm: Decodable {
        var _csrf: String?
        var frequency: String?
        /// The kinds kept, one a line (the form's checkboxes).
        var kinds: String?
    }

    struct RetryForm: Decodable {
        var _csrf: String?
    }

    func register(on router: RouterGroup<WebContext>) {
        router.get("profile/reminders") { request, context in
            guard let user = context.user else { throw HTTPError(.unauthorized) }
            let preferences = try await qms.reminders.preferences(for: user.username)
            return page(context, preferences, saved: Forms.query(request, "saved") != nil)
        }
        router.post("profile/reminders") { request, context in
            guard let user = context.user else { throw HTTPError(.unauthorized) }
            let form = try await Forms.decode(PreferencesForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            guard let frequency = form.frequency.flatMap(DigestFrequency.init(rawValue:)) else {
                throw WebInputError.choose(field: Messages.shared.text("reminder_prefs_frequency", context.language))
            }
            let kept = Set(
                (form.kinds ?? "").split(whereSeparator: \.isNewline).compactMap {
                    DueKind(rawValue: $0.trimmingCharacters(in: .whitespaces))
                })
            let preferences = ReminderPreferences(
                frequency: frequency, unsubscribed: Set(DueKind.allCases).subtracting(kept))
            try await qms.acting(as: user.username).reminders.setPreferences(preferences, for: user.username)
            return Response.redirect(to: "/profile/reminders?saved=1", type: .normal)
        }
        router.get("outbox") { request, context in
            _ = try context.require(.manageUsers)
            let language = context.language
            let format = NumberFormatting(context.locale)
            let rows: [[String: Any]] = try await qms.reminders.outbox().map { delivery in
                [
                    "user": delivery.key.user, "reference": delivery.item.record.reference,
                    "route": delivery.item.record.route, "kind": DueWording.kind(delivery.item.kind, language),
                    "threshold": DueWording.threshold(delivery.item.threshold, language),
                    "status": DueWording.status(delivery.status, language), "state": delivery.status.rawValue,
                    "attempts": format.integer(delivery.attempts),
                    "next": delivery.nextAttempt.map { format.time($0) } ?? "",
                    "reason": delivery.lastError.map { DueWording.reason($0, language) } ?? "",
                ]
            }
            return renderer.page(
                "outbox", title: Messages.shared.text("reminder_outbox_title", language), context: context,
                values: [
                    "deliveries": rows, "empty": rows.isEmpty,
                    "failed": rows.contains { ($0["state"] as? String) == "failed" },
                    "retried": Forms.query(request, "retried").map {
                        Messages.shared.text("reminder_retried", language, ["count": $0])
                    } ?? "",
                ])
        }
        router.post("outbox") { request, context in
            let user = try context.require(.manageUsers)
            let form = try await Forms.decode(RetryForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let count = try await qms.acting(as: user.username).reminders.retryNow()
            return Response.redirect(to: "/outbox?retried=\(count)", type: .normal)
        }
    }

    private func page(_ context: WebContext, _ preferences: ReminderPreferences, saved: Bool) -> Response {
        let language = context.language
        let frequencies: [[String: Any]] = DigestFrequency.allCases.map {
            [
                "value": $0.rawValue, "label": Messages.shared.text("reminder_frequency_\($0.rawValue)", language),
                "checked": preferences.frequency == $0,
            ]
        }
        let kinds: [[String: Any]] = DueKind.allCases.map {
            [
                "value": $0.rawValue, "label": DueWording.kind($0, language),
                "checked": !preferences.unsubscribed.contains($0),
            ]
        }
        return renderer.page(
            "reminder-preferences", title: Messages.shared.text("reminder_prefs_title", language), context: context,
            values: ["frequencies": frequencies, "kinds": kinds, "saved": saved])
    }
}
