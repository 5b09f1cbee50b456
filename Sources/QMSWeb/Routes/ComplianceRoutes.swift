import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices

/// Compliance per standard, by clause and by electoral process, and the documented information checklist.
struct ComplianceRoutes {
    let qms: QMS
    let renderer: Renderer

    func register(on router: RouterGroup<WebContext>) {
        router.get("compliance") { request, context in
            _ = try context.require(.read)
            let language = context.language
            let locale = context.locale
            let standards = try await qms.catalogues.list()
            let chosen = try StandardID(
                Forms.query(request, "standard") ?? standards.first { $0.id == "iso-54001-2019" }?.id ?? standards
                    .first?.id
                    ?? "iso-9001-2015")
            func rows(_ grouping: ComplianceGrouping) async throws -> [[String: Any]] {
                try await qms.compliance.breakdown(chosen, by: grouping).map { line in
                    ReadinessFigures.values(
                        applicable: line.applicable, satisfied: line.satisfied, partial: line.partial,
                        missing: line.missing, excluded: line.excluded, readinessPercent: line.readinessPercent, locale
                    ).merging([
                        "group": line.group, "title": line.title.text(in: language), "status": line.status.rawValue,
                        "statusText": Messages.shared.term(line.status, language),
                    ]) { own, _ in own }
                }
            }
            let items = try await qms.compliance.documentedInformation(standard: chosen)
            let count = DocumentedInformationCount(items.map(\.type))
            let checklist = items.map { item -> [String: Any] in
                [
                    "number": item.key.number, "href": "/catalogue/\(item.key.standard)/\(item.key.number)",
                    "type": Messages.shared.term(item.type, language),
                    "text": item.description.text(in: language), "state": item.state.rawValue,
                    "stateText": Messages.shared.term(item.state, language),
                    "evidence": item.evidence.map(\.description),
                ]
            }
            return renderer.page(
                "compliance", title: Messages.shared.text("compliance_title", language), context: context,
                values: [
                    "standard": chosen.rawValue,
                    "standards": standards.map { ["id": $0.id, "selected": $0.id == chosen.rawValue] },
                    "clauses": try await rows(.clause), "processes": try await rows(.process), "checklist": checklist,
                    "checklistCount": count.total == 0
                        ? ""
                        : NumberFormatting(context.locale).integer(count.maintain) + " "
                            + Messages.shared.text("documents_to_maintain", language) + ", "
                            + NumberFormatting(context.locale).integer(count.retain) + " "
                            + Messages.shared.text("records_to_retain", language),
                    "transition": try await qms.transition.isAvailable(),
                ], section: "compliance")
        }
        router.get("compliance/transition") { request, context in
            _ = try context.require(.read)
            let language = context.language
            let deadline = try Forms.query(request, "deadline").map { try CalendarDate(parsing: $0) }
            let report = try await qms.transition.report(deadline: deadline)
            func kind(_ kind: TransitionChangeKind) -> String {
                Messages.shared.text("transition_\(kind.rawValue)", language)
            }
            return renderer.page(
                "transition", title: Messages.shared.text("transition_title", language), context: context,
                values: [
                    "from": report.from.rawValue, "to": report.to.rawValue,
                    "toStatus": Messages.shared.text("transition_status_\(report.toStatus)", language),
                    "deadline": NumberFormatting(context.locale).date(report.deadline),
                    "deadlineValue": report.deadline.description,
                    "estimated": !report.deadlineGiven,
                    "daysLeft": NumberFormatting(context.locale).integer(report.daysLeft),
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
                            "credit": Messages.shared.term(item.credit, language),
                        ]
                    },
                    "missing": report.missing.map { gap -> [String: Any] in
                        ["number": gap.key.number, "title": gap.title.text(in: language), "kind": kind(gap.kind)]
                    },
                ], section: "compliance")
        }
    }
}
