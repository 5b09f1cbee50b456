import Foundation
import QMSCore

/// One row of an evidence import, checked for form: dates, kinds, requirement keys.
public struct EvidenceCSVRow: Sendable {
    /// The row number as a spreadsheet shows it.
    public var row: Int
    public var draft: EvidenceDraft
    /// File paths as written in the `files` column (relative to the CSV's folder unless absolute).
    public var files: [String]
}

/// The evidence import format: one evidence record per row.
public enum EvidenceCSV {
    /// The columns every file has, in the order of the template.
    public static let requiredColumns = [
        "title", "requirements", "kind", "owner", "process", "effective_date", "valid_until", "review_due",
        "confidentiality", "link", "files",
    ]
    /// Columns a file may add.
    public static let optionalColumns = ["description", "location", "tags", "collected_date", "effective_to", "status"]

    /// The header line printed by `eqms evidence import --template`.
    public static var template: String { requiredColumns.joined(separator: ",") }

    /// Reads and checks every row; the first problem stops the import with its row and column.
    /// - Parameters:
    ///   - today: the collected date of rows that give none.
    ///   - progress: called every 1,000 rows with the count so far.
    public static func read(
        _ reader: CSVReader, today: CalendarDate, progress: ((Int) -> Void)? = nil
    ) throws -> [EvidenceCSVRow] {
        let table = try CSVTable(reader: reader, required: requiredColumns, optional: optionalColumns)
        var rows: [EvidenceCSVRow] = []
        var memo = ParsedValues()
        try table.forEachRow { row in
            rows.append(try parse(row, today: today, memo: &memo))
            if rows.count % 1000 == 0 { progress?(rows.count) }
        }
        guard !rows.isEmpty else {
            throw FormatError(
                "the file has a header but no rows", at: SourceLocation(file: reader.file, row: 2),
                fix: "add one row per evidence record")
        }
        return rows
    }

    /// Cell values already parsed in this file: a bulk import repeats a few requirement lists and
    /// dates on every row, and parsing them again cost more than writing the rows.
    struct ParsedValues {
        var requirements: [String: [RequirementKey]] = [:]
        var dates: [String: CalendarDate] = [:]
    }

    static func parse(_ row: CSVRow, today: CalendarDate, memo: inout ParsedValues) throws(FormatError)
        -> EvidenceCSVRow
    {
        let title = try row.required("title")
        let requirementsText = try row.required("requirements")
        var requirements: [RequirementKey] = []
        if let known = memo.requirements[requirementsText] {
            requirements = known
        } else {
            for part in requirementsText.split(separator: ";") {
                let text = String(part).trimmingWhitespace()
                guard !text.isEmpty else { continue }
                do {
                    requirements.append(try RequirementKey(parsing: text))
                } catch {
                    throw FormatError(error.message, at: row.location("requirements"), fix: error.fix)
                }
            }
            if memo.requirements.count < 10_000 { memo.requirements[requirementsText] = requirements }
        }
        guard let kind = EvidenceKind(rawValue: try row.required("kind").lowercased()) else {
            throw FormatError(
                "kind \"\(row["kind"] ?? "")\" is not one of "
                    + EvidenceKind.allCases.map(\.rawValue).joined(separator: ", "),
                at: row.location("kind"), fix: "use document, record, link or note")
        }
        let owner = try row.required("owner")
        func date(_ column: String) throws(FormatError) -> CalendarDate? {
            guard let text = row[column] else { return nil }
            if let known = memo.dates[text] { return known }
            let parsed = try row.parse(column) { (value: String) throws(DomainError) in
                try CalendarDate(parsing: value)
            }
            if let parsed, memo.dates.count < 10_000 { memo.dates[text] = parsed }
            return parsed
        }
        guard let effective = try date("effective_date") else {
            throw FormatError("effective_date is empty", at: row.location("effective_date"), fix: "give YYYY-MM-DD")
        }
        var confidentiality = Confidentiality.internal
        if let value = row["confidentiality"] {
            guard let parsed = Confidentiality(rawValue: value.lowercased()) else {
                throw FormatError(
                    "confidentiality \"\(value)\" is not public, internal or restricted",
                    at: row.location("confidentiality"),
                    fix: "use public, internal or restricted")
            }
            confidentiality = parsed
        }
        var status = EvidenceStatus.current
        if let value = row["status"] {
            guard let parsed = EvidenceStatus(rawValue: value.lowercased()), parsed == .current || parsed == .draft
            else {
                throw FormatError(
                    "status \"\(value)\" is not current or draft", at: row.location("status"),
                    fix: "use current or draft")
            }
            status = parsed
        }
        let files = (row["files"] ?? "").split(separator: ";").map { String($0).trimmingWhitespace() }.filter {
            !$0.isEmpty
        }
        let draft = EvidenceDraft(
            title: title, description: row["description"], kind: kind, link: row["link"], owner: owner,
            process: row["process"], location: row["location"] ?? "headquarters", effectiveFrom: effective,
            effectiveTo: try date("effective_to"), collectedOn: try date("collected_date") ?? today,
            validUntil: try date("valid_until"), reviewDue: try date("review_due"), confidentiality: confidentiality,
            status: status, requirements: requirements,
            tags: (row["tags"] ?? "").split(separator: ";").map(String.init))
        do {
            try draft.validate(hasFiles: !files.isEmpty)
        } catch {
            throw FormatError(error.message, at: row.location(column(for: error)), fix: error.fix)
        }
        return EvidenceCSVRow(row: row.row, draft: draft, files: files)
    }

    /// The column a validation error is about, so that the message points at the right cell.
    static func column(for error: DomainError) -> String {
        let text = error.message
        if case .invalidValue(let field, _, _) = error {
            switch field {
            case "title": return "title"
            case "owner": return "owner"
            case "link": return "link"
            case "electoral process": return "process"
            case "tag": return "tags"
            default: break
            }
        }
        if text.contains("requirement") { return "requirements" }
        if text.contains("valid until") { return "valid_until" }
        if text.contains("effective period") { return "effective_to" }
        if text.contains("needs its address") { return "link" }
        if text.contains("needs a file or a link") { return "files" }
        return "title"
    }
}
