import Crypto
import Foundation
import QMSCore

/// The organisation's Ed25519 key that signs its dossiers' manifests.
///
/// Keys are kept as PEM files in the standard encodings of RFC 8410 (PKCS #8 for the private key,
/// SubjectPublicKeyInfo for the public one), so that an auditor can check a signature with
/// OpenSSL as well as with `eqms dossier verify`.
public struct DossierSigningKey: Sendable {
    let key: Curve25519.Signing.PrivateKey

    /// A new random key.
    public static func generate() -> DossierSigningKey { DossierSigningKey(key: Curve25519.Signing.PrivateKey()) }

    /// Reads a private key file (PEM, PKCS #8).
    public init(contentsOf url: URL) throws(DossierError) {
        let der = try PEM.read(url, label: "PRIVATE KEY")
        guard der.count == PEM.privateKeyPrefix.count + 32, der.starts(with: PEM.privateKeyPrefix) else {
            throw .badKey(path: url.path, reason: "it is not an Ed25519 private key")
        }
        do {
            key = try Curve25519.Signing.PrivateKey(rawRepresentation: der.dropFirst(PEM.privateKeyPrefix.count))
        } catch {
            throw .badKey(path: url.path, reason: "the key bytes are not valid")
        }
    }

    init(key: Curve25519.Signing.PrivateKey) { self.key = key }

    /// The public half, to publish and to verify with.
    public var publicKey: DossierVerifyingKey { DossierVerifyingKey(key: key.publicKey) }

    /// The private key as a PEM file's text.
    public var pem: String { PEM.encode(PEM.privateKeyPrefix + key.rawRepresentation, label: "PRIVATE KEY") }

    /// Signs `data`. swift-crypto on Linux signs with BoringSSL's Ed25519, which is deterministic
    /// (RFC 8032): the same key and bytes give the same signature, so dossiers are reproducible
    /// byte for byte. CryptoKit on Apple platforms randomises signatures; there the signature file
    /// differs from one export to the next, and still verifies.
    public func sign(_ data: Data) throws(DossierError) -> Data {
        do {
            return try key.signature(for: data)
        } catch {
            throw .cannotSign(reason: "\(error)")
        }
    }

    /// Writes the key pair as `dossier-signing.key` (mode 600) and `dossier-signing.pub` in
    /// `folder`, refusing to overwrite either.
    public func write(to folder: URL) throws(DossierError) -> (privateKey: URL, publicKey: URL) {
        let privateURL = folder.appendingPathComponent(DossierSigningKey.privateKeyFileName)
        let publicURL = folder.appendingPathComponent(DossierSigningKey.publicKeyFileName)
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
            // A folder that does not exist yet is made, as users expect; existing keys are never replaced.
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw .cannotWrite(path: folder.path, reason: error.localizedDescription)
            }
            isDirectory = true
        }
        guard isDirectory.boolValue else { throw .noFolder(path: folder.path) }
        for url in [privateURL, publicURL] where FileManager.default.fileExists(atPath: url.path) {
            throw .alreadyExists(path: url.path)
        }
        // The private key is created with mode 600 from the start, never readable by others even briefly.
        let descriptor = open(privateURL.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw .cannotWrite(path: privateURL.path, reason: String(cString: strerror(errno)))
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: Data(pem.utf8))
            try handle.synchronize()
            try handle.close()
            try Data(publicKey.pem.utf8).write(to: publicURL, options: .withoutOverwriting)
        } catch {
            throw .cannotWrite(path: folder.path, reason: error.localizedDescription)
        }
        return (privateURL, publicURL)
    }

    /// The name of the private key file `eqms keys generate` writes.
    public static let privateKeyFileName = "dossier-signing.key"
    /// The name of the public key file `eqms keys generate` writes.
    public static let publicKeyFileName = "dossier-signing.pub"
}

/// The public half of a dossier signing key: what an auditor verifies a dossier with.
public struct DossierVerifyingKey: Sendable, Hashable {
    let key: Curve25519.Signing.PublicKey

    init(key: Curve25519.Signing.PublicKey) { self.key = key }

    /// A key from its 32 raw bytes.
    public init(rawRepresentation: Data) throws(DossierError) {
        do {
            key = try Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation)
        } catch {
            throw .badKey(path: "manifest.json", reason: "the public key is not 32 bytes of Ed25519")
        }
    }

    /// Reads a public key file (PEM, SubjectPublicKeyInfo); a private key file is accepted too,
    /// its public half taken.
    public init(contentsOf url: URL) throws(DossierError) {
        if let text = try? String(contentsOf: url, encoding: .utf8), text.contains("-----BEGIN PRIVATE KEY-----") {
            self = try DossierSigningKey(contentsOf: url).publicKey
            return
        }
        let der = try PEM.read(url, label: "PUBLIC KEY")
        guard der.count == PEM.publicKeyPrefix.count + 32, der.starts(with: PEM.publicKeyPrefix) else {
            throw .badKey(path: url.path, reason: "it is not an Ed25519 public key")
        }
        do {
            key = try Curve25519.Signing.PublicKey(rawRepresentation: der.dropFirst(PEM.publicKeyPrefix.count))
        } catch {
            throw .badKey(path: url.path, reason: "the key bytes are not valid")
        }
    }

    /// The 32 raw bytes.
    public var rawRepresentation: Data { key.rawRepresentation }

    /// The public key as a PEM file's text.
    public var pem: String { PEM.encode(PEM.publicKeyPrefix + key.rawRepresentation, label: "PUBLIC KEY") }

    /// SHA-256 of the raw public key, lowercase hexadecimal: what the cover prints and people compare.
    public var fingerprint: String { Hex.encode(SHA256.hash(data: key.rawRepresentation)) }

    /// The fingerprint in groups of four, for people to read aloud and compare.
    public var groupedFingerprint: String { DossierVerifyingKey.group(fingerprint) }

    /// Whether `signature` is this key's signature of `data`.
    public func isValidSignature(_ signature: Data, for data: Data) -> Bool {
        key.isValidSignature(signature, for: data)
    }

    static func group(_ hex: String) -> String {
        var groups: [String] = []
        var current = ""
        for character in hex {
            current.append(character)
            if current.count == 4 {
                groups.append(current)
                current = ""
            }
        }
        if !current.isEmpty { groups.append(current) }
        return groups.joined(separator: " ")
    }

    public static func == (lhs: DossierVerifyingKey, rhs: DossierVerifyingKey) -> Bool {
        lhs.rawRepresentation == rhs.rawRepresentation
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(rawRepresentation) }
}

/// PEM armour and the fixed DER prefixes of RFC 8410 Ed25519 keys.
enum PEM {
    /// PKCS #8 PrivateKeyInfo for Ed25519 up to the 32-byte seed.
    static let privateKeyPrefix = Data([
        0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ])
    /// SubjectPublicKeyInfo for Ed25519 up to the 32-byte key.
    static let publicKeyPrefix = Data([0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00])

    static func encode(_ der: Data, label: String) -> String {
        let base64 = der.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN \(label)-----\n\(base64)\n-----END \(label)-----\n"
    }

    static func read(_ url: URL, label: String) throws(DossierError) -> Data {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw .cannotRead(path: url.path, reason: error.localizedDescription)
        }
        let begin = "-----BEGIN \(label)-----"
        let end = "-----END \(label)-----"
        guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex)
        else {
            throw .badKey(path: url.path, reason: "no \(begin) block")
        }
        let body = text[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }
        guard let der = Data(base64Encoded: String(body)) else {
            throw .badKey(path: url.path, reason: "the PEM block is not base64")
        }
        return der
    }
}

/// Lowercase hexadecimal.
enum Hex {
    static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var result = [UInt8]()
        result.reserveCapacity(64)
        for byte in bytes {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: result, as: UTF8.self)
    }
}
