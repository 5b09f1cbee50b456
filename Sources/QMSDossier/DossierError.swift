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

    public var code: String {
        switch self {
        case .noKey: return "dossier.no-key"
        case .noChromium: return "dossier.no-chromium"
        default: return reflectedCode
        }
    }

    public var arguments: [String: ErrorArgument] {
        switch self {
        case .badKey(let path, let reason), .cannotRead(let path, let reason), .cannotWrite(let path, let reason),
            .notADossier(let path, let reason):
            return ["path": "\(path)", "reason": "\(reason)"]
        case .noKey, .noChromium: return [:]
        case .noFolder(let path), .alreadyExists(let path): return ["path": "\(path)"]
        case .cannotSign(let reason), .printFailed(let reason): return ["reason": "\(reason)"]
        case .damagedStoredFile(let sha256, let reason): return ["sha256": "\(sha256)", "reason": "\(reason)"]
        case .missingResource(let name): return ["name": "\(name)"]
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
        case .cannotRead: return .advice(.checkPath)
        case .cannotWrite, .noFolder: return .advice(.checkWritableFolder)
        case .alreadyExists: return .advice(.anotherPath)
        case .cannotSign: return nil
        case .damagedStoredFile: return .run(.verify)
        case .notADossier: return .run(.exportDossier)
        case .noChromium: return .advice(.installChromium)
        case .printFailed: return .run(.withoutPDF)
        case .missingResource: return .advice(.reinstallApplication)
        }
    }
}
