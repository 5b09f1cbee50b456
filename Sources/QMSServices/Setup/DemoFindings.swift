import Foundation
import QMSCore

/// The findings side of the demo organisation, told as a story of steps rather than a list, so
/// written here rather than in the registers file: an internal audit held six weeks ago with
/// its report, the nonconformity it raised part-way through the ISO 9001 10.2 steps, an
/// opportunity for improvement closed, the next audit in the programme, observer-mission
/// recommendations followed up, a management review
/// with one action done and one open, and Technical Committee remarks on the HNEC 2018 work plan
/// under review. Dates are counted from the day the demo is seeded. All of it is sample data.
enum DemoFindings {
    static func seed(_ qms: QMS, plans: Bool) async throws {
        let today = qms.today
        let manager = qms.acting(as: "amal")
        let owner = qms.acting(as: "omar")
        let auditor = "Khaled Mansour (sample internal auditor)"
        let scope = AuditScope(
            requirements: try [
                "iso-54001-2019:EP-01", "iso-54001-2019:EP-05", "iso-9001-2015:7.5.3", "iso-9001-2015:8.4.1",
            ].map { try RequirementKey(parsing: $0) },
            processes: ["EP-01", "EP-05"], sites: ["Headquarters (sample)", "Irbid field office (sample)"])
        let held = today.adding(days: -45)
        let audit = try await manager.on(held.adding(days: 2)).audits.add(
            AuditDraft(
                kind: .internal, title: "Internal audit of voter registration and results management (sample)",
                scope: scope, auditors: ["Rana Saleh (sample internal auditor)"], leadAuditor: auditor,
                startsOn: held, endsOn: held.adding(days: 2)))
        let reported = held.adding(days: 7)
        try await manager.on(reported).audits.report(
            audit.id,
            AuditReport(
                reportedOn: reported,
                summary: "Sample report: the results procedure and the provider evaluations conform; one minor "
                    + "nonconformity in document control at the Irbid field office; one opportunity for improvement "
                    + "in the publication of results.",
                reportedBy: auditor))

        let nonconformity = try await manager.on(reported).nonconformities.open(
            NonconformityDraft(
                title: "Field office works from an uncontrolled copy of the voter register update procedure (sample)",
                description: "At the Irbid field office the registration staff used a printed copy of PR-EP01-01 "
                    + "that was not the issued version, and the procedure had passed its review date.",
                source: .internalAudit, grade: .minor,
                requirements: try ["iso-9001-2015:7.5.3", "iso-54001-2019:EP-01"].map {
                    try RequirementKey(parsing: $0)
                },
                process: "EP-01", site: "Irbid field office (sample)", audit: audit.id, raisedBy: auditor,
                raisedOn: reported))
        try await owner.on(reported.adding(days: 1)).nonconformities.advance(
            nonconformity.id, to: .contained,
            with: CorrectiveActionStep(
                note: "Printed copies withdrawn from the Irbid office; the issued version sent to every field office.",
                consequences: "The registrations of the audit week were checked against the issued procedure: no "
                    + "record was affected."))
        try await owner.on(reported.adding(days: 6)).nonconformities.advance(
            nonconformity.id, to: .analysed,
            with: CorrectiveActionStep(
                method: "Five whys",
                causes: [
                    "No reminder of review dates reaches the process owners",
                    "Field offices print procedures locally and keep the prints",
                ],
                similar: "Two more field offices held printed copies; none elsewhere."))
        try await owner.on(reported.adding(days: 10)).nonconformities.advance(
            nonconformity.id, to: .planned,
            with: CorrectiveActionStep(actions: [
                ActionDraft(
                    text: "Send each process owner a monthly list of the documents due for review",
                    owner: "Amal Haddad", due: today.adding(days: 20)),
                ActionDraft(
                    text: "Field offices read procedures on the intranet; any print is stamped UNCONTROLLED",
                    owner: "Omar Khalil", due: today.adding(days: 35)),
            ]))

        let improvement = try await manager.on(reported).nonconformities.open(
            NonconformityDraft(
                title: "Opportunity: publish results by polling station in a machine-readable format (sample)",
                source: .internalAudit, grade: .ofi,
                requirements: [try RequirementKey(parsing: "iso-54001-2019:EP-05")], process: "EP-05",
                audit: audit.id, raisedBy: auditor, raisedOn: reported))
        try await manager.on(reported.adding(days: 14)).nonconformities.advance(
            improvement.id, to: .closed,
            with: CorrectiveActionStep(
                note: "Taken into next year's work plan as an activity of the results output (sample).",
                updateRisks: false, changeQMS: false))

        let next = try await manager.audits.plan(
            AuditDraft(
                kind: .internal, title: "Internal audit of polling operations and training (sample)",
                scope: AuditScope(
                    requirements: try ["iso-54001-2019:EP-04", "iso-9001-2015:7.2"].map {
                        try RequirementKey(parsing: $0)
                    }, processes: ["EP-04"]),
                auditors: ["Rana Saleh (sample internal auditor)"], leadAuditor: auditor,
                startsOn: today.adding(days: 40), endsOn: today.adding(days: 41)))

        try await requests(qms, audit: next.id, today: today)
        // The body the commission has chosen for its stage 1 audit (the register's first entry).
        _ = try await manager.certification.addBody(
            CertificationBody(
                name: "Sample Certification Body (sample)", accreditedBy: "National accreditation body (sample)",
                accreditationNumber: "CB-0000 (sample)", contact: "audits@certification-body.example"))

        try await recommendations(manager, improvement: improvement.id)
        try await managementReview(manager, today: today)
        if plans { try await committee(qms.acting(as: "salma"), today: today) }
    }

    /// The internal auditor preparing the next audit: one request for evidence answered by the
    /// process owner and accepted, and one still open.
    private static func requests(_ qms: QMS, audit: AuditID, today: CalendarDate) async throws {
        let auditor = qms.acting(as: "auditor")
        let owner = qms.acting(as: "omar")
        let answered = try await auditor.on(today.adding(days: -6)).evidenceRequests.ask(
            EvidenceRequestInput(
                audit: audit.description, requirement: "iso-54001-2019:EP-04",
                sample: "3 of the 12 polling centres of Irbid: the opening checklists of the last election (sample)",
                owner: "omar", due: today.adding(days: 8).description))
        let record = try await owner.on(today.adding(days: -3)).evidence.add(
            EvidenceDraft(
                title: "Opening checklists of Irbid polling centres 2, 7 and 11 (sample)", kind: .note,
                owner: "omar", process: "EP-04", effectiveFrom: today.adding(days: -60),
                collectedOn: today.adding(days: -3),
                requirements: [try RequirementKey(parsing: "iso-54001-2019:EP-04")]))
        _ = try await owner.on(today.adding(days: -3)).evidenceRequests.answer(
            answered.id, evidence: [record.id], note: "Signed by the centre heads; scans of the originals (sample).")
        _ = try await auditor.on(today.adding(days: -1)).evidenceRequests.accept(answered.id)
        _ = try await auditor.on(today.adding(days: -1)).evidenceRequests.ask(
            EvidenceRequestInput(
                audit: audit.description, requirement: "iso-9001-2015:7.2",
                sample: "Attendance sheets of the poll workers' training in two governorates (sample)",
                owner: "omar", due: today.adding(days: 12).description))
    }

    /// Recommendations of an observer mission's final report and their follow-up (sample wording).
    private static func recommendations(_ manager: QMS, improvement: NonconformityID) async throws {
        let mission = "EU Election Observation Mission (sample)"
        let results = try await manager.recommendations.add(
            RecommendationDraft(
                mission: mission, year: 2016, reference: "R-07",
                text: "Publish the results of every polling station on the commission's website promptly, in a form "
                    + "that can be analysed (sample wording).",
                priority: .high, addressee: .emb))
        try await manager.recommendations.link(
            results.id, to: [try RecommendationLink(kind: .nonconformity, target: improvement.description)])
        try await manager.recommendations.update(
            results.id, status: .inProgress, note: "Taken up through the internal audit's opportunity (sample).")
        try await manager.recommendations.add(
            RecommendationDraft(
                mission: mission, year: 2016, reference: "R-03",
                text: "Strengthen the accuracy of the voter register through regular data exchange with the civil "
                    + "registry (sample wording).",
                priority: .medium, addressee: .emb))
        try await manager.recommendations.add(
            RecommendationDraft(
                mission: mission, year: 2016, reference: "R-11",
                text: "Set clear, short deadlines in law for the resolution of electoral disputes (sample wording).",
                priority: .medium, addressee: .parliament))
    }

    /// The half-yearly management review, with its actions.
    private static func managementReview(_ manager: QMS, today: CalendarDate) async throws {
        let heldOn = today.adding(days: -120)
        let review = try await manager.on(heldOn).reviews.add(
            ManagementReviewDraft(
                title: "Management review, first half of the year (sample)", heldOn: heldOn,
                chair: "Chairman of the Board of Commissioners",
                attendees: ["Amal Haddad", "Omar Khalil", "Director of Results", "Director of Finance"],
                inputs: [
                    .previousActions, .issues, .customerSatisfaction, .objectives, .processPerformance,
                    .nonconformities, .monitoring, .auditResults, .externalProviders, .resources,
                    .risksOpportunities, .improvement,
                ],
                decisions: [
                    ReviewDecision(
                        kind: .resources, text: "Fund a second data centre for the Results Management System."),
                    ReviewDecision(
                        kind: .improvement, text: "Re-evaluate Caktus after the new hosting arrangement."),
                ]),
            actions: [
                ActionDraft(
                    text: "Re-evaluate Caktus against the hosting criteria", owner: "Head of Procurement",
                    due: today.adding(days: -50)),
                ActionDraft(
                    text: "Budget line for a second RMS data centre in next year's work plan",
                    owner: "Director of Finance", due: today.adding(days: 30)),
            ])
        if let first = review.actions.first {
            try await manager.on(today.adding(days: -55)).reviews.complete(
                first.id, note: "Re-evaluated at 84 % (sample).")
        }
    }

    /// Technical Committee remarks on the HNEC 2018 work plan, under review (the sources count more
    /// than 35 meetings since January 2018 reviewing the work plan and budget).
    private static func committee(_ member: QMS, today: CalendarDate) async throws {
        let awp = try PlanID("hnec-2018")
        for (activity, text) in [
            (
                "2.1",
                "Technical Committee meeting (sample minutes): ONA Inc. to present the RMS test plan and the "
                    + "training schedule of results staff before the next meeting."
            ),
            (
                "2.3",
                "Technical Committee meeting (sample minutes): confirm that the renewed Caktus hosting contract "
                    + "covers the whole registration period."
            ),
        ] {
            try await member.workPlanReview.comment(awp, activity: try ActivityCode(activity), text: text)
        }
    }
}
