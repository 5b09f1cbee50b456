import QMSCore

/// A CLDR plural category.
public enum PluralCategory: String, Sendable, Hashable, CaseIterable {
    case zero, one, two, few, many, other
}

/// CLDR's cardinal plural rules for the system's languages, written from CLDR's rule text
/// (`plurals.xml`, CLDR 46) for integer counts, the only counts the messages take:
///
/// - en: one: `i = 1 and v = 0`; other.
/// - fr: one: `i = 0,1`; many: `e = 0 and i != 0 and i % 1000000 = 0 and v = 0 or e != 0..5`;
///   other. For an integer `e` is 0, so "many" is every non-zero multiple of a million
///   ("1 000 000 de votants").
/// - es: one: `n = 1`; many: the same million rule as French; other.
/// - ar: zero: `n = 0`; one: `n = 1`; two: `n = 2`; few: `n % 100 = 3..10`;
///   many: `n % 100 = 11..99`; other.
///
/// Negative counts take the rule of their absolute value, as CLDR's `n` and `i` do.
public enum PluralRules {
    /// The category of `count` in `language`.
    public static func category(of count: Int, in language: Language) -> PluralCategory {
        let n = count.magnitude
        switch language {
        case .english:
            return n == 1 ? .one : .other
        case .french:
            if n == 0 || n == 1 { return .one }
            return n % 1_000_000 == 0 ? .many : .other
        case .spanish:
            if n == 1 { return .one }
            return n != 0 && n % 1_000_000 == 0 ? .many : .other
        case .arabic:
            switch n {
            case 0: return .zero
            case 1: return .one
            case 2: return .two
            default:
                let rest = n % 100
                if (3...10).contains(rest) { return .few }
                if (11...99).contains(rest) { return .many }
                return .other
            }
        }
    }

    /// The categories of `language`, in the order its gettext `Plural-Forms` header numbers them.
    public static func order(for language: Language) -> [PluralCategory] {
        switch language {
        case .english: return [.one, .other]
        case .french, .spanish: return [.one, .many, .other]
        case .arabic: return [.zero, .one, .two, .few, .many, .other]
        }
    }

    /// The `Plural-Forms` header each catalogue carries, whose formula gives the same index as
    /// ``index(of:in:)`` (checked by the tests against `msgfmt`'s own reading).
    public static func header(for language: Language) -> String {
        switch language {
        case .english: return "nplurals=2; plural=(n != 1);"
        case .french:
            return "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"
        case .spanish:
            return "nplurals=3; plural=n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"
        case .arabic:
            return
                "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
        }
    }

    /// The `msgstr[N]` index of `count` in `language`.
    public static func index(of count: Int, in language: Language) -> Int {
        let category = category(of: count, in: language)
        return order(for: language).firstIndex(of: category) ?? 0
    }
}
