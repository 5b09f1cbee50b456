import Foundation

/// What `eqms verify` needs of the folder beyond storing and reading: leftovers of interrupted
/// writes, and removing content no record refers to.
extension DirectoryFileStore {
    /// Temporary files of writes that never finished (a process killed while streaming a file in).
    public func unfinishedFiles() -> [URL] {
        let folder = root.appendingPathComponent("tmp")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().map { folder.appendingPathComponent($0) }
    }

    /// When a file was last written or touched, if it exists.
    public func modificationDate(of url: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
    }

    /// Removes a file of the store (stray content or an unfinished temporary file) if it has not
    /// been touched since `cutoff`; returns whether it was removed. The age check is made just
    /// before removing, because an attach in progress touches content it is about to refer to.
    public func remove(_ url: URL, untouchedSince cutoff: Date) throws -> Bool {
        guard let modified = modificationDate(of: url), modified < cutoff else { return false }
        do {
            try FileManager.default.removeItem(at: url)
        } catch {
            throw FileStoreError.cannotWrite(path: url.path, reason: error.localizedDescription)
        }
        return true
    }
}
