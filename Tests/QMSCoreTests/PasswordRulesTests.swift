import QMSCore
import Testing

@Suite("Password rules after NIST SP 800-63B: length, blocklist, context, no composition")
struct PasswordRulesTests {
    let rules = PasswordRules(blocklist: ["password", "qwertyuiop", "dragon", "Monkey"])
    let context = PasswordRules.contextWords(
        username: "omar", organisationNames: ["Independent Election Commission", "الهيئة المستقلة للانتخاب", "IEC"])

    @Test("the length counts code points: 14 are refused, 15 accepted, 129 refused, Arabic counts per letter")
    func length() throws {
        #expect(throws: PasswordError.tooShort(minimum: 15, length: 14)) {
            try rules.check("river-falc-pot", contextWords: context)
        }
        try rules.check("river-falcon-po", contextWords: context)
        let long = String(repeating: "river-falcon-pottery ", count: 7).prefix(129)
        #expect(throws: PasswordError.tooLong(maximum: 128, length: 129)) {
            try rules.check(String(long), contextWords: context)
        }
        // Fifteen Arabic letters are thirty bytes of UTF-8 but fifteen characters.
        try rules.check("زيتون بحر وجبال", contextWords: context)
        #expect(throws: PasswordError.tooShort(minimum: 15, length: 14)) {
            try rules.check("زيتون بحر جبال", contextWords: context)
        }
    }

    @Test("no composition rule: lowercase letters alone, digits alone, spaces and symbols are all accepted")
    func noComposition() throws {
        try rules.check("correct horse battery staple", contextWords: context)
        try rules.check("830194726501938", contextWords: context)
        try rules.check("☀️ 海 🌊 سماء نجم قمر", contextWords: context)
    }

    @Test("a blocklisted password is refused as it is, in capitals, or with digits and symbols added")
    func blocklist() {
        for password in ["QWERTYUIOP12345", "password-2026-!!", "Pass word 123456", "monkey.2026.2026"] {
            #expect(throws: PasswordError.common, "\(password)") { try rules.check(password, contextWords: context) }
        }
        #expect(rules.blocklist.contains("monkey"), "entries are lowercased")
    }

    @Test("a password built on the username, the organisation or election words is refused; with more, accepted")
    func contextual() throws {
        for password in [
            "omar-omar-2026!!", "Election-Commission-1", "IEC-commission-2026", "omar-password-2026",
            "eqms-omar-1234567",
            "الانتخاب 2026 omar",
        ] {
            #expect(throws: PasswordError.contextual, "\(password)") {
                try rules.check(password, contextWords: context)
            }
        }
        try rules.check("omar-likes-river-falcons", contextWords: context)
        try rules.check("election-lantern-orchard", contextWords: context)
    }

    @Test("a repetition of fewer than five characters is refused")
    func repetitive() {
        #expect(throws: PasswordError.repetitive) { try rules.check("aaaaaaaaaaaaaaaa", contextWords: context) }
        #expect(throws: PasswordError.repetitive) { try rules.check("abcdabcdabcdabcd", contextWords: context) }
    }

    @Test("context words: the username, the organisation's names and their words, the fixed words; longest first")
    func contextWords() {
        #expect(context.contains("omar"))
        #expect(context.contains("independent election commission"))
        #expect(context.contains("iec"))
        #expect(context.contains("للانتخاب"))
        #expect(context.contains("eqms"))
        #expect(context.first == "independent election commission")
        #expect(!PasswordRules.contextWords(username: "al", organisationNames: []).contains("al"))
    }

    @Test("every refusal names the password field and says how to fix it")
    func errors() {
        let errors: [PasswordError] = [
            .tooShort(minimum: 15, length: 3), .tooLong(maximum: 128, length: 200), .common, .contextual, .repetitive,
        ]
        for error in errors {
            #expect(error.field == "password")
            #expect(error.kind == .invalid)
            #expect(error.fix != nil)
            #expect(error.code.hasPrefix("password."))
        }
        #expect(PasswordError.tooShort(minimum: 15, length: 3).fix == .advice(.longerPassword(minimum: 15)))
    }
}
