import Crypto
import Foundation
import ZIPFoundation

/// Checks a dossier offline: every file against the manifest (size and SHA-256), no file missing
/// and none extra, and the manifest against its Ed25519 signature. Needs no database.
public enum DossierVerifier {
    /// Verifies the dossier folder or ZIP at `url`; with `key`, the dossier must have been signed
    /// by that key (otherwise the key recorded in the manifest is used, which proves integrity
    /// but not who signed).
    public static func verify(_ url: URL, key: DossierVerifyingKey? = nil) throws(DossierError)
        -> DossierVerification
    {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw .notADossier(path: url.path, reason: "nothing is there")
        }
        let container: any DossierContainer
        if isDirectory.boolValue {
            container = FolderContainer(root: url)
        } else {
            container = try ZIPContainer(url: url)
        }
        guard let manifestData = try container.contents(of: DossierManifest.fileName) else {
            throw .notADossier(path: url.path, reason: "it has no \(DossierManifest.fileName)")
        }
        let manifest: DossierManifest
        do {
            manifest = try JSONDecoder().decode(DossierManifest.self, from: manifestData)
        } catch {
            // A manifest changed after signing may no longer parse: that is a failed verification,
            // reported like any other, not a refusal.
            return DossierVerification(
                path: url.path, container: container.kind, asOf: "", organisation: "", files: 0, bytes: 0,
                fingerprint: key?.fingerprint ?? "", signatureValid: false, keyGiven: key != nil,
                problems: [
                    .init(
                        kind: .manifest, path: DossierManifest.fileName,
                        detail: "it is not the manifest that was signed: it cannot be read (\(error))")
                ])
        }
        guard manifest.format == Dossier.formatName else {
            throw .notADossier(path: url.path, reason: "the manifest's format is \(manifest.format)")
        }
        guard manifest.version <= Dossier.formatVersion else {
            throw .notADossier(
                path: url.path, reason: "it was written by a newer eqms (format version \(manifest.version))")
        }
        var problems: [DossierVerification.Problem] = []

        // The signature, over the manifest's exact bytes.
        let signature = try container.contents(of: manifest.signature.file) ?? Data()
        var embedded: DossierVerifyingKey?
        if let raw = Data(base64Encoded: manifest.signature.publicKey) {
            embedded = try? DossierVerifyingKey(rawRepresentation: raw)
        }
        let algorithmKnown = manifest.signature.algorithm == "Ed25519" && signature.count == 64
        // Signed by another key than the one the reader trusts: say so with both fingerprints, and
        // say that the content was changed only if the signer's own key does not verify it either.
        var signedByOther = false
        if let key, let embedded, key != embedded {
            signedByOther = algorithmKnown && embedded.isValidSignature(signature, for: manifestData)
            problems.append(
                .init(
                    kind: .key, path: DossierManifest.fileName,
                    detail: "the dossier was signed by another key: the signer's key has the fingerprint "
                        + "\(embedded.groupedFingerprint), the key given has \(key.groupedFingerprint)"
                        + (signedByOther ? "; the signature is intact, but not by the key you trust" : "")))
        }
        let verifying = key ?? embedded
        let signatureValid = algorithmKnown && verifying?.isValidSignature(signature, for: manifestData) == true
        if !signatureValid && !signedByOther {
            problems.append(
                .init(
                    kind: .signature, path: DossierManifest.fileName,
                    detail: signature.isEmpty
                        ? "\(manifest.signature.file) is missing"
                        : "the signature in \(manifest.signature.file) does not verify: the manifest or the "
                            + "signature was changed after signing"))
        }

        // Every file against the manifest.
        var expected: [String: DossierManifest.Entry] = [:]
        var bytes: Int64 = 0
        for entry in manifest.files {
            bytes += entry.size
            guard DossierPath.isSafe(entry.path), entry.path != DossierManifest.fileName,
                entry.path != manifest.signature.file
            else {
                problems.append(.init(kind: .manifest, path: entry.path, detail: "not a path a dossier can hold"))
                continue
            }
            if expected.updateValue(entry, forKey: entry.path) != nil {
                problems.append(.init(kind: .manifest, path: entry.path, detail: "listed twice"))
            }
        }
        var seen = Set<String>()
        try container.forEachFile {
            (path: String, problem: String?, hash: () throws(DossierError) -> (Int64, String)) throws(DossierError) in
            if path == DossierManifest.fileName || path == manifest.signature.file { return }
            guard let entry = expected[path] else {
                problems.append(.init(kind: .extra, path: path, detail: "not listed in the manifest"))
                return
            }
            guard seen.insert(path).inserted else {
                problems.append(.init(kind: .extra, path: path, detail: "present twice"))
                return
            }
            if let problem {
                problems.append(.init(kind: .altered, path: path, detail: problem))
                return
            }
            let (size, sha256) = try hash()
            if size < 0 {
                problems.append(.init(kind: .altered, path: path, detail: sha256))
            } else if size != entry.size {
                problems.append(
                    .init(kind: .altered, path: path, detail: "\(size) bytes where the manifest says \(entry.size)"))
            } else if sha256 != entry.sha256 {
                problems.append(
                    .init(
                        kind: .altered, path: path, detail: "SHA-256 \(sha256) where the manifest says \(entry.sha256)")
                )
            }
        }
        for path in expected.keys where !seen.contains(path) {
            problems.append(.init(kind: .missing, path: path, detail: "listed in the manifest but not in the dossier"))
        }
        problems.sort { ($0.path, $0.kind.rawValue) < ($1.path, $1.kind.rawValue) }
        return DossierVerification(
            path: url.path, container: container.kind, asOf: manifest.asOf, organisation: manifest.organisation,
            files: manifest.files.count, bytes: bytes, fingerprint: manifest.signature.fingerprint,
            signatureValid: signatureValid, keyGiven: key != nil, problems: problems)
    }
}

/// A dossier as files to read: a folder or a ZIP.
private protocol DossierContainer {
    var kind: String { get }
    /// A small file's bytes, or nil when absent.
    func contents(of path: String) throws(DossierError) -> Data?
    /// Calls `body` for every file: its path, a problem reading it (or nil), and a function that
    /// hashes it, streaming.
    func forEachFile(
        _ body: (String, String?, () throws(DossierError) -> (Int64, String)) throws(DossierError) -> Void
    ) throws(DossierError)
}

private struct FolderContainer: DossierContainer {
    let root: URL
    var kind: String { "folder" }

    func contents(of path: String) throws(DossierError) -> Data? {
        let url = root.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw .cannotRead(path: url.path, reason: error.localizedDescription)
        }
    }

    func forEachFile(
        _ body: (String, String?, () throws(DossierError) -> (Int64, String)) throws(DossierError) -> Void
    ) throws(DossierError) {
        guard
            let enumerator = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: [.isRegularFileKey, .isDirectoryKey, .isSymbolicLinkKey],
                options: [])
        else { throw .cannotRead(path: root.path, reason: "the folder cannot be listed") }
        let rootPath = root.standardizedFileURL.resolvingSymlinksInPath().path
        var paths: [(String, URL, Bool)] = []
        for case let url as URL in enumerator {
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .isDirectoryKey, .isSymbolicLinkKey])
            if values?.isDirectory == true, values?.isSymbolicLink != true { continue }
            let full = url.standardizedFileURL.resolvingSymlinksInPath().path
            var relative = url.standardizedFileURL.path
            let standardRoot = root.standardizedFileURL.path
            if relative.hasPrefix(standardRoot + "/") {
                relative = String(relative.dropFirst(standardRoot.count + 1))
            } else if full.hasPrefix(rootPath + "/") {
                relative = String(full.dropFirst(rootPath.count + 1))
            }
            let regular = values?.isRegularFile == true && values?.isSymbolicLink != true
            paths.append((relative, url, regular))
        }
        paths.sort { DossierPath.precedes($0.0, $1.0) }
        for (relative, url, regular) in paths {
            try body(relative, regular ? nil : "not a regular file (a link or a device)") { () throws(DossierError) in
                try FolderContainer.hash(url)
            }
        }
    }

    static func hash(_ url: URL) throws(DossierError) -> (Int64, String) {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw .cannotRead(path: url.path, reason: "the file cannot be opened")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var size: Int64 = 0
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
                size += Int64(chunk.count)
            }
        } catch {
            throw .cannotRead(path: url.path, reason: error.localizedDescription)
        }
        return (size, Hex.encode(hasher.finalize()))
    }
}

private struct ZIPContainer: DossierContainer {
    let url: URL
    let archive: Archive
    /// The archive's size in bytes: no stored entry can be larger.
    let archiveSize: UInt64
    var kind: String { "zip" }

    init(url: URL) throws(DossierError) {
        self.url = url
        do {
            archive = try Archive(url: url, accessMode: .read)
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            archiveSize = (attributes[.size] as? NSNumber)?.uint64Value ?? 0
        } catch {
            throw .notADossier(path: url.path, reason: "it is neither a folder nor a readable ZIP (\(error))")
        }
    }

    /// Why an entry cannot be read safely, if it cannot. A dossier's ZIP stores its entries
    /// uncompressed; ZIPFoundation's inflate loop never ends on a damaged deflate stream and its
    /// stored reader steps through whatever size a header claims, so an entry that is compressed,
    /// or claims more bytes than the whole archive has, is reported rather than read.
    private func unsafeToRead(_ entry: Entry) -> String? {
        if entry.isCompressed {
            return "compressed, which a dossier's ZIP never is: the archive was packed again or altered "
                + "(unzip it and verify the folder)"
        }
        if entry.uncompressedSize > archiveSize || entry.compressedSize > archiveSize {
            return "its header claims more bytes than the whole archive holds: the ZIP was altered"
        }
        return nil
    }

    func contents(of path: String) throws(DossierError) -> Data? {
        guard let entry = archive[path], entry.type == .file else { return nil }
        if let problem = unsafeToRead(entry) {
            throw .notADossier(path: url.path, reason: "\(path) cannot be read from the ZIP: \(problem)")
        }
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
        } catch {
            throw .notADossier(path: url.path, reason: "\(path) cannot be read from the ZIP (\(error))")
        }
        return data
    }

    func forEachFile(
        _ body: (String, String?, () throws(DossierError) -> (Int64, String)) throws(DossierError) -> Void
    ) throws(DossierError) {
        for entry in archive {
            if entry.type == .directory { continue }
            let problem: String? = entry.type == .symlink ? "a link, not a file" : unsafeToRead(entry)
            try body(entry.path, problem) { () throws(DossierError) in
                var hasher = SHA256()
                var size: Int64 = 0
                do {
                    _ = try archive.extract(entry, bufferSize: 1 << 20, skipCRC32: false) { chunk in
                        hasher.update(data: chunk)
                        size += Int64(chunk.count)
                    }
                } catch {
                    // A CRC-32 that no longer matches: the entry's bytes were changed.
                    return (-1, "unreadable from the ZIP (\(error))")
                }
                return (size, Hex.encode(hasher.finalize()))
            }
        }
    }
}
