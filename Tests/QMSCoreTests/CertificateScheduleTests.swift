import QMSCore
import Testing

@Suite("Certificates and their schedule (ISO/IEC 17021-1)")
struct CertificateScheduleTests {
    static func day(_ text: String) throws -> CalendarDate { try CalendarDate(parsing: text) }

    static func record(issued: String, standards: [String] = ["iso-9001-2015"]) throws -> CertificateRecord {
        CertificateRecord(
            certificate: Certificate(number: "EMB-QMS-010", issuedOn: try day(issued)), body: "Cert Body",
            scope: CertificateScope(standards: try standards.map { try StandardID($0) }, sites: ["Headquarters"]))
    }

    static func audit(_ kind: AuditKind, _ number: Int, start: String, status: AuditStatus = .conducted) throws
        -> Audit
    {
        let draft = AuditDraft(
            kind: kind, title: "\(kind.rawValue) audit", scope: AuditScope(processes: ["EP-04"]), auditors: ["Lead"],
            certificationBody: "Cert Body", startsOn: try day(start), endsOn: try day(start).adding(days: 1))
        try draft.validate()
        return Audit(
            id: AuditID(year: 2026, number: number), content: draft, status: status,
            recordedAt: Instant(millisecondsSince1970: 0), recordedBy: "amal")
    }

    func entry(_ schedule: CertificationSchedule, _ step: CertificationStep) -> CertificationScheduleEntry? {
        schedule.entries.first { $0.step == step }
    }

    // Hand-computed: decision 2026-01-15. Surveillance 1 within twelve months: 2027-01-15.
    // Surveillance 2: 24 months (2028-01-15) is earlier than the end of the year after surveillance
    // 1's year (2028-12-31). Recertification: the certificate expires 2029-01-14, three years less a
    // day; the end of the year after 2028 is later. Calendar years 2027, 2028 each have an audit.
    @Test("a decision on 15 January 2026: surveillance by 2027-01-15 and 2028-01-15, recertification by 2029-01-14")
    func januaryDecision() throws {
        let record = try Self.record(issued: "2026-01-15")
        let schedule = CertificationCycle.schedule(of: record, audits: [], on: try Self.day("2026-02-01"))
        #expect(schedule.entries.map(\.step) == [.stage1, .stage2, .surveillance1, .surveillance2, .recertification])
        #expect(entry(schedule, .surveillance1)?.dueBy == (try Self.day("2027-01-15")))
        #expect(entry(schedule, .surveillance1)?.rule == .twelveMonths)
        #expect(entry(schedule, .surveillance2)?.dueBy == (try Self.day("2028-01-15")))
        #expect(entry(schedule, .surveillance2)?.rule == .twentyFourMonths)
        #expect(entry(schedule, .recertification)?.dueBy == (try Self.day("2029-01-14")))
        #expect(entry(schedule, .recertification)?.rule == .expiry)
        #expect(schedule.next?.step == .surveillance1)
        #expect(schedule.next?.daysLeft(on: try Self.day("2026-02-01")) == 348)
        // Surveillance 1 held early, in March 2026: 2027 needs its own audit, so surveillance 2 is
        // due by 2027-12-31, before 24 months.
        let early = try Self.audit(.surveillance1, 3, start: "2026-03-02")
        let held = CertificationCycle.schedule(of: record, audits: [early], on: try Self.day("2026-04-01"))
        #expect(entry(held, .surveillance1)?.held == early.id)
        #expect(entry(held, .surveillance2)?.dueBy == (try Self.day("2027-12-31")))
        #expect(entry(held, .surveillance2)?.rule == .calendarYear)
        #expect(held.next?.step == .surveillance2)
    }

    // Hand-computed: decision 2025-12-10. Surveillance 1 by 2026-12-10 (twelve months, earlier than
    // 2026-12-31); surveillance 2 by 2027-12-10 (24 months, earlier than 2027-12-31); expiry
    // 2028-12-09. Surveillance 2 held in January 2027 leaves 2028 needing an audit: recertification
    // by the expiry, 2028-12-09, which comes before 2028-12-31.
    @Test("a decision on 10 December 2025: surveillance by 2026-12-10 and 2027-12-10, recertification by 2028-12-09")
    func decemberDecision() throws {
        let record = try Self.record(issued: "2025-12-10")
        let s1 = try Self.audit(.surveillance1, 3, start: "2026-11-30")
        let s2 = try Self.audit(.surveillance2, 4, start: "2027-01-20")
        let schedule = CertificationCycle.schedule(of: record, audits: [s1, s2], on: try Self.day("2027-02-01"))
        #expect(entry(schedule, .surveillance1)?.dueBy == (try Self.day("2026-12-10")))
        #expect(entry(schedule, .surveillance1)?.heldLate == false)
        #expect(entry(schedule, .surveillance2)?.dueBy == (try Self.day("2027-12-10")))
        #expect(entry(schedule, .surveillance2)?.rule == .twentyFourMonths)
        #expect(entry(schedule, .recertification)?.dueBy == (try Self.day("2028-12-09")))
        #expect(entry(schedule, .recertification)?.rule == .expiry)
        #expect(schedule.next?.step == .recertification)
        let planned = try Self.audit(.recertification, 5, start: "2028-10-01", status: .planned)
        let withPlan = CertificationCycle.schedule(
            of: record, audits: [s1, s2, planned], on: try Self.day("2027-02-01"))
        #expect(entry(withPlan, .recertification)?.planned == planned.id)
    }

    // The 24-month rule checked against both conditions of 9.6.2.2 for a decision on the 1st and
    // the 28th of every month of 2026 and surveillance 1 held on any week within its twelve months:
    // surveillance 2 never falls due after the end of the calendar year following surveillance 1,
    // surveillance 1 never more than twelve months after the decision, and recertification never
    // after the expiry.
    @Test("the schedule keeps an audit in every calendar year and the first within twelve months, whatever the month")
    func everyMonth() throws {
        for month in 1...12 {
            for dayOfMonth in [1, 28] {
                let decision = try CalendarDate(year: 2026, month: month, day: dayOfMonth)
                let record = try Self.record(issued: decision.description)
                var held = decision.adding(days: 7)
                while held <= decision.adding(months: 12) {
                    let s1 = try Self.audit(.surveillance1, 3, start: held.description)
                    let schedule = CertificationCycle.schedule(of: record, audits: [s1], on: decision)
                    let s1Due = try #require(entry(schedule, .surveillance1)?.dueBy)
                    let s2Due = try #require(entry(schedule, .surveillance2)?.dueBy)
                    let reDue = try #require(entry(schedule, .recertification)?.dueBy)
                    #expect(s1Due <= decision.adding(months: 12))
                    #expect(s2Due.year <= held.year + 1, "decision \(decision), surveillance 1 on \(held)")
                    #expect(s2Due <= decision.adding(months: 24))
                    #expect(reDue <= record.certificate.validUntil)
                    #expect(reDue.year <= s2Due.year + 1)
                    held = held.adding(days: 7)
                }
            }
        }
    }

    @Test("a certificate of ISO 9001:2015 gets its transition deadline when the organisation has the 2026 edition")
    func transition() throws {
        let record = try Self.record(issued: "2026-01-15")
        let move = EditionTransition(
            from: try StandardID("iso-9001-2015"), to: try StandardID("iso-9001-2026"),
            deadline: try Self.day("2029-12-31"), recorded: false)
        let schedule = CertificationCycle.schedule(
            of: record, audits: [], transition: move, on: try Self.day("2026-02-01"))
        #expect(entry(schedule, .transition)?.dueBy == (try Self.day("2029-12-31")))
        #expect(entry(schedule, .transition)?.rule == .transitionDeadline)
        let moved = try Self.record(issued: "2026-01-15", standards: ["iso-9001-2026"])
        #expect(
            CertificationCycle.schedule(of: moved, audits: [], transition: move, on: try Self.day("2026-02-01"))
                .entries.allSatisfy { $0.step != .transition })
    }

    @Test("a suspended certificate is reinstated; a withdrawn one stays withdrawn and has no further audits")
    func statusChanges() throws {
        let record = try Self.record(issued: "2026-01-15")
        #expect(record.status == .valid)
        let suspended = try record.changing(to: .suspended, on: try Self.day("2026-06-01"), reason: "Major NC open")
        #expect(suspended.status == .suspended)
        #expect(suspended.status(on: try Self.day("2026-05-31")) == .valid)
        #expect(throws: DomainError.self) {
            try suspended.changing(to: .suspended, on: try Self.day("2026-06-02"), reason: "again")
        }
        #expect(throws: DomainError.self) {
            try suspended.changing(to: .valid, on: try Self.day("2026-05-01"), reason: "before the suspension")
        }
        let reinstated = try suspended.changing(to: .valid, on: try Self.day("2026-07-01"), reason: "NC closed")
        #expect(reinstated.status == .valid)
        let schedule = CertificationCycle.schedule(of: suspended, audits: [], on: try Self.day("2026-06-15"))
        #expect(schedule.status == .suspended)
        #expect(schedule.next?.step == .surveillance1)
        let withdrawn = try reinstated.changing(to: .withdrawn, on: try Self.day("2026-09-01"), reason: "Request")
        #expect(throws: DomainError.self) {
            try withdrawn.changing(to: .valid, on: try Self.day("2026-10-01"), reason: "Try again")
        }
        let ended = CertificationCycle.schedule(of: withdrawn, audits: [], on: try Self.day("2026-09-02"))
        #expect(ended.next == nil)
        #expect(ended.entries.map(\.step) == [.stage1, .stage2])
    }

    @Test("a certificate needs a standard, a justified exclusion and an expiry after issue")
    func validation() throws {
        var record = try Self.record(issued: "2026-01-15")
        try record.validate()
        record.scope.exclusions = [CertificateExclusion(requirement: "8.3", justification: " ")]
        #expect(throws: DomainError.self) { try record.validate() }
        record.scope = CertificateScope(standards: [])
        #expect(throws: DomainError.self) { try record.validate() }
        let backwards = CertificateRecord(
            certificate: Certificate(
                number: "X-1", issuedOn: try Self.day("2026-01-15"), validUntil: try Self.day("2026-01-01")),
            body: "Cert Body", scope: CertificateScope(standards: [try StandardID("iso-9001-2015")]))
        #expect(throws: DomainError.self) { try backwards.validate() }
        #expect(throws: DomainError.self) { try CertificationBody(name: " ").validate() }
    }
}
