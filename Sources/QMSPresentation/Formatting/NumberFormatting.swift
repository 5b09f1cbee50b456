import Foundation
import QMSCore

/// Numbers, percentages, amounts of money, dates and times written as the locale's CLDR data
/// says (digits, separators, signs, directional marks), through Foundation's formatters.
///
/// Identifiers, hashes and clause numbers are not numbers in this sense: they are shown as they
/// are, in Latin digits, and never pass through here.
public struct NumberFormatting: Sendable {
    /// The locale in effect.
    public let locale: PresentationLocale

    /// The formatting of `locale`.
    public init(_ locale: PresentationLocale) { self.locale = locale }

    /// A whole number with the locale's digits and grouping: `1,234`, `١٬٢٣٤`, `1 234`.
    public func integer<Number: BinaryInteger>(_ value: Number) -> String {
        FormatterCache.shared.number(locale.identifier, style: .decimal, fraction: 0...0) {
            $0.string(from: NSNumber(value: Int64(value)))
        } ?? String(value)
    }

    /// A decimal number with at most `fraction` digits after the separator.
    public func decimal(_ value: Double, fraction: ClosedRange<Int> = 0...2) -> String {
        FormatterCache.shared.number(locale.identifier, style: .decimal, fraction: fraction) {
            $0.string(from: NSNumber(value: value))
        } ?? String(value)
    }

    /// A percentage given out of 100 (`97.02` → `97%`, `97.0%` or `٩٧٪`), with one decimal at most.
    public func percent(_ value: Double) -> String {
        FormatterCache.shared.number(locale.identifier, style: .percent, fraction: 0...1) {
            $0.string(from: NSNumber(value: value / 100))
        } ?? String(value) + "%"
    }

    /// A ratio kept in basis points, as the locale writes a percentage, exact to two decimals:
    /// `55.33%`, `55,33 %`, `٥٥٫٣٣٪`; a dash when there is none (nothing planned).
    public func percent(basisPoints: Int?) -> String {
        guard let basisPoints else { return "–" }
        let value = Decimal(basisPoints) / Decimal(10_000)
        return FormatterCache.shared.number(locale.identifier, style: .percent, fraction: 2...2) {
            $0.string(from: value as NSDecimalNumber)
        } ?? digits(Ratio.percentText(basisPoints))
    }

    /// A KPI value with its period: the value in the locale's digits, the period (`2018-Q4`) as
    /// written, since it is an identifier ("Q٤" would be neither Arabic nor the plan's).
    public func periodValue(_ value: KPIValue) -> String { "\(digits(value.value.description)) (\(value.period))" }

    /// A delivery line's rate and, when more was spent than planned, the overspend with its
    /// amount: a bare rate above 100 % does not say how much. A dash for no line.
    public func delivery(_ line: DeliveryLine?) -> String {
        let rate = Bidi.isolate(percent(basisPoints: line?.deliveryBasisPoints))
        guard let over = line?.overspent else { return rate }
        return rate + " · " + Messages.shared.text("plans_overspent_by", locale.language, ["amount": money(over)])
    }

    /// An amount with its ISO 4217 code where the locale puts it: `USD 480,000.00`,
    /// `JOD ١٬٢٣٤٫٥٠٠`. The code, not a symbol: "$" is the dollar of several countries the users
    /// work with. Minor units are exact (integers turned into a `Decimal`), never a binary `Double`.
    public func money(_ value: Money) -> String {
        let digits = value.currency.minorUnitDigits
        let amount = Decimal(value.minorUnits) / pow(Decimal(10), digits)
        return FormatterCache.shared.number(
            locale.identifier, style: .currencyISOCode, fraction: digits...digits, currency: value.currency.code
        ) { $0.string(from: amount as NSDecimalNumber) } ?? value.description
    }

    /// An amount without its currency, for a table whose heading names it: `1,234.500`.
    public func amount(_ value: Money) -> String {
        let digits = value.currency.minorUnitDigits
        let amount = Decimal(value.minorUnits) / pow(Decimal(10), digits)
        return FormatterCache.shared.number(locale.identifier, style: .decimal, fraction: digits...digits) {
            $0.string(from: amount as NSDecimalNumber)
        } ?? value.description
    }

    /// A year as it is read (`2018`, `٢٠١٨`): the locale's digits, never a grouping separator.
    public func year(_ value: Int) -> String { digits(String(value)) }

    /// A calendar day as year-month-day (`2026-11-23`) in the locale's digits: the order of ISO
    /// 8601 that auditors expect in every language, and that sorts in a table.
    public func date(_ value: CalendarDate?) -> String {
        guard let value else { return "" }
        return FormatterCache.shared.date(locale.identifier, pattern: "yyyy-MM-dd") {
            $0.string(from: Date(value))
        } ?? value.description
    }

    /// A calendar day in the locale's medium style (`23 Nov 2026`, `23 nov. 2026`).
    public func longDate(_ value: CalendarDate?) -> String {
        guard let value else { return "" }
        return FormatterCache.shared.date(locale.identifier, pattern: nil) { $0.string(from: Date(value)) }
            ?? value.description
    }

    /// An instant as its day and time in the locale's time zone, with the zone's offset so that
    /// a reader comparing with a colleague abroad knows which clock it is: `2026-11-23 14:05 UTC`,
    /// `2026-11-23 17:05 UTC+3`, in the locale's digits.
    public func time(_ value: Instant?) -> String {
        guard let value else { return "" }
        let date = Date(timeIntervalSince1970: value.secondsSince1970)
        let zone = TimeZone(identifier: locale.timeZone) ?? .gmt
        let text = FormatterCache.shared.date(locale.identifier, pattern: "yyyy-MM-dd HH:mm", timeZone: zone) {
            $0.string(from: date)
        }
        guard let text else { return value.description }
        let offset = offset(of: zone, at: date)
        guard locale.language.isRightToLeft else { return text + " " + offset }
        // In a right-to-left sentence the day, then the time, read from the right as Arabic readers
        // read them; the offset is isolated left to right, or "+3" drifts before "UTC".
        return "\u{2067}" + text + " \u{2066}" + offset + "\u{2069}\u{2069}"
    }

    /// A time zone as a list names it: its IANA name and its offset now, `Asia/Amman · UTC+3`.
    public func timeZoneLabel(_ name: String) -> String {
        guard let zone = TimeZone(identifier: name) else { return name }
        let offset = offset(of: zone, at: Date())
        let label = name == "UTC" || offset == name ? name : name + " · " + offset
        return locale.language.isRightToLeft ? Bidi.isolate(label) : label
    }

    /// A zone's offset from UTC at `date`, as a clock reads it: `UTC`, `UTC+3`, `UTC+5:30`, `UTC-4`.
    func offset(of zone: TimeZone, at date: Date) -> String {
        let seconds = zone.secondsFromGMT(for: date)
        guard seconds != 0 else { return "UTC" }
        let minutes = abs(seconds) / 60
        let hours = String(minutes / 60) + (minutes % 60 == 0 ? "" : ":" + String(format: "%02d", minutes % 60))
        return "UTC" + (seconds < 0 ? "-" : "+") + digits(hours)
    }

    /// Text already written with ASCII digits (an amount, a ratio such as `3 × 4 = 12`, an
    /// instant) with each digit in the locale's numbering system, as the locale's own formatter
    /// writes 0 to 9. Never for identifiers, hashes or clause numbers.
    public func digits(_ text: String) -> String {
        let own = FormatterCache.shared.digits(locale.identifier)
        guard own != FormatterCache.latinDigits else { return text }
        return String(
            text.map { character in
                guard character.isASCII, let value = character.wholeNumberValue else { return character }
                return own[value]
            })
    }

    /// A size for people: `512 B`, `3.4 MiB`, with the locale's digits (the units are symbols).
    public func bytes(_ value: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var amount = Double(value)
        var unit = 0
        while amount >= 1024, unit < units.count - 1 {
            amount /= 1024
            unit += 1
        }
        let number = unit == 0 ? integer(value) : decimal(amount, fraction: 0...1)
        return number + " " + units[unit]
    }
}

extension Date {
    /// Midnight UTC of a calendar day.
    init(_ day: CalendarDate) {
        self.init(timeIntervalSince1970: Double(day.daysSinceEpoch) * 86_400)
    }
}

/// Foundation's formatters are costly to create (each opens ICU data) and not safe to share
/// between threads: one per locale and style, used under a lock.
final class FormatterCache: @unchecked Sendable {
    static let shared = FormatterCache()

    private let lock = NSLock()
    private var numbers: [String: NumberFormatter] = [:]
    private var dates: [String: DateFormatter] = [:]

    func number(
        _ identifier: String, style: NumberFormatter.Style, fraction: ClosedRange<Int>, currency: String? = nil,
        _ body: (NumberFormatter) -> String?
    ) -> String? {
        let key = "\(identifier)|\(style.rawValue)|\(fraction)|\(currency ?? "")"
        return using(\.numbers, key, body) {
            let formatter = NumberFormatter()
            formatter.locale = Locale(identifier: identifier)
            formatter.numberStyle = style
            if let currency { formatter.currencyCode = currency }
            formatter.minimumFractionDigits = fraction.lowerBound
            formatter.maximumFractionDigits = fraction.upperBound
            return formatter
        }
    }

    func date(
        _ identifier: String, pattern: String?, timeZone: TimeZone = .gmt, _ body: (DateFormatter) -> String?
    ) -> String? {
        using(\.dates, "\(identifier)|\(pattern ?? "medium")|\(timeZone.identifier)", body) {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: identifier)
            formatter.timeZone = timeZone
            formatter.calendar = Calendar(identifier: .gregorian)
            if let pattern { formatter.dateFormat = pattern } else { formatter.dateStyle = .medium }
            return formatter
        }
    }

    /// Runs `body` with the formatter cached under `key` (made once by `make`), under the lock.
    private func using<Formatter>(
        _ store: ReferenceWritableKeyPath<FormatterCache, [String: Formatter]>, _ key: String,
        _ body: (Formatter) -> String?, make: () -> Formatter
    ) -> String? {
        lock.lock()
        defer { lock.unlock() }
        if let cached = self[keyPath: store][key] { return body(cached) }
        let formatter = make()
        self[keyPath: store][key] = formatter
        return body(formatter)
    }

    static let latinDigits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]
    private var digitSets: [String: [Character]] = [:]

    /// The ten digits of a locale's default numbering system, as its formatter writes them.
    func digits(_ identifier: String) -> [Character] {
        lock.lock()
        defer { lock.unlock() }
        if let cached = digitSets[identifier] { return cached }
        let formatter = NumberFormatter()
        formatter.locale = Locale(identifier: identifier)
        formatter.numberStyle = .none
        formatter.usesGroupingSeparator = false
        var set: [Character] = []
        for value in 0...9 {
            // A digit is one character in every numbering system CLDR lists; marks are dropped.
            let text = formatter.string(from: NSNumber(value: value)).map(Bidi.stripped) ?? ""
            set.append(text.count == 1 ? text.first ?? Self.latinDigits[value] : Self.latinDigits[value])
        }
        digitSets[identifier] = set
        return set
    }
}
