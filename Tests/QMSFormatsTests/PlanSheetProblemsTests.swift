import Foundation
import QMSCore
import TestSupport
import Testing

@testable import QMSFormats

/// A spreadsheet plan with many bad cells says so once, with every cell: a reader fixes the file
/// in one go instead of uploading it once per mistake.
@Suite("Plan files: every problem of a CSV or XLSX sheet at once")
struct PlanSheetProblemsTests {
    func hnec() throws -> PlanSet {
        try Readers.plans().read(data: Data(contentsOf: Paths.hnec), file: "a.xml").planSet
    }

    /// The sample's sheet rows (the header being row 1) with cells replaced, by row and column.
    func rows(_ changes: [(row: Int, column: String, value: String)]) throws -> [[SheetCell]] {
        var rows = AWPSheet.rows(try hnec())
        for change in changes {
            let index = try #require(AWPSheet.columns.firstIndex(of: change.column))
            rows[change.row - 2][index] = .text(change.value)
        }
        return rows
    }

    /// Writes the sample's CSV with `changes` into `folder` and reads it back as the import does.
    func readCSV(_ changes: [(row: Int, column: String, value: String)], in folder: TemporaryFolder) throws
        -> FormatError
    {
        var writer = CSVWriter(header: AWPSheet.columns)
        for row in try rows(changes) { writer.add(row.map(\.csvText)) }
        let url = folder.file("awp.csv")
        try Data(writer.text.utf8).write(to: url)
        return try #require(throws: FormatError.self) {
            try AWPCSV.read(CSVReader(data: Data(contentsOf: url), file: "awp.csv"))
        }
    }

    /// Where each problem is: (sheet, row, column).
    static func places(_ error: FormatError) -> [String] {
        error.problems.map { problem in
            let location = problem.location
            return "\(location?.sheet ?? "-") \(location?.row ?? 0) \(location?.field ?? "-")"
        }
    }

    @Test("a CSV with two bad rows gives two problems, each at its row and column, in the file's order")
    func csvTwoRows() throws {
        let folder = try TemporaryFolder(prefix: "eqms-plan-sheet")
        let error = try readCSV([(4, "q3", "12O00"), (2, "progress", "140")], in: folder)
        #expect(Self.places(error) == ["- 2 progress", "- 4 q3"])
        #expect(error.problems.map(\.location?.file) == ["awp.csv", "awp.csv"])
        #expect(error.problems[1].arguments["value"] == .text("12O00"))
    }

    @Test("two bad cells of one row are two problems; a row of the wrong width is one more")
    func csvSameRowAndWidth() throws {
        let folder = try TemporaryFolder(prefix: "eqms-plan-sheet")
        var writer = CSVWriter(header: AWPSheet.columns)
        for row in try rows([(2, "quarters", "Q9"), (2, "status", "finished")]) { writer.add(row.map(\.csvText)) }
        let url = folder.file("awp.csv")
        // A row cut to three fields, after the sample's rows.
        try Data((writer.text + "x,y,z\r\n").utf8).write(to: url)
        let error = try #require(throws: FormatError.self) {
            try AWPCSV.read(CSVReader(data: Data(contentsOf: url), file: "awp.csv"))
        }
        let last = AWPSheet.rows(try hnec()).count + 2
        #expect(Self.places(error) == ["- 2 quarters", "- 2 status", "- \(last) -"])
        #expect(error.problems.last?.messageCode == FileProblem(.rowFieldCount, at: nil).messageCode)
    }

    @Test("a clean CSV still reads: collecting problems changes nothing for a good file")
    func csvClean() throws {
        let folder = try TemporaryFolder(prefix: "eqms-plan-sheet")
        var writer = CSVWriter(header: AWPSheet.columns)
        for row in try rows([]) { writer.add(row.map(\.csvText)) }
        let url = folder.file("awp.csv")
        try Data(writer.text.utf8).write(to: url)
        let content = try AWPCSV.read(CSVReader(data: Data(contentsOf: url), file: "awp.csv"))
        #expect(content.activities == (try hnec()).undatedActivities)
    }

    @Test("an XLSX with two bad rows gives two problems, each with its sheet, row and column")
    func xlsxTwoRows() throws {
        let folder = try TemporaryFolder(prefix: "eqms-plan-sheet")
        let planSet = try hnec()
        let name = "AWP \(planSet.workPlan.id)"
        let sheet = XLSXSheet(
            name: name, header: AWPSheet.columns,
            rows: try rows([(3, "links", "requirement:9001"), (5, "q1", "lots")]))
        let url = folder.file("awp.xlsx")
        try XLSXWriter.write([sheet], currency: planSet.workPlan.currency).write(to: url)
        let error = try #require(throws: FormatError.self) {
            try AWPWorkbook.read(contentsOf: url, file: "awp.xlsx")
        }
        #expect(Self.places(error) == ["\(name) 3 links", "\(name) 5 q1"])
        #expect(error.problems.allSatisfy { $0.location?.file == "awp.xlsx" })
    }

    @Test("bad rows on two sheets of a workbook are all listed, sheet by sheet")
    func xlsxTwoSheets() throws {
        let folder = try TemporaryFolder(prefix: "eqms-plan-sheet")
        let planSet = try hnec()
        let all = try rows([(2, "year", "2018.5"), (4, "quarters", "Q0")])
        // The first row alone on a sheet, the others on another: a per-output layout, read whole.
        let sheets = [
            XLSXSheet(name: "Second", header: AWPSheet.columns, rows: Array(all.dropFirst())),
            XLSXSheet(name: "First", header: AWPSheet.columns, rows: [all[0]]),
        ]
        let url = folder.file("awp.xlsx")
        try XLSXWriter.write(sheets, currency: planSet.workPlan.currency).write(to: url)
        let error = try #require(throws: FormatError.self) {
            try AWPWorkbook.read(contentsOf: url, file: "awp.xlsx")
        }
        // On "Second" the rows shift up by one: the sample's row 4 is its row 3.
        #expect(Self.places(error).sorted() == ["First 2 year", "Second 3 quarters"])
        #expect(Self.places(error).first == "Second 3 quarters", "the workbook's sheet order")
    }
}
