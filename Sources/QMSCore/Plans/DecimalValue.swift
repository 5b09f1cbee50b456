/// An exact decimal number, for KPI baselines, targets and actuals (`95.5` %, `1200` voters):
/// an integer and a count of digits after the point, so that `0.1 + 0.2` is `0.3` and values read
/// back from a file print as they were written.
public struct DecimalValue: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The digits as an integer: `955` for `95.5`.
    public let mantissa: Int64
    /// Digits after the point, 0 to 6: `1` for `95.5`.
    public let scale: Int

    /// The most digits after the point a KPI value keeps.
    public static let maximumScale = 6

    /// Creates a value, dropping trailing zeros after the point (`95.50` is `95.5`).
    public init(mantissa: Int64, scale: Int) {
        var mantissa = mantissa
        var scale = max(0, scale)
        while scale > 0, mantissa % 10 == 0 {
            mantissa /= 10
            scale -= 1
        }
        self.mantissa = mantissa
        self.scale = scale
    }

    /// A whole number.
    public init(_ integer: Int) { self.init(mantissa: Int64(integer), scale: 0) }

    /// Parses `95.5`, `-3`, `1200`, `0.25`: digits with at most one point and six decimals.
    public init(parsing text: String) throws(DomainError) {
        var body = Substring(text.trimmingWhitespace())
        let negative = body.first == "-"
        if negative { body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        guard !whole.isEmpty || !fraction.isEmpty, whole.allSatisfy(\.isASCIIDigit),
            fraction.allSatisfy(\.isASCIIDigit),
            fraction.count <= DecimalValue.maximumScale, parts.count == 1 || !fraction.isEmpty,
            let value = Int64(String(whole.isEmpty ? "0" : whole) + fraction)
        else {
            throw .invalidValue(
                field: "value", value: text, expected: .decimal)
        }
        self.init(mantissa: negative ? -value : value, scale: fraction.count)
    }

    /// The value as text, `95.5`.
    public var description: String {
        guard scale > 0 else { return String(mantissa) }
        var digits = String(mantissa.magnitude)
        if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
        digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
        return mantissa < 0 ? "-" + digits : digits
    }

    /// The mantissa at `scale` digits (which must be at least this value's scale).
    func mantissa(atScale target: Int) -> Int64? {
        var value = mantissa
        for _ in scale..<max(scale, target) {
            let (next, overflow) = value.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            value = next
        }
        return value
    }

    public static func < (lhs: DecimalValue, rhs: DecimalValue) -> Bool {
        let scale = max(lhs.scale, rhs.scale)
        guard let left = lhs.mantissa(atScale: scale), let right = rhs.mantissa(atScale: scale) else {
            return lhs.mantissa < rhs.mantissa
        }
        return left < right
    }

    /// How far `actual` has come from `baseline` towards `target`, in hundredths of a percent,
    /// rounded half away from zero; nil when the target equals the baseline.
    public static func progressBasisPoints(baseline: DecimalValue, target: DecimalValue, actual: DecimalValue) -> Int? {
        let scale = max(baseline.scale, target.scale, actual.scale)
        guard let base = baseline.mantissa(atScale: scale), let goal = target.mantissa(atScale: scale),
            let now = actual.mantissa(atScale: scale), goal != base
        else { return nil }
        return Ratio.basisPoints(now - base, of: goal - base)
    }

    public init(from decoder: any Decoder) throws {
        try self.init(parsing: decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Integer ratios: delivery rates and progress in hundredths of a percent, never through `Double`.
public enum Ratio {
    /// `part / whole` in basis points (10,000 = 100 %), rounded half away from zero; nil when
    /// `whole` is zero. Exact for any Int64 operands (the product is taken in 128 bits).
    public static func basisPoints(_ part: Int64, of whole: Int64) -> Int? {
        guard whole != 0 else { return nil }
        let negative = (part < 0) != (whole < 0)
        let numerator = part.magnitude.multipliedFullWidth(by: 10_000)
        let divisor = whole.magnitude
        guard numerator.high < divisor else { return negative ? Int.min : Int.max }
        let (quotient, remainder) = divisor.dividingFullWidth(numerator)
        // Half away from zero: round up when the remainder is at least half the divisor.
        let rounded = remainder >= divisor - remainder ? quotient + 1 : quotient
        let magnitude = Int(clamping: rounded)
        return negative ? -magnitude : magnitude
    }

    /// Basis points as a percentage with two decimals: `8750` → `87.50%`.
    public static func percentText(_ basisPoints: Int?) -> String {
        guard let basisPoints else { return "–" }
        let negative = basisPoints < 0
        let magnitude = basisPoints.magnitude
        let hundredths = magnitude % 100
        let text = "\(magnitude / 100).\(hundredths < 10 ? "0" : "")\(hundredths)%"
        return negative ? "-" + text : text
    }
}
