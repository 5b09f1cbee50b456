import Foundation
import GRDBSQLite

/// SQLite's `PRAGMA data_version`, read on a connection of its own that never writes.
///
/// The number changes whenever another connection commits: the store's own pool and any other
/// process alike, which a counter kept in memory could not see. One prepared statement, stepped and
/// reset under a lock, costs a few microseconds, so a web server can ask on every request.
final class SQLiteDataVersion: @unchecked Sendable {
    // @unchecked: the connection and its statement are only touched with the lock held.
    private let lock = NSLock()
    private let path: String
    private var connection: OpaquePointer?
    private var statement: OpaquePointer?

    init(path: String) { self.path = path }

    deinit { closeConnection() }

    /// The current data version of the database file.
    func current() throws(StoreError) -> Int64 {
        lock.lock()
        defer { lock.unlock() }
        if statement == nil { try open() }
        guard let statement else { throw .database("cannot read the data version of \(path)") }
        let code = sqlite3_step(statement)
        // Reset at once: a statement left on its row would hold a read transaction open, and a
        // WAL checkpoint cannot pass a reader.
        defer { sqlite3_reset(statement) }
        guard code == SQLITE_ROW else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "code \(code)"
            closeConnection()
            throw code == SQLITE_BUSY ? .busy(message) : .database("data version of \(path): \(message)")
        }
        return sqlite3_column_int64(statement, 0)
    }

    private func open() throws(StoreError) {
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "code \(code)"
            sqlite3_close_v2(handle)
            throw .cannotOpen(path: path, reason: message)
        }
        sqlite3_busy_timeout(handle, 5000)
        var prepared: OpaquePointer?
        guard sqlite3_prepare_v2(handle, "PRAGMA data_version", -1, &prepared, nil) == SQLITE_OK, let prepared else {
            let message = String(cString: sqlite3_errmsg(handle))
            sqlite3_close_v2(handle)
            throw .database("data version of \(path): \(message)")
        }
        connection = handle
        statement = prepared
    }

    private func closeConnection() {
        if let statement { sqlite3_finalize(statement) }
        if let connection { sqlite3_close_v2(connection) }
        statement = nil
        connection = nil
    }
}
