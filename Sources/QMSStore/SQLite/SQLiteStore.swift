import Foundation
import GRDB
import GRDBSQLite
import Logging

/// The SQLite store: one file (WAL journal, foreign keys on, a busy timeout so that several
/// processes can write in turn), opened through GRDB over the system's libsqlite3.
public final class SQLiteStore: Store {
    public let dialect = SQLDialect.sqlite
    public let location: String
    /// Internal rather than private: the backup in `SQLiteStore+Backup.swift` reads through it.
    let pool: DatabasePool
    private let logger: Logger
    private let dataVersion: SQLiteDataVersion

    /// Opens (creating if needed) the database file at `path`.
    /// - Parameter busyTimeout: how long a writer waits for another process's transaction.
    public init(path: String, busyTimeout: TimeInterval = 15, logger: Logger = Logger(label: "eqms.store"))
        throws(StoreError)
    {
        self.location = path
        self.logger = logger
        self.dataVersion = SQLiteDataVersion(path: path)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "eqms"
        configuration.prepareDatabase { db in
            // FULL: a committed record survives a power cut, which an audit trail needs.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            db.add(
                function: DatabaseFunction(SearchFolding.function, argumentCount: 1, pure: true) { values in
                    String.fromDatabaseValue(values[0]).map(SearchFolding.fold)
                })
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder) else {
            throw .cannotOpen(path: path, reason: "the folder \(folder) does not exist")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw .cannotOpen(path: path, reason: SQLiteStore.describe(error))
        }
    }

    private var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in Migrations.all {
            let sql = migration.sql(for: .sqlite)
            let data = migration.data
            migrator.registerMigration(migration.name) { db in
                if !sql.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { try db.execute(sql: sql) }
                try data?(GRDBSession(db: db))
            }
        }
        return migrator
    }

    public func migrate() async throws(StoreError) -> [String] {
        try await migrate(upTo: nil)
    }

    /// Applies migrations up to and including `name` (all when nil); used by the tests that
    /// upgrade a database of an earlier version.
    public func migrate(upTo name: String?) async throws(StoreError) -> [String] {
        let before = try await appliedMigrations()
        let known = Set(Migrations.all.map(\.name))
        let unknown = before.filter { !known.contains($0) }
        guard unknown.isEmpty else { throw .newerSchema(path: location, unknown: unknown) }
        do {
            if let name {
                try migrator.migrate(pool, upTo: name)
            } else {
                try migrator.migrate(pool)
            }
        } catch {
            let pending = Migrations.all.map(\.name).filter { !before.contains($0) }
            throw .migrationFailed(name: pending.first ?? "?", reason: SQLiteStore.describe(error))
        }
        let after = try await appliedMigrations()
        let applied = after.filter { !before.contains($0) }
        if !applied.isEmpty { logger.info("migrated", metadata: ["applied": "\(applied)", "db": "\(location)"]) }
        return applied
    }

    public func appliedMigrations() async throws(StoreError) -> [String] {
        do {
            return try await pool.read { db in
                guard try db.tableExists("grdb_migrations") else { return [] }
                return try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
            }
        } catch {
            throw .database(SQLiteStore.describe(error))
        }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        do {
            return try await pool.read { db in try body(GRDBSession(db: db)) }
        } catch let error as DatabaseError {
            throw SQLiteStore.storeError(error)
        }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        do {
            return try await pool.writeWithoutTransaction { db in
                var result: T?
                // IMMEDIATE takes the write lock at the start, so a transaction that reads and then
                // writes never fails half-way on a lock another process took in between.
                try db.inTransaction(.immediate) {
                    result = try body(GRDBSession(db: db))
                    return .commit
                }
                guard let result else { throw StoreError.database("the transaction produced no result") }
                return result
            }
        } catch let error as DatabaseError {
            throw SQLiteStore.storeError(error)
        }
    }

    /// Copies the whole database into a new file with SQLite's online backup (safe while others write).
    public func backup(to path: String) async throws(StoreError) {
        do {
            let destination = try DatabaseQueue(path: path)
            try pool.backup(to: destination)
            try destination.close()
        } catch {
            throw .database("backup to \(path) failed: \(SQLiteStore.describe(error))")
        }
    }

    public func changeToken() async throws(StoreError) -> Int64 {
        try dataVersion.current()
    }

    public func areaVersions() async throws(StoreError) -> AreaVersions {
        try dataVersion.areaVersions()
    }

    public func close() async throws {
        try pool.close()
    }

    static func storeError(_ error: DatabaseError) -> StoreError {
        switch error.resultCode {
        case .SQLITE_CONSTRAINT: return .constraint(error.message ?? "constraint failed")
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .busy(error.message ?? "database is locked")
        default: return .database(describe(error))
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? error.description }
        if let error = error as? StoreError { return error.message }
        return "\(error)"
    }
}

/// An ``SQLSession`` over a GRDB connection inside a transaction.
struct GRDBSession: SQLSession {
    let db: Database
    var dialect: SQLDialect { .sqlite }

    func execute(_ sql: String, _ arguments: [SQLValue]) throws(StoreError) {
        // Values are bound straight onto the prepared statement: for bulk imports GRDB's general
        // argument handling cost more than SQLite's own work.
        let statement: Statement
        do {
            statement = try db.cachedStatement(sql: sql)
        } catch let error as DatabaseError {
            throw SQLiteStore.storeError(error)
        } catch {
            throw .database("\(error)")
        }
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        guard Int(sqlite3_bind_parameter_count(handle)) == arguments.count else {
            throw .database("statement expects \(sqlite3_bind_parameter_count(handle)) values, got \(arguments.count)")
        }
        for (offset, value) in arguments.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null: code = sqlite3_bind_null(handle, index)
            case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
            case .real(let number): code = sqlite3_bind_double(handle, index, number)
            case .text(let text):
                var text = text
                code = text.withUTF8 { buffer in
                    buffer.withMemoryRebound(to: CChar.self) { characters in
                        guard let base = characters.baseAddress else {
                            // An empty string still needs a non-null pointer, or SQLite binds NULL.
                            return sqlite3_bind_text(handle, index, "", 0, nil)
                        }
                        return sqlite3_bind_text(handle, index, base, Int32(characters.count), sqliteTransient)
                    }
                }
            case .blob(let data):
                code = data.withUnsafeBytes { buffer in
                    sqlite3_bind_blob(handle, index, buffer.baseAddress, Int32(buffer.count), sqliteTransient)
                }
            }
            guard code == SQLITE_OK else { throw lastError(code) }
        }
        let code = sqlite3_step(handle)
        defer { sqlite3_reset(handle) }
        guard code == SQLITE_DONE || code == SQLITE_ROW else { throw lastError(code) }
    }

    private func lastError(_ code: Int32) -> StoreError {
        let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
        switch code & 0xFF {
        case SQLITE_CONSTRAINT: return .constraint(message)
        case SQLITE_BUSY, SQLITE_LOCKED: return .busy(message)
        default: return .database(message)
        }
    }

    func query(_ sql: String, _ arguments: [SQLValue]) throws(StoreError) -> [SQLRow] {
        do {
            let statement = try db.cachedStatement(sql: sql)
            let columns = statement.columnNames
            let names = SQLRow.index(columns)
            let rows = try Row.fetchCursor(
                statement, arguments: StatementArguments(arguments.map(GRDBSession.databaseValue)))
            var result: [SQLRow] = []
            while let row = try rows.next() {
                result.append(
                    SQLRow(columns: columns, names: names, values: row.databaseValues.map(GRDBSession.sqlValue)))
            }
            return result
        } catch let error as DatabaseError {
            throw SQLiteStore.storeError(error)
        } catch {
            throw .database("\(error)")
        }
    }

    static func databaseValue(_ value: SQLValue) -> DatabaseValue {
        switch value {
        case .null: return .null
        case .integer(let number): return number.databaseValue
        case .real(let number): return number.databaseValue
        case .text(let text): return text.databaseValue
        case .blob(let data): return data.databaseValue
        }
    }

    static func sqlValue(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: return .null
        case .int64(let number): return .integer(number)
        case .double(let number): return .real(number)
        case .string(let text): return .text(text)
        case .blob(let data): return .blob(data)
        }
    }
}

/// SQLite's SQLITE_TRANSIENT: the library copies the bound bytes before the call returns.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
