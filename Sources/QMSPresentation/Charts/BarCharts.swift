import QMSCore

/// The geometry of the horizontal bar charts, computed here and drawn by a `bars` template: horizontal
/// bars, one per clause or KPI, no script and no external resource. Coordinates are plain
/// integers; labels and values are text, escaped by Mustache like everything else.
public enum BarCharts {
    static let width = 640
    static let labelWidth = 230
    static let barWidth = 330
    static let rowHeight = 26

    /// Readiness per clause group: satisfied, partial and missing requirements as one stacked bar.
    public static func readiness(
        _ rows: [(label: String, tally: ComplianceTally)], title: String, _ locale: PresentationLocale
    ) -> [String: Any] {
        let format = NumberFormatting(locale)
        let bars = rows.enumerated().map { index, row -> [String: Any] in
            let tally = row.tally
            let total = max(tally.applicable, 1)
            let satisfied = barWidth * tally.satisfied / total
            let partial = barWidth * tally.partial / total
            let missing = tally.applicable == 0 ? 0 : barWidth - satisfied - partial
            let y = index * rowHeight + 4
            return [
                "label": clip(row.label), "y": String(y), "textY": String(y + 14),
                "segments": [
                    ["x": String(labelWidth), "width": String(satisfied), "class": "satisfied"],
                    ["x": String(labelWidth + satisfied), "width": String(partial), "class": "partial"],
                    ["x": String(labelWidth + satisfied + partial), "width": String(missing), "class": "missing"],
                ].filter { $0["width"] != "0" },
                "valueX": String(labelWidth + barWidth + 8),
                "value": tally.applicable == 0
                    ? Messages.shared.text("excluded", locale.language)
                    : format.percent(tally.readinessPercent),
            ]
        }
        return chart(bars, title: title)
    }

    /// KPI progress from baseline to target, capped at the bar's end (the value says the rest).
    public static func kpiProgress(_ kpis: [KPIProgress], _ locale: PresentationLocale) -> [String: Any] {
        let format = NumberFormatting(locale)
        let language = locale.language
        let bars = kpis.enumerated().map { index, kpi -> [String: Any] in
            let basisPoints = kpi.progressBasisPoints ?? 0
            let filled = max(0, min(barWidth, barWidth * basisPoints / 10_000))
            let y = index * rowHeight + 4
            return [
                "label": clip(kpi.code.rawValue + " " + kpi.title.text(in: language)), "y": String(y),
                "textY": String(y + 14),
                "segments": filled == 0
                    ? [[String: String]]()
                    : [["x": String(labelWidth), "width": String(filled), "class": "satisfied"]],
                "valueX": String(labelWidth + barWidth + 8),
                "value": kpi.progressBasisPoints.map { format.percent(Double($0) / 100) } ?? "–",
            ]
        }
        return chart(bars, title: Messages.shared.text("kpi_progress", language))
    }

    /// Delivery per group (output or source): spent against planned, capped at the bar's end; an
    /// overspend is drawn in the warning colour and the value says the rate.
    public static func delivery(_ lines: [DeliveryLine], title: String, _ locale: PresentationLocale) -> [String: Any] {
        let format = NumberFormatting(locale)
        let language = locale.language
        let bars = lines.enumerated().map { index, line -> [String: Any] in
            let basisPoints = line.deliveryBasisPoints ?? 0
            let filled = max(0, min(barWidth, barWidth * basisPoints / 10_000))
            let y = index * rowHeight + 4
            let label = line.title.map { line.key + " " + $0.text(in: language) } ?? line.key
            return [
                "label": clip(label), "y": String(y), "textY": String(y + 14),
                "segments": filled == 0
                    ? [[String: String]]()
                    : [
                        [
                            "x": String(labelWidth), "width": String(filled),
                            "class": line.overspent == nil ? "satisfied" : "partial",
                        ]
                    ],
                "valueX": String(labelWidth + barWidth + 8),
                "value": format.percent(basisPoints: line.deliveryBasisPoints),
            ]
        }
        return chart(bars, title: title)
    }

    private static func chart(_ bars: [[String: Any]], title: String) -> [String: Any] {
        [
            "bars": bars, "height": String(max(1, bars.count) * rowHeight + 8), "width": String(width),
            "title": title, "trackX": String(labelWidth), "trackWidth": String(barWidth),
        ]
    }

    /// Long labels are cut so they stay left of the bars.
    private static func clip(_ text: String) -> String {
        text.count <= 34 ? text : String(text.prefix(33)) + "…"
    }
}
