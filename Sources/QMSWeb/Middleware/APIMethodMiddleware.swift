import Hummingbird

/// Answers a method the JSON API does not offer on one of its paths with 405 and the `Allow`
/// header (as `openapi.yaml` lists the operations), where the router alone would say 404.
/// Added to the whole router: a group's middleware never sees a request no route matched.
struct APIMethodMiddleware: RouterMiddleware {
    typealias Context = WebContext

    /// The API's paths under `/api/v1/` (`*` is one segment) and the methods each offers.
    static let operations: [(path: [String], methods: [HTTPRequest.Method])] = [
        (["standards"], [.get]), (["compliance"], [.get]), (["evidence"], [.get, .post]), (["evidence", "*"], [.get]),
        (["plans"], [.get]), (["plans", "*", "report"], [.get]), (["plans", "*", "comments"], [.post]),
        (["plans", "*", "decision"], [.post]), (["engagements"], [.get]), (["engagements", "*"], [.get]),
        (["engagements", "*", "access"], [.get]), (["audits", "*"], [.get]), (["audits", "*", "report"], [.get]),
        (["audits", "*", "plan"], [.put]),
        (["audits", "*", "checklist"], [.post]), (["audits", "*", "checklist", "items"], [.post]),
        (["inbox"], [.get]), (["inbox", "read"], [.post]), (["certificates"], [.get, .post]),
        (["certificates", "*"], [.get]), (["certificates", "*", "status"], [.post]),
        (["certification-bodies"], [.get, .post]), (["edition-transitions"], [.get, .post]),
        (["evidence-requests"], [.get, .post]),
        (["evidence-requests", "*"], [.get]), (["evidence-requests", "*", "answer"], [.post]),
        (["evidence-requests", "*", "accept"], [.post]), (["evidence-requests", "*", "return"], [.post]),
        (["evidence-requests", "*", "withdraw"], [.post]),
    ]

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response)
        async throws -> Response
    {
        let prefix = "/api/v1/"
        let path = request.uri.path
        guard path.hasPrefix(prefix) else { return try await next(request, context) }
        let parts = path.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
        for operation in Self.operations
        where operation.path.count == parts.count
            && zip(operation.path, parts).allSatisfy({ $0 == "*" ? !$1.isEmpty : $0 == $1 })
        {
            guard operation.methods.contains(request.method) else {
                let allowed = operation.methods.map(\.rawValue).joined(separator: ", ")
                throw HTTPError(.methodNotAllowed, headers: [.allow: allowed], message: "this path answers \(allowed)")
            }
        }
        return try await next(request, context)
    }
}
