import Hummingbird
import QMSCore
import QMSPresentation
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
            let locale = context.locale
            let readiness = try await qms.compliance.readiness()
            let gaps = try await qms.compliance.gaps(within: 30)
            let cycle = CertificationCycleValues.values(
                try await qms.audits.nextCertificationAudit(), today: qms.today, language: language, locale: locale,
                certificate: try await qms.certification.current())
            let rows: [[String: Any]] = readiness.enumerated().map { index, line in
                let figures = ReadinessFigures.values(
                    applicable: line.applicable, satisfied: line.satisfied, partial: line.partial,
                    missing: line.missing, excluded: line.excluded, readinessPercent: line.readinessPercent, locale)
                return figures.merging([
                    "standard": line.standard, "title": line.title.text(in: language),
                    "status": Messages.shared.text("standard_status_" + line.status, language),
                    // Chart geometry: one bar per standard, satisfied then partial, in a 400-wide box.
                    "y": index * 28 + 4, "textY": index * 28 + 18,
                    "satisfiedWidth": Int(Double(line.satisfied) / Double(max(1, line.applicable)) * 400),
                    "partialX": 150 + Int(Double(line.satisfied) / Double(max(1, line.applicable)) * 400),
                    "partialWidth": Int(Double(line.partial) / Double(max(1, line.applicable)) * 400),
                    // The card's meter: the same shares in a 100-wide box.
                    "meterSatisfied": line.satisfied * 100 / max(1, line.applicable),
                    "meterPartial": line.partial * 100 / max(1, line.applicable),
                    "tone": line.readinessPercent >= 80 ? "ok" : line.readinessPercent >= 50 ? "warn" : "bad",
                ]) { own, _ in own }
            }
            let alerts: [[String: Any]] = gaps.evidence.prefix(20).map { item in
                [
                    "id": item.alert.evidence.description, "title": item.title, "owner": item.owner,
                    "kind": item.alert.kind.rawValue, "kindText": Messages.shared.term(item.alert.kind, language),
                    "date": NumberFormatting(locale).date(item.alert.date),
                    "days": Messages.shared.plural("days_count", count: item.alert.days, language, format: locale),
                ]
            }
            let attention: [[String: Any]] = try await qms.nonconformities.list(needingAttention: true).flatMap {
                entry in
                entry.alerts.map { alert in
                    [
                        "id": entry.nonconformity.id.description, "title": entry.nonconformity.content.title,
                        "kind": Messages.shared.term(alert.kind, language),
                        "reference": alert.reference, "date": NumberFormatting(locale).date(alert.date),
                    ] as [String: Any]
                }
            }
            let plans: [[String: Any]] = try await qms.plans.list().map { listing in
                [
                    "awp": listing.awp.description, "project": PlansRoutes.text(listing.project, language),
                    "status": PlansRoutes.status(listing.status, language),
                    "planned": PlansRoutes.money(listing.planned, locale),
                    "spent": PlansRoutes.money(listing.spent, locale),
                    "delivery": NumberFormatting(locale).percent(
                        basisPoints: PlansRoutes.basisPoints(listing.spent, of: listing.planned)),
                ]
            }
            let organisation = try await qms.organisation.get()
            // When the reminders last ran (by the scheduler or the command line), in the reader's
            // language and time zone.
            let lastRun = try await qms.inbox.lastRuns().first
            let remindersLastRun =
                lastRun.map { run in
                    Messages.shared.text(
                        "reminders_last_run", language,
                        [
                            "time": NumberFormatting(locale).time(run.ranAt),
                            "source": Messages.shared.text("reminder_source_\(run.source.rawValue)", language),
                            "sent": NumberFormatting(locale).integer(run.sent),
                        ])
                } ?? Messages.shared.text("reminders_never_ran", language)
            // An auditor sees the engagements that name them (an auditor's page is never shared).
            var engagements: [[String: Any]] = []
            if let user = context.user, user.role == .auditor {
                let today = try await qms.engagements.today()
                engagements = try await qms.engagements.engagements(naming: user.username).map {
                    EngagementRoutes.row($0, today: today, context)
                }
            }
            return renderer.page(
                "dashboard", title: Messages.shared.text("dashboard_title", language), context: context,
                values: cycle.merging([
                    "standards": rows, "chartHeight": max(1, rows.count) * 28 + 8, "alerts": alerts,
                    "hasAlerts": !alerts.isEmpty, "organisation": organisation?.name.text(in: language) ?? "",
                    "missingCount": NumberFormatting(locale).integer(gaps.missing.count), "attention": attention,
                    "plans": plans, "alertsCount": NumberFormatting(locale).integer(gaps.evidence.count),
                    "attentionCount": NumberFormatting(locale).integer(attention.count),
                    "plansCount": NumberFormatting(locale).integer(plans.count),
                    "alertsTone": gaps.evidence.isEmpty ? "ok" : "warn",
                    "attentionTone": attention.isEmpty ? "ok" : "bad",
                    "engagements": engagements, "engagements_any": !engagements.isEmpty,
                    "remindersLastRun": remindersLastRun, "remindersTone": lastRun?.failed ?? 0 > 0 ? "bad" : "ok",
                ]) { _, own in own }, section: "dashboard")
        }
    }
}
