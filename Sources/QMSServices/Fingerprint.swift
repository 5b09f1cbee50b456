import Crypto
import Foundation
import QMSStore

/// A streaming SHA-256, as lowercase hexadecimal.
struct SHA256Hasher {
    private var hasher = SHA256()

    mutating func update(_ data: Data) { hasher.update(data: data) }

    func hex() -> String { Hex.encode(hasher.finalize()) }
}

/// SHA-256 of bytes, as lowercase hexadecimal.
enum Fingerprint {
    static func sha256(_ data: Data) -> String {
        var hasher = SHA256Hasher()
        hasher.update(data)
        return hasher.hex()
    }
}
