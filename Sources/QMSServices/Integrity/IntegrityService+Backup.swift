import Foundation
import Logging
import QMSCore
import QMSStore

extension IntegrityService {
    /// Writes a backup folder while others go on writing: an online backup of the database (one
    /// consistent snapshot), every stored file that snapshot refers to, and a manifest of every
    /// file's size and SHA-256.
    ///
    /// Everything is written into a hidden folder beside `folder` and renamed into place at the
    /// end, so an interrupted backup never looks like a finished one.
    public func backup(to folder: URL, progress: ProgressHandler? = nil) async throws -> BackupReport {
        guard let sqlite = qms.store as? SQLiteStore else {
            throw IntegrityError.backupUnsupported(store: qms.store.location)
        }
        let manager = FileManager.default
        let parent = folder.deletingLastPathComponent()
        try IntegrityService.makeParent(parent)
        let replaceEmptyFolder = try IntegrityService.isEmptyFolder(folder)
        guard replaceEmptyFolder || !manager.fileExists(atPath: folder.path) else {
            throw IntegrityError.alreadyExists(path: folder.path, what: "the backup folder")
        }
        let staging = parent.appendingPathComponent(".\(folder.lastPathComponent).partial-\(UUID().uuidString)")
        try IntegrityService.createFolder(staging)
        var finished = false
        defer { if !finished { try? manager.removeItem(at: staging) } }

        progress?(ProgressEvent(phase: "copying the database", done: 0, total: nil))
        let database = staging.appendingPathComponent(BackupManifest.databaseName)
        let (migrations, snapshot) = try sqlite.backup(to: database.path) { reader in
            (counts: try reader.tableCounts(), head: try reader.auditHead(), files: try reader.registeredFiles())
        }

        var entries: [BackupManifest.Entry] = []
        var damaged: [String] = []
        var bytes: Int64 = 0
        let total = snapshot.files.reduce(Int64(0)) { $0 + $1.size }
        for file in snapshot.files {
            let relative = "files/" + BackupLayout.relativePath(of: file.sha256)
            let destination = staging.appendingPathComponent(relative)
            guard qms.files.contains(file.sha256) else {
                damaged.append(file.sha256)
                continue
            }
            try IntegrityService.createFolder(destination.deletingLastPathComponent())
            let done = bytes
            let copied = try StreamedCopy.write(to: destination) { sink in
                try qms.files.read(file.sha256, chunk: sink)
            } progress: { written in
                progress?(
                    ProgressEvent(
                        phase: "copying files (MiB)", done: Int((done + written) >> 20), total: Int(total >> 20)))
            }
            bytes += copied.size
            // Copied as found, under its own name, so that verify names it in the restored copy too.
            if copied.sha256 != file.sha256 || copied.size != file.size { damaged.append(file.sha256) }
            entries.append(BackupManifest.Entry(path: relative, size: copied.size, sha256: copied.sha256))
        }
        let databaseHash = try StreamedCopy.hash(of: database)
        bytes += databaseHash.size
        entries.insert(
            BackupManifest.Entry(
                path: BackupManifest.databaseName, size: databaseHash.size, sha256: databaseHash.sha256),
            at: 0)

        let manifest = BackupManifest(
            format: BackupManifest.formatName, version: BackupManifest.currentVersion,
            createdAt: Instant(secondsSince1970: qms.now().timeIntervalSince1970).description, createdBy: qms.actor,
            source: qms.store.location, migrations: migrations, counts: snapshot.counts, head: snapshot.head,
            files: entries, damaged: damaged)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let manifestData = try encoder.encode(manifest)
        _ = try StreamedCopy.write(to: staging.appendingPathComponent(BackupManifest.fileName)) { sink in
            try sink(manifestData)
        }
        if replaceEmptyFolder { try? manager.removeItem(at: folder) }
        guard rename(staging.path, folder.path) == 0 else {
            throw IntegrityError.cannotWrite(path: folder.path, reason: String(cString: strerror(errno)))
        }
        finished = true
        StreamedCopy.synchroniseFolder(parent)
        qms.logger.info(
            "backup written", metadata: ["folder": "\(folder.path)", "files": "\(entries.count)", "bytes": "\(bytes)"])
        return BackupReport(folder: folder.path, manifest: manifest, bytes: bytes)
    }

    /// Restores a backup folder into a new database at `databasePath`, its file store beside it
    /// (or at `files`), then verifies the copy.
    ///
    /// Every file of the backup is checked against the manifest before anything is written, and
    /// nothing existing is ever overwritten: the database path must be free and the file store
    /// folder free or empty.
    public static func restore(
        from folder: URL, databasePath: String, files: URL? = nil, actor: String,
        logger: Logger = Logger(label: "eqms"), progress: ProgressHandler? = nil
    ) async throws -> (QMS, RestoreReport) {
        let manager = FileManager.default
        let manifest = try readManifest(folder)
        try checkBackup(folder, manifest: manifest, progress: progress)

        let database = URL(fileURLWithPath: databasePath)
        let parent = database.deletingLastPathComponent()
        try IntegrityService.makeParent(parent)
        for suffix in ["", "-wal", "-shm", "-journal"] where manager.fileExists(atPath: databasePath + suffix) {
            throw IntegrityError.alreadyExists(path: databasePath + suffix, what: "the database file")
        }
        let filesFolder = files ?? DirectoryFileStore.folder(forDatabase: databasePath)
        let replaceEmptyFolder = try isEmptyFolder(filesFolder)
        guard replaceEmptyFolder || !manager.fileExists(atPath: filesFolder.path) else {
            throw IntegrityError.alreadyExists(path: filesFolder.path, what: "the file store folder")
        }

        // The file store first, under a temporary name; the database last: a restore that stops
        // half-way leaves no database that points at files it does not have.
        let suffix = ".restoring-\(UUID().uuidString)"
        let stagingFiles = URL(fileURLWithPath: filesFolder.path + suffix)
        let stagingDatabase = URL(fileURLWithPath: databasePath + suffix)
        var finished = false
        defer {
            if !finished {
                try? manager.removeItem(at: stagingFiles)
                try? manager.removeItem(at: stagingDatabase)
            }
        }
        let store = try DirectoryFileStore(root: stagingFiles, maximumFileSize: Int64.max)
        let stored = manifest.files.filter { $0.path != BackupManifest.databaseName }
        for (index, entry) in stored.enumerated() {
            let copied = try store.store(contentsOf: folder.appendingPathComponent(entry.path), displayName: entry.path)
            guard copied.sha256 == entry.sha256 else {
                throw IntegrityError.damagedBackup(
                    path: folder.path, problems: ["\(entry.path) changed while it was being restored"])
            }
            progress?(ProgressEvent(phase: "restoring files", done: index + 1, total: stored.count))
        }
        let source = folder.appendingPathComponent(BackupManifest.databaseName)
        let copied = try StreamedCopy.write(to: stagingDatabase) { sink in
            try StreamedCopy.read(source, chunk: sink)
        }
        guard manifest.files.contains(where: { $0.path == BackupManifest.databaseName && $0.sha256 == copied.sha256 })
        else {
            throw IntegrityError.damagedBackup(
                path: folder.path, problems: ["eqms.sqlite changed while it was being restored"])
        }
        if replaceEmptyFolder { try? manager.removeItem(at: filesFolder) }
        guard rename(stagingFiles.path, filesFolder.path) == 0 else {
            throw IntegrityError.cannotWrite(path: filesFolder.path, reason: String(cString: strerror(errno)))
        }
        guard rename(stagingDatabase.path, databasePath) == 0 else {
            throw IntegrityError.cannotWrite(path: databasePath, reason: String(cString: strerror(errno)))
        }
        finished = true
        StreamedCopy.synchroniseFolder(parent)

        let restored = try SQLiteStore(path: databasePath, logger: logger)
        let before = try await restored.appliedMigrations()
        try await restored.close()
        let qms = try await QMS.openSQLite(
            path: databasePath, actor: actor, files: filesFolder, maximumFileSize: Int64.max, logger: logger)
        let after = try await qms.store.appliedMigrations()
        let (counts, head) = try await qms.store.reading { reader in (try reader.tableCounts(), try reader.auditHead())
        }
        var mismatches: [String] = []
        if head != manifest.head {
            mismatches.append(
                "the audit trail ends at event \(head?.sequence ?? 0), the manifest says \(manifest.head?.sequence ?? 0)"
            )
        }
        for (table, count) in manifest.counts.sorted(by: { $0.key < $1.key }) where counts[table] != count {
            mismatches.append("table \(table) has \(counts[table] ?? 0) rows, the manifest says \(count)")
        }
        let verification = try await qms.integrity.verify(progress: progress)
        logger.info("backup restored", metadata: ["from": "\(folder.path)", "db": "\(databasePath)"])
        return (
            qms,
            RestoreReport(
                database: databasePath, files: filesFolder.path, manifest: manifest,
                migrations: after.filter { !before.contains($0) }, mismatches: mismatches, verification: verification,
                clean: mismatches.isEmpty && verification.clean)
        )
    }

    /// Reads and checks a backup's manifest.
    static func readManifest(_ folder: URL) throws -> BackupManifest {
        let url = folder.appendingPathComponent(BackupManifest.fileName)
        let manifest: BackupManifest
        do {
            manifest = try JSONDecoder().decode(BackupManifest.self, from: Data(contentsOf: url))
        } catch let error as DecodingError {
            throw IntegrityError.unreadableBackup(path: folder.path, reason: "manifest.json is not valid: \(error)")
        } catch {
            throw IntegrityError.unreadableBackup(path: folder.path, reason: "no readable manifest.json")
        }
        guard manifest.format == BackupManifest.formatName else {
            throw IntegrityError.unreadableBackup(path: folder.path, reason: "its manifest is not an eqms manifest")
        }
        guard manifest.version <= BackupManifest.currentVersion else {
            throw IntegrityError.unreadableBackup(
                path: folder.path,
                reason: "it was written by a newer eqms (format \(manifest.version)); upgrade eqms to restore it")
        }
        return manifest
    }

    /// Every file of the backup against the manifest, before anything is written.
    static func checkBackup(_ folder: URL, manifest: BackupManifest, progress: ProgressHandler?) throws {
        var problems: [String] = []
        if !manifest.files.contains(where: { $0.path == BackupManifest.databaseName }) {
            problems.append("the manifest lists no eqms.sqlite")
        }
        for (index, entry) in manifest.files.enumerated() {
            defer {
                progress?(ProgressEvent(phase: "checking the backup", done: index + 1, total: manifest.files.count))
            }
            guard BackupLayout.isValid(entry) else {
                problems.append("the manifest lists \(entry.path), which is not a file a backup holds")
                continue
            }
            let url = folder.appendingPathComponent(entry.path)
            guard FileManager.default.fileExists(atPath: url.path) else {
                problems.append("\(entry.path) is missing")
                continue
            }
            let actual = try StreamedCopy.hash(of: url)
            if actual.size != entry.size {
                problems.append("\(entry.path) has \(actual.size) bytes, the manifest says \(entry.size)")
            } else if actual.sha256 != entry.sha256 {
                problems.append("\(entry.path) does not match its SHA-256 in the manifest: it changed after the backup")
            }
        }
        guard problems.isEmpty else { throw IntegrityError.damagedBackup(path: folder.path, problems: problems) }
    }

    static func isEmptyFolder(_ url: URL) throws -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue
        else { return false }
        return ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? ["?"]).isEmpty
    }

    static func createFolder(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw IntegrityError.cannotWrite(path: url.path, reason: error.localizedDescription)
        }
    }
}

/// Streaming file copies with their SHA-256, flushed to disk before they count as written.
enum StreamedCopy {
    /// Writes what `produce` feeds its sink into a new file at `url`, hashing it; flushed to disk.
    static func write(
        to url: URL, produce: ((Data) throws -> Void) throws -> Void, progress: ((Int64) -> Void)? = nil
    ) throws -> (sha256: String, size: Int64) {
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
            let handle = try? FileHandle(forWritingTo: url)
        else {
            throw IntegrityError.cannotWrite(path: url.path, reason: "cannot create the file")
        }
        var hasher = SHA256Hasher()
        var size: Int64 = 0
        do {
            try produce { chunk in
                hasher.update(chunk)
                size += Int64(chunk.count)
                try handle.write(contentsOf: chunk)
                progress?(size)
            }
            try handle.synchronize()
            try handle.close()
        } catch let error as any QMSError {
            try? handle.close()
            throw error
        } catch {
            try? handle.close()
            throw IntegrityError.cannotWrite(path: url.path, reason: error.localizedDescription)
        }
        return (hasher.hex(), size)
    }

    /// Reads a file in chunks.
    static func read(_ url: URL, chunk: (Data) throws -> Void) throws {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw ServiceError.cannotReadFile(path: url.path, reason: "cannot open it")
        }
        defer { try? handle.close() }
        while let data = try handle.read(upToCount: DirectoryFileStore.chunkSize), !data.isEmpty {
            try chunk(data)
        }
    }

    /// The SHA-256 and size of a file, streamed.
    static func hash(of url: URL) throws -> (sha256: String, size: Int64) {
        var hasher = SHA256Hasher()
        var size: Int64 = 0
        try read(url) { chunk in
            hasher.update(chunk)
            size += Int64(chunk.count)
        }
        return (hasher.hex(), size)
    }

    /// Makes renames in a folder durable.
    static func synchroniseFolder(_ folder: URL) {
        let descriptor = open(folder.path, O_RDONLY)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }
}

extension IntegrityService {
    /// Makes the folder a backup or a restored database goes into when it does not exist yet, as
    /// users expect; what is inside it is still never overwritten.
    static func makeParent(_ folder: URL) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw IntegrityError.noFolder(path: folder.path) }
            return
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw IntegrityError.cannotWrite(path: folder.path, reason: error.localizedDescription)
        }
    }
}
