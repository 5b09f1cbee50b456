import Foundation
import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices

/// Risks and opportunities with the context issues: the register and its forms, and a risk with
/// its assessments, treatment actions and the form for its next step.
struct RiskRoutes {
    let qms: QMS
    let renderer: Renderer

    struct AddForm: Decodable, CSRFForm {
        var _csrf: String?
        var kind: String?
        var title: String?
        var description: String?
        var category: String?
        var owner: String?
        var process: String?
        var phase: String?
        var likelihood: String?
        var impact: String?
        var treatment: String?
        var review: String?
        var requirements: String?
    }

    struct ContextForm: Decodable, CSRFForm {
        var _csrf: String?
        var kind: String?
        var title: String?
        var description: String?
        var category: String?
        var effect: String?
        var climate: String?
        var review: String?
        var requirements: String?
    }

    /// Every step's fields; each step reads those it needs.
    struct StepForm: Decodable, CSRFForm {
        var _csrf: String?
        var step: String?
        var action: String?
        var owner: String?
        var due: String?
        var treatment: String?
        var action_id: String?
        var likelihood: String?
        var impact: String?
        var next: String?
        var note: String?
    }

    func register(on router: RouterGroup<WebContext>) {
        router.get("registers/risks") { request, context in
            _ = try context.require(.read)
            let language = context.language
            let locale = context.locale
            let risks = try await qms.risks.list()
            let issues = try await qms.risks.contextIssues()
            let choices = try await qms.catalogues.requirementChoices()
            let table = Self.table(language).values(risks, query: TableQuery(request), locale: locale) { entry in
                let risk = entry.record
                return [
                    "id": risk.id.description, "kind": Messages.shared.term(risk.content.kind, language),
                    "title": risk.content.title, "owner": risk.content.owner, "process": risk.content.process ?? "",
                    "phase": risk.content.phase.map { Messages.shared.term($0, language) } ?? "",
                    "inherent": Self.rating(risk.content.inherent, locale),
                    "residual": risk.residual.map { Self.rating($0, locale) } ?? "",
                    "level": risk.current.level.rawValue, "status": Messages.shared.term(risk.status, language),
                    "review": NumberFormatting(locale).date(risk.content.reviewOn),
                    "alerts": RegisterForm.alerts(entry.alerts, locale),
                ]
            }
            let contextRows: [[String: Any]] = issues.map { entry in
                let issue = entry.record
                return [
                    "id": issue.id.description, "kind": Messages.shared.term(issue.content.kind, language),
                    "title": issue.content.title,
                    "category": issue.content.category ?? "",
                    "climate": issue.content.climate.map { Messages.shared.term($0, language) } ?? "",
                    "description": issue.content.description ?? "",
                    "review": NumberFormatting(locale).date(issue.content.reviewOn),
                    "alerts": RegisterForm.alerts(entry.alerts, locale),
                ]
            }
            return renderer.page(
                "register-risks", title: Messages.shared.text("reg_risks", language), context: context,
                values: [
                    "table": table, "issues": contextRows,
                    "picker": RequirementPicker.values(choices: choices, picked: [], language),
                    // The context form's own fields, on the suggestion list of the risk form's picker.
                    "contextPicker": [
                        "picker": RequirementPicker.values(
                            choices: [], picked: [], language, prefix: "ctx-", ownList: false)
                    ],
                    "climateMissing": !issues.contains { $0.record.content.climate != nil },
                    "phases": Messages.shared.options(ElectoralCyclePhase.self, context.language),
                    "treatments": Messages.shared.options(RiskTreatment.self, context.language),
                    "canKeep": RegisterForm.canKeep(context),
                ], section: "registers")
        }
        router.post("registers/risks") { request, context in
            let (form, acting) = try await RegisterForm.decode(AddForm.self, request, context, qms: qms)
            let draft = RiskDraft(
                kind: RegisterForm.optionalChoice(RiskKind.self, form.kind) ?? .risk, title: form.title ?? "",
                description: form.description, category: form.category, owner: form.owner ?? "",
                process: form.process, phase: RegisterForm.optionalChoice(ElectoralCyclePhase.self, form.phase),
                inherent: try Self.rating(form.likelihood, form.impact),
                treatment: RegisterForm.optionalChoice(RiskTreatment.self, form.treatment),
                requirements: try RegisterForm.keys(form.requirements), identifiedOn: acting.today,
                reviewOn: try RegisterForm.requiredDay(form.review, field: "review"))
            let risk = try await acting.risks.add(draft)
            return Response.redirect(to: "/registers/risks/\(risk.id)", type: .normal)
        }
        router.post("registers/context") { request, context in
            let (form, acting) = try await RegisterForm.decode(ContextForm.self, request, context, qms: qms)
            let draft = ContextIssueDraft(
                kind: try RegisterForm.choice(ContextIssueKind.self, form.kind, field: "kind"), title: form.title ?? "",
                description: form.description, category: form.category, effect: form.effect,
                climate: RegisterForm.optionalChoice(ClimateDetermination.self, form.climate),
                requirements: try RegisterForm.keys(form.requirements), identifiedOn: acting.today,
                reviewOn: try RegisterForm.day(form.review, field: "review"))
            _ = try await acting.risks.addContext(draft)
            return Response.redirect(to: "/registers/risks", type: .normal)
        }
        router.get("registers/risks/:id") { _, context in
            _ = try context.require(.read)
            let language = context.language
            let locale = context.locale
            let id = try RiskID(parsing: context.parameters.get("id") ?? "")
            let entry = try await qms.risks.show(id)
            let risk = entry.record
            let content = risk.content
            let actions: [[String: Any]] = risk.actions.map { action in
                [
                    "id": action.id.description, "text": action.text, "owner": action.owner,
                    "due": NumberFormatting(locale).date(action.due), "overdue": action.isOverdue(on: qms.today),
                    "done": [action.doneOn.map { NumberFormatting(locale).date($0) }, action.doneBy, action.doneNote]
                        .compactMap { $0 }.joined(separator: " · "),
                    "open": action.doneOn == nil,
                ]
            }
            let assessments: [[String: Any]] = risk.assessments.map { assessment in
                [
                    "on": NumberFormatting(locale).date(assessment.on),
                    "stage": Messages.shared.term(assessment.stage, language),
                    "rating": Self.rating(assessment.rating, locale), "by": assessment.by,
                    "note": assessment.note ?? "",
                ]
            }
            return renderer.page(
                "register-risk", title: "\(id) \(content.title)", context: context,
                values: [
                    "id": id.description, "heading": content.title, "description": content.description ?? "",
                    "kind": Messages.shared.term(content.kind, language), "owner": content.owner,
                    "category": content.category ?? "", "process": content.process ?? "",
                    "phase": content.phase.map { Messages.shared.term($0, language) } ?? "",
                    "inherent": Self.rating(content.inherent, locale),
                    "residual": risk.residual.map { Self.rating($0, locale) } ?? "",
                    "treatment": content.treatment.map { Messages.shared.term($0, language) } ?? "",
                    "review": NumberFormatting(locale).date(content.reviewOn),
                    "status": Messages.shared.term(risk.status, language),
                    "closed": risk.closedNote.map { "\(NumberFormatting(locale).date(risk.closedOn)) · \($0)" } ?? "",
                    "requirements": RegisterForm.requirementLinks(content.requirements),
                    "evidence": risk.evidence?.description ?? "", "actions": actions, "assessments": assessments,
                    "openActions": risk.actions.filter { $0.doneOn == nil }.map(\.id.description),
                    "alerts": RegisterForm.alerts(entry.alerts, locale),
                    "treatments": Messages.shared.options(RiskTreatment.self, context.language),
                    "canKeep": RegisterForm.canKeep(context) && risk.status == .open,
                ], section: "registers")
        }
        router.post("registers/risks/:id") { request, context in
            let (form, acting) = try await RegisterForm.decode(StepForm.self, request, context, qms: qms)
            let id = try RiskID(parsing: context.parameters.get("id") ?? "")
            let note = RegisterForm.text(form.note)
            let service = acting.risks
            switch form.step ?? "" {
            case "treat":
                var actions: [ActionDraft] = []
                if let text = RegisterForm.text(form.action) {
                    actions.append(
                        ActionDraft(
                            text: text, owner: form.owner ?? "",
                            due: try RegisterForm.requiredDay(form.due, field: "due")))
                }
                try await service.treat(
                    id, actions: actions, treatment: RegisterForm.optionalChoice(RiskTreatment.self, form.treatment))
            case "complete":
                let action = try RiskActionID(parsing: form.action_id ?? "")
                guard action.parent == id else { throw WebInputError.chooseActionOf("\(id)") }
                try await service.complete(
                    action, note: note, rating: try Self.optionalRating(form.likelihood, form.impact))
            case "assess":
                try await service.assess(id, rating: try Self.rating(form.likelihood, form.impact), note: note)
            case "review":
                try await service.review(
                    id, next: try RegisterForm.requiredDay(form.next, field: "next"), note: note)
            case "close":
                try await service.close(id, note: note ?? "")
            default:
                throw WebInputError.chooseStep
            }
            return Response.redirect(to: "/registers/risks/\(id)", type: .normal)
        }
    }

    /// The register's columns and what its search looks in.
    static func table(_ language: Language) -> RegisterTable<RegisterEntry<Risk>> {
        func text(_ key: String) -> String { Messages.shared.text(key, language) }
        return RegisterTable(
            path: "/registers/risks",
            columns: [
                .init("id", text("id")) { .number(Double($0.record.id.year * 100_000 + $0.record.id.number)) },
                .init("kind", text("reg_kind"), text: { Messages.shared.term($0.record.content.kind, language) }),
                .init("title", text("title"), text: { $0.record.content.title }),
                .init("owner", text("owner"), text: { $0.record.content.owner }),
                .init(
                    "phase", text("reg_phase"),
                    text: {
                        $0.record.content.phase.map { Messages.shared.term($0, language) } ?? ""
                    }),
                .init("inherent", text("risk_stage_inherent")) { .number(Double($0.record.content.inherent.score)) },
                .init("residual", text("risk_stage_residual")) {
                    .number($0.record.residual.map { Double($0.score) })
                },
                .init("status", text("status"), text: { Messages.shared.term($0.record.status, language) }),
                .init("review", text("reg_review_on"), text: { $0.record.content.reviewOn.description }),
                .init("alerts", text("alerts")),
            ],
            searchText: { entry in
                let content = entry.record.content
                return [
                    entry.record.id.description, content.title, content.owner, content.process ?? "",
                    content.category ?? "", content.description ?? "",
                    Messages.shared.term(content.kind, language), Messages.shared.term(entry.record.status, language),
                    content.phase.map { Messages.shared.term($0, language) } ?? "",
                ]
            })
    }

    static func rating(_ rating: RiskRating, _ locale: PresentationLocale) -> String {
        NumberFormatting(locale).digits("\(rating.likelihood) × \(rating.impact) = \(rating.score)") + " "
            + Messages.shared.term(rating.level, locale.language)
    }

    static func rating(_ likelihood: String?, _ impact: String?) throws -> RiskRating {
        guard let rating = try optionalRating(likelihood, impact) else {
            throw WebInputError.giveRating
        }
        return rating
    }

    static func optionalRating(_ likelihood: String?, _ impact: String?) throws -> RiskRating? {
        let l = try RegisterForm.int(likelihood, field: "likelihood")
        let i = try RegisterForm.int(impact, field: "impact")
        guard let l, let i else {
            if l != nil || i != nil { throw WebInputError.giveBothFigures }
            return nil
        }
        return try RiskRating(likelihood: l, impact: i)
    }
}
