/// An evidence record's identifier: `EV-2026-0042` (year of recording, then a number from 1).
public struct EvidenceID: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let year: Int
    public let number: Int

    /// Creates an identifier from its parts.
    public init(year: Int, number: Int) {
        self.year = year
        self.number = number
    }

    /// Parses `EV-YYYY-NNNN` (four or more digits).
    public init(parsing text: String) throws(DomainError) {
        let parts = text.trimmingWhitespace().uppercased().split(separator: "-")
        guard parts.count == 3, parts[0] == "EV", parts[1].count == 4, parts[2].count >= 4,
            let year = Int(parts[1]), let number = Int(parts[2]), number >= 1
        else {
            throw .invalidValue(
                field: "evidence id", value: text, expected: .written(format: "EV-YYYY-NNNN", example: "EV-2026-0042"))
        }
        self.init(year: year, number: number)
    }

    public var description: String {
        let digits = String(number)
        return "EV-\(year)-\(String(repeating: "0", count: max(0, 4 - digits.count)))\(digits)"
    }

    public static func < (lhs: EvidenceID, rhs: EvidenceID) -> Bool {
        (lhs.year, lhs.number) < (rhs.year, rhs.number)
    }

    public init(from decoder: any Decoder) throws {
        try self.init(parsing: decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
