import Foundation
import QMSCore
import QMSFormats
import QMSPresentation
import Testing

/// A record as the reader gives it: its row number and fields.
private struct Record: Equatable, CustomStringConvertible {
    var row: Int
    var fields: [String]
    var description: String { "\(row): \(fields)" }
}

private func records(_ bytes: [UInt8]) throws -> [Record] {
    var result: [Record] = []
    try CSVReader(data: Data(bytes), file: "test.csv").forEachRecord { row, fields in
        result.append(Record(row: row, fields: fields))
    }
    return result
}

private func records(_ text: String) throws -> [Record] { try records(Array(text.utf8)) }

private func readingError(_ bytes: [UInt8]) throws -> FormatError {
    try #require(throws: FormatError.self) { try records(bytes) }
}

private func readingError(_ text: String) throws -> FormatError { try readingError(Array(text.utf8)) }

@Suite("Reading CSV (RFC 4180)")
struct CSVReaderTests {
    @Test("plain fields are split on commas, one record per line")
    func plain() throws {
        #expect(
            try records("a,b,c\n1,2,3\n") == [
                Record(row: 1, fields: ["a", "b", "c"]), Record(row: 2, fields: ["1", "2", "3"]),
            ])
    }

    @Test("a quoted field keeps its commas, and a doubled quote inside it is one quote")
    func quotedFields() throws {
        let read = try records("title,note\n\"Minutes, 12 May\",\"She said \"\"approved\"\"\"\n\"\",x\n")
        #expect(read.count == 3)
        #expect(read[1].fields == ["Minutes, 12 May", "She said \"approved\""])
        #expect(read[2].fields == ["", "x"])
    }

    @Test("a line break inside quotes belongs to the field, and row numbers count records rather than lines")
    func lineBreakInQuotes() throws {
        let read = try records("h1,h2\n\"line one\nline two\r\nline three\",b\nc,d\n")
        #expect(
            read == [
                Record(row: 1, fields: ["h1", "h2"]),
                Record(row: 2, fields: ["line one\nline two\r\nline three", "b"]),
                Record(row: 3, fields: ["c", "d"]),
            ])
        // An error after a multi-line field is reported on the record's row.
        let error = try readingError("h1,h2\n\"a\nb\nc\",d\ne,f\"g\n")
        #expect(error.location?.row == 3)
        #expect(error.location?.field == "h2", "a column is named by its header")
        #expect(error.location?.column == 2)
    }

    @Test("CRLF, LF and CR all end a record, mixed in one file")
    func lineEnds() throws {
        let expected = [
            Record(row: 1, fields: ["a", "b"]), Record(row: 2, fields: ["c", "d"]), Record(row: 3, fields: ["e", "f"]),
            Record(row: 4, fields: ["g", "h"]),
        ]
        #expect(try records("a,b\r\nc,d\r\ne,f\r\ng,h\r\n") == expected)
        #expect(try records("a,b\nc,d\ne,f\ng,h") == expected)
        #expect(try records("a,b\rc,d\re,f\rg,h\r") == expected)
        #expect(try records("a,b\r\nc,d\ne,f\rg,h") == expected)
    }

    @Test("a UTF-8 byte-order mark is skipped")
    func byteOrderMark() throws {
        let read = try records([0xEF, 0xBB, 0xBF] + Array("title,owner\nx,y\n".utf8))
        #expect(read.first?.fields == ["title", "owner"])
        #expect(read.first?.fields.first?.unicodeScalars.first == "t")
        let quoted = try records([0xEF, 0xBB, 0xBF] + Array("\"title\",owner\n".utf8))
        #expect(quoted.first?.fields == ["title", "owner"])
    }

    @Test("Arabic text reads back intact, quoted or not")
    func arabic() throws {
        let read = try records("العنوان,المالك\nمحضر اجتماع اللجنة,\"أمل، حداد\"\n")
        #expect(read[0].fields == ["العنوان", "المالك"])
        #expect(read[1].fields == ["محضر اجتماع اللجنة", "أمل، حداد"])
    }

    @Test("a trailing comma gives a trailing empty field, at the end of a line or of the file")
    func trailingEmptyField() throws {
        #expect(
            try records("a,b,\nc,d,\n") == [
                Record(row: 1, fields: ["a", "b", ""]), Record(row: 2, fields: ["c", "d", ""]),
            ])
        #expect(try records("a,,\n") == [Record(row: 1, fields: ["a", "", ""])])
        #expect(try records("\"a\",\n") == [Record(row: 1, fields: ["a", ""])])
        // At the very end of a file without a final line break, the trailing comma still adds one field.
        let atEnd = try records("a,b,\nc,d,")
        #expect(
            atEnd == [Record(row: 1, fields: ["a", "b", ""]), Record(row: 2, fields: ["c", "d", ""])], "\(atEnd)")
        let quotedAtEnd = try records("\"c\",")
        #expect(quotedAtEnd == [Record(row: 1, fields: ["c", ""])], "\(quotedAtEnd)")
    }

    @Test("empty lines are skipped and do not count as rows")
    func emptyLines() throws {
        let read = try records("\na,b\n\n\r\n\rc,d\n\n")
        #expect(read == [Record(row: 1, fields: ["a", "b"]), Record(row: 2, fields: ["c", "d"])])
        #expect(try records("").isEmpty)
        #expect(try records("\n\r\n").isEmpty)
    }

    @Test("a quoted field that is never closed is reported at its row and column")
    func unterminatedQuote() throws {
        let error = try readingError("a,b,c\nx,\"never closed,y\nz\n")
        #expect(error.location?.file == "test.csv")
        #expect(error.location?.row == 2)
        #expect(error.location?.field == "b")
        #expect(error.message.contains("never closed"))
        #expect(error.description.contains("test.csv: row 2, column \"b\""))
    }

    @Test("a quote inside a field that does not start with one is reported at its row and column")
    func quoteInsideUnquotedField() throws {
        let error = try readingError("a,b,c\n1,2,3\nx,y,5\"6\n")
        #expect(error.location?.row == 3)
        #expect(error.location?.field == "c")
        #expect(error.fix.map { Messages.shared.fix($0, .english) }?.contains("\"\"") == true)
    }

    @Test("text after the closing quote of a field is reported at its row and column")
    func textAfterClosingQuote() throws {
        let error = try readingError("a,b\n\"quoted\"tail,b\n")
        #expect(error.location?.row == 2)
        #expect(error.location?.field == "a")
        #expect(error.message.contains("closing quote"))
    }

    @Test("a column past the header, or in the header row itself, is named by its position")
    func columnWithoutHeader() throws {
        let error = try readingError("a,b\n1,2,\"open\n")
        #expect(error.location?.field == nil)
        #expect(error.location?.column == 3)
        #expect(error.description.contains("row 2, column 3"))
    }

    @Test("bytes that are not UTF-8 are reported at their row and column, quoted or not")
    func invalidUTF8() throws {
        let unquoted = try readingError(Array("a,b\nok,".utf8) + [0xC3, 0x28] + Array("\n".utf8))
        #expect(unquoted.location?.row == 2)
        #expect(unquoted.location?.field == "b")
        #expect(unquoted.message.contains("UTF-8"))
        let quoted = try readingError(Array("a,b\nok,ok\n\"".utf8) + [0xFF, 0xFE, 0x41] + Array("\",x\n".utf8))
        #expect(quoted.location?.row == 3)
        #expect(quoted.location?.field == "a")
        // Windows-1256 Arabic, a common mistake.
        let cp1256 = try readingError([0xC7, 0xE1, 0xDA, 0xE4, 0xE6, 0xC7, 0xE4])
        #expect(cp1256.location?.row == 1)
    }

    @Test("a UTF-16 file is refused at row 1 with a fix, whichever its byte order")
    func utf16() throws {
        let little = try readingError(
            [0xFF, 0xFE] + Array("a,b".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(little.location?.row == 1)
        #expect(little.message.contains("UTF-16"))
        #expect(little.fix.map { Messages.shared.fix($0, .english) }?.contains("CSV UTF-8") == true)
        let big = try readingError([0xFE, 0xFF] + Array("a,b".utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
        #expect(big.location?.row == 1)
        #expect(big.message.contains("UTF-16"))
    }

    @Test("a file read from disk gives the same records; a missing file is an error naming it")
    func fromDisk() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("eqms-csv-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("a,\"b\nc\"\r\nd,e\n".utf8).write(to: url)
        var read: [Record] = []
        try CSVReader(contentsOf: url, file: "disk.csv").forEachRecord { read.append(Record(row: $0, fields: $1)) }
        #expect(read == [Record(row: 1, fields: ["a", "b\nc"]), Record(row: 2, fields: ["d", "e"])])
        let missing = try #require(throws: FormatError.self) {
            try CSVReader(contentsOf: url.appendingPathExtension("gone"), file: "gone.csv")
        }
        #expect(missing.location?.file == "gone.csv")
    }
}

@Suite("CSV tables with a header")
struct CSVTableTests {
    func makeTable(_ text: String, required: [String] = ["title", "owner"], optional: [String] = ["tags"]) throws
        -> CSVTable
    {
        try CSVTable(reader: CSVReader(data: Data(text.utf8), file: "t.csv"), required: required, optional: optional)
    }

    @Test("rows are read by column name, trimmed, blank cells as nil, whatever the header's case and order")
    func readsByName() throws {
        let table = try makeTable("Owner , TITLE,tags\n amal ,Minutes,\n")
        #expect(table.header == ["owner", "title", "tags"])
        var rows: [(Int, String?, String?, String?)] = []
        try table.forEachRow { row in rows.append((row.row, row["title"], row["owner"], row["tags"])) }
        #expect(rows.count == 1)
        #expect(rows.first?.0 == 2)
        #expect(rows.first?.1 == "Minutes")
        #expect(rows.first?.2 == "amal")
        #expect(rows.first?.3 == nil)
        // An optional column may be left out.
        var titles: [String] = []
        try makeTable("title,owner\nA,x\nB,y\n").forEachRow { titles.append(try $0.required("title")) }
        #expect(titles == ["A", "B"])
    }

    @Test("a missing column is named, at row 1")
    func missingColumn() throws {
        let error = try #require(throws: FormatError.self) { try makeTable("title,tags\nA,b\n") }
        #expect(error.location?.row == 1)
        #expect(error.location?.field == "owner")
        #expect(error.message.contains("lacks the column \"owner\""))
    }

    @Test("an unknown column is named, at row 1")
    func unknownColumn() throws {
        let error = try #require(throws: FormatError.self) { try makeTable("title,owner,Colour\nA,b,c\n") }
        #expect(error.location?.row == 1)
        #expect(error.location?.field == "Colour")
        #expect(error.fix.map { Messages.shared.fix($0, .english) }?.contains("title, owner, tags") == true)
    }

    @Test("a column given twice is refused, at row 1")
    func duplicateColumn() throws {
        let error = try #require(throws: FormatError.self) { try makeTable("title,owner,Title\nA,b,c\n") }
        #expect(error.location?.row == 1)
        #expect(error.location?.field == "title")
        #expect(error.message.contains("twice"))
    }

    @Test("an empty file is refused for lacking its header")
    func emptyFile() throws {
        let error = try #require(throws: FormatError.self) { try makeTable("\n\n") }
        #expect(error.location?.row == 1)
        #expect(error.fix.map { Messages.shared.fix($0, .english) }?.contains("title,owner") == true)
    }

    @Test("a row with more or fewer fields than the header is refused at its row")
    func wrongFieldCount() throws {
        let table = try makeTable("title,owner\nA,b\nC,d,e\n")
        var seen: [Int] = []
        let error = try #require(throws: FormatError.self) { try table.forEachRow { seen.append($0.row) } }
        #expect(seen == [2])
        #expect(error.location?.row == 3)
        #expect(error.message.contains("3 fields where the header has 2"))
        let short = try #require(throws: FormatError.self) {
            try makeTable("title,owner\n\"only, one\"\n").forEachRow { _ in }
        }
        #expect(short.location?.row == 2)
        #expect(short.message.contains("1 fields where the header has 2"))
    }

    @Test("a required cell left blank is reported at its row and column")
    func requiredCell() throws {
        let error = try #require(throws: FormatError.self) {
            try makeTable("title,owner\nA,b\n  ,c\n").forEachRow { _ = try $0.required("title") }
        }
        #expect(error.location?.row == 3)
        #expect(error.location?.field == "title")
        #expect(error.location?.description == "t.csv: row 3, column \"title\"")
    }
}
