import Foundation
import Hummingbird
import QMSCore

/// Reading HTML forms and guarding them against cross-site request forgery.
enum Forms {
    /// The largest URL-encoded form accepted.
    static let maximumSize = 256 * 1024

    /// Decodes an `application/x-www-form-urlencoded` body. A field sent several times (the
    /// requirement picker's one requirement per field) arrives as its values one per line, the
    /// form the text areas, the API and CSV files use, so one reading serves them all.
    static func decode<Form: Decodable>(_ type: Form.Type, from request: Request) async throws -> Form {
        let buffer = try await request.body.collect(upTo: maximumSize)
        let text = joiningRepeatedFields(String(buffer: buffer))
        do {
            return try URLEncodedFormDecoder().decode(Form.self, from: text)
        } catch {
            throw WebInputError.formIncomplete
        }
    }

    /// The body with each field sent more than once sent once, its non-blank values joined by new lines.
    static func joiningRepeatedFields(_ body: String) -> String {
        var order: [String] = []
        var values: [String: [String]] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            if values[name] == nil { order.append(name) }
            values[name, default: []].append(parts.count > 1 ? String(parts[1]) : "")
        }
        guard values.values.contains(where: { $0.count > 1 }) else { return body }
        return order.map { name in
            let sent = values[name] ?? []
            guard sent.count > 1 else { return name + "=" + (sent.first ?? "") }
            // Still percent-encoded: "%0A" is the new line.
            return name + "=" + sent.filter { !$0.isEmpty && $0 != "+" }.joined(separator: "%0A")
        }.joined(separator: "&")
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
