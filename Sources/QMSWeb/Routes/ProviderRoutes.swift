import Foundation
import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices

/// External providers: the list with the form to register one, and a provider with its
/// evaluations and the forms to evaluate or suspend it.
struct ProviderRoutes {
    let qms: QMS
    let renderer: Renderer

    struct AddForm: Decodable, CSRFForm {
        var _csrf: String?
        var name: String?
        var kind: String?
        var service: String?
        var contract: String?
        var contact: String?
        var criteria: String?
        var threshold: String?
        var reevaluation_months: String?
        var requirements: String?
    }

    struct StepForm: Decodable, CSRFForm {
        var _csrf: String?
        var step: String?
        var scores: String?
        var note: String?
    }

    func register(on router: RouterGroup<WebContext>) {
        router.get("registers/providers") { request, context in
            _ = try context.require(.read)
            let language = context.language
            let locale = context.locale
            let providers = try await qms.providers.list()
            let table = Self.table(language).values(providers, query: TableQuery(request), locale: locale) { entry in
                let provider = entry.record
                let last = provider.latestEvaluation
                return [
                    "id": provider.id.description, "name": provider.content.name,
                    "kind": Messages.shared.term(provider.content.kind, language),
                    "service": provider.content.service,
                    "status": Messages.shared.term(provider.status, language),
                    "approved": provider.status == .approved,
                    "percent": last.map { NumberFormatting(locale).integer($0.percent) } ?? "",
                    "evaluated": NumberFormatting(locale).date(last?.on),
                    "next": NumberFormatting(locale).date(last?.nextDue),
                    "alerts": RegisterForm.alerts(entry.alerts, locale),
                ]
            }
            return renderer.page(
                "register-providers", title: Messages.shared.text("reg_providers", language), context: context,
                values: [
                    "table": table,
                    "picker": RequirementPicker.values(
                        choices: try await qms.catalogues.requirementChoices(), picked: [], language),
                    "kinds": Messages.shared.options(ProviderKind.self, context.language),
                    "canKeep": RegisterForm.canKeep(context),
                ], section: "registers")
        }
        router.post("registers/providers") { request, context in
            let (form, acting) = try await RegisterForm.decode(AddForm.self, request, context, qms: qms)
            let criteria = try RegisterForm.lines(form.criteria).map { line -> EvaluationCriterion in
                guard let equals = line.lastIndex(of: "=") else { return EvaluationCriterion(name: line) }
                guard let weight = Int(String(line[line.index(after: equals)...]).trimmingWhitespace()) else {
                    throw WebInputError.criterionWeight(line: "\(line)")
                }
                return EvaluationCriterion(name: String(line[..<equals]), weight: weight)
            }
            let draft = ProviderDraft(
                name: form.name ?? "", kind: try RegisterForm.choice(ProviderKind.self, form.kind, field: "kind"),
                service: form.service ?? "", contract: form.contract, contact: form.contact,
                requirements: try RegisterForm.keys(form.requirements), criteria: criteria,
                threshold: try RegisterForm.int(form.threshold, field: "threshold") ?? 70,
                reevaluationMonths: try RegisterForm.int(form.reevaluation_months, field: "reevaluation_months")
                    ?? 12)
            let provider = try await acting.providers.add(draft)
            return Response.redirect(to: "/registers/providers/\(provider.id)", type: .normal)
        }
        router.get("registers/providers/:id") { _, context in
            _ = try context.require(.read)
            let language = context.language
            let locale = context.locale
            let id = try ProviderID(parsing: context.parameters.get("id") ?? "")
            let entry = try await qms.providers.show(id)
            let provider = entry.record
            let content = provider.content
            let evaluations: [[String: Any]] = provider.evaluations.reversed().map { evaluation in
                [
                    "number": evaluation.number, "on": NumberFormatting(locale).date(evaluation.on),
                    "by": evaluation.by,
                    "scores": zip(content.criteria, evaluation.scores).map { "\($0.name): \($1)" },
                    "percent": NumberFormatting(locale).integer(evaluation.percent),
                    "result": Messages.shared.term(
                        evaluation.approved ? ProviderStatus.approved : .notApproved, language),
                    "next": NumberFormatting(locale).date(evaluation.nextDue), "note": evaluation.note ?? "",
                ]
            }
            return renderer.page(
                "register-provider", title: "\(id) \(content.name)", context: context,
                values: [
                    "id": id.description, "name": content.name, "kind": Messages.shared.term(content.kind, language),
                    "service": content.service, "contract": content.contract ?? "", "contact": content.contact ?? "",
                    "status": Messages.shared.term(provider.status, language),
                    "statusNote": provider.statusNote ?? "",
                    "criteria": content.criteria.map { "\($0.name) (×\($0.weight))" },
                    "threshold": NumberFormatting(locale).integer(content.threshold),
                    "months": NumberFormatting(locale).integer(content.reevaluationMonths), "evaluations": evaluations,
                    "requirements": RegisterForm.requirementLinks(content.requirements),
                    "evidence": provider.evidence?.description ?? "",
                    "alerts": RegisterForm.alerts(entry.alerts, locale), "canKeep": RegisterForm.canKeep(context),
                ], section: "registers")
        }
        router.post("registers/providers/:id") { request, context in
            let (form, acting) = try await RegisterForm.decode(StepForm.self, request, context, qms: qms)
            let id = try ProviderID(parsing: context.parameters.get("id") ?? "")
            switch form.step ?? "" {
            case "evaluate":
                let scores = try (form.scores ?? "").split(whereSeparator: { $0 == "," || $0.isWhitespace }).map {
                    text -> Int in
                    guard let score = Int(text) else {
                        throw WebInputError.scores
                    }
                    return score
                }
                try await acting.providers.evaluate(id, scores: scores, note: RegisterForm.text(form.note))
            case "suspend":
                try await acting.providers.suspend(id, reason: form.note ?? "")
            default:
                throw WebInputError.chooseStep
            }
            return Response.redirect(to: "/registers/providers/\(id)", type: .normal)
        }
    }

    /// The register's columns and what its search looks in.
    static func table(_ language: Language) -> RegisterTable<RegisterEntry<ExternalProvider>> {
        func text(_ key: String) -> String { Messages.shared.text(key, language) }
        return RegisterTable(
            path: "/registers/providers",
            columns: [
                .init("id", text("id"), text: { $0.record.id.description }),
                .init("name", text("reg_name"), text: { $0.record.content.name }),
                .init("kind", text("kind"), text: { Messages.shared.term($0.record.content.kind, language) }),
                .init("service", text("reg_service"), text: { $0.record.content.service }),
                .init("status", text("status"), text: { Messages.shared.term($0.record.status, language) }),
                .init("percent", text("reg_percent")) {
                    .number($0.record.latestEvaluation.map { Double($0.percent) })
                },
                .init(
                    "evaluated", text("reg_evaluations"),
                    text: {
                        $0.record.latestEvaluation?.on.description ?? ""
                    }),
                .init(
                    "next", text("reg_next_evaluation"),
                    text: {
                        $0.record.latestEvaluation?.nextDue.description ?? ""
                    }),
                .init("alerts", text("alerts")),
            ],
            searchText: { entry in
                let content = entry.record.content
                return [
                    entry.record.id.description, content.name, content.service, content.contract ?? "",
                    content.contact ?? "", Messages.shared.term(content.kind, language),
                    Messages.shared.term(entry.record.status, language),
                ]
            })
    }
}
