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
            let checklist = try await qms.compliance.documentedInformation().map { item -> [String: Any] in
                [
                    "number": item.key.number, "type": Translations.text(item.type.rawValue, language),
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
                    "transition": try await qms.transition.isAvailable(),
                ], section: "compliance")
        }
        router.get("compliance/transition") { request, context in
            _ = try context.require(.read)
            let language = context.language
            let deadline = try Forms.query(request, "deadline").map { try CalendarDate(parsing: $0) }
            let report = try await qms.transition.report(deadline: deadline)
            func kind(_ kind: TransitionChangeKind) -> String {
                Translations.text("transition_\(kind.rawValue)", language)
            }
            return renderer.page(
                "transition", title: Translations.text("transition_title", language), context: context,
                values: [
                    "from": report.from.rawValue, "to": report.to.rawValue,
                    "toStatus": Translations.text("transition_status_\(report.toStatus)", language),
                    "deadline": Format.date(report.deadline, language), "deadlineValue": report.deadline.description,
                    "estimated": !report.deadlineGiven, "daysLeft": Format.number(report.daysLeft, language),
                    "changes": report.changes.map { change -> [String: Any] in
                        [
                            "number": change.key.number, "title": change.title.text(in: language),
                            "kind": kind(change.kind), "from": change.from.joined(separator: ", "),
                        ]
                    },
                    "carried": report.carriedOver.map { item -> [String: Any] in
                        [
                            "number": item.key.number, "title": item.title.text(in: language),
                            "evidence": item.evidence.description, "via": item.via.description,
                            "credit": Translations.text(item.credit.rawValue, language),
                        ]
                    },
                    "missing": report.missing.map { gap -> [String: Any] in
                        ["number": gap.key.number, "title": gap.title.text(in: language), "kind": kind(gap.kind)]
                    },
                ], section: "compliance")
        }
    }
}
