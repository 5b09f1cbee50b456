import Foundation
import QMSCore

/// Reads RFC 4180 CSV: quoted fields with `""` escapes and line breaks inside quotes, CRLF, LF or
/// CR line ends, an optional UTF-8 byte-order mark; rows that are entirely empty are skipped.
///
/// Written here rather than taken from a CSV package because the bulk evidence import must keep
/// pace with `sqlite3 .import`: measured on 100,000 rows of 11 fields in release builds,
/// yaslab/CSV.swift took 1.36 s and SwiftCSV 1.90 s, against 0.28 s for the whole of
/// `sqlite3 .import`. This reader works on the bytes of a memory-mapped file and reports every
/// malformation with its row and column instead of guessing.
public struct CSVReader {
    /// The file name as the user gave it, for messages.
    public let file: String
    private let data: Data

    /// Reads from bytes.
    public init(data: Data, file: String) {
        self.data = data
        self.file = file
    }

    /// Reads a file, memory-mapped so that a large file is not copied into memory.
    public init(contentsOf url: URL, file: String) throws(FormatError) {
        do {
            self.data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw FormatError(
                .cannotReadFile, ["detail": "\(error.localizedDescription)"], at: SourceLocation(file: file),
                fix: .advice(.checkPath))
        }
        self.file = file
    }

    /// Calls `body` with each record's row number (the first record being row 1) and fields.
    /// Row numbers count records, as a spreadsheet shows them, even when a quoted field spans lines.
    public func forEachRecord(_ body: (Int, [String]) throws -> Void) throws {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var index = 0
            let count = bytes.count
            if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
            if count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
                throw FormatError(
                    .utf16, at: SourceLocation(file: file, row: 1),
                    fix: .advice(.saveCSVUTF8))
            }
            var row = 0
            var fields: [String] = []
            fields.reserveCapacity(16)
            var buffer: [UInt8] = []
            // The first record's names, so that a problem in a later row names its column by header.
            var header: [String] = []
            while index < count {
                row += 1
                fields.removeAll(keepingCapacity: true)
                var recordEnded = false
                while !recordEnded {
                    let column = fields.count + 1
                    if index < count, bytes[index] == UInt8(ascii: "\"") {
                        // Quoted field: runs to the closing quote; "" is a quote.
                        index += 1
                        buffer.removeAll(keepingCapacity: true)
                        var closed = false
                        while index < count {
                            let byte = bytes[index]
                            if byte == UInt8(ascii: "\"") {
                                if index + 1 < count, bytes[index + 1] == UInt8(ascii: "\"") {
                                    buffer.append(UInt8(ascii: "\""))
                                    index += 2
                                } else {
                                    index += 1
                                    closed = true
                                    break
                                }
                            } else {
                                buffer.append(byte)
                                index += 1
                            }
                        }
                        guard closed else {
                            throw FormatError(
                                .quoteNeverClosed,
                                at: cell(row, column, header),
                                fix: .advice(.closingQuote))
                        }
                        fields.append(try string(buffer[...], row: row, column: column, header: header))
                        if index < count, bytes[index] != UInt8(ascii: ","), bytes[index] != 0x0A, bytes[index] != 0x0D
                        {
                            throw FormatError(
                                .textAfterClosingQuote,
                                at: cell(row, column, header),
                                fix: .advice(.wholeFieldQuoted))
                        }
                    } else {
                        let start = index
                        while index < count {
                            let byte = bytes[index]
                            if byte == UInt8(ascii: ",") || byte == 0x0A || byte == 0x0D { break }
                            if byte == UInt8(ascii: "\"") {
                                throw FormatError(
                                    .quoteInsideField,
                                    at: cell(row, column, header),
                                    fix: .advice(.quoteTwice))
                            }
                            index += 1
                        }
                        fields.append(
                            try string(
                                UnsafeBufferPointer(rebasing: bytes[start..<index]), row: row, column: column,
                                header: header))
                    }
                    if index >= count {
                        recordEnded = true
                    } else if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                    } else {
                        // CRLF, LF or CR ends the record.
                        if bytes[index] == 0x0D, index + 1 < count, bytes[index + 1] == 0x0A { index += 1 }
                        index += 1
                        recordEnded = true
                    }
                }
                if fields.count == 1, fields[0].isEmpty {
                    row -= 1
                    continue
                }
                if row == 1 { header = fields }
                try body(row, fields)
            }
        }
    }

    private func string(_ bytes: ArraySlice<UInt8>, row: Int, column: Int, header: [String]) throws(FormatError)
        -> String
    {
        if bytes.contains(0) { throw nulByte(cell(row, column, header)) }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw notUTF8(cell(row, column, header)) }
        return text
    }

    private func string(_ bytes: UnsafeBufferPointer<UInt8>, row: Int, column: Int, header: [String])
        throws(FormatError) -> String
    {
        if bytes.allSatisfy({ $0 < 0x80 && $0 != 0 }) { return String(decoding: bytes, as: UTF8.self) }
        if bytes.contains(0) { throw nulByte(cell(row, column, header)) }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw notUTF8(cell(row, column, header)) }
        return text
    }

    /// A cell named by its column's header when the header has one, else by its position.
    private func cell(_ row: Int, _ column: Int, _ header: [String]) -> SourceLocation {
        let name = column <= header.count ? header[column - 1].trimmingWhitespace() : ""
        return SourceLocation(file: file, column: column, field: name.isEmpty ? nil : name, row: row)
    }

    /// A NUL byte: a binary file, or UTF-16 without its byte-order mark; never text to keep.
    private func nulByte(_ location: SourceLocation) -> FormatError {
        FormatError(
            .nulByte,
            at: location, fix: .advice(.saveCSVUTF8))
    }

    private func notUTF8(_ location: SourceLocation) -> FormatError {
        FormatError(.notUTF8, at: location, fix: .advice(.saveCSVUTF8))
    }
}

/// A CSV file whose first record names its columns.
public struct CSVTable {
    public let reader: CSVReader
    public let header: [String]
    private let indexes: [String: Int]

    /// Reads the header and checks it: every column in `required` present, none outside
    /// `required` and `optional`, no column twice.
    public init(reader: CSVReader, required: [String], optional: [String] = []) throws {
        var header: [String]?
        do {
            try reader.forEachRecord { _, fields in
                header = fields
                throw StopReading()
            }
        } catch is StopReading {}
        guard let header, !header.isEmpty else {
            throw FormatError(
                .emptyFileNeedsHeader, at: SourceLocation(file: reader.file, row: 1),
                fix: .advice(.startWithHeader(required.joined(separator: ","))))
        }
        let names = header.map { $0.trimmingWhitespace().lowercased() }
        var indexes: [String: Int] = [:]
        let allowed = Set(required + optional)
        for (index, name) in names.enumerated() {
            guard allowed.contains(name) else {
                throw FormatError(
                    .unknownColumn, ["column": "\(header[index])"],
                    at: SourceLocation(file: reader.file, field: header[index], row: 1),
                    fix: .advice(.onlyColumns(required + optional)))
            }
            guard indexes[name] == nil else {
                throw FormatError(
                    .columnTwice, ["column": "\(name)"], at: SourceLocation(file: reader.file, field: name, row: 1),
                    fix: .advice(.columnOnce))
            }
            indexes[name] = index
        }
        for name in required where indexes[name] == nil {
            throw FormatError(
                .headerLacksColumn, ["column": "\(name)"], at: SourceLocation(file: reader.file, field: name, row: 1),
                fix: .advice(.headerIs(required.joined(separator: ","))))
        }
        self.reader = reader
        self.header = names
        self.indexes = indexes
    }

    /// Calls `body` for each data row (row 2 onwards) with a way to read fields by column name.
    public func forEachRow(_ body: (CSVRow) throws -> Void) throws {
        var first = true
        try reader.forEachRecord { row, fields in
            if first {
                first = false
                return
            }
            guard fields.count == header.count else {
                throw FormatError(
                    .rowFieldCount, ["fields": .number(fields.count), "columns": .number(header.count)],
                    at: SourceLocation(file: reader.file, row: row),
                    fix: .advice(.quoteFields))
            }
            var cells = fields
            for index in cells.indices {
                cells[index] = try SpreadsheetFormula.text(
                    ofCell: cells[index].trimmingWhitespace(),
                    at: SourceLocation(file: reader.file, field: header[index], row: row))
            }
            try body(CSVRow(file: reader.file, row: row, fields: cells, indexes: indexes))
        }
    }

    private struct StopReading: Error {}
}

/// One data row of a ``CSVTable``.
public struct CSVRow {
    public let file: String
    /// The row number as a spreadsheet shows it (the header is row 1).
    public let row: Int
    let fields: [String]
    let indexes: [String: Int]

    /// The trimmed value of a column, nil when the column is absent or the cell blank.
    public subscript(_ column: String) -> String? {
        guard let index = indexes[column] else { return nil }
        let value = fields[index].trimmingWhitespace()
        return value.isEmpty ? nil : value
    }

    /// Where a column of this row is, for messages.
    public func location(_ column: String) -> SourceLocation { SourceLocation(file: file, field: column, row: row) }

    /// A value that must be present.
    public func required(_ column: String) throws(FormatError) -> String {
        guard let value = self[column] else {
            throw FormatError(
                .columnEmpty, ["column": "\(column)"], at: location(column), fix: .advice(.fillIn(column: "\(column)")))
        }
        return value
    }

    /// Converts a value, turning a domain error into an error at this row and column.
    public func parse<T>(_ column: String, _ convert: (String) throws(DomainError) -> T) throws(FormatError) -> T? {
        guard let value = self[column] else { return nil }
        do {
            return try convert(value)
        } catch {
            throw FormatError(error, at: location(column), fix: error.fix)
        }
    }
}
