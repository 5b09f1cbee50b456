import QMSCore
import Testing

@Suite("Calendar dates and instants")
struct CalendarTests {
    @Test("dates parse, print, and count days across leap years")
    func dates() throws {
        let polling = try CalendarDate(parsing: "2018-08-07")
        #expect(polling.description == "2018-08-07")
        #expect(polling.quarter == 3)
        let later = try CalendarDate(parsing: "2018-11-26")
        #expect(polling.days(until: later) == 111)
        #expect(try CalendarDate(parsing: "2024-02-28").adding(days: 1).description == "2024-02-29")
        #expect(try CalendarDate(parsing: "2023-02-28").adding(days: 1).description == "2023-03-01")
        #expect(CalendarDate(daysSinceEpoch: 0).description == "1970-01-01")
    }

    @Test(
        "impossible or badly written dates are refused",
        arguments: ["2023-02-29", "2026-13-01", "26-11-23", "2026-1-5", "tomorrow"])
    func refusesBadDates(_ text: String) {
        #expect(throws: DomainError.self) { try CalendarDate(parsing: text) }
    }

    @Test("instants print as UTC ISO 8601 with milliseconds and parse back")
    func instants() throws {
        let instant = Instant(millisecondsSince1970: 1_795_443_001_123)
        #expect(instant.description == "2026-11-23T14:10:01.123Z")
        #expect(try Instant(parsing: instant.description) == instant)
        #expect(Instant(millisecondsSince1970: -1).description == "1969-12-31T23:59:59.999Z")
    }
}
