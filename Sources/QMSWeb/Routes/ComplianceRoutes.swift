import Hummingbird
import QMSCore
import QMSServices

/// Compliance per standard, by clause and by electoral process, and the documented information checklist.
struct ComplianceRoutes {
    let qms: QMS
    let renderer: Renderer

    func register(on router: RouterGroup<WebContext>) {
        router.get("compliance") { request, context in
            _ = try context.require(.read)
            let language = context.language
            let standards = try await qms.catalogues.list()
            let chosen = try StandardID(
                Forms.query(request, "standard") ?? standards.first { $0.id == "iso-54001-2019" }?.id ?? standards
                    .first?.id
                    ?? "iso-9001-2015")
            func rows(_ grouping: ComplianceGrouping) async throws -> [[String: Any]] {
                try await qms.compliance.breakdown(chosen, by: grouping).map { line in
                    [
                        "group": line.group, "title": line.title.text(in: language), "status": line.status.rawValue,
                        "statusText": Translations.text(line.status.rawValue, language),
                        "applicable": Format.number(line.applicable, language),
                        "satisfied": Format.number(line.satisfied, language),
                        "partial": Format.number(line.partial, language),
                        "missing": Format.number(line.missing, language),
                        "readiness": Format.percent(line.readinessPercent, language),
                    ]
                }
            }
            let items = try await qms.compliance.documentedInformation(standard: chosen)
            let count = DocumentedInformationCount(items.map(\.type))
            let checklist = items.map { item -> [String: Any] in
                [
                    "number": item.key.number, "href": "/catalogue/\(item.key.standard)/\(item.key.number)",
                    "type": Translations.text(item.type.rawValue, language),
                    "text": item.description.text(in: language), "state": item.state.rawValue,
                    "stateText": Translations.text(item.state.rawValue, language),
                    "evidence": item.evidence.map(\.description),
                ]
            }
            return renderer.page(
                "compliance", title: Translations.text("compliance_title", language), context: context,
                values: [
                    "standard": chosen.rawValue,
                    "standards": standards.map { ["id": $0.id, "selected": $0.id == chosen.rawValue] },
                    "clauses": try await rows(.clause), "processes": try await rows(.process), "checklist": checklist,
                    "checklistCount": count.total == 0
                        ? ""
                        : Format.number(count.maintain, language) + " "
                            + Translations.text("documents_to_maintain", language) + ", "
                            + Format.number(count.retain, language) + " "
                            + Translations.text("records_to_retain", language),
                ], section: "compliance")
        }
    }
}
