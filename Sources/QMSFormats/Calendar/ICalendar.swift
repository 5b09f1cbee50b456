import QMSCore

/// One all-day event of a calendar feed: a due day, with words the presentation layer chose.
public struct CalendarEvent: Sendable, Hashable {
    /// Stable across feeds, so that a calendar client updates the event instead of adding another.
    public var uid: String
    public var date: CalendarDate
    public var summary: String
    public var description: String?
    /// An absolute address of the record.
    public var url: String?

    /// Creates an event.
    public init(uid: String, date: CalendarDate, summary: String, description: String? = nil, url: String? = nil) {
        self.uid = uid
        self.date = date
        self.summary = summary
        self.description = description
        self.url = url
    }
}

/// Writes iCalendar (RFC 5545) feeds of all-day events: CRLF line ends, TEXT escaping and line
/// folding at 75 octets that never splits a UTF-8 sequence. It knows no wording: the calendar's
/// name and each event's words are given to it.
public enum ICalendar {
    /// The product identifier written as `PRODID`.
    public static let productID = "-//ElectoralQMS//Due dates//EN"

    /// The whole calendar as text, each line ending in CRLF.
    /// - Parameters:
    ///   - name: the calendar's name (`X-WR-CALNAME`), shown by clients.
    ///   - stamp: when the feed was written (`DTSTAMP` of every event).
    public static func write(name: String, stamp: Instant, events: [CalendarEvent]) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:\(escape(productID))", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:\(escape(name))",
        ]
        let dtstamp = dateTime(stamp)
        for event in events {
            lines.append("BEGIN:VEVENT")
            lines.append("UID:\(escape(event.uid))")
            lines.append("DTSTAMP:\(dtstamp)")
            lines.append("DTSTART;VALUE=DATE:\(basic(event.date))")
            // DTEND is exclusive: an all-day event ends at the start of the next day.
            lines.append("DTEND;VALUE=DATE:\(basic(event.date.adding(days: 1)))")
            lines.append("SUMMARY:\(escape(event.summary))")
            if let url = event.url { lines.append("URL:\(uri(url))") }
            if let description = event.description { lines.append("DESCRIPTION:\(escape(description))") }
            lines.append("TRANSP:TRANSPARENT")
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        var text = ""
        for line in lines {
            text += fold(line)
            text += "\r\n"
        }
        return text
    }

    /// Escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma, and line breaks as `\n`.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        var previousCR = false
        for scalar in text.unicodeScalars {
            defer { previousCR = scalar == "\r" }
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n" where previousCR: continue
            case "\n": out += "\\n"
            default:
                // Other control characters are not allowed in a content line.
                if scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Folds a content line (RFC 5545 3.1): at most 75 octets per line, continuation lines begin
    /// with a space, and a break falls only between Unicode scalars, never inside one's UTF-8 bytes.
    public static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var out = ""
        var used = 0
        for scalar in line.unicodeScalars {
            let size = UTF8.width(scalar)
            if used + size > 75 {
                out += "\r\n "
                used = 1
            }
            out.unicodeScalars.append(scalar)
            used += size
        }
        return out
    }

    /// `YYYYMMDD`.
    static func basic(_ date: CalendarDate) -> String {
        date.description.replacingAll("-", with: "")
    }

    /// `YYYYMMDDTHHMMSSZ`, UTC.
    static func dateTime(_ instant: Instant) -> String {
        // `Instant.description` is `YYYY-MM-DDTHH:MM:SS.mmmZ`: the basic form drops separators and milliseconds.
        let text = instant.description
        let seconds = text.prefix(19)
        return seconds.replacingAll("-", with: "").replacingAll(":", with: "") + "Z"
    }

    /// A URI value: written as given, without line breaks.
    static func uri(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
    }
}

extension StringProtocol {
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self {
            if character == target { out += replacement } else { out.append(character) }
        }
        return out
    }
}
