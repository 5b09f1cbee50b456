import Foundation
import Hummingbird
import QMSCore
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
        router.get("registers/kpis") { _, context in
            _ = try context.require(.read)
            let language = context.language
            let rows: [[String: Any]] = try await qms.kpis.list().map { entry in
                let kpi = entry.record
                return [
                    "code": kpi.content.code.description, "title": kpi.content.title,
                    "category": kpi.content.category.rawValue, "unit": kpi.content.unit,
                    "target": kpi.content.target.map { Format.digits($0.description, language) } ?? "",
                    "latest": kpi.latest.map { Format.digits($0.value.description, language) } ?? "",
                    "date": Format.date(kpi.latest?.on, language),
                    "trend": kpi.trend.map { RegisterForm.word($0.rawValue, language) } ?? "",
                    "alerts": RegisterForm.alerts(entry.alerts, language),
                ]
            }
            return renderer.page(
                "register-kpis", title: Translations.text("reg_kpis", language), context: context,
                values: [
                    "kpis": rows, "categories": KPICategory.allCases.map(\.rawValue),
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
                everyMonths: try RegisterForm.int(form.every_months, field: "interval"),
                dataSource: form.source,
                planKPI: try RegisterForm.text(form.plan_kpi).map { try PlanCode($0, field: "plan KPI") },
                requirements: try RegisterForm.keys(form.requirements))
            let kpi = try await acting.kpis.add(draft)
            return Response.redirect(to: "/registers/kpis/\(kpi.content.code)", type: .normal)
        }
        router.get("registers/kpis/:code") { _, context in
            _ = try context.require(.read)
            let language = context.language
            let code = try RegisterCode(context.parameters.get("code") ?? "", field: "KPI code")
            let entry = try await qms.kpis.show(code)
            let kpi = entry.record
            let content = kpi.content
            let chart = TrendChart(kpi)
            return renderer.page(
                "register-kpi", title: "\(code) \(content.title)", context: context,
                values: [
                    "code": code.description, "heading": content.title, "category": content.category.rawValue,
                    "unit": content.unit, "owner": content.owner, "process": content.process ?? "",
                    "target": content.target.map { Format.digits($0.description, language) } ?? "",
                    "direction": content.direction.rawValue, "source": content.dataSource ?? "",
                    "planKPI": content.planKPI?.description ?? "",
                    "trend": kpi.trend.map { RegisterForm.word($0.rawValue, language) } ?? "",
                    "chart": chart.values, "hasChart": chart.points.count >= 2,
                    "measurements": kpi.series.reversed().map { measurement -> [String: Any] in
                        [
                            "on": Format.date(measurement.on, language), "period": measurement.period ?? "",
                            "value": Format.digits(measurement.value.description, language),
                            "source": measurement.source ?? "", "note": measurement.note ?? "", "by": measurement.by,
                        ]
                    },
                    "requirements": RegisterForm.requirementLinks(content.requirements),
                    "evidence": kpi.evidence?.description ?? "", "alerts": RegisterForm.alerts(entry.alerts, language),
                    "canKeep": RegisterForm.canKeep(context),
                ], section: "registers")
        }
        router.post("registers/kpis/:code") { request, context in
            let (form, acting) = try await RegisterForm.decode(MeasureForm.self, request, context, qms: qms)
            let code = try RegisterCode(context.parameters.get("code") ?? "", field: "KPI code")
            guard let text = RegisterForm.text(form.value) else {
                throw HTTPError(.badRequest, message: "give the value")
            }
            _ = try await acting.kpis.measure(
                code, value: try DecimalValue(parsing: text), on: try RegisterForm.day(form.date, field: "date"),
                period: RegisterForm.text(form.period), source: RegisterForm.text(form.source),
                note: RegisterForm.text(form.note))
            return Response.redirect(to: "/registers/kpis/\(code)", type: .normal)
        }
    }
}

/// A simple line chart of an indicator's measurements, as SVG coordinates for the template:
/// dates along the bottom, values up the side, the target as a dashed line. Drawn on the server,
/// so the page needs no script; Latin digits in the chart, which is always left to right.
struct TrendChart {
    static let width = 560.0
    static let height = 220.0
    static let left = 56.0
    static let right = 16.0
    static let top = 16.0
    static let bottom = 36.0

    var points: [(x: Double, y: Double, label: String, value: String)] = []
    var targetY: Double?
    var minimum = 0.0
    var maximum = 0.0

    init(_ kpi: MonitoredKPI) {
        let series = kpi.series
        guard !series.isEmpty else { return }
        let values = series.map { TrendChart.number($0.value) }
        let target = kpi.content.target.map(TrendChart.number)
        var low = (values + [target].compactMap { $0 }).min() ?? 0
        var high = (values + [target].compactMap { $0 }).max() ?? 0
        if low == high {
            low -= 1
            high += 1
        }
        let padding = (high - low) * 0.1
        minimum = low - padding
        maximum = high + padding
        // Evenly spaced in date order: measurements are often irregular, and several may share a day.
        let plotWidth = TrendChart.width - TrendChart.left - TrendChart.right
        let step = series.count > 1 ? plotWidth / Double(series.count - 1) : 0
        points = series.enumerated().map { index, measurement in
            let x = series.count == 1 ? TrendChart.left + plotWidth / 2 : TrendChart.left + Double(index) * step
            return (
                x, y(TrendChart.number(measurement.value)), measurement.on.description, measurement.value.description
            )
        }
        targetY = target.map { y($0) }
    }

    private func y(_ value: Double) -> Double {
        let plotHeight = TrendChart.height - TrendChart.top - TrendChart.bottom
        return TrendChart.top + (maximum - value) / max(maximum - minimum, .leastNonzeroMagnitude) * plotHeight
    }

    /// A value as a floating-point number, for drawing only (values themselves stay exact).
    static func number(_ value: DecimalValue) -> Double { Double(value.description) ?? 0 }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    /// What the template draws.
    var values: [String: Any] {
        let baseline = TrendChart.height - TrendChart.bottom
        return [
            "width": Int(TrendChart.width), "height": Int(TrendChart.height),
            "polyline": points.map { "\(TrendChart.format($0.x)),\(TrendChart.format($0.y))" }.joined(separator: " "),
            "points": points.enumerated().map { index, point -> [String: Any] in
                [
                    "x": TrendChart.format(point.x), "y": TrendChart.format(point.y), "value": point.value,
                    // Dates under the first and last points only: more would overlap.
                    "label": index == 0 || index == points.count - 1 ? point.label : "",
                    "labelY": TrendChart.format(baseline + 16),
                    "valueY": TrendChart.format(point.y - 8),
                ]
            },
            "axisX1": TrendChart.format(TrendChart.left),
            "axisX2": TrendChart.format(TrendChart.width - TrendChart.right),
            "axisY": TrendChart.format(baseline), "axisTop": TrendChart.format(TrendChart.top),
            "max": TrendChart.format(maximum), "min": TrendChart.format(minimum),
            "maxY": TrendChart.format(TrendChart.top + 4), "minY": TrendChart.format(baseline),
            "targetY": targetY.map(TrendChart.format) ?? "",
        ]
    }
}
