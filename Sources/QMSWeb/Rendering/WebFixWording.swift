import QMSCore
import QMSPresentation

/// Words an error for a web page, in the page's language and digits: what went wrong (where, for
/// the problems of a file), then its fix in the web's terms.
enum WebErrorWording {
    /// What went wrong, without the fix.
    static func message(_ error: any QMSError, _ context: WebContext, location: Bool = false) -> String {
        Messages.shared.error(error, context.language, location: location, format: context.locale)
    }

    /// What went wrong and how to fix it, on one line.
    static func withFix(_ error: any QMSError, _ context: WebContext) -> String {
        let text = message(error, context, location: true)
        guard let fix = error.fix else { return text }
        return text + " — " + WebFixWording.text(for: fix, context.language)
    }
}

/// Words an error's fix for a web page: fields by their labels on the form, operations and
/// look-ups by the page that does them (`Messages.fix`, shared with every reader of pages). No
/// command or flag reaches a web reader.
enum WebFixWording {
    /// One fix in the page's language.
    static func text(for fix: Fix, _ language: Language) -> String { Messages.shared.fix(fix, language) }
}
