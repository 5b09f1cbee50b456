import Foundation
import TestSupport
import Testing

/// The identity commands an administrator runs from a terminal: the second-factor policy and the
/// directory settings, the latter against the real slapd of the directory suites.
@Suite("CLI: eqms user factor-policy and eqms directory show|set|test", .serialized)
struct IdentityCLITests {
    @Test("the factor policy is shown, set per role with a grace period, refused out of range, and recorded")
    func factorPolicy() throws {
        let cli = try CLI()
        defer { cli.remove() }
        #expect(try cli.run(["init"]).status == 0)
        let shown = try cli.run(["user", "factor-policy", "--json"])
        #expect(shown.status == 0)
        let first = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
        #expect(first?["requiredRoles"] as? [String] == [])

        let set = try cli.run(
            ["user", "factor-policy", "--require", "admin", "--require", "quality-manager", "--grace-days", "7"])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("admin, quality-manager"))
        #expect(set.stdout.contains("7 day"))

        let tooLong = try cli.run(["user", "factor-policy", "--grace-days", "400"])
        #expect(tooLong.status != 0)
        #expect(tooLong.stderr.contains("0 to 365"), "\(tooLong.stderr)")
        let unknown = try cli.run(["user", "factor-policy", "--require", "boss"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("quality-manager"), "the roles are listed: \(unknown.stderr)")

        let kept = try cli.run(["user", "factor-policy", "--json"])
        let policy = try JSONSerialization.jsonObject(with: Data(kept.stdout.utf8)) as? [String: Any]
        #expect(policy?["requiredRoles"] as? [String] == ["admin", "quality-manager"], "refusals changed nothing")
        #expect(policy?["graceDays"] as? Int == 7)

        let log = try cli.run(["log", "--json"])
        let events = try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]] ?? []
        let changes = events.filter { $0["action"] as? String == "factor-policy.set" }
        #expect(changes.count == 1)
        #expect(changes.first?["actor"] as? String == "amal")
    }

    @Test("directory settings are checked, saved without showing the password, and tested against slapd")
    func directory() async throws {
        let server = try await SlapdServer.shared.value
        var cli = try CLI()
        defer { cli.remove() }
        #expect(try cli.run(["init"]).status == 0)
        #expect(try cli.run(["directory", "show"]).stdout.contains("No directory is set"))

        func set(uri: String, ca: String) throws -> CLI.Result {
            try cli.run([
                "directory", "set", "--ldap-uri", uri, "--ldap-ca-file", ca, "--ldap-base",
                "ou=people," + server.ready.base, "--ldap-group-base", "ou=groups," + server.ready.base,
                "--ldap-bind-dn", server.ready.serviceDN, "--ldap-group",
                "quality-manager=cn=quality,ou=groups," + server.ready.base, "--sync-minutes", "20",
            ])
        }
        cli.environment["EQMS_LDAP_BIND_PASSWORD"] = server.ready.servicePassword
        let notLDAP = try set(uri: "http://dc1.example", ca: server.ready.ca)
        #expect(notLDAP.status != 0)
        #expect(notLDAP.stderr.lowercased().contains("ldap"), "\(notLDAP.stderr)")
        #expect(try cli.run(["directory", "show"]).stdout.contains("No directory is set"), "nothing half-saved")

        // Saved with a CA that signed nothing the server shows: the test says so and fails.
        #expect(try set(uri: server.ready.ldaps, ca: server.ready.otherCA).status == 0)
        let untrusted = try cli.run(["directory", "test"])
        #expect(untrusted.status != 0)
        #expect(untrusted.stderr.contains("certificate is not trusted"), "\(untrusted.stderr)")

        // The right CA; the password kept from before when the variable is not set.
        cli.environment["EQMS_LDAP_BIND_PASSWORD"] = nil
        let saved = try set(uri: server.ready.ldaps, ca: server.ready.ca)
        #expect(saved.status == 0, "\(saved.stderr)")
        let tested = try cli.run(["directory", "test"])
        #expect(tested.status == 0, "\(tested.stderr)")
        #expect(tested.stdout.contains("accepted the service account"))

        let shown = try cli.run(["directory", "show", "--json"])
        #expect(!shown.stdout.contains(server.ready.servicePassword), "the password is never printed")
        let settings = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
        #expect(settings?["bindPasswordSet"] as? Bool == true)
        #expect(settings?["syncMinutes"] as? Int == 20)
        #expect(settings?["uri"] as? String == server.ready.ldaps)
        let table = try cli.run(["directory", "show"])
        #expect(table.stdout.contains("(set)") && !table.stdout.contains(server.ready.servicePassword))
    }
}
