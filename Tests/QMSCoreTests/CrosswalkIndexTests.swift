import QMSCore
import Testing

@Suite("Crosswalk credit")
struct CrosswalkIndexTests {
    func key(_ text: String) throws -> RequirementKey { try RequirementKey(parsing: text) }

    func index() throws -> CrosswalkIndex {
        let old = try Crosswalk(
            from: StandardID("iso-17582-2014"), to: StandardID("iso-54001-2019"), title: LocalizedText(en: "old→new"),
            entries: [
                CrosswalkEntry(
                    from: try key("iso-17582-2014:4.2.3"), to: try key("iso-54001-2019:7.5.3"), relationship: .subset),
                CrosswalkEntry(
                    from: try key("iso-17582-2014:EP-01"), to: try key("iso-54001-2019:EP-01"), relationship: .equal),
                CrosswalkEntry(
                    from: try key("iso-17582-2014:5.5.2"), to: try key("iso-54001-2019:5.3"), relationship: .related),
            ])
        let base = try Crosswalk(
            from: StandardID("iso-54001-2019"), to: StandardID("iso-9001-2015"), title: LocalizedText(en: "ts→9001"),
            entries: [
                CrosswalkEntry(
                    from: try key("iso-54001-2019:7.5.3"), to: try key("iso-9001-2015:7.5.3"), relationship: .equal),
                CrosswalkEntry(
                    from: try key("iso-54001-2019:5.3"), to: try key("iso-9001-2015:5.3"), relationship: .equal),
                CrosswalkEntry(
                    from: try key("iso-54001-2019:EP-01"), to: try key("iso-9001-2015:8.5.1"), relationship: .related),
                CrosswalkEntry(
                    from: try key("iso-54001-2019:8.5.1"), to: try key("iso-9001-2015:8.5.1"), relationship: .superset),
            ])
        return CrosswalkIndex([old, base])
    }

    @Test("evidence for the broader requirement counts in full for the narrower, across two crosswalks")
    func fullCreditTravels() throws {
        let credits = try index().credits(for: key("iso-54001-2019:7.5.3"))
        let byKey = Dictionary(uniqueKeysWithValues: credits.map { ($0.key.description, $0.credit) })
        #expect(byKey["iso-9001-2015:7.5.3"] == .full)
        #expect(byKey["iso-17582-2014:4.2.3"] == .full)
    }

    @Test("evidence for the narrower requirement counts only in part for the broader")
    func partialCreditOneWay() throws {
        let credits = try index().credits(for: key("iso-17582-2014:4.2.3"))
        let byKey = Dictionary(uniqueKeysWithValues: credits.map { ($0.key.description, $0) })
        #expect(byKey["iso-54001-2019:7.5.3"]?.credit == .partial)
        // Partial credit is a last step: it does not travel on to ISO 9001.
        #expect(byKey["iso-9001-2015:7.5.3"] == nil)
    }

    @Test("equal processes credit each other in full, and a related clause only in part")
    func equalAndRelated() throws {
        let credits = try index().credits(for: key("iso-17582-2014:EP-01"))
        let byKey = Dictionary(uniqueKeysWithValues: credits.map { ($0.key.description, $0) })
        #expect(byKey["iso-54001-2019:EP-01"]?.credit == .full)
        #expect(byKey["iso-9001-2015:8.5.1"]?.credit == .partial)
        #expect(
            byKey["iso-9001-2015:8.5.1"]?.path.map(\.description)
                == ["iso-17582-2014:EP-01", "iso-54001-2019:EP-01", "iso-9001-2015:8.5.1"])
    }

    @Test("evidence never credits another requirement of its own standard")
    func notWithinOwnStandard() throws {
        let credits = try index().credits(for: key("iso-9001-2015:8.5.1"))
        #expect(credits.allSatisfy { $0.key.standard.rawValue != "iso-9001-2015" })
        #expect(credits.contains { $0.key.description == "iso-54001-2019:8.5.1" && $0.credit == .partial })
    }

    @Test("a crosswalk with a repeated pair or an entry of another standard is refused")
    func refusesBadCrosswalks() throws {
        let entry = CrosswalkEntry(from: try key("a:1"), to: try key("b:1"), relationship: .equal)
        #expect(throws: DomainError.self) {
            try Crosswalk(
                from: StandardID("a"), to: StandardID("b"), title: LocalizedText(en: "x"), entries: [entry, entry])
        }
        #expect(throws: DomainError.self) {
            try Crosswalk(from: StandardID("a"), to: StandardID("c"), title: LocalizedText(en: "x"), entries: [entry])
        }
    }
}
