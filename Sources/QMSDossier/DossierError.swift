import QMSCore

/// What can go wrong building, signing or verifying a dossier; each says how to fix it.
public enum DossierError: QMSError, Equatable {
    /// A key file cannot be used.
    case badKey(path: String, reason: String)
    /// No signing key was given.
    case noKey
    /// A file cannot be read.
    case cannotRead(path: String, reason: String)
    /// A file cannot be written.
    case cannotWrite(path: String, reason: String)
    /// A folder that must exist does not.
    case noFolder(path: String)
    /// Exports and keys never overwrite.
    case alreadyExists(path: String)
    /// Signing failed.
    case cannotSign(reason: String)
    /// A stored evidence file does not match its SHA-256 (or is missing) while being copied.
    case damagedStoredFile(sha256: String, reason: String)
    /// The path given to `verify` is neither a dossier folder nor a dossier ZIP.
    case notADossier(path: String, reason: String)
    /// Headless Chromium is not installed, or failed.
    case noChromium
    /// Chromium ran but did not print the PDF.
    case printFailed(reason: String)
    /// A template or resource is missing from the installation.
    case missingResource(name: String)

    public var message: String {
        switch self {
        case .badKey(let path, let reason): return "the key \(path) cannot be used: \(reason)"
        case .noKey: return "no signing key was given"
        case .cannotRead(let path, let reason): return "cannot read \(path): \(reason)"
        case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
        case .noFolder(let path): return "the folder \(path) does not exist"
        case .alreadyExists(let path): return "\(path) already exists"
        case .cannotSign(let reason): return "the manifest could not be signed: \(reason)"
        case .damagedStoredFile(let sha256, let reason): return "stored evidence file \(sha256) \(reason)"
        case .notADossier(let path, let reason): return "\(path) is not a readable dossier: \(reason)"
        case .noChromium:
            return "a PDF needs headless Chromium, which is not installed (no chromium program on the PATH)"
        case .printFailed(let reason): return "Chromium could not print the PDF: \(reason)"
        case .missingResource(let name): return "the dossier template \(name) is missing from the installation"
        }
    }

    public var kind: ErrorKind {
        switch self {
        case .badKey, .notADossier: return .invalid
        case .noKey, .noChromium, .printFailed, .missingResource, .cannotSign, .cannotWrite: return .unavailable
        case .cannotRead, .noFolder: return .notFound
        case .alreadyExists: return .conflict
        case .damagedStoredFile: return .damaged
        }
    }

    public var fix: Fix? {
        switch self {
        case .badKey, .noKey:
            return .run(.generateKeys)
        case .cannotRead: return "check the path and that you may read it"
        case .cannotWrite, .noFolder: return "check that the folder exists and that you may write in it"
        case .alreadyExists: return "choose another path, or move the existing one away; nothing is overwritten"
        case .cannotSign: return nil
        case .damagedStoredFile: return .run(.verify)
        case .notADossier: return .run(.exportDossier)
        case .noChromium: return "install it with `apt-get install chromium` (Debian's package), then export again"
        case .printFailed: return .run(.withoutPDF)
        case .missingResource: return "reinstall eqms with its resource bundles"
        }
    }
}
