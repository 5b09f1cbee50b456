import Foundation
import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices

/// Controlled documents: the master list with the form to register one, and a document with its
/// versions and the form for its next step.
struct DocumentRoutes {
    let qms: QMS
    let renderer: Renderer

    struct AddForm: Decodable, CSRFForm {
        var _csrf: String?
        var code: String?
        var title: String?
        var kind: String?
        var owner: String?
        var process: String?
        var link: String?
        var origin: String?
        var review_months: String?
        var distribution: String?
        var requirements: String?
        var changes: String?
    }

    struct StepForm: Decodable, CSRFForm {
        var _csrf: String?
        var step: String?
        var note: String?
    }

    /// The master list's columns and what its search looks in.
    static func table(_ language: Language) -> RegisterTable<RegisterEntry<ControlledDocument>> {
        return RegisterTable(
            path: "/registers/documents",
            columns: [
                .init("code", Messages.shared.text("reg_code", language), text: { $0.record.content.code.description }),
                .init("title", Messages.shared.text("title", language), text: { $0.record.content.title }),
                .init(
                    "kind", Messages.shared.text("kind", language),
                    text: { Messages.shared.term($0.record.content.kind, language) }),
                .init("owner", Messages.shared.text("owner", language), text: { $0.record.content.owner }),
                .init(
                    "status", Messages.shared.text("status", language),
                    text: { Messages.shared.term($0.record.status, language) }),
                .init("in-force", Messages.shared.text("reg_in_force", language)) {
                    .number($0.record.inForce.map { Double($0.number) })
                },
                .init("next-review", Messages.shared.text("reg_next_review", language)) {
                    .text($0.record.inForce?.nextReview?.description ?? "")
                },
                .init("alerts", Messages.shared.text("alerts", language)),
            ],
            searchText: { entry in
                let content = entry.record.content
                return [
                    content.code.description, content.title, content.owner, content.process ?? "",
                    Messages.shared.term(content.kind, language), Messages.shared.term(entry.record.status, language),
                ]
            })
    }

    /// The steps the page offers, by the form's `step` value.
    static let steps = ["submit", "approve", "reject", "issue", "revise", "review", "obsolete", "distribute"]

    func register(on router: RouterGroup<WebContext>) {
        router.get("registers/documents") { request, context in
            _ = try context.require(.read)
            let language = context.language
            let locale = context.locale
            let entries = try await qms.documents.list()
            let table = Self.table(language).values(entries, query: TableQuery(request), locale: locale) { entry in
                let document = entry.record
                return [
                    "code": document.content.code.description, "title": document.content.title,
                    "kind": Messages.shared.term(document.content.kind, language), "owner": document.content.owner,
                    "status": Messages.shared.term(document.status, language),
                    "obsolete": document.isObsolete,
                    "inForce": document.inForce.map { "v\($0.number)" } ?? "",
                    "nextReview": NumberFormatting(locale).date(document.inForce?.nextReview),
                    "alerts": RegisterForm.alerts(entry.alerts, locale),
                ]
            }
            return renderer.page(
                "register-documents", title: Messages.shared.text("reg_documents", language), context: context,
                values: [
                    "table": table, "kinds": Messages.shared.options(DocumentKind.self, context.language),
                    "picker": RequirementPicker.values(
                        choices: try await qms.catalogues.requirementChoices(), picked: [], language),
                    "canKeep": RegisterForm.canKeep(context),
                ], section: "registers")
        }
        router.post("registers/documents") { request, context in
            let (form, acting) = try await RegisterForm.decode(AddForm.self, request, context, qms: qms)
            let draft = DocumentDraft(
                code: try RegisterForm.code(form.code, field: "code"), title: form.title ?? "",
                kind: try RegisterForm.choice(DocumentKind.self, form.kind, field: "kind"), owner: form.owner ?? "",
                process: form.process, link: form.link, origin: form.origin,
                reviewMonths: try RegisterForm.int(form.review_months, field: "review_months") ?? 12,
                distribution: RegisterForm.lines(form.distribution),
                requirements: try RegisterForm.keys(form.requirements))
            let document = try await acting.documents.add(draft, changes: RegisterForm.text(form.changes))
            return Response.redirect(to: "/registers/documents/\(document.content.code)", type: .normal)
        }
        router.get("registers/documents/:code") { _, context in
            _ = try context.require(.read)
            let language = context.language
            let locale = context.locale
            let code = try RegisterCode(context.parameters.get("code") ?? "", field: "document code")
            let entry = try await qms.documents.show(code)
            let document = entry.record
            let content = document.content
            let versions: [[String: Any]] = document.versions.reversed().map { version in
                [
                    "number": version.number, "status": Messages.shared.term(version.status, language),
                    "obsolete": version.status == .obsolete, "author": version.author,
                    "approved": [version.approvedBy, version.approvedOn.map { NumberFormatting(locale).date($0) }]
                        .compactMap { $0 }.joined(separator: " · "),
                    "issued": [version.issuedBy, version.issuedOn.map { NumberFormatting(locale).date($0) }]
                        .compactMap { $0 }.joined(separator: " · "),
                    "nextReview": version.status == .issued ? NumberFormatting(locale).date(version.nextReview) : "",
                    "note": version.obsoleteReason ?? version.returnedNote ?? version.changes ?? "",
                ]
            }
            var steps = document.allowedNext.map { status -> String in
                switch status {
                case .inReview: return "submit"
                case .approved: return "approve"
                case .draft: return "reject"
                case .issued: return "issue"
                case .obsolete: return "obsolete"
                }
            }
            if document.status == .issued { steps += ["revise", "review"] }
            if !document.isObsolete { steps.append("distribute") }
            return renderer.page(
                "register-document", title: "\(content.code) \(content.title)", context: context,
                values: [
                    "code": content.code.description, "heading": content.title,
                    "kind": Messages.shared.term(content.kind, language),
                    "owner": content.owner, "process": content.process ?? "", "link": content.link ?? "",
                    "origin": content.origin ?? "",
                    "reviewMonths": NumberFormatting(locale).integer(content.reviewMonths),
                    "distribution": content.distribution,
                    "requirements": RegisterForm.requirementLinks(content.requirements),
                    "status": Messages.shared.term(document.status, language),
                    "evidence": document.evidence?.description ?? "", "versions": versions,
                    "alerts": RegisterForm.alerts(entry.alerts, locale), "steps": steps,
                    "canKeep": RegisterForm.canKeep(context),
                ], section: "registers")
        }
        router.post("registers/documents/:code") { request, context in
            let (form, acting) = try await RegisterForm.decode(StepForm.self, request, context, qms: qms)
            let code = try RegisterCode(context.parameters.get("code") ?? "", field: "document code")
            let note = RegisterForm.text(form.note)
            let service = acting.documents
            switch form.step ?? "" {
            case "submit": try await service.submit(code)
            case "approve": try await service.approve(code)
            case "reject": try await service.reject(code, note: note ?? "")
            case "issue": try await service.issue(code)
            case "revise": try await service.revise(code, changes: note ?? "")
            case "review": try await service.review(code, note: note)
            case "obsolete": try await service.obsolete(code, reason: note ?? "")
            case "distribute": try await service.distribute(code, to: RegisterForm.lines(note))
            default: throw WebInputError.chooseStep
            }
            return Response.redirect(to: "/registers/documents/\(code)", type: .normal)
        }
    }
}
