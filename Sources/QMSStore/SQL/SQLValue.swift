import Foundation

/// A value bound to or read from an SQL statement, the same for every database.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

/// Values that can be bound to SQL statements.
public protocol SQLValueConvertible {
    /// The value as SQL sees it.
    var sqlValue: SQLValue { get }
}

extension String: SQLValueConvertible {
    public var sqlValue: SQLValue { .text(self) }
}
extension Int: SQLValueConvertible {
    public var sqlValue: SQLValue { .integer(Int64(self)) }
}
extension Int64: SQLValueConvertible {
    public var sqlValue: SQLValue { .integer(self) }
}
extension Bool: SQLValueConvertible {
    public var sqlValue: SQLValue { .integer(self ? 1 : 0) }
}
extension Data: SQLValueConvertible {
    public var sqlValue: SQLValue { .blob(self) }
}
extension Optional: SQLValueConvertible where Wrapped: SQLValueConvertible {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}
extension SQLValue: SQLValueConvertible {
    public var sqlValue: SQLValue { self }
}

/// One row of a query result, read by column name.
public struct SQLRow: Sendable {
    /// The column names, in the order of the query.
    public let columns: [String]
    /// The values, in the order of ``columns``.
    public let values: [SQLValue]
    private let names: [String: Int]

    /// Creates a row from column names and values in the same order.
    public init(columns: [String], values: [SQLValue]) {
        self.init(columns: columns, names: SQLRow.index(columns), values: values)
    }

    /// Creates a row with the index of its columns' names made by ``index(_:)``: the rows of one
    /// query share it, rather than each building its own (a register of 20,000 rows of 21
    /// columns spent more time on those indexes than on reading the rows).
    init(columns: [String], names: [String: Int], values: [SQLValue]) {
        self.names = names
        self.columns = columns
        self.values = values
    }

    /// Each column's position by its lowercased name, the first where names repeat.
    static func index(_ columns: [String]) -> [String: Int] {
        var names: [String: Int] = [:]
        for (index, column) in columns.enumerated() where names[column.lowercased()] == nil {
            names[column.lowercased()] = index
        }
        return names
    }

    /// The raw value of a column, `.null` when the column is absent.
    public subscript(_ column: String) -> SQLValue {
        // Queries name their columns in lowercase: only another spelling needs lowercasing.
        (names[column] ?? names[column.lowercased()]).map { values[$0] } ?? .null
    }

    /// A text column that must not be NULL.
    public func string(_ column: String) throws(StoreError) -> String {
        guard let value = optionalString(column) else { throw .corrupt(column: column, reason: "is NULL or not text") }
        return value
    }

    /// A text column that may be NULL.
    public func optionalString(_ column: String) -> String? {
        switch self[column] {
        case .text(let text): return text
        case .integer(let number): return String(number)
        case .blob(let data): return String(data: data, encoding: .utf8)
        default: return nil
        }
    }

    /// An integer column that must not be NULL.
    public func int(_ column: String) throws(StoreError) -> Int64 {
        guard let value = optionalInt(column) else {
            throw .corrupt(column: column, reason: "is NULL or not an integer")
        }
        return value
    }

    /// An integer column that may be NULL.
    public func optionalInt(_ column: String) -> Int64? {
        switch self[column] {
        case .integer(let number): return number
        case .text(let text): return Int64(text)
        case .real(let number): return Int64(exactly: number)
        default: return nil
        }
    }

    /// A 0/1 column.
    public func bool(_ column: String) throws(StoreError) -> Bool { try int(column) != 0 }

    /// A blob column that may be NULL.
    public func optionalData(_ column: String) -> Data? {
        switch self[column] {
        case .blob(let data): return data
        case .text(let text): return Data(text.utf8)
        default: return nil
        }
    }
}

/// The SQL dialects the store speaks. The differences live in ``SQLDialect`` and nowhere else.
public enum SQLDialect: String, Sendable {
    case sqlite
    case postgres

    /// Replaces the dialect placeholders of a migration:
    /// `{blob}` binary data; `{sequence_key}` an integer primary key that SQLite keeps as the rowid;
    /// `{without_rowid}` SQLite's clustered-key table option, nothing elsewhere.
    public func render(_ template: String) -> String {
        let replacements: [String: String]
        switch self {
        case .sqlite:
            replacements = [
                "{blob}": "BLOB", "{sequence_key}": "INTEGER PRIMARY KEY", "{without_rowid}": "WITHOUT ROWID",
            ]
        case .postgres:
            replacements = ["{blob}": "BYTEA", "{sequence_key}": "BIGINT PRIMARY KEY", "{without_rowid}": ""]
        }
        var sql = template
        for (placeholder, value) in replacements { sql = sql.replacingOccurrences(of: placeholder, with: value) }
        return sql
    }
}
