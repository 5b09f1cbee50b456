import QMSCore
import Testing

@Suite("Requirement keys and standard ids")
struct RequirementKeyTests {
    @Test("a key is parsed from STANDARD:NUMBER and printed back the same way")
    func parsesAndPrints() throws {
        let key = try RequirementKey(parsing: "iso-9001-2015:8.5.1")
        #expect(key.standard.rawValue == "iso-9001-2015")
        #expect(key.number == "8.5.1")
        #expect(key.description == "iso-9001-2015:8.5.1")
    }

    @Test(
        "malformed keys are refused with what was expected",
        arguments: ["iso-9001-2015", "ISO-9001:8.5", "iso-9001-2015:", "iso-9001-2015:8..5", "iso:8.5/1", ":8.5"])
    func refusesMalformed(_ text: String) {
        #expect(throws: DomainError.self) { try RequirementKey(parsing: text) }
    }

    @Test("electoral-process and amendment numbers are valid numbers")
    func acceptsSpecialNumbers() {
        #expect(RequirementKey.isValidNumber("EP-03"))
        #expect(RequirementKey.isValidNumber("4.1-A1"))
        #expect(!RequirementKey.isValidNumber("-4.1"))
        #expect(!RequirementKey.isValidNumber("4.1."))
    }

    @Test("clause numbers sort the way people read them: 8.10 after 8.9, 10 after 9")
    func sortsNumerically() throws {
        let numbers = ["10.1", "8.10", "8.9", "9", "4.1-A1", "4.1", "EP-01"]
        let keys = try numbers.map { try RequirementKey(standard: StandardID("s"), number: $0) }.sorted()
        #expect(keys.map(\.number) == ["4.1", "4.1-A1", "8.9", "8.10", "9", "10.1", "EP-01"])
    }

    @Test("a standard id is lowercase groups joined by hyphens")
    func standardIDs() {
        #expect(StandardID.isValid("iso-54001-2019"))
        #expect(!StandardID.isValid("ISO-54001"))
        #expect(!StandardID.isValid("iso--54001"))
        #expect(!StandardID.isValid("-iso"))
        #expect(!StandardID.isValid(""))
    }
}
