import QMSCore
import Testing

@testable import QMSPresentation

@Suite("CLDR plural rules")
struct PluralRulesTests {
    @Test(
        "Arabic has six forms: zero, one, two, few (3–10 mod 100), many (11–99 mod 100), other",
        arguments: [
            (0, PluralCategory.zero), (1, .one), (2, .two), (3, .few), (10, .few), (11, .many), (99, .many),
            (100, .other), (101, .other), (102, .other), (103, .few), (110, .few), (111, .many), (1000, .other),
            (-3, .few),
        ])
    func arabic(_ count: Int, _ category: PluralCategory) {
        #expect(PluralRules.category(of: count, in: .arabic) == category)
    }

    @Test(
        "French: one for 0 and 1, many for non-zero millions, other otherwise",
        arguments: [
            (0, PluralCategory.one), (1, .one), (2, .other), (17, .other), (1_000_000, .many), (2_000_000, .many),
            (1_000_001, .other),
        ])
    func french(_ count: Int, _ category: PluralCategory) {
        #expect(PluralRules.category(of: count, in: .french) == category)
    }

    @Test(
        "Spanish: one for 1 only, many for non-zero millions",
        arguments: [(0, PluralCategory.other), (1, .one), (2, .other), (1_000_000, .many), (5, .other)])
    func spanish(_ count: Int, _ category: PluralCategory) {
        #expect(PluralRules.category(of: count, in: .spanish) == category)
    }

    @Test("English: one for 1, other for the rest", arguments: [(0, PluralCategory.other), (1, .one), (2, .other)])
    func english(_ count: Int, _ category: PluralCategory) {
        #expect(PluralRules.category(of: count, in: .english) == category)
    }

    @Test("the msgstr index follows the order of each catalogue's Plural-Forms formula")
    func indices() {
        // What the gettext formulas of PluralRules.header give, computed by hand.
        func arabicFormula(_ n: Int) -> Int {
            n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n % 100 >= 3 && n % 100 <= 10 ? 3 : n % 100 >= 11 ? 4 : 5
        }
        func frenchFormula(_ n: Int) -> Int { (n == 0 || n == 1) ? 0 : n != 0 && n % 1_000_000 == 0 ? 1 : 2 }
        func spanishFormula(_ n: Int) -> Int { n == 1 ? 0 : n != 0 && n % 1_000_000 == 0 ? 1 : 2 }
        for n in Array(0...250) + [1000, 1_000_000, 3_000_000, 1_000_011] {
            #expect(PluralRules.index(of: n, in: .arabic) == arabicFormula(n), "ar \(n)")
            #expect(PluralRules.index(of: n, in: .french) == frenchFormula(n), "fr \(n)")
            #expect(PluralRules.index(of: n, in: .spanish) == spanishFormula(n), "es \(n)")
            #expect(PluralRules.index(of: n, in: .english) == (n != 1 ? 1 : 0), "en \(n)")
        }
    }

    @Test("a plural message picks the form of its count, and English when the language has none")
    func pluralMessage() throws {
        let messages = try Messages.load()
        #expect(messages.plural("days_count", count: 1, .english) == "1 day")
        #expect(messages.plural("days_count", count: 5, .english) == "5 days")
        #expect(messages.plural("days_count", count: 2, .arabic) == "يومان")
        #expect(messages.plural("days_count", count: 11, .arabic) == "11 يومًا")
        #expect(
            messages.plural("days_count", count: 4, .arabic, format: PresentationLocale(.arabic, organisation: "ar-JO"))
                == "٤ أيام")
    }
}
