import CLibXML2
import Foundation
import QMSCore

/// A worksheet as read: its name and its non-empty rows.
public struct XLSXWorksheet: Sendable {
    public var name: String
    public var rows: [XLSXRow]
}

/// A row of a worksheet: its number as the spreadsheet shows it, and its cells' text by column
/// (0 for A). Numbers come as the text of their stored value (`480000`, `1234.5`, `4.8E5`).
public struct XLSXRow: Sendable {
    public var number: Int
    public var cells: [Int: String]
}

/// Reads the worksheets of an `.xlsx` file as Excel, LibreOffice, openpyxl and ``XLSXWriter``
/// write them: shared strings (`t="s"`), inline strings (`t="inlineStr"`), formula results
/// (`t="str"`), booleans and numbers, cell references present or left out.
///
/// The package is untrusted input: the ZIP is refused when it is too large, has too many
/// entries, or an entry inflates past a limit (a zip bomb is stopped while it inflates, whatever
/// its header claims), and every part is parsed by ``XMLSource`` (no DOCTYPE, no network). The
/// ZIP itself is read by `ZIPPackageReader`, which inflates each part from exactly its
/// compressed bytes with the system's zlib and checks its CRC-32.
public enum XLSXReader {
    /// The largest `.xlsx` file accepted.
    public static let maximumFileSize = 100 * 1024 * 1024
    /// The most any one part may inflate to (the XML parser's own limit).
    public static let maximumPartSize = XMLSource.maximumSize
    /// The most all parts read may inflate to together.
    public static let maximumTotalSize = 256 * 1024 * 1024
    /// The most entries a package may have.
    public static let maximumEntries = 10_000

    /// Reads every worksheet of the file at `url`, naming it `file` in messages.
    public static func read(contentsOf url: URL, file: String) throws(FormatError) -> [XLSXWorksheet] {
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        guard size <= maximumFileSize else {
            throw FormatError(
                .spreadsheetTooLarge,
                ["size": .number(size / 1_048_576), "limit": .number(maximumFileSize / 1_048_576)],
                at: SourceLocation(file: file), fix: .advice(.splitOrCSV))
        }
        // Mapped rather than read when Foundation finds it safe: only the central directory and
        // the parts read are then paged in.
        let bytes: Data
        do {
            bytes = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw FormatError(
                .fileCannotBeRead, ["detail": "\(error.localizedDescription)"], at: SourceLocation(file: file),
                fix: .advice(.checkFileName))
        }
        return try read(data: bytes, file: file)
    }

    /// Reads every worksheet of a package held in memory.
    public static func read(data: Data, file: String) throws(FormatError) -> [XLSXWorksheet] {
        guard data.count <= maximumFileSize else {
            throw FormatError(.spreadsheetTooLargeToRead, at: SourceLocation(file: file))
        }
        var container = SpreadsheetPackage(zip: try ZIPPackageReader(bytes: data, file: file), file: file)
        try container.checkEntries()
        let workbookPath = try container.officeDocumentPath()
        let workbook = try container.xml(workbookPath)
        let relationships = try container.relationships(of: workbookPath)
        var sharedStrings: [String] = []
        if let path = relationships.values.first(where: { $0.type.hasSuffix("/sharedStrings") })?.target
            ?? (container.has("xl/sharedStrings.xml") ? "xl/sharedStrings.xml" : nil)
        {
            sharedStrings = try readSharedStrings(container.xml(path))
        }
        guard let root = workbook.root, let sheets = root.child(named: "sheets") else {
            throw FormatError(.noSheets, at: SourceLocation(file: "\(file):\(workbookPath)"))
        }
        var result: [XLSXWorksheet] = []
        for (index, sheet) in sheets.children(named: "sheet").enumerated() {
            let name = sheet.attribute("name") ?? "Sheet\(index + 1)"
            let path =
                sheet.anyNamespaceAttribute("id").flatMap { relationships[$0]?.target }
                ?? "xl/worksheets/sheet\(index + 1).xml"
            guard container.has(path) else {
                throw FormatError(
                    .sheetPartMissing, ["sheet": "\(name)", "part": "\(path)"],
                    at: SourceLocation(file: file), fix: .advice(.saveAgain))
            }
            result.append(
                XLSXWorksheet(
                    name: name, rows: try readRows(container.xml(path), sharedStrings: sharedStrings, sheet: name)))
        }
        return result
    }

    private static func readSharedStrings(_ source: XMLSource) -> [String] {
        guard let root = source.root else { return [] }
        return root.children(named: "si").map(stringItem)
    }

    /// The text of a shared or inline string: its `t`, or its rich-text runs' `t`s (phonetic
    /// guides, `rPh`, left out).
    private static func stringItem(_ item: XMLElement) -> String {
        var text = ""
        for child in item.children {
            switch child.name {
            case "t": text += child.text
            case "r": text += child.child(named: "t")?.text ?? ""
            default: break
            }
        }
        return text
    }

    private static func readRows(
        _ source: XMLSource, sharedStrings: [String], sheet: String
    ) throws(FormatError) -> [XLSXRow] {
        guard let root = source.root, let data = root.child(named: "sheetData") else { return [] }
        var rows: [XLSXRow] = []
        var previousRow = 0
        for rowElement in data.children where rowElement.name == "row" {
            let number = rowElement.attribute("r").flatMap { Int($0) } ?? previousRow + 1
            previousRow = number
            var cells: [Int: String] = [:]
            var previousColumn = -1
            for cell in rowElement.children where cell.name == "c" {
                let column = cell.attribute("r").flatMap(columnIndex) ?? previousColumn + 1
                previousColumn = column
                let value = cell.child(named: "v")?.text
                var text: String?
                switch cell.attribute("t") ?? "n" {
                case "s":
                    guard let index = value.flatMap({ Int($0.trimmingWhitespace()) }),
                        sharedStrings.indices.contains(index)
                    else {
                        throw FormatError(
                            .sharedStringMissing,
                            ["cell": "\(XLSXWriter.columnName(column))\(number)", "sheet": "\(sheet)"],
                            at: SourceLocation(file: source.file), fix: .advice(.saveAgain))
                    }
                    text = sharedStrings[index]
                case "inlineStr": text = cell.child(named: "is").map(stringItem)
                case "b": text = value.map { $0.trimmingWhitespace() == "1" ? "TRUE" : "FALSE" }
                default: text = value
                }
                if let text, !text.isEmpty { cells[column] = text }
            }
            if !cells.isEmpty { rows.append(XLSXRow(number: number, cells: cells)) }
        }
        return rows
    }

    /// The column of a cell reference: `B12` → 1.
    static func columnIndex(_ reference: String) -> Int? {
        var index = 0
        var letters = 0
        for scalar in reference.unicodeScalars {
            guard ("A"..."Z").contains(scalar) else { break }
            index = index * 26 + Int(scalar.value - 64)
            letters += 1
        }
        return letters == 0 || letters > 3 ? nil : index - 1
    }
}

/// A relationship of a package part.
private struct Relationship {
    var type: String
    /// The target as a path inside the package.
    var target: String
}

/// The ZIP package being read, with the limits that keep a hostile file from exhausting memory.
private struct SpreadsheetPackage {
    let zip: ZIPPackageReader
    let file: String
    var inflated = 0

    init(zip: ZIPPackageReader, file: String) {
        self.zip = zip
        self.file = file
    }

    func checkEntries() throws(FormatError) {
        guard zip.entries.count <= XLSXReader.maximumEntries else {
            throw FormatError(
                .tooManyParts, ["limit": .number(XLSXReader.maximumEntries)], at: SourceLocation(file: file),
                fix: .advice(.notWorkPlan))
        }
    }

    func has(_ path: String) -> Bool { zip.entries[path] != nil }

    /// The main document's path, from the package relationships (normally `xl/workbook.xml`).
    mutating func officeDocumentPath() throws(FormatError) -> String {
        if has("_rels/.rels") {
            let relationships = try self.relationships(of: "")
            if let target = relationships.values.first(where: { $0.type.hasSuffix("/officeDocument") })?.target,
                has(target)
            {
                return target
            }
        }
        guard has("xl/workbook.xml") else {
            throw FormatError(
                .noWorkbook, at: SourceLocation(file: file),
                fix: .advice(.saveAsXLSX))
        }
        return "xl/workbook.xml"
    }

    /// The relationships of a part (`""` for the package's own), by id, targets resolved.
    mutating func relationships(of part: String) throws(FormatError) -> [String: Relationship] {
        let folder = part.contains("/") ? String(part[..<(part.lastIndex(of: "/") ?? part.endIndex)]) : ""
        let name = part.split(separator: "/").last.map(String.init) ?? ""
        let path = folder.isEmpty ? "_rels/\(name).rels" : "\(folder)/_rels/\(name).rels"
        guard has(path) else { return [:] }
        var result: [String: Relationship] = [:]
        for element in try xml(path).root?.children(named: "Relationship") ?? [] {
            guard let id = element.attribute("Id"), let target = element.attribute("Target") else { continue }
            if element.attribute("TargetMode") == "External" { continue }
            result[id] = Relationship(
                type: element.attribute("Type") ?? "", target: SpreadsheetPackage.resolve(target, from: folder))
        }
        return result
    }

    /// A part parsed as XML, inflated under the size limits.
    mutating func xml(_ path: String) throws(FormatError) -> XMLSource {
        guard let entry = zip.entries[path] else {
            throw FormatError(.partMissing, ["part": "\(path)"], at: SourceLocation(file: file))
        }
        let label = "\(file):\(path)"
        guard entry.uncompressedSize <= XLSXReader.maximumPartSize else {
            throw tooLarge(path)
        }
        // Headers can lie about sizes: the limits hold on what actually inflates.
        let limit = min(XLSXReader.maximumPartSize, XLSXReader.maximumTotalSize - inflated)
        let data = try zip.contents(of: entry, limit: limit, pastLimit: tooLarge(path))
        inflated += data.count
        return try XMLSource(data: data, file: label)
    }

    private func tooLarge(_ path: String) -> FormatError {
        FormatError(
            .partTooLarge,
            [
                "part": "\(path)", "limit": .number(XLSXReader.maximumPartSize / 1_048_576),
                "total": .number(XLSXReader.maximumTotalSize / 1_048_576),
            ],
            at: SourceLocation(file: file), fix: .advice(.splitOrCSV))
    }

    /// Resolves a relationship target against the folder of its source part.
    static func resolve(_ target: String, from folder: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        var parts = folder.split(separator: "/").map(String.init)
        for piece in target.split(separator: "/") {
            if piece == ".." {
                _ = parts.popLast()
            } else if piece != "." {
                parts.append(String(piece))
            }
        }
        return parts.joined(separator: "/")
    }
}

extension XMLElement {
    /// An attribute by local name whatever its namespace (`r:id` in a workbook's sheet list).
    func anyNamespaceAttribute(_ name: String) -> String? {
        guard let value = xmlGetProp(node, name) else { return nil }
        defer { eqms_xml_free(value) }
        return String(cString: value)
    }
}
