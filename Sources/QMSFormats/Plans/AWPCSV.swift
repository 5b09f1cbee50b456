import Foundation
import QMSCore

/// The work plan as CSV: the flat sheet of ``AWPSheet``, UTF-8 with a byte-order mark, RFC 4180
/// quoting, `;` between several results or links.
public enum AWPCSV {
    /// Reads a work plan from CSV. Every row is read: all the problems of the file are thrown
    /// together, each with its row and column.
    public static func read(_ reader: CSVReader) throws -> AWPSheetContent {
        var header: [String]?
        var rows: [SheetRow] = []
        var problems: [FileProblem] = []
        try reader.forEachRecord { row, fields in
            guard let names = header else {
                header = try AWPSheet.checkHeader(fields, file: reader.file, row: row)
                return
            }
            guard fields.count == names.count else {
                problems.append(
                    FileProblem(
                        .rowFieldCount, ["fields": .number(fields.count), "columns": .number(names.count)],
                        at: SourceLocation(file: reader.file, row: row),
                        fix: .advice(.quoteFields)))
                return
            }
            var values: [String: String] = [:]
            var refused = false
            for (index, name) in names.enumerated() where !name.isEmpty {
                do throws(FormatError) {
                    let value = try SpreadsheetFormula.text(
                        ofCell: fields[index].trimmingWhitespace(),
                        at: SourceLocation(file: reader.file, field: name, row: row))
                    if !value.isEmpty { values[name] = value }
                } catch {
                    problems += error.problems
                    refused = true
                }
            }
            // A row with a refused cell is not read further: its other cells would only add
            // problems that the refused one causes.
            if !refused { rows.append(SheetRow(file: reader.file, row: row, values: values)) }
        }
        guard header != nil else {
            throw FormatError(
                .emptyFileNeedsHeader, at: SourceLocation(file: reader.file, row: 1),
                fix: .advice(.startWithHeader(AWPSheet.template)))
        }
        return try AWPSheet.parse(rows, file: reader.file, after: problems)
    }

    /// The CSV of a plan set's work plan.
    public static func write(_ planSet: PlanSet) -> String {
        var writer = CSVWriter(header: AWPSheet.columns)
        for row in AWPSheet.rows(planSet) { writer.add(row.map(\.csvText)) }
        return writer.text
    }
}
