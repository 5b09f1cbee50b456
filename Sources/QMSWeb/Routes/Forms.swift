import Foundation
import Hummingbird
import QMSCore

/// Reading HTML forms and guarding them against cross-site request forgery.
enum Forms {
    /// The largest URL-encoded form accepted.
    static let maximumSize = 256 * 1024

    /// Decodes an `application/x-www-form-urlencoded` body.
    static func decode<Form: Decodable>(_ type: Form.Type, from request: Request) async throws -> Form {
        let buffer = try await request.body.collect(upTo: maximumSize)
        let text = String(buffer: buffer)
        do {
            return try URLEncodedFormDecoder().decode(Form.self, from: text)
        } catch {
            throw WebInputError.formIncomplete
        }
    }

    /// Refuses a submission whose CSRF token does not match the session's (403).
    static func verify(_ token: String?, context: WebContext) throws {
        guard let expected = context.sessions.session?.csrf, let token, constantTimeEqual(token, expected) else {
            throw HTTPError(
                .forbidden, message: "the form's security token is missing or wrong; reload the page and try again")
        }
    }

    /// Compares without leaking, through timing, how much of the token was right.
    static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }

    /// A random token for sessions and forms.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }

    /// A value from the query string, nil when blank.
    static func query(_ request: Request, _ name: String) -> String? {
        guard let value = request.uri.queryParameters[Substring(name)].map(String.init), !value.isEmpty else {
            return nil
        }
        return value.removingPercentEncoding ?? value
    }

    /// Only local paths may be redirected to after sign-in (no open redirect).
    static func safeNext(_ target: String?) -> String {
        guard let target, target.hasPrefix("/"), !target.hasPrefix("//"), !target.contains("\\") else { return "/" }
        return target
    }
}
