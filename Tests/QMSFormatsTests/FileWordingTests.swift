import Foundation
import QMSCore
import QMSFormats
import QMSPresentation
import TestSupport
import Testing

/// The file readers' problems are data (a ``FileRule`` and its arguments) that the catalogues word
/// in each language; English keeps the sentences the CLI and the tests have always printed.
@Suite("File problems worded for the reader")
struct FileWordingTests {
    /// Latin words a translated message may keep: names of formats and of the product.
    static let names: Set<String> = [
        "XML", "CSV", "JSON", "ZIP", "ZIP64", "OSCAL", "UTF", "NUL", "CRC", "ElectoralQMS",
    ]

    static func placeholders(_ text: String) -> [String] {
        text.matches(of: #/\{([a-zA-Z]+)\}/#).map { String($0.output.1) }.sorted()
    }

    /// The Latin words of `text` once the file's name and the values the error names are taken out:
    /// what an Arabic reader would read in English.
    static func english(in text: String, of error: FormatError) -> [String] {
        var rest = text
        var values = error.arguments.values.map(\.description)
        values += [error.location?.file, error.location?.field, error.location?.sheet].compactMap { $0 }
        for value in values.sorted(by: { $0.count > $1.count }) where !value.isEmpty {
            rest = rest.replacingOccurrences(of: value, with: " ")
        }
        return rest.matches(of: #/[A-Za-z][A-Za-z0-9]+/#).map { String($0.output) }.filter { !names.contains($0) }
    }

    @Test("every file rule has its message in the four catalogues, English as the readers print it, same placeholders")
    func catalogues() throws {
        let messages = try Messages.load()
        var problems: [String] = []
        for rule in FileRule.allCases {
            let key = Messages.errorKey(rule.messageCode)
            guard messages.has(key, .english) else {
                problems.append("\(key): no English")
                continue
            }
            if messages.text(key, .english) != rule.english {
                problems.append("\(key): English \"\(messages.text(key, .english))\" is not \"\(rule.english)\"")
            }
            for language in Language.allCases where language != .english {
                guard messages.has(key, language) else {
                    problems.append("\(key): no \(language.rawValue)")
                    continue
                }
                let text = messages.text(key, language)
                if Self.placeholders(text) != Self.placeholders(rule.english) {
                    problems.append("\(key) (\(language.rawValue)): placeholders differ: \(text)")
                }
                if text == rule.english { problems.append("\(key) (\(language.rawValue)): left in English") }
            }
            if !messages.text(key, .arabic).contains(where: { ("\u{0600}"..."\u{06FF}").contains($0) }) {
                problems.append("\(key): the Arabic has no Arabic letter")
            }
        }
        #expect(FileRule.allCases.count > 90)
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("a CSV file with a short row and one with an unknown column are worded in Arabic, at their row and column")
    func csv() throws {
        let temporary = try TemporaryFolder(prefix: "eqms-words")
        let folder = temporary.url
        let columns = EvidenceCSV.requiredColumns
        let today = try CalendarDate(parsing: "2026-12-06")
        let cases: [(text: String, english: String, row: Int, column: String?)] = [
            (
                columns.joined(separator: ",") + "\n" + columns.dropLast().map { _ in "x" }.joined(separator: ",")
                    + "\n", "the row has \(columns.count - 1) fields where the header has \(columns.count)", 2, nil
            ),
            (
                (columns + ["colour"]).joined(separator: ",") + "\n", "unknown column \"colour\"", 1, "colour"
            ),
        ]
        for (index, item) in cases.enumerated() {
            let url = folder.appendingPathComponent("evidence-\(index).csv")
            try Data(item.text.utf8).write(to: url)
            let error = try #require(throws: FormatError.self) {
                try EvidenceCSV.read(CSVReader(contentsOf: url, file: "evidence.csv"), today: today)
            }
            #expect(error.messageCode.hasPrefix("file."))
            #expect(error.message == item.english)
            #expect(error.location?.row == item.row)
            let english = Messages.shared.error(error, .english)
            #expect(english == "\(try #require(error.location)): \(item.english)")
            let arabic = Messages.shared.error(error, .arabic)
            #expect(arabic.hasPrefix("evidence.csv: الصف \(item.row)"), "\(arabic)")
            if let column = item.column { #expect(arabic.contains("العمود «\(column)»"), "\(arabic)") }
            #expect(!arabic.contains(item.english))
            #expect(Self.english(in: arabic, of: error).isEmpty, "\(arabic)")
        }
    }

    @Test("a work plan spreadsheet whose rows disagree on the year is worded in Arabic, at the cell")
    func xlsx() throws {
        let temporary = try TemporaryFolder(prefix: "eqms-words")
        let folder = temporary.url
        let planSet = try PlansLibrary(directory: Repository.plans).reader()
            .read(data: Data(contentsOf: Paths.hnec), file: "hnec.xml").planSet
        let written = try XLSXReader.read(data: AWPWorkbook.write(planSet, layout: .flat), file: "awp.xlsx")
        let rows = try #require(written.first?.rows)
        let header = AWPSheet.columns.indices.map { rows[0].cells[$0] ?? "" }
        let year = try #require(header.firstIndex(of: "year"))
        let firstYear = try #require(rows[1].cells[year])
        var cells = rows.dropFirst().map { row in header.indices.map { SheetCell.text(row.cells[$0] ?? "") } }
        try #require(cells.count > 2)
        cells[1][year] = .text("2031")
        let url = folder.appendingPathComponent("awp.xlsx")
        try XLSXWriter.write(
            [XLSXSheet(name: "AWP", header: header, rows: cells)], currency: planSet.workPlan.currency
        ).write(to: url)

        let error = try #require(throws: FormatError.self) { try AWPWorkbook.read(contentsOf: url, file: "awp.xlsx") }
        let sentence = "year is \"2031\" where row 2 has \"\(firstYear)\""
        #expect(error.message == sentence)
        #expect(Messages.shared.error(error, .english) == "awp.xlsx, sheet “AWP”: row 3, column \"year\": " + sentence)
        let arabic = Messages.shared.error(error, .arabic)
        #expect(arabic.hasPrefix("awp.xlsx، الورقة «AWP»: الصف 3، العمود «year»: "), "\(arabic)")
        #expect(arabic.contains("«2031»") && arabic.contains("«\(firstYear)»"), "\(arabic)")
        #expect(Self.english(in: arabic, of: error).isEmpty, "\(arabic)")
        #expect(Messages.shared.error(error, .french).contains("ligne 2"), "\(Messages.shared.error(error, .french))")
    }

    @Test("an XML plan that is not well-formed keeps libxml2's sentence inside a worded frame, at its line")
    func xml() throws {
        let text = try String(contentsOf: Paths.hnec, encoding: .utf8)
        let broken = try #require(text.range(of: "</annualWorkPlan>"))
        let data = Data(text.replacingCharacters(in: broken, with: "</annualWorkPlan").utf8)
        let error = try #require(throws: FormatError.self) {
            try PlansLibrary(directory: Repository.plans).reader().read(data: data, file: "hnec.xml")
        }
        #expect(error.messageCode == FileRule.xmlParserSaid.messageCode)
        let location = try #require(error.location)
        #expect(location.line != nil)
        let detail = try #require(error.arguments["detail"]).description
        #expect(error.message == detail)
        #expect(Messages.shared.error(error, .english) == "\(location): \(detail)")
        let arabic = Messages.shared.error(error, .arabic)
        #expect(arabic.hasPrefix("\(location): الملف ليس بصيغة XML سليمة البنية"), "\(arabic)")
        #expect(arabic.hasSuffix(detail))
        #expect(Self.english(in: arabic, of: error).isEmpty, "\(arabic)")

        let wrongRoot = Data(#"<?xml version="1.0"?><catalogue xmlns="urn:x"/>"#.utf8)
        let refused = try #require(throws: FormatError.self) {
            try PlansLibrary(directory: Repository.plans).reader().read(data: wrongRoot, file: "other.xml")
        }
        #expect(refused.message.hasPrefix("this is not an ElectoralQMS plan set (root element <plans>"))
        let words = Messages.shared.error(refused, .arabic)
        #expect(words.contains("هذه ليست مجموعة خطط"), "\(words)")
        #expect(Self.english(in: words, of: refused) == ["plans"], "\(words)")
    }

    @Test("no file reader words a problem itself: no string literal reaches FormatError or FileProblem")
    func noFreeText() throws {
        let sources = Repository.root.appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var found: [String] = []
        var scanned = 0
        for case let url as URL in files where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            scanned += 1
            for match in text.matches(of: #/(FormatError|FileProblem)\(\s*"/#) {
                let line = text[..<match.range.lowerBound].count(where: { $0 == "\n" }) + 1
                found.append("\(url.lastPathComponent):\(line)")
            }
        }
        #expect(scanned > 100)
        #expect(found.isEmpty, "free-text file problems: \(found)")
    }
}
