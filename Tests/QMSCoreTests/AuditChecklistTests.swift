import Testing

@testable import QMSCore

private func day(_ text: String) throws -> CalendarDate { try CalendarDate(parsing: text) }
private func key(_ text: String) throws -> RequirementKey { try RequirementKey(parsing: text) }

private func audit(kind: AuditKind = .internal, processes: [String] = ["EP-04"]) throws -> AuditDraft {
    AuditDraft(
        kind: kind, title: "Internal audit of polling day",
        scope: AuditScope(requirements: [try key("iso-9001-2015:8.5.1")], processes: processes),
        auditors: ["Omar Khalil", "Salma Haddad"], leadAuditor: "Rana Aziz",
        certificationBody: kind.isCertification ? "Cert Body" : nil, startsOn: try day("2026-09-09"),
        endsOn: try day("2026-09-11"))
}

private func plan(_ visits: [AuditVisit]) -> AuditPlan {
    AuditPlan(objectives: "Check polling-day operations against 8.5.1", schedule: visits)
}

private func process(_ code: String, _ name: String, owner: String, ep: ElectoralProcess?, _ keys: [String]) throws
    -> ProcessDraft
{
    ProcessDraft(
        code: try RegisterCode(code), name: name, category: ep == nil ? .support : .electoral, owner: owner,
        electoralProcess: ep, inputs: ["in"], outputs: ["out"], requirements: try keys.map(key))
}

@Suite("Audit plans and checklists (ISO 19011)")
struct AuditChecklistTests {
    @Test("an auditor of a sitting may not audit the process they own; the error names both")
    func independence() throws {
        let draft = try audit()
        let owners = ["omar khalil": ["EP-04"], "Rana Aziz": ["EP-01"]]
        let own = plan([AuditVisit(on: try day("2026-09-10"), process: "ep-04", auditors: ["Omar Khalil"])])
        #expect(own.independenceConflicts(of: draft, owners: owners).map(\.auditor) == ["Omar Khalil"])
        let error = try #require(throws: DomainError.self) { try own.validate(for: draft, owners: owners) }
        guard case .ruleViolated(.auditorOwnsProcess, let arguments, _) = error else {
            Issue.record("expected the independence rule, got \(error)")
            return
        }
        #expect(arguments["auditor"] == "Omar Khalil")
        #expect(arguments["process"] == "EP-04")

        // Salma audits EP-04: independent. A sitting without auditors is the whole team's, Omar included.
        let other = plan([AuditVisit(on: try day("2026-09-10"), process: "EP-04", auditors: ["Salma Haddad"])])
        try other.validate(for: draft, owners: owners)
        let whole = plan([AuditVisit(on: try day("2026-09-10"), process: "EP-04")])
        #expect(whole.independenceConflicts(of: draft, owners: owners).map(\.auditor) == ["Omar Khalil"])
        // A certification body's auditors are independent by accreditation.
        #expect(whole.independenceConflicts(of: try audit(kind: .stage2), owners: owners).isEmpty)
    }

    @Test("a sitting falls within the audit's days, at a real time, audited by the team")
    func sittings() throws {
        let draft = try audit()
        #expect(throws: DomainError.self) {
            try plan([AuditVisit(on: try day("2026-09-12"))]).validate(for: draft, owners: [:])
        }
        #expect(throws: DomainError.self) {
            try plan([AuditVisit(on: try day("2026-09-10"), at: "24:00")]).validate(for: draft, owners: [:])
        }
        #expect(throws: DomainError.self) {
            try plan([AuditVisit(on: try day("2026-09-10"), auditors: ["Someone Else"])]).validate(
                for: draft, owners: [:])
        }
        #expect(throws: DomainError.self) { try plan([]).validate(for: draft, owners: [:]) }
        try plan([AuditVisit(on: try day("2026-09-09"), at: "09:30", site: "Irbid", auditors: ["rana aziz"])])
            .validate(for: draft, owners: [:])
        #expect(AuditVisit.isTime("23:59") && !AuditVisit.isTime("9:30") && !AuditVisit.isTime("12:60"))
    }

    @Test("the checklist lists the scope's requirements, then those of each process in scope, once each")
    func generation() throws {
        let processes = [
            try process(
                "P-04", "Vote casting", owner: "Operations", ep: .voteCasting,
                ["iso-9001-2015:8.5.1", "iso-9001-2015:8.5.2", "iso-ts-54001-2019:8.5.1.4"]),
            try process("P-07", "Procurement", owner: "Finance", ep: nil, ["iso-9001-2015:8.4.1"]),
            try process("P-09", "Training", owner: "HR", ep: nil, ["iso-9001-2015:7.2"]),
        ]
        let scope = AuditScope(
            requirements: [try key("iso-9001-2015:8.5.1"), try key("iso-9001-2015:9.2.2")],
            processes: ["EP-04", "procurement"])
        let checklist = AuditChecklist.generate(scope: scope, processes: processes)
        #expect(
            checklist.items.map(\.requirement.description) == [
                "iso-9001-2015:8.5.1", "iso-9001-2015:9.2.2", "iso-9001-2015:8.5.2", "iso-ts-54001-2019:8.5.1.4",
                "iso-9001-2015:8.4.1",
            ])
        #expect(checklist.items.map { $0.process ?? "" } == ["", "", "EP-04", "EP-04", "procurement"])
        #expect(checklist.items.allSatisfy { $0.result == .notYet })

        // Generating again keeps what was recorded, and an item no longer in scope stays at the end.
        let recorded = try checklist.recording(
            AuditCheck(requirement: try key("iso-9001-2015:8.4.1"), result: .conforming), by: "omar",
            on: try day("2026-09-10"))
        let narrower = AuditScope(requirements: [try key("iso-9001-2015:8.5.1")], processes: ["P-09"])
        let again = AuditChecklist.generate(scope: narrower, processes: processes, keeping: recorded)
        #expect(
            again.items.map(\.requirement.description) == [
                "iso-9001-2015:8.5.1", "iso-9001-2015:7.2", "iso-9001-2015:8.4.1",
            ])
        #expect(again.item(try key("iso-9001-2015:8.4.1"))?.result == .conforming)
    }

    @Test("a nonconforming item needs a major or minor grade and notes, and drafts one finding")
    func recording() throws {
        let stored = Audit(
            id: try AuditID(parsing: "AUD-2026-03"), content: try audit(), status: .planned,
            recordedAt: Instant(secondsSince1970: 0), recordedBy: "amal")
        let checklist = AuditChecklist.generate(scope: stored.content.scope, processes: [])
        let requirement = try key("iso-9001-2015:8.5.1")
        let on = try day("2026-09-10")
        #expect(throws: DomainError.self, "no grade") {
            try checklist.recording(
                AuditCheck(requirement: requirement, result: .nonconforming, notes: "x"), by: "omar", on: on)
        }
        #expect(throws: DomainError.self, "an observation's grade on a nonconformity") {
            try checklist.recording(
                AuditCheck(requirement: requirement, result: .nonconforming, grade: .ofi, notes: "x"), by: "omar",
                on: on)
        }
        #expect(throws: DomainError.self, "no notes") {
            try checklist.recording(
                AuditCheck(requirement: requirement, result: .nonconforming, grade: .minor), by: "omar", on: on)
        }
        #expect(throws: DomainError.self, "a conforming item takes no grade") {
            try checklist.recording(
                AuditCheck(requirement: requirement, result: .conforming, grade: .minor), by: "omar", on: on)
        }
        #expect(throws: DomainError.self, "a requirement not on the checklist") {
            try checklist.recording(
                AuditCheck(requirement: try key("iso-9001-2015:4.1"), result: .conforming), by: "omar", on: on)
        }
        let found = try checklist.recording(
            AuditCheck(
                requirement: requirement, result: .nonconforming, grade: .minor,
                notes: "Two result forms unsigned\nIrbid, stations 12 and 31", sample: "12 of 140 result forms"),
            by: "Omar Khalil", on: on)
        let item = try #require(found.item(requirement))
        let draft = try #require(item.findingDraft(of: stored))
        #expect(draft.title == "Two result forms unsigned")
        #expect(draft.description == "Two result forms unsigned\nIrbid, stations 12 and 31\n\n12 of 140 result forms")
        #expect(draft.grade == .minor && draft.source == .internalAudit && draft.audit == stored.id)
        #expect(draft.requirements == [requirement] && draft.raisedBy == "Omar Khalil" && draft.raisedOn == on)
        try draft.validate()

        // Once raised, no second draft; the result and grade stay, the notes may still change.
        var raised = found
        raised.items[0].finding = try NonconformityID(parsing: "NC-2026-004")
        #expect(raised.items[0].findingDraft(of: stored) == nil)
        #expect(throws: DomainError.self) {
            try raised.recording(
                AuditCheck(requirement: requirement, result: .conforming), by: "Omar Khalil", on: on)
        }
        let renoted = try raised.recording(
            AuditCheck(requirement: requirement, result: .nonconforming, grade: .minor, notes: "Three forms"),
            by: "Omar Khalil", on: on)
        #expect(renoted.items[0].finding?.description == "NC-2026-004")
        #expect(renoted.items[0].findingDraft(of: stored) == nil)

        // An observation is graded observation unless told; conforming items draft nothing.
        let observed = try checklist.recording(
            AuditCheck(requirement: requirement, result: .observation, notes: "Queue signs faded"), by: "Omar Khalil",
            on: on)
        #expect(observed.items[0].grade == .observation)
        #expect(observed.items[0].findingDraft(of: stored)?.grade == .observation)
        let fine = try checklist.recording(
            AuditCheck(requirement: requirement, result: .conforming), by: "Omar Khalil", on: on)
        #expect(fine.items[0].findingDraft(of: stored) == nil)
    }
}
