import Foundation
import QMSCore
import QMSFormats
import TestSupport
import Testing

@Suite("The catalogues shipped in Standards/")
struct ShippedCatalogueTests {
    func read(_ name: String) throws -> CatalogueFile {
        let data = try Data(contentsOf: Repository.standards.appendingPathComponent(name))
        return try Readers.catalogue().read(data: data, file: "Standards/\(name)")
    }

    @Test(
        "ISO 9001:2015 has every numbered clause of 4–10, the 2024 amendment, and the 27 mandatory items (6 + 21)")
    func iso9001() throws {
        let catalogue = try read("iso-9001-2015.xml").catalogue
        let numbers = Set(catalogue.requirements.map(\.number))
        for number in [
            "4.4.1", "7.1.5.1", "7.1.5.2", "8.2.3.1", "8.2.3.2", "8.7.1", "8.7.2", "9.2.1", "9.2.2", "10.2.1", "10.2.2",
            "4.1-A1",
        ] {
            #expect(numbers.contains(number), "missing \(number)")
        }
        #expect(catalogue.requirements.count == 92)
        #expect(catalogue.children(of: nil).map(\.number) == ["4", "5", "6", "7", "8", "9", "10"])
        #expect(catalogue.requirement("4.1-A1")?.amendment == "amd1-2024")
        let items = catalogue.requirements.flatMap(\.documentedInformation)
        #expect(items.filter { $0.type == .maintain }.count == 6)
        #expect(items.filter { $0.type == .retain }.count == 21)
        #expect(catalogue.documentedInformationCount.total == 27)
        for number in ["4.4.2", "8.1"] {
            #expect(
                catalogue.requirement(number)?.documentedInformation.map(\.type) == [.maintain, .retain], "\(number)")
        }
        for number in ["8.3.2", "8.5.2"] {
            #expect(catalogue.requirement(number)?.documentedInformation.map(\.type) == [.retain], "\(number)")
        }
        #expect(catalogue.requirement("8.5.1")?.electoralProcesses.count == 8)
    }

    @Test("4.1 and 4.2 are assessable leaves; the climate determination is a leaf after 4.1, the 4.2 note informative")
    func climateLeaves() throws {
        let catalogue = try read("iso-9001-2015.xml").catalogue
        let leaves = Set(catalogue.leaves.map(\.number))
        #expect(leaves.isSuperset(of: ["4.1", "4.1-A1", "4.2"]))
        #expect(catalogue.requirement("4.1")?.kind == .requirement)
        #expect(catalogue.requirement("4.2")?.kind == .requirement)
        #expect(catalogue.children(of: "4").map(\.number) == ["4.1", "4.1-A1", "4.2", "4.3", "4.4"])
        #expect(catalogue.requirement("4.1-A1")?.amendment == "amd1-2024")
        #expect(!catalogue.contains("4.2-A1"), "a note is not a requirement")
        #expect(catalogue.requirement("4.2")?.summary.en.contains("climate") == true)
    }

    @Test("ISO 9001:2026 is a draft (FDIS) on 2015's clauses, with the public changes as assessable leaves")
    func iso9001of2026() throws {
        let catalogue = try read("iso-9001-2026.xml").catalogue
        #expect(catalogue.standard.id.rawValue == "iso-9001-2026")
        #expect(catalogue.standard.status == .draft)
        #expect(catalogue.children(of: nil).map(\.number) == ["4", "5", "6", "7", "8", "9", "10"])
        let leaves = Set(catalogue.leaves.map(\.number))
        #expect(catalogue.children(of: "4.1").map(\.number) == ["4.1-issues", "4.1-climate"])
        #expect(leaves.isSuperset(of: ["4.1-issues", "4.1-climate", "4.2", "6.1.1", "6.1.2", "6.1.3", "5.1.1", "7.3"]))
        #expect(catalogue.children(of: "4.2").isEmpty)
        #expect(catalogue.requirement("6.1.2")?.title.en == "Actions to address risks")
        #expect(catalogue.requirement("6.1.3")?.title.en == "Actions to address opportunities")
        #expect(catalogue.requirement("5.1.1")?.summary.en.contains("quality culture and ethical behaviour") == true)
        #expect(catalogue.requirement("7.3")?.summary.en.contains("quality culture") == true)
        #expect(catalogue.requirements.allSatisfy { $0.amendment == nil })
    }

    @Test("the 2015 → 2026 crosswalk: unchanged clauses equal, changed ones subset or related")
    func crosswalk2026() throws {
        let url = Repository.standards.appendingPathComponent("crosswalks/iso-9001-2015--iso-9001-2026.xml")
        let crosswalk = try Readers.crosswalk().read(data: Data(contentsOf: url), file: url.lastPathComponent).crosswalk
        func relation(_ from: String, _ to: String) -> CrosswalkRelationship? {
            crosswalk.entries.first { $0.from.number == from && $0.to.number == to }?.relationship
        }
        #expect(relation("8.5.1", "8.5.1") == .equal)
        #expect(relation("4.1-A1", "4.1-climate") == .equal)
        #expect(relation("5.1.1", "5.1.1") == .subset)
        #expect(relation("7.3", "7.3") == .subset)
        #expect(relation("6.1.2", "6.1.2") == .related && relation("6.1.2", "6.1.3") == .related)
        let index = CrosswalkIndex([crosswalk])
        let credits = index.credits(for: try RequirementKey(parsing: "iso-9001-2015:8.5.1"))
        #expect(credits.contains { $0.key.description == "iso-9001-2026:8.5.1" && $0.credit == .full })
        let partial = index.credits(for: try RequirementKey(parsing: "iso-9001-2015:7.3"))
        #expect(partial.contains { $0.key.description == "iso-9001-2026:7.3" && $0.credit == .partial })
    }

    @Test("ISO/TS 54001:2019 has clauses 4–10 and the eight electoral processes")
    func iso54001() throws {
        let catalogue = try read("iso-54001-2019.xml").catalogue
        #expect(catalogue.standard.basedOn?.rawValue == "iso-9001-2015")
        let processes = catalogue.requirements.filter { $0.kind == .electoralProcess }
        #expect(processes.map(\.number) == ElectoralProcess.allCases.map(\.rawValue))
        #expect(catalogue.requirement("EP-05")?.title.en == "Vote counting and declaration of results")
        #expect(catalogue.requirement("10.2.2") != nil)
        let count = catalogue.documentedInformationCount
        #expect((count.maintain, count.retain) == (6, 21), "it contains every ISO 9001:2015 requirement")
    }

    @Test("ISO/TS 17582:2014 is withdrawn, replaced by 54001, on ISO 9001:2008's clauses 4–8")
    func iso17582() throws {
        let catalogue = try read("iso-17582-2014.xml").catalogue
        #expect(catalogue.standard.status == .withdrawn(replacedBy: try StandardID("iso-54001-2019")))
        #expect(catalogue.children(of: nil).filter { $0.kind == .clause }.map(\.number) == ["4", "5", "6", "7", "8"])
        #expect(catalogue.requirement("5.5.2")?.title.en == "Management representative")
        let count = catalogue.documentedInformationCount
        #expect((count.maintain, count.retain) == (7, 18), "the quality manual, six procedures and 2008's records")
        #expect(catalogue.requirement("4.2.2")?.documentedInformation.map(\.type) == [.maintain])
        for number in ["4.2.3", "4.2.4"] {
            #expect(catalogue.requirement(number)?.documentedInformation.map(\.type) == [.maintain])
        }
        for number in ["8.2.2", "8.3", "8.5.2", "8.5.3"] {
            #expect(catalogue.requirement(number)?.documentedInformation.map(\.type) == [.maintain, .retain])
        }
    }

    @Test(
        "one Arabic term per concept: المفوضية, التواصل, التحقق من الصلاحية",
        arguments: ["iso-9001-2015.xml", "iso-54001-2019.xml", "iso-17582-2014.xml"])
    func arabicTerms(_ name: String) throws {
        let catalogue = try read(name).catalogue
        for requirement in catalogue.requirements {
            let texts =
                [requirement.title, requirement.summary] + requirement.evidenceHints
                + requirement.documentedInformation.map(\.description)
            for text in texts.compactMap(\.ar) {
                #expect(!text.contains("الهيئة"), "\(requirement.key): \(text)")
                #expect(!text.contains("نظم إدارة"), "\(requirement.key): \(text)")
                #expect(!text.contains("الاتصال الداخلي"), "\(requirement.key): \(text)")
            }
            if requirement.title.en.contains("alidation") {
                #expect(requirement.title.ar?.contains("التحقق من صلاحية") == true, "\(requirement.key)")
            }
        }
    }

    @Test(
        "every shipped node has its Arabic title and summary",
        arguments: ["iso-9001-2015.xml", "iso-54001-2019.xml", "iso-17582-2014.xml", "iso-9001-2026.xml"])
    func arabic(_ name: String) throws {
        let file = try read(name)
        #expect(file.missingArabic.isEmpty, "\(file.missingArabic.prefix(3))")
        #expect(file.catalogue.requirements.allSatisfy { $0.title.has(.arabic) && $0.summary.has(.arabic) })
    }

    @Test("every crosswalk entry names requirements that exist in the shipped catalogues")
    func crosswalksResolve() throws {
        let catalogues = try ["iso-9001-2015.xml", "iso-54001-2019.xml", "iso-17582-2014.xml", "iso-9001-2026.xml"].map
        {
            try read($0).catalogue
        }
        let known = Set(catalogues.flatMap { $0.requirements.map(\.key) })
        let library = try Readers.library()
        let files = try library.crosswalkFiles()
        #expect(files.count == 3)
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
