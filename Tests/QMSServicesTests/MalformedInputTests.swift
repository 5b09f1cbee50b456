import Foundation
import QMSCore
import QMSFormats
import QMSStore
import TestSupport
import Testing

@testable import QMSServices

/// The malformed-input corpus under `Tests/Malformed` (written by its `make-corpus.py`), and a few
/// inputs too large to keep in git, made here: every file is refused with an error that names the
/// file and says what is wrong, and the database and the file store are exactly as before.
@Suite("Malformed input: every hostile file gets a clear error and changes nothing")
struct MalformedInputTests {
    static let corpus = Repository.root.appendingPathComponent("Tests/Malformed")

    /// What each file's error must say (a part of its message, compared without case).
    static let expected: [String: String] = [
        "catalogue/billion-laughs.xml": "DOCTYPE declarations are not allowed",
        "catalogue/binary.xml": "document is empty",
        "catalogue/bom-only.xml": "start tag expected",
        "catalogue/deeply-nested.xml": "depth",
        "catalogue/empty.xml": "empty",
        "catalogue/external-dtd.xml": "DOCTYPE declarations are not allowed",
        "catalogue/latin1-declared-utf8.xml": "UTF-8",
        "catalogue/not-a-catalogue.xml": "unknown file: root element <html>",
        "catalogue/oscal-nested-arrays.json": "the JSON is malformed",
        "catalogue/oscal-truncated.json": "the JSON is malformed",
        "catalogue/oscal-wrong-types.json": "catalog.metadata.title): a field has the wrong type",
        "catalogue/oscal-xxe.xml": "DOCTYPE declarations are not allowed",
        "catalogue/path-traversal-id.xml": "'../../etc/passwd' is not accepted by the pattern",
        "catalogue/quadratic-blowup.xml": "DOCTYPE declarations are not allowed",
        "catalogue/truncated.xml": "premature end of data",
        "catalogue/utf8-declared-utf16.xml": "document labelled UTF-16 but has UTF-8 content",
        "catalogue/xxe-file.xml": "DOCTYPE declarations are not allowed",
        "catalogue/xxe-parameter-entity.xml": "DOCTYPE declarations are not allowed",
        "plans/awp-formula-cmd.csv": "which a spreadsheet runs as a formula",
        "plans/awp-formula.csv": "which a spreadsheet runs as a formula",
        "plans/awp-formula.xlsx": "which a spreadsheet runs as a formula",
        "plans/awp-invalid-utf8.csv": "UTF-8",
        "plans/awp-not-a-zip.xlsx": "not an .xlsx spreadsheet",
        // Each part under its own limit: the package's total stops it, at the fifth sheet.
        "plans/awp-package-bomb.xlsx": "the part xl/worksheets/sheet5.xml inflates past",
        "plans/awp-path-traversal.xlsx": "points at etc/passwd, which the package does not hold",
        "plans/awp-truncated.xlsx": "not an .xlsx spreadsheet (it is not a ZIP package)",
        "plans/awp-unterminated-quote.csv": "quote",
        "plans/awp-utf16.csv": "UTF-16",
        "plans/awp-zip-bomb.xlsx": "zip bomb",
        "plans/deeply-nested.xml": "depth",
        "plans/latin1-declared-utf8.xml": "UTF-8",
        "plans/truncated.xml": "premature end of data",
        "plans/xxe.xml": "DOCTYPE declarations are not allowed",
        "evidence/absolute-path.csv": "outside the CSV file's folder",
        "evidence/formula-dde.csv": "which a spreadsheet runs as a formula",
        "evidence/formula-hyperlink.csv": "which a spreadsheet runs as a formula",
        "evidence/formula-plus.csv": "which a spreadsheet runs as a formula",
        "evidence/header-only.csv": "no rows",
        "evidence/invalid-utf8.csv": "UTF-8",
        "evidence/nul-bytes.csv": "NUL byte",
        "evidence/path-traversal.csv": "outside the CSV file's folder",
        "evidence/script-and-bad-date.csv": "2026-02-30",
        "evidence/too-many-fields.csv": "fields where the header has",
        "evidence/truncated.csv": "quote",
        "evidence/utf16.csv": "UTF-16",
    ]

    /// Every file of the corpus, as `folder/name`.
    static func corpusFiles() throws -> [String] {
        var names: [String] = []
        for folder in ["catalogue", "plans", "evidence"] {
            let url = corpus.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: url.path) {
                names.append("\(folder)/\(name)")
            }
        }
        return names.sorted()
    }

    @Test("the table above covers every file of the corpus, and the corpus every kind the issue names")
    func tableCoversCorpus() throws {
        #expect(try Self.corpusFiles() == Self.expected.keys.sorted())
        let names = try Self.corpusFiles().joined(separator: " ")
        for kind in ["truncated", "utf16", "nested", "xxe", "billion-laughs", "formula", "traversal", "zip-bomb"] {
            #expect(names.contains(kind), "the corpus has no \(kind) file")
        }
    }

    @Test("each file of the corpus is refused with a clear error naming it; nothing is written")
    func corpusIsRefused() async throws {
        let folder = try TemporaryFolder()
        let qms = try await initialisedQMS(in: folder)
        let library = try StandardsLibrary(directory: Repository.standards)
        let plans = try PlansLibrary(directory: Repository.root.appendingPathComponent("Plans"))
        var before = try await dump(qms.store)
        var hashes = try qms.files.allHashes()
        for name in try Self.corpusFiles() {
            let url = Self.corpus.appendingPathComponent(name)
            let error = await Self.failure {
                switch name.split(separator: "/")[0] {
                case "catalogue": _ = try await qms.catalogues.importFile(url, library: library)
                case "plans": _ = try await qms.plans.importFile(url, library: plans)
                default: _ = try await qms.evidence.importCSV(url)
                }
            }
            Self.check(error, file: url.lastPathComponent, says: Self.expected[name] ?? "", name)
            let after = try await dump(qms.store)
            #expect(after == before, "\(name) changed the database")
            #expect(try qms.files.allHashes() == hashes, "\(name) changed the file store")
            // One failure is reported once, not again for every file after it.
            before = after
            hashes = try qms.files.allHashes()
        }
        try await qms.store.close()
    }

    @Test("a catalogue over the size limit, JSON nested 100,000 deep and a 100,000-row CSV bad in its last row")
    func largeInputs() async throws {
        let folder = try TemporaryFolder()
        let qms = try await initialisedQMS(in: folder)
        let library = try StandardsLibrary(directory: Repository.standards)
        let before = try await dump(qms.store)

        let huge = folder.url.appendingPathComponent("huge.xml")
        var text = Data("<?xml version=\"1.0\"?>\n<catalogue xmlns=\"\(FormatNamespace.catalogue)\">".utf8)
        text.append(Data(repeating: UInt8(ascii: " "), count: XMLSource.maximumSize + 1))
        try text.write(to: huge)
        let tooLarge = await Self.failure { _ = try await qms.catalogues.importFile(huge, library: library) }
        Self.check(tooLarge, file: "huge.xml", says: "MiB are refused", "huge.xml")

        let nested = folder.url.appendingPathComponent("nested.json")
        try Data(("{\"catalog\": " + String(repeating: "[", count: 100_000) + "}").utf8).write(to: nested)
        let deep = await Self.failure { _ = try await qms.catalogues.importFile(nested, library: library) }
        Self.check(deep, file: "nested.json", says: "the JSON is malformed", "nested.json")

        let csv = folder.url.appendingPathComponent("many.csv")
        var rows = [EvidenceCSV.template]
        for row in 1..<100_000 {
            rows.append(
                "Polling station \(row),iso-9001-2015:8.5.1,link,amal,,2026-05-01,,,internal,https://x.example,")
        }
        rows.append("Last,iso-9001-2015:8.5.1,link,amal,,2026-05-01,,,secret,https://x.example,")
        try Data(rows.joined(separator: "\n").utf8).write(to: csv)
        let late = await Self.failure { _ = try await qms.evidence.importCSV(csv) }
        Self.check(late, file: "many.csv", says: "row 100001, column \"confidentiality\"", "many.csv")

        #expect(try await dump(qms.store) == before)
        #expect(try qms.files.allHashes().isEmpty)
        try await qms.store.close()
    }

    /// The error an operation throws, or nil when it succeeds.
    static func failure(_ operation: () async throws -> Void) async -> (any Error)? {
        do {
            try await operation()
            return nil
        } catch {
            return error
        }
    }

    /// The error is the project's kind, names the file, and says what `expected` says.
    static func check(_ error: (any Error)?, file: String, says expected: String, _ name: String) {
        guard let error else {
            Issue.record("\(name) was accepted")
            return
        }
        guard let qmsError = error as? any QMSError else {
            Issue.record("\(name): \(type(of: error)) is not a QMSError: \(error)")
            return
        }
        #expect(!qmsError.message.isEmpty, "\(name)")
        #expect(qmsError.description.contains(file), "\(name): the error does not name the file: \(qmsError)")
        #expect(
            qmsError.description.lowercased().contains(expected.lowercased()),
            "\(name): expected \"\(expected)\" in: \(qmsError)")
    }
}
