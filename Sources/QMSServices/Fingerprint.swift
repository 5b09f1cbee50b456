import Crypto
import Foundation

/// A streaming SHA-256, as lowercase hexadecimal.
struct SHA256Hasher {
    private var hasher = SHA256()

    mutating func update(_ data: Data) { hasher.update(data: data) }

    func hex() -> String { hasher.finalize().map { String(format: "%02x", $0) }.joined() }
}

/// SHA-256 of bytes, as lowercase hexadecimal.
enum Fingerprint {
    static func sha256(_ data: Data) -> String {
        var hasher = SHA256Hasher()
        hasher.update(data)
        return hasher.hex()
    }
}
