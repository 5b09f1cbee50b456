import Foundation

/// Writes RFC 4180 CSV for spreadsheets: a UTF-8 byte-order mark (so that Arabic text opens
/// correctly in Excel), CRLF line ends, fields quoted when they hold a comma, quote or line break.
///
/// Cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return) are written with a leading `'`, so that a register exported from user text
/// cannot carry a formula into the reader's spreadsheet (CSV injection). A few lines of our own:
/// the CSV packages we looked at quote fields but do not guard against formulas.
public struct CSVWriter: Sendable {
    /// The column names.
    public let header: [String]
    private var lines: [String]

    /// Starts a document with its header row.
    public init(header: [String]) {
        self.header = header
        self.lines = [CSVWriter.line(header)]
    }

    /// Rows written so far, the header not counted.
    public var rowCount: Int { lines.count - 1 }

    /// Adds a row; it should have one field per column.
    public mutating func add(_ fields: [String]) { lines.append(CSVWriter.line(fields)) }

    /// The document: byte-order mark, header, rows, each line ended by CRLF.
    public var text: String { "\u{FEFF}" + lines.map { $0 + "\r\n" }.joined() }

    /// One line of fields, protected and quoted as needed.
    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",")
    }

    /// One field: protected against formulas, then quoted when it holds a separator, quote or line break.
    public static func field(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            text = "'" + text
        }
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard needsQuotes || text.hasPrefix(" ") || text.hasSuffix(" ") else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
