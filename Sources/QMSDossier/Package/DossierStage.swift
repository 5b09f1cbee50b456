import Crypto
import Foundation

/// The folder a dossier is written into before it is signed and moved (or zipped) into place.
///
/// Every file is hashed as it is written, so nothing is read back to build the manifest. Only
/// the entries of the pages and documents are kept in memory (a few per requirement and per
/// page of a register); evidence files go through ``copyStoredFile(_:to:)`` and are listed
/// separately, in hash order, by the builder.
final class DossierStage {
    let root: URL
    private(set) var entries: [String: DossierManifest.Entry] = [:]
    private var folders: Set<String> = []

    /// Creates the staging folder `root`, which must not exist yet.
    init(root: URL) throws(DossierError) {
        self.root = root
        do {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: false)
        } catch {
            throw .cannotWrite(path: root.path, reason: error.localizedDescription)
        }
    }

    /// Writes a whole file.
    func write(_ path: String, _ data: Data) throws(DossierError) {
        let file = try open(path)
        try file.write(data)
        try file.close()
    }

    /// Writes a whole text file in UTF-8.
    func write(_ path: String, text: String) throws(DossierError) {
        try write(path, Data(text.utf8))
    }

    /// Opens a file to write in pieces.
    func open(_ path: String) throws(DossierError) -> StagedFile {
        let url = try prepare(path)
        return try StagedFile(path: path, url: url) { [unowned self] entry in self.entries[entry.path] = entry }
    }

    /// The URL of a staged path (its folders created).
    func prepare(_ path: String) throws(DossierError) -> URL {
        let url = root.appendingPathComponent(path)
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !folders.contains(folder) {
            do {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            } catch {
                throw .cannotWrite(path: url.path, reason: error.localizedDescription)
            }
            folders.insert(folder)
        }
        return url
    }

    /// The staged entries in path order.
    var sortedEntries: [DossierManifest.Entry] { entries.values.sorted() }
}

/// A file being written into the stage: buffered, hashed as it goes.
final class StagedFile {
    let path: String
    private let handle: FileHandle
    private var hasher = SHA256()
    private var buffer = Data()
    private var size: Int64 = 0
    private let url: URL
    private let done: (DossierManifest.Entry) -> Void
    private static let bufferSize = 256 * 1024

    init(path: String, url: URL, done: @escaping (DossierManifest.Entry) -> Void) throws(DossierError) {
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
            let handle = try? FileHandle(forWritingTo: url)
        else { throw .cannotWrite(path: url.path, reason: "the file cannot be created") }
        self.path = path
        self.url = url
        self.handle = handle
        self.done = done
        buffer.reserveCapacity(StagedFile.bufferSize)
    }

    /// Appends bytes.
    func write(_ data: Data) throws(DossierError) {
        buffer.append(data)
        if buffer.count >= StagedFile.bufferSize { try flush() }
    }

    /// Appends text in UTF-8.
    func write(_ text: String) throws(DossierError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= StagedFile.bufferSize { try flush() }
    }

    private func flush() throws(DossierError) {
        guard !buffer.isEmpty else { return }
        hasher.update(data: buffer)
        size += Int64(buffer.count)
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw .cannotWrite(path: url.path, reason: error.localizedDescription)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Finishes the file and records its entry.
    @discardableResult
    func close() throws(DossierError) -> DossierManifest.Entry {
        try flush()
        do {
            try handle.close()
        } catch {
            throw .cannotWrite(path: url.path, reason: error.localizedDescription)
        }
        let entry = DossierManifest.Entry(path: path, size: size, sha256: Hex.encode(hasher.finalize()))
        done(entry)
        return entry
    }
}
