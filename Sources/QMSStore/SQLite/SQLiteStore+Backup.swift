import Foundation
import GRDB
import QMSCore

extension SQLiteStore {
    /// Copies the database into a new file at `path` with SQLite's online backup, then lets
    /// `inspect` read the copy before it is closed; returns the copy's schema migrations and what
    /// `inspect` returned.
    ///
    /// The copy is one consistent snapshot taken in a single step while other processes go on
    /// writing. It is switched to a rollback journal, so that it is one self-contained file that
    /// can be hashed, moved and archived (a restored copy goes back to WAL when it is opened).
    public func backup<T>(to path: String, inspect: (StoreReader) throws -> T) throws -> (
        migrations: [String], result: T
    ) {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw StoreError.cannotOpen(path: path, reason: "a file is already there; the backup never overwrites one")
        }
        let destination: DatabaseQueue
        do {
            destination = try DatabaseQueue(path: path)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: SQLiteStore.describe(error))
        }
        do {
            try pool.backup(to: destination)
            try destination.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            let result = try destination.read { db in
                let migrations = try String.fetchAll(
                    db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
                return (migrations, try inspect(StoreReader(session: GRDBSession(db: db))))
            }
            try destination.close()
            return result
        } catch {
            try? destination.close()
            if let error = error as? any QMSError { throw error }
            throw StoreError.database("backup to \(path) failed: \(SQLiteStore.describe(error))")
        }
    }
}
