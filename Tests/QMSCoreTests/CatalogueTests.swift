import QMSCore
import Testing

/// A small catalogue: 4 → 4.1 → 4.1-A1, 4.2; 8 → 8.3.
func sampleCatalogue(id: String = "iso-9001-2015") throws -> Catalogue {
    let standard = Standard(
        id: try StandardID(id), edition: "2015", title: LocalizedText(en: "QMS", ar: "نظم إدارة الجودة"),
        publisher: "ISO", amendments: [Amendment(id: "amd1-2024", year: 2024, title: LocalizedText(en: "Amd 1"))])
    func node(_ number: String, _ parent: String?, _ kind: RequirementKind = .requirement, amendment: String? = nil)
        throws -> Requirement
    {
        Requirement(
            key: try RequirementKey(standard: standard.id, number: number), parentNumber: parent, kind: kind,
            title: LocalizedText(en: "Title \(number)", ar: number == "4.2" ? nil : "عنوان \(number)"),
            summary: LocalizedText(en: "Summary \(number)", ar: "ملخص \(number)"), amendment: amendment)
    }
    return try Catalogue(
        standard: standard,
        requirements: [
            node("4", nil, .clause), node("4.1", "4", .clause), node("4.1-A1", "4.1", amendment: "amd1-2024"),
            node("4.2", "4"), node("8", nil, .clause), node("8.3", "8"),
        ])
}

@Suite("Catalogue trees")
struct CatalogueTests {
    @Test("children, subtrees, ancestry and leaves follow the nesting")
    func tree() throws {
        let catalogue = try sampleCatalogue()
        #expect(catalogue.children(of: nil).map(\.number) == ["4", "8"])
        #expect(
            catalogue.subtree(of: "4").map { "\($0.requirement.number)@\($0.depth)" } == [
                "4@0", "4.1@1", "4.1-A1@2", "4.2@1",
            ])
        #expect(catalogue.ancestry(of: "4.1-A1") == ["4", "4.1", "4.1-A1"])
        #expect(catalogue.leaves.map(\.number) == ["4.1-A1", "4.2", "8.3"])
        #expect(catalogue.isWithin("4.1-A1", ancestor: "4"))
        #expect(!catalogue.isWithin("8.3", ancestor: "4"))
    }

    @Test("a missing translation falls back to English and is reported")
    func missingTranslations() throws {
        let catalogue = try sampleCatalogue()
        let node = try #require(catalogue.requirement("4.2"))
        #expect(node.title.text(in: .arabic) == "Title 4.2")
        #expect(catalogue.missingTranslations().map(\.key?.number) == ["4.2"])
    }

    @Test("a child listed before its parent, a duplicate number or an undeclared amendment is refused")
    func refusesBrokenTrees() throws {
        let good = try sampleCatalogue()
        var requirements = good.requirements
        requirements.swapAt(0, 1)
        #expect(throws: DomainError.self) { try Catalogue(standard: good.standard, requirements: requirements) }
        #expect(throws: DomainError.self) {
            try Catalogue(standard: good.standard, requirements: good.requirements + [good.requirements[3]])
        }
        var noAmendment = good.standard
        noAmendment.amendments = []
        #expect(throws: DomainError.self) { try Catalogue(standard: noAmendment, requirements: good.requirements) }
    }

    @Test("a withdrawn standard must name its replacement")
    func withdrawnNeedsReplacement() throws {
        var standard = try sampleCatalogue().standard
        standard.status = .withdrawn(replacedBy: nil)
        #expect(throws: DomainError.self) { try Catalogue(standard: standard, requirements: []) }
    }
}

@Suite("Statement of applicability (ISO 9001 4.3)")
struct ApplicabilityTests {
    @Test("an exclusion needs a justification")
    func needsJustification() throws {
        let key = try RequirementKey(parsing: "iso-9001-2015:8.3")
        #expect(throws: DomainError.self) {
            try ApplicabilityDecision(key: key, excluded: true, justification: " ", decidedBy: "amal")
        }
        let decision = try ApplicabilityDecision(
            key: key, excluded: true, justification: "No design of products or services", decidedBy: "amal")
        #expect(decision.justification == "No design of products or services")
    }

    @Test("only requirements within clauses 7 and 8 may be excluded under ISO 9001's structure")
    func onlyClausesSevenAndEight() throws {
        let catalogue = try sampleCatalogue()
        let outside = try ApplicabilityDecision(
            key: try RequirementKey(parsing: "iso-9001-2015:4.2"), excluded: true,
            justification: "We have no interested parties", decidedBy: "amal")
        #expect(throws: DomainError.self) { try outside.check(against: catalogue) }
        let whole = try ApplicabilityDecision(
            key: try RequirementKey(parsing: "iso-9001-2015:8"), excluded: true,
            justification: "We do not operate at all", decidedBy: "amal")
        #expect(throws: DomainError.self) { try whole.check(against: catalogue) }
        let design = try ApplicabilityDecision(
            key: try RequirementKey(parsing: "iso-9001-2015:8.3"), excluded: true,
            justification: "No design of products or services", decidedBy: "amal")
        try design.check(against: catalogue)
    }

    @Test("excluding a clause excludes everything below it")
    func exclusionCoversSubtree() throws {
        let catalogue = try sampleCatalogue(id: "nist-sample")
        let decision = try ApplicabilityDecision(
            key: try RequirementKey(parsing: "nist-sample:4.1"), excluded: true,
            justification: "Out of the scope of the system", decidedBy: "amal")
        try decision.check(against: catalogue)
        let statement = StatementOfApplicability(catalogue: catalogue, decisions: [decision])
        #expect(statement.isExcluded("4.1-A1"))
        #expect(!statement.isExcluded("4.2"))
    }
}
