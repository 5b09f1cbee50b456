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
        var memo = EvidenceInput.Memo()
        try table.forEachRow { row in
            rows.append(try parse(row, today: today, memo: &memo))
            if rows.count % 1000 == 0 { progress?(rows.count) }
        }
        guard !rows.isEmpty else {
            throw FormatError(
                .fileHasNoRows, at: SourceLocation(file: reader.file, row: 2),
                fix: .advice(.rowPerEvidence))
        }
        return rows
    }

    static func parse(_ row: CSVRow, today: CalendarDate, memo: inout EvidenceInput.Memo) throws(FormatError)
        -> EvidenceCSVRow
    {
        // The template's cells that may not be empty; the rest are the shared input's to default.
        let title = try row.required("title")
        let requirements = try row.required("requirements")
        let kind = try row.required("kind")
        let owner = try row.required("owner")
        let effective = try row.required("effective_date")
        let files = (row["files"] ?? "").split(separator: ";").map { String($0).trimmingWhitespace() }.filter {
            !$0.isEmpty
        }
        let input = EvidenceInput(
            title: title, description: row["description"], kind: kind, link: row["link"], owner: owner,
            process: row["process"], location: row["location"], effective: effective,
            effectiveTo: row["effective_to"], collected: row["collected_date"], validUntil: row["valid_until"],
            reviewDue: row["review_due"], confidentiality: row["confidentiality"], status: row["status"],
            requirements: [requirements], tags: row["tags"].map { [$0] } ?? [], hasFiles: !files.isEmpty)
        let draft: EvidenceDraft
        do {
            draft = try input.draft(owner: owner, today: today, memo: &memo)
            try draft.validate(hasFiles: !files.isEmpty)
        } catch {
            throw FormatError(error, at: row.location(column(for: error)), fix: error.fix)
        }
        return EvidenceCSVRow(row: row.row, draft: draft, files: files)
    }

    /// The column a validation error is about, so that the message points at the right cell.
    static func column(for error: DomainError) -> String {
        if case .invalidValue(let field, _, _) = error {
            switch field {
            case "title": return "title"
            case "owner": return "owner"
            case "link": return "link"
            case "kind": return "kind"
            case "electoral process": return "process"
            case "tag": return "tags"
            case "requirement": return "requirements"
            case "effective": return "effective_date"
            case "effective-to": return "effective_to"
            case "collected": return "collected_date"
            case "valid-until": return "valid_until"
            case "review-due": return "review_due"
            case "confidentiality": return "confidentiality"
            case "status": return "status"
            default: break
            }
        }
        switch error {
        case .ruleViolated(.evidenceNeedsRequirement, _, _), .notFound(.requirement, _, _): return "requirements"
        case .ruleViolated(.validUntilBeforeEffective, _, _): return "valid_until"
        case .ruleViolated(.effectivePeriodEndsBeforeStart, _, _): return "effective_to"
        case .ruleViolated(.linkNeedsAddress, _, _): return "link"
        case .ruleViolated(.evidenceNeedsFileOrLink, _, _): return "files"
        default: return "title"
        }
    }
}
