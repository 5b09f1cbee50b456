import Foundation
import QMSCore

/// How an exported work plan spreadsheet is laid out.
public enum WorkbookLayout: String, Sendable, CaseIterable {
    /// One sheet with every activity, for filters and pivot tables.
    case flat
    /// One sheet per output, as work plans are often presented to a Technical Committee.
    case perOutput = "per-output"
}

/// The work plan as an `.xlsx` workbook: the flat sheet of ``AWPSheet`` on one sheet or split
/// by output. Reading accepts either: every sheet whose first row is a work plan header is read,
/// other sheets (a cover page, a chart) are ignored.
public enum AWPWorkbook {
    /// The workbook of a plan set's work plan.
    public static func write(_ planSet: PlanSet, layout: WorkbookLayout = .flat) throws -> Data {
        let widths = AWPSheet.columns.map { column -> Double in
            switch column {
            case "title", "output_title", "description", "results", "note": return 40
            case "title_ar", "output_title_ar", "links", "responsible_party", "implementing_partner": return 28
            case "q1", "q2", "q3", "q4", "amount": return 18
            default: return 12
            }
        }
        var sheets: [XLSXSheet] = []
        switch layout {
        case .flat:
            sheets.append(
                XLSXSheet(
                    name: "AWP \(planSet.workPlan.id)", header: AWPSheet.columns, rows: AWPSheet.rows(planSet),
                    widths: widths))
        case .perOutput:
            var byOutput: [PlanCode: [Activity]] = [:]
            for activity in planSet.workPlan.activities { byOutput[activity.output, default: []].append(activity) }
            let order = planSet.outputs.map(\.code) + byOutput.keys.filter { planSet.output($0) == nil }.sorted()
            for code in order {
                guard let activities = byOutput[code] else { continue }
                sheets.append(
                    XLSXSheet(
                        name: "Output \(code)", header: AWPSheet.columns,
                        rows: AWPSheet.rows(planSet, activities: activities), widths: widths))
            }
            if sheets.isEmpty {
                sheets.append(XLSXSheet(name: "AWP \(planSet.workPlan.id)", header: AWPSheet.columns, rows: []))
            }
        }
        return try XLSXWriter.write(sheets, currency: planSet.workPlan.currency)
    }

    /// Reads a work plan from the workbook at `url`. Every sheet and row is read: all the problems
    /// of the workbook are thrown together, each with its sheet, row and column.
    public static func read(contentsOf url: URL, file: String) throws(FormatError) -> AWPSheetContent {
        try read(XLSXReader.read(contentsOf: url, file: file), file: file)
    }

    /// Reads a work plan from worksheets already read.
    public static func read(_ worksheets: [XLSXWorksheet], file: String) throws(FormatError) -> AWPSheetContent {
        var rows: [SheetRow] = []
        var problems: [FileProblem] = []
        var found = false
        for sheet in worksheets {
            guard let headerRow = sheet.rows.first else { continue }
            let width = (headerRow.cells.keys.max() ?? -1) + 1
            let header = (0..<width).map { headerRow.cells[$0] ?? "" }
            let lowered = Set(header.map { $0.trimmingWhitespace().lowercased() })
            // A sheet is a work plan sheet when its first row names the activity column.
            guard lowered.contains("activity") else { continue }
            found = true
            let names: [String]
            do {
                names = try AWPSheet.checkHeader(header, file: file, row: headerRow.number, sheet: sheet.name)
            } catch {
                // Without its header a sheet's rows cannot be read; the other sheets still are.
                problems += error.problems
                continue
            }
            for row in sheet.rows.dropFirst() {
                var values: [String: String] = [:]
                var refused = false
                for (column, text) in row.cells where column < names.count && !names[column].isEmpty {
                    // A text cell that would run once the sheet is saved as CSV is refused here too.
                    do {
                        let value = try SpreadsheetFormula.text(
                            ofCell: text.trimmingWhitespace(),
                            at: SourceLocation(file: file, field: names[column], row: row.number, sheet: sheet.name))
                        if !value.isEmpty { values[names[column]] = value }
                    } catch {
                        problems += error.problems
                        refused = true
                    }
                }
                if values.isEmpty || refused { continue }
                rows.append(SheetRow(file: file, row: row.number, sheet: sheet.name, values: values))
            }
        }
        guard found else {
            throw FormatError(
                .noWorkPlanSheet, at: SourceLocation(file: file),
                fix: .advice(.sheetHeader(AWPSheet.template)))
        }
        return try AWPSheet.parse(rows, file: file, after: problems, sheets: worksheets.map(\.name))
    }
}
