import QMSCore
import Testing

@Suite("Engagements: the window, the scope, restricted evidence")
struct EngagementTests {
    static func day(_ text: String) throws -> CalendarDate { try CalendarDate(parsing: text) }

    static func evidence(
        process: String? = "EP-01", location: String = "Headquarters archive", from: String = "2026-03-01",
        to: String? = nil, standard: String = "iso-9001-2015", confidentiality: Confidentiality = .internal
    ) throws -> EvidenceDraft {
        try EvidenceInput(
            title: "Polling staff training records", kind: "link", link: "https://example.org/records",
            owner: "Amal", process: process, location: location, effective: from, effectiveTo: to,
            confidentiality: confidentiality.rawValue, requirements: ["\(standard):7.2"]
        ).draft(owner: "Amal", today: try day("2026-12-07"))
    }

    static func engagement(
        _ scope: EngagementScope = EngagementScope(), grants: Bool = false, opens: String = "2026-12-07",
        closes: String = "2026-12-11", number: Int = 1
    ) throws -> Engagement {
        Engagement(
            id: EngagementID(year: 2026, number: number),
            content: EngagementDraft(
                certificationBody: "Bureau Veritas", auditors: ["Ext.Auditor"], scope: scope, grantsRestricted: grants,
                opensOn: try day(opens), closesOn: try day(closes)),
            recordedAt: Instant(millisecondsSince1970: 0), recordedBy: "amal")
    }

    @Test("an engagement account works only inside its window; a closed one ends at once; others are not concerned")
    func window() throws {
        let engagement = try Self.engagement()
        let decide = { (day: String) throws -> EngagementDecision in
            EngagementAccess.decide("ext.auditor", item: .page, on: try Self.day(day), engagements: [engagement])
        }
        #expect(try decide("2026-12-06") == .outsideWindow(opensOn: try Self.day("2026-12-07")))
        #expect(try decide("2026-12-07") == .allowed(engagement.id))
        #expect(try decide("2026-12-11") == .allowed(engagement.id))
        #expect(try decide("2026-12-12") == .outsideWindow(opensOn: nil))
        var closed = engagement
        try closed.close(on: try Self.day("2026-12-08"))
        #expect(
            EngagementAccess.decide("ext.auditor", item: .page, on: try Self.day("2026-12-08"), engagements: [closed])
                == .outsideWindow(opensOn: nil))
        #expect(throws: DomainError.self) { try closed.close(on: try Self.day("2026-12-09")) }
        #expect(
            EngagementAccess.decide("auditor", item: .page, on: try Self.day("2026-12-08"), engagements: [engagement])
                == .notEngaged)
    }

    @Test("the scope narrows by standard, process, site and period; a record of no process concerns the whole system")
    func scope() throws {
        let scope = EngagementScope(
            standards: [try StandardID("iso-9001-2015")], processes: ["ep-01"], sites: ["Headquarters"],
            periodFrom: try Self.day("2026-01-01"), periodTo: try Self.day("2026-06-30"))
        #expect(EngagementAccess.covers(scope, .evidence(try Self.evidence())))
        #expect(EngagementAccess.covers(scope, .evidence(try Self.evidence(process: nil))))
        #expect(!EngagementAccess.covers(scope, .evidence(try Self.evidence(process: "EP-04"))))
        #expect(!EngagementAccess.covers(scope, .evidence(try Self.evidence(location: "Benghazi field office"))))
        #expect(!EngagementAccess.covers(scope, .evidence(try Self.evidence(from: "2026-07-01"))))
        #expect(!EngagementAccess.covers(scope, .evidence(try Self.evidence(from: "2025-01-01", to: "2025-12-31"))))
        #expect(!EngagementAccess.covers(scope, .evidence(try Self.evidence(standard: "iso-ts-54001-2019"))))
        #expect(EngagementAccess.covers(scope, .requirement(try RequirementKey(parsing: "iso-9001-2015:8.5.1"))))
        #expect(!EngagementAccess.covers(scope, .standard(try StandardID("iso-ts-54001-2019"))))
        #expect(EngagementAccess.covers(EngagementScope(), .evidence(try Self.evidence(process: "EP-04"))))
    }

    @Test("restricted evidence is seen only under an open engagement that grants it")
    func restricted() throws {
        let secret = EngagementItem.evidence(try Self.evidence(confidentiality: .restricted))
        let on = try Self.day("2026-12-08")
        let withheld = try Self.engagement()
        let granted = try Self.engagement(grants: true, number: 2)
        #expect(EngagementAccess.decide("ext.auditor", item: secret, on: on, engagements: [withheld]) == .restricted)
        #expect(
            EngagementAccess.decide("ext.auditor", item: secret, on: on, engagements: [withheld, granted])
                == .allowed(granted.id))
        let out = EngagementItem.evidence(try Self.evidence(process: "EP-04"))
        let narrow = try Self.engagement(EngagementScope(processes: ["EP-01"]))
        #expect(EngagementAccess.decide("ext.auditor", item: out, on: on, engagements: [narrow]) == .outsideScope)
    }

    @Test("an engagement's rules name the field at fault")
    func rules() throws {
        let input = EngagementInput(
            certificationBody: "SGS", auditors: ["ext.a, ext.b"], standards: ["iso-9001-2015"], opens: "2026-12-11",
            closes: "2026-12-07")
        #expect(
            throws: DomainError.ruleViolated(
                .engagementClosesBeforeOpening, ["closes": "2026-12-07", "opens": "2026-12-11"],
                fix: .later("closes", after: "2026-12-11"))
        ) { try input.draft() }
        var none = input
        none.auditors = []
        none.closes = "2026-12-12"
        #expect(throws: DomainError.self) { try none.draft() }
        var ok = input
        ok.closes = "2026-12-12"
        #expect(try ok.draft().auditors == ["ext.a", "ext.b"])
        var badDay = input
        badDay.opens = "11/12/2026"
        do {
            _ = try badDay.draft()
            Issue.record("a day in another form is refused")
        } catch {
            #expect(error.field == "opens")
        }
    }
}
