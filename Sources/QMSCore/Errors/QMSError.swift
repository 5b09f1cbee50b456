/// Where in a file or a record a problem was found: `Standards/iso-9001-2015.xml:212:7`,
/// `evidence.csv: row 14, column "valid_until"`, or a field of a command.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file (as the user named it) or the record the problem is in.
    public var file: String
    /// One-based line (or CSV row) number, when known.
    public var line: Int?
    /// One-based column number, when known.
    public var column: Int?
    /// A named field or column, when the location is a field rather than a position.
    public var field: String?
    /// One-based row of a table (a CSV or spreadsheet row, the header being row 1).
    public var row: Int?
    /// The sheet of a workbook the row is on: a row number alone does not say where in an .xlsx.
    public var sheet: String?

    /// Creates a location; every part but the file is optional.
    public init(
        file: String, line: Int? = nil, column: Int? = nil, field: String? = nil, row: Int? = nil,
        sheet: String? = nil
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.row = row
        self.sheet = sheet
    }

    public var description: String {
        let file = sheet.map { "\(self.file) [\($0)]" } ?? self.file
        if let row {
            if let field { return "\(file): row \(row), column \"\(field)\"" }
            return "\(file): row \(row)" + (column.map { ", column \($0)" } ?? "")
        }
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        if let field { text += " (\(field))" }
        return text
    }
}

/// The error protocol of the whole project: every error a user can meet says what went wrong,
/// where, and how to fix it.
///
/// An error words nothing itself: its ``messageCode`` names its message in the catalogues and its
/// ``arguments`` fill the message's placeholders, so that the presentation layer (`Messages.error`)
/// writes it in the reader's language.
public protocol QMSError: Error, Sendable, CustomStringConvertible {
    /// The values the message names, by placeholder: `["kind": .term(…), "id": "NC-2026-007"]`.
    var arguments: [String: ErrorArgument] { get }
    /// The code of the message in the catalogues; the ``code`` unless the code alone does not say
    /// which sentence it is (a broken domain rule names its ``Rule``: `rule.auditNeedsAuditors`).
    var messageCode: String { get }
    /// The error without wording, for logs: its message code and arguments. Errors not yet worded
    /// by the catalogues still give their English sentence here.
    var message: String { get }
    /// Where it went wrong, when a file, line, row or field can be named.
    var location: SourceLocation? { get }
    /// How to fix it, when there is something the user can do: data that each front end words.
    var fix: Fix? { get }
    /// What kind of failure it is; front ends choose a status or an exit code from it.
    var kind: ErrorKind { get }
    /// The input field at fault, when one can be named.
    var field: Field? { get }
    /// A stable code for the API and for the message catalogues, such as `domain.not-found`.
    var code: String { get }
}

extension QMSError {
    public var arguments: [String: ErrorArgument] { [:] }
    public var messageCode: String { code }

    public var message: String {
        let values = arguments.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return values.isEmpty ? messageCode : messageCode + " (" + values.joined(separator: ", ") + ")"
    }

    public var location: SourceLocation? { nil }
    public var fix: Fix? { nil }
    public var kind: ErrorKind { .invalid }

    public var field: Field? {
        switch fix {
        case .give(let fields, _): if let first = fields.first { return first }
        case .later(let field, _): return field
        default: break
        }
        return location?.field.map(Field.init(rawValue:))
    }

    public var code: String { reflectedCode }

    /// The code reflection gives: the type's name without `Error`, then the case in kebab case.
    /// A case without a payload has no name in its mirror: such an enum gives its own ``code``.
    public var reflectedCode: String {
        var name = String(describing: type(of: self))
        if name.hasSuffix("Error") { name.removeLast(5) }
        let area = name.isEmpty ? "error" : name.prefix(1).lowercased() + name.dropFirst()
        let mirror = Mirror(reflecting: self)
        guard mirror.displayStyle == .enum, let label = mirror.children.first?.label else { return area }
        return area + "." + Self.kebab(label)
    }

    /// `illegalTransition` → `illegal-transition`.
    static func kebab(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase {
                result += "-" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }

    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        text += message
        if let fix { text += "\n  fix: \(fix)" }
        return text
    }
}

/// Errors raised by the domain's own rules.
public enum DomainError: QMSError, Hashable {
    /// A value does not have the form the domain needs.
    case invalidValue(field: String, value: String, expected: Expectation)
    /// Something named by the user does not exist.
    case notFound(kind: ErrorSubject, id: String, hint: Fix?)
    /// Something the user wants to create already exists.
    case alreadyExists(kind: ErrorSubject, id: String, hint: Fix?)
    /// A domain rule refuses the change; the arguments are the values its message names.
    case ruleViolated(Rule, [String: ErrorArgument] = [:], fix: Fix?)

    public var messageCode: String {
        if case .ruleViolated(let rule, _, _) = self { return "rule." + rule.rawValue }
        return code
    }

    public var arguments: [String: ErrorArgument] {
        switch self {
        case .invalidValue(let field, let value, let expected):
            return ["field": .text(field), "value": .text(value), "expected": expected.argument]
        case .notFound(let kind, let id, _), .alreadyExists(let kind, let id, _):
            return ["kind": .term(kind), "id": .text(id)]
        case .ruleViolated(_, let arguments, _):
            return arguments
        }
    }

    public var kind: ErrorKind {
        switch self {
        case .invalidValue, .ruleViolated: return .invalid
        case .notFound: return .notFound
        case .alreadyExists: return .conflict
        }
    }

    public var field: Field? {
        switch self {
        case .invalidValue(let field, _, _): return Field(rawValue: field)
        case .ruleViolated(_, _, let fix):
            switch fix {
            case .give(let fields, _): return fields.first
            case .later(let field, _): return field
            default: return nil
            }
        case .notFound, .alreadyExists: return nil
        }
    }

    public var fix: Fix? {
        switch self {
        case .invalidValue(let field, _, let expected): return .advice(.giveAs(field: field, expected: expected))
        case .notFound(_, _, let hint): return hint
        case .alreadyExists(_, _, let hint): return hint
        case .ruleViolated(_, _, let fix): return fix
        }
    }
}
