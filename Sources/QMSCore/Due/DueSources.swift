/// The dated obligations each register's records carry, as due-date candidates.
///
/// Each function reads one kind of record and says which of its dates still need someone: a
/// done action, a withdrawn record or a closed finding gives nothing, so that a reminder stops by
/// itself when the item is done.
public enum DueSources {
    /// An evidence record's expiry and review days, while it is current or a draft.
    public static func evidence(_ record: EvidenceRecord) -> [DueCandidate] {
        guard record.status == .current || record.status == .draft else { return [] }
        let reference = DueRecord(
            reference: record.id.description, route: "/evidence/\(record.id)", title: record.content.title,
            restricted: record.content.confidentiality == .restricted)
        var candidates: [DueCandidate] = []
        if let validUntil = record.content.validUntil {
            candidates.append(
                DueCandidate(
                    kind: .evidenceExpiry, record: reference, date: validUntil, responsible: [record.content.owner]))
        }
        if let reviewDue = record.content.reviewDue {
            candidates.append(
                DueCandidate(
                    kind: .evidenceReview, record: reference, date: reviewDue, responsible: [record.content.owner]))
        }
        return candidates
    }

    /// An open nonconformity's planned actions not yet implemented, and its verification limit
    /// while the fix is not verified effective (the person who raised it answers for that).
    public static func nonconformity(_ finding: Nonconformity) -> [DueCandidate] {
        guard finding.isOpen else { return [] }
        let route = "/findings/\(finding.id)"
        var candidates = finding.correctiveAction.actions.filter { $0.implementedOn == nil }.map { action in
            DueCandidate(
                kind: .correctiveAction,
                record: DueRecord(reference: action.id.description, route: route, title: action.text),
                date: action.due, responsible: [action.owner])
        }
        if let deadline = finding.verificationDeadline, finding.correctiveAction.effectiveVerification == nil {
            candidates.append(
                DueCandidate(
                    kind: .effectivenessVerification,
                    record: DueRecord(reference: finding.id.description, route: route, title: finding.content.title),
                    date: deadline, responsible: [finding.content.raisedBy]))
        }
        return candidates
    }

    /// A controlled document's next review, while a version is in force and it is not obsolete.
    public static func document(_ document: ControlledDocument) -> [DueCandidate] {
        guard !document.isObsolete, let due = document.inForce?.nextReview else { return [] }
        return [
            DueCandidate(
                kind: .documentReview,
                record: DueRecord(
                    reference: document.content.code.description,
                    route: "/registers/documents/\(document.content.code)",
                    title: document.content.title),
                date: due, responsible: [document.content.owner])
        ]
    }

    /// An open risk's review and its treatment actions not yet done.
    public static func risk(_ risk: Risk) -> [DueCandidate] {
        guard risk.status == .open else { return [] }
        let route = "/registers/risks/\(risk.id)"
        var candidates = [
            DueCandidate(
                kind: .riskReview,
                record: DueRecord(reference: risk.id.description, route: route, title: risk.content.title),
                date: risk.content.reviewOn, responsible: [risk.content.owner])
        ]
        for action in risk.actions where action.doneOn == nil {
            candidates.append(
                DueCandidate(
                    kind: .riskAction,
                    record: DueRecord(reference: action.id.description, route: route, title: action.text),
                    date: action.due, responsible: [action.owner]))
        }
        return candidates
    }

    /// An approved provider's re-evaluation; the register names no owner, so the last evaluator answers for it.
    public static func provider(_ provider: ExternalProvider) -> [DueCandidate] {
        guard provider.status == .approved, let evaluation = provider.latestEvaluation else { return [] }
        return [
            DueCandidate(
                kind: .providerEvaluation,
                record: DueRecord(
                    reference: provider.id.description, route: "/registers/providers/\(provider.id)",
                    title: provider.content.name),
                date: evaluation.nextDue, responsible: [evaluation.by])
        ]
    }

    /// A training event's effectiveness check, due as the register's alert says (thirty days after
    /// it ends) until it is evaluated; the user who recorded it answers for it.
    public static func training(_ training: TrainingEvent) -> [DueCandidate] {
        guard training.evaluation == nil else { return [] }
        return [
            DueCandidate(
                kind: .trainingEffectiveness,
                record: DueRecord(
                    reference: training.id.description, route: "/registers/training/\(training.id)",
                    title: training.content.title),
                date: training.content.endsOn.adding(days: RegisterAlert.warningDays),
                responsible: [training.recordedBy])
        ]
    }

    /// A KPI's next measurement, when it is measured every so many months.
    public static func kpi(_ kpi: MonitoredKPI) -> [DueCandidate] {
        guard let due = kpi.nextDue else { return [] }
        return [
            DueCandidate(
                kind: .kpiMeasurement,
                record: DueRecord(
                    reference: kpi.content.code.description, route: "/registers/kpis/\(kpi.content.code)",
                    title: kpi.content.title),
                date: due, responsible: [kpi.content.owner])
        ]
    }

    /// Planned audits (due on their first day, for the lead auditor and whoever recorded them),
    /// and the certification cycle's next audit while it is not planned.
    public static func audits(_ audits: [Audit]) -> [DueCandidate] {
        var candidates = audits.filter { $0.status == .planned }.map { audit in
            DueCandidate(
                kind: .audit,
                record: DueRecord(
                    reference: audit.id.description, route: "/audits/\(audit.id)", title: audit.content.title),
                date: audit.content.startsOn, responsible: [audit.content.leadAuditor ?? audit.recordedBy])
        }
        let next = CertificationCycle.next(after: audits)
        if next.planned == nil, let dueBy = next.dueBy {
            candidates.append(
                DueCandidate(
                    kind: .certificationAudit,
                    record: DueRecord(
                        reference: next.kind.rawValue, route: "/audits", title: next.certificate?.number ?? ""),
                    date: dueBy, responsible: []))
        }
        return candidates
    }

    /// A management review still missing inputs (due on the day it is held, for its chair or
    /// whoever recorded it), and its actions not yet done.
    public static func managementReview(_ review: ManagementReview) -> [DueCandidate] {
        var candidates: [DueCandidate] = []
        if !review.content.missingInputs.isEmpty {
            candidates.append(
                DueCandidate(
                    kind: .managementReview,
                    record: DueRecord(reference: review.id.description, route: "/reviews", title: review.content.title),
                    date: review.content.heldOn, responsible: [review.content.chair ?? review.recordedBy]))
        }
        for action in review.actions where action.doneOn == nil {
            candidates.append(
                DueCandidate(
                    kind: .reviewAction,
                    record: DueRecord(reference: action.id.description, route: "/reviews", title: action.text),
                    date: action.due, responsible: [action.owner]))
        }
        return candidates
    }

    /// A work plan version sent to the Technical Committee and not yet decided. The plan records no
    /// decision deadline, so it falls due on the first day of the year it plans (a plan decided
    /// later runs unapproved); every member of the committee answers for it.
    public static func workPlan(
        awp: PlanID, version: Int, year: Int, status: AWPStatus, title: String, committee: [String]
    ) -> [DueCandidate] {
        guard status == .submitted || status == .underReview,
            let firstDay = try? CalendarDate(year: year, month: 1, day: 1)
        else { return [] }
        return [
            DueCandidate(
                kind: .workPlanDecision,
                record: DueRecord(reference: "\(awp) v\(version)", route: "/plans/\(awp)", title: title),
                date: firstDay, responsible: committee)
        ]
    }

    /// A context issue's next review; the register names no owner, so whoever recorded it answers for it.
    public static func contextIssue(_ issue: ContextIssue) -> [DueCandidate] {
        guard let due = issue.content.reviewOn else { return [] }
        return [
            DueCandidate(
                kind: .contextReview,
                record: DueRecord(reference: issue.id.description, route: "/registers", title: issue.content.title),
                date: due, responsible: [issue.recordedBy])
        ]
    }

    /// An interested party's next review; whoever recorded the entry answers for it.
    public static func party(_ party: InterestedParty) -> [DueCandidate] {
        guard let due = party.content.reviewOn else { return [] }
        return [
            DueCandidate(
                kind: .partyReview,
                record: DueRecord(
                    reference: party.id.description, route: "/registers/parties", title: party.content.name),
                date: due, responsible: [party.recordedBy])
        ]
    }

    /// A QMS process's next review, for its owner.
    public static func process(_ process: QMSProcess) -> [DueCandidate] {
        guard let due = process.content.reviewOn else { return [] }
        return [
            DueCandidate(
                kind: .processReview,
                record: DueRecord(
                    reference: process.content.code.description, route: "/registers/processes",
                    title: process.content.name),
                date: due, responsible: [process.content.owner])
        ]
    }

    /// An evidence request: due to its owner while it awaits an answer (open or returned), then to
    /// the auditor who asked while the answer awaits their decision; nothing once it is accepted
    /// or withdrawn.
    public static func evidenceRequest(_ request: EvidenceRequest) -> [DueCandidate] {
        guard !request.status.isDone else { return [] }
        let title = request.content.sample ?? request.content.requirement?.description ?? ""
        return [
            DueCandidate(
                kind: .evidenceRequest,
                record: DueRecord(
                    reference: request.id.description, route: "/requests/\(request.id)", title: title),
                date: request.content.due,
                responsible: [request.status.awaitsAnswer ? request.content.owner : request.requestedBy])
        ]
    }
}
