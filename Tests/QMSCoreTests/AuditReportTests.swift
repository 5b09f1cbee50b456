import Foundation
import QMSCore
import Testing

@Suite("The audit report: meetings, conclusion, recommendation on certification")
struct AuditReportTests {
    static func day(_ text: String) throws -> CalendarDate { try CalendarDate(parsing: text) }

    /// An audit of `kind` held from 2026-09-08 to 2026-09-10, conducted, its report to come.
    static func audit(_ kind: AuditKind) throws -> Audit {
        let draft = AuditDraft(
            kind: kind, title: "\(kind.rawValue) audit of polling day", scope: AuditScope(processes: ["EP-04"]),
            auditors: ["Lead Auditor"], certificationBody: kind.isCertification ? "Cert Body" : nil,
            startsOn: try day("2026-09-08"), endsOn: try day("2026-09-10"))
        try draft.validate()
        return Audit(
            id: AuditID(year: 2026, number: 4), content: draft, status: .conducted,
            recordedAt: Instant(millisecondsSince1970: 1_788_000_000_000), recordedBy: "amal")
    }

    static func report(
        opening: AuditMeeting? = nil, closing: AuditMeeting? = nil, conclusion: String? = nil,
        recommendation: CertificationRecommendation? = nil, certificate: Certificate? = nil
    ) throws -> AuditReport {
        AuditReport(
            reportedOn: try day("2026-09-12"), summary: "One minor finding at the Irbid counting centre",
            certificate: certificate, reportedBy: "lead", openingMeeting: opening, closingMeeting: closing,
            conclusion: conclusion, recommendation: recommendation)
    }

    /// The rule and the field an error names.
    static func refusal(_ body: () throws -> Void) -> (rule: Rule?, field: String?) {
        do {
            try body()
        } catch let error as DomainError {
            if case .ruleViolated(let rule, _, _) = error { return (rule, error.field?.rawValue) }
            return (nil, error.field?.rawValue)
        } catch {
            return (nil, nil)
        }
        return (nil, nil)
    }

    @Test("a report recorded before meetings existed decodes, and encodes to the same keys")
    func oldReportDecodes() throws {
        let stored =
            #"{"evidence":["EV-2026-0001"],"reportedBy":"omar","reportedOn":"2026-03-05","summary":"Two findings"}"#
        let report = try JSONDecoder().decode(AuditReport.self, from: Data(stored.utf8))
        #expect(report.summary == "Two findings")
        #expect(report.openingMeeting == nil && report.closingMeeting == nil)
        #expect(report.conclusion == nil && report.recommendation == nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(String(decoding: try encoder.encode(report), as: UTF8.self) == stored)
    }

    @Test("meetings, conclusion and recommendation are kept, and decode again")
    func fullReport() throws {
        let opening = AuditMeeting(
            on: try Self.day("2026-09-08"), at: "09:00", attendees: [" Chair ", "Lead Auditor", "Chair"],
            notes: "Scope and plan confirmed")
        let closing = AuditMeeting(on: try Self.day("2026-09-10"), at: "16:30", attendees: ["Chair"])
        let audit = try Self.audit(.stage2).reported(
            try Self.report(
                opening: opening, closing: closing, conclusion: "The QMS conforms and is effective.",
                recommendation: .grant,
                certificate: Certificate(number: "QMS-2026-117", issuedOn: try Self.day("2026-09-12"))))
        #expect(audit.status == .reported)
        #expect(audit.report?.openingMeeting?.attendees == ["Chair", "Lead Auditor"])
        #expect(audit.report?.recommendation == .grant)
        let decoded = try JSONDecoder().decode(Audit.self, from: try JSONEncoder().encode(audit))
        #expect(decoded == audit)
    }

    @Test("a meeting outside the audit's days, without attendees or at no time of day is refused, naming its field")
    func meetingRules() throws {
        let audit = try Self.audit(.internal)
        let outside = Self.refusal {
            _ = try audit.reported(
                try Self.report(opening: AuditMeeting(on: try Self.day("2026-09-01"), attendees: ["Chair"])))
        }
        #expect(outside.rule == .meetingOutsideAudit && outside.field == "opening-date")
        let nobody = Self.refusal {
            _ = try audit.reported(
                try Self.report(closing: AuditMeeting(on: try Self.day("2026-09-10"), attendees: [" "])))
        }
        #expect(nobody.rule == .meetingNeedsAttendees && nobody.field == "closing-attendees")
        let time = Self.refusal {
            _ = try audit.reported(
                try Self.report(opening: AuditMeeting(on: try Self.day("2026-09-08"), at: "25:00", attendees: ["A"])))
        }
        #expect(time.rule == nil && time.field == "opening-time")
        let backwards = Self.refusal {
            _ = try audit.reported(
                try Self.report(
                    opening: AuditMeeting(on: try Self.day("2026-09-09"), attendees: ["A"]),
                    closing: AuditMeeting(on: try Self.day("2026-09-08"), attendees: ["A"])))
        }
        #expect(backwards.rule == .closingBeforeOpening && backwards.field == "closing-date")
    }

    @Test("the recommendation fits the kind of audit, and a certificate goes only with one to grant")
    func recommendationRules() throws {
        let internalAudit = Self.refusal {
            _ = try Self.audit(.internal).reported(try Self.report(recommendation: .grant))
        }
        #expect(internalAudit.rule == .recommendationNotForKind)
        let stage2 = Self.refusal { _ = try Self.audit(.stage2).reported(try Self.report(recommendation: .continue)) }
        #expect(stage2.rule == .recommendationNotForKind && stage2.field == "certification-recommendation")
        let surveillance = try Self.audit(.surveillance1).reported(try Self.report(recommendation: .afterCorrections))
        #expect(surveillance.report?.recommendation == .afterCorrections)
        let against = Self.refusal {
            _ = try Self.audit(.recertification).reported(
                try Self.report(
                    recommendation: .doNotGrant,
                    certificate: Certificate(number: "QMS-2029-001", issuedOn: try Self.day("2026-09-12"))))
        }
        #expect(against.rule == .certificateAgainstRecommendation)
        #expect(CertificationRecommendation.allowed(for: .stage1).isEmpty)
        let majors = [NonconformityID(year: 2026, number: 7)]
        let open = Self.refusal { try CertificationRecommendation.grant.check(openMajors: majors) }
        #expect(open.rule == .recommendationWithOpenMajors && open.field == "certification-recommendation")
        try CertificationRecommendation.afterCorrections.check(openMajors: majors)
        try CertificationRecommendation.continue.check(openMajors: [])
    }
}
