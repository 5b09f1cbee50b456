import Foundation
import QMSCore

/// A file's content as stored: addressed by its SHA-256.
public struct StoredFile: Sendable, Hashable, Codable {
    public var sha256: String
    public var size: Int64
    public var mediaType: String
}

/// Where evidence files are kept, each content once, addressed by its SHA-256.
///
/// A file is stored (written, flushed to disk, renamed into place) before any database
/// transaction refers to it, so a crash can leave an unreferenced file but never a record that
/// points at a missing one.
public protocol FileStore: Sendable {
    /// The largest file accepted, in bytes.
    var maximumFileSize: Int64 { get }
    /// Streams the file at `url` into the store and returns its address.
    func store(contentsOf url: URL, displayName: String) throws -> StoredFile
    /// Whether content with this hash is stored.
    func contains(_ sha256: String) -> Bool
    /// Reads stored content in chunks, in order, without loading it whole.
    func read(_ sha256: String, chunk: (Data) throws -> Void) throws
    /// Every stored hash (for integrity checks).
    func allHashes() throws -> [String]
    /// Opens stored content for reading chunk by chunk (for streaming it to a client).
    func open(_ sha256: String) throws -> any StoredFileReader
}

/// Stored content being read, a chunk at a time.
public protocol StoredFileReader: Sendable {
    /// The next chunk, or nil at the end.
    func nextChunk() throws -> Data?
    /// Releases the file.
    func close()
}

/// Errors of the file store.
public enum FileStoreError: QMSError, Equatable {
    case cannotRead(path: String, reason: String)
    case notARegularFile(path: String)
    case tooLarge(path: String, limit: Int64)
    case cannotWrite(path: String, reason: String)
    case missing(sha256: String)

    public var arguments: [String: ErrorArgument] {
        switch self {
        case .cannotRead(let path, let reason), .cannotWrite(let path, let reason):
            return ["path": "\(path)", "reason": "\(reason)"]
        case .notARegularFile(let path): return ["path": "\(path)"]
        case .tooLarge(let path, let limit): return ["path": "\(path)", "limit": .number(Int(limit / 1_048_576))]
        case .missing(let sha256): return ["sha256": "\(sha256)"]
        }
    }

    public var kind: ErrorKind {
        switch self {
        case .cannotRead: return .notFound
        case .notARegularFile, .tooLarge: return .invalid
        case .cannotWrite: return .unavailable
        case .missing: return .damaged
        }
    }

    public var field: Field? {
        switch self {
        case .notARegularFile, .tooLarge, .cannotRead: return "file"
        default: return nil
        }
    }

    public var fix: Fix? {
        switch self {
        case .cannotRead: return .advice(.checkReadableFile)
        case .notARegularFile: return .advice(.attachFile)
        case .tooLarge: return .advice(.smallerFile)
        case .cannotWrite: return .advice(.fileStoreFolder)
        case .missing: return .run(.verify)
        }
    }
}
