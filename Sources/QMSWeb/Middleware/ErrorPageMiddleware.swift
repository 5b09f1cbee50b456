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

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response)
        async throws -> Response
    {
        var context = context
        let chosen = request.cookies["eqms_lang"].flatMap { Language(rawValue: $0.value) }
        if let language = chosen ?? request.headers[.acceptLanguage].flatMap(AcceptLanguage.best) {
            context.language = language
        }
        do {
            return try await next(request, context)
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
        return renderer.page(
            "error", title: Messages.shared.text("error_title", context.language), context: context,
            values: ["message": text, "fix": fix ?? "", "status": Int(status.code)], status: status)
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
