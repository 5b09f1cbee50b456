import QMSCore

/// One problem found in a file, with where it is and how to fix it.
public struct FileProblem: QMSError, Hashable, Codable {
    /// The problem's English, for logs and the CLI; readers get it from the catalogues.
    public var message: String
    public var location: SourceLocation?
    public var fix: Fix?
    /// The message code of the error the problem reports, when it reports one.
    public var messageCode: String
    /// The arguments of that message.
    public var arguments: [String: ErrorArgument]

    /// The problem `rule` names, with the values its message names (identifiers as `.text`,
    /// counts and sizes as `.number`), at `location`.
    public init(
        _ rule: FileRule, _ arguments: [String: ErrorArgument] = [:], at location: SourceLocation?, fix: Fix? = nil
    ) {
        self.message = rule.english(arguments)
        self.location = location
        self.fix = fix
        messageCode = rule.messageCode
        self.arguments = arguments
    }

    /// A problem a parser reported in its own words (libxml2's message), which no catalogue can
    /// translate: `frame` is the rule that introduces it in each language, the English being the
    /// parser's sentence alone.
    public init(parserSaid detail: String, framedAs frame: FileRule, at location: SourceLocation?, fix: Fix? = nil) {
        self.init(frame, ["detail": .text(detail)], at: location, fix: fix)
    }

    /// The problem that `error` reports at `location`: its message stays data, worded for each reader.
    public init(_ error: any QMSError, at location: SourceLocation?, fix: Fix? = nil) {
        self.message = error.message
        self.location = location
        self.fix = fix
        messageCode = error.messageCode
        arguments = error.arguments
    }
}

/// A file could not be read: every problem found, in the order met.
public struct FormatError: QMSError {
    /// The problems, at least one.
    public var problems: [FileProblem]

    /// Creates an error from one or more problems.
    public init(_ problems: [FileProblem]) {
        self.problems = problems.isEmpty ? [FileProblem(.unreadable, at: nil)] : problems
    }

    /// Creates an error from a single error met at `location`.
    public init(_ error: any QMSError, at location: SourceLocation?, fix: Fix? = nil) {
        self.init([FileProblem(error, at: location, fix: fix)])
    }

    /// Creates an error from the single problem `rule` names, with the values its message names.
    public init(
        _ rule: FileRule, _ arguments: [String: ErrorArgument] = [:], at location: SourceLocation?, fix: Fix? = nil
    ) {
        self.init([FileProblem(rule, arguments, at: location, fix: fix)])
    }

    public var message: String { problems[0].message }
    public var messageCode: String { problems[0].messageCode }
    public var arguments: [String: ErrorArgument] { problems[0].arguments }
    public var location: SourceLocation? { problems[0].location }
    public var fix: Fix? { problems[0].fix }

    public var description: String {
        let shown = problems.prefix(20).map(\.description)
        let more = problems.count > 20 ? ["… and \(problems.count - 20) more problems"] : []
        return (shown + more).joined(separator: "\n")
    }
}
