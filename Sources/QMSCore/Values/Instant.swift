/// A moment in time, UTC, to the millisecond: `2026-11-23T14:10:01.123Z`.
///
/// Used for when something happened (audit events, decisions); a day the domain means is a
/// ``CalendarDate`` instead.
public struct Instant: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public let millisecondsSince1970: Int64

    /// Creates an instant from milliseconds since the epoch.
    public init(millisecondsSince1970: Int64) { self.millisecondsSince1970 = millisecondsSince1970 }

    /// Creates an instant from seconds since the epoch (as `Date.timeIntervalSince1970` gives).
    public init(secondsSince1970: Double) {
        self.millisecondsSince1970 = Int64((secondsSince1970 * 1000).rounded(.down))
    }

    /// Seconds since the epoch, as `Date(timeIntervalSince1970:)` takes them.
    public var secondsSince1970: Double { Double(millisecondsSince1970) / 1000 }

    /// Parses `YYYY-MM-DDTHH:MM:SS(.mmm)Z`.
    public init(parsing text: String) throws(DomainError) {
        let invalid = DomainError.invalidValue(
            field: "instant", value: text, expected: .instant)
        guard text.hasSuffix("Z"), text.count >= 20 else { throw invalid }
        let parts = text.dropLast().split(separator: "T")
        guard parts.count == 2, let date = try? CalendarDate(parsing: String(parts[0])) else { throw invalid }
        let timeParts = parts[1].split(separator: ":")
        guard timeParts.count == 3, let hour = Int(timeParts[0]), let minute = Int(timeParts[1]),
            (0..<24).contains(hour), (0..<60).contains(minute)
        else { throw invalid }
        let secondParts = timeParts[2].split(separator: ".")
        guard let second = Int(secondParts[0]), (0..<60).contains(second) else { throw invalid }
        var milliseconds = 0
        if secondParts.count == 2 {
            let fraction = String(secondParts[1].prefix(3))
            guard let value = Int(fraction + String(repeating: "0", count: 3 - fraction.count)) else { throw invalid }
            milliseconds = value
        }
        let seconds = Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        self.millisecondsSince1970 = seconds * 1000 + Int64(milliseconds)
    }

    /// The calendar day (UTC) of this instant.
    public var date: CalendarDate {
        CalendarDate(daysSinceEpoch: Int(floorDivide(millisecondsSince1970, 86_400_000)))
    }

    public var description: String {
        let dayMilliseconds = millisecondsSince1970 - floorDivide(millisecondsSince1970, 86_400_000) * 86_400_000
        let hours = dayMilliseconds / 3_600_000
        let minutes = dayMilliseconds / 60_000 % 60
        let seconds = dayMilliseconds / 1000 % 60
        let milliseconds = dayMilliseconds % 1000
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(date)T\(pad(hours, 2)):\(pad(minutes, 2)):\(pad(seconds, 2)).\(pad(milliseconds, 3))Z"
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.millisecondsSince1970 < rhs.millisecondsSince1970 }

    public init(from decoder: any Decoder) throws {
        try self.init(parsing: decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

private func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
    value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
}
