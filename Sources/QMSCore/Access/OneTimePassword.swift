/// The HMAC a one-time password is computed with (RFC 6238 allows SHA-1, SHA-256 and SHA-512).
///
/// Authenticator applications read SHA-1 everywhere, and some ignore the `algorithm` parameter of
/// the enrolment URL, so SHA-1 is the default: HMAC-SHA-1 has no known weakness as a MAC.
public enum OTPAlgorithm: String, Sendable, Hashable, Codable, CaseIterable {
    case sha1 = "SHA1"
    case sha256 = "SHA256"
    case sha512 = "SHA512"
}

/// How codes are made and how lenient verification is: digits, time step and clock-skew window.
public struct TOTPParameters: Sendable, Hashable {
    /// The HMAC.
    public var algorithm: OTPAlgorithm
    /// Digits in a code (6 for people; RFC 6238's test vectors use 8).
    public var digits: Int
    /// The time step, in seconds.
    public var period: Int64
    /// Steps accepted either side of the current one, for clocks that drift and people who type slowly.
    public var window: Int64

    /// The parameters every authenticator application understands: SHA-1, 6 digits, 30 s, ±1 step.
    public init(algorithm: OTPAlgorithm = .sha1, digits: Int = 6, period: Int64 = 30, window: Int64 = 1) {
        self.algorithm = algorithm
        self.digits = min(max(digits, 6), 9)
        self.period = max(period, 1)
        self.window = max(window, 0)
    }
}

/// The parts of RFC 4226 (HOTP) and RFC 6238 (TOTP) that need no cryptography: the moving
/// factor, dynamic truncation and the verification window with its replay rule. The HMAC itself
/// is given by the caller, so that the domain stays free of I/O and of packages.
public enum OneTimePassword {
    /// The time step containing `seconds` since 1970 (RFC 6238 4.2: floor((T − T0) / X), T0 = 0).
    public static func step(at seconds: Int64, period: Int64 = 30) -> Int64 {
        let period = max(period, 1)
        // Floor, not truncation toward zero, so that a clock before 1970 cannot share step 0.
        return seconds >= 0 ? seconds / period : -((-seconds + period - 1) / period)
    }

    /// The moving factor as HMAC hashes it: the step as 8 bytes, most significant first.
    public static func counter(_ step: Int64) -> [UInt8] {
        let value = UInt64(bitPattern: step)
        return (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64($0))) }
    }

    /// RFC 4226 5.3's dynamic truncation of an HMAC into a code of `digits` decimal digits, with
    /// leading zeros. The offset is the low 4 bits of the last byte; the 31 bits read there are
    /// reduced modulo 10^digits. Nil when `mac` is too short to be an HMAC (fewer than 20 bytes).
    public static func truncate(_ mac: [UInt8], digits: Int) -> String? {
        guard mac.count >= 20, (1...9).contains(digits) else { return nil }
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary =
            (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8)
            | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let number = String(binary % modulus)
        return String(repeating: "0", count: digits - number.count) + number
    }

    /// A code as typed or pasted, reduced to its digits: spaces, hyphens and dots that
    /// authenticators show between groups are dropped, and Arabic-Indic or Persian digits read as
    /// ASCII ones. Nil when anything else is there or the count of digits is wrong.
    public static func normalised(_ text: String, digits: Int) -> String? {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x30...0x39: result.unicodeScalars.append(scalar)
            case 0x660...0x669: result.append(Character(Unicode.Scalar(UInt8(scalar.value - 0x660 + 0x30))))
            case 0x6F0...0x6F9: result.append(Character(Unicode.Scalar(UInt8(scalar.value - 0x6F0 + 0x30))))
            case 0x20, 0x2D, 0x2E, 0x09, 0xA0, 0x202F: continue
            default: return nil
            }
        }
        return result.count == digits ? result : nil
    }

    /// Compares two codes in a time that depends only on their length, so that timing does not
    /// tell how many leading digits of a guess were right.
    public static func constantTimeEqual(_ left: String, _ right: String) -> Bool {
        let a = Array(left.utf8)
        let b = Array(right.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    /// The step whose code `code` is, within the window around the step of `seconds`, and later
    /// than `lastAcceptedStep`; nil when there is none.
    ///
    /// A step at or before the last accepted one is refused even when its code matches: a code
    /// seen once (over a shoulder, in a proxy's log) must not open a second session. The caller
    /// records the returned step as the last accepted one, atomically, before granting anything.
    /// - Parameters:
    ///   - code: the code as normalised by ``normalised(_:digits:)``.
    ///   - codeAt: the code of a step (the HMAC of ``counter(_:)`` under the secret, truncated).
    public static func verify(
        _ code: String, at seconds: Int64, lastAcceptedStep: Int64?, parameters: TOTPParameters,
        codeAt: (Int64) -> String?
    ) -> Int64? {
        guard code.count == parameters.digits else { return nil }
        let current = step(at: seconds, period: parameters.period)
        var matched: Int64?
        // Every step of the window is computed and compared, matched or not: the time taken does
        // not say which step matched.
        for candidate in (current - parameters.window)...(current + parameters.window) {
            guard let expected = codeAt(candidate) else { continue }
            let equal = constantTimeEqual(expected, code)
            if equal, matched == nil, candidate > (lastAcceptedStep ?? Int64.min) { matched = candidate }
        }
        return matched
    }
}

/// RFC 4648 base 32 (A–Z, 2–7), the form authenticator applications take a secret in.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// The bytes as base 32 without padding (`=`), as the `otpauth://` URL carries them.
    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes of a base 32 text, ignoring case, spaces, hyphens and padding; nil when another
    /// character is there.
    public static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in text.utf8 {
            let value: UInt8
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = byte - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = byte - UInt8(ascii: "a")
            case UInt8(ascii: "2")...UInt8(ascii: "7"): value = byte - UInt8(ascii: "2") + 26
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "="): continue
            default: return nil
            }
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits - 8)))
                bits -= 8
            }
        }
        return output
    }
}

/// The enrolment URL authenticator applications read from a QR code
/// (`otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=…`, the Key Uri Format that Google
/// Authenticator defined and the others follow).
public enum AuthenticatorURL {
    /// The URL for a secret; `issuer` names the system and the organisation, `account` the user.
    public static func make(issuer: String, account: String, secret: [UInt8], parameters: TOTPParameters)
        -> String
    {
        // A colon separates issuer from account in the label: one inside either would split it wrongly.
        let issuer = issuer.replacingColons()
        let label = escape(issuer) + ":" + escape(account.replacingColons())
        return "otpauth://totp/" + label + "?secret=" + Base32.encode(secret) + "&issuer=" + escape(issuer)
            + "&algorithm=" + parameters.algorithm.rawValue + "&digits=\(parameters.digits)&period=\(parameters.period)"
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters (a space becomes `%20`,
    /// which every authenticator reads; `+` is read as a plus by some).
    static func escape(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF")
                result += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 15)])
            }
        }
        return result
    }
}

/// One-time recovery codes: what a user types when the authenticator is lost.
///
/// Sixteen characters of a 32-symbol alphabet without look-alikes (no 0/O, 1/I/L, U): 80 random
/// bits, shown in four groups of four. That entropy is why the store may keep them as a salted
/// SHA-256 rather than bcrypt: no offline search reaches 2^80, and a lookup by hash lets one
/// `UPDATE` consume a code atomically, where bcrypt would have to try all ten hashes at 60 ms each.
public enum RecoveryCode {
    /// The symbols (Crockford's base 32).
    public static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    /// Symbols in a code.
    public static let length = 16
    /// Codes issued at each enrolment.
    public static let count = 10

    /// A code from 10 random bytes (80 bits, 16 symbols), grouped `XXXX-XXXX-XXXX-XXXX`.
    public static func format(randomBytes bytes: [UInt8]) -> String {
        var symbols: [Character] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5, symbols.count < length {
                symbols.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        return stride(from: 0, to: symbols.count, by: 4).map { String(symbols[$0..<min($0 + 4, symbols.count)]) }
            .joined(separator: "-")
    }

    /// A code as typed: upper case, groups' hyphens and spaces dropped, the look-alikes people
    /// type (O, I, L) read as the digits they stand for. Nil when it cannot be a code.
    public static func normalised(_ text: String) -> String? {
        var result = ""
        for character in text.uppercased() {
            switch character {
            case "-", " ", "\u{A0}": continue
            case "O": result.append("0")
            case "I", "L": result.append("1")
            default:
                guard alphabet.contains(character) else { return nil }
                result.append(character)
            }
        }
        return result.count == length ? result : nil
    }
}

extension String {
    fileprivate func replacingColons() -> String {
        String(map { $0 == ":" ? " " : $0 })
    }
}
