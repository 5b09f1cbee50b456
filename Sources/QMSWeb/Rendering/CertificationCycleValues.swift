import QMSCore
import QMSPresentation
import QMSServices

/// The next audit of the certification cycle as the dashboard and the audit programme show it:
/// its kind, the day it is due and the rule that sets that day, the days left, and the major
/// nonconformities that hold the cycle back.
enum CertificationCycleValues {
    /// The values of the `certification-cycle` partial for `next` as seen on `today`.
    static func values(
        _ next: NextCertificationAudit, today: CalendarDate, language: Language, locale: PresentationLocale,
        certificate view: CertificateView? = nil
    ) -> [String: Any] {
        let format = NumberFormatting(locale)
        var values: [String: Any] = [
            "cycleKind": Messages.shared.term(next.kind, language),
            "cycleDue": next.dueBy.map { format.date($0) } ?? "",
            "cycleRule": next.rule.map { Messages.shared.term($0, language) } ?? "",
            "cyclePlanned": next.planned?.description ?? "",
            "cycleBlocked": next.blockedBy.map { ["id": $0.description] },
            "cycleIsBlocked": next.isBlocked,
            "cycleCertified": next.certificate != nil,
            "cycleCertificate": next.certificate.map { "\($0.number) · \(format.date($0.validUntil))" } ?? "",
        ]
        // The certificate on record: its page, its status, and the readiness of its scope.
        if let view {
            values["cycleCertificatePath"] = "/certificates/" + CertificateRoutes.escaped(view.certificate.number)
            values["cycleReadiness"] = view.readiness.map {
                ["standard": $0.standard, "percent": format.percent($0.readinessPercent)]
            }
            values["cycleStatus"] =
                view.certificate.status == .valid ? "" : Messages.shared.term(view.certificate.status, language)
        }
        if let days = next.daysLeft(on: today) {
            let count = Messages.shared.plural("days_count", count: abs(days), language, format: locale)
            values["cycleDays"] = Messages.shared.text(
                days < 0 ? "cycle_days_overdue" : "cycle_days_left", language, ["days": count])
            values["cycleTone"] = next.isBlocked || days < 0 ? "bad" : days <= 30 ? "warn" : "ok"
        } else {
            values["cycleDays"] = ""
            values["cycleTone"] = next.isBlocked ? "bad" : "ok"
        }
        return values
    }
}
