import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices
import QMSStore

/// The audit programme in the browser: the list with the form to plan an audit, and a page per
/// audit with its scope, team and auditees, its report (and the form to record that it was held),
/// and its findings raised as nonconformities linked to it. A quality manager plans and records;
/// every reader (auditors, viewers) reads.
struct AuditRoutes {
    let qms: QMS
    let renderer: Renderer

    /// The plan form; the names follow `eqms audit plan`'s options so that an error's field is the
    /// form's field.
    struct PlanForm: Decodable {
        var _csrf: String?
        var kind: String?
        var title: String?
        var start: String?
        var end: String?
        var lead_auditor: String?
        var auditor: String?
        var auditee: String?
        var certification_body: String?
        /// Criteria typed as a list (the CLI's spelling, one per line).
        var requirement: String?
        /// Criteria picked one per field (the requirement picker).
        var requirements: String?
        var process: String?
        var site: String?
        var event: String?
        var event_date: String?
    }

    struct ReportForm: Decodable {
        var _csrf: String?
        var date: String?
        var summary: String?
        var evidence: String?
        var certificate: String?
        var issued: String?
        var valid_until: String?
        var opening_date: String?
        var opening_time: String?
        var opening_attendees: String?
        var opening_notes: String?
        var closing_date: String?
        var closing_time: String?
        var closing_attendees: String?
        var closing_notes: String?
        var conclusion: String?
        var certification_recommendation: String?
    }

    struct FindingForm: Decodable {
        var _csrf: String?
        var title: String?
        var grade: String?
        var requirement: String?
        var requirements: String?
        var process: String?
        var site: String?
        var description: String?
    }

    /// The audit plan form.
    struct ScheduleForm: Decodable {
        var _csrf: String?
        var objectives: String?
        var criteria: String?
        /// One sitting per line, as ``AuditPlanInput/visits(_:)`` reads it.
        var visit: String?
    }

    /// The form of one checklist item.
    struct CheckForm: Decodable {
        var _csrf: String?
        var result: String?
        var grade: String?
        var notes: String?
        var sample: String?
        var evidence: String?
    }

    /// The notices a `?done=` after an action may ask for, and their catalogue keys.
    static let notices: [String: String] = [
        "planned": "audit_done_planned", "report": "audit_done_report", "finding": "audit_done_finding",
        "schedule": "audit_done_schedule", "checklist": "audit_done_checklist", "check": "audit_done_check",
        "check-finding": "audit_done_check_finding",
    ]

    func register(on router: RouterGroup<WebContext>) {
        router.get("audits") { _, context in
            _ = try context.require(.read)
            return try await list(context: context)
        }
        router.post("audits") { request, context in
            let user = try context.require(.manageFindings)
            let form = try await Forms.decode(PlanForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let audit = try await qms.acting(as: user.username).audits.plan(try Self.draft(form))
            return Response.redirect(to: "/audits/\(audit.id)?done=planned", type: .normal)
        }
        router.get("audits/:id") { request, context in
            _ = try context.require(.read)
            let id = try AuditID(parsing: context.parameters.get("id") ?? "")
            let notice = Forms.query(request, "done").flatMap { Self.notices[$0] }
            return try await detail(id, context: context, notice: notice)
        }
        router.post("audits/:id/report") { request, context in
            let user = try context.require(.manageFindings)
            let form = try await Forms.decode(ReportForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let id = try AuditID(parsing: context.parameters.get("id") ?? "")
            let day = try Self.day(form.date, field: "date") ?? qms.today
            let certificate = try form.certificate?.trimmingWhitespace().nilIfEmpty.map { number in
                Certificate(
                    number: number, issuedOn: try Self.day(form.issued, field: "issued") ?? day,
                    validUntil: try Self.day(form.valid_until, field: "valid_until"))
            }
            let evidence = try Self.list(form.evidence).map { text -> EvidenceID in
                do { return try EvidenceID(parsing: text) } catch {
                    throw DomainError.invalidValue(field: "evidence", value: text, expected: .format("EV-YYYY-NNNN"))
                }
            }
            let recommendation = try form.certification_recommendation?.trimmingWhitespace().nilIfEmpty.map {
                text -> CertificationRecommendation in
                guard let value = CertificationRecommendation(rawValue: text) else {
                    throw DomainError.invalidValue(
                        field: "certification-recommendation", value: text,
                        expected: .listed(CertificationRecommendation.allCases.map(\.rawValue)))
                }
                return value
            }
            let report = AuditReport(
                reportedOn: day, summary: form.summary ?? "", evidence: evidence, certificate: certificate,
                reportedBy: user.displayName,
                openingMeeting: try Self.meeting(
                    "opening", form.opening_date, form.opening_time, form.opening_attendees, form.opening_notes),
                closingMeeting: try Self.meeting(
                    "closing", form.closing_date, form.closing_time, form.closing_attendees, form.closing_notes),
                conclusion: form.conclusion, recommendation: recommendation)
            try await qms.acting(as: user.username).audits.report(id, report)
            return Response.redirect(to: "/audits/\(id)?done=report", type: .normal)
        }
        router.get("audits/:id/report") { request, context in
            let id = try AuditID(parsing: context.parameters.get("id") ?? "")
            return try await AuditReportDownload.response(
                qms, id, format: try AuditReportDownload.format(request, default: .html), context: context)
        }
        router.post("audits/:id/findings") { request, context in
            let user = try context.require(.manageFindings)
            let form = try await Forms.decode(FindingForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let id = try AuditID(parsing: context.parameters.get("id") ?? "")
            let audit = try await qms.audits.show(id).audit
            guard let grade = NonconformityGrade(rawValue: form.grade ?? "") else {
                throw DomainError.invalidValue(
                    field: "grade", value: form.grade ?? "",
                    expected: .listed(NonconformityGrade.allCases.map(\.rawValue)))
            }
            let draft = NonconformityDraft(
                title: form.title ?? "", description: form.description, source: audit.content.kind.findingSource,
                grade: grade, requirements: try Self.keys(form.requirement, form.requirements), process: form.process,
                site: form.site,
                audit: id, raisedBy: user.displayName, raisedOn: qms.today)
            try await qms.acting(as: user.username).nonconformities.open(draft)
            return Response.redirect(to: "/audits/\(id)?done=finding", type: .normal)
        }
        registerTeamWork(on: router)
    }

    /// The audit team's forms: the plan, the checklist and its items. An item's form posts to its
    /// own address, so that a refused one comes back filled in, beside its item.
    func registerTeamWork(on router: RouterGroup<WebContext>) {
        router.post("audits/:id/plan") { request, context in
            let user = try context.require(.recordAudits)
            let form = try await Forms.decode(ScheduleForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let id = try AuditID(parsing: context.parameters.get("id") ?? "")
            let plan = AuditPlan(
                objectives: form.objectives ?? "", criteria: form.criteria,
                schedule: try AuditPlanInput.visits(form.visit ?? ""))
            try await qms.acting(as: user.username).audits.schedule(id, plan)
            return Response.redirect(to: "/audits/\(id)?done=schedule#audit-plan-set", type: .normal)
        }
        router.post("audits/:id/checklist") { request, context in
            let user = try context.require(.recordAudits)
            let form = try await Forms.decode(CheckForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let id = try AuditID(parsing: context.parameters.get("id") ?? "")
            try await qms.acting(as: user.username).audits.generateChecklist(id)
            return Response.redirect(to: "/audits/\(id)?done=checklist#audit-checklist", type: .normal)
        }
        router.post("audits/:id/checklist/:item") { request, context in
            let user = try context.require(.recordAudits)
            let form = try await Forms.decode(CheckForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let id = try AuditID(parsing: context.parameters.get("id") ?? "")
            let items = try await qms.audits.show(id).audit.checklist?.items ?? []
            guard let position = Int(context.parameters.get("item") ?? ""), items.indices.contains(position) else {
                throw HTTPError(.notFound)
            }
            let check = try AuditPlanInput.check(
                requirement: items[position].requirement.description, result: form.result ?? "", grade: form.grade,
                notes: form.notes, sample: form.sample, evidence: [form.evidence ?? ""])
            let outcome = try await qms.acting(as: user.username).audits.check(id, check)
            let done = outcome.raised == nil ? "check" : "check-finding"
            return Response.redirect(to: "/audits/\(id)?done=\(done)#item-\(position)", type: .normal)
        }
    }

    /// The plan and the checklist of an audit, for its page.
    func teamWorkValues(_ audit: Audit, context: WebContext) -> [String: Any] {
        let language = context.language
        let format = NumberFormatting(context.locale)
        let canRecord = context.user?.can(.recordAudits) ?? false
        var values: [String: Any] = ["canRecordAudit": canRecord]
        if let plan = audit.plan {
            values["plan"] = [
                "objectives": plan.objectives, "criteria": plan.criteria ?? "",
                "visits": plan.schedule.map { visit -> [String: Any] in
                    [
                        "day": format.date(visit.on), "time": visit.at ?? "", "site": visit.site ?? "",
                        "process": visit.process ?? "", "auditees": visit.auditees.joined(separator: ", "),
                        "auditors": visit.auditors.isEmpty
                            ? Messages.shared.text("audit_plan_whole_team", language)
                            : visit.auditors.joined(separator: ", "),
                    ]
                },
            ]
        }
        values["planObjectives"] = audit.plan?.objectives ?? ""
        values["planCriteria"] = audit.plan?.criteria ?? ""
        values["planVisits"] = audit.plan.map { AuditPlanInput.lines($0.schedule) } ?? ""
        guard let checklist = audit.checklist else { return values }
        let results = Messages.shared.options(AuditCheckResult.self, language)
        let grades = Messages.shared.options(NonconformityGrade.self, language)
        values["checklist"] = [
            "any": !checklist.items.isEmpty,
            "checked": checklist.items.filter { $0.result != .notYet }.count, "total": checklist.items.count,
            "items": checklist.items.enumerated().map { position, item -> [String: Any] in
                [
                    "position": position, "key": item.requirement.description,
                    "path": "/catalogue/\(item.requirement.standard)/\(item.requirement.number)",
                    "process": item.process ?? "", "result": Messages.shared.term(item.result, language),
                    "state": Self.state(item.result),
                    "grade": item.grade.map { Messages.shared.term($0, language) } ?? "",
                    "notes": item.notes ?? "", "sample": item.sample ?? "",
                    "evidence": item.evidence.map(\.description),
                    "evidenceText": item.evidence.map(\.description)
                        .joined(separator: ", "),
                    "finding": item.finding?.description ?? "", "checkedBy": item.checkedBy ?? "",
                    "checkedOn": item.checkedOn.map { format.date($0) } ?? "",
                    "results": results.map { option in
                        option.merging(["selected": option["value"] == item.result.rawValue ? "selected" : ""]) {
                            _, own in own
                        }
                    },
                    "grades": grades.map { option in
                        option.merging(["selected": option["value"] == item.grade?.rawValue ? "selected" : ""]) {
                            _, own in own
                        }
                    },
                ]
            },
        ]
        return values
    }

    /// The pill class of a checklist item's result.
    static func state(_ result: AuditCheckResult) -> String {
        switch result {
        case .notYet: return "draft"
        case .conforming: return "current"
        case .nonconforming: return "absent"
        case .observation: return "expiring"
        }
    }

    /// The audit a plan form describes; each value that does not parse names its field.
    static func draft(_ form: PlanForm) throws -> AuditDraft {
        guard let kind = AuditKind(rawValue: form.kind ?? AuditKind.internal.rawValue) else {
            throw DomainError.invalidValue(
                field: "kind", value: form.kind ?? "",
                expected: .listed(AuditKind.allCases.map(\.rawValue)))
        }
        guard let start = try day(form.start, field: "start") else {
            throw DomainError.invalidValue(field: "start", value: "", expected: .auditStart)
        }
        let end = try day(form.end, field: "end") ?? start
        var event: ObservedEvent?
        if let name = form.event?.trimmingWhitespace().nilIfEmpty {
            guard let on = try day(form.event_date, field: "event_date") else {
                throw DomainError.invalidValue(field: "event_date", value: "", expected: .eventDay)
            }
            event = ObservedEvent(name: name, on: on)
        }
        return AuditDraft(
            kind: kind, title: form.title ?? "",
            scope: AuditScope(
                requirements: try keys(form.requirement, form.requirements), processes: list(form.process),
                sites: list(form.site),
                event: event),
            auditors: list(form.auditor), auditees: list(form.auditee), leadAuditor: form.lead_auditor,
            certificationBody: form.certification_body, startsOn: start, endsOn: end)
    }

    /// A meeting of the report form, nil when its day and everything else are blank; a meeting
    /// described without its day names the day as the field to give.
    static func meeting(
        _ prefix: String, _ date: String?, _ time: String?, _ attendees: String?, _ notes: String?
    ) throws -> AuditMeeting? {
        let field = "\(prefix)_date"
        guard let day = try day(date, field: field) else {
            let described = [time, attendees, notes].contains { $0?.trimmingWhitespace().isEmpty == false }
            guard !described else {
                throw DomainError.invalidValue(field: field, value: "", expected: .day(example: "2026-09-10"))
            }
            return nil
        }
        return AuditMeeting(on: day, at: time, attendees: list(attendees), notes: notes)
    }

    /// The items of a field given one per line or separated by commas or semicolons.
    static func list(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: { $0.isNewline || $0 == ";" || $0 == "," }).map {
            String($0).trimmingWhitespace()
        }.filter { !$0.isEmpty }
    }

    /// The requirements of the fields that hold them, in the order given.
    static func keys(_ texts: String?...) throws -> [RequirementKey] {
        try texts.flatMap(list).map { text in
            do { return try RequirementKey(parsing: text) } catch {
                throw DomainError.invalidValue(
                    field: "requirement", value: text, expected: .requirement(example: "iso-9001-2015:9.2"))
            }
        }
    }

    /// A day from a date field, nil when blank.
    static func day(_ text: String?, field: String) throws -> CalendarDate? {
        guard let text = text?.trimmingWhitespace().nilIfEmpty else { return nil }
        do { return try CalendarDate(parsing: text) } catch {
            throw DomainError.invalidValue(field: field, value: text, expected: .day(example: "2026-09-10"))
        }
    }

    func list(context: WebContext) async throws -> Response {
        let language = context.language
        let format = NumberFormatting(context.locale)
        let audits = try await qms.audits.list()
        let canPlan = context.user?.can(.manageFindings) ?? false
        let cycle = CertificationCycleValues.values(
            try await qms.audits.nextCertificationAudit(), today: qms.today, language: language,
            locale: context.locale,
            certificate: try await qms.certification.current())
        let rows: [[String: Any]] = audits.map { entry in
            let audit = entry.audit
            return [
                "id": audit.id.description, "title": audit.content.title,
                "kind": Messages.shared.term(audit.content.kind, language),
                "status": Messages.shared.term(audit.status, language), "state": Self.state(audit.status),
                "starts": format.date(audit.content.startsOn), "ends": format.date(audit.content.endsOn),
                "team": audit.content.team.joined(separator: ", "),
                "event": audit.content.scope.event.map { "\($0.name) \(format.date($0.on))" } ?? "",
                "findings": entry.findings.map(\.description),
            ]
        }
        return renderer.page(
            "audits", title: Messages.shared.text("audits_title", language), context: context,
            values: cycle.merging([
                "audits": rows, "kinds": Messages.shared.options(AuditKind.self, language),
                "canPlan": canPlan, "picker": try await picker(canPlan, language),
            ]) { _, own in own }, section: "findings")
    }

    func detail(_ id: AuditID, context: WebContext, notice: String?) async throws -> Response {
        let language = context.language
        let format = NumberFormatting(context.locale)
        let entry = try await qms.audits.show(id)
        let audit = entry.audit
        let content = audit.content
        let findings = try await qms.nonconformities.list(NonconformityFilter(audit: id)).map {
            found -> [String: Any] in
            let nc = found.nonconformity
            return [
                "id": nc.id.description, "title": nc.content.title,
                "grade": Messages.shared.term(nc.content.grade, language),
                "state": Messages.shared.term(nc.state, language), "open": nc.isOpen,
                "requirements": nc.content.requirements.map(\.description),
            ]
        }
        let canRecord = context.user?.can(.manageFindings) ?? false
        var values: [String: Any] = [
            "id": id.description, "auditTitle": content.title, "kind": Messages.shared.term(content.kind, language),
            "status": Messages.shared.term(audit.status, language), "state": Self.state(audit.status),
            "dates": "\(format.date(content.startsOn)) – \(format.date(content.endsOn))",
            "lead": content.leadAuditor ?? "", "auditors": content.auditors.joined(separator: ", "),
            "auditees": content.auditees.joined(separator: ", "), "body": content.certificationBody ?? "",
            "criteria": content.scope.requirements.map {
                ["key": $0.description, "path": "/catalogue/\($0.standard)/\($0.number)"]
            },
            "processes": content.scope.processes.joined(separator: ", "),
            "sites": content.scope.sites.joined(separator: ", "),
            "event": content.scope.event.map { "\($0.name), \(format.date($0.on))" } ?? "",
            "findings": findings, "notice": notice.map { Messages.shared.text($0, language) } ?? "",
            "canReport": canRecord && audit.status != .reported, "canRaise": canRecord,
            "grantsCertificate": content.kind.grantsCertificate, "today": qms.today.description,
            "grades": Messages.shared.options(NonconformityGrade.self, language),
            "picker": try await picker(canRecord, language),
        ]
        let recommendations = CertificationRecommendation.allowed(for: content.kind)
        values["recommendations"] = recommendations.map {
            ["value": $0.rawValue, "label": Messages.shared.term($0, language)]
        }
        if let report = audit.report {
            func meeting(_ meeting: AuditMeeting?) -> Any {
                guard let meeting else { return false }
                return [
                    "day": format.date(meeting.on), "time": meeting.at.map { format.digits($0) } ?? "",
                    "attendees": meeting.attendees.joined(separator: ", "), "notes": meeting.notes ?? "",
                ]
            }
            let base = "/audits/\(id)/report?format="
            values["downloads"] = [
                "html": base + "html", "pdf": base + "pdf",
                "zip": (context.user?.can(.exportDossiers) ?? false) ? base + "zip" : "",
            ]
            values["report"] = [
                "opening": meeting(report.openingMeeting), "closing": meeting(report.closingMeeting),
                "conclusion": report.conclusion ?? "",
                "recommendation": report.recommendation.map { Messages.shared.term($0, language) } ?? "",
                "on": format.date(report.reportedOn), "by": report.reportedBy, "summary": report.summary,
                "evidence": report.evidence.map(\.description),
                "certificate": report.certificate.map {
                    "\($0.number) · \(format.date($0.issuedOn)) – \(format.date($0.validUntil))"
                } ?? "",
            ]
        }
        values.merge(teamWorkValues(audit, context: context)) { own, _ in own }
        return renderer.page(
            "audit", title: "\(id) \(content.title)", context: context, values: values, section: "findings")
    }

    /// The requirement picker of a form, for those who may send it (a reader is spared the list).
    func picker(_ shown: Bool, _ language: Language) async throws -> Any {
        guard shown else { return false }
        return RequirementPicker.values(
            choices: try await qms.catalogues.requirementChoices(), picked: [], language)
    }

    /// The pill class of an audit's status.
    static func state(_ status: AuditStatus) -> String {
        switch status {
        case .planned: return "draft"
        case .conducted: return "expiring"
        case .reported: return "current"
        }
    }
}
