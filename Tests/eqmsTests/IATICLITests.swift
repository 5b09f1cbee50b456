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
}
