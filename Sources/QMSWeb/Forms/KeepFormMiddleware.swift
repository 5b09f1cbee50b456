import Foundation
import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers
import QMSCore
import QMSFormats
import QMSPresentation

/// The router's own responder, set once the routes are registered, so that a rejected form can
/// render its page again through the same routes (and every check they make).
final class FormPages: Sendable {
    private let box = NIOLockedValueBox<RouterResponder<WebContext>?>(nil)

    var responder: RouterResponder<WebContext>? {
        get { box.withLockedValue { $0 } }
        set { box.withLockedValue { $0 = newValue } }
    }

    /// A request that asks for a page to refill a form: it is never answered from, nor kept in,
    /// the page cache.
    static let refillHeader = HTTPField.Name("X-EQMS-Form-Refill")
}

/// Invalid input never ends on a dead-end page: when a page's form is refused (invalid, not
/// found, conflict), the page with that form is rendered again, with every value the reader typed
/// kept, the message beside the field at fault, in the page's language, and the error's status.
/// A refusal by role is not a form problem and goes on to the "Not permitted" page.
struct KeepFormMiddleware: RouterMiddleware {
    let pages: FormPages

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response)
        async throws -> Response
    {
        let path = request.uri.path
        guard request.method == .post, !path.hasPrefix("/api/"), path != "/login", path != "/logout",
            let formPage = Self.formPage(for: path)
        else { return try await next(request, context) }
        var request = request
        var values: [String: [String]] = [:]
        if request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
            let buffer = try await request.body.collect(upTo: Forms.maximumSize)
            values = FormRefill.decode(String(buffer: buffer))
            request.body = RequestBody(buffer: buffer)
        }
        do {
            return try await next(request, context)
        } catch let rejected as RejectedForm {
            return try await refill(
                request, context, page: formPage, error: rejected.error, values: rejected.values)
        } catch let error as any QMSError where [.invalid, .notFound, .conflict].contains(error.kind) {
            return try await refill(request, context, page: formPage, error: error, values: values)
        }
    }

    func refill(
        _ request: Request, _ context: WebContext, page: String, error: any QMSError, values: [String: [String]]
    ) async throws -> Response {
        guard let responder = pages.responder else { throw error }
        let language = context.language
        var headers = request.headers
        if let name = FormPages.refillHeader { headers[name] = "1" }
        headers[.contentType] = nil
        headers[.contentLength] = nil
        let head = HTTPRequest(
            method: .get, scheme: request.head.scheme, authority: request.head.authority, path: page,
            headerFields: headers)
        var context = context
        // A file's problems are all listed, each with its place; the file input is the field at fault.
        let file = error as? FormatError
        let fault: (field: String?, value: String?) = file != nil ? ("file", nil) : Self.fault(error)
        context.refill = FormRefill(
            action: request.uri.path, values: values, field: fault.field, faultValue: fault.value,
            message: file.map { WebErrorWording.summary($0, context) } ?? WebErrorWording.message(error, context),
            fix: file != nil ? nil : error.fix.map { WebFixWording.text(for: $0, language) },
            heading: Messages.shared.text("error_heading_400", language),
            keptFiles: Messages.shared.text("form_kept_files", language),
            problems: file.map { WebErrorWording.problems($0, context) } ?? [])
        var response = try await responder.respond(
            to: Request(head: head, body: RequestBody(buffer: ByteBuffer())), context: context)
        // Only a page that rendered the form again stands in for the error; anything else lets
        // the error page say what happened.
        guard response.status == .ok else { throw error }
        response.status = ErrorPageMiddleware.status(for: error.kind)
        return response
    }

    /// The form field at fault and the value sent in it, when the error says: its field, or the
    /// requirement it could not find (the picker's field holding that requirement).
    static func fault(_ error: any QMSError) -> (field: String?, value: String?) {
        if case .notFound(let kind, let id, _)? = error as? DomainError, kind == .requirement {
            return ("requirement", id)
        }
        if case .text(let value)? = error.arguments["value"] { return (formField(error.field), value) }
        return (formField(error.field), nil)
    }

    /// The form field an error names, in the forms' spelling (`valid-until` → `valid_until`).
    static func formField(_ field: Field?) -> String? {
        field.map { $0.rawValue.replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_") }
    }

    /// The page that holds the form posting to a path: the form's own page, or the record's page
    /// for an action on a record.
    static func formPage(for path: String) -> String? {
        var parts = path.split(separator: "/").map(String.init)
        guard let first = parts.first else { return nil }
        let actions: Set<String> = ["advance", "withdraw", "comments", "decision", "expenses", "submit"]
        if let last = parts.last, parts.count > 1, actions.contains(last) { parts.removeLast() }
        switch (first, parts.count) {
        case ("evidence", 1), ("findings", 1): return "/\(first)/new"
        case ("edition-transitions", 1): return "/certificates"
        case ("registers", 2) where parts[1] == "context": return "/registers/risks"
        case ("registers", 2) where parts[1] == "roles": return "/registers/people"
        case ("registers", 3) where parts[1] == "parties": return "/registers/parties"
        // Every action on a user or an audit is a form on its page.
        case ("users", 3...), ("audits", 3...), ("certificates", 3...), ("requests", 3...):
            return "/\(first)/\(parts[1])"
        // An evidence request is asked on its engagement's page.
        case ("engagements", 3) where parts[2] == "requests": return "/engagements/\(parts[1])"
        // Every form of the profile is on the profile.
        case ("profile", 2...): return "/profile"
        default: return "/" + parts.joined(separator: "/")
        }
    }
}

/// A form refused by its route, with what was sent, for routes that read their body themselves
/// (a file upload): the middleware renders the form again with these values.
struct RejectedForm: Error {
    var error: any QMSError
    var values: [String: [String]]
}
