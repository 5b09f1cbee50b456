/// A plan's identifier, as its plan file gives it: the annual work plan `hnec-2019`, the strategic
/// plan `hnec-sp-2018-2019`.
///
/// Importing a file whose AWP id exists makes the next version of that AWP, so the id is what
/// ties the versions of one plan together.
public struct PlanID: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// Lowercase letters and digits in groups joined by single hyphens, at most 64 characters.
    public let rawValue: String

    /// Validates and creates an identifier; uppercase letters are lowered.
    public init(_ text: String) throws(DomainError) {
        let value = text.trimmingWhitespace().lowercased()
        guard PlanSyntax.isSlug(value), value.count <= 64 else {
            throw .invalidValue(
                field: "plan id", value: text,
                expected: .planID)
        }
        self.rawValue = value
    }

    public var description: String { rawValue }

    public static func < (lhs: PlanID, rhs: PlanID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        try self.init(decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The code of a goal, objective, KPI, output, funding source or account in a plan: `G1`,
/// `O1.2`, `OUT-3`, `EU`, `72100`. Codes order naturally (`O1.10` after `O1.9`).
public struct PlanCode: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// Letters and digits in groups joined by `.`, `-` or `_`, at most 32 characters.
    public let rawValue: String

    /// Validates and creates a code; `field` names it in the message ("output", "funding source").
    public init(_ text: String, field: String = "code") throws(DomainError) {
        let value = text.trimmingWhitespace()
        guard PlanSyntax.isToken(value), value.count <= 32 else {
            throw .invalidValue(
                field: field, value: text,
                expected: .code(example: "OUT-1"))
        }
        self.rawValue = value
    }

    public var description: String { rawValue }

    public static func < (lhs: PlanCode, rhs: PlanCode) -> Bool {
        RequirementNumberOrder.precedes(lhs.rawValue, rhs.rawValue)
    }

    public init(from decoder: any Decoder) throws {
        try self.init(decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// An activity's code in the annual work plan: digits joined by dots, `1.3.2` (output 1,
/// sub-output 3, activity 2), as donors' AWP templates number them.
public struct ActivityCode: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The numbers, in order.
    public let parts: [Int]
    /// The code as written, without leading zeros.
    public let rawValue: String

    /// Validates and creates a code: one to six numbers of up to four digits, joined by dots.
    public init(_ text: String) throws(DomainError) {
        let value = text.trimmingWhitespace()
        let pieces = value.split(separator: ".", omittingEmptySubsequences: false)
        guard !pieces.isEmpty, pieces.count <= 6,
            pieces.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCIIDigit) })
        else {
            throw .invalidValue(
                field: "activity code", value: text, expected: .activityCode)
        }
        let numbers = pieces.compactMap { Int($0) }
        self.parts = numbers
        self.rawValue = numbers.map(String.init).joined(separator: ".")
    }

    public var description: String { rawValue }

    public static func < (lhs: ActivityCode, rhs: ActivityCode) -> Bool {
        lhs.parts.lexicographicallyPrecedes(rhs.parts)
    }

    public init(from decoder: any Decoder) throws {
        try self.init(decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A quarter of the plan's year.
public enum Quarter: Int, Sendable, Hashable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    case q1 = 1
    case q2 = 2
    case q3 = 3
    case q4 = 4

    /// `Q1` … `Q4`.
    public var description: String { "Q\(rawValue)" }

    /// Parses `Q1` … `Q4` (any case) or `1` … `4`.
    public init(parsing text: String) throws(DomainError) {
        let value = text.trimmingWhitespace().uppercased()
        let digits = value.hasPrefix("Q") ? String(value.dropFirst()) : value
        guard let number = Int(digits), let quarter = Quarter(rawValue: number) else {
            throw .invalidValue(field: "quarter", value: text, expected: .either(["Q1", "Q2", "Q3", "Q4"]))
        }
        self = quarter
    }

    /// The quarter of a day.
    public init(of date: CalendarDate) {
        self = Quarter(rawValue: date.quarter) ?? .q1
    }

    public static func < (lhs: Quarter, rhs: Quarter) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The quarters in which an activity takes place: `Q1 Q2`, written in order.
public struct QuarterSet: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The quarters, in order, each once.
    public let quarters: [Quarter]

    /// Creates a set from any quarters.
    public init(_ quarters: some Sequence<Quarter>) {
        self.quarters = Array(Set(quarters)).sorted()
    }

    /// Parses `Q1 Q3`, `Q1,Q2`, `Q1;Q2` or a range `Q1-Q4` (also with an en dash).
    public init(parsing text: String) throws(DomainError) {
        var result: [Quarter] = []
        let separators: Set<Character> = [" ", ",", ";"]
        func quarter(_ piece: Substring) -> Quarter? { try? Quarter(parsing: String(piece)) }
        for piece in text.split(whereSeparator: { separators.contains($0) }) {
            let range = piece.split(whereSeparator: { $0 == "-" || $0 == "–" })
            if range.count == 2, let from = quarter(range[0]), let to = quarter(range[1]), from <= to {
                result += Quarter.allCases.filter { $0 >= from && $0 <= to }
            } else if range.count == 1, let single = quarter(range[0]) {
                result.append(single)
            } else {
                throw .invalidValue(
                    field: "quarters", value: text, expected: .quarters)
            }
        }
        guard !result.isEmpty else {
            throw .invalidValue(field: "quarters", value: text, expected: .someQuarter)
        }
        self.init(result)
    }

    /// Whether the set holds `quarter`.
    public func contains(_ quarter: Quarter) -> Bool { quarters.contains(quarter) }

    public var description: String { quarters.map(\.description).joined(separator: " ") }

    public init(from decoder: any Decoder) throws {
        try self.init(parsing: decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// The shapes of the plan identifiers, shared by the types above.
enum PlanSyntax {
    /// `[a-z0-9]+(-[a-z0-9]+)*`
    static func isSlug(_ text: String) -> Bool {
        guard !text.isEmpty, !text.hasPrefix("-"), !text.hasSuffix("-"), !text.contains("--") else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// `[A-Za-z0-9]+([.\-_][A-Za-z0-9]+)*`
    static func isToken(_ text: String) -> Bool {
        var previousWasSeparator = true
        for scalar in text.unicodeScalars {
            let isAlphanumeric =
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            if isAlphanumeric {
                previousWasSeparator = false
            } else if scalar == "." || scalar == "-" || scalar == "_" {
                if previousWasSeparator { return false }
                previousWasSeparator = true
            } else {
                return false
            }
        }
        return !text.isEmpty && !previousWasSeparator
    }
}
