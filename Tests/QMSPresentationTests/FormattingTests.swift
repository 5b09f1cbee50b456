import QMSCore
import Testing

@testable import QMSPresentation

@Suite("Locale-aware formatting")
struct FormattingTests {
    let jordan = NumberFormatting(PresentationLocale(.arabic, organisation: "ar-JO"))
    let libya = NumberFormatting(PresentationLocale(.arabic, organisation: "ar-LY"))
    let plainArabic = NumberFormatting(PresentationLocale(.arabic))

    @Test("ar-JO writes Arabic-Indic digits, ar-LY and plain ar Western digits, all from CLDR")
    func digits() {
        #expect(Bidi.stripped(jordan.integer(1234)) == "١٬٢٣٤")
        #expect(Bidi.stripped(libya.integer(1234)).allSatisfy { $0.isASCII })
        #expect(Bidi.stripped(plainArabic.integer(1234)) == "1,234")
        #expect(jordan.digits("2026-11-23") == "٢٠٢٦-١١-٢٣")
        #expect(libya.digits("2026-11-23") == "2026-11-23")
    }

    @Test("the organisation's locale applies only to pages in its language")
    func localeChoice() {
        #expect(PresentationLocale(.arabic, organisation: "ar-JO").identifier == "ar-JO")
        #expect(PresentationLocale(.french, organisation: "ar-JO").identifier == "fr")
        #expect(PresentationLocale(.spanish, organisation: "es-MX").identifier == "es-MX")
        #expect(PresentationLocale(.english).identifier == "en")
    }

    @Test("times are shown in the reader's zone with its offset, in the locale's digits")
    func times() throws {
        // 2026-11-23 14:05 UTC.
        let instant = try Instant(parsing: "2026-11-23T14:05:00.000Z")
        #expect(NumberFormatting(PresentationLocale(.english)).time(instant) == "2026-11-23 14:05 UTC")
        let tripoli = NumberFormatting(PresentationLocale(.english, timeZone: "Africa/Tripoli"))
        #expect(tripoli.time(instant) == "2026-11-23 16:05 UTC+2")
        let kolkata = NumberFormatting(PresentationLocale(.arabic, organisation: "ar-JO", timeZone: "Asia/Kolkata"))
        #expect(Bidi.stripped(kolkata.time(instant)) == "٢٠٢٦-١١-٢٣ ١٩:٣٥ UTC+٥:٣٠")
        // The day changes with the zone: 14:05 UTC is already the next day in Kiritimati (UTC+14).
        let kiritimati = NumberFormatting(PresentationLocale(.french, timeZone: "Pacific/Kiritimati"))
        #expect(kiritimati.time(instant) == "2026-11-24 04:05 UTC+14")
        let lima = NumberFormatting(PresentationLocale(.spanish, timeZone: "America/Lima"))
        #expect(lima.time(instant) == "2026-11-23 09:05 UTC-5")
        #expect(PresentationLocale(.english, timeZone: "Mars/Olympus").timeZone == "UTC", "an unknown zone is UTC")
        #expect(tripoli.timeZoneLabel("Africa/Tripoli") == "Africa/Tripoli · UTC+2")
        #expect(tripoli.timeZoneLabel("UTC") == "UTC")
    }

    @Test("an exact ratio in basis points is written as each locale writes a percentage")
    func basisPoints() {
        #expect(NumberFormatting(PresentationLocale(.english)).percent(basisPoints: 5533) == "55.33%")
        let french = NumberFormatting(PresentationLocale(.french)).percent(basisPoints: 13046)
        #expect(french.hasPrefix("130,46") && french.hasSuffix("%") && french != "130,46%", "a space before %")
        #expect(Bidi.stripped(jordan.percent(basisPoints: 9702)).contains("٩٧٫٠٢"))
        #expect(NumberFormatting(PresentationLocale(.spanish)).percent(basisPoints: 5).hasPrefix("0,05"))
        #expect(libya.percent(basisPoints: nil) == "–", "nothing planned: no ratio")
    }

    @Test("percentages, dates and sizes follow the locale")
    func numbers() throws {
        #expect(NumberFormatting(PresentationLocale(.english)).percent(97.02) == "97%")
        #expect(NumberFormatting(PresentationLocale(.english)).percent(97.25) == "97.2%")
        #expect(Bidi.stripped(jordan.percent(50)) == "٥٠٪")
        let day = try CalendarDate(year: 2026, month: 11, day: 23)
        #expect(NumberFormatting(PresentationLocale(.english)).date(day) == "2026-11-23")
        #expect(jordan.date(day) == "٢٠٢٦-١١-٢٣")
        #expect(NumberFormatting(PresentationLocale(.french)).longDate(day).contains("nov"))
        #expect(NumberFormatting(PresentationLocale(.english)).bytes(3_565_158) == "3.4 MiB")
    }

    @Test("money is exact: minor units and the ISO 4217 code, in the locale's digits")
    func money() throws {
        let amount = Money(minorUnits: -910_000_500, currency: try CurrencyCode("JOD"))
        let english = NumberFormatting(PresentationLocale(.english)).money(amount)
        #expect(english.contains("910,000.500"), "\(english)")
        #expect(english.contains("-"))
        #expect(Bidi.stripped(jordan.money(amount)).contains("٩١٠٬٠٠٠٫٥٠٠"))
        let french = NumberFormatting(PresentationLocale(.french)).amount(
            Money(minorUnits: 123_456, currency: try CurrencyCode("EUR")))
        #expect(Bidi.stripped(french).filter { !$0.isWhitespace } == "1234,56")
    }

    @Test("identifiers keep Latin digits: nothing rewrites them unless asked")
    func identifiers() {
        let id = "EV-2026-0042"
        #expect(Bidi.isolate(id) == "\u{2068}EV-2026-0042\u{2069}")
        #expect(Bidi.stripped(Bidi.isolate(id)) == id)
    }

    @Test("a terminal column counts no directional mark or isolate")
    func width() {
        #expect(Bidi.displayWidth("\u{200E}-910,000\u{200F}") == 8)
        #expect(Bidi.displayWidth(Bidi.isolate("97%")) == 3)
        #expect(Bidi.displayWidth("\u{061C}٩٧٪") == 3)
    }
}
