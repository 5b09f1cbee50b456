import Foundation
import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices

/// Monitoring and measurement: the indicators with the form to define one, and an indicator with
/// its trend chart (SVG drawn on the server), its measurements and the form to add one.
struct KPIRoutes {
    let qms: QMS
    let renderer: Renderer

    struct AddForm: Decodable, CSRFForm {
        var _csrf: String?
        var code: String?
        var title: String?
        var unit: String?
        var category: String?
        var direction: String?
        var target: String?
        var owner: String?
        var process: String?
        var every_months: String?
        var source: String?
        var plan_kpi: String?
        var requirements: String?
    }

    struct MeasureForm: Decodable, CSRFForm {
        var _csrf: String?
        var value: String?
        var date: String?
        var period: String?
        var source: String?
        var note: String?
    }

    func register(on router: RouterGroup<WebContext>) {
        router.get("registers/kpis") { request, context in
            _ = try context.require(.read)
            let language = context.language
            let locale = context.locale
            let kpis = try await qms.kpis.list()
            let table = Self.table(language).values(kpis, query: TableQuery(request), locale: locale) { entry in
                let kpi = entry.record
                return [
                    "code": kpi.content.code.description, "title": kpi.content.title,
                    "category": Messages.shared.term(kpi.content.category, language), "unit": kpi.content.unit,
                    "target": kpi.content.target.map { NumberFormatting(locale).digits($0.description) } ?? "",
                    "latest": kpi.latest.map { NumberFormatting(locale).digits($0.value.description) } ?? "",
                    "date": NumberFormatting(locale).date(kpi.latest?.on),
                    "trend": kpi.trend.map { Messages.shared.term($0, language) } ?? "",
                    "alerts": RegisterForm.alerts(entry.alerts, locale),
                ]
            }
            return renderer.page(
                "register-kpis", title: Messages.shared.text("reg_kpis", language), context: context,
                values: [
                    "table": table,
                    "picker": RequirementPicker.values(
                        choices: try await qms.catalogues.requirementChoices(), picked: [], language),
                    "categories": Messages.shared.options(KPICategory.self, context.language),
                    "canKeep": RegisterForm.canKeep(context),
                ], section: "registers")
        }
        router.post("registers/kpis") { request, context in
            let (form, acting) = try await RegisterForm.decode(AddForm.self, request, context, qms: qms)
            let draft = KPIDraft(
                code: try RegisterForm.code(form.code, field: "code"), title: form.title ?? "", unit: form.unit ?? "",
                category: RegisterForm.optionalChoice(KPICategory.self, form.category) ?? .performance,
                direction: RegisterForm.optionalChoice(KPIDirection.self, form.direction) ?? .higher,
                target: try RegisterForm.text(form.target).map { try DecimalValue(parsing: $0) },
                owner: form.owner ?? "", process: form.process,
                everyMonths: try RegisterForm.int(form.every_months, field: "every_months"),
                dataSource: form.source,
                planKPI: try RegisterForm.text(form.plan_kpi).map { try PlanCode($0, field: "plan KPI") },
                requirements: try RegisterForm.keys(form.requirements))
            let kpi = try await acting.kpis.add(draft)
            return Response.redirect(to: "/registers/kpis/\(kpi.content.code)", type: .normal)
        }
        router.get("registers/kpis/:code") { _, context in
            _ = try context.require(.read)
            let language = context.language
            let locale = context.locale
            let code = try RegisterCode(context.parameters.get("code") ?? "", field: "KPI code")
            let entry = try await qms.kpis.show(code)
            let kpi = entry.record
            let content = kpi.content
            let chart = TrendChart(kpi, language: language)
            return renderer.page(
                "register-kpi", title: "\(code) \(content.title)", context: context,
                values: [
                    "code": code.description, "heading": content.title,
                    "category": Messages.shared.term(content.category, language),
                    "unit": content.unit, "owner": content.owner, "process": content.process ?? "",
                    "target": content.target.map { NumberFormatting(locale).digits($0.description) } ?? "",
                    "direction": Messages.shared.term(content.direction, language), "source": content.dataSource ?? "",
                    "planKPI": content.planKPI?.description ?? "",
                    "trend": kpi.trend.map { Messages.shared.term($0, language) } ?? "",
                    "chart": chart.values, "hasChart": chart.points.count >= 2,
                    "measurements": kpi.series.reversed().map { measurement -> [String: Any] in
                        [
                            "on": NumberFormatting(locale).date(measurement.on), "period": measurement.period ?? "",
                            "value": NumberFormatting(locale).digits(measurement.value.description),
                            "source": measurement.source ?? "", "note": measurement.note ?? "", "by": measurement.by,
                        ]
                    },
                    "requirements": RegisterForm.requirementLinks(content.requirements),
                    "evidence": kpi.evidence?.description ?? "", "alerts": RegisterForm.alerts(entry.alerts, locale),
                    "canKeep": RegisterForm.canKeep(context),
                ], section: "registers")
        }
        router.post("registers/kpis/:code") { request, context in
            let (form, acting) = try await RegisterForm.decode(MeasureForm.self, request, context, qms: qms)
            let code = try RegisterCode(context.parameters.get("code") ?? "", field: "KPI code")
            guard let text = RegisterForm.text(form.value) else {
                throw WebInputError.giveValue
            }
            _ = try await acting.kpis.measure(
                code, value: try DecimalValue(parsing: text), on: try RegisterForm.day(form.date, field: "date"),
                period: RegisterForm.text(form.period), source: RegisterForm.text(form.source),
                note: RegisterForm.text(form.note))
            return Response.redirect(to: "/registers/kpis/\(code)", type: .normal)
        }
    }

    /// The indicators' columns and what the search looks in.
    static func table(_ language: Language) -> RegisterTable<RegisterEntry<MonitoredKPI>> {
        func text(_ key: String) -> String { Messages.shared.text(key, language) }
        func number(_ value: DecimalValue?) -> SortKey { .number(value.flatMap { Double($0.description) }) }
        return RegisterTable(
            path: "/registers/kpis",
            columns: [
                .init("code", text("reg_code"), text: { $0.record.content.code.description }),
                .init("title", text("title"), text: { $0.record.content.title }),
                .init(
                    "category", text("reg_category"),
                    text: {
                        Messages.shared.term($0.record.content.category, language)
                    }),
                .init("unit", text("reg_unit"), text: { $0.record.content.unit }),
                .init("target", text("reg_target")) { number($0.record.content.target) },
                .init("latest", text("reg_latest")) { number($0.record.latest?.value) },
                .init("date", text("reg_date"), text: { $0.record.latest?.on.description ?? "" }),
                .init(
                    "trend", text("reg_trend"),
                    text: {
                        $0.record.trend.map { Messages.shared.term($0, language) } ?? ""
                    }),
                .init("alerts", text("alerts")),
            ],
            searchText: { entry in
                let content = entry.record.content
                return [
                    content.code.description, content.title, content.unit, content.owner, content.process ?? "",
                    content.dataSource ?? "", Messages.shared.term(content.category, language),
                ]
            })
    }
}
