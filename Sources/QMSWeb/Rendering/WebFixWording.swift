import QMSCore
import QMSFormats
import QMSPresentation

/// Words an error for a web page, in the page's language and digits: what went wrong (where, for
/// the problems of a file), then its fix in the web's terms.
enum WebErrorWording {
    /// What went wrong, without the fix.
    static func message(_ error: any QMSError, _ context: WebContext, location: Bool = false) -> String {
        Messages.shared.error(error, context.language, location: location, format: context.locale)
    }

    /// The most problems of one file a page lists; the rest are counted.
    static let problemsShown = 20

    /// The sentence above a file's problems: how many, and that nothing was stored.
    static func summary(_ error: FormatError, _ context: WebContext) -> String {
        Messages.shared.plural(
            "form_file_problems", count: error.problems.count, context.language, format: context.locale)
    }

    /// Each problem of a file with its place (sheet, row and column; or line) and its fix, in the
    /// page's language; past ``problemsShown``, how many more there are.
    static func problems(_ error: FormatError, _ context: WebContext) -> [String] {
        let shown = error.problems.prefix(problemsShown).map { problem in
            // A file or sheet name keeps its own direction inside an Arabic sentence.
            var isolated = problem
            isolated.location?.file = Bidi.isolate(problem.location?.file ?? "")
            isolated.location?.sheet = problem.location?.sheet.map(Bidi.isolate)
            return withFix(isolated, context)
        }
        let more = error.problems.count - shown.count
        guard more > 0 else { return shown }
        return shown
            + [Messages.shared.plural("form_more_problems", count: more, context.language, format: context.locale)]
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
