import QMSCore

/// The words of reminders: what each due item is called, how its threshold reads, and the
/// summary and description of its calendar event, in the reader's language.
public enum DueWording {
    /// What the item is (`Evidence expires`).
    public static func kind(_ kind: DueKind, _ language: Language) -> String { Messages.shared.term(kind, language) }

    /// Why the recipient received it (`owner deactivated`).
    public static func routing(_ routing: DueRouting, _ language: Language) -> String {
        Messages.shared.term(routing, language)
    }

    /// The threshold reached (`7 days before`, `overdue`), with the number in the language's digits.
    public static func threshold(_ threshold: DueThreshold, _ language: Language) -> String {
        switch threshold {
        case .before(let days):
            let number = NumberFormatting(PresentationLocale(language)).integer(days)
            return Messages.shared.text("due_threshold_before", language, ["days": number])
        case .overdue: return Messages.shared.text("due_threshold_overdue", language)
        case .escalated: return Messages.shared.text("due_threshold_escalated", language)
        }
    }

    /// The record's title as this recipient may read it: withheld when restricted.
    public static func title(_ item: DueItem, _ language: Language) -> String {
        item.visibleTitle ?? Messages.shared.text("due_title_withheld", language)
    }

    /// A calendar event's summary: kind, reference and title (or the withheld notice).
    public static func summary(_ item: DueItem, _ language: Language) -> String {
        Messages.shared.text(
            "due_event_summary", language,
            ["kind": kind(item.kind, language), "reference": item.record.reference, "title": title(item, language)])
    }

    /// A calendar event's description.
    public static func description(_ item: DueItem, _ language: Language) -> String {
        Messages.shared.text(
            "due_event_description", language,
            ["kind": kind(item.kind, language), "reference": item.record.reference, "date": item.date.description])
    }

    /// A user's calendar name.
    public static func calendarName(user: String, _ language: Language) -> String {
        Messages.shared.text("due_calendar_name", language, ["user": user])
    }

    /// Where a reminder's delivery stands (`failed`).
    public static func status(_ status: DeliveryStatus, _ language: Language) -> String {
        Messages.shared.text("reminder_status_\(status.rawValue)", language)
    }

    /// Why a delivery failed: the system's own reasons worded, the mail server's as it gave them.
    public static func reason(_ reason: String, _ language: Language) -> String {
        switch reason {
        case DeliveryReason.noAddress: return Messages.shared.text("reminder_reason_no_address", language)
        case DeliveryReason.inactive: return Messages.shared.text("reminder_reason_inactive", language)
        default: return reason
        }
    }
}
