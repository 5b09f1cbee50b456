import Foundation
import QMSCore
import Testing

@testable import QMSServices

@Suite("TOTP codes (RFC 6238) through swift-crypto's HMAC")
struct TOTPTests {
    /// RFC 6238 Appendix B: the seed of each algorithm is "1234567890" repeated to the hash's
    /// length (20, 32 and 64 bytes), codes of 8 digits, a 30-second step.
    static let seeds: [OTPAlgorithm: String] = [
        .sha1: "12345678901234567890",
        .sha256: "12345678901234567890123456789012",
        .sha512: "1234567890123456789012345678901234567890123456789012345678901234",
    ]

    /// Appendix B's table: time, then the SHA-1, SHA-256 and SHA-512 codes.
    static let vectors: [(time: Int64, sha1: String, sha256: String, sha512: String)] = [
        (59, "94287082", "46119246", "90693936"),
        (1_111_111_109, "07081804", "68084774", "25091201"),
        (1_111_111_111, "14050471", "67062674", "99943326"),
        (1_234_567_890, "89005924", "91819424", "93441116"),
        (2_000_000_000, "69279037", "90698825", "38618901"),
        (20_000_000_000, "65353130", "77737706", "47863826"),
    ]

    @Test("every test vector of RFC 6238 Appendix B", arguments: OTPAlgorithm.allCases)
    func appendixB(algorithm: OTPAlgorithm) throws {
        let seed = try #require(Self.seeds[algorithm])
        let totp = TOTP(
            secret: Array(seed.utf8), parameters: TOTPParameters(algorithm: algorithm, digits: 8))
        for vector in Self.vectors {
            let expected: String
            switch algorithm {
            case .sha1: expected = vector.sha1
            case .sha256: expected = vector.sha256
            case .sha512: expected = vector.sha512
            }
            #expect(totp.code(at: vector.time) == expected, "\(algorithm) at \(vector.time)")
            // And each verifies at its own time, as the step it belongs to.
            #expect(totp.verify(expected, at: vector.time, lastAcceptedStep: nil) == vector.time / 30)
        }
    }

    @Test("RFC 4226 Appendix D: the HOTP values of counters 0 to 9 in six digits")
    func hotp() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489",
        ]
        #expect((0..<10).map { totp.code(step: Int64($0)) } == expected)
    }

    @Test("the window: a code is good from the start of the step before to the end of the step after")
    func windowEdges() {
        let totp = TOTP(secret: TOTP.randomSecret())
        let stepStart: Int64 = 1_800_000_000 - 1_800_000_000 % 30
        let code = totp.code(at: stepStart)
        let step = stepStart / 30
        // Its own step, first and last second.
        #expect(totp.verify(code, at: stepStart, lastAcceptedStep: nil) == step)
        #expect(totp.verify(code, at: stepStart + 29, lastAcceptedStep: nil) == step)
        // One step late (the clock of the server ahead) and one step early, at their far edges.
        #expect(totp.verify(code, at: stepStart + 59, lastAcceptedStep: nil) == step)
        #expect(totp.verify(code, at: stepStart - 30, lastAcceptedStep: nil) == step)
        // Just beyond, either side.
        #expect(totp.verify(code, at: stepStart + 60, lastAcceptedStep: nil) == nil)
        #expect(totp.verify(code, at: stepStart - 31, lastAcceptedStep: nil) == nil)
        // As pasted with a space between the groups.
        #expect(totp.verify(code.prefix(3) + " " + code.dropFirst(3), at: stepStart, lastAcceptedStep: nil) == step)
    }

    @Test("replay: a step at or before the last accepted one is refused, a later one accepted")
    func replay() {
        let totp = TOTP(secret: TOTP.randomSecret())
        let now: Int64 = 1_800_000_015
        let step = now / 30
        let code = totp.code(at: now)
        let accepted = totp.verify(code, at: now, lastAcceptedStep: nil)
        #expect(accepted == step)
        #expect(totp.verify(code, at: now, lastAcceptedStep: accepted) == nil)
        #expect(totp.verify(code, at: now + 30, lastAcceptedStep: accepted) == nil, "still in the window, but used")
        // The previous step's code, though in the window, is older than the accepted one.
        #expect(totp.verify(totp.code(step: step - 1), at: now, lastAcceptedStep: accepted) == nil)
        #expect(totp.verify(totp.code(step: step + 1), at: now, lastAcceptedStep: accepted) == step + 1)
    }
}
