import Foundation
import QMSCore

/// A line chart of an indicator's measurements, as SVG coordinates for the template: the periods
/// the values measure along the bottom, in order, values up the side on a rounded scale, and the
/// target as a labelled dashed line. Drawn on the server, so the page needs no script; Latin
/// digits in the chart, which is always left to right.
public struct TrendChart {
    static let width = 560.0
    static let height = 240.0
    static let right = 16.0
    static let top = 24.0
    static let bottom = 40.0
    /// The width of one character of the chart's 12-pixel text (`.chart text` in the stylesheet),
    /// on the generous side for digits and Latin letters: what keeps labels inside the box.
    public static let characterWidth = 7.5
    /// The chart's text size, in the box's units.
    public static let fontSize = 12.0

    /// The points in the order of the periods they measure: SVG coordinates, the period (or the
    /// day, when no period is named) and the value as text.
    public var points: [(x: Double, y: Double, label: String, value: String)] = []
    /// The scale's marks, from the bottom: SVG height and the value as text.
    var ticks: [(y: Double, label: String)] = []
    var targetY: Double?
    var targetLabel = ""
    var minimum = 0.0
    var maximum = 0.0
    var left = 48.0

    /// The chart of `kpi`'s measurements, its words in `language`.
    public init(_ kpi: MonitoredKPI, language: Language = .english) {
        // By the period measured, not the day the value was entered: a value for 2026-Q1 entered
        // in May belongs before one for 2026-Q2 entered in April.
        let series = kpi.measurements.enumerated()
            .sorted { ($0.element.measuredOn, $0.offset) < ($1.element.measuredOn, $1.offset) }.map(\.element)
        guard !series.isEmpty else { return }
        let values = series.map { TrendChart.number($0.value) }
        let target = kpi.content.target.map(TrendChart.number)
        let scale = TrendChart.scale(values + [target].compactMap { $0 })
        minimum = scale.minimum
        maximum = scale.maximum
        let tickTexts = scale.ticks.map { TrendChart.tickText($0, step: scale.step) }
        // Room on the left for the longest mark, right-aligned beside the axis.
        left = max(40, 10 + Double(tickTexts.map(\.count).max() ?? 1) * TrendChart.characterWidth)
        ticks = zip(scale.ticks, tickTexts).map { (y($0.0), $0.1) }
        // Evenly spaced in period order: several values may measure neighbouring periods.
        let plotWidth = TrendChart.width - left - TrendChart.right
        let step = series.count > 1 ? plotWidth / Double(series.count - 1) : 0
        points = series.enumerated().map { index, measurement in
            let x = series.count == 1 ? left + plotWidth / 2 : left + Double(index) * step
            return (
                x, y(TrendChart.number(measurement.value)), measurement.period ?? measurement.on.description,
                measurement.value.description
            )
        }
        if let target, let value = kpi.content.target {
            targetY = y(target)
            targetLabel = Messages.shared.text("reg_target", language) + " " + value.description
        }
    }

    /// A rounded scale over `values`: steps of 1, 2, 2.5 or 5 times a power of ten; from zero when
    /// every value is positive and zero is no further below them than their spread, else from the
    /// step below the lowest value, so that the lowest point never sits on the axis.
    static func scale(_ values: [Double]) -> (minimum: Double, maximum: Double, step: Double, ticks: [Double]) {
        var low = values.min() ?? 0
        var high = values.max() ?? 0
        if low == high {
            let spread = low == 0 ? 1 : abs(low) / 2
            low -= spread
            high += spread
            if values.allSatisfy({ $0 >= 0 }) { low = max(0, low) }
        }
        var minimum: Double
        var step = niceStep(high - low)
        if low >= 0, low <= high - low {
            minimum = 0
            step = niceStep(high)
        } else {
            minimum = (low / step).rounded(.down) * step
            if minimum == low { minimum -= step }
        }
        var maximum = (high / step).rounded(.up) * step
        if maximum <= minimum { maximum = minimum + step }
        let count = Int(((maximum - minimum) / step).rounded())
        return (minimum, maximum, step, (0...count).map { minimum + Double($0) * step })
    }

    /// About a quarter of `range`, rounded to 1, 2, 2.5 or 5 times a power of ten.
    static func niceStep(_ range: Double) -> Double {
        guard range > 0, range.isFinite else { return 1 }
        let raw = range / 4
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let fraction = raw / magnitude
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10
        return nice * magnitude
    }

    /// A mark's value with as many decimals as the step needs.
    static func tickText(_ value: Double, step: Double) -> String {
        let decimals = step >= 1 && step.rounded() == step ? 0 : min(4, max(1, Int(-log10(step).rounded(.down)) + 1))
        let text = String(format: "%.\(decimals)f", value)
        return text == "-0" ? "0" : text
    }

    private func y(_ value: Double) -> Double {
        let plotHeight = TrendChart.height - TrendChart.top - TrendChart.bottom
        return TrendChart.top + (maximum - value) / max(maximum - minimum, .leastNonzeroMagnitude) * plotHeight
    }

    /// A value as a floating-point number, for drawing only (values themselves stay exact).
    static func number(_ value: DecimalValue) -> Double { Double(value.description) ?? 0 }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    /// How a label centred on `x` is anchored so that it stays inside the box.
    static func anchor(_ text: String, at x: Double) -> String {
        let half = Double(text.count) * characterWidth / 2
        if x - half < 2 { return "start" }
        if x + half > width - 2 { return "end" }
        return "middle"
    }

    /// What the template draws.
    public var values: [String: Any] {
        let baseline = TrendChart.height - TrendChart.bottom
        // Periods under as many points as fit side by side, always the first and the last.
        let widest = Double(points.map(\.label.count).max() ?? 1) * TrendChart.characterWidth + 8
        let room = max(1, Int((TrendChart.width - left - TrendChart.right) / widest) + 1)
        let every = points.count <= room ? 1 : Int((Double(points.count) / Double(room)).rounded(.up))
        return [
            "width": Int(TrendChart.width), "height": Int(TrendChart.height),
            "polyline": points.map { "\(TrendChart.format($0.x)),\(TrendChart.format($0.y))" }.joined(separator: " "),
            "points": points.enumerated().map { index, point -> [String: Any] in
                let shown = index == points.count - 1 || (index % every == 0 && points.count - 1 - index >= every)
                return [
                    "x": TrendChart.format(point.x), "y": TrendChart.format(point.y), "value": point.value,
                    "valueAnchor": TrendChart.anchor(point.value, at: point.x),
                    "label": shown ? point.label : "", "labelAnchor": TrendChart.anchor(point.label, at: point.x),
                    "period": point.label,
                    "labelY": TrendChart.format(baseline + 18),
                    "valueY": TrendChart.format(point.y - 8),
                ]
            },
            "ticks": ticks.map { tick -> [String: Any] in
                ["y": TrendChart.format(tick.y), "textY": TrendChart.format(tick.y + 4), "label": tick.label]
            },
            "tickX": TrendChart.format(left - 6),
            "axisX1": TrendChart.format(left),
            "axisX2": TrendChart.format(TrendChart.width - TrendChart.right),
            "axisY": TrendChart.format(baseline), "axisTop": TrendChart.format(TrendChart.top),
            "targetY": targetY.map(TrendChart.format) ?? "",
            "targetTextY": targetY.map { TrendChart.format($0 - 5) } ?? "",
            "targetLabel": targetLabel,
        ]
    }
}
