import Foundation
import Testing

@Suite("eqms plan export --format iati, end to end", .serialized)
struct IATICLITests {
    @Test("writes IATI 2.03 activities that xmllint accepts; without an organisation reference, nothing")
    func export() throws {
        let cli = try CLI()
        defer { cli.remove() }
        #expect(try cli.run(["init"]).status == 0)
        let hnec = CLI.repository.appendingPathComponent("Plans/hnec-libya-2018-2019.xml").path
        #expect(try cli.run(["plan", "import", hnec]).status == 0)

        let file = cli.folder.appendingPathComponent("hnec-iati.xml")
        let written = try cli.run([
            "plan", "export", "hnec-2018", "--format", "iati", "--activity-per", "output", "--org-ref", "LY-HNEC",
            "--output", file.path,
        ])
        #expect(written.status == 0, "\(written.stderr)")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("<iati-identifier>LY-HNEC-hnec-2018-1</iati-identifier>"))
        #expect(text.contains("<sector vocabulary=\"1\" code=\"15151\"/>"))

        let schema = CLI.repository.appendingPathComponent("Standards/iati/2.03/iati-activities-schema.xsd")
        let xmllint = Process()
        xmllint.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
        xmllint.arguments = ["--noout", "--schema", schema.path, file.path]
        xmllint.standardError = FileHandle.nullDevice
        try xmllint.run()
        xmllint.waitUntilExit()
        #expect(xmllint.terminationStatus == 0)

        let missing = cli.folder.appendingPathComponent("missing.xml")
        let refused = try cli.run(["plan", "export", "hnec-2018", "--format", "iati", "--out", missing.path])
        #expect(refused.status != 0)
        #expect(
            refused.stderr.contains("hnec-2018") && refused.stderr.contains("reporting-org/@ref"), "\(refused.stderr)")
        #expect(refused.stderr.contains("give --org-ref, such as XM-DAC-41114"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: missing.path))
    }

    @Test("without --org-ref, the organisation's stored identifier, else $EQMS_IATI_ORG_REF")
    func storedReference() throws {
        var cli = try CLI()
        defer { cli.remove() }
        #expect(try cli.run(["init"]).status == 0)
        let hnec = CLI.repository.appendingPathComponent("Plans/hnec-libya-2018-2019.xml").path
        #expect(try cli.run(["plan", "import", hnec]).status == 0)
        cli.environment["EQMS_IATI_ORG_REF"] = "XM-ENV-7"

        func identifiers(_ extra: [String]) throws -> String {
            let file = cli.folder.appendingPathComponent("hnec-\(UUID().uuidString).xml")
            let written = try cli.run(
                ["plan", "export", "hnec-2018", "--format", "iati", "--out", file.path] + extra)
            #expect(written.status == 0, "\(written.stderr)")
            return try String(contentsOf: file, encoding: .utf8)
        }
        // Nothing stored: the environment's.
        #expect(try identifiers([]).contains("<iati-identifier>XM-ENV-7-hnec-2018</iati-identifier>"))

        let set = try cli.run([
            "organisation", "set", "--name", "High National Elections Commission", "--short-name", "HNEC",
            "--country", "LY", "--iati-ref", "LY-HNEC-1",
        ])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(try cli.run(["organisation", "show"]).stdout.contains("IATI identifier LY-HNEC-1"))
        let stored = try identifiers([])
        #expect(stored.contains("<iati-identifier>LY-HNEC-1-hnec-2018</iati-identifier>"))
        #expect(stored.contains("<reporting-org ref=\"LY-HNEC-1\""))
        #expect(!stored.contains("XM-ENV-7"))
        let given = try identifiers(["--org-ref", "XM-DAC-41114"])
        #expect(given.contains("<iati-identifier>XM-DAC-41114-hnec-2018</iati-identifier>"))
        #expect(!given.contains("LY-HNEC-1"))

        // An identifier IATI would refuse is refused when set, and the stored one stays.
        let refused = try cli.run([
            "organisation", "set", "--name", "HNEC", "--short-name", "HNEC", "--iati-ref", "LY HNEC/1",
        ])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("LY HNEC/1") && refused.stderr.contains("XM-DAC-41114"), "\(refused.stderr)")
        #expect(try cli.run(["organisation", "show"]).stdout.contains("IATI identifier LY-HNEC-1"))
        #expect(try cli.run(["verify"]).status == 0)
    }
}
