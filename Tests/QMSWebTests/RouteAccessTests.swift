import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSStore
import Testing

@testable import QMSServices
@testable import QMSWeb

/// Every route of the web application and the API, read from the sources, walked by every role and
/// by a session whose second factor is overdue ("factor pending"), which must reach nothing but
/// enrolment, signing out and what is open to anyone.
@Suite("Every route × role, and the factor pending")
struct RouteAccessTests {
    struct Route: Hashable, CustomStringConvertible {
        var method: HTTPRequest.Method
        var path: String
        var api: Bool { path.hasPrefix("/api/") }
        var description: String { "\(method) \(path)" }
    }

    /// An example value for each route parameter, by the route's first part and the parameter.
    static func example(_ parameter: String, in parts: [Substring]) -> String {
        let first = parts.first { $0 != "api" && $0 != "v1" } ?? ""
        let second = parts.dropFirst(parts.first == "api" ? 3 : 1).first ?? ""
        switch (parameter, first, second) {
        case (":id", "audits", _): return "AUD-2026-01"
        case (":id", "evidence", _): return "EV-2026-0001"
        case (":id", "findings", _): return "NC-2026-001"
        case (":id", "engagements", _): return "ENG-2026-01"
        case (":id", "registers", "providers"): return "EXT-2026-01"
        case (":id", "registers", "risks"): return "RSK-2026-001"
        case (":id", "registers", "training"): return "TRN-2026-01"
        case (":id", "registers", "parties"): return "IP-2026-001"
        case (":code", "registers", "documents"): return "QP-01"
        case (":code", "registers", "kpis"): return "KPI-01"
        case (":code", "lang", _): return "ar"
        case (":standard", _, _): return "iso-9001-2015"
        case (":number", _, _): return "4.1"
        case (":awp", _, _): return "hnec-2018"
        case (":username", _, _): return "viewer"
        case (":file", _, _): return "unknown.ics"
        case (":revision", _, _): return "1"
        case (":index", _, _), (":item", _, _): return "0"
        default: return parameter
        }
    }

    /// Every route the sources declare: `router.get("…")` and the like for pages, `api.get("…")`
    /// for the API under `/api/v1`, with example values in place of the parameters.
    static func declared() throws -> [Route] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/QMSWeb/Routes")
        var routes: Set<Route> = []
        let methods: [String: HTTPRequest.Method] = [
            "get": .get, "post": .post, "put": .put, "patch": .patch, "delete": .delete,
        ]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for line in text.split(separator: "\n") {
                for (owner, prefix) in [("router.", "/"), ("api.", "/api/v1/")] {
                    for (word, method) in methods {
                        guard let start = line.range(of: owner + word + "(\"") else { continue }
                        let rest = line[start.upperBound...]
                        guard let end = rest.firstIndex(of: "\"") else { continue }
                        let declared = rest[..<end] == "/" ? "" : String(rest[..<end])
                        let parts = (prefix + declared).split(separator: "/")
                        let path = parts.map { $0.hasPrefix(":") ? Self.example(String($0), in: parts) : String($0) }
                        routes.insert(Route(method: method, path: "/" + path.joined(separator: "/")))
                    }
                }
            }
        }
        return routes.sorted { $0.description < $1.description }
    }

    @Test("the routes read from the sources are all of them, the policy's among them")
    func routesFound() throws {
        let routes = try Self.declared()
        #expect(routes.count > 120)
        #expect(routes.contains(Route(method: .get, path: "/organisation/second-factor")))
        #expect(routes.contains(Route(method: .post, path: "/api/v1/evidence")))
        #expect(routes.contains(Route(method: .get, path: "/")))
        // Every form route the hardening tests send forged tokens to is among them.
        let posts = Set(routes.filter { $0.method == .post }.map(\.path))
        for route in WebHardeningTests.formRoutes where !route.contains("-20") && !route.contains("/viewer/") {
            #expect(posts.contains(route), "\(route)")
        }
    }

    @Test("every role reaches each page its permissions open, and is refused the others, never with an error")
    func everyRole() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let pages = try Self.declared().filter { $0.method == .get && !$0.api }
        try await fixture.application().test(.router) { client in
            for account in DemoService.accounts {
                let role = try Role(name: account.role)
                var browser = try await Browser.signedIn(client, as: account.username)
                for route in pages {
                    let answer = try await browser.get(route.path)
                    let status = answer.status.code
                    #expect(status < 500, "\(account.username): \(route) → \(status)")
                    #expect(status != 401, "\(account.username): \(route) → 401 while signed in")
                    if role == .admin {
                        #expect(status != 403, "the administrator may open \(route)")
                    }
                    if ["/users", "/organisation", "/organisation/second-factor", "/outbox"].contains(route.path) {
                        #expect(
                            (status == 200) == role.allows(.manageUsers), "\(account.username): \(route) → \(status)")
                    }
                }
                // Still signed in after all that: no page ended the session.
                #expect(try await browser.get("/profile").status == .ok, "\(account.username)")
            }
        }
    }

    @Test("a factor-pending session of any role reaches only enrolment, signing out and what anyone may open")
    func factorPendingReachesOnlyEnrolment() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.qms.acting(as: "admin").factorPolicy.set(requiredRoles: Set(Role.allCases), graceDays: 0)
        let routes = try Self.declared()
        let enrolment: Set<Route> = [
            Route(method: .get, path: "/profile"), Route(method: .post, path: "/profile/second-factor"),
            Route(method: .post, path: "/profile/second-factor/confirm"), Route(method: .post, path: "/logout"),
            Route(method: .get, path: "/login"), Route(method: .post, path: "/login"),
            Route(method: .get, path: "/login/code"), Route(method: .post, path: "/login/code"),
        ]
        let anyone: Set<Route> = [
            Route(method: .get, path: "/lang/ar"), Route(method: .get, path: "/health"),
            Route(method: .get, path: "/metrics"),
        ]
        let required = "/profile?factor=required#profile-factor"
        try await fixture.application().test(.router) { client in
            for account in DemoService.accounts {
                var browser = try await Browser.signedIn(client, as: account.username)
                let profile = try await browser.get("/profile")
                #expect(profile.status == .ok, "\(account.username)")
                let token = Browser.hidden("_csrf", in: profile.body) ?? ""
                let before = try await WebHardeningTests.dump(fixture.qms.store)
                for route in routes where !enrolment.contains(route) && !anyone.contains(route) {
                    let answer: (status: HTTPResponse.Status, body: String, headers: HTTPFields)
                    if route.method == .get {
                        answer = try await browser.get(route.path)
                    } else {
                        var headers: HTTPFields = [.cookie: browser.cookieHeader]
                        headers[.contentType] = "application/x-www-form-urlencoded"
                        let response = try await client.execute(
                            uri: route.path, method: route.method, headers: headers,
                            body: ByteBuffer(string: "_csrf=\(token)&title=x&reason=x&code=X-1&time_zone=UTC"))
                        answer = (response.status, String(buffer: response.body), response.headers)
                    }
                    #expect(answer.status == .found, "\(account.username): \(route) → \(answer.status.code)")
                    #expect(answer.headers[.location] == required, "\(account.username): \(route)")
                }
                #expect(try await WebHardeningTests.dump(fixture.qms.store) == before, "\(account.username)")
                // Static assets and what anyone may open still answer, and not with enrolment.
                #expect(try await browser.get("/static/app.css").status == .ok)
                for route in anyone {
                    let answer = try await browser.get(route.path)
                    #expect(answer.headers[.location] != required, "\(route)")
                    #expect(answer.status.code < 400, "\(route)")
                }
                _ = try await browser.get("/lang/en")
                // Enrolment itself opens.
                let enrol = try await browser.post("/profile/second-factor", form: ["_csrf": token])
                #expect(enrol.status == .ok, "\(account.username)")
                #expect(enrol.body.contains(#"id="factor-secret""#))
                let out = try await browser.post("/logout", form: ["_csrf": token])
                #expect(out.status == .seeOther || out.status == .found)
                #expect(try await browser.get("/profile").headers[.location]?.hasPrefix("/login") == true)
            }
            // An API token of such a user is refused on every API route.
            let token = try await fixture.qms.access.createToken(for: "amal", name: "test")
            for route in routes where route.api {
                let response = try await client.execute(
                    uri: route.path, method: route.method,
                    headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                    body: ByteBuffer(string: "{}"))
                #expect(response.status == .forbidden, "\(route) → \(response.status.code)")
            }
        }
    }
}
