import QMSCore
import QMSFormats
import QMSPresentation

/// The iCalendar documents the system publishes: a user's due dates and the organisation's audit
/// calendar. `eqms notify calendar` and the web's private feed addresses both write them here.
public enum Calendars {
    /// A user's due dates, one all-day event per item, each linked to its record under `base`.
    public static func due(_ items: [DueItem], user: String, language: Language, base: String, stamp: Instant)
        -> String
    {
        let root = Self.root(base)
        // One UID per item and user, whatever threshold it has reached, so that clients update it.
        let events = items.map { item in
            CalendarEvent(
                uid: "\(item.kind.rawValue).\(item.record.reference).\(item.user)@eqms", date: item.date,
                summary: DueWording.summary(item, language), description: DueWording.description(item, language),
                url: root + item.record.route)
        }
        return ICalendar.write(name: DueWording.calendarName(user: user, language), stamp: stamp, events: events)
    }

    /// The audit calendar: every audit of the programme and of the certification cycle on its
    /// first day, and the next certification audit's deadline while none is planned.
    public static func audits(
        _ audits: [Audit], next: NextCertificationAudit, organisation: String, language: Language, base: String,
        stamp: Instant
    ) -> String {
        let root = Self.root(base)
        let format = NumberFormatting(PresentationLocale(language))
        var events = audits.sorted {
            ($0.content.startsOn, $0.id.description) < ($1.content.startsOn, $1.id.description)
        }
        .map { audit in
            CalendarEvent(
                uid: "audit.\(audit.id)@eqms", date: audit.content.startsOn,
                summary: Messages.shared.text(
                    "calendar_audit_summary", language,
                    [
                        "kind": Messages.shared.term(audit.content.kind, language), "id": audit.id.description,
                        "title": audit.content.title,
                    ]),
                description: Messages.shared.text(
                    "calendar_audit_description", language,
                    [
                        "from": format.date(audit.content.startsOn), "until": format.date(audit.content.endsOn),
                    ]),
                url: root + "/audits/\(audit.id)")
        }
        if next.planned == nil, let due = next.dueBy {
            events.append(
                CalendarEvent(
                    uid: "certification-due.\(next.kind.rawValue).\(due)@eqms", date: due,
                    summary: Messages.shared.text(
                        "calendar_certification_due", language, ["kind": Messages.shared.term(next.kind, language)]),
                    url: root + "/audits"))
        }
        return ICalendar.write(
            name: Messages.shared.text("calendar_audits_name", language, ["organisation": organisation]), stamp: stamp,
            events: events)
    }

    /// The address the links start from, without a trailing slash.
    static func root(_ base: String) -> String { base.hasSuffix("/") ? String(base.dropLast()) : base }
}
