import Foundation
import QMSCore

/// The delivery report of an annual work plan as a workbook people read, beside the import
/// template (``AWPWorkbook``): one sheet per view (activities, outputs, quarters, funding sources,
/// envelopes, results), headers in the reader's language, a totals row, numbers stored as numbers,
/// delivery as a percentage, filters on the header and the header row frozen.
///
/// The workbook's words come from the caller's catalogue through `word`, called with catalogue
/// keys: the formats layer knows which heading goes where, not how a language says it.
public enum AWPReportWorkbook {
    /// The catalogue keys the workbook asks `word` for.
    public static let keys = [
        "plans_activity", "plans_output", "plans_quarter", "plans_source", "plans_code", "title", "plans_planned",
        "plans_spent", "plans_delivery", "plans_overspent", "plans_total", "plans_year", "plans_envelope",
        "plans_committed", "plans_outstanding", "plans_left", "plans_indicator", "plans_women", "plans_youth",
        "plans_disability", "plans_activities", "plans_by_activity", "plans_by_output", "plans_by_quarter",
        "plans_by_source", "plans_envelopes", "plans_results",
    ]

    /// The workbook's bytes, worded for `language` by `word`.
    public static func write(
        _ summary: AWPSummary, language: Language, word: (String) -> String
    ) throws -> Data {
        func title(_ text: LocalizedText?) -> SheetCell { text.map { .text($0.text(in: language)) } ?? .empty }
        let rightToLeft = language.isRightToLeft

        func delivery(_ sheet: String, _ heading: String, _ lines: [DeliveryLine], titled: Bool) -> XLSXSheet {
            let header =
                [word(heading)] + (titled ? [word("title")] : [])
                + ["plans_planned", "plans_spent", "plans_delivery", "plans_overspent"].map(word)
            func cells(_ line: DeliveryLine, key: SheetCell) -> [SheetCell] {
                [key] + (titled ? [line.key == "total" ? .empty : title(line.title)] : []) + [
                    .money(line.planned), .money(line.spent),
                    line.deliveryBasisPoints.map { .percent(basisPoints: $0) } ?? .empty,
                    line.overspent.map { .money($0) } ?? .empty,
                ]
            }
            return XLSXSheet(
                name: word(sheet), header: header, rows: lines.map { cells($0, key: .text($0.key)) },
                widths: [12] + (titled ? [48] : []) + [18, 18, 12, 18],
                footer: [cells(summary.total, key: .text(word("plans_total")))], filter: true,
                rightToLeft: rightToLeft)
        }

        var sheets = [
            delivery("plans_by_activity", "plans_activity", summary.byActivity, titled: true),
            delivery("plans_by_output", "plans_output", summary.byOutput, titled: true),
            delivery("plans_by_quarter", "plans_quarter", summary.byQuarter, titled: false),
            delivery("plans_by_source", "plans_source", summary.bySource, titled: true),
        ]
        if !summary.envelopes.isEmpty {
            let header = [
                "plans_source", "plans_year", "plans_envelope", "plans_committed", "plans_outstanding",
                "plans_planned", "plans_spent", "plans_left", "plans_overspent",
            ].map(word)
            let rows: [[SheetCell]] = summary.envelopes.map { position in
                [
                    .text(position.source.rawValue), .integer(position.year), .money(position.envelope),
                    .money(position.committed), .money(position.outstanding), .money(position.planned),
                    .money(position.spent), .money(position.left), position.overspent.map { .money($0) } ?? .empty,
                ]
            }
            sheets.append(
                XLSXSheet(
                    name: word("plans_envelopes"), header: header, rows: rows,
                    widths: [14, 8, 18, 18, 18, 18, 18, 18, 18], filter: true, rightToLeft: rightToLeft))
        }
        if !summary.results.isEmpty {
            let header = [
                "plans_indicator", "plans_total", "plans_women", "plans_youth", "plans_disability", "plans_activities",
            ].map(word)
            func count(_ value: Int?) -> SheetCell { value.map { .integer($0) } ?? .empty }
            let rows: [[SheetCell]] = summary.results.map { result in
                [
                    .text(result.indicator), .integer(result.total), count(result.women), count(result.youth),
                    count(result.disability), .integer(result.activities),
                ]
            }
            sheets.append(
                XLSXSheet(
                    name: word("plans_results"), header: header, rows: rows, widths: [40, 12, 12, 12, 16, 12],
                    filter: true, rightToLeft: rightToLeft))
        }
        return try XLSXWriter.write(sheets, currency: summary.currency)
    }
}
