import Foundation

/// `manifest.json` of a dossier: every file's path, size and SHA-256, and the key that signed it.
///
/// `manifest.sig` beside it holds the 64-byte Ed25519 signature of the manifest's exact bytes.
/// Neither file lists itself; everything else in the dossier is listed, sorted by path.
public struct DossierManifest: Sendable, Codable, Equatable {
    /// One file of the dossier.
    public struct Entry: Sendable, Codable, Hashable, Comparable {
        /// Relative to the dossier's root, with `/` separators: `en/index.html`, `files/ab12…`.
        public var path: String
        public var size: Int64
        /// Lowercase hexadecimal.
        public var sha256: String

        /// Creates an entry.
        public init(path: String, size: Int64, sha256: String) {
            self.path = path
            self.size = size
            self.sha256 = sha256
        }

        /// Paths compare by their UTF-8 bytes, the same order everywhere (Swift's `<` on strings
        /// follows Unicode canonical ordering, which could differ from a byte sort).
        public static func < (lhs: Entry, rhs: Entry) -> Bool { DossierPath.precedes(lhs.path, rhs.path) }
    }

    /// The key that signed the manifest.
    public struct Signature: Sendable, Codable, Equatable {
        /// Always `Ed25519`.
        public var algorithm: String
        /// The raw 32-byte public key, base64.
        public var publicKey: String
        /// SHA-256 of the raw public key, hexadecimal.
        public var fingerprint: String
        /// The signature file, beside the manifest.
        public var file: String
    }

    public var format: String
    public var version: Int
    /// The day the dossier speaks for.
    public var asOf: String
    /// The first day of the period its audit-trail excerpt covers.
    public var from: String
    /// The organisation's short name.
    public var organisation: String
    public var standards: [String]
    public var languages: [String]
    /// Whether restricted evidence files were included (otherwise listed by hash only).
    public var restrictedIncluded: Bool
    public var signature: Signature
    public var files: [Entry]

    /// The manifest's own file name.
    public static let fileName = "manifest.json"
    /// The signature's file name.
    public static let signatureFileName = "manifest.sig"
}

/// Writes `manifest.json` with a fixed layout (one file per line, keys in a fixed order) so that
/// the same dossier always gives the same bytes, without holding the list of files in memory.
struct ManifestWriter {
    private(set) var data = Data()

    init(header: DossierManifest) {
        var text = "{\n"
        text += "  \"format\": \(JSONText.string(header.format)),\n"
        text += "  \"version\": \(header.version),\n"
        text += "  \"asOf\": \(JSONText.string(header.asOf)),\n"
        text += "  \"from\": \(JSONText.string(header.from)),\n"
        text += "  \"organisation\": \(JSONText.string(header.organisation)),\n"
        text += "  \"standards\": [\(header.standards.map(JSONText.string).joined(separator: ", "))],\n"
        text += "  \"languages\": [\(header.languages.map(JSONText.string).joined(separator: ", "))],\n"
        text += "  \"restrictedIncluded\": \(header.restrictedIncluded),\n"
        let signature = header.signature
        text += "  \"signature\": {\"algorithm\": \(JSONText.string(signature.algorithm)), "
        text += "\"publicKey\": \(JSONText.string(signature.publicKey)), "
        text += "\"fingerprint\": \(JSONText.string(signature.fingerprint)), "
        text += "\"file\": \(JSONText.string(signature.file))},\n"
        text += "  \"files\": ["
        data.append(contentsOf: text.utf8)
    }

    private var count = 0

    /// Adds the next entry; entries must come in path order.
    mutating func add(_ entry: DossierManifest.Entry) {
        let line =
            (count == 0 ? "\n" : ",\n") + "    {\"path\": \(JSONText.string(entry.path)), \"size\": \(entry.size), "
            + "\"sha256\": \(JSONText.string(entry.sha256))}"
        data.append(contentsOf: line.utf8)
        count += 1
    }

    /// Closes the document.
    mutating func finish() {
        data.append(contentsOf: ((count == 0 ? "" : "\n  ") + "]\n}\n").utf8)
    }
}

/// JSON string literals, escaped as RFC 8259 asks (and nothing more, so the bytes are fixed).
enum JSONText {
    static func string(_ value: String) -> String {
        var result = "\""
        result.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

/// Rules for paths inside a dossier.
enum DossierPath {
    /// Byte order of the UTF-8 forms.
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// Whether a manifest path is safe to join to a folder: relative, no `..`, no empty parts,
    /// no backslashes or control characters (a forged manifest must not make verify read elsewhere).
    static func isSafe(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), path.utf8.count <= 1024 else { return false }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\\" }) { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && part != "." && part != ".."
        }
    }
}
