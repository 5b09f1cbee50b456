import Foundation
import QMSCore
import QMSFormats
import Testing

@Suite("iCalendar writer (RFC 5545)")
struct ICalendarTests {
    private let stamp = Instant(millisecondsSince1970: 1_796_630_400_123)  // 2026-12-07T08:00:00.123Z

    @Test("a calendar with one all-day event, byte for byte, every line ending in CRLF")
    func wholeCalendar() throws {
        let event = CalendarEvent(
            uid: "evidence-expiry.EV-2026-0042@eqms", date: try CalendarDate(parsing: "2028-02-29"),
            summary: "Evidence expires: roster", description: "Owner: amal",
            url: "https://qms.example/evidence/EV-2026-0042")
        let text = ICalendar.write(name: "Due dates: amal", stamp: stamp, events: [event])
        let expected = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ElectoralQMS//Due dates//EN", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "X-WR-CALNAME:Due dates: amal", "BEGIN:VEVENT", "UID:evidence-expiry.EV-2026-0042@eqms",
            "DTSTAMP:20261207T080000Z", "DTSTART;VALUE=DATE:20280229", "DTEND;VALUE=DATE:20280301",
            "SUMMARY:Evidence expires: roster", "URL:https://qms.example/evidence/EV-2026-0042",
            "DESCRIPTION:Owner: amal", "TRANSP:TRANSPARENT", "END:VEVENT", "END:VCALENDAR",
        ].map { $0 + "\r\n" }.joined()
        #expect(text == expected)
        // No bare LF anywhere: every LF follows a CR.
        let bytes = Array(text.utf8)
        for (index, byte) in bytes.enumerated() where byte == 0x0A { #expect(index > 0 && bytes[index - 1] == 0x0D) }
    }

    @Test("the last day of a year ends on the first day of the next")
    func yearEnd() throws {
        let text = ICalendar.write(
            name: "x", stamp: stamp,
            events: [CalendarEvent(uid: "u", date: try CalendarDate(parsing: "2026-12-31"), summary: "s")])
        #expect(text.contains("DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n"))
    }

    @Test("TEXT escaping: backslash, semicolon, comma and every kind of line break")
    func escaping() {
        #expect(ICalendar.escape(#"a\b;c,d"#) == #"a\\b\;c\,d"#)
        #expect(ICalendar.escape("one\ntwo\r\nthree\rfour") == #"one\ntwo\nthree\nfour"#)
        #expect(ICalendar.escape("bell\u{07}tab\t") == "belltab\t")
    }

    @Test("folding: 75 octets a line, continuation lines begin with a space, unfolding gives the line back")
    func foldingASCII() {
        let line = "SUMMARY:" + String(repeating: "x", count: 150)
        let folded = ICalendar.fold(line)
        let parts = folded.components(separatedBy: "\r\n")
        #expect(parts.map(\.utf8.count) == [75, 75, 10])
        #expect(parts.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        #expect(parts.first.map { String($0) } == "SUMMARY:" + String(repeating: "x", count: 67))
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == line)
        #expect(ICalendar.fold("SHORT:" + String(repeating: "y", count: 69)).utf8.count == 75)
    }

    @Test("folding Arabic never splits a two-byte letter: each line is whole UTF-8 of at most 75 octets")
    func foldingArabic() throws {
        // "SUMMARY:" is 8 octets; each Arabic letter is 2: the first line takes 33 letters (74 octets),
        // since a 34th would make 76.
        let arabic = String(repeating: "دليل", count: 20)  // 80 letters, 160 octets
        let folded = ICalendar.fold("SUMMARY:" + arabic)
        let lines = folded.components(separatedBy: "\r\n")
        #expect(lines.map(\.utf8.count) == [74, 75, 21])
        for line in lines {
            #expect(line.utf8.count <= 75)
            // Each line decodes on its own: no sequence was cut.
            #expect(String(validating: Array(line.utf8), as: UTF8.self) != nil)
        }
        #expect(lines[0] == "SUMMARY:" + String(arabic.prefix(33)))
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == "SUMMARY:" + arabic)
        // Three- and four-byte characters too (a Euro sign and an emoji) at a fold point.
        let mixed = "SUMMARY:" + String(repeating: "€", count: 30) + String(repeating: "🗳", count: 10)
        for line in ICalendar.fold(mixed).components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 75)
            #expect(String(validating: Array(line.utf8), as: UTF8.self) != nil)
        }
    }
}
