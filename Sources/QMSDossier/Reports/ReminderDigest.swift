import QMSCore
import QMSPresentation

/// One user's e-mailed reminders as they read them: a subject, a plain-text part and an HTML part
/// in their language (right to left in Arabic), each item linked to its record. `eqms notify run`
/// and the server's outbox compose digests here; the mail module only carries them.
public struct ReminderDigest: Sendable, Hashable {
    public var subject: String
    public var text: String
    public var html: String
    public var language: Language
    /// The profile page where the reader changes how often they get these, or unsubscribes.
    public var preferences: String

    /// Composes the digest of `items` for a reader called `name`; links start at `base`. A title
    /// the reader may not read (``DueItem/titleWithheld``) is replaced by the withheld notice.
    public init(items: [DueItem], name: String, language: Language, base: String) {
        let root = Calendars.root(base)
        let messages = Messages.shared
        let numbers = NumberFormatting(PresentationLocale(language))
        let sorted = items.sorted {
            ($0.date.daysSinceEpoch, $0.kind.rawValue, $0.record.reference)
                < ($1.date.daysSinceEpoch, $1.kind.rawValue, $1.record.reference)
        }
        self.language = language
        preferences = root + "/profile/reminders"
        subject = messages.text("reminder_digest_subject", language, ["count": numbers.integer(sorted.count)])
        let greeting = messages.text("reminder_digest_greeting", language, ["name": name])
        let intro = messages.text("reminder_digest_intro", language)
        let footer = messages.text("reminder_digest_footer", language)
        var lines = [greeting, "", intro, ""]
        var rows: [String] = []
        for item in sorted {
            let link = root + item.record.route
            let summary = DueWording.summary(item, language)
            var detail = messages.text(
                "reminder_digest_when", language,
                ["date": numbers.date(item.date), "threshold": DueWording.threshold(item.threshold, language)])
            if item.routing != .responsible {
                detail +=
                    " "
                    + messages.text(
                        "reminder_digest_why", language, ["reason": DueWording.routing(item.routing, language)])
            }
            lines += ["- " + summary, "  " + detail, "  " + link, ""]
            rows.append(
                "<li><a href=\"\(MarkupText.escaped(link))\">\(MarkupText.escaped(summary))</a><br>"
                    + "\(MarkupText.escaped(detail))</li>")
        }
        lines += [footer, preferences]
        text = lines.joined(separator: "\n") + "\n"
        let direction = language.isRightToLeft ? "rtl" : "ltr"
        html = """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)" dir="\(direction)">
            <head><meta charset="utf-8"><title>\(MarkupText.escaped(subject))</title></head>
            <body style="font-family: sans-serif; line-height: 1.5">
            <p>\(MarkupText.escaped(greeting))</p>
            <p>\(MarkupText.escaped(intro))</p>
            <ul>
            \(rows.joined(separator: "\n"))
            </ul>
            <p><a href="\(MarkupText.escaped(preferences))">\(MarkupText.escaped(footer))</a></p>
            </body>
            </html>

            """
    }
}
