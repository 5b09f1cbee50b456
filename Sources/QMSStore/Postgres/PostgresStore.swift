import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import PostgresNIO
import QMSCore

/// The PostgreSQL store, for several `eqms serve` instances (headquarters and field offices) on one
/// database server. The SQL is the same as SQLite's; only the connection differs.
///
/// The typed queries above a ``Store`` are synchronous (so that one transaction is a plain closure),
/// while PostgresNIO is asynchronous: each transaction runs its closure on a thread of its own, off
/// Swift's cooperative pool, and each statement waits there for its answer.
public final class PostgresStore: Store {
    public let dialect = SQLDialect.postgres
    public let location: String
    private let url: DatabaseURL
    private let pool: ConnectionPool
    private let logger: Logger
    private let queue = DispatchQueue(label: "eqms.postgres.transactions", attributes: .concurrent)

    /// Every write transaction takes this advisory lock first, so that writers from every instance
    /// take turns, as they do on SQLite: the audit trail's hash chain needs one writer at a time.
    static let writerLock = 0x4551_4D53

    /// Connects lazily to the database at `url`.
    public init(url text: String, logger: Logger = Logger(label: "eqms.store")) throws(StoreError) {
        url = try DatabaseURL(text)
        location = url.display
        self.logger = logger
        pool = ConnectionPool(configuration: url.configuration, logger: logger)
    }

    public func migrate() async throws(StoreError) -> [String] {
        try await migrate(upTo: nil)
    }

    /// Applies migrations up to and including `name` (all when nil).
    public func migrate(upTo name: String?) async throws(StoreError) -> [String] {
        let limit = name
        do {
            return try await pool.withConnection { connection in
                try await self.blocking {
                    let session = PostgresSession(connection: connection, logger: self.logger)
                    try session.execute(
                        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)",
                        [])
                    try session.execute("SELECT pg_advisory_lock(?)", [.integer(Int64(PostgresStore.writerLock))])
                    defer {
                        try? session.execute(
                            "SELECT pg_advisory_unlock(?)", [.integer(Int64(PostgresStore.writerLock))])
                    }
                    let done = Set(
                        try session.query("SELECT name FROM schema_migrations", []).map { try $0.string("name") })
                    let known = Set(Migrations.all.map(\.name))
                    let unknown = done.subtracting(known).sorted()
                    guard unknown.isEmpty else { throw StoreError.newerSchema(path: self.location, unknown: unknown) }
                    var applied: [String] = []
                    for migration in Migrations.all where !done.contains(migration.name) {
                        if let limit, migration.name > limit { break }
                        try session.execute("BEGIN", [])
                        do {
                            for statement in PostgresStore.statements(migration.sql(for: .postgres)) {
                                try session.execute(statement, [])
                            }
                            try migration.data?(session)
                            try session.execute(
                                "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                                [
                                    .text(migration.name),
                                    .text(Instant(secondsSince1970: Date().timeIntervalSince1970).description),
                                ])
                            try session.execute("COMMIT", [])
                        } catch {
                            try? session.execute("ROLLBACK", [])
                            throw StoreError.migrationFailed(name: migration.name, reason: "\(error)")
                        }
                        applied.append(migration.name)
                    }
                    return applied
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .cannotOpen(path: location, reason: PostgresSession.describe(error))
        }
    }

    public func appliedMigrations() async throws(StoreError) -> [String] {
        do {
            return try await read { session in
                let exists = try session.queryFirst(
                    "SELECT 1 AS value FROM information_schema.tables WHERE table_name = 'schema_migrations' AND table_schema = current_schema()"
                )
                guard exists != nil else { return [String]() }
                return try session.query("SELECT name FROM schema_migrations ORDER BY name", []).map {
                    try $0.string("name")
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .cannotOpen(path: location, reason: PostgresSession.describe(error))
        }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        try await transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", lock: false, body)
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        try await transaction(begin: "BEGIN ISOLATION LEVEL READ COMMITTED", lock: true, body)
    }

    private func transaction<T: Sendable>(
        begin: String, lock: Bool, _ body: @escaping @Sendable (any SQLSession) throws -> T
    ) async throws -> T {
        try await pool.withConnection { connection in
            try await self.blocking {
                let session = PostgresSession(connection: connection, logger: self.logger)
                try session.execute(begin, [])
                do {
                    if lock {
                        try session.execute(
                            "SELECT pg_advisory_xact_lock(?)", [.integer(Int64(PostgresStore.writerLock))])
                    }
                    let result = try body(session)
                    try session.execute("COMMIT", [])
                    return result
                } catch {
                    try? session.execute("ROLLBACK", [])
                    throw error
                }
            }
        }
    }

    /// Runs blocking work on the store's own threads.
    private func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                do { continuation.resume(returning: try work()) } catch { continuation.resume(throwing: error) }
            }
        }
    }

    /// The server's current WAL position: every commit that changes data writes to the WAL, so the
    /// position moves with every change (and with some that change nothing visible, such as other
    /// databases of the same server, which only costs a recomputation).
    public func changeToken() async throws(StoreError) -> Int64 {
        let text: String
        do {
            text = try await read { session in
                try session.queryFirst("SELECT pg_current_wal_lsn()::text AS value")?.string("value") ?? ""
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(PostgresSession.describe(error))
        }
        // An LSN reads "16/B374D848": the high and low 32 bits in hexadecimal.
        let parts = text.split(separator: "/")
        guard parts.count == 2, let high = UInt64(parts[0], radix: 16), let low = UInt64(parts[1], radix: 16) else {
            throw .corrupt(column: "pg_current_wal_lsn()", reason: "is \"\(text)\", not an LSN")
        }
        return Int64(bitPattern: high << 32 | low)
    }

    public func areaVersions() async throws(StoreError) -> AreaVersions {
        do {
            return try await read { session in try session.areaVersions() }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(PostgresSession.describe(error))
        }
    }

    public func close() async throws {
        await pool.close()
    }

    /// Splits a migration into statements (migrations hold no `;` inside literals).
    static func statements(_ sql: String) -> [String] {
        sql.split(separator: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}

/// Keeps connections that are being closed alive until they are closed: PostgresNIO requires a
/// connection to be closed before it is released, and a pool or store may go away with idle ones.
enum ConnectionReaper {
    private static let closing = NIOLockedValueBox<[ObjectIdentifier: PostgresConnection]>([:])

    static func close(_ connection: PostgresConnection) {
        guard !connection.isClosed else { return }
        let key = ObjectIdentifier(connection)
        closing.withLockedValue { $0[key] = connection }
        (connection.close() as EventLoopFuture<Void>).whenComplete { _ in
            _ = closing.withLockedValue { $0.removeValue(forKey: key) }
        }
    }
}

/// A few open connections, reused; a connection that failed is dropped rather than returned.
actor ConnectionPool {
    private let configuration: PostgresConnection.Configuration
    private let logger: Logger
    private var idle: [PostgresConnection] = []
    private var nextID = 1
    private let maximumIdle = 8

    init(configuration: PostgresConnection.Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    func withConnection<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await lease()
        do {
            let result = try await body(connection)
            release(connection)
            return result
        } catch {
            // A statement error leaves the connection usable (the transaction was rolled back);
            // a broken connection is closed and forgotten.
            if connection.isClosed { ConnectionReaper.close(connection) } else { release(connection) }
            throw error
        }
    }

    private func lease() async throws -> PostgresConnection {
        while let connection = idle.popLast() {
            if !connection.isClosed { return connection }
        }
        let id = nextID
        nextID += 1
        return try await PostgresConnection.connect(configuration: configuration, id: id, logger: logger)
    }

    private func release(_ connection: PostgresConnection) {
        if idle.count < maximumIdle, !connection.isClosed {
            idle.append(connection)
        } else {
            ConnectionReaper.close(connection)
        }
    }

    func close() async {
        let connections = idle
        idle = []
        for connection in connections { try? await connection.close() }
    }

    deinit {
        for connection in idle { ConnectionReaper.close(connection) }
    }
}

/// An ``SQLSession`` over one PostgreSQL connection, used from a store thread: each statement is
/// sent and waited for. `?` placeholders become `$1`, `$2` ….
struct PostgresSession: SQLSession {
    let connection: PostgresConnection
    let logger: Logger
    var dialect: SQLDialect { .postgres }

    func execute(_ sql: String, _ arguments: [SQLValue]) throws(StoreError) {
        _ = try run(sql, arguments)
    }

    func query(_ sql: String, _ arguments: [SQLValue]) throws(StoreError) -> [SQLRow] {
        try run(sql, arguments)
    }

    private func run(_ sql: String, _ arguments: [SQLValue]) throws(StoreError) -> [SQLRow] {
        var bindings = PostgresBindings(capacity: arguments.count)
        for value in arguments {
            switch value {
            case .null: bindings.appendNull()
            case .integer(let number): bindings.append(number)
            case .real(let number): bindings.append(number)
            case .text(let text): bindings.append(text)
            case .blob(let data): bindings.append(ByteBuffer(bytes: data))
            }
        }
        let query = PostgresQuery(unsafeSQL: PostgresSession.numbered(sql), binds: bindings)
        // The future API runs on NIO's event loop, never on Swift's cooperative pool, so waiting
        // here (always from a store thread or a caller's thread, never an event loop) cannot deadlock.
        do {
            let result = try connection.query(query, logger: logger).wait()
            return result.rows.map(PostgresSession.convert)
        } catch {
            throw PostgresSession.storeError(error)
        }
    }

    /// `?` → `$n`, outside quoted text.
    static func numbered(_ sql: String) -> String {
        var result = ""
        result.reserveCapacity(sql.count + 16)
        var index = 0
        var inQuote = false
        for character in sql {
            if character == "'" { inQuote.toggle() }
            if character == "?" && !inQuote {
                index += 1
                result += "$\(index)"
            } else {
                result.append(character)
            }
        }
        return result
    }

    static func convert(_ row: PostgresRow) -> SQLRow {
        var columns: [String] = []
        var values: [SQLValue] = []
        for cell in row {
            columns.append(cell.columnName)
            values.append(value(of: cell))
        }
        return SQLRow(columns: columns, values: values)
    }

    static func value(of cell: PostgresCell) -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8:
            return (try? cell.decode(Int64.self)).map { .integer($0) } ?? .null
        case .bool:
            return (try? cell.decode(Bool.self)).map { .integer($0 ? 1 : 0) } ?? .null
        case .float4, .float8:
            return (try? cell.decode(Double.self)).map { .real($0) } ?? .null
        case .bytea:
            return (try? cell.decode(ByteBuffer.self)).map { .blob(Data(buffer: $0)) } ?? .null
        default:
            return (try? cell.decode(String.self)).map { .text($0) } ?? .null
        }
    }

    static func storeError(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? PSQLError, let info = error.serverInfo {
            let message = info[.message] ?? "\(error)"
            let detail = info[.detail].map { " (\($0))" } ?? ""
            switch info[.sqlState] ?? "" {
            case let state where state.hasPrefix("23"): return .constraint(message + detail)
            case "40001", "40P01", "55P03": return .busy(message)
            default: return .database(message + detail)
            }
        }
        return .database(describe(error))
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            return error.serverInfo?[.message] ?? "\(error.code)"
        }
        return "\(error)"
    }
}
