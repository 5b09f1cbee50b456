import Foundation
import NIOPosix
import QMSCore
import QMSPresentation
import QMSStore
import TestSupport
import Testing

@Suite("The content-addressed file store")
struct FileStoreTests {
    static let abcSHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// Writes `data` to a file named `name` in the folder's `incoming` subfolder.
    func source(_ folder: TemporaryFolder, _ name: String, _ data: Data) throws -> URL {
        let incoming = folder.url.appendingPathComponent("incoming")
        try FileManager.default.createDirectory(at: incoming, withIntermediateDirectories: true)
        let url = incoming.appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

    /// Every regular file under `root`, as paths relative to it.
    func filesOnDisk(_ root: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        var paths: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                paths.append(String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)))
            }
        }
        return paths.sorted()
    }

    func readAll(_ store: DirectoryFileStore, _ sha256: String) throws -> (data: Data, chunks: [Int]) {
        var data = Data()
        var chunks: [Int] = []
        try store.read(sha256) { chunk in
            chunks.append(chunk.count)
            data.append(chunk)
        }
        return (data, chunks)
    }

    @Test("content is stored at ab/cd/<sha256>, and the SHA-256 of \"abc\" is the published test vector")
    func contentAddressed() throws {
        let folder = try TemporaryFolder()
        let store = try DirectoryFileStore(root: folder.url.appendingPathComponent("eqms.files"))
        let stored = try store.store(
            contentsOf: try source(folder, "abc.txt", Data("abc".utf8)), displayName: "abc.txt")
        #expect(stored.sha256 == FileStoreTests.abcSHA256)
        #expect(stored.size == 3)
        #expect(stored.mediaType == "text/plain")
        let expected = store.root.appendingPathComponent("ba/78/\(FileStoreTests.abcSHA256)")
        #expect(store.location(of: stored.sha256).path == expected.path)
        #expect(try Data(contentsOf: expected) == Data("abc".utf8))
        #expect(store.contains(FileStoreTests.abcSHA256))
        #expect(!store.contains(FileStoreTests.emptySHA256))
        #expect(filesOnDisk(store.root) == ["ba/78/\(FileStoreTests.abcSHA256)"])
    }

    @Test("identical content under two names is stored once, with one hash and one file on disk")
    func identicalContentOnce() throws {
        let folder = try TemporaryFolder()
        let store = try DirectoryFileStore(root: folder.url.appendingPathComponent("eqms.files"))
        let content = Data("%PDF-1.7 minutes of the board".utf8)
        let first = try store.store(contentsOf: try source(folder, "minutes.pdf", content), displayName: "minutes.pdf")
        let second = try store.store(contentsOf: try source(folder, "copy.bin", content), displayName: "copy.bin")
        #expect(first.sha256 == second.sha256)
        #expect(first.size == second.size)
        // The media type is recognised from the content's signature, whatever the name.
        #expect(first.mediaType == "application/pdf")
        #expect(second.mediaType == "application/pdf")
        #expect(
            filesOnDisk(store.root) == [
                String(first.sha256.prefix(2)) + "/" + String(first.sha256.dropFirst(2).prefix(2)) + "/" + first.sha256
            ])
        #expect(try store.allHashes() == [first.sha256])
        #expect(filesOnDisk(store.root.appendingPathComponent("tmp")).isEmpty)
    }

    @Test("an empty file is stored under the SHA-256 of nothing")
    func emptyFile() throws {
        let folder = try TemporaryFolder()
        let store = try DirectoryFileStore(root: folder.url.appendingPathComponent("eqms.files"))
        let stored = try store.store(contentsOf: try source(folder, "empty", Data()), displayName: "empty")
        #expect(stored.sha256 == FileStoreTests.emptySHA256)
        #expect(stored.size == 0)
        #expect(try readAll(store, stored.sha256).data.isEmpty)
    }

    @Test("a file larger than the limit is refused and leaves nothing behind, temporary files included")
    func tooLarge() throws {
        let folder = try TemporaryFolder()
        let store = try DirectoryFileStore(
            root: folder.url.appendingPathComponent("eqms.files"), maximumFileSize: 1_048_576 + 10)
        let big = try source(folder, "scan.tiff", Data(repeating: 0x42, count: 1_048_576 + 11))
        let error = try #require(throws: FileStoreError.self) {
            try store.store(contentsOf: big, displayName: "scan.tiff")
        }
        #expect(error == .tooLarge(path: "scan.tiff", limit: 1_048_576 + 10))
        #expect(Messages.shared.error(error, .english).contains("scan.tiff is larger than the limit"))
        #expect(filesOnDisk(store.root).isEmpty)
        #expect(try store.allHashes().isEmpty)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: store.root.appendingPathComponent("tmp").path).isEmpty)
        // Within a single chunk, and exactly at the limit.
        let small = try DirectoryFileStore(root: folder.url.appendingPathComponent("small.files"), maximumFileSize: 3)
        #expect(throws: FileStoreError.tooLarge(path: "four", limit: 3)) {
            try small.store(contentsOf: try source(folder, "four", Data("abcd".utf8)), displayName: "four")
        }
        #expect(filesOnDisk(small.root).isEmpty)
        #expect(
            try small.store(contentsOf: try source(folder, "three", Data("abc".utf8)), displayName: "three").size == 3)
    }

    @Test("a folder or a missing path is refused")
    func notAFile() throws {
        let folder = try TemporaryFolder()
        let store = try DirectoryFileStore(root: folder.url.appendingPathComponent("eqms.files"))
        let directory = folder.url.appendingPathComponent("a-folder")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        #expect(throws: FileStoreError.notARegularFile(path: "a-folder")) {
            try store.store(contentsOf: directory, displayName: "a-folder")
        }
        let missing = try #require(throws: FileStoreError.self) {
            try store.store(contentsOf: folder.url.appendingPathComponent("nothing.pdf"), displayName: "nothing.pdf")
        }
        guard case .cannotRead(let path, _) = missing else {
            Issue.record("expected cannotRead, got \(missing)")
            return
        }
        #expect(path == "nothing.pdf")
        #expect(filesOnDisk(store.root).isEmpty)
    }

    @Test("a file of several chunks round-trips byte for byte through chunked reads")
    func multiChunk() throws {
        let folder = try TemporaryFolder()
        let store = try DirectoryFileStore(root: folder.url.appendingPathComponent("eqms.files"))
        let size = 3 * 1_048_576 + 524_288
        var bytes = [UInt8](repeating: 0, count: size)
        var state: UInt32 = 2_463_534_242
        for index in 0..<size {
            state ^= state << 13
            state ^= state >> 17
            state ^= state << 5
            bytes[index] = UInt8(truncatingIfNeeded: state)
        }
        let content = Data(bytes)
        let stored = try store.store(contentsOf: try source(folder, "ballots.zip", content), displayName: "ballots.zip")
        #expect(stored.size == Int64(size))
        let (data, chunks) = try readAll(store, stored.sha256)
        #expect(data == content)
        #expect(chunks == [1_048_576, 1_048_576, 1_048_576, 524_288])
        #expect(chunks.allSatisfy { $0 <= DirectoryFileStore.chunkSize })
    }

    @Test("reading a hash that is not stored fails with missing")
    func readMissing() throws {
        let folder = try TemporaryFolder()
        let store = try DirectoryFileStore(root: folder.url.appendingPathComponent("eqms.files"))
        #expect(throws: FileStoreError.missing(sha256: FileStoreTests.abcSHA256)) {
            try store.read(FileStoreTests.abcSHA256) { _ in }
        }
    }

    @Test("allHashes lists every stored content, sorted, and ignores temporary and foreign files")
    func allHashes() throws {
        let folder = try TemporaryFolder()
        let store = try DirectoryFileStore(root: folder.url.appendingPathComponent("eqms.files"))
        #expect(try store.allHashes().isEmpty)
        var hashes: [String] = []
        for text in ["one", "two", "three", "abc"] {
            hashes.append(
                try store.store(contentsOf: try source(folder, text, Data(text.utf8)), displayName: text).sha256)
        }
        #expect(try store.allHashes() == hashes.sorted())
        #expect(hashes.contains(FileStoreTests.abcSHA256))
        // A half-written temporary file and a stray note are not content.
        let stray = String(repeating: "f", count: 64)
        try Data("partial".utf8).write(to: store.root.appendingPathComponent("tmp").appendingPathComponent(stray))
        try Data("note".utf8).write(to: store.root.appendingPathComponent("README"))
        #expect(try store.allHashes() == hashes.sorted())
    }

    @Test(
        "on PostgreSQL, a file is stored and read from an event loop's thread, where the web server works",
        .enabled(if: !(ProcessInfo.processInfo.environment["EQMS_TEST_POSTGRES_URL"] ?? "").isEmpty))
    func postgresOnEventLoop() async throws {
        let base = ProcessInfo.processInfo.environment["EQMS_TEST_POSTGRES_URL"] ?? ""
        let schema = "files_" + UUID().uuidString.prefix(8).lowercased()
        let admin = try PostgresStore(url: base)
        try await admin.write { session in try session.execute("CREATE SCHEMA \(schema)", []) }
        let url = base + "?search_path=\(schema)"
        let store = try PostgresStore(url: url)
        _ = try await store.migrate()
        let files = try PostgresFileStore(url: url)
        let folder = try TemporaryFolder()
        let content = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let path = try source(folder, "tally-sheets.pdf", content)
        // `eqms serve` runs Swift concurrency on NIO's event loops; NIO stops a process whose event
        // loop thread waits for a future, which the store's synchronous methods would otherwise do.
        let loop = MultiThreadedEventLoopGroup.singleton.any()
        let stored = try await loop.submit { try files.store(contentsOf: path, displayName: "tally-sheets.pdf") }.get()
        let read = try await loop.submit { () throws -> Data in
            var bytes = Data()
            try files.read(stored.sha256) { bytes.append($0) }
            return bytes
        }.get()
        #expect(read == content)
        #expect(try await loop.submit { files.contains(stored.sha256) }.get())
        #expect(try files.allHashes() == [stored.sha256], "and from an ordinary thread as before")
        try await store.close()
        try await admin.write { session in try session.execute("DROP SCHEMA \(schema) CASCADE", []) }
        try await admin.close()
    }

    @Test("the folder for a database sits beside it: eqms.sqlite → eqms.files")
    func folderForDatabase() throws {
        #expect(DirectoryFileStore.folder(forDatabase: "/srv/qms/eqms.sqlite").path == "/srv/qms/eqms.files")
        #expect(DirectoryFileStore.folder(forDatabase: "/srv/qms/commission.db").path == "/srv/qms/commission.files")
        let folder = try TemporaryFolder()
        let database = folder.path("eqms.sqlite")
        let files = DirectoryFileStore.folder(forDatabase: database)
        #expect(files.deletingLastPathComponent().standardizedFileURL.path == folder.url.standardizedFileURL.path)
        #expect(files.lastPathComponent == "eqms.files")
        // Opening the store creates the folder and its temporary area.
        let store = try DirectoryFileStore(root: files)
        var isDirectory: ObjCBool = false
        #expect(
            FileManager.default.fileExists(
                atPath: store.root.appendingPathComponent("tmp").path, isDirectory: &isDirectory))
        #expect(isDirectory.boolValue)
    }
}
