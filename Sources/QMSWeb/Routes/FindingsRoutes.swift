import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices
import QMSStore

/// Findings: the nonconformity register, a nonconformity with its corrective-action workflow (and
/// the form for its next step), management reviews and observer recommendations (audits: ``AuditRoutes``).
struct FindingsRoutes {
    let qms: QMS
    let renderer: Renderer

    /// The fields of every corrective-action step; each step uses the ones it needs.
    struct AdvanceForm: Decodable {
        var _csrf: String?
        var to: String?
        var note: String?
        var consequences: String?
        var method: String?
        var causes: String?
        var similar: String?
        var action: String?
        var owner: String?
        var due: String?
        var evidence: String?
        var result: String?
        var update_risks: String?
        var change_qms: String?
    }

    struct OpenForm: Decodable {
        var _csrf: String?
        var title: String?
        var description: String?
        var source: String?
        var grade: String?
        var requirements: String?
        var process: String?
        var site: String?
    }

    func register(on router: RouterGroup<WebContext>) {
        router.get("findings") { request, context in
            _ = try context.require(.read)
            let language = context.language
            let locale = context.locale
            var filter = NonconformityFilter()
            filter.openOnly = Forms.query(request, "open") != nil
            let entries = try await qms.nonconformities.list(filter)
            let query = TableQuery(request, filters: ["open"])
            let table = Self.table(language).values(entries, query: query, locale: locale) { entry in
                let nc = entry.nonconformity
                return [
                    "id": nc.id.description, "title": nc.content.title,
                    "grade": Messages.shared.term(nc.content.grade, language),
                    "source": Messages.shared.term(nc.content.source, language),
                    "state": Messages.shared.term(nc.state, language),
                    "requirements": nc.content.requirements.map(\.description),
                    "raised": NumberFormatting(locale).date(nc.content.raisedOn),
                    "alerts": entry.alerts.map { Messages.shared.term($0.kind, language) },
                ]
            }
            return renderer.page(
                "findings", title: Messages.shared.text("findings_title", language), context: context,
                values: ["table": table], section: "findings")
        }
        router.get("findings/new") { request, context in
            _ = try context.require(.manageFindings)
            return renderer.page(
                "finding-new", title: Messages.shared.text("open_finding", context.language), context: context,
                values: [
                    "picker": RequirementPicker.values(
                        choices: try await qms.catalogues.requirementChoices(),
                        picked: Forms.query(request, "requirement").map { [$0] } ?? [], context.language),
                    "sources": NonconformitySource.allCases.map {
                        ["value": $0.rawValue, "label": Messages.shared.term($0, context.language)]
                    },
                    "grades": NonconformityGrade.allCases.map {
                        ["value": $0.rawValue, "label": Messages.shared.term($0, context.language)]
                    },
                ], section: "findings")
        }
        router.post("findings") { request, context in
            let user = try context.require(.manageFindings)
            let form = try await Forms.decode(OpenForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            guard let source = NonconformitySource(rawValue: form.source ?? ""),
                let grade = NonconformityGrade(rawValue: form.grade ?? "")
            else { throw WebInputError.chooseSourceAndGrade }
            let draft = NonconformityDraft(
                title: form.title ?? "", description: form.description, source: source, grade: grade,
                requirements: try Self.keys(form.requirements), process: form.process, site: form.site,
                raisedBy: user.displayName, raisedOn: qms.today)
            let nc = try await qms.acting(as: user.username).nonconformities.open(draft)
            return Response.redirect(to: "/findings/\(nc.id)", type: .normal)
        }
        router.get("findings/:id") { _, context in
            _ = try context.require(.read)
            let language = context.language
            let locale = context.locale
            let id = try NonconformityID(parsing: context.parameters.get("id") ?? "")
            let entry = try await qms.nonconformities.show(id)
            let nc = entry.nonconformity
            let format = NumberFormatting(locale)
            let history: [[String: Any]] = nc.correctiveAction.history.map { step in
                [
                    "from": step.from.map { Messages.shared.term($0, language) } ?? "",
                    "to": Messages.shared.term(step.to, language), "toValue": step.to.rawValue,
                    "round": format.integer(step.round), "actor": step.actor, "at": format.time(step.at),
                    "note": step.fields.note ?? "", "causes": step.fields.causes,
                    "actions": step.fields.actions.map { "\($0.text) — \($0.owner), \(format.date($0.due))" },
                    "result": step.fields.result.map { Messages.shared.term($0, language) } ?? "",
                    "evidence": step.fields.evidence.map(\.description),
                ]
            }
            // One small form per step that may come next, with only the fields that step records
            // and why it comes (ISO 9001 10.2.1).
            let steps: [[String: Any]] = nc.allowedNextStates.map { next in
                [
                    "value": next.rawValue, "label": Messages.shared.term(next, language),
                    "why": Messages.shared.text(
                        "ca_step_" + next.rawValue.replacingOccurrences(of: "-", with: "_"), language),
                    "step_" + next.rawValue: true, "needsWhy": next == .closed && nc.state == .reported,
                ]
            }
            let actions: [[String: Any]] = nc.correctiveAction.actions.map { action in
                [
                    "id": action.id.description, "text": action.text, "owner": action.owner,
                    "due": NumberFormatting(locale).date(action.due), "overdue": action.isOverdue(on: qms.today),
                    "implemented": NumberFormatting(locale).date(action.implementedOn),
                ]
            }
            // A finding raised at an audit leads back to it, where its report and criteria are.
            var audit: [String: Any]?
            if let auditID = nc.content.audit {
                let raisedAt = try await qms.audits.show(auditID).audit
                audit = ["auditID": auditID.description, "auditTitle": raisedAt.content.title]
            }
            return renderer.page(
                "finding-show", title: "\(id) \(nc.content.title)", context: context,
                values: [
                    "id": id.description, "title": nc.content.title, "description": nc.content.description ?? "",
                    "grade": Messages.shared.term(nc.content.grade, language),
                    "source": Messages.shared.term(nc.content.source, language),
                    "state": Messages.shared.term(nc.state, language),
                    "requirements": nc.content.requirements.map {
                        ["key": $0.description, "path": "/catalogue/\($0.standard)/\($0.number)"]
                    },
                    "process": nc.content.process ?? "", "site": nc.content.site ?? "",
                    "raised": "\(format.date(nc.content.raisedOn)) · \(nc.content.raisedBy)", "history": history,
                    "actions": actions,
                    "alerts": entry.alerts.map { Messages.shared.term($0.kind, language) },
                    "deadline": entry.deadline.map { format.date($0.date) } ?? "",
                    "stateValue": nc.state.rawValue, "steps": steps, "steps_any": !steps.isEmpty,
                    "canAdvance": context.user?.can(.manageFindings) ?? false, "audit": audit ?? false,
                ], section: "findings")
        }
        router.post("findings/:id/advance") { request, context in
            let user = try context.require(.manageFindings)
            let form = try await Forms.decode(AdvanceForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let id = try NonconformityID(parsing: context.parameters.get("id") ?? "")
            guard let state = CorrectiveActionState(rawValue: form.to ?? "") else {
                throw WebInputError.chooseNextStep
            }
            let step = try CorrectiveActionStepInput(
                note: form.note, consequences: form.consequences, method: form.method,
                causes: form.causes.map { [$0] } ?? [], similar: form.similar,
                actions: form.action.map { [.init(text: $0, owner: form.owner, due: form.due)] } ?? [],
                evidence: form.evidence.map { [$0] } ?? [], result: form.result,
                updateRisks: form.update_risks, changeQMS: form.change_qms
            ).step(actor: user.displayName, today: qms.today)
            try await qms.acting(as: user.username).nonconformities.advance(id, to: state, with: step)
            return Response.redirect(to: "/findings/\(id)", type: .normal)
        }
        router.get("reviews") { _, context in
            _ = try context.require(.read)
            let language = context.language
            let locale = context.locale
            let reviews = try await qms.reviews.list()
            let rows: [[String: Any]] = reviews.map { entry in
                [
                    "id": entry.review.id.description, "title": entry.review.content.title,
                    "date": NumberFormatting(locale).date(entry.review.content.heldOn),
                    "missing": entry.missingInputs.map { $0.title.text(in: language) },
                    "alerts": entry.alerts.map { Messages.shared.term($0.kind, language) },
                ]
            }
            return renderer.page(
                "reviews", title: Messages.shared.text("reviews_title", language), context: context,
                values: ["reviews": rows], section: "findings")
        }
        router.get("recommendations") { _, context in
            _ = try context.require(.read)
            let recommendations = try await qms.recommendations.list()
            let rows: [[String: Any]] = recommendations.map { item in
                [
                    "id": item.id.description, "mission": item.content.mission, "year": item.content.year,
                    "text": item.content.text,
                    "priority": Messages.shared.term(item.content.priority, context.language),
                    "addressee": Messages.shared.term(item.content.addressee, context.language),
                    "status": Messages.shared.term(item.status, context.language),
                    "links": item.links.map { "\($0.kind.rawValue) \($0.target)" },
                ]
            }
            return renderer.page(
                "recommendations", title: Messages.shared.text("recommendations_title", context.language),
                context: context,
                values: ["recommendations": rows], section: "findings")
        }
    }

    /// The register's columns and what its search looks in.
    static func table(_ language: Language) -> RegisterTable<NonconformityEntry> {
        func text(_ key: String) -> String { Messages.shared.text(key, language) }
        return RegisterTable(
            path: "/findings",
            columns: [
                .init("id", text("id"), text: { $0.nonconformity.id.description }),
                .init("title", text("title"), text: { $0.nonconformity.content.title }),
                .init("grade", text("grade"), text: { Messages.shared.term($0.nonconformity.content.grade, language) }),
                .init(
                    "source", text("source"),
                    text: {
                        Messages.shared.term($0.nonconformity.content.source, language)
                    }),
                .init("state", text("state"), text: { Messages.shared.term($0.nonconformity.state, language) }),
                .init("requirements", text("requirements")),
                .init("raised", text("raised"), text: { $0.nonconformity.content.raisedOn.description }),
                .init("alerts", text("alerts")),
            ],
            searchText: { entry in
                let content = entry.nonconformity.content
                return [
                    entry.nonconformity.id.description, content.title, content.description ?? "",
                    content.process ?? "", content.site ?? "", Messages.shared.term(content.grade, language),
                    Messages.shared.term(content.source, language),
                    Messages.shared.term(entry.nonconformity.state, language),
                ] + content.requirements.map(\.description)
            })
    }

    static func keys(_ text: String?) throws -> [RequirementKey] {
        try (text ?? "").split(whereSeparator: { $0.isNewline || $0 == ";" || $0 == "," }).map {
            try RequirementKey(parsing: String($0).trimmingWhitespace())
        }
    }
}
