import QMSCore
import Testing

@Suite("Money is exact minor units, never floating point")
struct MoneyTests {
    @Test("decimal amounts parse exactly into minor units")
    func parses() throws {
        let usd = try CurrencyCode("usd")
        #expect(try Money(parsing: "1234.50", currency: usd).minorUnits == 123_450)
        #expect(try Money(parsing: "480,000", currency: usd).minorUnits == 48_000_000)
        #expect(try Money(parsing: "-0.05", currency: usd).minorUnits == -5)
        #expect(try Money(parsing: "0.1", currency: usd).minorUnits == 10)
    }

    @Test("the Jordanian and Libyan dinars have three decimals, the yen none")
    func minorUnitDigits() throws {
        #expect(try Money(parsing: "12.345", currency: CurrencyCode("JOD")).minorUnits == 12_345)
        #expect(try Money(parsing: "1", currency: CurrencyCode("LYD")).minorUnits == 1000)
        #expect(throws: DomainError.self) { try Money(parsing: "1.5", currency: CurrencyCode("JPY")) }
    }

    @Test(
        "more decimals than the currency has, or stray characters, are refused",
        arguments: ["1.234", "12a", "", "1.", "--1", "1.2.3"])
    func refuses(_ text: String) throws {
        let usd = try CurrencyCode("USD")
        #expect(throws: DomainError.self) { try Money(parsing: text, currency: usd) }
    }

    @Test("amounts print with grouping for people and plainly for files")
    func formats() throws {
        let amount = try Money(parsing: "1200000", currency: CurrencyCode("USD"))
        #expect(amount.description == "USD 1,200,000.00")
        #expect(amount.decimalString == "1200000.00")
        #expect(Money(minorUnits: -5, currency: try CurrencyCode("USD")).decimalString == "-0.05")
        #expect(Money(minorUnits: 7, currency: try CurrencyCode("JOD")).decimalString == "0.007")
    }

    @Test("adding different currencies is an error, never a silent conversion")
    func addsSameCurrencyOnly() throws {
        let dollars = Money(minorUnits: 100, currency: try CurrencyCode("USD"))
        let euros = Money(minorUnits: 100, currency: try CurrencyCode("EUR"))
        #expect(try dollars.adding(dollars).minorUnits == 200)
        #expect(throws: DomainError.self) { try dollars.adding(euros) }
        let huge = Money(minorUnits: .max, currency: try CurrencyCode("USD"))
        #expect(throws: DomainError.self) { try huge.adding(dollars) }
    }
}
