import Foundation
import QMSCore
import QMSFormats
import QMSPresentation
import Testing

@Suite("Reading catalogue files")
struct CatalogueReaderTests {
    @Test("a valid file gives its tree, wrapped text collapsed, and the lint lists the missing Arabic with line:column")
    func readsValid() throws {
        let file = try Readers.catalogue().read(data: Paths.fixture("catalogue-valid.xml"), file: "valid.xml")
        let node = try #require(file.catalogue.requirement("1.1"))
        #expect(node.title.en == "A requirement whose title wraps")
        #expect(node.parentNumber == "1")
        #expect(node.electoralProcesses == [.voteCasting])
        #expect(node.documentedInformation.first?.type == .retain)
        #expect(node.evidenceHints.first?.ar == "محاضر مراكز الاقتراع")
        let missing = file.missingArabic.map(\.description)
        #expect(
            missing.contains { $0.hasPrefix("valid.xml:11:7: element 'title' is missing its Arabic text") },
            "\(missing)")
        #expect(
            missing.contains { $0.hasPrefix("valid.xml:16:7: element 'documentedInformation' is missing") },
            "\(missing)")
    }

    @Test("a schema violation names file, line and column, and what is expected")
    func schemaErrorHasLine() throws {
        let error = try #require(throws: FormatError.self) {
            try Readers.catalogue().read(data: Paths.fixture("catalogue-missing-title.xml"), file: "bad.xml")
        }
        #expect(error.location?.file == "bad.xml")
        #expect(error.location?.line == 11)
        #expect(error.location?.column == 7)
        #expect(error.message.contains("summary"))
        #expect(error.message.contains("title"))
        #expect(error.description.hasPrefix("bad.xml:11:7: "))
    }

    @Test("a file saved with Windows line ends gets the same line and column")
    func schemaErrorInCRLFFile() throws {
        let text = String(decoding: try Paths.fixture("catalogue-missing-title.xml"), as: UTF8.self)
        let crlf = Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        let error = try #require(throws: FormatError.self) {
            try Readers.catalogue().read(data: crlf, file: "bad.xml")
        }
        #expect(error.description.hasPrefix("bad.xml:11:7: "), "\(error.description)")
    }

    @Test("malformed XML is reported with the line and column where the parser stopped")
    func malformed() throws {
        let error = try #require(throws: FormatError.self) {
            try Readers.catalogue().read(data: Paths.fixture("catalogue-malformed.xml"), file: "broken.xml")
        }
        #expect(error.location?.line == 9)
        #expect((error.location?.column ?? 0) > 0)
        #expect(error.message.lowercased().contains("mismatch"))
    }

    @Test("a number used twice is refused by the schema's uniqueness rule, at the second use")
    func duplicateNumber() throws {
        let error = try #require(throws: FormatError.self) {
            try Readers.catalogue().read(data: Paths.fixture("catalogue-duplicate-number.xml"), file: "dup.xml")
        }
        #expect(error.location?.line == 11)
        #expect(error.message.contains("Duplicate"))
        #expect(error.fix.map { Messages.shared.fix($0, .english) } == "give every node its own number")
    }

    @Test("an external entity (XXE) is refused before anything is read from the disk")
    func refusesXXE() throws {
        let error = try #require(throws: FormatError.self) {
            try Readers.catalogue().read(data: Paths.fixture("xxe.xml"), file: "xxe.xml")
        }
        #expect(error.message.contains("DOCTYPE"))
        #expect(error.location?.line == 2)
        #expect(!error.description.contains("root:"))
    }

    @Test("an entity-expansion bomb is refused at once")
    func refusesBillionLaughs() throws {
        let started = ContinuousClock.now
        let error = try #require(throws: FormatError.self) {
            try Readers.catalogue().read(data: Paths.fixture("billion-laughs.xml"), file: "lol.xml")
        }
        #expect(error.message.contains("DOCTYPE"))
        // Not a timing assertion on performance: a bomb that expanded would take minutes and gigabytes.
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test("an empty file, a file that is not XML, and another XML vocabulary are each a clear error")
    func otherBadInput() throws {
        let reader = try Readers.catalogue()
        #expect(throws: FormatError.self) { try reader.read(data: Data(), file: "empty.xml") }
        #expect(throws: FormatError.self) { try reader.read(data: Data("just text".utf8), file: "text.xml") }
        let other = try #require(throws: FormatError.self) {
            try reader.read(data: Data("<html><body/></html>".utf8), file: "page.html")
        }
        #expect(other.message.contains("not an ElectoralQMS catalogue"))
        #expect(throws: FormatError.self) { try reader.read(data: Data([0xFF, 0xFE, 0x00, 0x3C]), file: "binary.xml") }
    }

    @Test("a crosswalk with an unknown relationship is refused at its line")
    func crosswalkError() throws {
        let error = try #require(throws: FormatError.self) {
            try Readers.crosswalk().read(data: Paths.fixture("crosswalk-unknown-relationship.xml"), file: "cw.xml")
        }
        #expect(error.location?.line == 5)
        #expect(error.message.contains("identical"))
    }

    @Test("the file kind is recognised from the content")
    func detectsKind() throws {
        #expect(try CatalogueFileKind.detect(Paths.fixture("oscal-catalog.json"), file: "a") == .oscalJSON)
        #expect(try CatalogueFileKind.detect(Paths.fixture("oscal-catalog.xml"), file: "b") == .oscalXML)
        #expect(try CatalogueFileKind.detect(Paths.fixture("catalogue-valid.xml"), file: "c") == .catalogue)
        #expect(
            try CatalogueFileKind.detect(Paths.fixture("crosswalk-unknown-relationship.xml"), file: "d") == .crosswalk)
    }
}
