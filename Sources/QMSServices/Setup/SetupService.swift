import Foundation
import Logging
import QMSCore
import QMSFormats
import QMSStore

/// Creates and upgrades databases.
public enum SetupService {
    /// What `eqms init` did.
    public struct InitReport: Sendable, Codable {
        /// The database path.
        public var database: String
        /// Whether the database file was created by this run.
        public var created: Bool
        /// The migrations applied by this run.
        public var migrations: [String]
        /// What happened to each catalogue and crosswalk file.
        public var library: LibraryLoadReport
    }

    /// Creates the database if needed, brings its schema up to date and loads the standards.
    /// Running it again is safe: unchanged files are skipped, revised ones are loaded.
    public static func initialise(
        databasePath: String, library: StandardsLibrary, actor: String, files: URL? = nil,
        logger: Logger = Logger(label: "eqms")
    ) async throws -> (QMS, InitReport) {
        let existed = FileManager.default.fileExists(atPath: databasePath)
        // The files are read and validated before the database is touched, so a bad catalogue
        // leaves no half-created database behind.
        let catalogueFiles = try CatalogueService.readLibrary(library)
        let store = try SQLiteStore(path: databasePath, logger: logger)
        let migrations: [String]
        do {
            migrations = try await store.migrate()
        } catch {
            if !existed { try? FileManager.default.removeItem(atPath: databasePath) }
            throw error
        }
        let fileStore = try DirectoryFileStore(root: files ?? DirectoryFileStore.folder(forDatabase: databasePath))
        let qms = QMS(store: store, files: fileStore, actor: actor, logger: logger)
        let report = try await qms.catalogues.load(catalogueFiles)
        return (qms, InitReport(database: databasePath, created: !existed, migrations: migrations, library: report))
    }
}
