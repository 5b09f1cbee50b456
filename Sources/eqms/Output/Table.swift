import QMSPresentation

/// A plain-text table with aligned columns, for people reading a terminal.
struct Table {
    var headers: [String]
    var rows: [[String]] = []
    /// The widest a column may grow before its text is cut with "…".
    var maximumWidth = 70

    init(_ headers: [String]) { self.headers = headers }

    mutating func add(_ row: [String]) { rows.append(row) }

    func render() -> String {
        let all = [headers] + rows
        var widths = Array(repeating: 0, count: headers.count)
        for row in all {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = min(maximumWidth, max(widths[index], Table.width(cell)))
            }
        }
        func line(_ row: [String]) -> String {
            var cells: [String] = []
            for (index, width) in widths.enumerated() {
                let cell = Table.cut(index < row.count ? row[index] : "", to: width)
                let isLast = index == widths.count - 1
                cells.append(isLast ? cell : cell + String(repeating: " ", count: width - Table.width(cell)))
            }
            return cells.joined(separator: "  ")
        }
        var lines = [line(headers), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")]
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }

    /// Columns a text takes on a terminal: one per character (Arabic marks join their letter);
    /// directional marks and isolates, which ICU puts around numbers, take none.
    static func width(_ text: String) -> Int { Bidi.displayWidth(text) }

    static func cut(_ text: String, to width: Int) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count <= width ? flat : String(flat.prefix(max(0, width - 1))) + "…"
    }
}
