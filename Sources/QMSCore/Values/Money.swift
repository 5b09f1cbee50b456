/// An ISO 4217 currency code with the number of digits of its minor unit.
public struct CurrencyCode: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Three uppercase letters: USD, EUR, JOD, LYD.
    public let code: String

    /// Validates and creates a code.
    public init(_ code: String) throws(DomainError) {
        let upper = code.uppercased()
        guard upper.count == 3, upper.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
            throw .invalidValue(field: "currency", value: code, expected: .currencyCode)
        }
        self.code = upper
    }

    /// Digits after the decimal point (ISO 4217): 3 for the dinars of Jordan, Libya, Kuwait,
    /// Bahrain, Iraq, Tunisia and Oman's rial, 0 for the yen and a few others, 2 otherwise.
    public var minorUnitDigits: Int {
        switch code {
        case "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND": return 3
        case "JPY", "KRW", "CLP", "ISK", "VND", "XAF", "XOF", "UGX", "RWF", "DJF", "GNF", "KMF", "PYG", "VUV", "XPF":
            return 0
        default: return 2
        }
    }

    public var description: String { code }

    public init(from decoder: any Decoder) throws {
        try self.init(decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}

/// An amount of money: an integer count of minor units and a currency. Never a floating-point number.
public struct Money: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The amount in the currency's minor unit (cents for USD, fils for JOD).
    public var minorUnits: Int64
    public var currency: CurrencyCode

    /// Creates an amount from minor units.
    public init(minorUnits: Int64, currency: CurrencyCode) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Parses a decimal amount such as `1234.50`, `-12`, or `480,000.00` (thousands separators
    /// allowed), exactly, refusing more decimals than the currency has.
    public init(parsing text: String, currency: CurrencyCode) throws(DomainError) {
        let digits = currency.minorUnitDigits
        let expected: Expectation =
            digits == 0
            ? .wholeAmount(currency: "\(currency)")
            : .decimalAmount(currency: "\(currency)", example: "1234.\(String(repeating: "5", count: digits))")
        var body = Substring(text.trimmingWhitespace())
        var negative = false
        if body.first == "-" {
            negative = true
            body = body.dropFirst()
        }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0].filter { $0 != "," }
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        guard !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit),
            fraction.count <= digits, parts.count == 1 || !fraction.isEmpty
        else {
            throw .invalidValue(field: "amount", value: text, expected: expected)
        }
        let padded = fraction + String(repeating: "0", count: digits - fraction.count)
        guard let units = Int64(whole + padded) else {
            throw .invalidValue(field: "amount", value: text, expected: .amountWithinLimit)
        }
        self.init(minorUnits: negative ? -units : units, currency: currency)
    }

    /// Zero in a currency.
    public static func zero(_ currency: CurrencyCode) -> Money { Money(minorUnits: 0, currency: currency) }

    /// The amount as a plain decimal, `1234.50`, for files and the JSON API.
    public var decimalString: String {
        let digits = currency.minorUnitDigits
        let magnitude = minorUnits.magnitude
        var text = String(magnitude)
        if digits > 0 {
            if text.count <= digits { text = String(repeating: "0", count: digits - text.count + 1) + text }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
        }
        return minorUnits < 0 ? "-" + text : text
    }

    /// `USD 1,234.50`: the amount with thousands grouped, for people.
    public var description: String {
        let plain = decimalString
        let negative = plain.hasPrefix("-")
        let unsigned = negative ? String(plain.dropFirst()) : plain
        let parts = unsigned.split(separator: ".", maxSplits: 1)
        var grouped = ""
        for (offset, character) in parts[0].reversed().enumerated() {
            if offset > 0 && offset % 3 == 0 { grouped.insert(",", at: grouped.startIndex) }
            grouped.insert(character, at: grouped.startIndex)
        }
        let amount = parts.count > 1 ? grouped + "." + parts[1] : grouped
        return "\(currency) \(negative ? "-" : "")\(amount)"
    }

    /// The sum of two amounts of the same currency; a currency mismatch or an overflow is an error.
    public func adding(_ other: Money) throws(DomainError) -> Money {
        guard other.currency == currency else {
            throw .ruleViolated(
                .cannotAddCurrencies, ["other": "\(other.currency)", "currency": "\(currency)"],
                fix: .advice(.budgetInOneCurrency))
        }
        let (sum, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        guard !overflow else { throw .ruleViolated(.amountTooLarge, fix: nil) }
        return Money(minorUnits: sum, currency: currency)
    }
}

extension Character {
    /// Whether this is one of the ASCII digits 0–9 (not any Unicode digit).
    public var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
