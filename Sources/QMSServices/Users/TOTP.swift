import Crypto
import Foundation
import QMSCore

/// Time-based one-time passwords (RFC 6238) for one secret: the HMAC through swift-crypto, the rest
/// (truncation, window, replay rule) in ``OneTimePassword`` of the domain.
public struct TOTP: Sendable {
    /// The shared secret, as raw bytes.
    public let secret: [UInt8]
    /// Algorithm, digits, period and window.
    public let parameters: TOTPParameters

    /// A generator for a secret.
    public init(secret: [UInt8], parameters: TOTPParameters = TOTPParameters()) {
        self.secret = secret
        self.parameters = parameters
    }

    /// The code of a time step (the HOTP value of RFC 4226 with the step as the counter).
    public func code(step: Int64) -> String {
        let message = OneTimePassword.counter(step)
        let key = SymmetricKey(data: secret)
        let mac: [UInt8]
        switch parameters.algorithm {
        case .sha1: mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
        case .sha256: mac = Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        case .sha512: mac = Array(HMAC<SHA512>.authenticationCode(for: message, using: key))
        }
        // Every HMAC here is at least 20 bytes and digits are 6 to 9, so truncation always answers.
        return OneTimePassword.truncate(mac, digits: parameters.digits) ?? ""
    }

    /// The code at `seconds` since 1970.
    public func code(at seconds: Int64) -> String {
        code(step: OneTimePassword.step(at: seconds, period: parameters.period))
    }

    /// The step `code` belongs to within the window around `seconds`, later than
    /// `lastAcceptedStep`; nil when it is wrong, too old, too early, or already used.
    public func verify(_ code: String, at seconds: Int64, lastAcceptedStep: Int64?) -> Int64? {
        guard let code = OneTimePassword.normalised(code, digits: parameters.digits) else { return nil }
        return OneTimePassword.verify(
            code, at: seconds, lastAcceptedStep: lastAcceptedStep, parameters: parameters,
            codeAt: { self.code(step: $0) })
    }

    /// A new random secret of `count` bytes (20, SHA-1's block of output, as RFC 4226 recommends).
    public static func randomSecret(count: Int = 20) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}
