import Foundation
import QMSCore
import QMSPresentation

/// The quarterly progress report as one HTML file in the reader's language (styles and charts
/// inside it, nothing from the network), and as a PDF printed from it by headless Chromium.
///
/// The web download, `eqms awp quarterly` and the audit dossier all render it here, from a
/// ``QuarterlyProgress``: the figures are the plan report's computations, worded, never re-typed.
public enum QuarterlyReport {
    /// The parts of the report, in order; each begins a printed page.
    public static let sections = [
        "cover", "results", "activities", "delivery", "expenditure", "risks", "committee", "next",
    ]

    /// The report in `language`, as a complete HTML document.
    ///
    /// - Parameters:
    ///   - organisation: whose name heads the report, and whose locale writes its numbers.
    ///   - prepared: the day it is prepared for (the dossier's as-of day, or today), printed on it.
    public static func html(
        _ progress: QuarterlyProgress, language: Language, organisation: Organisation?, prepared: CalendarDate
    ) throws(DossierError) -> String {
        let templates = try DossierTemplates.load(names: ["quarterly", "bars"], cssPartials: ["quarterly"])
        let values = Self.values(progress, language: language, organisation: organisation, prepared: prepared)
        return try templates.render("quarterly", values)
    }

    /// Prints `html` to a PDF file at `url` with headless Chromium. The PDF is printed beside the
    /// page in a folder of its own and moved into place whole, replacing an older file, so that a
    /// failed print leaves nothing half-written.
    public static func pdf(_ html: String, to url: URL) throws(DossierError) {
        try PDFPrinter.print(html: html, to: url)
    }

    /// The file name of a report: `hnec-2018-2018-Q4-quarterly-ar.html`.
    public static func fileName(_ progress: QuarterlyProgress, language: Language, extension ext: String) -> String {
        "\(progress.awp)-\(progress.year)-\(progress.quarter)-quarterly-\(language.rawValue).\(ext)"
    }

    /// The template's values.
    static func values(
        _ progress: QuarterlyProgress, language: Language, organisation: Organisation?, prepared: CalendarDate
    ) -> [String: Any] {
        let locale = PresentationLocale(language, organisation: organisation?.locale)
        let format = NumberFormatting(locale)
        func text(_ value: LocalizedText?) -> String { value?.text(in: language) ?? "" }
        func words(_ key: String, _ arguments: [String: String] = [:]) -> String {
            Messages.shared.text(key, language, arguments)
        }
        func quarterName(_ quarter: Quarter) -> String {
            words(
                "q_quarter_of_year", ["quarter": format.integer(quarter.rawValue), "year": format.year(progress.year)])
        }
        func event(_ event: ActivityEvent) -> String {
            let days =
                event.start == event.end
                ? format.date(event.start) : format.date(event.start) + " – " + format.date(event.end)
            return event.place.map { days + " · " + $0 } ?? days
        }
        func activity(_ item: QuarterActivity) -> [String: Any] {
            [
                "code": item.code.rawValue, "title": text(item.title),
                "status": Messages.shared.term(item.status, language), "statusClass": item.status.rawValue,
                "progress": format.percent(Double(item.progress)), "planned": format.amount(item.planned),
                "spent": format.amount(item.spent), "note": item.note ?? "", "events": item.events.map(event),
            ]
        }
        let yearToDate = Dictionary(
            progress.yearToDate.byOutput.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let sourceToDate = Dictionary(
            progress.yearToDate.bySource.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        func lines(_ lines: [DeliveryLine], toDate: [String: DeliveryLine]) -> [[String: Any]] {
            lines.filter { $0.planned.minorUnits != 0 || $0.spent.minorUnits != 0 || toDate[$0.key] != nil }.map {
                line in
                [
                    "key": line.key, "title": text(line.title), "planned": format.amount(line.planned),
                    "spent": format.amount(line.spent), "delivery": format.delivery(line),
                    "ytd": format.delivery(toDate[line.key]),
                ]
            }
        }
        let quarter = progress.quarterDelivery.total
        let ytd = progress.yearToDate.total
        var counts: [[String: Any]] = []
        for status in ActivityStatus.allCases {
            let count = progress.activities.filter { $0.status == status }.count
            guard count > 0 else { continue }
            counts.append([
                "label": Messages.shared.term(status, language), "count": format.integer(count),
                "class": status.rawValue,
            ])
        }
        var values: [String: Any] = [
            "lang": language.rawValue, "dir": language.isRightToLeft ? "rtl" : "ltr",
            "t": MessageTable(language), "org": text(organisation?.name),
            "title": words("q_title"), "quarterName": quarterName(progress.quarter),
            "period": format.date(progress.from) + " – " + format.date(progress.until),
            "project": text(progress.project), "awp": progress.awp.rawValue,
            "version": format.integer(progress.version), "status": Messages.shared.term(progress.status, language),
            "currency": progress.quarterDelivery.currency.description, "prepared": format.date(prepared),
            "quarter": [
                "planned": format.money(quarter.planned), "spent": format.money(quarter.spent),
                "plannedAmount": format.amount(quarter.planned), "spentAmount": format.amount(quarter.spent),
                "delivery": format.delivery(quarter), "rate": format.percent(basisPoints: quarter.deliveryBasisPoints),
                "over": quarter.overspent.map { words("plans_overspent_by", ["amount": format.money($0)]) } ?? "",
            ],
            "ytd": [
                "planned": format.money(ytd.planned), "spent": format.money(ytd.spent),
                "delivery": format.delivery(ytd), "rate": format.percent(basisPoints: ytd.deliveryBasisPoints),
                "over": ytd.overspent.map { words("plans_overspent_by", ["amount": format.money($0)]) } ?? "",
            ],
            "activityCount": format.integer(progress.activities.count), "counts": counts,
            "kpis": progress.kpis.map { kpi -> [String: Any] in
                [
                    "code": kpi.code.rawValue, "title": text(kpi.title), "unit": kpi.unit,
                    "baseline": format.digits(kpi.baseline.description),
                    "target": kpi.target.map(format.periodValue) ?? "",
                    "actual": kpi.actual.map(format.periodValue) ?? "",
                    "progress": Bidi.isolate(format.percent(basisPoints: kpi.progressBasisPoints)),
                ]
            },
            "kpiChart": BarCharts.kpiProgress(progress.kpis, locale),
            "results": progress.results.map { result -> [String: Any] in
                [
                    "indicator": result.indicator, "total": format.integer(result.total),
                    "women": result.women.map { format.integer($0) } ?? "",
                    "youth": result.youth.map { format.integer($0) } ?? "",
                    "disability": result.disability.map { format.integer($0) } ?? "",
                    "activities": format.integer(result.activities),
                ]
            },
            "activities": progress.activities.map(activity),
            "outputs": lines(progress.quarterDelivery.byOutput, toDate: yearToDate),
            "outputChart": BarCharts.delivery(
                progress.quarterDelivery.byOutput.filter { $0.planned.minorUnits != 0 || $0.spent.minorUnits != 0 },
                title: words("q_delivery_chart", ["quarter": quarterName(progress.quarter)]), locale),
            "sources": lines(progress.quarterDelivery.bySource, toDate: sourceToDate),
            "expenditures": progress.expenditures.map { entry -> [String: Any] in
                [
                    "date": format.date(entry.date), "activity": entry.activity.rawValue,
                    "source": entry.source.rawValue, "reference": entry.reference,
                    "amount": format.amount(entry.amount), "kind": Messages.shared.term(entry.kind, language),
                    "recipient": entry.recipient ?? "",
                ]
            },
            "risks": progress.risks.map { risk -> [String: Any] in
                [
                    "id": risk.id.description, "title": risk.content.title,
                    "kind": Messages.shared.term(risk.content.kind, language),
                    "status": Messages.shared.term(risk.status, language),
                    "level": Messages.shared.term(risk.current.level, language),
                    "levelClass": risk.current.level.rawValue, "score": format.integer(risk.current.score),
                    "owner": risk.content.owner,
                    "treatment": risk.content.treatment.map { Messages.shared.term($0, language) } ?? "",
                    "actions": risk.actions.filter { $0.due >= progress.from && $0.due <= progress.until }.map {
                        action -> [String: Any] in
                        [
                            "text": action.text,
                            "state": action.doneOn.map { words("q_action_done", ["date": format.date($0)]) }
                                ?? words("q_action_due", ["date": format.date(action.due)]),
                        ]
                    },
                ]
            },
            "ncs": progress.nonconformities.map { finding -> [String: Any] in
                [
                    "id": finding.id.description, "title": finding.content.title,
                    "grade": Messages.shared.term(finding.content.grade, language),
                    "state": Messages.shared.term(finding.state, language),
                    "raised": format.date(finding.content.raisedOn),
                ]
            },
            "decisions": progress.decisions.map { decision -> [String: Any] in
                [
                    "date": format.date(decision.at.date),
                    "decision": Messages.shared.term(decision.decision, language),
                    "version": format.integer(decision.version), "by": decision.decidedBy, "minutes": decision.minutes,
                ]
            },
            "comments": progress.comments.map { comment -> [String: Any] in
                [
                    "activity": comment.activity.rawValue, "date": format.date(comment.at.date),
                    "author": comment.author, "text": comment.text,
                ]
            },
        ]
        if let next = progress.nextQuarter {
            let planned = progress.nextActivities.reduce(Int64(0)) { $0 &+ $1.planned.minorUnits }
            values["next"] = [
                "nextName": quarterName(next),
                "nextPlanned": format.money(Money(minorUnits: planned, currency: progress.quarterDelivery.currency)),
                "nextActivities": progress.nextActivities.map(activity),
            ]
        }
        return values
    }
}
