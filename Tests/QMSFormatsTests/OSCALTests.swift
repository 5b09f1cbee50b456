import Foundation
import QMSCore
import QMSFormats
import Testing

@Suite("Importing NIST OSCAL catalogs")
struct OSCALTests {
    @Test("a JSON catalog becomes a standard: groups are clauses, controls requirements, labels numbers")
    func json() throws {
        let catalogue = try OSCALCatalogReader.read(data: Paths.fixture("oscal-catalog.json"), file: "catalog.json")
        #expect(catalogue.standard.id.rawValue == "election-security-controls-test-catalog")
        #expect(catalogue.standard.edition == "1.2")
        #expect(catalogue.standard.publisher == "Test Authority")
        #expect(catalogue.standard.origin == .oscal)
        #expect(catalogue.requirements.map(\.number) == ["ac", "AC-1", "AC-1.1", "AC-2", "top-1"])
        let control = try #require(catalogue.requirement("AC-1"))
        #expect(control.kind == .requirement)
        #expect(control.parentNumber == "ac")
        #expect(catalogue.requirement("ac")?.kind == .clause)
        #expect(catalogue.requirement("AC-1.1")?.parentNumber == "AC-1")
        #expect(
            control.summary.en
                == "Develop an access control policy and disseminate it to [Assignment: organization-defined personnel or roles]; review it [Selection: annually; every two years]. a. Designate an official to manage it."
        )
        #expect(catalogue.requirement("AC-2")?.title.en == "Account Management (withdrawn)")
        #expect(catalogue.requirement("top-1")?.parentNumber == nil)
    }

    @Test("an XML catalog gives the same shape, with inline markup and inserted parameters flattened")
    func xml() throws {
        let catalogue = try OSCALCatalogReader.read(
            data: Paths.fixture("oscal-catalog.xml"), file: "catalog.xml", id: try StandardID("rms-controls"))
        #expect(catalogue.standard.id.rawValue == "rms-controls")
        #expect(catalogue.requirements.map(\.number) == ["rm", "RM-1", "RM-1.1"])
        let control = try #require(catalogue.requirement("RM-1"))
        #expect(control.title.en == "Tabulation Integrity")
        #expect(
            control.summary.en
                == "Verify tabulation results [Assignment: frequency] against the polling-station results forms. a. Keep the forms."
        )
    }

    @Test("a control keeps the label its catalog gives it for display; its key keeps the normalised number")
    func labels() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <catalog xmlns="http://csrc.nist.gov/ns/oscal/1.0" uuid="5b0c2f9e-1d3a-4c6b-8e7f-2a9d4c6e8b10">
              <metadata><title>Voter Registration Controls</title><version>1</version></metadata>
              <group id="vr"><title>Voter Registration</title>
                <control id="vr-1"><title>Register Integrity</title><prop name="label" value="VR-1"/>
                  <part id="vr-1_smt" name="statement"><p>Keep the register accurate.</p></part>
                  <control id="vr-1.1"><title>Duplicate Detection</title><prop name="label" value="VR-1(1)"/>
                    <part id="vr-1.1_smt" name="statement"><p>Detect duplicate entries.</p></part>
                  </control>
                </control>
              </group>
            </catalog>
            """
        let catalogue = try OSCALCatalogReader.read(data: Data(xml.utf8), file: "vr.xml", id: try StandardID("vr"))
        let enhancement = try #require(catalogue.requirement("VR-1.1"))
        #expect(enhancement.key.description == "vr:VR-1.1")
        #expect(enhancement.label == "VR-1(1)")
        #expect(enhancement.displayNumber == "VR-1(1)")
        #expect(catalogue.requirement("VR-1")?.label == nil, "a label equal to the number adds nothing")
        #expect(catalogue.requirement("VR-1")?.displayNumber == "VR-1")
        let json = try OSCALCatalogReader.read(data: Paths.fixture("oscal-catalog.json"), file: "catalog.json")
        #expect(json.requirement("AC-1.1")?.displayNumber == "AC-1(1)")
    }

    @Test("a JSON file that is not a catalog names the missing field")
    func jsonErrors() throws {
        let error = try #require(throws: FormatError.self) {
            try OSCALCatalogReader.read(data: Data(#"{"catalog": {"metadata": {}}}"#.utf8), file: "x.json")
        }
        #expect(error.message.contains("\"title\""))
        #expect(error.location?.field == "catalog.metadata.title")
        let profile = try #require(throws: FormatError.self) {
            try OSCALCatalogReader.read(
                data: Data(#"{"catalog": {"metadata": {"title": "Empty"}}}"#.utf8), file: "y.json")
        }
        #expect(profile.message.contains("no groups or controls"))
        #expect(throws: FormatError.self) { try OSCALCatalogReader.read(data: Data("{not json".utf8), file: "z.json") }
    }
}
