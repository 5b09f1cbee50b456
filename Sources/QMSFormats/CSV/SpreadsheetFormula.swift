import QMSCore

/// Cells a spreadsheet would run as a formula (CSV injection: `=HYPERLINK(…)`,
/// `=cmd|' /C calc'!A0`, `@SUM(…)`). ``CSVWriter`` protects such text with a leading `'`; an
/// import (a CSV file, or a work plan worksheet) takes protected text back without its apostrophe
/// and refuses a cell that would run, so that a file passed through a spreadsheet or written by
/// hand cannot slip a formula into a register.
public enum SpreadsheetFormula {
    /// The first characters that make a spreadsheet treat a cell as a formula.
    static let triggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// Whether a spreadsheet would run this cell as a formula; a plain number (`-12.5`, `+3`) is data.
    public static func wouldRun(_ value: String) -> Bool {
        guard let first = value.unicodeScalars.first, triggers.contains(first) else { return false }
        return !isPlainNumber(value)
    }

    /// The text of a CSV or worksheet cell (already trimmed): `'=x` gives `=x`; an unprotected formula is refused.
    public static func text(ofCell value: String, at location: SourceLocation) throws(FormatError) -> String {
        if value.hasPrefix("'"), let second = value.unicodeScalars.dropFirst().first, triggers.contains(second) {
            return String(value.unicodeScalars.dropFirst())
        }
        guard wouldRun(value) else { return value }
        let shown = value.count > 40 ? String(value.prefix(40)) + "…" : value
        throw FormatError(
            .formulaCell, ["cell": "\(shown)", "first": "\(value.prefix(1))"],
            at: location,
            fix: .advice(.formulaCell))
    }

    private static func isPlainNumber(_ value: String) -> Bool {
        var digits = value.unicodeScalars.dropFirst()
        guard !digits.isEmpty, value.unicodeScalars.first == "-" || value.unicodeScalars.first == "+" else {
            return false
        }
        var seenDot = false
        while let scalar = digits.first {
            digits = digits.dropFirst()
            if scalar == "." && !seenDot {
                seenDot = true
            } else if !("0"..."9").contains(scalar) {
                return false
            }
        }
        return true
    }
}
