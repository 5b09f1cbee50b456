import QMSCore

/// The one place that words an error for a reader: the core, the formats, the store, the services
/// and the dossier raise errors as data (a message code and its arguments), and every front end
/// turns them into sentences here, in the reader's language, from the catalogues.
extension Messages {
    /// The catalogue key of a message code: `error_` and the code in snake case
    /// (`domain.not-found` → `error_domain_not_found`, `rule.auditNeedsAuditors` →
    /// `error_rule_audit_needs_auditors`).
    public static func errorKey(_ messageCode: String) -> String { "error_" + snakeCase(messageCode) }

    /// Whether the catalogues word the message `code` (every error of the system, once converted).
    public func words(_ messageCode: String) -> Bool { tables[.english]?[Messages.errorKey(messageCode)] != nil }

    /// The error as a reader of `language` reads it: where it is (the file, row or field, when
    /// known), then what went wrong. `format` writes numbers in the page's digits.
    public func error(
        _ error: any QMSError, _ language: Language, location: Bool = true, format: PresentationLocale? = nil
    ) -> String {
        let what = message(
            code: error.messageCode, arguments: error.arguments, language, format: format, fallback: error.message)
        guard location, let place = error.location else { return what }
        return text(
            "error_located", language, ["location": self.location(place, language, format: format), "message": what])
    }

    /// Where a problem is, in `language`: `evidence.csv: row 14, column "valid_until"`; `format`
    /// writes the row and column numbers in the page's digits.
    public func location(_ location: SourceLocation, _ language: Language, format: PresentationLocale? = nil)
        -> String
    {
        func number(_ value: Int) -> String {
            format.map { NumberFormatting($0).digits(String(value)) } ?? String(value)
        }
        // A workbook's row is on a sheet: the sheet is named with the file, in every wording.
        let file = location.sheet.map {
            text("error_location_in_sheet", language, ["file": location.file, "sheet": $0])
        }
        if let row = location.row {
            var arguments = ["file": file ?? location.file, "row": number(row)]
            if let field = location.field {
                arguments["column"] = field
                return text("error_location_row_named_column", language, arguments)
            }
            if let column = location.column {
                arguments["column"] = number(column)
                return text("error_location_row_column", language, arguments)
            }
            return text("error_location_row", language, arguments)
        }
        // `file:line:column (field)` is the same in every language.
        guard let file else { return location.description }
        var plain = location
        plain.sheet = nil
        plain.file = file
        return plain.description
    }

    /// The message `code` with its arguments; `fallback` (the error's own English, for the errors
    /// the catalogues do not word yet) when no catalogue has it.
    func message(
        code: String, arguments: [String: ErrorArgument], _ language: Language, format: PresentationLocale?,
        fallback: String?
    ) -> String {
        let key = Messages.errorKey(code)
        guard let template = tables[language]?[key] else {
            return fallback ?? ErrorArgument.message(code: code, arguments: arguments).description
        }
        return Messages.fill(template, filled(arguments, language, format: format))
    }

    /// The arguments worded in `language`. A field is named by its form label where the language
    /// has one (`valid-until` → «صالح حتى»); English keeps the name users type on the command line
    /// and in files.
    func filled(_ arguments: [String: ErrorArgument], _ language: Language, format: PresentationLocale?)
        -> [String: String]
    {
        var filled = arguments.mapValues { argument($0, language, format: format) }
        if language != .english, case .text(let field)? = arguments["field"],
            let label = tables[language]?[field.replacingOccurrences(of: "-", with: "_")]
        {
            filled["field"] = label
        }
        return filled
    }

    /// One argument in `language`: identifiers as they are, terms translated (English keeps the raw
    /// value, as users type it), lists joined with the language's comma.
    func argument(_ argument: ErrorArgument, _ language: Language, format: PresentationLocale?) -> String {
        switch argument {
        case .text(let text):
            return text
        case .number(let number):
            return format.map { NumberFormatting($0).integer(number) } ?? String(number)
        case .term(let type, let value):
            guard language != .english else { return value }
            return tables[language]?[Messages.termKey(type: type, value: value)] ?? value
        case .list(let items):
            return items.map { self.argument($0, language, format: format) }
                .joined(separator: language == .arabic ? "، " : ", ")
        case .message(let code, let arguments):
            return message(code: code, arguments: arguments, language, format: format, fallback: nil)
        }
    }
}
