import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSFormats
import QMSServices
import Synchronization
import TestSupport
import Testing

@testable import QMSWeb

/// A web application over a fresh demo database, for one test.
struct WebFixture {
    let temporary: TemporaryFolder
    let qms: QMS

    /// The fixture's folder: its database and file store.
    var folder: URL { temporary.url }

    init() async throws {
        temporary = try TemporaryFolder(prefix: "eqms-web")
        let folder = temporary.url
        let (qms, _) = try await SetupService.initialise(
            databasePath: folder.appendingPathComponent("eqms.sqlite").path,
            library: try StandardsLibrary(directory: Repository.standards), actor: "test")
        try await DemoService.seed(
            qms,
            plans: try PlansLibrary(
                directory: Repository.plans))
        self.qms = qms
    }

    /// The application over the fixture's database; `frozenAt` stops its clock there, for tests
    /// whose outcome depends on time not passing between requests however slow the machine is.
    func application(frozenAt: Date? = nil) async throws -> some ApplicationProtocol {
        let renderer = try await Renderer.load()
        var qms = self.qms
        if let frozenAt { qms.now = { frozenAt } }
        return Application(
            router: WebApplication.router(qms: qms, configuration: WebConfiguration(), renderer: renderer))
    }

    /// The application over the fixture's database with a clock the test moves, and these settings.
    func application(clock: TestClock, configuration: WebConfiguration = WebConfiguration()) async throws
        -> some ApplicationProtocol
    {
        let renderer = try await Renderer.load()
        var qms = self.qms
        qms.now = { clock.now }
        return Application(router: WebApplication.router(qms: qms, configuration: configuration, renderer: renderer))
    }

    /// The application over the fixture's database with a page cache of the caller's (the tests
    /// count its renders).
    func application(cache: PageCache) async throws -> some ApplicationProtocol {
        Application(
            router: WebApplication.router(
                qms: qms, configuration: WebConfiguration(), renderer: try await Renderer.load(), pageCache: cache))
    }

    /// Removes the folder now, before the fixture goes away.
    func remove() { try? FileManager.default.removeItem(at: folder) }

    static func password(_ username: String) -> String {
        DemoService.accounts.first { $0.username == username }?.password ?? ""
    }
}

/// A clock a test moves by hand, for sessions' lifetimes.
final class TestClock: Sendable {
    private let value: Mutex<Date>

    init(_ start: Date = Date()) { value = Mutex(start) }

    var now: Date { value.withLock { $0 } }

    /// Moves the clock on by `seconds`.
    func advance(_ seconds: TimeInterval) { value.withLock { $0 += seconds } }
}

/// A browser-like client: keeps cookies, follows the sign-in form, reads CSRF tokens from pages.
struct Browser {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    /// The User-Agent it sends, if any.
    var userAgent: String?

    init(_ client: any TestClientProtocol) { self.client = client }

    var cookieHeader: String { cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }

    mutating func absorb(_ response: TestResponse) {
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";", maxSplits: 1)[0]
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let name = String(parts[0]).trimmingCharacters(in: .whitespaces)
            let value = String(parts[1])
            if value.isEmpty || header.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
    }

    @discardableResult
    mutating func get(_ uri: String) async throws -> (status: HTTPResponse.Status, body: String, headers: HTTPFields) {
        var headers: HTTPFields = [:]
        if !cookies.isEmpty { headers[.cookie] = cookieHeader }
        if let userAgent { headers[.userAgent] = userAgent }
        let response = try await client.execute(uri: uri, method: .get, headers: headers)
        absorb(response)
        return (response.status, String(buffer: response.body), response.headers)
    }

    @discardableResult
    mutating func post(_ uri: String, form: [String: String], contentType: String = "application/x-www-form-urlencoded")
        async throws -> (status: HTTPResponse.Status, body: String, headers: HTTPFields)
    {
        let body = form.map { "\($0.key)=\(Browser.encode($0.value))" }.joined(separator: "&")
        return try await post(uri, body: ByteBuffer(string: body), contentType: contentType)
    }

    @discardableResult
    mutating func post(_ uri: String, body: ByteBuffer, contentType: String) async throws
        -> (status: HTTPResponse.Status, body: String, headers: HTTPFields)
    {
        var headers: HTTPFields = [.contentType: contentType]
        if !cookies.isEmpty { headers[.cookie] = cookieHeader }
        if let userAgent { headers[.userAgent] = userAgent }
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: body)
        absorb(response)
        return (response.status, String(buffer: response.body), response.headers)
    }

    /// A browser of `client` signed in as `username` through the real form, the sign-in checked.
    static func signedIn(_ client: any TestClientProtocol, as username: String) async throws -> Browser {
        var browser = Browser(client)
        #expect(try await browser.signIn(username) == .seeOther, "\(username) signs in")
        return browser
    }

    /// Signs in through the real form; returns the final status of the POST.
    @discardableResult
    mutating func signIn(_ username: String, password: String? = nil) async throws -> HTTPResponse.Status {
        let page = try await get("/login")
        let token = Browser.hidden("_csrf", in: page.body) ?? ""
        return try await post(
            "/login",
            form: ["username": username, "password": password ?? WebFixture.password(username), "_csrf": token]
        ).status
    }

    /// The CSRF token of the signed-in session, read from a page's form.
    mutating func csrf() async throws -> String {
        let page = try await get("/evidence")
        return Browser.hidden("_csrf", in: page.body) ?? ""
    }

    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    static func encode(_ value: String) -> String {
        var result = ""
        for byte in value.utf8 {
            let character = Character(UnicodeScalar(byte))
            if character.isASCII && (character.isLetter || character.isNumber || "-._~".contains(character)) {
                result.append(character)
            } else {
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }
}

/// A multipart/form-data body.
struct Multipart {
    let boundary = "eqms-test-\(UUID().uuidString)"
    var data = Data()

    mutating func field(_ name: String, _ value: String) {
        data += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
    }

    mutating func file(_ name: String, filename: String, content: Data, type: String = "application/pdf") {
        data += Data(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: \(type)\r\n\r\n"
                .utf8)
        data += content
        data += Data("\r\n".utf8)
    }

    var body: ByteBuffer {
        var all = data
        all += Data("--\(boundary)--\r\n".utf8)
        return ByteBuffer(bytes: all)
    }

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }
}
