import Hummingbird
import QMSCore
import QMSServices

/// The dashboard: readiness per standard (with a chart), evidence and corrective actions needing
/// attention, and the delivery of each annual work plan.
struct DashboardRoutes {
    let qms: QMS
    let renderer: Renderer

    func register(on router: RouterGroup<WebContext>) {
        router.get("/") { _, context in
            _ = try context.require(.read)
            let language = context.language
            let readiness = try await qms.compliance.readiness()
            let gaps = try await qms.compliance.gaps(within: 30)
            let rows: [[String: Any]] = readiness.enumerated().map { index, line in
                [
                    "standard": line.standard, "title": line.title.text(in: language),
                    "status": Translations.text(line.status, language),
                    "applicable": Format.number(line.applicable, language),
                    "satisfied": Format.number(line.satisfied, language),
                    "partial": Format.number(line.partial, language),
                    "missing": Format.number(line.missing, language),
                    "excluded": Format.number(line.excluded, language),
                    "readiness": Format.percent(line.readinessPercent, language),
                    // Chart geometry: one bar per standard, satisfied then partial, in a 400-wide box.
                    "y": index * 28 + 4, "textY": index * 28 + 18,
                    "satisfiedWidth": Int(Double(line.satisfied) / Double(max(1, line.applicable)) * 400),
                    "partialX": 150 + Int(Double(line.satisfied) / Double(max(1, line.applicable)) * 400),
                    "partialWidth": Int(Double(line.partial) / Double(max(1, line.applicable)) * 400),
                ]
            }
            let alerts: [[String: Any]] = gaps.evidence.prefix(20).map { item in
                [
                    "id": item.alert.evidence.description, "title": item.title, "owner": item.owner,
                    "kind": item.alert.kind.rawValue, "kindText": Translations.text(item.alert.kind.rawValue, language),
                    "date": Format.date(item.alert.date, language), "days": Format.number(item.alert.days, language),
                ]
            }
            let attention: [[String: Any]] = try await qms.nonconformities.list(needingAttention: true).flatMap {
                entry in
                entry.alerts.map { alert in
                    [
                        "id": entry.nonconformity.id.description, "title": entry.nonconformity.content.title,
                        "kind": Translations.text("alert_" + alert.kind.rawValue, language),
                        "reference": alert.reference, "date": Format.date(alert.date, language),
                    ] as [String: Any]
                }
            }
            let plans: [[String: Any]] = try await qms.plans.list().map { listing in
                [
                    "awp": listing.awp.description, "project": PlansRoutes.text(listing.project, language),
                    "status": PlansRoutes.status(listing.status, language),
                    "planned": PlansRoutes.money(listing.planned, language),
                    "spent": PlansRoutes.money(listing.spent, language),
                    "delivery": Format.digits(
                        Ratio.percentText(PlansRoutes.basisPoints(listing.spent, of: listing.planned)), language),
                ]
            }
            let organisation = try await qms.organisation.get()
            return renderer.page(
                "dashboard", title: Translations.text("dashboard_title", language), context: context,
                values: [
                    "standards": rows, "chartHeight": max(1, rows.count) * 28 + 8, "alerts": alerts,
                    "hasAlerts": !alerts.isEmpty, "organisation": organisation?.name.text(in: language) ?? "",
                    "missingCount": Format.number(gaps.missing.count, language), "attention": attention,
                    "plans": plans,
                ], section: "dashboard")
        }
    }
}
