import Foundation
import Hummingbird
import QMSCore
import QMSServices
import QMSStore

/// The plans: every annual work plan, and the review page the Technical Committee works on (the
/// plan tree, activities by output with quarters and budget, totals per funding source, the
/// delivery chart, comments per activity, the decision form and the difference between versions).
/// Everyone who may read sees them; the steps need `manage-plans`, `comment-plans` or
/// `decide-plans`, and every rule stays in `QMSServices`.
struct PlansRoutes {
    let qms: QMS
    let renderer: Renderer

    struct CommentForm: Decodable, CSRFForm {
        var _csrf: String?
        var activity: String?
        var text: String?
    }

    struct DecisionForm: Decodable, CSRFForm {
        var _csrf: String?
        var decision: String?
        var minutes: String?
    }

    struct ExpenseForm: Decodable, CSRFForm {
        var _csrf: String?
        var activity: String?
        var amount: String?
        var date: String?
        var reference: String?
        var source: String?
    }

    struct SubmitForm: Decodable, CSRFForm {
        var _csrf: String?
    }

    func register(on router: RouterGroup<WebContext>) {
        router.get("plans") { _, context in
            _ = try context.require(.read)
            let language = context.language
            let rows: [[String: Any]] = try await qms.plans.list().map { listing in
                [
                    "awp": listing.awp.description, "project": Self.text(listing.project, language),
                    "year": Format.number(listing.year, language),
                    "version": Format.number(listing.latestVersion, language),
                    "status": Self.status(listing.status, language), "statusClass": listing.status.rawValue,
                    "activities": Format.number(listing.activities, language),
                    "planned": Self.money(listing.planned, language), "spent": Self.money(listing.spent, language),
                    "delivery": Format.digits(
                        Ratio.percentText(Self.basisPoints(listing.spent, of: listing.planned)), language),
                ]
            }
            return renderer.page(
                "plans", title: Translations.text("plans_title", language), context: context,
                values: ["plans": rows], section: "plans")
        }
        router.get("plans/:awp") { request, context in
            _ = try context.require(.read)
            let awp = try PlanID(context.parameters.get("awp") ?? "")
            let version = try Self.version(Forms.query(request, "version"))
            let details = try await qms.plans.details(awp, version: version)
            let expenditures = try await qms.expenditure.list(awp)
            return renderer.page(
                "plan", title: "\(awp) · \(Self.text(details.version.planSet.workPlan.project, context.language))",
                context: context, values: Self.review(details, expenditures: expenditures, context: context),
                section: "plans")
        }
        router.get("plans/:awp/diff") { request, context in
            _ = try context.require(.read)
            let language = context.language
            let awp = try PlanID(context.parameters.get("awp") ?? "")
            guard let from = try Self.version(Forms.query(request, "from")),
                let to = try Self.version(Forms.query(request, "to"))
            else { throw HTTPError(.badRequest, message: "choose the two versions to compare (from and to)") }
            let diff = try await qms.plans.diff(awp, from: from, to: to)
            return renderer.page(
                "plan-diff", title: "\(awp) · \(Translations.text("plans_diff", language))", context: context,
                values: Self.diff(diff, language), section: "plans")
        }
        router.get("plans/:awp/export") { request, context in
            _ = try context.require(.read)
            let awp = try PlanID(context.parameters.get("awp") ?? "")
            let version = try Self.version(Forms.query(request, "version"))
            let format = try RegisterForm.choice(
                PlanFileFormat.self, Forms.query(request, "format") ?? "xlsx", field: "format (xml, csv or xlsx)")
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eqms-plan-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("\(awp).\(format.rawValue)")
            let report = try await qms.plans.export(awp, version: version, format: format, to: file)
            let data = try Data(contentsOf: file)
            let name = "\(awp)-v\(report.version).\(format.rawValue)"
            return Response(
                status: .ok,
                headers: [
                    .contentType: Self.mediaType(format), .contentDisposition: "attachment; filename=\"\(name)\"",
                    .cacheControl: "no-store",
                ],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.post("plans/:awp/submit") { request, context in
            let user = try context.require(.managePlans)
            let form = try await Forms.decode(SubmitForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let awp = try PlanID(context.parameters.get("awp") ?? "")
            try await qms.acting(as: user.username).workPlanReview.submit(awp)
            return Response.redirect(to: "/plans/\(awp)", type: .normal)
        }
        router.post("plans/:awp/comments") { request, context in
            let user = try context.require(.commentPlans)
            let form = try await Forms.decode(CommentForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let awp = try PlanID(context.parameters.get("awp") ?? "")
            let activity = try ActivityCode(form.activity ?? "")
            try await qms.acting(as: user.username).workPlanReview.comment(
                awp, activity: activity, text: form.text ?? "")
            return Response.redirect(to: "/plans/\(awp)#activity-\(activity)", type: .normal)
        }
        router.post("plans/:awp/decision") { request, context in
            let user = try context.require(.decidePlans)
            let form = try await Forms.decode(DecisionForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let awp = try PlanID(context.parameters.get("awp") ?? "")
            let decision = try RegisterForm.choice(AWPDecisionKind.self, form.decision, field: "decision")
            try await qms.acting(as: user.username).workPlanReview.decide(awp, decision, minutes: form.minutes ?? "")
            return Response.redirect(to: "/plans/\(awp)", type: .normal)
        }
        router.post("plans/:awp/expenses") { request, context in
            let user = try context.require(.managePlans)
            let form = try await Forms.decode(ExpenseForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let awp = try PlanID(context.parameters.get("awp") ?? "")
            let listing = try await qms.plans.list().first { $0.awp == awp }
            guard let listing else {
                throw DomainError.notFound(kind: "annual work plan", id: awp.description, hint: "open it from /plans")
            }
            let draft = ExpenditureDraft(
                activity: try ActivityCode(form.activity ?? ""),
                amount: try Money(parsing: form.amount ?? "", currency: listing.currency),
                date: try RegisterForm.requiredDay(form.date, field: "date"), reference: form.reference ?? "",
                source: try RegisterForm.text(form.source).map { try PlanCode($0, field: "funding source") })
            try await qms.acting(as: user.username).expenditure.add(awp, draft)
            return Response.redirect(to: "/plans/\(awp)#expenditure", type: .normal)
        }
    }

    // MARK: Page values

    /// The values of the review page.
    static func review(_ details: AWPDetails, expenditures: [Expenditure], context: WebContext) -> [String: Any] {
        let language = context.language
        let stored = details.version
        let planSet = stored.planSet
        let plan = planSet.workPlan
        let summary = details.summary
        let latest = details.versions.last?.version ?? stored.version
        let isLatest = stored.version == latest
        let inReview = isLatest && (stored.status == .submitted || stored.status == .underReview)
        let user = context.user
        let delivery = Dictionary(summary.byActivity.map { ($0.key, $0) }) { first, _ in first }
        let budget = Dictionary(grouping: plan.budgetLines, by: \.activity)
        let comments = Dictionary(grouping: details.comments, by: \.activity)

        var outputs: [[String: Any]] = []
        let outputCodes =
            planSet.outputs.map(\.code)
            + plan.activities.map(\.output).filter { code in
                !planSet.outputs.contains { $0.code == code }
            }
        var seen = Set<PlanCode>()
        for code in outputCodes where seen.insert(code).inserted {
            let output = planSet.output(code)
            let activities: [[String: Any]] = plan.activities.filter { $0.output == code }.map { activity in
                let line = delivery[activity.code.description]
                let quarters = Quarter.allCases.map { quarter in
                    ["label": quarter.description, "on": activity.quarters.quarters.contains(quarter)] as [String: Any]
                }
                return [
                    "code": activity.code.description, "title": text(activity.title, language),
                    "quarters": quarters, "responsible": activity.responsibleParty,
                    "partner": activity.implementingPartner ?? "", "process": activity.process?.rawValue ?? "",
                    "status": Translations.text("act_" + activity.status.rawValue, language),
                    "progress": Format.digits("\(activity.progress)%", language),
                    "planned": line.map { money($0.planned, language) } ?? "",
                    "spent": line.map { money($0.spent, language) } ?? "",
                    "delivery": Format.digits(line?.deliveryText ?? "–", language),
                    "results": activity.results.map { Format.digits($0.text, language) },
                    "events": activity.events.map { Format.digits($0.text, language) },
                    "events_any": !activity.events.isEmpty,
                    "links": activity.links.map(\.description),
                    "budget": (budget[activity.code] ?? []).map { line in
                        [
                            "account": line.account.description, "description": line.description,
                            "source": line.source.description,
                            "quarters": line.quarters.map { money($0, language) },
                            "amount": money(line.amount, language),
                        ] as [String: Any]
                    },
                    "comments": (comments[activity.code] ?? []).map { comment in
                        [
                            "author": comment.author, "at": Format.digits(comment.at.description, language),
                            "text": comment.text,
                        ] as [String: Any]
                    },
                ]
            }
            let line = summary.byOutput.first { $0.key == code.description }
            outputs.append([
                "code": code.description, "title": output.map { text($0.title, language) } ?? "",
                "phase": output.map { Translations.text("phase_" + $0.phase.rawValue, language) } ?? "",
                "planned": line.map { money($0.planned, language) } ?? "",
                "spent": line.map { money($0.spent, language) } ?? "",
                "delivery": Format.digits(line?.deliveryText ?? "–", language), "activities": activities,
            ])
        }

        var tree: [[String: Any]] = []
        if let strategic = planSet.strategicPlan {
            let progress = Dictionary(summary.kpis.map { ($0.code, $0) }) { first, _ in first }
            tree = strategic.goals.map { goal in
                [
                    "code": goal.code.description, "title": text(goal.title, language),
                    "objectives": goal.objectives.map { objective in
                        [
                            "code": objective.code.description, "title": text(objective.title, language),
                            "quality": objective.qualityObjective,
                            "outputs": planSet.outputs.filter { $0.objectives.contains(objective.code) }.map {
                                "\($0.code) \(text($0.title, language))"
                            },
                            "kpis": objective.kpis.map { kpi in
                                let line = progress[kpi.code]
                                return [
                                    "code": kpi.code.description, "title": text(kpi.title, language),
                                    "unit": kpi.unit, "baseline": Format.digits(kpi.baseline.description, language),
                                    "target": line?.target.map { Format.digits("\($0.value) (\($0.period))", language) }
                                        ?? "",
                                    "actual": line?.actual.map { Format.digits("\($0.value) (\($0.period))", language) }
                                        ?? "",
                                    "progress": Format.digits(Ratio.percentText(line?.progressBasisPoints), language),
                                ] as [String: Any]
                            },
                        ] as [String: Any]
                    },
                ]
            }
        }

        // The delivery chart: per output, the planned amount as the full bar and the spent share
        // inside it, in a 400-wide box; drawn on the server so the page needs no script.
        let chartLines = summary.byOutput
        let largest = chartLines.map(\.planned.minorUnits).max() ?? 0
        let chart: [[String: Any]] = chartLines.enumerated().map { index, line in
            let planned = largest > 0 ? Int(line.planned.minorUnits * 400 / largest) : 0
            let spent =
                line.planned.minorUnits > 0
                ? Int(min(line.spent.minorUnits, line.planned.minorUnits) * Int64(planned) / line.planned.minorUnits)
                : 0
            return [
                "label": line.key, "y": index * 28 + 4, "textY": index * 28 + 19, "planned": planned, "spent": spent,
                "delivery": line.deliveryText,
            ]
        }

        let activityCodes = plan.activities.map(\.code.description)
        return [
            "awp": plan.id.description, "project": text(plan.project, language),
            "year": Format.number(plan.year, language), "currency": plan.currency.description,
            "agreement": plan.fundingAgreement ?? "", "note": planSet.note ?? "",
            "version": Format.number(stored.version, language), "versionNumber": stored.version,
            "status": status(stored.status, language), "statusClass": stored.status.rawValue,
            "isLatest": isLatest, "latest": latest,
            "versions": details.versions.map { item in
                [
                    "number": item.version, "label": Format.number(item.version, language),
                    "status": status(item.status, language), "current": item.version == stored.version,
                ] as [String: Any]
            },
            "canCompare": details.versions.count > 1,
            "compareFrom": details.versions.map {
                ["number": $0.version, "selected": $0.version == max(1, latest - 1)]
            },
            "compareTo": details.versions.map { ["number": $0.version, "selected": $0.version == latest] },
            "imported":
                "\(Format.digits(stored.importedAt.description, language)) · \(stored.importedBy) · \(stored.sourceFile)",
            "submitted": stored.submittedAt.map {
                "\(Format.digits($0.description, language)) · \(stored.submittedBy ?? "")"
            } ?? "",
            "tree": tree, "outputs": outputs,
            "total": [
                "planned": money(summary.total.planned, language), "spent": money(summary.total.spent, language),
                "delivery": Format.digits(summary.total.deliveryText, language),
            ],
            "sources": summary.bySource.map { line in
                [
                    "source": line.key, "name": line.title.map { text($0, language) } ?? "",
                    "planned": money(line.planned, language), "spent": money(line.spent, language),
                    "delivery": Format.digits(line.deliveryText, language),
                ] as [String: Any]
            },
            "quartersTotal": summary.byQuarter.map { line in
                [
                    "quarter": line.key, "planned": money(line.planned, language), "spent": money(line.spent, language),
                    "delivery": Format.digits(line.deliveryText, language),
                ] as [String: Any]
            },
            "envelopes": summary.envelopes.map { position in
                [
                    "source": position.source.description, "year": Format.number(position.year, language),
                    "envelope": money(position.envelope, language), "committed": money(position.committed, language),
                    "planned": money(position.planned, language), "spent": money(position.spent, language),
                    "left": money(position.left, language),
                ] as [String: Any]
            },
            "results": summary.results.map { result in
                [
                    "indicator": result.indicator, "total": Format.number(result.total, language),
                    "women": result.women.map { Format.number($0, language) } ?? "",
                    "youth": result.youth.map { Format.number($0, language) } ?? "",
                    "disability": result.disability.map { Format.number($0, language) } ?? "",
                    "activities": Format.number(result.activities, language),
                ] as [String: Any]
            },
            "chart": chart, "chartHeight": max(1, chart.count) * 28 + 8,
            "decisions": details.decisions.map { decision in
                [
                    "version": Format.number(decision.version, language),
                    "decision": Translations.text("decision_" + decision.decision.rawValue, language),
                    "minutes": decision.minutes, "by": decision.decidedBy,
                    "at": Format.digits(decision.at.description, language),
                    "evidence": decision.evidence?.description ?? "",
                ] as [String: Any]
            },
            "expenditures": expenditures.map { entry in
                [
                    "number": Format.number(entry.number, language), "activity": entry.activity.description,
                    "source": entry.source.description, "date": Format.date(entry.date, language),
                    "amount": money(entry.amount, language), "reference": entry.reference, "by": entry.recordedBy,
                ] as [String: Any]
            },
            "activityCodes": activityCodes,
            "sourceCodes": planSet.financialPlan.sources.map(\.code.description),
            "canSubmit": isLatest && stored.status == .draft && (user?.can(.managePlans) ?? false),
            "canComment": inReview && (user?.can(.commentPlans) ?? false),
            "canDecide": inReview && (user?.can(.decidePlans) ?? false),
            "canSpend": user?.can(.managePlans) ?? false,
        ]
    }

    /// The values of the difference page.
    static func diff(_ diff: AWPDiff, _ language: Language) -> [String: Any] {
        func brief(_ activity: ActivityBrief) -> [String: Any] {
            [
                "code": activity.code.description, "title": text(activity.title, language),
                "output": activity.output.description, "planned": money(activity.planned, language),
            ]
        }
        func changes(_ list: [FieldChange]) -> [[String: Any]] {
            list.map { ["field": $0.field, "from": $0.from, "to": $0.to] }
        }
        return [
            "awp": diff.awp.description, "from": Format.number(diff.fromVersion, language),
            "to": Format.number(diff.toVersion, language), "same": diff.isEmpty,
            "added": diff.activitiesAdded.map(brief), "removed": diff.activitiesRemoved.map(brief),
            "changed": diff.activitiesChanged.map { ["code": $0.code.description, "changes": changes($0.changes)] },
            "budget": diff.budgetChanges.map { change in
                [
                    "key": change.key.description, "kind": Translations.text("diff_" + change.kind.rawValue, language),
                    "from": money(change.from, language), "to": money(change.to, language),
                    "difference": money(change.difference, language), "changes": changes(change.changes),
                ] as [String: Any]
            },
            "outputs": diff.outputTotals.map { total in
                [
                    "output": total.output.description, "from": money(total.from, language),
                    "to": money(total.to, language), "difference": money(total.difference, language),
                ] as [String: Any]
            },
            "totalFrom": money(diff.totalFrom, language), "totalTo": money(diff.totalTo, language),
            "totalDifference": money(diff.totalDifference, language),
        ]
    }

    // MARK: Formatting

    static func text(_ text: LocalizedText, _ language: Language) -> String {
        language == .arabic ? text.ar ?? text.en : text.en
    }

    static func money(_ money: Money, _ language: Language) -> String { Format.digits(money.description, language) }

    static func status(_ status: AWPStatus, _ language: Language) -> String {
        Translations.text("awp_" + status.rawValue, language)
    }

    static func basisPoints(_ spent: Money, of planned: Money) -> Int? {
        Ratio.basisPoints(spent.minorUnits, of: planned.minorUnits)
    }

    static func mediaType(_ format: PlanFileFormat) -> String {
        switch format {
        case .xml: return "application/xml"
        case .csv: return "text/csv; charset=utf-8"
        case .xlsx: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        }
    }

    static func version(_ text: String?) throws -> Int? {
        guard let text else { return nil }
        guard let number = Int(text), number > 0 else {
            throw HTTPError(.badRequest, message: "a version is a whole number from 1")
        }
        return number
    }
}
