/// The days a measurement's period names, so that a trend is drawn by the period a value measures
/// rather than by the day it was entered: `2026` (a year), `2026-H2` (a half), `2026-Q3` (a
/// quarter), `2026-10` (a month) or `2026-10-05` (a day). Free text ("polling day") names none.
public struct KPIPeriod: Sendable, Hashable {
    public var start: CalendarDate
    public var end: CalendarDate

    /// Reads a period; nil when the text is not one of the forms above.
    public init?(_ text: String) {
        let parts = text.trimmingWhitespace().uppercased().split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, first.count == 4, let year = Int(first), year >= 1 else { return nil }
        func months(_ from: Int, _ to: Int) -> (CalendarDate, CalendarDate)? {
            guard let start = try? CalendarDate(year: year, month: from, day: 1),
                let end = try? CalendarDate(year: year, month: to, day: CalendarDate.daysIn(month: to, year: year))
            else { return nil }
            return (start, end)
        }
        var span: (CalendarDate, CalendarDate)?
        switch parts.count {
        case 1:
            span = months(1, 12)
        case 2:
            let second = parts[1]
            if second.hasPrefix("Q"), let quarter = Int(second.dropFirst()), (1...4).contains(quarter) {
                span = months(quarter * 3 - 2, quarter * 3)
            } else if second.hasPrefix("H"), let half = Int(second.dropFirst()), (1...2).contains(half) {
                span = months(half * 6 - 5, half * 6)
            } else if second.count == 2, let month = Int(second), (1...12).contains(month) {
                span = months(month, month)
            }
        case 3:
            if let day = try? CalendarDate(parsing: text.trimmingWhitespace()) { span = (day, day) }
        default:
            break
        }
        guard let span else { return nil }
        start = span.0
        end = span.1
    }
}

extension KPIMeasurement {
    /// The period it measures, when its period is one ``KPIPeriod`` reads.
    public var measuredPeriod: KPIPeriod? { period.flatMap { KPIPeriod($0) } }

    /// The day that places it on a time axis: the end of the period it measures, else the day it
    /// was measured.
    public var measuredOn: CalendarDate { measuredPeriod?.end ?? on }
}
