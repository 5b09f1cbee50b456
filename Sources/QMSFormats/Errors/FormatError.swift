import QMSCore

/// One problem found in a file, with where it is and how to fix it.
public struct FileProblem: QMSError, Hashable, Codable {
    public var message: String
    public var location: SourceLocation?
    public var fix: Fix?

    /// Creates a problem.
    public init(_ message: String, at location: SourceLocation?, fix: Fix? = nil) {
        self.message = message
        self.location = location
        self.fix = fix
    }
}

/// A file could not be read: every problem found, in the order met.
public struct FormatError: QMSError {
    /// The problems, at least one.
    public var problems: [FileProblem]

    /// Creates an error from one or more problems.
    public init(_ problems: [FileProblem]) {
        self.problems = problems.isEmpty ? [FileProblem("the file could not be read", at: nil)] : problems
    }

    /// Creates an error from a single problem.
    public init(_ message: String, at location: SourceLocation?, fix: Fix? = nil) {
        self.init([FileProblem(message, at: location, fix: fix)])
    }

    public var message: String { problems[0].message }
    public var location: SourceLocation? { problems[0].location }
    public var fix: Fix? { problems[0].fix }

    public var description: String {
        let shown = problems.prefix(20).map(\.description)
        let more = problems.count > 20 ? ["… and \(problems.count - 20) more problems"] : []
        return (shown + more).joined(separator: "\n")
    }
}
