/// A connection inside a transaction. Statements use `?` placeholders; each implementation
/// adapts them to its database. Queries are written once, in SQL both SQLite and PostgreSQL accept.
public protocol SQLSession {
    /// The dialect, for the rare statement that must differ.
    var dialect: SQLDialect { get }
    /// Runs a statement that returns no rows.
    func execute(_ sql: String, _ arguments: [SQLValue]) throws(StoreError)
    /// Runs a query and returns every row.
    func query(_ sql: String, _ arguments: [SQLValue]) throws(StoreError) -> [SQLRow]
}

extension SQLSession {
    /// Runs a statement with convertible arguments.
    public func execute(_ sql: String, _ arguments: any SQLValueConvertible...) throws(StoreError) {
        try execute(sql, arguments.map(\.sqlValue))
    }

    /// Runs a query with convertible arguments.
    public func query(_ sql: String, _ arguments: any SQLValueConvertible...) throws(StoreError) -> [SQLRow] {
        try query(sql, arguments.map(\.sqlValue))
    }

    /// The first row of a query, if any.
    public func queryFirst(_ sql: String, _ arguments: any SQLValueConvertible...) throws(StoreError) -> SQLRow? {
        try query(sql, arguments.map(\.sqlValue)).first
    }

    /// Inserts many rows with multi-row `INSERT` statements (both databases accept them), which
    /// costs far less per row than one statement each. Every row must have `columns.count` values.
    public func insertRows(into table: String, columns: [String], rows: [[SQLValue]]) throws(StoreError) {
        guard !rows.isEmpty else { return }
        let perStatement = max(1, 960 / columns.count)
        let placeholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let head = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + perStatement)
            let sql = head + Array(repeating: placeholders, count: end - start).joined(separator: ", ")
            var arguments: [SQLValue] = []
            arguments.reserveCapacity((end - start) * columns.count)
            for row in rows[start..<end] { arguments += row }
            try execute(sql, arguments)
            start = end
        }
    }

    /// The integer in the first column of the first row (a `COUNT(*)`, a `MAX(…)`).
    public func scalarInt(_ sql: String, _ arguments: any SQLValueConvertible...) throws(StoreError) -> Int64? {
        guard let row = try query(sql, arguments.map(\.sqlValue)).first else { return nil }
        return row.firstInt
    }
}

extension SQLRow {
    /// The first column as an integer.
    var firstInt: Int64? {
        // Aggregates are read by a fixed alias so that both databases name the column alike.
        optionalInt("value")
    }
}
