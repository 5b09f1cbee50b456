import Crypto
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO
import QMSCore

/// Evidence files kept in PostgreSQL, in 1 MiB chunks, so that every server on the database sees
/// every file. Like the folder store it is content-addressed and writes the content (committed)
/// before any record refers to it: a file is first streamed into `file_uploads` under a random
/// upload id, chunk by chunk, then moved under its SHA-256 into `file_chunks` in one transaction.
public final class PostgresFileStore: FileStore, Sendable {
    public let maximumFileSize: Int64
    private let configuration: PostgresConnection.Configuration
    private let logger: Logger
    private let idle = NIOLockedValueBox<[PostgresConnection]>([])
    private let counter = NIOLockedValueBox(10_000)

    /// Uses the database at `url` (the same as the store's).
    public init(url: String, maximumFileSize: Int64 = 2 << 30, logger: Logger = Logger(label: "eqms.files"))
        throws(StoreError)
    {
        configuration = try DatabaseURL(url).configuration
        self.maximumFileSize = maximumFileSize
        self.logger = logger
    }

    /// The event loops of this store's connections, shared with nobody: the web server runs Swift
    /// concurrency on NIO's shared loops, and a caller waiting there for a file must not be the
    /// loop its connection needs.
    private static let loops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    /// Where the waiting happens when the caller is on an event loop, which NIO forbids to wait.
    private static let waiters = DispatchQueue(label: "eqms.files.postgres", attributes: .concurrent)

    /// Runs `body` on a connection of this store's own.
    ///
    /// The ``FileStore`` methods are synchronous, and NIO stops the process when an event loop's
    /// thread waits for a future. Called from one (every request of `eqms serve`), the work runs on
    /// a thread of the store's own while the caller's thread blocks, as it does on a SQLite read.
    private func withSession<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        guard MultiThreadedEventLoopGroup.currentEventLoop != nil else { return try onConnection(body) }
        return try withoutActuallyEscaping(body) { body in
            let outcome = Outcome<T>()
            // The work is let go of before the signal, since `body` may not outlive this call.
            let handed = HandedWork { outcome.result = Result { try self.onConnection(body) } }
            let done = DispatchSemaphore(value: 0)
            Self.waiters.async {
                handed.take()?()
                done.signal()
            }
            done.wait()
            guard let result = outcome.result else {
                throw FileStoreError.cannotWrite(path: "postgres", reason: "the file store's work did not finish")
            }
            return try result.get()
        }
    }

    private func onConnection<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        let connection: PostgresConnection
        if let reused = idle.withLockedValue({ $0.popLast() }), !reused.isClosed {
            connection = reused
        } else {
            let id = counter.withLockedValue { value -> Int in
                value += 1
                return value
            }
            do {
                connection = try PostgresConnection.connect(
                    on: Self.loops.any(), configuration: configuration, id: id, logger: logger
                ).wait()
            } catch {
                throw FileStoreError.cannotWrite(path: "postgres", reason: PostgresSession.describe(error))
            }
        }
        let session = PostgresSession(connection: connection, logger: logger)
        defer {
            if !connection.isClosed {
                let kept = idle.withLockedValue { list -> Bool in
                    guard list.count < 4 else { return false }
                    list.append(connection)
                    return true
                }
                if !kept { ConnectionReaper.close(connection) }
            }
        }
        return try body(session)
    }

    private func transaction<T>(_ session: PostgresSession, _ body: () throws -> T) throws -> T {
        try session.execute("BEGIN", [])
        do {
            let result = try body()
            try session.execute("COMMIT", [])
            return result
        } catch {
            try? session.execute("ROLLBACK", [])
            throw error
        }
    }

    public func store(contentsOf url: URL, displayName: String) throws -> StoredFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw FileStoreError.cannotRead(path: displayName, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw FileStoreError.notARegularFile(path: displayName) }
        guard let source = try? FileHandle(forReadingFrom: url) else {
            throw FileStoreError.cannotRead(path: displayName, reason: "cannot open it")
        }
        defer { try? source.close() }
        let upload = UUID().uuidString
        let started = Instant(secondsSince1970: Date().timeIntervalSince1970).description
        return try withSession { session in
            var hasher = SHA256()
            var size: Int64 = 0
            var position: Int64 = 0
            var head: [UInt8] = []
            do {
                while true {
                    let chunk = try source.read(upToCount: DirectoryFileStore.chunkSize) ?? Data()
                    if chunk.isEmpty && position > 0 { break }
                    size += Int64(chunk.count)
                    guard size <= maximumFileSize else {
                        throw FileStoreError.tooLarge(path: displayName, limit: maximumFileSize)
                    }
                    if head.count < 16 { head += chunk.prefix(16 - head.count) }
                    hasher.update(data: chunk)
                    // Each chunk commits on its own: a large upload holds no lock while it streams.
                    try session.execute(
                        "INSERT INTO file_uploads (upload, position, data, started_at) VALUES (?, ?, ?, ?)",
                        [.text(upload), .integer(position), .blob(chunk), .text(started)])
                    position += 1
                    if chunk.isEmpty { break }
                }
            } catch {
                try? session.execute("DELETE FROM file_uploads WHERE upload = ?", [.text(upload)])
                if let error = error as? FileStoreError { throw error }
                throw FileStoreError.cannotWrite(path: displayName, reason: "\(error)")
            }
            let sha256 = Hex.encode(hasher.finalize())
            try transaction(session) {
                let exists =
                    try session.queryFirst(
                        "SELECT 1 AS value FROM file_chunks WHERE sha256 = ? AND position = 0", sha256) != nil
                if !exists {
                    try session.execute(
                        "INSERT INTO file_chunks (sha256, position, data) SELECT ?, position, data FROM file_uploads WHERE upload = ?",
                        [.text(sha256), .text(upload)])
                }
                try session.execute("DELETE FROM file_uploads WHERE upload = ?", [.text(upload)])
            }
            return StoredFile(sha256: sha256, size: size, mediaType: MediaType.guess(name: displayName, head: head))
        }
    }

    public func contains(_ sha256: String) -> Bool {
        (try? withSession { session in
            try session.queryFirst("SELECT 1 AS value FROM file_chunks WHERE sha256 = ? AND position = 0", sha256)
                != nil
        }) ?? false
    }

    public func read(_ sha256: String, chunk: (Data) throws -> Void) throws {
        try withSession { session in
            var position: Int64 = 0
            while let row = try session.queryFirst(
                "SELECT data FROM file_chunks WHERE sha256 = ? AND position = ?", sha256, position)
            {
                if position == 0, row.optionalData("data") == nil { break }
                let data = row.optionalData("data") ?? Data()
                if !data.isEmpty { try chunk(data) }
                position += 1
            }
            if position == 0 { throw FileStoreError.missing(sha256: sha256) }
        }
    }

    public func allHashes() throws -> [String] {
        try withSession { session in
            try session.query("SELECT DISTINCT sha256 FROM file_chunks ORDER BY sha256", []).map {
                try $0.string("sha256")
            }
        }
    }

    public func open(_ sha256: String) throws -> any StoredFileReader {
        guard contains(sha256) else { throw FileStoreError.missing(sha256: sha256) }
        return PostgresFileReader(store: self, sha256: sha256)
    }

    deinit {
        for connection in idle.withLockedValue({ list in
            defer { list = [] }; return list
        }) {
            ConnectionReaper.close(connection)
        }
    }

    /// One chunk, for the reader.
    func chunk(_ sha256: String, at position: Int64) throws -> Data? {
        try withSession { session in
            try session.queryFirst("SELECT data FROM file_chunks WHERE sha256 = ? AND position = ?", sha256, position)
                .map { $0.optionalData("data") ?? Data() }
        }
    }
}

/// Reads a file from PostgreSQL a chunk at a time.
final class PostgresFileReader: StoredFileReader, Sendable {
    let store: PostgresFileStore
    let sha256: String
    private let position = NIOLockedValueBox<Int64>(0)

    init(store: PostgresFileStore, sha256: String) {
        self.store = store
        self.sha256 = sha256
    }

    func nextChunk() throws -> Data? {
        let current = position.withLockedValue { value -> Int64 in
            defer { value += 1 }
            return value
        }
        guard let data = try store.chunk(sha256, at: current), !data.isEmpty else { return nil }
        return data
    }

    func close() {}
}

/// The result of work handed to another thread, read by the caller once that thread signals it
/// is done (the semaphore orders the accesses).
private final class Outcome<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}

/// Work that does not escape its caller, which waits for it: safe to hand to another thread,
/// which takes it (and so lets go of it) before telling the caller it is done.
private final class HandedWork: @unchecked Sendable {
    private var work: (() -> Void)?

    init(_ work: @escaping () -> Void) { self.work = work }

    func take() -> (() -> Void)? {
        defer { work = nil }
        return work
    }
}
