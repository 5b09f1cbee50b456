import Crypto
import Foundation
import QMSCore
import QMSStore

extension DossierBuilder {
    /// What packing wrote.
    struct Packed {
        var files: Int
        var bytes: Int64
        var evidenceFiles: Int
        var manifestSHA256: String
    }

    /// Copies the evidence files into the stage's `files/`, hashing each as it streams: a stored
    /// file whose bytes no longer match its name stops the export.
    func copyFiles() throws {
        var copied = 0
        try source.forEachFilePage { page in
            for file in page {
                let url = try self.stage.prepare("files/" + file.sha256)
                guard FileManager.default.createFile(atPath: url.path, contents: nil),
                    let handle = try? FileHandle(forWritingTo: url)
                else { throw DossierError.cannotWrite(path: url.path, reason: "the file cannot be created") }
                defer { try? handle.close() }
                try self.streamStoredFile(file) { chunk in try handle.write(contentsOf: chunk) }
                copied += 1
                self.report("evidence files", copied, nil)
            }
        }
    }

    /// Streams a stored file to `write`, checking its size and SHA-256 against its address.
    func streamStoredFile(_ file: DossierFile, _ write: (Data) throws -> Void) throws {
        var hasher = SHA256()
        var size: Int64 = 0
        do {
            try files.read(file.sha256) { chunk in
                hasher.update(data: chunk)
                size += Int64(chunk.count)
                try write(chunk)
            }
        } catch let error as FileStoreError {
            throw DossierError.damagedStoredFile(sha256: file.sha256, reason: "cannot be read: \(error.message)")
        }
        let digest = Hex.encode(hasher.finalize())
        guard digest == file.sha256, size == file.size else {
            throw DossierError.damagedStoredFile(
                sha256: file.sha256, reason: "has \(size) bytes hashing to \(digest): it was changed in the file store")
        }
    }

    /// Signs the manifest and puts the dossier in place: the stage renamed to `output`, or packed
    /// into a ZIP at `output` with the evidence files streamed from the file store.
    func package(to output: URL, zip: Bool) throws -> Packed {
        let header = DossierManifest(
            format: Dossier.formatName, version: Dossier.formatVersion, asOf: request.asOf.description,
            from: request.from.description, organisation: organisation.shortName,
            standards: request.standards.map(\.rawValue), languages: request.languages.map(\.rawValue),
            restrictedIncluded: request.includeRestricted,
            signature: DossierManifest.Signature(
                algorithm: "Ed25519", publicKey: key.publicKey.rawRepresentation.base64EncodedString(),
                fingerprint: key.publicKey.fingerprint, file: DossierManifest.signatureFileName),
            files: [])
        let staged = stage.sortedEntries
        if !zip {
            // The files were copied: their entries are read back from the stage's listing order.
            var manifest = ManifestWriter(header: header)
            var count = 0
            var bytes: Int64 = 0
            var evidenceFiles = 0
            var pending = staged[...]
            func flush(upTo path: String?) {
                while let next = pending.first, path.map({ DossierPath.precedes(next.path, $0) }) ?? true {
                    manifest.add(next)
                    count += 1
                    bytes += next.size
                    pending = pending.dropFirst()
                }
            }
            try source.forEachFilePage { page in
                for file in page {
                    let entry = DossierManifest.Entry(
                        path: "files/" + file.sha256, size: file.size, sha256: file.sha256)
                    flush(upTo: entry.path)
                    manifest.add(entry)
                    count += 1
                    bytes += entry.size
                    evidenceFiles += 1
                }
            }
            flush(upTo: nil)
            manifest.finish()
            let signature = try key.sign(manifest.data)
            try write(manifest.data, to: stage.root.appendingPathComponent(DossierManifest.fileName))
            try write(signature, to: stage.root.appendingPathComponent(DossierManifest.signatureFileName))
            do {
                try FileManager.default.moveItem(at: stage.root, to: output)
            } catch {
                throw DossierError.cannotWrite(path: output.path, reason: error.localizedDescription)
            }
            return Packed(
                files: count, bytes: bytes, evidenceFiles: evidenceFiles,
                manifestSHA256: Hex.encode(SHA256.hash(data: manifest.data)))
        }
        return try packZIP(to: output, header: header, staged: staged)
    }

    /// Writes the ZIP in path order: staged files, then (at their place in the order) the evidence
    /// files streamed from the file store and hashed on the way, then the manifest and its
    /// signature, which by then list everything before and after them.
    private func packZIP(to output: URL, header: DossierManifest, staged: [DossierManifest.Entry]) throws -> Packed {
        let temporary = output.deletingLastPathComponent().appendingPathComponent(
            ".\(output.lastPathComponent).partial-\(UUID().uuidString)")
        let archive = try ZIPStreamWriter(
            url: temporary, year: request.asOf.year, month: request.asOf.month, day: request.asOf.day)
        var manifest = ManifestWriter(header: header)
        var count = 0
        var bytes: Int64 = 0
        var evidenceFiles = 0
        var manifestDigest = ""
        do {
            // Staged paths after `files/` and after the manifest's names wait for them.
            let before = staged.filter { DossierPath.precedes($0.path, "files/") }
            let between = staged.filter {
                !DossierPath.precedes($0.path, "files/") && DossierPath.precedes($0.path, DossierManifest.fileName)
            }
            let after = staged.filter { !DossierPath.precedes($0.path, DossierManifest.fileName) }
            func addStaged(_ entry: DossierManifest.Entry) throws {
                try archive.addEntry(
                    path: entry.path, contentsOf: stage.root.appendingPathComponent(entry.path),
                    size: UInt64(entry.size))
                manifest.add(entry)
                count += 1
                bytes += entry.size
            }
            for entry in before { try addStaged(entry) }
            var packed = 0
            try source.forEachFilePage { page in
                for file in page {
                    try archive.addEntry(path: "files/" + file.sha256, size: UInt64(file.size)) { write in
                        try self.streamStoredFile(file, write)
                    }
                    manifest.add(
                        DossierManifest.Entry(path: "files/" + file.sha256, size: file.size, sha256: file.sha256))
                    count += 1
                    bytes += file.size
                    evidenceFiles += 1
                    packed += 1
                    self.report("evidence files", packed, nil)
                }
            }
            for entry in between { try addStaged(entry) }
            // Every remaining entry is known before the manifest is written: staged files were
            // hashed when written.
            for entry in after { manifest.add(entry) }
            manifest.finish()
            let signature = try key.sign(manifest.data)
            manifestDigest = Hex.encode(SHA256.hash(data: manifest.data))
            try archive.addEntry(path: DossierManifest.fileName, size: UInt64(manifest.data.count)) { write in
                try write(manifest.data)
            }
            try archive.addEntry(path: DossierManifest.signatureFileName, size: UInt64(signature.count)) { write in
                try write(signature)
            }
            for entry in after {
                try archive.addEntry(
                    path: entry.path, contentsOf: stage.root.appendingPathComponent(entry.path),
                    size: UInt64(entry.size))
                count += 1
                bytes += entry.size
            }
            try archive.finish()
            try FileManager.default.moveItem(at: temporary, to: output)
        } catch {
            archive.abandon()
            throw error
        }
        return Packed(files: count, bytes: bytes, evidenceFiles: evidenceFiles, manifestSHA256: manifestDigest)
    }

    private func write(_ data: Data, to url: URL) throws {
        do {
            try data.write(to: url, options: .withoutOverwriting)
        } catch {
            throw DossierError.cannotWrite(path: url.path, reason: error.localizedDescription)
        }
    }
}
