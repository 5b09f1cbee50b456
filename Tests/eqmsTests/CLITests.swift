import Foundation
import QMSCore
import QMSFormats
import Testing

@Suite("The eqms command line, end to end", .serialized)
struct CLITests {
    struct Listed: Decodable {
        var id: String
        var status: String
        var nodes: Int
    }

    @Test("init, then the Arabic subtree of ISO 9001 clause 8.5")
    func initAndShowArabic() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let initialised = try cli.run(["init"])
        #expect(initialised.status == 0, "\(initialised.stderr)")
        #expect(initialised.stdout.contains("Created eqms.sqlite"))
        #expect(FileManager.default.fileExists(atPath: cli.folder.appendingPathComponent("eqms.sqlite").path))

        let shown = try cli.run(["catalogue", "show", "iso-9001-2015", "8.5", "--lang", "ar"])
        #expect(shown.status == 0, "\(shown.stderr)")
        let library = try StandardsLibrary(directory: CLI.repository.appendingPathComponent("Standards"))
        let catalogue = try library.catalogueReader().read(
            data: Data(contentsOf: library.directory.appendingPathComponent("iso-9001-2015.xml")), file: "9001"
        ).catalogue
        for number in ["8.5", "8.5.1", "8.5.6"] {
            let arabic = try #require(catalogue.requirement(number)?.title.ar)
            #expect(shown.stdout.contains("\(number)  \(arabic)"), "\(number) \(arabic)")
        }
        #expect(!shown.stdout.contains("Production and service provision"))
        #expect(!shown.stdout.contains("8.4"))

        let listed = try cli.json([Listed].self, ["catalogue", "list"])
        #expect(listed.map(\.id) == ["iso-17582-2014", "iso-54001-2019", "iso-9001-2015", "iso-9001-2026"])
        #expect(listed[0].status == "withdrawn")
    }

    @Test("exit status: 0 on success and help, 1 on a user error with a fix, 2 on a usage error")
    func exitCodes() throws {
        let cli = try CLI()
        defer { cli.remove() }
        #expect(try cli.run(["--help"]).status == 0)
        #expect(try cli.run(["catalogue", "show", "--help"]).status == 0)

        let noDatabase = try cli.run(["catalogue", "list"])
        #expect(noDatabase.status == 1)
        #expect(noDatabase.stderr.contains("there is no database at eqms.sqlite"))
        #expect(noDatabase.stderr.contains("eqms init"))

        #expect(try cli.run(["init"]).status == 0)
        let unknown = try cli.run(["catalogue", "show", "iso-9999-2030"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no standard \"iso-9999-2030\""))
        #expect(unknown.stderr.contains("loaded: iso-17582-2014, iso-54001-2019, iso-9001-2015"))

        for usage in [
            ["catalogue", "show"], ["frobnicate"], ["catalogue", "show", "ISO 9001"],
            ["--lang", "fr", "catalogue", "list"],
            ["applicability", "set", "iso-9001-2015:8.3", "--excluded"], ["catalogue", "crosswalk", "8.5.1"],
        ] {
            let result = try cli.run(usage)
            #expect(result.status == 2, "\(usage): \(result.stderr)")
            #expect(!result.stderr.isEmpty)
        }
    }

    @Test("every command has complete help")
    func help() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let commands = [
            ["init"], ["catalogue", "list"], ["catalogue", "show"], ["catalogue", "import"],
            ["catalogue", "crosswalk"],
            ["catalogue", "lint"], ["applicability", "set"], ["applicability", "list"], ["user", "add"],
            ["user", "list"],
            ["compliance", "summary"], ["compliance", "gaps"], ["compliance", "documented-information"], ["log"],
            ["organisation", "set"], ["organisation", "show"],
        ]
        for command in commands {
            let result = try cli.run(command + ["--help"])
            #expect(result.status == 0, "\(command)")
            #expect(result.stdout.contains("OVERVIEW:"), "\(command)")
            #expect(result.stdout.contains("--db"), "\(command)")
        }
    }

    @Test("a malformed catalogue import fails with file:line and changes nothing; an OSCAL catalog imports")
    func imports() throws {
        var cli = try CLI()
        defer { cli.remove() }
        cli.environment["EQMS_ACTOR"] = "quality.unit"
        #expect(try cli.run(["init"]).status == 0)
        let trailBefore = try cli.run(["log", "--json"]).stdout
        let listBefore = try cli.run(["catalogue", "list", "--json"]).stdout

        let bad = CLI.fixtures.appendingPathComponent("broken-catalogue.xml").path
        let failed = try cli.run(["catalogue", "import", bad])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("broken-catalogue.xml:9:"), "\(failed.stderr)")
        #expect(try cli.run(["log", "--json"]).stdout == trailBefore)
        #expect(try cli.run(["catalogue", "list", "--json"]).stdout == listBefore)

        let oscal = CLI.repository.appendingPathComponent("Tests/QMSFormatsTests/Fixtures/oscal-catalog.xml").path
        let imported = try cli.run(["catalogue", "import", oscal, "--id", "rms-controls"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("rms-controls: loaded"))
        let shown = try cli.run(["catalogue", "show", "rms-controls"])
        #expect(shown.stdout.contains("RM-1(1)  Independent Recount"), "the catalog's label, not the key's number")
        let keyed = try cli.run(["catalogue", "show", "rms-controls", "RM-1.1"])
        #expect(keyed.status == 0, "the key keeps the normalised number")
        let trail = try cli.run(["log"]).stdout
        let line = trail.split(separator: "\n").first { $0.contains("standard:rms-controls") }
        #expect(line?.contains("quality.unit") == true)
        #expect(line?.contains("catalogue.import") == true)
    }

    @Test("applicability, crosswalk, users and readiness from the command line")
    func workflow() throws {
        let cli = try CLI()
        defer { cli.remove() }
        #expect(try cli.run(["init"]).status == 0)
        let excluded = try cli.run([
            "applicability", "set", "iso-9001-2015:8.3", "--excluded", "--justification",
            "The commission designs no products; electoral procedures are set by law.",
        ])
        #expect(excluded.status == 0, "\(excluded.stderr)")
        let refused = try cli.run([
            "applicability", "set", "iso-9001-2015:9.2", "--excluded", "--justification", "We never audit ourselves.",
        ])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("only requirements within clauses 7 and 8"))

        let listed = try cli.run(["applicability", "list"])
        #expect(listed.stdout.contains("iso-9001-2015:8.3  excluded"))

        let crosswalk = try cli.run(["catalogue", "crosswalk", "iso-54001-2019:7.5.3"])
        #expect(crosswalk.status == 0)
        #expect(crosswalk.stdout.contains("iso-9001-2015:7.5.3"))

        let added = try cli.run(["user", "add", "salma", "--role", "tc-member", "--display-name", "Salma K."])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try cli.run(["user", "add", "salma", "--role", "viewer"]).status == 1)
        #expect(try cli.run(["user", "add", "bob", "--role", "emperor"]).status == 2)

        let readiness = try cli.run(["compliance", "iso-9001-2015"])
        #expect(readiness.status == 0)
        #expect(readiness.stdout.contains("iso-9001-2015"))
        let organisation = try cli.run([
            "organisation", "set", "--name", "Independent Election Commission", "--name-ar", "الهيئة المستقلة للانتخاب",
            "--short-name", "IEC", "--country", "jo",
        ])
        #expect(organisation.status == 0, "\(organisation.stderr)")
        #expect(
            try cli.run(["organisation", "show", "--lang", "ar"]).stdout.contains("الهيئة المستقلة للانتخاب (IEC), JO"))
        #expect(
            try cli.run(["organisation", "set", "--name", "X", "--short-name", "X", "--country", "Jordan"]).status == 1)
        let lint = try cli.run(["catalogue", "lint"])
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
    }
}
