import Foundation
import QMSCore
import Testing

private func day(_ text: String) throws -> CalendarDate { try CalendarDate(parsing: text) }

private func users() throws -> [User] {
    [
        try User(username: "amal", displayName: "Amal Haddad", role: .processOwner, processes: ["EP-01"]),
        try User(username: "omar", displayName: "Omar Khalil", role: .processOwner, active: false),
        try User(username: "qm", displayName: "Sara Quality", role: .qualityManager),
        try User(username: "root", role: .admin),
    ]
}

private func candidate(
    _ reference: String, due: String, owner: [String] = ["amal"], kind: DueKind = .evidenceExpiry,
    restricted: Bool = false
) throws -> DueCandidate {
    DueCandidate(
        kind: kind,
        record: DueRecord(
            reference: reference, route: "/evidence/\(reference)", title: "Title \(reference)", restricted: restricted),
        date: try day(due), responsible: owner)
}

private func run(_ candidates: [DueCandidate], asOf: String, settings: DueSettings = .standard) throws -> [DueItem] {
    DueEngine.due(DueSnapshot(candidates: candidates, users: try users()), asOf: try day(asOf), settings: settings)
}

@Suite("Due dates: the engine, with hand-computed days")
struct DueEngineTests {
    @Test("thresholds: 30 days ahead is reached, 31 is not; 8 days reaches 30, 7 reaches 7, the day itself reaches 1")
    func thresholds() throws {
        // 2026-12-07 + 30 days = 2027-01-06 (24 days left in December, then 6 in January).
        let items = try run(
            [
                try candidate("A", due: "2027-01-06"), try candidate("B", due: "2027-01-07"),
                try candidate("C", due: "2026-12-15"), try candidate("D", due: "2026-12-14"),
                try candidate("E", due: "2026-12-08"), try candidate("F", due: "2026-12-07"),
            ], asOf: "2026-12-07")
        let byReference = Dictionary(uniqueKeysWithValues: items.map { ($0.record.reference, $0) })
        #expect(byReference["A"]?.threshold == .before(days: 30))
        #expect(byReference["A"]?.daysLeft == 30)
        #expect(byReference["B"] == nil)
        #expect(byReference["C"]?.threshold == .before(days: 30))
        #expect(byReference["C"]?.daysLeft == 8)
        #expect(byReference["D"]?.threshold == .before(days: 7))
        #expect(byReference["E"]?.threshold == .before(days: 1))
        #expect(byReference["F"]?.threshold == .before(days: 1))
        #expect(byReference["F"]?.daysLeft == 0)
        // Sorted by due day.
        #expect(items.map(\.record.reference) == ["F", "E", "D", "C", "A"])
    }

    @Test("month ends and the turn of the year: 31 January to 2 March 2027 is 30 days (February has 28)")
    func monthEnds() throws {
        let items = try run(
            [
                try candidate("FEB", due: "2027-02-07"), try candidate("MAR", due: "2027-03-02"),
                try candidate("MAR3", due: "2027-03-03"),
            ], asOf: "2027-01-31")
        #expect(items.map(\.record.reference) == ["FEB", "MAR"])
        #expect(items.map(\.daysLeft) == [7, 30])
        #expect(items.map(\.threshold) == [.before(days: 7), .before(days: 30)])
        let newYear = try run([try candidate("NY", due: "2027-01-01")], asOf: "2026-12-25")
        #expect(newYear.first?.daysLeft == 7)
        #expect(newYear.first?.threshold == .before(days: 7))
        // 30 April to 31 May: 31 days, beyond the horizon.
        #expect(try run([try candidate("MAY", due: "2027-05-31")], asOf: "2027-04-30").isEmpty)
    }

    @Test("a leap year: 29 February 2028 is a day, so 1 February to 2 March 2028 is 30 days (one more than in 2027)")
    func leapDay() throws {
        let leap = try run([try candidate("L", due: "2028-03-02")], asOf: "2028-02-01")
        #expect(leap.first?.daysLeft == 30)
        #expect(try run([try candidate("C", due: "2027-03-02")], asOf: "2027-02-01").first?.daysLeft == 29)
        let eve = try run(
            [try candidate("LD", due: "2028-02-29"), try candidate("M1", due: "2028-03-01")], asOf: "2028-02-28")
        #expect(eve.map(\.daysLeft) == [1, 2])
        #expect(eve.map(\.threshold) == [.before(days: 1), .before(days: 7)])
        let after = try run([try candidate("LD", due: "2028-02-29")], asOf: "2028-03-01")
        #expect(after.first?.threshold == .overdue)
        #expect(after.first?.daysLeft == -1)
        #expect(after.first?.daysOverdue == 1)
    }

    @Test("overdue by the escalation delay also goes to the quality manager; a day less does not")
    func escalation() throws {
        let items = try run(
            [try candidate("OLD", due: "2026-11-30"), try candidate("NEW", due: "2026-12-01")], asOf: "2026-12-07")
        let old = items.filter { $0.record.reference == "OLD" }
        #expect(old.map(\.user).sorted() == ["amal", "qm"])
        #expect(old.first { $0.user == "amal" }?.threshold == .overdue)
        #expect(old.first { $0.user == "qm" }?.threshold == .escalated)
        #expect(old.first { $0.user == "qm" }?.routing == .escalation)
        #expect(old.first?.daysLeft == -7)
        let new = items.filter { $0.record.reference == "NEW" }
        #expect(new.map(\.user) == ["amal"])
        #expect(new.first?.daysLeft == -6)
        // A longer delay setting holds the escalation back.
        let later = try run(
            [try candidate("OLD", due: "2026-11-30")], asOf: "2026-12-07",
            settings: DueSettings(thresholds: [30, 7, 1], escalateAfterDays: 10))
        #expect(later.map(\.user) == ["amal"])
    }

    @Test("a deactivated owner's and an unknown owner's items go to the quality manager; names match display names")
    func routing() throws {
        let items = try run(
            [
                try candidate("INACTIVE", due: "2026-12-10", owner: ["omar"]),
                try candidate("NAMED", due: "2026-12-10", owner: ["  amal haddad "]),
                try candidate("UNKNOWN", due: "2026-12-10", owner: ["Head of Procurement"]),
                try candidate("NOBODY", due: "2026-12-10", owner: []),
            ], asOf: "2026-12-07")
        let routed = Dictionary(uniqueKeysWithValues: items.map { ($0.record.reference, ($0.user, $0.routing)) })
        #expect(routed["INACTIVE"]?.0 == "qm")
        #expect(routed["INACTIVE"]?.1 == .ownerInactive)
        #expect(routed["NAMED"]?.0 == "amal")
        #expect(routed["NAMED"]?.1 == .responsible)
        #expect(routed["UNKNOWN"]?.1 == .ownerUnknown)
        #expect(routed["NOBODY"]?.1 == .unassigned)
        #expect(!items.contains { $0.user == "omar" })
        // Without a quality manager, the administrators receive them.
        let noManager = DueEngine.due(
            DueSnapshot(
                candidates: [try candidate("X", due: "2026-12-10", owner: ["omar"])],
                users: try users().filter { $0.role != .qualityManager }),
            asOf: try day("2026-12-07"))
        #expect(noManager.map(\.user) == ["root"])
    }

    @Test("restricted titles are withheld from a process owner and shown to the quality manager")
    func restricted() throws {
        let items = try run(
            [try candidate("SECRET", due: "2026-11-01", restricted: true), try candidate("OPEN", due: "2026-12-10")],
            asOf: "2026-12-07")
        let secret = items.filter { $0.record.reference == "SECRET" }
        #expect(secret.first { $0.user == "amal" }?.titleWithheld == true)
        #expect(secret.first { $0.user == "amal" }?.visibleTitle == nil)
        // Not kept in the item either, so its JSON (`eqms notify due --json`) cannot carry it.
        let withheld = try #require(secret.first { $0.user == "amal" })
        let json = String(decoding: try JSONEncoder().encode(withheld), as: UTF8.self)
        #expect(!json.contains("Title SECRET"))
        #expect(secret.first { $0.user == "qm" }?.visibleTitle == "Title SECRET")
        #expect(items.first { $0.record.reference == "OPEN" }?.visibleTitle == "Title OPEN")
        let auditor = try User(username: "aud", role: .auditor)
        let viewer = try User(username: "view", role: .viewer)
        #expect(EvidenceAccess.mayReadRestricted(auditor))
        #expect(!EvidenceAccess.mayReadRestricted(viewer))
        #expect(!EvidenceAccess.mayReadRestricted(try User(username: "gone", role: .qualityManager, active: false)))
    }

    @Test("keys are (user, item, threshold), unique, and the same on another run")
    func keys() throws {
        let candidates = [
            try candidate("EV-2026-0001", due: "2026-12-10", owner: ["amal", "Amal Haddad"]),
            try candidate("EV-2026-0002", due: "2026-11-01"),
        ]
        let first = try run(candidates, asOf: "2026-12-07")
        let second = try run(candidates.reversed(), asOf: "2026-12-07")
        #expect(first.map(\.key) == second.map(\.key))
        #expect(Set(first.map(\.key)).count == first.count)
        #expect(first.map(\.key.description).contains("amal|evidence-expiry:EV-2026-0001|7d"))
        #expect(first.map(\.key.description).contains("qm|evidence-expiry:EV-2026-0002|escalated"))
        // The same item a day later at another threshold has another key.
        let next = try run(candidates, asOf: "2026-12-09")
        #expect(next.first { $0.record.reference == "EV-2026-0001" }?.key.threshold == "1d")
    }

    @Test("settings keep thresholds unique and largest first; custom thresholds are honoured")
    func settings() throws {
        let settings = DueSettings(thresholds: [3, 14, 3, -1], escalateAfterDays: -2)
        #expect(settings.thresholds == [14, 3])
        #expect(settings.escalateAfterDays == 0)
        #expect(settings.threshold(daysLeft: 15) == nil)
        #expect(settings.threshold(daysLeft: 14) == .before(days: 14))
        #expect(settings.threshold(daysLeft: 4) == .before(days: 14))
        #expect(settings.threshold(daysLeft: 0) == .before(days: 3))
        #expect(settings.threshold(daysLeft: -1) == .overdue)
    }

    @Test("sources: evidence gives its expiry and review; a withdrawn record and done actions give nothing")
    func sources() throws {
        let draft = EvidenceDraft(
            title: "Polling staff roster", kind: .note, owner: "amal", effectiveFrom: try day("2026-01-01"),
            collectedOn: try day("2026-01-01"), validUntil: try day("2026-12-31"), reviewDue: try day("2026-06-30"),
            confidentiality: .restricted, requirements: [try RequirementKey(parsing: "iso-9001-2015:7.5.3")])
        let record = EvidenceRecord(
            id: EvidenceID(year: 2026, number: 42), revision: 1, content: draft, files: [], status: .current,
            recordedAt: Instant(millisecondsSince1970: 0), recordedBy: "amal")
        let candidates = DueSources.evidence(record)
        #expect(candidates.map(\.kind) == [.evidenceExpiry, .evidenceReview])
        #expect(candidates.map(\.date) == [try day("2026-12-31"), try day("2026-06-30")])
        #expect(candidates.first?.record.route == "/evidence/EV-2026-0042")
        #expect(candidates.allSatisfy { $0.record.restricted })
        var withdrawn = record
        withdrawn.status = .withdrawn
        #expect(DueSources.evidence(withdrawn).isEmpty)
        // A work plan under review falls due on the first day of its year, for the committee.
        let plan = DueSources.workPlan(
            awp: try PlanID("awp-2027"), version: 2, year: 2027, status: .underReview, title: "Elections 2027",
            committee: ["tc1", "tc2"])
        #expect(plan.first?.date == (try day("2027-01-01")))
        #expect(plan.first?.responsible == ["tc1", "tc2"])
        #expect(
            DueSources.workPlan(
                awp: try PlanID("awp-2027"), version: 2, year: 2027, status: .approved, title: "", committee: []
            ).isEmpty)
    }
}
