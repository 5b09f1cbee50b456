import Foundation
import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices

/// The in-app inbox: the signed-in user's reminders, each linking to its record, marked read one
/// at a time or all at once; and the same under the JSON API. The page is the reader's own, so it
/// is never rendered once for a whole role (it sits outside the shared page cache).
struct InboxRoutes {
    let qms: QMS
    let renderer: Renderer

    struct ReadForm: Decodable {
        var _csrf: String?
        /// The entry to mark read; absent to mark every entry read.
        var id: String?
    }

    /// The body of `POST /api/v1/inbox/read`: the entries to mark read, or `all`.
    struct ReadRequest: Decodable {
        var ids: [String]?
        var all: Bool?
    }

    /// The answer of `POST /api/v1/inbox/read`.
    struct ReadAnswer: Encodable {
        var marked: Int
        var unread: Int
    }

    func register(on router: RouterGroup<WebContext>) {
        router.get("inbox") { request, context in
            guard let user = context.user else { throw HTTPError(.unauthorized) }
            let inbox = try await qms.inbox.inbox(for: user.username)
            return page(context, inbox, marked: Forms.query(request, "marked").flatMap { Int($0) })
        }
        router.post("inbox") { request, context in
            guard let user = context.user else { throw HTTPError(.unauthorized) }
            let form = try await Forms.decode(ReadForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let acting = qms.acting(as: user.username).inbox
            let marked =
                if let id = form.id, !id.isEmpty {
                    try await acting.markRead([id], for: user.username)
                } else {
                    try await acting.markAllRead(for: user.username)
                }
            return Response.redirect(to: "/inbox?marked=\(marked)", type: .normal)
        }
    }

    func registerAPI(on router: RouterGroup<WebContext>) {
        let api = router.add(middleware: RequireTokenMiddleware())
        api.get("inbox") { _, context -> Response in
            let user = try context.require(.read)
            return try APIRoutes.json(try await qms.inbox.inbox(for: user.username))
        }
        api.post("inbox/read") { request, context -> Response in
            let user = try context.require(.read)
            let input = try await APIRoutes.decode(ReadRequest.self, request)
            let acting = qms.acting(as: user.username).inbox
            let marked =
                input.all == true
                ? try await acting.markAllRead(for: user.username)
                : try await acting.markRead(Set(input.ids ?? []), for: user.username)
            let unread = try await qms.inbox.inbox(for: user.username).unread
            return try APIRoutes.json(ReadAnswer(marked: marked, unread: unread))
        }
    }

    private func page(_ context: WebContext, _ inbox: Inbox, marked: Int?) -> Response {
        let language = context.language
        let format = NumberFormatting(context.locale)
        let entries: [[String: Any]] = inbox.entries.map { entry in
            let item = entry.item
            return [
                "id": entry.id, "read": entry.read, "route": item.record.route, "reference": item.record.reference,
                "kind": DueWording.kind(item.kind, language), "title": DueWording.title(item, language),
                "withheld": item.titleWithheld, "date": format.date(item.date),
                "threshold": DueWording.threshold(item.threshold, language),
                "overdue": item.daysLeft < 0,
                "routing": item.routing == .responsible ? "" : DueWording.routing(item.routing, language),
            ]
        }
        return renderer.page(
            "inbox", title: Messages.shared.text("inbox_title", language), context: context,
            values: [
                "entries": entries, "empty": entries.isEmpty, "anyUnread": inbox.unread > 0,
                "unreadText": Messages.shared.text(
                    "inbox_unread_count", language, ["count": format.integer(inbox.unread)]),
                "marked": marked.map { Messages.shared.text("inbox_marked", language, ["count": format.integer($0)]) }
                    ?? "",
            ])
    }
}
