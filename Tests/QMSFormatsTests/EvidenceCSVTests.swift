import Foundation
import QMSCore
import QMSFormats
import QMSPresentation
import Testing

@Suite("The evidence import format (CSV)")
struct EvidenceCSVTests {
    static let header =
        "title,requirements,kind,owner,process,effective_date,valid_until,review_due,confidentiality,link,files"
    let today = (try? CalendarDate(parsing: "2026-06-15")) ?? CalendarDate(daysSinceEpoch: 0)

    /// A good row, with some cells replaced; every cell is quoted, doubling the quotes inside.
    func row(_ changes: [String: String] = [:]) -> String {
        let defaults = [
            "title": "Quality policy", "requirements": "iso-9001-2015:5.2.2", "kind": "document", "owner": "amal",
            "process": "", "effective_date": "2026-01-15", "valid_until": "2027-01-14", "review_due": "2026-12-01",
            "confidentiality": "internal", "link": "", "files": "policy.pdf",
        ]
        return EvidenceCSV.requiredColumns.map { column in
            "\"" + (changes[column] ?? defaults[column] ?? "").replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }

    func read(_ lines: [String], header: String = EvidenceCSVTests.header) throws -> [EvidenceCSVRow] {
        let text = ([header] + lines).joined(separator: "\r\n") + "\r\n"
        return try EvidenceCSV.read(CSVReader(data: Data(text.utf8), file: "evidence.csv"), today: today)
    }

    /// The error of a file whose row 3 (after a good row 2) has the given cells.
    func failure(in changes: [String: String]) throws -> FormatError {
        try #require(throws: FormatError.self) { try read([row(), row(changes)]) }
    }

    /// A literal day; nil would make the comparison fail.
    func day(_ text: String) -> CalendarDate? { try? CalendarDate(parsing: text) }

    @Test("the template is the documented header line, in order")
    func template() {
        #expect(EvidenceCSV.template == EvidenceCSVTests.header)
        #expect(EvidenceCSV.requiredColumns.count == 11)
    }

    @Test("a good file gives one checked draft per row, with its row number and files")
    func goodFile() throws {
        let rows = try read([
            row(["files": "policy.pdf; scans/signed policy.pdf"]),
            row([
                "title": "Results portal, 2026 \"general\" election", "kind": "link", "owner": "salma",
                "requirements": "iso-54001-2019:EP-05; iso-9001-2015:8.5.1;", "process": "EP-05",
                "valid_until": "", "review_due": "", "confidentiality": "Public",
                "link": "https://results.example.org/2026", "files": "",
            ]),
        ])
        #expect(rows.map(\.row) == [2, 3])
        let policy = rows[0].draft
        #expect(policy.title == "Quality policy")
        #expect(policy.kind == .document)
        #expect(policy.requirements.map(\.description) == ["iso-9001-2015:5.2.2"])
        #expect(policy.effectiveFrom == day("2026-01-15"))
        #expect(policy.validUntil == day("2027-01-14"))
        #expect(policy.reviewDue == day("2026-12-01"))
        #expect(policy.collectedOn == today)
        #expect(policy.confidentiality == .internal)
        #expect(policy.status == .current)
        #expect(policy.location == "headquarters")
        #expect(policy.process == nil)
        #expect(rows[0].files == ["policy.pdf", "scans/signed policy.pdf"])

        let portal = rows[1].draft
        #expect(portal.title == "Results portal, 2026 \"general\" election")
        #expect(portal.kind == .link)
        #expect(portal.owner == "salma")
        #expect(portal.process == "EP-05")
        #expect(
            portal.requirements.map(\.description) == ["iso-54001-2019:EP-05", "iso-9001-2015:8.5.1"])
        #expect(portal.validUntil == nil)
        #expect(portal.reviewDue == nil)
        #expect(portal.confidentiality == .public)
        #expect(portal.link == "https://results.example.org/2026")
        #expect(rows[1].files.isEmpty)
    }

    @Test("the optional columns fill description, location, tags, collected date, period end and draft status")
    func optionalColumns() throws {
        let header = EvidenceCSVTests.header + ",description,location,tags,collected_date,effective_to,status"
        let rows = try read(
            [
                row() + ",\"Signed by the board\",\"Irbid office\",\"policy; Board \",2026-01-20,2026-12-31,draft",
                row() + ",,,,,,",
            ], header: header)
        let draft = rows[0].draft
        #expect(draft.description == "Signed by the board")
        #expect(draft.location == "Irbid office")
        #expect(draft.tags == ["board", "policy"], "tags are kept sorted and unique")
        #expect(draft.collectedOn == day("2026-01-20"))
        #expect(draft.effectiveTo == day("2026-12-31"))
        #expect(draft.status == .draft)
        let plain = rows[1].draft
        #expect(plain.description == nil)
        #expect(plain.location == "headquarters")
        #expect(plain.tags.isEmpty)
        #expect(plain.collectedOn == today)
        #expect(plain.status == .current)
    }

    @Test("a date that is not YYYY-MM-DD or not a real day is reported at its row and column")
    func badDates() throws {
        for (column, value) in [
            ("effective_date", "2026-02-30"), ("valid_until", "next year"), ("review_due", "01/12/2026"),
        ] {
            let error = try failure(in: [column: value])
            #expect(error.location?.row == 3, "\(column)")
            #expect(error.location?.field == column, "\(column)")
            #expect(error.location?.file == "evidence.csv")
            #expect(error.message.contains(value), "\(column): \(error.message)")
        }
        let missing = try failure(in: ["effective_date": ""])
        #expect(missing.location?.field == "effective_date")
        #expect(missing.location?.row == 3)
    }

    @Test("an unknown kind is reported at its row, in the kind column, listing the kinds")
    func unknownKind() throws {
        let error = try failure(in: ["kind": "memo"])
        #expect(error.location?.row == 3)
        #expect(error.location?.field == "kind")
        #expect(error.message.contains("document, record, link, note"))
    }

    @Test("a requirement that is not STANDARD:NUMBER is reported in the requirements column")
    func badRequirement() throws {
        for value in ["iso-9001-2015 5.2.2", "iso-9001-2015:5..2", "ISO 9001:5.2.2", ";"] {
            let error = try failure(in: ["requirements": value])
            #expect(error.location?.row == 3, "\(value)")
            #expect(error.location?.field == "requirements", "\(value): \(error)")
        }
    }

    @Test("an unknown confidentiality is reported in its column")
    func unknownConfidentiality() throws {
        let error = try failure(in: ["confidentiality": "secret"])
        #expect(error.location?.row == 3)
        #expect(error.location?.field == "confidentiality")
        #expect(
            error.fix.map { Messages.shared.fix($0, .english) }
                == "give confidentiality as public, internal or restricted")
    }

    @Test("a link record without its address is reported in the link column")
    func linkWithoutAddress() throws {
        let error = try failure(in: ["kind": "link", "link": "", "files": ""])
        #expect(error.location?.row == 3)
        #expect(error.location?.field == "link", "\(error)")
    }

    @Test("a link that is not an http(s) address is reported in the link column")
    func badLink() throws {
        let error = try failure(in: ["kind": "link", "link": "ftp://example.org/x", "files": ""])
        #expect(error.location?.row == 3)
        #expect(error.location?.field == "link")
    }

    @Test("a document or record without a file or a link is reported in the files column")
    func documentWithoutFile() throws {
        for kind in ["document", "record"] {
            let error = try failure(in: ["kind": kind, "files": " ; ", "link": ""])
            #expect(error.location?.row == 3, "\(kind)")
            #expect(error.location?.field == "files", "\(kind): \(error)")
        }
        // A note needs neither, and a document with a link is fine.
        #expect(
            try read([row(["kind": "note", "files": ""]), row(["link": "https://x.example/p", "files": ""])]).count == 2
        )
    }

    @Test("valid_until before effective_date is reported in the valid_until column")
    func validUntilBeforeEffective() throws {
        let error = try failure(in: ["effective_date": "2026-05-01", "valid_until": "2026-04-30"])
        #expect(error.location?.row == 3)
        #expect(error.location?.field == "valid_until")
        #expect(error.message.contains("2026-04-30"))
    }

    @Test("an empty title or owner, an unknown electoral process or status are reported in their columns")
    func otherCells() throws {
        #expect(try failure(in: ["title": " "]).location?.field == "title")
        #expect(try failure(in: ["owner": ""]).location?.field == "owner")
        #expect(try failure(in: ["process": "EP-09"]).location?.field == "process")
        let header = EvidenceCSVTests.header + ",status"
        let status = try #require(throws: FormatError.self) {
            try read([row() + ",current", row() + ",withdrawn"], header: header)
        }
        #expect(status.location?.row == 3)
        #expect(status.location?.field == "status")
    }

    @Test("a file with a header and no rows is refused at row 2; a wrong header at row 1")
    func headerOnly() throws {
        let empty = try #require(throws: FormatError.self) { try read([]) }
        #expect(empty.location?.row == 2)
        #expect(empty.message.contains("no rows"))
        let wrong = try #require(throws: FormatError.self) {
            try read([row()], header: EvidenceCSVTests.header.replacingOccurrences(of: ",files", with: ""))
        }
        #expect(wrong.location?.row == 1)
        #expect(wrong.location?.field == "files")
    }

    @Test("progress is reported every 1,000 rows")
    func progress() throws {
        let text = ([EvidenceCSVTests.header] + Array(repeating: row(), count: 2_500)).joined(separator: "\n")
        var reported: [Int] = []
        let rows = try EvidenceCSV.read(CSVReader(data: Data(text.utf8), file: "big.csv"), today: today) {
            reported.append($0)
        }
        #expect(rows.count == 2_500)
        #expect(rows.last?.row == 2_501)
        #expect(reported == [1_000, 2_000])
    }
}
