import Foundation
import Hummingbird
import Logging
import QMSCore
import QMSPresentation

/// Turns errors into pages people can read (or JSON for the API), never a stack trace: what went
/// wrong, and how to fix it when the error says. It sits outside the middleware that finds the
/// user, so it reads the page's language itself (cookie, then `Accept-Language`): an Arabic
/// reader gets an Arabic page, right to left.
struct ErrorPageMiddleware: RouterMiddleware {
    let renderer: Renderer
    /// False for the copy that sits inside the middleware that finds the user: that one keeps the
    /// language already chosen (the profile's), and its pages carry the user's navigation.
    var readsLanguage = true

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response)
        async throws -> Response
    {
        var context = context
        let chosen = request.cookies["eqms_lang"].flatMap { Language(rawValue: $0.value) }
        if readsLanguage, let language = chosen ?? request.headers[.acceptLanguage].flatMap(AcceptLanguage.best) {
            context.language = language
        }
        do {
            return try await next(request, context)
        } catch let error as HTTPError where !readsLanguage && error.status == .notFound && error.body == nil {
            // No route: the static files behind this middleware answer, or the outer copy does.
            throw error
        } catch let error as HTTPError {
            var response = respond(
                request, context, status: error.status, message: error.body ?? Self.message(for: error.status, context))
            // The error's own headers (Allow with a 405, Retry-After) go out with the page.
            for field in error.headers where response.headers[field.name] == nil { response.headers.append(field) }
            return response
        } catch let error as any QMSError {
            if error.kind == .damaged || error.kind == .unavailable {
                context.logger.error(
                    "request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            }
            return respond(
                request, context, status: Self.status(for: error.kind),
                message: WebErrorWording.message(error, context),
                fix: error.fix.map { WebFixWording.text(for: $0, context.language) },
                detail: (error.code, error.kind, error.field))
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return respond(
                request, context, status: .internalServerError,
                message: Messages.shared.text("error_title", context.language))
        }
    }

    /// The HTTP status of an error, from its kind alone (never from its wording).
    static func status(for kind: ErrorKind) -> HTTPResponse.Status {
        switch kind {
        case .invalid: return .badRequest
        case .notFound: return .notFound
        case .conflict: return .conflict
        case .forbidden: return .forbidden
        case .damaged: return .internalServerError
        case .unavailable: return .serviceUnavailable
        }
    }

    static func message(for status: HTTPResponse.Status, _ context: WebContext) -> String {
        switch status {
        case .forbidden: return Messages.shared.text("forbidden", context.language)
        case .notFound: return Messages.shared.text("not_found", context.language)
        case .badRequest: return Messages.shared.text("bad_request", context.language)
        case .conflict: return Messages.shared.text("conflict", context.language)
        case .internalServerError: return Messages.shared.text("server_error", context.language)
        default: return status.reasonPhrase
        }
    }

    func respond(
        _ request: Request, _ context: WebContext, status: HTTPResponse.Status, message: String, fix: String? = nil,
        detail: (code: String, kind: ErrorKind, field: Field?)? = nil
    ) -> Response {
        let text = message == "forbidden" ? Messages.shared.text("forbidden", context.language) : message
        if request.uri.path.hasPrefix("/api/") {
            var body = "{\"error\":" + JSONString.quote(text)
            if let fix { body += ",\"fix\":" + JSONString.quote(fix) }
            if let detail {
                body +=
                    ",\"code\":" + JSONString.quote(detail.code) + ",\"kind\":" + JSONString.quote(detail.kind.rawValue)
                if let field = detail.field { body += ",\"field\":" + JSONString.quote(field.rawValue) }
            }
            body += "}"
            return Response(
                status: status, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        let heading = Self.heading(for: status, context.language)
        var values: [String: Any] = ["message": text, "fix": fix ?? "", "status": Int(status.code), "heading": heading]
        if let back = Self.back(request) { values["back"] = back }
        return renderer.page("error", title: heading, context: context, values: values, status: status)
    }

    static func heading(for status: HTTPResponse.Status, _ language: Language) -> String {
        switch status {
        case .badRequest: return Messages.shared.text("error_heading_400", language)
        case .forbidden: return Messages.shared.text("error_heading_403", language)
        case .notFound: return Messages.shared.text("error_heading_404", language)
        case .conflict: return Messages.shared.text("error_heading_409", language)
        default: return Messages.shared.text("error_heading_500", language)
        }
    }

    /// The page the reader came from on this site, so that an error is never a dead end; a
    /// referrer from another site is ignored.
    static func back(_ request: Request) -> String? {
        guard let referer = request.headers[.referer], let url = URL(string: referer),
            let host = request.head.authority, url.host.map({ host.hasPrefix($0) }) == true
        else { return nil }
        let path = url.path.isEmpty ? "/" : url.path
        guard path != request.uri.path, path.hasPrefix("/") else { return nil }
        return path + (url.query.map { "?" + $0 } ?? "")
    }
}

/// Minimal JSON string quoting for error bodies.
enum JSONString {
    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            default:
                if scalar.value < 0x20 {
                    result += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
