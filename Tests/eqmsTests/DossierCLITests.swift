import Foundation
import Testing

/// What `eqms dossier export --json` and `eqms dossier verify --json` print, as far as read here.
private enum Printed {
    struct Export: Decodable {
        var path: String
        var container: String
        var files: Int
        var evidenceFiles: Int
        var fingerprint: String
        var manifestSHA256: String
    }

    struct Problem: Decodable {
        var kind: String
        var path: String
    }

    struct Verification: Decodable {
        var signatureValid: Bool
        var problems: [Problem]
    }
}

@Suite("eqms dossier and eqms keys, through the real binary")
struct DossierCLITests {
    /// A database with an organisation and one document with a file, and a key pair.
    private func prepared() throws -> CLI {
        let cli = try CLI()
        #expect(try cli.run(["init"]).status == 0)
        #expect(
            try cli.run([
                "organisation", "set", "--name", "Independent Election Commission", "--name-ar",
                "الهيئة المستقلة للانتخاب", "--short-name", "IEC", "--country", "JO",
            ]).status == 0)
        try Data("Quality policy of the commission.\n".utf8).write(to: cli.folder.appendingPathComponent("policy.txt"))
        let added = try cli.run([
            "evidence", "add", "--title", "Quality policy 2026", "--requirement", "iso-9001-2015:5.2.2", "--file",
            "policy.txt", "--effective", "2026-01-01",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        let keys = try cli.run(["keys", "generate", "--out", "."])
        #expect(keys.status == 0, "\(keys.stderr)")
        return cli
    }

    @Test("keys generate writes a private key only its owner can read, and never overwrites it")
    func keys() throws {
        let cli = try prepared()
        defer { cli.remove() }
        let key = cli.folder.appendingPathComponent("dossier-signing.key")
        let mode = (try FileManager.default.attributesOfItem(atPath: key.path)[.posixPermissions] as? NSNumber)?
            .intValue
        #expect(mode == 0o600)
        #expect(
            try String(contentsOf: cli.folder.appendingPathComponent("dossier-signing.pub"), encoding: .utf8)
                .hasPrefix("-----BEGIN PUBLIC KEY-----"))
        let again = try cli.run(["keys", "generate", "--out", "."])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already exists"))
    }

    @Test("export writes a folder and a ZIP that verify, and a changed byte is named with exit 1")
    func exportAndVerify() throws {
        let cli = try prepared()
        defer { cli.remove() }
        let today = ISO8601DateFormatter().string(from: Date()).prefix(10)
        let exported = try cli.json(
            Printed.Export.self,
            [
                "dossier", "export", "--standard", "iso-9001-2015", "--as-of", String(today), "--out", "dossier",
                "--key", "dossier-signing.key",
            ])
        #expect(exported.container == "folder")
        #expect(exported.evidenceFiles == 1)
        let clean = try cli.run(["dossier", "verify", "dossier", "--key", "dossier-signing.pub"])
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect(clean.stdout.contains("✓ The dossier is as signed"))

        let page = cli.folder.appendingPathComponent("dossier/en/index.html")
        var bytes = try Data(contentsOf: page)
        bytes[bytes.count / 2] ^= 0x20
        try bytes.write(to: page)
        let tampered = try cli.run(["dossier", "verify", "dossier", "--key", "dossier-signing.pub"])
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("✗ altered en/index.html"))
        let report = try JSONDecoder().decode(
            Printed.Verification.self,
            from: Data(try cli.run(["dossier", "verify", "dossier", "--json"]).stdout.utf8))
        #expect(report.signatureValid)
        #expect(report.problems.map(\.path) == ["en/index.html"])

        // The same day and key as a ZIP: the same manifest, so the same SHA-256.
        let zipped = try cli.json(
            Printed.Export.self,
            [
                "dossier", "export", "--standard", "iso-9001-2015", "--as-of", String(today), "--out", "dossier.zip",
                "--key", "dossier-signing.key",
            ])
        #expect(zipped.container == "zip")
        #expect(zipped.manifestSHA256 == exported.manifestSHA256)
        #expect(try cli.run(["dossier", "verify", "dossier.zip", "--key", "dossier-signing.pub"]).status == 0)
    }

    @Test(
        "export needs a key, a standard and an output that does not exist; --pdf without Chromium says how to install it"
    )
    func refusals() throws {
        var cli = try prepared()
        defer { cli.remove() }
        let noKey = try cli.run([
            "dossier", "export", "--standard", "iso-9001-2015", "--as-of", "2026-06-30", "--out", "d",
        ])
        #expect(noKey.status == 1)
        #expect(noKey.stderr.contains("eqms keys generate"))
        let noStandard = try cli.run([
            "dossier", "export", "--as-of", "2026-06-30", "--out", "d", "--key", "dossier-signing.key",
        ])
        #expect(noStandard.status == 2)
        let badDate = try cli.run([
            "dossier", "export", "--standard", "iso-9001-2015", "--as-of", "30/06/2026", "--out", "d", "--key",
            "dossier-signing.key",
        ])
        #expect(badDate.status == 2)
        cli.environment["EQMS_DOSSIER_KEY"] = cli.folder.appendingPathComponent("dossier-signing.key").path
        #expect(
            try cli.run(["dossier", "export", "--standard", "iso-9001-2015", "--as-of", "2026-06-30", "--out", "d"])
                .status == 0)
        let again = try cli.run([
            "dossier", "export", "--standard", "iso-9001-2015", "--as-of", "2026-06-30", "--out", "d",
        ])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already exists"))
        // A PATH without Chromium: the message says how to install it, and nothing is written.
        cli.environment["PATH"] = "/nonexistent"
        let pdf = try cli.run([
            "dossier", "export", "--standard", "iso-9001-2015", "--as-of", "2026-06-30", "--out", "p", "--pdf",
        ])
        #expect(pdf.status == 1)
        #expect(pdf.stderr.contains("apt-get install chromium"))
        #expect(!FileManager.default.fileExists(atPath: cli.folder.appendingPathComponent("p").path))
        let missing = try cli.run(["dossier", "verify", "nowhere"])
        #expect(missing.status == 1)
    }
}
