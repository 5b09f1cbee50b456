import Foundation
import QMSCore
import ZIPFoundation

/// A worksheet to write: a name, a header row and rows of cells.
public struct XLSXSheet: Sendable {
    /// The tab's name (at most 31 characters; `[]:*?/\` are replaced).
    public var name: String
    public var header: [String]
    public var rows: [[SheetCell]]
    /// Column widths in characters, by column; missing ones get a default.
    public var widths: [Double]
    /// Rows after the data, in bold and outside the filter's range: the totals.
    public var footer: [[SheetCell]]
    /// Whether the header row gets filter buttons over the data rows.
    public var filter: Bool
    /// Whether the sheet reads from right to left (Arabic).
    public var rightToLeft: Bool

    /// Creates a sheet.
    public init(
        name: String, header: [String], rows: [[SheetCell]], widths: [Double] = [], footer: [[SheetCell]] = [],
        filter: Bool = false, rightToLeft: Bool = false
    ) {
        self.name = name
        self.header = header
        self.rows = rows
        self.widths = widths
        self.footer = footer
        self.filter = filter
        self.rightToLeft = rightToLeft
    }
}

/// Writes an Office Open XML spreadsheet (`.xlsx`) that Excel, LibreOffice and openpyxl open:
/// the SpreadsheetML package built part by part and zipped with ZIPFoundation.
///
/// Numbers are stored as numbers (`<c t="n">`): money in a currency format with the currency's
/// decimals, whole numbers without separators. Text goes into a shared-strings part, as Excel
/// writes it, so that the titles repeated on every row of an activity are stored once. Text
/// cells are never formulas, so user text cannot run in the reader's spreadsheet.
public enum XLSXWriter {
    /// The workbook's bytes.
    public static func write(_ sheets: [XLSXSheet], currency: CurrencyCode) throws -> Data {
        var strings = SharedStrings()
        var parts: [(String, String)] = []
        let names = uniqueNames(sheets.map(\.name))
        for (index, sheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(index + 1).xml", worksheet(sheet, strings: &strings)))
        }
        parts.insert(("[Content_Types].xml", contentTypes(sheetCount: sheets.count)), at: 0)
        parts.insert(("_rels/.rels", packageRelationships()), at: 1)
        parts.insert(("xl/workbook.xml", workbook(names)), at: 2)
        parts.insert(("xl/_rels/workbook.xml.rels", workbookRelationships(sheetCount: sheets.count)), at: 3)
        parts.insert(("xl/styles.xml", styles(currency: currency)), at: 4)
        parts.append(("xl/sharedStrings.xml", strings.xml()))
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
                provider: { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                })
        }
        guard let bytes = archive.data else {
            throw FormatError(.cannotAssemble, at: nil)
        }
        return bytes
    }

    /// Column letters: 0 → A, 25 → Z, 26 → AA.
    public static func columnName(_ index: Int) -> String {
        var number = index + 1
        var name = ""
        while number > 0 {
            let remainder = (number - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            number = (number - 1) / 26
        }
        return name
    }

    // Style indexes of styles.xml's cellXfs.
    private static let headerStyle = 1
    private static let moneyStyle = 2
    private static let integerStyle = 3
    private static let percentStyle = 4
    /// The bold counterparts of the text, money, integer and percent styles, for the totals.
    private static let boldOffset = 4

    private static func worksheet(_ sheet: XLSXSheet, strings: inout SharedStrings) -> String {
        let columns = max(sheet.header.count, sheet.rows.map(\.count).max() ?? 0)
        var text = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="\(SpreadsheetML.main)" xmlns:r="\(SpreadsheetML.officeRelationships)">
            """
        text.reserveCapacity(sheet.rows.count * columns * 24 + 1024)
        let last = columnName(max(columns, 1) - 1)
        let rowCount = sheet.rows.count + sheet.footer.count
        text += "<dimension ref=\"A1:\(last)\(rowCount + 1)\"/>"
        text += "<sheetViews><sheetView workbookViewId=\"0\"" + (sheet.rightToLeft ? " rightToLeft=\"1\"" : "")
        text +=
            "><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\""
            + " state=\"frozen\"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/><cols>"
        for index in 0..<max(columns, 1) {
            let width = index < sheet.widths.count ? sheet.widths[index] : 14
            text += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(width)\" customWidth=\"1\"/>"
        }
        text += "</cols><sheetData>"
        let letters = (0..<max(columns, 1)).map(columnName)
        text += "<row r=\"1\">"
        for (index, name) in sheet.header.enumerated() {
            text += "<c r=\"\(letters[index])1\" s=\"\(headerStyle)\" t=\"s\"><v>\(strings.index(name))</v></c>"
        }
        text += "</row>"
        let body = sheet.rows.map { ($0, false) } + sheet.footer.map { ($0, true) }
        for (offset, (row, bold)) in body.enumerated() {
            let number = offset + 2
            text += "<row r=\"\(number)\">"
            for (index, cell) in row.enumerated() where index < letters.count {
                text += self.cell(cell, at: letters[index] + String(number), bold: bold, strings: &strings)
            }
            text += "</row>"
        }
        text += "</sheetData>"
        if sheet.filter {
            text += "<autoFilter ref=\"A1:\(last)\(sheet.rows.count + 1)\"/>"
        }
        text += "</worksheet>"
        return text
    }

    private static func cell(_ cell: SheetCell, at reference: String, bold: Bool, strings: inout SharedStrings)
        -> String
    {
        let offset = bold ? boldOffset : 0
        switch cell {
        case .empty:
            return ""
        case .text(let value):
            return "<c r=\"\(reference)\"" + (bold ? " s=\"\(headerStyle)\"" : "")
                + " t=\"s\"><v>\(strings.index(value))</v></c>"
        case .integer(let value):
            return "<c r=\"\(reference)\" s=\"\(integerStyle + offset)\" t=\"n\"><v>\(value)</v></c>"
        case .money(let money):
            return "<c r=\"\(reference)\" s=\"\(moneyStyle + offset)\" t=\"n\"><v>\(money.decimalString)</v></c>"
        case .percent(let basisPoints):
            return
                "<c r=\"\(reference)\" s=\"\(percentStyle + offset)\" t=\"n\"><v>\(SheetCell.fraction(basisPoints))</v></c>"
        }
    }

    private static func uniqueNames(_ names: [String]) -> [String] {
        var used = Set<String>()
        return names.enumerated().map { index, name in
            let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]
            var base = String(String(name.map { forbidden.contains($0) ? "-" : $0 }).trimmingWhitespace().prefix(31))
            if base.isEmpty || base.hasPrefix("'") { base = "Sheet\(index + 1)" }
            var candidate = base
            var counter = 2
            while !used.insert(candidate.lowercased()).inserted {
                let suffix = " (\(counter))"
                candidate = String(base.prefix(31 - suffix.count)) + suffix
                counter += 1
            }
            return candidate
        }
    }

    private static func contentTypes(sheetCount: Int) -> String {
        var writer = XMLWriter(indented: false, standalone: true)
        writer.start("Types", [("xmlns", "http://schemas.openxmlformats.org/package/2006/content-types")])
        writer.empty(
            "Default",
            [("Extension", "rels"), ("ContentType", "application/vnd.openxmlformats-package.relationships+xml")])
        writer.empty("Default", [("Extension", "xml"), ("ContentType", "application/xml")])
        let office = "application/vnd.openxmlformats-officedocument.spreadsheetml."
        writer.empty("Override", [("PartName", "/xl/workbook.xml"), ("ContentType", office + "sheet.main+xml")])
        for index in stride(from: 1, through: sheetCount, by: 1) {
            writer.empty(
                "Override",
                [("PartName", "/xl/worksheets/sheet\(index).xml"), ("ContentType", office + "worksheet+xml")])
        }
        writer.empty("Override", [("PartName", "/xl/styles.xml"), ("ContentType", office + "styles+xml")])
        writer.empty(
            "Override", [("PartName", "/xl/sharedStrings.xml"), ("ContentType", office + "sharedStrings+xml")])
        writer.end()
        return writer.text
    }

    private static func packageRelationships() -> String {
        var writer = XMLWriter(indented: false, standalone: true)
        writer.start("Relationships", [("xmlns", SpreadsheetML.packageRelationships)])
        writer.empty(
            "Relationship",
            [
                ("Id", "rId1"), ("Type", SpreadsheetML.officeRelationships + "/officeDocument"),
                ("Target", "xl/workbook.xml"),
            ])
        writer.end()
        return writer.text
    }

    private static func workbook(_ names: [String]) -> String {
        var writer = XMLWriter(indented: false, standalone: true)
        writer.start("workbook", [("xmlns", SpreadsheetML.main), ("xmlns:r", SpreadsheetML.officeRelationships)])
        writer.start("bookViews")
        writer.empty("workbookView", [("activeTab", "0")])
        writer.end()
        writer.start("sheets")
        for (index, name) in names.enumerated() {
            writer.empty("sheet", [("name", name), ("sheetId", String(index + 1)), ("r:id", "rId\(index + 1)")])
        }
        writer.end()
        writer.end()
        return writer.text
    }

    private static func workbookRelationships(sheetCount: Int) -> String {
        var writer = XMLWriter(indented: false, standalone: true)
        writer.start("Relationships", [("xmlns", SpreadsheetML.packageRelationships)])
        for index in 0..<sheetCount {
            writer.empty(
                "Relationship",
                [
                    ("Id", "rId\(index + 1)"), ("Type", SpreadsheetML.officeRelationships + "/worksheet"),
                    ("Target", "worksheets/sheet\(index + 1).xml"),
                ])
        }
        writer.empty(
            "Relationship",
            [
                ("Id", "rId\(sheetCount + 1)"), ("Type", SpreadsheetML.officeRelationships + "/styles"),
                ("Target", "styles.xml"),
            ])
        writer.empty(
            "Relationship",
            [
                ("Id", "rId\(sheetCount + 2)"), ("Type", SpreadsheetML.officeRelationships + "/sharedStrings"),
                ("Target", "sharedStrings.xml"),
            ])
        writer.end()
        return writer.text
    }

    /// Styles: plain, bold header, money in the currency's format, whole numbers.
    private static func styles(currency: CurrencyCode) -> String {
        let digits = currency.minorUnitDigits
        let format = "\"\(currency.code) \"#,##0" + (digits > 0 ? "." + String(repeating: "0", count: digits) : "")
        var writer = XMLWriter(indented: false, standalone: true)
        writer.start("styleSheet", [("xmlns", SpreadsheetML.main)])
        writer.start("numFmts", [("count", "1")])
        writer.empty("numFmt", [("numFmtId", "164"), ("formatCode", format)])
        writer.end()
        writer.start("fonts", [("count", "2")])
        for bold in [false, true] {
            writer.start("font")
            if bold { writer.empty("b", []) }
            writer.empty("sz", [("val", "11")])
            writer.empty("name", [("val", "Calibri")])
            writer.empty("family", [("val", "2")])
            writer.end()
        }
        writer.end()
        writer.start("fills", [("count", "2")])
        for pattern in ["none", "gray125"] {
            writer.start("fill")
            writer.empty("patternFill", [("patternType", pattern)])
            writer.end()
        }
        writer.end()
        writer.start("borders", [("count", "1")])
        writer.start("border")
        for side in ["left", "right", "top", "bottom", "diagonal"] { writer.empty(side, []) }
        writer.end()
        writer.end()
        writer.start("cellStyleXfs", [("count", "1")])
        writer.empty("xf", [("numFmtId", "0"), ("fontId", "0"), ("fillId", "0"), ("borderId", "0")])
        writer.end()
        writer.start("cellXfs", [("count", "9")])
        var xfs: [[(String, String?)]] = [
            [("numFmtId", "0"), ("fontId", "0"), ("fillId", "0"), ("borderId", "0"), ("xfId", "0")],
            [
                ("numFmtId", "0"), ("fontId", "1"), ("fillId", "0"), ("borderId", "0"), ("xfId", "0"),
                ("applyFont", "1"),
            ],
            [
                ("numFmtId", "164"), ("fontId", "0"), ("fillId", "0"), ("borderId", "0"), ("xfId", "0"),
                ("applyNumberFormat", "1"),
            ],
            [
                ("numFmtId", "1"), ("fontId", "0"), ("fillId", "0"), ("borderId", "0"), ("xfId", "0"),
                ("applyNumberFormat", "1"),
            ],
        ]
        // Percent (Excel's built-in 10, "0.00%"), then general, money, integer and percent in bold,
        // so that a style plus `boldOffset` is its bold counterpart.
        let numberFormats = ["10", "0", "164", "1", "10"]
        for (index, format) in numberFormats.enumerated() {
            xfs.append([
                ("numFmtId", format), ("fontId", index == 0 ? "0" : "1"), ("fillId", "0"), ("borderId", "0"),
                ("xfId", "0"), ("applyNumberFormat", "1"), ("applyFont", index == 0 ? nil : "1"),
            ])
        }
        for attributes in xfs { writer.empty("xf", attributes) }
        writer.end()
        writer.start("cellStyles", [("count", "1")])
        writer.empty("cellStyle", [("name", "Normal"), ("xfId", "0"), ("builtinId", "0")])
        writer.end()
        writer.end()
        return writer.text
    }
}

/// The namespaces of SpreadsheetML.
enum SpreadsheetML {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let officeRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"
}

/// The shared-strings table being built: each distinct text once, referred to by index.
private struct SharedStrings {
    private var indexes: [String: Int] = [:]
    private var strings: [String] = []
    private var references = 0

    mutating func index(_ text: String) -> Int {
        references += 1
        if let existing = indexes[text] { return existing }
        indexes[text] = strings.count
        strings.append(text)
        return strings.count - 1
    }

    func xml() -> String {
        var text = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <sst xmlns="\(SpreadsheetML.main)" count="\(references)" uniqueCount="\(strings.count)">
            """
        for string in strings {
            let escaped = XMLWriter.escape(string, inAttribute: false)
            let edges = string.first.map { $0.isWhitespace } == true || string.last.map { $0.isWhitespace } == true
            text +=
                edges || string.contains("\n")
                ? "<si><t xml:space=\"preserve\">\(escaped)</t></si>" : "<si><t>\(escaped)</t></si>"
        }
        return text + "</sst>"
    }
}
