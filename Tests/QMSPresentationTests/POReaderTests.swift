import Foundation
import QMSCore
import Testing

@testable import QMSPresentation

@Suite("PO reader")
struct POReaderTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    func read(_ text: String) throws(POError) -> POFile { try POReader().read(text, file: "t.po") }

    /// The error a text is refused with.
    func failure(_ text: String) -> POError? {
        do {
            _ = try read(text)
            return nil
        } catch {
            return error
        }
    }

    @Test("a file with comments, context, continued strings, escapes, plurals and a header reads whole")
    func goodFile() throws {
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent("good.po"))
        let file = try POReader().read(Array(data), file: "good.po")
        #expect(file.header["Language"] == "fr")
        #expect(file.header["Plural-Forms"]?.hasPrefix("nplurals=3;") == true)
        #expect(file.entries.count == 4)
        let current = try #require(file.entries.first)
        #expect(current.context == "evidence_status_current")
        #expect(current.id == "current")
        #expect(current.strings == ["en vigueur"])
        #expect(current.references == ["web.current", "dossier.current", "cli.current"])
        #expect(current.flags == ["c-format"])
        #expect(current.extractedComments == ["for the dashboard"])
        #expect(current.translatorComments == ["translator's note"])
        #expect(current.line == 9)
        #expect(file.entries[1].id == "first line\nsecond \"line\"\t\\")
        #expect(file.entries[1].strings == ["première ligne\nseconde"])
        #expect(file.entries[2].isFuzzy)
        #expect(file.entries[3].idPlural == "{count} days")
        #expect(file.entries[3].strings.count == 3)
    }

    @Test("CRLF line ends read as LF")
    func crlf() throws {
        let file = try read("msgctxt \"a\"\r\nmsgid \"x\"\r\nmsgstr \"y\"\r\n")
        #expect(file.entries.first?.strings == ["y"])
    }

    @Test(
        "every refusal names the line and the column",
        arguments: [
            ("msgid \"a\nmsgstr \"b\"", 1, 7, "closing quote"),
            ("msgid \"a\\q\"\nmsgstr \"b\"", 1, 9, "escape"),
            ("msgid \"a\" x\nmsgstr \"b\"", 1, 11, "comment may follow"),
            ("msgid \"a\"\nmsgstr \"b\"\n\"c\" \n\n\"d\"", 5, 1, "quoted string was expected"),
            ("msgid \"a\"\nmsgtxt \"b\"", 2, 1, "unknown keyword"),
            ("msgid \"a\"\nmsgstr", 2, 7, "quoted string was expected"),
            ("msgstr \"b\"", 1, 1, "no msgid"),
            ("msgid \"a\"\nmsgid \"b\"", 2, 1, "out of place"),
            ("msgid \"a\"\n\nmsgctxt \"k\"\nmsgid \"b\"\nmsgstr \"\"", 1, 1, "no msgstr"),
            ("msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"x\"\nmsgstr[2] \"y\"", 4, 1, "msgstr[1]"),
            ("msgid \"a\"\nmsgstr[0] \"x\"", 2, 1, "without msgid_plural"),
            ("msgid \"a\"\nmsgid_plural \"as\"\nmsgstr \"x\"", 3, 1, "not msgstr"),
            (
                "msgctxt \"k\"\nmsgid \"a\"\nmsgstr \"x\"\n\nmsgctxt \"k\"\nmsgid \"a\"\nmsgstr \"y\"", 5, 1,
                "second entry"
            ),
            ("#% odd\nmsgid \"a\"\nmsgstr \"x\"", 1, 2, "comment kind"),
        ])
    func refusals(_ text: String, _ line: Int, _ column: Int, _ words: String) throws {
        let error = try #require(failure(text))
        #expect(error.position.file == "t.po")
        #expect(error.position.line == line, "\(error)")
        #expect(error.position.column == column, "\(error)")
        #expect(error.message.contains(words), "\(error.message)")
    }

    @Test("bytes that are not UTF-8 are refused at 1:1")
    func notUTF8() {
        #expect(throws: POError(.notUTF8, file: "x.po", line: 1, column: 1)) {
            try POReader().read([0x6D, 0xFF, 0xFE], file: "x.po")
        }
    }

    @Test("hostile sizes stop early: a long line, a large file, too many entries")
    func bounded() throws {
        var reader = POReader()
        reader.maximumLineBytes = 10
        #expect(throws: POError.self) { try reader.read("msgid \"0123456789\"\nmsgstr \"\"", file: "t.po") }
        reader = POReader()
        reader.maximumBytes = 8
        #expect(throws: POError(.tooLarge(limit: 8), file: "t.po", line: 1, column: 1)) {
            try reader.read("msgid \"a\"\nmsgstr \"\"", file: "t.po")
        }
        reader = POReader()
        reader.maximumEntries = 1
        let two = "msgctxt \"a\"\nmsgid \"a\"\nmsgstr \"\"\n\nmsgctxt \"b\"\nmsgid \"b\"\nmsgstr \"\"\n"
        #expect(throws: POError(.tooManyEntries(limit: 1), file: "t.po", line: 5, column: 1)) {
            try reader.read(two, file: "t.po")
        }
    }

    @Test("the fuzzer's seed corpus reads or is refused with a place in the file")
    func fuzzCorpus() throws {
        let corpus = Self.fixtures.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/Corpus/fuzz-po")
        let names = try FileManager.default.contentsOfDirectory(atPath: corpus.path)
        #expect(!names.isEmpty)
        for name in names {
            let data = try Data(contentsOf: corpus.appendingPathComponent(name))
            do {
                _ = try POReader().read(Array(data), file: name)
            } catch {
                #expect(error.position.line != nil && error.position.column != nil, "\(name): \(error)")
            }
        }
    }
}
