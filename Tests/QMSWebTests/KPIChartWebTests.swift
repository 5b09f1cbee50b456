import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSPresentation
import QMSServices
import QMSWeb
import Testing

@Suite("Web application: the KPI chart")
struct KPIChartWebTests {
    /// One `<text>` of the chart: where it is anchored and what it says.
    struct Label {
        var x: Double
        var y: Double
        var anchor: String
        var text: String

        /// The box the text covers, from the chart's character width and text size.
        var extent: (left: Double, right: Double, top: Double, bottom: Double) {
            let width = Double(text.count) * TrendChart.characterWidth
            let left = anchor == "start" ? x : anchor == "end" ? x - width : x - width / 2
            return (left, left + width, y - TrendChart.fontSize, y + TrendChart.fontSize / 4)
        }
    }

    static func svg(_ html: String) throws -> String {
        let start = try #require(html.range(of: "<svg class=\"chart trend\""))
        let end = try #require(html.range(of: "</svg>", range: start.upperBound..<html.endIndex))
        return String(html[start.lowerBound..<end.upperBound])
    }

    static func viewBox(_ svg: String) throws -> (width: Double, height: Double) {
        let match = try #require(svg.firstMatch(of: /viewBox="0 0 (\d+) (\d+)"/))
        return (try #require(Double(String(match.output.1))), try #require(Double(String(match.output.2))))
    }

    static func labels(_ svg: String) -> [Label] {
        svg.matches(
            of: /<text(?: class="[a-z]+")? x="([0-9.-]+)" y="([0-9.-]+)" text-anchor="([a-z]+)">([^<]*)<\/text>/
        )
        .compactMap { match in
            guard let x = Double(String(match.output.1)), let y = Double(String(match.output.2)) else { return nil }
            return Label(x: x, y: y, anchor: String(match.output.3), text: String(match.output.4))
        }
    }

    /// The points as drawn: horizontal position, period and value (from each circle's title).
    static func points(_ svg: String) -> [(x: Double, period: String, value: String)] {
        svg.matches(of: /<circle cx="([0-9.]+)" cy="[0-9.]+" r="4" fill="#1f5c99"><title>(\S+) (\S+)<\/title>/)
            .compactMap { match in
                guard let x = Double(String(match.output.1)) else { return nil }
                return (x, String(match.output.2), String(match.output.3))
            }
    }

    @Test(
        "the x-axis follows the periods measured, the target line is labelled, the scale starts below the data, no label is clipped"
    )
    func chart() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let today = fixture.qms.today
        try await fixture.application().test(.router) { client in
            var amal = Browser(client)
            #expect(try await amal.signIn("amal") == .seeOther)
            let token = try await amal.csrf()
            let created = try await amal.post(
                "/registers/kpis",
                form: [
                    "_csrf": token, "code": "KPI-08", "title": "Polling stations opened on time", "unit": "%",
                    "target": "95", "owner": "Operations",
                ])
            let page = try #require(created.headers[.location])
            // Entered in this order, each a day later than the one before: Q3 first, Q1 last.
            for (index, (period, value)) in [
                ("2026-Q3", "91.5"), ("2026-Q2", "88"), ("2026-Q4", "97.25"), ("2026-Q1", "84"),
            ]
            .enumerated() {
                let posted = try await amal.post(
                    page,
                    form: [
                        "_csrf": token, "value": value, "period": period,
                        "date": today.adding(days: index - 10).description,
                    ])
                #expect(posted.status == .seeOther)
            }
            let svg = try Self.svg(try await amal.get(page).body)
            let points = Self.points(svg)
            #expect(points.map(\.period) == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"])
            #expect(points.map(\.value) == ["84", "88", "91.5", "97.25"])
            #expect(points.map(\.x) == points.map(\.x).sorted())

            let labels = Self.labels(svg)
            #expect(labels.contains { $0.text == "Target 95" }, "the target line says what it is")
            for period in ["2026-Q1", "2026-Q4"] { #expect(labels.contains { $0.text == period }) }
            // The scale: numbers beside the axis, the lowest below the lowest value (84), rounded.
            let axis = try #require(points.first?.x)
            let marks = labels.filter { $0.anchor == "end" && $0.x < axis }.compactMap { Double($0.text) }
            let lowest = try #require(marks.min())
            #expect(lowest < 84 && (lowest == 0 || lowest.truncatingRemainder(dividingBy: 1) == 0), "\(marks)")
            #expect(try #require(marks.max()) >= 97.25)

            let box = try Self.viewBox(svg)
            for label in labels {
                let extent = label.extent
                #expect(
                    extent.left >= 0 && extent.right <= box.width && extent.top >= 0 && extent.bottom <= box.height,
                    "\(label.text) at \(label.x),\(label.y) (\(label.anchor)) leaves the \(box.width)×\(box.height) box"
                )
            }

            // Long values and long periods: the margins grow, labels still inside; Arabic target label.
            let wide = try await amal.post(
                "/registers/kpis",
                form: [
                    "_csrf": token, "code": "KPI-09", "title": "Voters registered", "unit": "voters",
                    "target": "2500000", "owner": "Voter registration",
                ])
            let widePage = try #require(wide.headers[.location])
            for (period, value) in [
                ("2026-01-15", "1875000.5"), ("2026-02-15", "2104312.25"), ("2026-03-15", "2250999"),
            ] {
                #expect(
                    try await amal.post(widePage, form: ["_csrf": token, "value": value, "period": period]).status
                        == .seeOther)
            }
            _ = try await amal.get("/lang/ar")
            let wideSVG = try Self.svg(try await amal.get(widePage).body)
            let wideLabels = Self.labels(wideSVG)
            #expect(wideLabels.contains { $0.text == "المستهدف 2500000" })
            let wideBox = try Self.viewBox(wideSVG)
            for label in wideLabels {
                let extent = label.extent
                #expect(
                    extent.left >= 0 && extent.right <= wideBox.width && extent.top >= 0
                        && extent.bottom <= wideBox.height, "\(label.text) at \(label.x),\(label.y)")
            }
            let wideAxis = try #require(Self.points(wideSVG).first?.x)
            let wideMarks = wideLabels.filter { $0.anchor == "end" && $0.x < wideAxis }.compactMap { Double($0.text) }
            #expect(try #require(wideMarks.min()) < 1_875_000.5)
        }
    }
}
