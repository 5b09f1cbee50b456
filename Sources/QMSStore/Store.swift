import Foundation

/// A database the system keeps its records in: SQLite for one office, PostgreSQL for several.
///
/// An implementation provides transactions over an ``SQLSession``; every query of the system is
/// written once above it (``StoreReader``, ``StoreWriter``), so a new database needs only this.
public protocol Store: Sendable {
    /// The SQL dialect the sessions speak.
    var dialect: SQLDialect { get }
    /// Where the database is, for messages (a path, or a URL without its password).
    var location: String { get }
    /// Applies the migrations not yet applied, in order, each in its own transaction; returns their names.
    func migrate() async throws(StoreError) -> [String]
    /// The names of the migrations already applied.
    func appliedMigrations() async throws(StoreError) -> [String]
    /// Runs `body` in a read-only transaction that sees one consistent state.
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T
    /// Runs `body` in a write transaction: everything it does is committed together, or nothing is.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T
    /// A number that changes whenever anything is committed to the database, by this process or
    /// by another one (a CLI beside the server, a second server on the same PostgreSQL database).
    ///
    /// Caches of values read from the store are valid while it stays the same: read it before
    /// reading what is cached, so that a cached value is never older than the token it is kept under.
    /// It may change when nothing visible did (that costs a recomputation, never a stale answer).
    func changeToken() async throws(StoreError) -> Int64
    /// The version of every ``DataArea``, read in one query: each moves in the transaction of any
    /// commit that changes one of the area's tables, by any process. Read it before reading what is
    /// cached under it, as ``changeToken()``.
    func areaVersions() async throws(StoreError) -> AreaVersions
    /// Closes the connections.
    func close() async throws
}

extension Store {
    /// Reads through the typed queries of ``StoreReader``.
    public func reading<T: Sendable>(_ body: @escaping @Sendable (StoreReader) throws -> T) async throws -> T {
        try await read { session in try body(StoreReader(session: session)) }
    }

    /// Writes through the typed queries of ``StoreWriter``; `actor` is recorded in the audit trail.
    public func writing<T: Sendable>(
        actor: String, at instant: Date = Date(), _ body: @escaping @Sendable (StoreWriter) throws -> T
    ) async throws -> T {
        try await write { session in try body(StoreWriter(session: session, actor: actor, instant: instant)) }
    }
}
