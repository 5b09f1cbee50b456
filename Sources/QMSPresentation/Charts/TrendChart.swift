import Foundation
import QMSCore

/// A simple line chart of an indicator's measurements, as SVG coordinates for the template:
/// dates along the bottom, values up the side, the target as a dashed line. Drawn on the server,
/// so the page needs no script; Latin digits in the chart, which is always left to right.
public struct TrendChart {
    static let width = 560.0
    static let height = 220.0
    static let left = 56.0
    static let right = 16.0
    static let top = 16.0
    static let bottom = 36.0

    /// The points in date order: SVG coordinates, the day and the value as text.
    public var points: [(x: Double, y: Double, label: String, value: String)] = []
    var targetY: Double?
    var minimum = 0.0
    var maximum = 0.0

    /// The chart of `kpi`'s measurements.
    public init(_ kpi: MonitoredKPI) {
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
    public var values: [String: Any] {
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
