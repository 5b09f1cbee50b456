/// What one kind of register identifier looks like: `NC-2026-007`, `AUD-2026-01`, `MR-2026-01`,
/// `REC-2024-012`.
public protocol YearlyIDKind: Sendable {
    /// The letters before the year (`NC`).
    static var prefix: String { get }
    /// The fewest digits of the number, zero-padded (`007` has three).
    static var digits: Int { get }
    /// What the identifier names, for messages ("nonconformity").
    static var noun: String { get }
    /// The letters of the identifiers of its action items (`CA` for a nonconformity's corrective actions).
    static var itemPrefix: String { get }
}

/// A register identifier: a prefix, the year and a number counted from 1 within that year.
///
/// One generic type rather than one per register, so that every register parses, prints and
/// orders its identifiers the same way.
public struct YearlyID<Kind: YearlyIDKind>: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let year: Int
    public let number: Int

    /// Creates an identifier from its parts.
    public init(year: Int, number: Int) {
        self.year = year
        self.number = number
    }

    /// Parses `PREFIX-YYYY-NNN`; the number has at least ``YearlyIDKind/digits`` digits.
    public init(parsing text: String) throws(DomainError) {
        let parts = text.trimmingWhitespace().uppercased().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == Kind.prefix,
            case (let year, let number)? = YearlyID.parts(parts[1], parts[2])
        else {
            throw .invalidValue(
                field: "\(Kind.noun) id", value: text,
                expected: .written(
                    format: "\(Kind.prefix)-YYYY-\(String(repeating: "N", count: Kind.digits))",
                    example: "\(Self.example)"))
        }
        self.init(year: year, number: number)
    }

    /// A well-formed example, for messages and help.
    public static var example: String { YearlyID(year: 2026, number: 7).description }

    public var description: String { "\(Kind.prefix)-\(year)-\(YearlyID.padded(number, Kind.digits))" }

    public static func < (lhs: YearlyID, rhs: YearlyID) -> Bool { (lhs.year, lhs.number) < (rhs.year, rhs.number) }

    public init(from decoder: any Decoder) throws {
        try self.init(parsing: decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The year and number of `YYYY` and `NNN`, when both are well formed.
    static func parts(_ year: Substring, _ number: Substring) -> (Int, Int)? {
        guard year.count == 4, number.count >= Kind.digits, number.count <= 9,
            year.allSatisfy(\.isPlainDigit), number.allSatisfy(\.isPlainDigit),
            let yearValue = Int(year), let numberValue = Int(number), numberValue >= 1
        else { return nil }
        return (yearValue, numberValue)
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// An action item of a register entry: `CA-2026-007-2` is the second corrective action of
/// NC-2026-007, `MR-2026-01-3` the third action decided by management review MR-2026-01.
public struct ActionItemID<Kind: YearlyIDKind>: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The entry the action belongs to.
    public let parent: YearlyID<Kind>
    /// Its number within the entry, from 1.
    public let index: Int

    /// Creates an identifier from its parts.
    public init(parent: YearlyID<Kind>, index: Int) {
        self.parent = parent
        self.index = index
    }

    /// Parses `PREFIX-YYYY-NNN-N`.
    public init(parsing text: String) throws(DomainError) {
        let parts = text.trimmingWhitespace().uppercased().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == Kind.itemPrefix,
            case (let year, let number)? = YearlyID<Kind>.parts(parts[1], parts[2]),
            parts[3].count <= 4, parts[3].allSatisfy(\.isPlainDigit), let index = Int(parts[3]), index >= 1
        else {
            let example = ActionItemID(parent: YearlyID(year: 2026, number: 7), index: 1)
            throw .invalidValue(field: "action id", value: text, expected: .actionID(example: "\(example)"))
        }
        self.init(parent: YearlyID(year: year, number: number), index: index)
    }

    public var description: String {
        "\(Kind.itemPrefix)-\(parent.year)-\(YearlyID<Kind>.padded(parent.number, Kind.digits))-\(index)"
    }

    public static func < (lhs: ActionItemID, rhs: ActionItemID) -> Bool {
        (lhs.parent, lhs.index) < (rhs.parent, rhs.index)
    }

    public init(from decoder: any Decoder) throws {
        try self.init(parsing: decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Nonconformities: `NC-2026-007`; their corrective actions `CA-2026-007-1`.
public enum NonconformityIDKind: YearlyIDKind {
    public static let prefix = "NC"
    public static let digits = 3
    public static let noun = "nonconformity"
    public static let itemPrefix = "CA"
}

/// Audits of the internal programme and of the certification cycle: `AUD-2026-01`.
public enum AuditIDKind: YearlyIDKind {
    public static let prefix = "AUD"
    public static let digits = 2
    public static let noun = "audit"
    public static let itemPrefix = "AUD"
}

/// Management reviews: `MR-2026-01`; their actions `MR-2026-01-1`.
public enum ManagementReviewIDKind: YearlyIDKind {
    public static let prefix = "MR"
    public static let digits = 2
    public static let noun = "management review"
    public static let itemPrefix = "MR"
}

/// Observer-mission recommendations, numbered within the year of the mission: `REC-2024-012`.
public enum RecommendationIDKind: YearlyIDKind {
    public static let prefix = "REC"
    public static let digits = 3
    public static let noun = "recommendation"
    public static let itemPrefix = "REC"
}

/// A nonconformity's identifier: `NC-2026-007`.
public typealias NonconformityID = YearlyID<NonconformityIDKind>
/// A corrective action's identifier: `CA-2026-007-1`.
public typealias CorrectiveActionID = ActionItemID<NonconformityIDKind>
/// An audit's identifier: `AUD-2026-01`.
public typealias AuditID = YearlyID<AuditIDKind>
/// A management review's identifier: `MR-2026-01`.
public typealias ManagementReviewID = YearlyID<ManagementReviewIDKind>
/// An action decided by a management review: `MR-2026-01-1`.
public typealias ReviewActionID = ActionItemID<ManagementReviewIDKind>
/// An observer-mission recommendation's identifier: `REC-2024-012`.
public typealias RecommendationID = YearlyID<RecommendationIDKind>

extension Character {
    /// Whether the character is one of the ASCII digits 0–9 (not any Unicode digit).
    var isPlainDigit: Bool { ("0"..."9").contains(self) }
}
