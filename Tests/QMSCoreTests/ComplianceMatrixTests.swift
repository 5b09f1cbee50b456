import QMSCore
import Testing

/// Catalogues, crosswalks and evidence built in code for the compliance matrix.
private enum Fixture {
    static let asOf = day("2026-06-15")

    static func day(_ text: String) -> CalendarDate {
        // Literal dates in this file are all well formed.
        (try? CalendarDate(parsing: text)) ?? CalendarDate(daysSinceEpoch: 0)
    }

    static func key(_ text: String) throws -> RequirementKey { try RequirementKey(parsing: text) }

    /// `elect-std`: 4 → 4.1 (maintain), 4.2 (EP-04); 8 → 8.1 (retain), 8.2 → 8.2.1, 8.2.2; EP-01 → EP-01.1, EP-01.2.
    static func target() throws -> Catalogue {
        let id = try StandardID("elect-std")
        let standard = Standard(
            id: id, edition: "2026", title: LocalizedText(en: "Electoral standard"), publisher: "Tests")
        func node(
            _ number: String, _ parent: String?, _ kind: RequirementKind = .requirement,
            documents: [DocumentedInformation] = [], processes: [ElectoralProcess] = []
        ) throws -> Requirement {
            Requirement(
                key: try RequirementKey(standard: id, number: number), parentNumber: parent, kind: kind,
                title: LocalizedText(en: "Title \(number)"), summary: LocalizedText(en: "Summary \(number)"),
                documentedInformation: documents, electoralProcesses: processes)
        }
        return try Catalogue(
            standard: standard,
            requirements: [
                node("4", nil, .clause),
                node(
                    "4.1", "4",
                    documents: [DocumentedInformation(type: .maintain, description: LocalizedText(en: "The scope"))]),
                node("4.2", "4", processes: [.voteCasting]),
                node("8", nil, .clause),
                node(
                    "8.1", "8",
                    documents: [
                        DocumentedInformation(type: .retain, description: LocalizedText(en: "Planning records")),
                        DocumentedInformation(type: .maintain, description: LocalizedText(en: "The plan")),
                    ]),
                node("8.2", "8", .clause),
                node("8.2.1", "8.2"),
                node(
                    "8.2.2", "8.2",
                    documents: [DocumentedInformation(type: .retain, description: LocalizedText(en: "Audit results"))]),
                node("EP-01", nil, .electoralProcess),
                node("EP-01.1", "EP-01"),
                node("EP-01.2", "EP-01", processes: [.voteCasting]),
            ])
    }

    /// `other-std`: 1 → 1.1, 1.2, 1.3, 1.4, 1.5.
    static func other() throws -> Catalogue {
        let id = try StandardID("other-std")
        let standard = Standard(id: id, edition: "2019", title: LocalizedText(en: "Other"), publisher: "Tests")
        let numbers = ["1", "1.1", "1.2", "1.3", "1.4", "1.5"]
        return try Catalogue(
            standard: standard,
            requirements: try numbers.map { number in
                Requirement(
                    key: try RequirementKey(standard: id, number: number), parentNumber: number == "1" ? nil : "1",
                    kind: number == "1" ? .clause : .requirement, title: LocalizedText(en: "Other \(number)"),
                    summary: LocalizedText(en: "Other summary \(number)"))
            })
    }

    /// other-std → elect-std: 1.1 equal 4.1, 1.2 superset of 4.2, 1.3 subset of 8.1, 1.4 related to 8.2.1,
    /// 1.5 equal to the clause 8.2.
    static func crosswalk() throws -> Crosswalk {
        try Crosswalk(
            from: StandardID("other-std"), to: StandardID("elect-std"), title: LocalizedText(en: "other → elect"),
            entries: [
                CrosswalkEntry(from: try key("other-std:1.1"), to: try key("elect-std:4.1"), relationship: .equal),
                CrosswalkEntry(from: try key("other-std:1.2"), to: try key("elect-std:4.2"), relationship: .superset),
                CrosswalkEntry(from: try key("other-std:1.3"), to: try key("elect-std:8.1"), relationship: .subset),
                CrosswalkEntry(from: try key("other-std:1.4"), to: try key("elect-std:8.2.1"), relationship: .related),
                CrosswalkEntry(from: try key("other-std:1.5"), to: try key("elect-std:8.2"), relationship: .equal),
            ])
    }

    static func evidence(
        _ number: Int, _ keys: [String], status: EvidenceStatus = .current, from: String = "2026-01-01",
        until: String? = nil, review: String? = nil
    ) throws -> ComplianceEvidence {
        ComplianceEvidence(
            id: EvidenceID(year: 2026, number: number),
            validity: EvidenceValidity(
                status: status, effectiveFrom: day(from), validUntil: until.map(day), reviewDue: review.map(day)),
            requirements: try keys.map(key))
    }

    static func matrix(
        _ evidence: [ComplianceEvidence], decisions: [ApplicabilityDecision] = [], findings: [OpenFinding] = [],
        asOf: CalendarDate = Fixture.asOf
    ) throws -> ComplianceMatrix {
        ComplianceMatrix(
            catalogues: [try target(), try other()], crosswalks: [try crosswalk()], decisions: decisions,
            evidence: evidence, findings: findings, asOf: asOf)
    }
}

@Suite("The compliance matrix")
struct ComplianceMatrixTests {
    func key(_ text: String) throws -> RequirementKey { try Fixture.key(text) }

    func status(_ matrix: ComplianceMatrix, _ text: String) throws -> ComplianceStatus? {
        matrix.compliance(of: try key(text))?.status
    }

    @Test("current, effective, unexpired evidence reviewed on time satisfies its requirement")
    func currentEvidenceSatisfies() throws {
        let matrix = try Fixture.matrix([
            try Fixture.evidence(1, ["elect-std:4.2"], until: "2026-12-31", review: "2026-06-15")
        ])
        let row = try #require(matrix.compliance(of: try key("elect-std:4.2")))
        #expect(row.status == .satisfied)
        #expect(row.contributions.count == 1)
        #expect(row.contributions.first?.credit == .full)
        #expect(row.contributions.first?.reason == nil)
        #expect(row.contributions.first?.via == nil)
        #expect(try status(matrix, "elect-std:8.2.1") == .missing)
    }

    @Test("expired, overdue for review, or draft evidence counts only in part, and says why")
    func weakenedEvidenceIsPartial() throws {
        let matrix = try Fixture.matrix([
            try Fixture.evidence(1, ["elect-std:4.1"], until: "2026-06-14"),
            try Fixture.evidence(2, ["elect-std:4.2"], review: "2026-06-14"),
            try Fixture.evidence(3, ["elect-std:8.1"], status: .draft),
            // Valid until the as-of day itself is still valid.
            try Fixture.evidence(4, ["elect-std:8.2.1"], until: "2026-06-15"),
        ])
        #expect(matrix.compliance(of: try key("elect-std:4.1"))?.status == .partial)
        #expect(matrix.compliance(of: try key("elect-std:4.1"))?.contributions.first?.reason == .expired)
        #expect(matrix.compliance(of: try key("elect-std:4.2"))?.status == .partial)
        #expect(matrix.compliance(of: try key("elect-std:4.2"))?.contributions.first?.reason == .reviewOverdue)
        #expect(matrix.compliance(of: try key("elect-std:8.1"))?.status == .partial)
        #expect(matrix.compliance(of: try key("elect-std:8.1"))?.contributions.first?.reason == .draft)
        #expect(try status(matrix, "elect-std:8.2.1") == .satisfied)
    }

    @Test("withdrawn or superseded evidence, and evidence that takes effect after the as-of day, does not count")
    func evidenceThatDoesNotCount() throws {
        let matrix = try Fixture.matrix([
            try Fixture.evidence(1, ["elect-std:4.1"], status: .withdrawn),
            try Fixture.evidence(2, ["elect-std:4.2"], status: .superseded),
            try Fixture.evidence(3, ["elect-std:8.1"], from: "2026-06-16"),
            try Fixture.evidence(4, ["elect-std:8.2.1"], status: .draft, from: "2026-07-01"),
        ])
        for number in ["4.1", "4.2", "8.1", "8.2.1"] {
            let row = try #require(matrix.compliance(of: try key("elect-std:\(number)")))
            #expect(row.status == .missing, "\(number)")
            #expect(row.contributions.isEmpty, "\(number)")
        }
        // The same future evidence counts once its day has come.
        let later = try Fixture.matrix(
            [try Fixture.evidence(3, ["elect-std:8.1"], from: "2026-06-16")], asOf: Fixture.day("2026-06-16"))
        #expect(try status(later, "elect-std:8.1") == .satisfied)
    }

    @Test("a requirement excluded by the statement of applicability, directly or through its clause, is excluded")
    func exclusions() throws {
        let clause = try ApplicabilityDecision(
            key: try key("elect-std:8.2"), excluded: true, justification: "No audits of this kind are held",
            decidedBy: "amal")
        let matrix = try Fixture.matrix(
            [try Fixture.evidence(1, ["elect-std:8.2.1"])], decisions: [clause],
            findings: [OpenFinding(key: try key("elect-std:8.2.2"), weight: .major, reference: "NC-2026-001")])
        let row = try #require(matrix.compliance(of: try key("elect-std:8.2.1")))
        #expect(row.status == .excluded)
        #expect(row.exclusion == "No audits of this kind are held")
        // A finding does not bring an excluded requirement back.
        #expect(try status(matrix, "elect-std:8.2.2") == .excluded)
        #expect(try status(matrix, "elect-std:8.1") == .missing)
        #expect(matrix.status(of: try key("elect-std:8.2")) == .excluded)
        let tally = matrix.tally(of: try StandardID("elect-std"))
        #expect(tally.excluded == 2)
        #expect(tally.applicable == 5)
        #expect(tally.satisfied == 0)
    }

    @Test("evidence logged against a clause counts in full for the clause and in part for each leaf below it")
    func clauseEvidence() throws {
        let matrix = try Fixture.matrix([try Fixture.evidence(7, ["elect-std:8"])])
        let clause = try key("elect-std:8")
        #expect(try status(matrix, "elect-std:8") == .satisfied)
        for number in ["8.1", "8.2.1", "8.2.2"] {
            let row = try #require(matrix.compliance(of: try key("elect-std:\(number)")))
            #expect(row.status == .partial, "\(number)")
            #expect(row.contributions.first?.credit == .partial)
            #expect(row.contributions.first?.reason == .indirect)
            #expect(row.contributions.first?.via == clause)
        }
        // The inner clause 8.2 is not a leaf: roll-ups count leaves only.
        #expect(matrix.status(of: try key("elect-std:8")) == .partial)
        #expect(try status(matrix, "elect-std:4.1") == .missing)
        // A direct record on the leaf beats the indirect one.
        let both = try Fixture.matrix([
            try Fixture.evidence(7, ["elect-std:8"]), try Fixture.evidence(8, ["elect-std:8.2.2"]),
        ])
        #expect(try status(both, "elect-std:8.2.2") == .satisfied)
        #expect(both.compliance(of: try key("elect-std:8.2.2"))?.contributions.map(\.evidence.number) == [7, 8])
    }

    @Test("crosswalk credit is full through equal and superset, partial through subset and related")
    func crosswalkCredit() throws {
        let matrix = try Fixture.matrix([
            try Fixture.evidence(1, ["other-std:1.1"]), try Fixture.evidence(2, ["other-std:1.2"]),
            try Fixture.evidence(3, ["other-std:1.3"]), try Fixture.evidence(4, ["other-std:1.4"]),
        ])
        let source = (equal: try key("other-std:1.1"), subset: try key("other-std:1.3"))
        let equal = try #require(matrix.compliance(of: try key("elect-std:4.1")))
        #expect(equal.status == .satisfied)
        #expect(equal.contributions.first?.via == source.equal)
        #expect(try status(matrix, "elect-std:4.2") == .satisfied)
        let subset = try #require(matrix.compliance(of: try key("elect-std:8.1")))
        #expect(subset.status == .partial)
        #expect(subset.contributions.first?.reason == .indirect)
        #expect(subset.contributions.first?.via == source.subset)
        #expect(try status(matrix, "elect-std:8.2.1") == .partial)
        #expect(try status(matrix, "elect-std:8.2.2") == .missing)
        // The evidence's own requirements are satisfied, and nothing else in other-std is.
        #expect(try status(matrix, "other-std:1.1") == .satisfied)
        #expect(try status(matrix, "other-std:1.5") == .missing)
    }

    @Test("crosswalk credit runs backwards with the inverse relationship")
    func reverseCredit() throws {
        let matrix = try Fixture.matrix([
            try Fixture.evidence(1, ["elect-std:8.1"]), try Fixture.evidence(2, ["elect-std:4.2"]),
        ])
        // 1.3 is a subset of 8.1, so evidence for 8.1 covers all of 1.3.
        #expect(try status(matrix, "other-std:1.3") == .satisfied)
        // 1.2 is a superset of 4.2, so evidence for 4.2 covers 1.2 only in part.
        #expect(try status(matrix, "other-std:1.2") == .partial)
    }

    @Test("crosswalk credit to a clause satisfies the clause and counts in part for its leaves")
    func crosswalkToClause() throws {
        let matrix = try Fixture.matrix([try Fixture.evidence(5, ["other-std:1.5"])])
        #expect(try status(matrix, "elect-std:8.2") == .satisfied)
        #expect(try status(matrix, "elect-std:8.2.1") == .partial)
        #expect(try status(matrix, "elect-std:8.2.2") == .partial)
        #expect(try status(matrix, "elect-std:8.1") == .missing)
    }

    @Test("expired evidence passes on only partial credit, even through an equal mapping")
    func expiredThroughCrosswalk() throws {
        let matrix = try Fixture.matrix([try Fixture.evidence(1, ["other-std:1.1"], until: "2026-01-31")])
        let row = try #require(matrix.compliance(of: try key("elect-std:4.1")))
        #expect(row.status == .partial)
        #expect(row.contributions.first?.reason == .expired)
    }

    @Test("an open major finding makes a satisfied requirement missing, a minor one makes it partial")
    func findings() throws {
        let evidence = [
            try Fixture.evidence(1, ["elect-std:4.1"]), try Fixture.evidence(2, ["elect-std:4.2"]),
            try Fixture.evidence(3, ["elect-std:8.1"], status: .draft),
        ]
        let matrix = try Fixture.matrix(
            evidence,
            findings: [
                OpenFinding(key: try key("elect-std:4.1"), weight: .major, reference: "NC-2026-002"),
                OpenFinding(key: try key("elect-std:4.2"), weight: .minor, reference: "NC-2026-004"),
                OpenFinding(key: try key("elect-std:4.2"), weight: .minor, reference: "NC-2026-003"),
                OpenFinding(key: try key("elect-std:8.1"), weight: .minor, reference: "NC-2026-005"),
                OpenFinding(key: try key("elect-std:8.2.1"), weight: .minor, reference: "NC-2026-006"),
            ])
        let major = try #require(matrix.compliance(of: try key("elect-std:4.1")))
        #expect(major.status == .missing)
        #expect(major.findings == ["NC-2026-002"])
        #expect(major.contributions.count == 1)
        let minor = try #require(matrix.compliance(of: try key("elect-std:4.2")))
        #expect(minor.status == .partial)
        #expect(minor.findings == ["NC-2026-003", "NC-2026-004"])
        #expect(try status(matrix, "elect-std:8.1") == .partial)
        #expect(try status(matrix, "elect-std:8.2.1") == .missing)
        let clean = try Fixture.matrix(evidence)
        #expect(try status(clean, "elect-std:4.1") == .satisfied)
        #expect(clean.compliance(of: try key("elect-std:4.1"))?.findings == [])
    }

    @Test("the tally counts leaves by status, and readiness is (satisfied + partial / 2) / applicable × 100")
    func tallies() throws {
        let excluded = try ApplicabilityDecision(
            key: try key("elect-std:8.2.2"), excluded: true, justification: "Not applicable to the commission",
            decidedBy: "amal")
        let matrix = try Fixture.matrix(
            [
                try Fixture.evidence(1, ["elect-std:4.1"]), try Fixture.evidence(2, ["elect-std:4.2"]),
                try Fixture.evidence(3, ["elect-std:8.1"], until: "2026-01-01"),
            ], decisions: [excluded])
        let tally = matrix.tally(of: try StandardID("elect-std"))
        #expect(tally.satisfied == 2)
        #expect(tally.partial == 1)
        #expect(tally.missing == 3)
        #expect(tally.excluded == 1)
        #expect(tally.applicable == 6)
        #expect(abs(tally.readinessPercent - 2.5 / 6 * 100) < 1e-9)
        #expect(tally.status == .partial)
        #expect(matrix.leafRows(of: try StandardID("elect-std")).count == 7)

        var empty = ComplianceTally()
        #expect(empty.readinessPercent == 0)
        #expect(empty.status == .missing)
        empty.add(.excluded)
        #expect(empty.status == .excluded)
        #expect(empty.readinessPercent == 0)
        var full = ComplianceTally()
        full.add(.satisfied)
        full.add(.satisfied)
        #expect(full.status == .satisfied)
        #expect(full.readinessPercent == 100)
        #expect(matrix.tally(of: try StandardID("no-such-std")) == ComplianceTally())
    }

    @Test("tallies by clause give one line per top-level node, counting the leaves below it")
    func byClause() throws {
        let matrix = try Fixture.matrix([
            try Fixture.evidence(1, ["elect-std:4.1"]), try Fixture.evidence(2, ["elect-std:4.2"]),
            try Fixture.evidence(3, ["elect-std:8.2.1"], status: .draft),
        ])
        let lines = matrix.tallyByClause(of: try StandardID("elect-std"))
        #expect(lines.map(\.requirement.number) == ["4", "8", "EP-01"])
        let byNumber = Dictionary(uniqueKeysWithValues: lines.map { ($0.requirement.number, $0.tally) })
        #expect(byNumber["4"]?.satisfied == 2)
        #expect(byNumber["4"]?.applicable == 2)
        #expect(byNumber["4"]?.status == .satisfied)
        #expect(byNumber["8"]?.partial == 1)
        #expect(byNumber["8"]?.missing == 2)
        #expect(byNumber["8"]?.status == .partial)
        #expect(byNumber["EP-01"]?.missing == 2)
        #expect(byNumber["EP-01"]?.status == .missing)
        #expect(matrix.status(of: try key("elect-std:4")) == .satisfied)
        #expect(matrix.status(of: try key("elect-std:4.1")) == .satisfied)
        #expect(matrix.status(of: try key("elect-std:99")) == nil)
    }

    @Test("tallies by process group the requirements tagged with a process or under its node")
    func byProcess() throws {
        let matrix = try Fixture.matrix([
            try Fixture.evidence(1, ["elect-std:EP-01.1"]), try Fixture.evidence(2, ["elect-std:4.2"]),
        ])
        let lines = matrix.tallyByProcess(of: try StandardID("elect-std"))
        #expect(lines.map(\.process) == [.voterRegistration, .voteCasting])
        let byProcess = Dictionary(uniqueKeysWithValues: lines.map { ($0.process, $0.tally) })
        // EP-01 holds the two leaves under its node.
        #expect(byProcess[.voterRegistration]?.applicable == 2)
        #expect(byProcess[.voterRegistration]?.satisfied == 1)
        #expect(byProcess[.voterRegistration]?.missing == 1)
        // EP-04 holds the two leaves tagged with it: 4.2 and EP-01.2.
        #expect(byProcess[.voteCasting]?.applicable == 2)
        #expect(byProcess[.voteCasting]?.satisfied == 1)
        #expect(byProcess[.voteCasting]?.missing == 1)
        #expect(matrix.tallyByProcess(of: try StandardID("other-std")).isEmpty)
    }

    @Test("the documented information checklist marks each item present, expired, absent or excluded")
    func checklist() throws {
        let excluded = try ApplicabilityDecision(
            key: try key("elect-std:8.2"), excluded: true, justification: "No audits of this kind are held",
            decidedBy: "amal")
        let matrix = try Fixture.matrix(
            [
                try Fixture.evidence(1, ["elect-std:4.1"]),
                try Fixture.evidence(2, ["elect-std:8.1"], until: "2026-03-31"),
                try Fixture.evidence(3, ["elect-std:8.1"], status: .withdrawn),
            ], decisions: [excluded])
        let items = matrix.documentedInformationChecklist(of: try StandardID("elect-std"))
        #expect(items.map(\.key.number) == ["4.1", "8.1", "8.1", "8.2.2"])
        #expect(items.map(\.type) == [.maintain, .retain, .maintain, .retain])
        #expect(items.map(\.state) == [.present, .expired, .expired, .excluded])
        #expect(items[0].evidence == [EvidenceID(year: 2026, number: 1)])
        #expect(items[1].evidence == [EvidenceID(year: 2026, number: 2)])
        #expect(items[1].description.en == "Planning records")
        #expect(items[0].requirementTitle.en == "Title 4.1")

        let nothing = try Fixture.matrix([])
        #expect(
            nothing.documentedInformationChecklist(of: try StandardID("elect-std")).map(\.state).allSatisfy {
                $0 == .absent
            })
        #expect(nothing.documentedInformationChecklist(of: try StandardID("no-such-std")).isEmpty)
    }

    @Test("the checklist lists full evidence before partial evidence")
    func checklistOrder() throws {
        let matrix = try Fixture.matrix([
            try Fixture.evidence(1, ["elect-std:4.1"], status: .draft), try Fixture.evidence(2, ["elect-std:4.1"]),
        ])
        let item = try #require(matrix.documentedInformationChecklist(of: try StandardID("elect-std")).first)
        #expect(item.state == .present)
        #expect(item.evidence.map(\.number) == [2, 1])
    }
}

@Suite("Evidence standing and alerts")
struct EvidenceAlertTests {
    let id = EvidenceID(year: 2026, number: 42)

    func validity(
        _ status: EvidenceStatus = .current, until: String? = nil, review: String? = nil
    ) -> EvidenceValidity {
        EvidenceValidity(
            status: status, effectiveFrom: Fixture.day("2026-01-01"), validUntil: until.map(Fixture.day),
            reviewDue: review.map(Fixture.day))
    }

    func describe(_ alert: EvidenceAlert) -> String {
        "\(alert.evidence) \(alert.kind.rawValue) \(alert.date) \(alert.days)"
    }

    @Test("standing on a day: full, partial with its reason, or none")
    func standing() {
        let day = Fixture.asOf
        #expect(validity().standing(on: day) == .full)
        #expect(validity(until: "2026-06-14").standing(on: day) == .partial(.expired))
        #expect(validity(review: "2026-06-14").standing(on: day) == .partial(.reviewOverdue))
        #expect(validity(.draft).standing(on: day) == .partial(.draft))
        #expect(validity(.withdrawn).standing(on: day) == .none)
        #expect(validity(.superseded).standing(on: day) == .none)
        #expect(validity().standing(on: Fixture.day("2025-12-31")) == .none)
    }

    @Test("evidence expiring within the window raises an alert with the days left; later expiry does not")
    func expiring() {
        let alerts = EvidenceAlert.alerts(
            for: id, validity: validity(until: "2026-07-15"), asOf: Fixture.asOf, window: 30)
        #expect(alerts.map(describe) == ["EV-2026-0042 expiring 2026-07-15 30"])
        #expect(
            EvidenceAlert.alerts(for: id, validity: validity(until: "2026-07-16"), asOf: Fixture.asOf, window: 30)
                .isEmpty)
        let today = EvidenceAlert.alerts(
            for: id, validity: validity(until: "2026-06-15"), asOf: Fixture.asOf, window: 0)
        #expect(today.map(\.kind) == [.expiring])
        #expect(today.first?.days == 0)
    }

    @Test("expired evidence and a passed review date raise alerts with negative days")
    func expiredAndOverdue() {
        let alerts = EvidenceAlert.alerts(
            for: id, validity: validity(until: "2026-06-05", review: "2026-06-01"), asOf: Fixture.asOf, window: 30)
        #expect(
            alerts.map(describe) == [
                "EV-2026-0042 expired 2026-06-05 -10", "EV-2026-0042 review-overdue 2026-06-01 -14",
            ])
        // A review due today is not yet overdue.
        #expect(
            EvidenceAlert.alerts(for: id, validity: validity(review: "2026-06-15"), asOf: Fixture.asOf, window: 30)
                .isEmpty)
    }

    @Test("withdrawn and superseded records raise no alerts; drafts do")
    func onlyLiveRecords() {
        for status in [EvidenceStatus.withdrawn, .superseded] {
            #expect(
                EvidenceAlert.alerts(
                    for: id, validity: validity(status, until: "2026-06-01"), asOf: Fixture.asOf, window: 30
                ).isEmpty)
        }
        #expect(
            EvidenceAlert.alerts(
                for: id, validity: validity(.draft, until: "2026-06-20"), asOf: Fixture.asOf, window: 30
            )
            .map(\.kind) == [.expiring])
    }
}
