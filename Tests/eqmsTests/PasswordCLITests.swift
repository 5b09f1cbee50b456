import Foundation
import Testing

@Suite("CLI: the password rules on eqms user add and eqms user password")
struct PasswordCLITests {
    @Test("a refused password names the field and the fix, adds no user and sets nothing; a passphrase is set")
    func rules() throws {
        let cli = try CLI()
        defer { cli.remove() }
        #expect(try cli.run(["init"]).status == 0)
        let refused = try cli.run(
            ["user", "add", "hala", "--role", "viewer", "--password-stdin"], input: "hala-password-2026\n")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("built on the username"), "\(refused.stderr)")
        #expect(refused.stderr.contains("several unrelated words"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("hala-password-2026"), "the password is never echoed")
        #expect(try cli.run(["user", "list"]).stdout.contains("hala") == false, "no user without its password")

        let added = try cli.run(
            ["user", "add", "hala", "--role", "viewer", "--password-stdin"], input: "olive grove at dusk\n")
        #expect(added.status == 0, "\(added.stderr)")
        let short = try cli.run(["user", "password", "hala", "--password-stdin"], input: "too-short\n")
        #expect(short.status != 0)
        #expect(short.stderr.contains("the password has 9 characters; it needs at least 15"), "\(short.stderr)")
        let common = try cli.run(["user", "password", "hala", "--password-stdin"], input: "qwertyuiop-2026!\n")
        #expect(common.status != 0)
        #expect(common.stderr.contains("the password is a commonly used one"), "\(common.stderr)")
    }
}
