import Foundation
import QMSCore
import QMSFormats
import Testing

@Suite("The catalogues shipped in Standards/")
struct ShippedCatalogueTests {
    func read(_ name: String) throws -> CatalogueFile {
        let data = try Data(contentsOf: Paths.standards.appendingPathComponent(name))
        return try Readers.catalogue().read(data: data, file: "Standards/\(name)")
    }

    @Test("ISO 9001:2015 has every numbered clause of 4–10, the 2024 amendment, and the 23 mandatory items")
    func iso9001() throws {
        let catalogue = try read("iso-9001-2015.xml").catalogue
        let numbers = Set(catalogue.requirements.map(\.number))
        for number in [
            "4.4.1", "7.1.5.1", "7.1.5.2", "8.2.3.1", "8.2.3.2", "8.7.1", "8.7.2", "9.2.1", "9.2.2", "10.2.1", "10.2.2",
            "4.1-A1", "4.2-A1",
        ] {
            #expect(numbers.contains(number), "missing \(number)")
        }
        #expect(catalogue.requirements.count == 93)
        #expect(catalogue.children(of: nil).map(\.number) == ["4", "5", "6", "7", "8", "9", "10"])
        #expect(catalogue.requirement("4.1-A1")?.amendment == "amd1-2024")
        let items = catalogue.requirements.flatMap(\.documentedInformation)
        #expect(items.filter { $0.type == .maintain }.count == 6)
        #expect(items.filter { $0.type == .retain }.count == 17)
        #expect(catalogue.requirement("8.5.1")?.electoralProcesses.count == 8)
    }

    @Test("ISO/TS 54001:2019 has clauses 4–10 and the eight electoral processes")
    func iso54001() throws {
        let catalogue = try read("iso-54001-2019.xml").catalogue
        #expect(catalogue.standard.basedOn?.rawValue == "iso-9001-2015")
        let processes = catalogue.requirements.filter { $0.kind == .electoralProcess }
        #expect(processes.map(\.number) == ElectoralProcess.allCases.map(\.rawValue))
        #expect(catalogue.requirement("EP-05")?.title.en == "Vote counting and declaration of results")
        #expect(catalogue.requirement("10.2.2") != nil)
    }

    @Test("ISO/TS 17582:2014 is withdrawn, replaced by 54001, on ISO 9001:2008's clauses 4–8")
    func iso17582() throws {
        let catalogue = try read("iso-17582-2014.xml").catalogue
        #expect(catalogue.standard.status == .withdrawn(replacedBy: try StandardID("iso-54001-2019")))
        #expect(catalogue.children(of: nil).filter { $0.kind == .clause }.map(\.number) == ["4", "5", "6", "7", "8"])
        #expect(catalogue.requirement("5.5.2")?.title.en == "Management representative")
    }

    @Test(
        "every shipped node has its Arabic title and summary",
        arguments: ["iso-9001-2015.xml", "iso-54001-2019.xml", "iso-17582-2014.xml"])
    func arabic(_ name: String) throws {
        let file = try read(name)
        #expect(file.missingArabic.isEmpty, "\(file.missingArabic.prefix(3))")
        #expect(file.catalogue.requirements.allSatisfy { $0.title.has(.arabic) && $0.summary.has(.arabic) })
    }

    @Test("every crosswalk entry names requirements that exist in the shipped catalogues")
    func crosswalksResolve() throws {
        let catalogues = try ["iso-9001-2015.xml", "iso-54001-2019.xml", "iso-17582-2014.xml"].map {
            try read($0).catalogue
        }
        let known = Set(catalogues.flatMap { $0.requirements.map(\.key) })
        let library = try Readers.library()
        let files = try library.crosswalkFiles()
        #expect(files.count == 2)
        for url in files {
            let crosswalk = try Readers.crosswalk().read(data: Data(contentsOf: url), file: url.lastPathComponent)
                .crosswalk
            #expect(!crosswalk.entries.isEmpty)
            for entry in crosswalk.entries {
                #expect(known.contains(entry.from), "\(entry.from)")
                #expect(known.contains(entry.to), "\(entry.to)")
            }
        }
    }
}
