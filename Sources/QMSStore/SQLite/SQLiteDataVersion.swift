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
    private var areasStatement: OpaquePointer?
    /// The area versions last read, and the data version read just before them.
    private var areas: (dataVersion: Int64, versions: AreaVersions)?

    init(path: String) { self.path = path }

    deinit { closeConnection() }

    /// The current data version of the database file.
    func current() throws(StoreError) -> Int64 {
        lock.lock()
        defer { lock.unlock() }
        return try dataVersion()
    }

    /// The version of every area: read from `data_areas` only when the data version moved since
    /// the last read, so that a request on the cached path costs one step of a prepared statement.
    ///
    /// The data version is read first: a commit between the two reads leaves newer area versions
    /// under the older data version, which the next call sees moved and reads again.
    func areaVersions() throws(StoreError) -> AreaVersions {
        lock.lock()
        defer { lock.unlock() }
        let version = try dataVersion()
        if let areas, areas.dataVersion == version { return areas.versions }
        guard let connection else { throw .database("cannot read the area versions of \(path)") }
        if areasStatement == nil {
            var prepared: OpaquePointer?
            let sql = "SELECT area, version FROM \(DataAreas.table)"
            guard sqlite3_prepare_v2(connection, sql, -1, &prepared, nil) == SQLITE_OK, let prepared else {
                // Not migrated yet: nothing is kept until it is.
                let message = String(cString: sqlite3_errmsg(connection))
                throw .database("area versions of \(path): \(message)")
            }
            areasStatement = prepared
        }
        guard let areasStatement else { throw .database("cannot read the area versions of \(path)") }
        var versions = AreaVersions()
        while true {
            let code = sqlite3_step(areasStatement)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                let message = String(cString: sqlite3_errmsg(connection))
                closeConnection()
                throw code == SQLITE_BUSY ? .busy(message) : .database("area versions of \(path): \(message)")
            }
            if let text = sqlite3_column_text(areasStatement, 0),
                let area = DataArea(rawValue: String(cString: text))
            {
                versions[area] = sqlite3_column_int64(areasStatement, 1)
            }
        }
        // Reset at once, as the data version's statement: a reader left open would hold back checkpoints.
        sqlite3_reset(areasStatement)
        areas = (version, versions)
        return versions
    }

    /// The data version, with the lock held.
    private func dataVersion() throws(StoreError) -> Int64 {
        if statement == nil { try open() }
        guard let statement else { throw .database("cannot read the data version of \(path)") }
        let code = sqlite3_step(statement)
        guard code == SQLITE_ROW else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "code \(code)"
            closeConnection()
            throw code == SQLITE_BUSY ? .busy(message) : .database("data version of \(path): \(message)")
        }
        let version = sqlite3_column_int64(statement, 0)
        // Reset at once: a statement left on its row would hold a read transaction open, and a
        // WAL checkpoint cannot pass a reader. (Not deferred: a failure above has finalized it.)
        sqlite3_reset(statement)
        return version
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
        if let areasStatement { sqlite3_finalize(areasStatement) }
        areasStatement = nil
        areas = nil
        if let statement { sqlite3_finalize(statement) }
        if let connection { sqlite3_close_v2(connection) }
        statement = nil
        connection = nil
    }
}
