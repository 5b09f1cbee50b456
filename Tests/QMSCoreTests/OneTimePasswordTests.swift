import Testing

@testable import QMSCore

@Suite("One-time passwords without the HMAC: truncation, steps, base 32, codes as typed")
struct OneTimePasswordTests {
    /// RFC 4226 5.4's worked example: this HMAC-SHA-1 truncates at offset 10 to 0x50ef7f19,
    /// 1357872921 in decimal, whose last six digits are the code.
    @Test("dynamic truncation gives RFC 4226's worked example")
    func truncation() throws {
        let hex = "1f8698690e02ca16618550ef7f19da8e945b555a"
        let mac = try #require(bytes(hex: hex))
        #expect(OneTimePassword.truncate(mac, digits: 6) == "872921")
        #expect(OneTimePassword.truncate(mac, digits: 8) == "57872921")
        #expect(OneTimePassword.truncate(mac, digits: 9) == "357872921")
        #expect(OneTimePassword.truncate(Array(mac.prefix(19)), digits: 6) == nil, "shorter than any HMAC")
    }

    @Test("a step is floor(seconds / period) and its counter is eight big-endian bytes")
    func steps() {
        #expect(OneTimePassword.step(at: 59, period: 30) == 1)
        #expect(OneTimePassword.step(at: 60, period: 30) == 2)
        #expect(OneTimePassword.step(at: 1_111_111_109, period: 30) == 0x23523EC)
        #expect(OneTimePassword.step(at: -1, period: 30) == -1)
        #expect(OneTimePassword.counter(0x23523EC) == [0, 0, 0, 0, 0x02, 0x35, 0x23, 0xEC])
        #expect(OneTimePassword.counter(20_000_000_000 / 30) == [0, 0, 0, 0, 0x27, 0xBC, 0x86, 0xAA])
    }

    @Test("base 32 follows RFC 4648's test vectors and reads back what it wrote")
    func base32() {
        let vectors = [
            "": "", "f": "MY", "fo": "MZXQ", "foo": "MZXW6", "foob": "MZXW6YQ", "fooba": "MZXW6YTB",
            "foobar": "MZXW6YTBOI",
        ]
        for (plain, encoded) in vectors {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(Base32.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base32.decode("mzxw 6ytb-oi======") == Array("foobar".utf8), "case, spaces and padding ignored")
        #expect(Base32.decode("MZXW1") == nil, "1 is not a base 32 digit")
    }

    @Test("a code as pasted: groups and other digits are read, anything else refused")
    func normalised() {
        #expect(OneTimePassword.normalised("123 456", digits: 6) == "123456")
        #expect(OneTimePassword.normalised(" 123-456\n", digits: 6) == nil, "a line break is not a separator")
        #expect(OneTimePassword.normalised("١٢٣٤٥٦", digits: 6) == "123456")
        #expect(OneTimePassword.normalised("۱۲۳۴۵۶", digits: 6) == "123456")
        #expect(OneTimePassword.normalised("12345", digits: 6) == nil)
        #expect(OneTimePassword.normalised("12345a", digits: 6) == nil)
        #expect(OneTimePassword.constantTimeEqual("123456", "123456"))
        #expect(!OneTimePassword.constantTimeEqual("123456", "123457"))
        #expect(!OneTimePassword.constantTimeEqual("123456", "12345"))
    }

    @Test("recovery codes: 16 symbols of Crockford's alphabet, grouped, read back as typed")
    func recoveryCodes() throws {
        let code = RecoveryCode.format(randomBytes: [0xFF, 0, 0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 0xDE, 0xF0])
        #expect(code.count == 19)
        #expect(code.split(separator: "-").map(\.count) == [4, 4, 4, 4])
        let normal = try #require(RecoveryCode.normalised(code.lowercased()))
        #expect(normal == code.replacingOccurrences(of: "-", with: ""))
        #expect(RecoveryCode.normalised("ABCD-EFGH-JKMN-PQRO") == "ABCDEFGHJKMNPQR0", "O read as zero")
        #expect(RecoveryCode.normalised("ABCD-EFGH-JKMN-PQRU") == nil, "U is not in the alphabet")
        #expect(RecoveryCode.normalised("ABCD-EFGH") == nil)
    }

    @Test("the enrolment URL percent-encodes issuer and account and carries the secret in base 32")
    func authenticatorURL() {
        let url = AuthenticatorURL.make(
            issuer: "ElectoralQMS (HNEC)", account: "amal:x y", secret: Array("12345678901234567890".utf8),
            parameters: TOTPParameters())
        #expect(
            url
                == "otpauth://totp/ElectoralQMS%20%28HNEC%29:amal%20x%20y?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=ElectoralQMS%20%28HNEC%29&algorithm=SHA1&digits=6&period=30")
    }

    /// The window and the replay rule, with codes that stand for steps (the HMAC is the services').
    @Test("verification accepts ±1 step, refuses beyond, and refuses a step at or before the last accepted")
    func window() {
        let parameters = TOTPParameters()
        let codeAt: (Int64) -> String? = { String(format6: $0) }
        let now: Int64 = 1_800_000_015
        let current = OneTimePassword.step(at: now, period: 30)
        let verify = { (code: String, last: Int64?) in
            OneTimePassword.verify(code, at: now, lastAcceptedStep: last, parameters: parameters, codeAt: codeAt)
        }
        #expect(verify(String(format6: current), nil) == current)
        #expect(verify(String(format6: current - 1), nil) == current - 1)
        #expect(verify(String(format6: current + 1), nil) == current + 1)
        #expect(verify(String(format6: current - 2), nil) == nil)
        #expect(verify(String(format6: current + 2), nil) == nil)
        #expect(verify(String(format6: current), current) == nil, "the same step again")
        #expect(verify(String(format6: current - 1), current - 1) == nil)
        #expect(verify(String(format6: current + 1), current) == current + 1, "a later step after an accepted one")
        #expect(verify("12345", nil) == nil)
    }
}

/// The bytes of a hexadecimal text.
private func bytes(hex: String) -> [UInt8]? {
    let digits = Array(hex)
    guard digits.count % 2 == 0 else { return nil }
    return stride(from: 0, to: digits.count, by: 2).compactMap { UInt8(String(digits[$0...$0 + 1]), radix: 16) }
}

extension String {
    /// A six-digit stand-in code for a step.
    fileprivate init(format6 step: Int64) {
        let number = String(step % 1_000_000)
        self = String(repeating: "0", count: 6 - number.count) + number
    }
}
