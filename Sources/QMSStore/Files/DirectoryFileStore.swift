import Crypto
import Foundation
import QMSCore

#if canImport(Glibc)
    import Glibc
#endif

/// A file store in a folder beside the database (`eqms.sqlite` → `eqms.files/`):
/// `ab/cd/abcd…` by SHA-256, written through a temporary file that is flushed and renamed.
public struct DirectoryFileStore: FileStore {
    /// The folder.
    public let root: URL
    public let maximumFileSize: Int64
    /// Bytes read and written at a time; files are never held in memory whole.
    public static let chunkSize = 1 << 20

    /// Uses (creating if needed) the folder at `root`.
    public init(root: URL, maximumFileSize: Int64 = 2 << 30) throws(FileStoreError) {
        self.root = root
        self.maximumFileSize = maximumFileSize
        do {
            try FileManager.default.createDirectory(at: temporaryFolder, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: root.path, reason: error.localizedDescription)
        }
    }

    /// The folder for a database file: `eqms.sqlite` → `eqms.files`.
    public static func folder(forDatabase path: String) -> URL {
        let url = URL(fileURLWithPath: path)
        let base = url.deletingPathExtension().lastPathComponent
        return url.deletingLastPathComponent().appendingPathComponent(base + ".files")
    }

    private var temporaryFolder: URL { root.appendingPathComponent("tmp") }

    /// Where content with this hash lives.
    public func location(of sha256: String) -> URL {
        let characters = Array(sha256)
        guard characters.count >= 4 else { return root.appendingPathComponent(sha256) }
        return root.appendingPathComponent(String(characters[0..<2])).appendingPathComponent(String(characters[2..<4]))
            .appendingPathComponent(sha256)
    }

    public func store(contentsOf url: URL, displayName: String) throws -> StoredFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw FileStoreError.cannotRead(path: displayName, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw FileStoreError.notARegularFile(path: displayName) }
        let source: FileHandle
        do {
            source = try FileHandle(forReadingFrom: url)
        } catch {
            throw FileStoreError.cannotRead(path: displayName, reason: error.localizedDescription)
        }
        defer { try? source.close() }

        let temporary = temporaryFolder.appendingPathComponent(UUID().uuidString)
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw FileStoreError.cannotWrite(path: temporary.path, reason: "cannot create a temporary file")
        }
        var keep = false
        defer { if !keep { try? FileManager.default.removeItem(at: temporary) } }
        let sink: FileHandle
        do {
            sink = try FileHandle(forWritingTo: temporary)
        } catch {
            throw FileStoreError.cannotWrite(path: temporary.path, reason: error.localizedDescription)
        }
        var hasher = SHA256()
        var size: Int64 = 0
        var head: [UInt8] = []
        do {
            while let chunk = try source.read(upToCount: DirectoryFileStore.chunkSize), !chunk.isEmpty {
                size += Int64(chunk.count)
                guard size <= maximumFileSize else {
                    try? sink.close()
                    throw FileStoreError.tooLarge(path: displayName, limit: maximumFileSize)
                }
                if head.count < 16 { head += chunk.prefix(16 - head.count) }
                hasher.update(data: chunk)
                try sink.write(contentsOf: chunk)
            }
            // Durable before it is referenced: the bytes reach the disk before the rename.
            try sink.synchronize()
            try sink.close()
        } catch let error as FileStoreError {
            throw error
        } catch {
            throw FileStoreError.cannotWrite(path: displayName, reason: error.localizedDescription)
        }
        let sha256 = Hex.encode(hasher.finalize())
        let destination = location(of: sha256)
        if FileManager.default.fileExists(atPath: destination.path) {
            // Freshly touched, so that `eqms verify --prune-stray` never removes content an attach
            // is about to refer to (it removes only stray files left alone for an hour).
            _ = utimes(destination.path, nil)
            return StoredFile(sha256: sha256, size: size, mediaType: MediaType.guess(name: displayName, head: head))
        }
        do {
            try FileManager.default.createDirectory(
                at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard rename(temporary.path, destination.path) == 0 else {
                throw FileStoreError.cannotWrite(path: destination.path, reason: String(cString: strerror(errno)))
            }
            keep = true
            try DirectoryFileStore.synchroniseFolder(destination.deletingLastPathComponent())
        } catch let error as FileStoreError {
            throw error
        } catch {
            throw FileStoreError.cannotWrite(path: destination.path, reason: error.localizedDescription)
        }
        return StoredFile(sha256: sha256, size: size, mediaType: MediaType.guess(name: displayName, head: head))
    }

    /// A rename is durable only once its folder is flushed too.
    static func synchroniseFolder(_ folder: URL) throws {
        let descriptor = Glibc.open(folder.path, O_RDONLY)
        guard descriptor >= 0 else {
            throw FileStoreError.cannotWrite(path: folder.path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        _ = fsync(descriptor)
    }

    public func contains(_ sha256: String) -> Bool {
        FileManager.default.fileExists(atPath: location(of: sha256).path)
    }

    public func read(_ sha256: String, chunk: (Data) throws -> Void) throws {
        guard let handle = try? FileHandle(forReadingFrom: location(of: sha256)) else {
            throw FileStoreError.missing(sha256: sha256)
        }
        defer { try? handle.close() }
        while let data = try handle.read(upToCount: DirectoryFileStore.chunkSize), !data.isEmpty {
            try chunk(data)
        }
    }

    public func open(_ sha256: String) throws -> any StoredFileReader {
        guard let handle = try? FileHandle(forReadingFrom: location(of: sha256)) else {
            throw FileStoreError.missing(sha256: sha256)
        }
        return FileHandleReader(handle: handle)
    }

    public func allHashes() throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        var hashes: [String] = []
        for case let url as URL in enumerator where url.deletingLastPathComponent() != temporaryFolder {
            let name = url.lastPathComponent
            if name.count == 64, name.allSatisfy(\.isHexDigit) { hashes.append(name) }
        }
        return hashes.sorted()
    }
}

/// Reads a stored file through a file handle.
struct FileHandleReader: StoredFileReader, @unchecked Sendable {
    // @unchecked: one reader is used by one response stream at a time, never shared.
    let handle: FileHandle

    func nextChunk() throws -> Data? {
        guard let data = try handle.read(upToCount: DirectoryFileStore.chunkSize), !data.isEmpty else { return nil }
        return data
    }

    func close() { try? handle.close() }
}
