import Foundation
import QMSCore
import QMSStore
import TestSupport
import Testing

@testable import QMSServices

@Suite("Services: the password rules on every path that sets a password")
struct PasswordRulesServiceTests {
    @Test("the shipped blocklist is loaded whole, and holds the passwords guessers try first")
    func blocklistShipped() {
        #expect(AccessService.blocklistSize > 19_000)
        for common in ["123456", "password", "qwerty", "iloveyou", "admin"] {
            #expect(AccessService.rules.blocklist.contains(common), "\(common)")
        }
    }

    @Test("a refused password is not set, and a refused password on a new user adds no user")
    func refusedOnEveryPath() async throws {
        let folder = try TemporaryFolder()
        let qms = try await initialisedQMS(in: folder, actor: "setup")
        try await qms.organisation.set(
            try Organisation(name: LocalizedText(en: "High National Elections Commission"), shortName: "HNEC"))
        await #expect(throws: PasswordError.contextual) {
            try await qms.users.add(try User(username: "nour", role: .viewer), password: "HNEC-nour-2026!!")
        }
        #expect(try await qms.users.list().contains { $0.username == "nour" } == false)
        try await qms.users.add(try User(username: "nour", role: .viewer), password: "amber-quartz-orchard")
        #expect(
            try await qms.access.authenticate(username: "nour", password: "amber-quartz-orchard").username == "nour")
        await #expect(throws: PasswordError.tooShort(minimum: 15, length: 5)) {
            try await qms.access.resetPassword(for: "nour", to: "short")
        }
        await #expect(throws: PasswordError.common) {
            try await qms.access.setPassword("iloveyou-1234567", for: "nour")
        }
        // Nothing refused was set: the first password still opens the account.
        #expect(try await qms.access.authenticate(username: "nour", password: "amber-quartz-orchard").active)
        // A generated password meets the rules it is set under.
        let generated = try await qms.access.resetPassword(for: "nour", to: nil)
        #expect(try await qms.access.authenticate(username: "nour", password: generated).username == "nour")
        try await qms.store.close()
    }

    @Test("passwords are normalised (NFKC): the same characters composed otherwise open the account")
    func normalisation() async throws {
        let folder = try TemporaryFolder()
        let qms = try await initialisedQMS(in: folder, actor: "setup")
        try await qms.users.add(try User(username: "leila", role: .viewer))
        // "é" precomposed, the "ﬁ" ligature and full-width digits when set …
        try await qms.access.setPassword("café ﬁlm ２０２６ orchard", for: "leila")
        // … "e" + combining acute, "fi" and ASCII digits when typed.
        let typed = "cafe\u{301} film 2026 orchard"
        #expect(try await qms.access.authenticate(username: "leila", password: typed).username == "leila")
        await #expect(throws: AccessError.invalidCredentials) {
            try await qms.access.authenticate(username: "leila", password: "cafe film 2026 orchard")
        }
        try await qms.store.close()
    }

    @Test("every character counts: two long Arabic passwords that differ only past bcrypt's 72 bytes differ")
    func noTruncation() async throws {
        let folder = try TemporaryFolder()
        let qms = try await initialisedQMS(in: folder, actor: "setup")
        try await qms.users.add(try User(username: "salem", role: .viewer))
        let stem = String(repeating: "زيتون ", count: 8)  // 48 characters, 88 bytes of UTF-8
        #expect(stem.utf8.count > 72)
        try await qms.access.setPassword(stem + "بحر", for: "salem")
        #expect(try await qms.access.authenticate(username: "salem", password: stem + "بحر").username == "salem")
        await #expect(throws: AccessError.invalidCredentials) {
            try await qms.access.authenticate(username: "salem", password: stem + "جبل")
        }
        try await qms.store.close()
    }

    @Test("a password set before the rules (plain bcrypt of the text as typed) still opens its account")
    func existingPasswordsKeepWorking() async throws {
        let folder = try TemporaryFolder()
        let qms = try await initialisedQMS(in: folder, actor: "setup")
        try await qms.users.add(try User(username: "old", role: .viewer))
        let legacy = AccessService.hashAsBeforeTheRules("short-1234")
        try await qms.store.writing(actor: "setup", at: qms.now()) { writer in
            try writer.setPasswordHash(legacy, for: "old")
        }
        #expect(try await qms.access.authenticate(username: "old", password: "short-1234").username == "old")
        await #expect(throws: AccessError.invalidCredentials) {
            try await qms.access.authenticate(username: "old", password: "short-12345")
        }
        try await qms.store.close()
    }

    @Test("the demo accounts' passwords meet the rules: seeding sets them through the same check")
    func demoPasswords() async throws {
        let folder = try TemporaryFolder()
        let qms = try await initialisedQMS(in: folder, actor: "setup")
        try await DemoService.seed(qms)
        for account in DemoService.accounts {
            let user = try await qms.access.authenticate(username: account.username, password: account.password)
            #expect(user.username == account.username)
            try await qms.access.checkPassword(account.password, for: account.username)
        }
        try await qms.store.close()
    }
}
