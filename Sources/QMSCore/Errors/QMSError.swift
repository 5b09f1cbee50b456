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

    /// Creates a location; every part but the file is optional.
    public init(file: String, line: Int? = nil, column: Int? = nil, field: String? = nil, row: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.row = row
    }

    public var description: String {
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
public protocol QMSError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in one sentence a user understands.
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

    public var code: String {
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
public enum DomainError: QMSError, Equatable {
    /// A value does not have the form the domain needs.
    case invalidValue(field: String, value: String, expected: String)
    /// Something named by the user does not exist.
    case notFound(kind: String, id: String, hint: Fix?)
    /// Something the user wants to create already exists.
    case alreadyExists(kind: String, id: String, hint: Fix?)
    /// A domain rule refuses the change.
    case ruleViolated(rule: String, fix: Fix?)

    public var message: String {
        switch self {
        case .invalidValue(let field, let value, let expected):
            return "\(field) \"\(value)\" is not valid: expected \(expected)"
        case .notFound(let kind, let id, _):
            return "no \(kind) \"\(id)\""
        case .alreadyExists(let kind, let id, _):
            return "\(kind) \"\(id)\" already exists"
        case .ruleViolated(let rule, _):
            return rule
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
        case .ruleViolated(_, let fix):
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
        case .invalidValue(let field, _, let expected): return .advice("give \(field) as \(expected)")
        case .notFound(_, _, let hint): return hint
        case .alreadyExists(_, _, let hint): return hint
        case .ruleViolated(_, let fix): return fix
        }
    }
}
