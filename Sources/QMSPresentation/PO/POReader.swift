import QMSCore

/// One message of a GNU gettext PO file.
public struct POEntry: Sendable, Hashable {
    /// `msgctxt`: in this project's catalogues, the message's key.
    public var context: String?
    /// `msgid`: the English source text (empty for the header entry).
    public var id: String
    /// `msgid_plural`, for a message with plural forms.
    public var idPlural: String?
    /// `msgstr`, or `msgstr[0]`, `msgstr[1]` … in order for a plural message.
    public var strings: [String]
    /// The words of the `#:` reference comments (here: the old keys an entry replaces).
    public var references: [String]
    /// The flags of `#,` comments (`fuzzy`, `c-format` …).
    public var flags: [String]
    /// `#.` comments, written for translators.
    public var extractedComments: [String]
    /// `# ` comments, written by translators.
    public var translatorComments: [String]
    /// The line the entry starts on (its first comment or keyword).
    public var line: Int

    /// Whether this is the header entry (`msgid ""` without context).
    public var isHeader: Bool { id.isEmpty && context == nil }
    /// Whether a translator marked the entry as needing review.
    public var isFuzzy: Bool { flags.contains("fuzzy") }
}

/// A parsed PO file: its entries in order and the fields of its header entry.
public struct POFile: Sendable {
    /// The file name as given to the reader, for messages.
    public var file: String
    /// Every entry but the header, in file order.
    public var entries: [POEntry]
    /// The header's `Name: value` fields (`Language`, `Plural-Forms` …).
    public var header: [String: String]
}

/// Why a PO file was refused: what, and where (file, line, column), as data.
public struct POError: QMSError, Hashable {
    /// What is wrong.
    public enum Reason: Sendable, Hashable {
        case notUTF8
        case tooLarge(limit: Int)
        case tooManyEntries(limit: Int)
        case lineTooLong(limit: Int)
        case unterminatedString
        case invalidEscape(String)
        case expectedString
        case textAfterString
        case unknownKeyword(String)
        case unexpectedKeyword(String)
        case missingMsgid
        case missingMsgstr
        case pluralIndex(expected: Int, found: String)
        case pluralFormsWithoutPlural
        case pluralWithoutPluralForms
        case duplicate(context: String?, id: String)
        case unknownComment(String)
    }

    /// What is wrong.
    public var reason: Reason
    /// The file, line and column.
    public var position: SourceLocation

    /// Creates an error at a position.
    public init(_ reason: Reason, file: String, line: Int, column: Int) {
        self.reason = reason
        self.position = SourceLocation(file: file, line: line, column: column)
    }

    public var location: SourceLocation? { position }

    public var message: String {
        switch reason {
        case .notUTF8: return "the file is not UTF-8 text"
        case .tooLarge(let limit): return "the file is larger than \(limit) bytes"
        case .tooManyEntries(let limit): return "the file has more than \(limit) entries"
        case .lineTooLong(let limit): return "a line is longer than \(limit) bytes"
        case .unterminatedString: return "a string has no closing quote"
        case .invalidEscape(let text): return "unknown escape '\\\(text)' in a string"
        case .expectedString: return "a quoted string was expected here"
        case .textAfterString: return "only a comment may follow a string on its line"
        case .unknownKeyword(let word): return "unknown keyword '\(word)'"
        case .unexpectedKeyword(let word): return "'\(word)' is out of place here"
        case .missingMsgid: return "an entry has no msgid"
        case .missingMsgstr: return "an entry has no msgstr"
        case .pluralIndex(let expected, let found): return "expected msgstr[\(expected)], found msgstr[\(found)]"
        case .pluralFormsWithoutPlural: return "msgstr[N] without msgid_plural"
        case .pluralWithoutPluralForms: return "msgid_plural needs msgstr[0], msgstr[1] …, not msgstr"
        case .duplicate(let context, let id):
            return "a second entry with " + (context.map { "msgctxt \"\($0)\"" } ?? "msgid \"\(id)\"")
        case .unknownComment(let text): return "unknown comment kind '#\(text)'"
        }
    }
}

/// A small, strict reader of GNU gettext PO files: comments (`#`, `#.`, `#:`, `#,`, `#|`, and
/// `#~` obsolete entries, skipped), `msgctxt`, `msgid`, `msgid_plural`, `msgstr`, `msgstr[N]`,
/// strings continued over several lines, C escapes. Anything else is refused with its line and
/// column. Input is bounded: the catalogues are a few hundred kilobytes, a hostile file stops early.
public struct POReader: Sendable {
    /// The largest file accepted.
    public var maximumBytes = 8 << 20
    /// The most entries accepted.
    public var maximumEntries = 50_000
    /// The longest line accepted.
    public var maximumLineBytes = 64 << 10

    /// A reader with the default limits.
    public init() {}

    /// Reads a PO file from its bytes, naming it `file` in errors.
    public func read(_ bytes: [UInt8], file: String) throws(POError) -> POFile {
        guard bytes.count <= maximumBytes else {
            throw POError(.tooLarge(limit: maximumBytes), file: file, line: 1, column: 1)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw POError(.notUTF8, file: file, line: 1, column: 1)
        }
        return try read(text, file: file)
    }

    /// Reads a PO file from its text, naming it `file` in errors.
    public func read(_ text: String, file: String) throws(POError) -> POFile {
        guard text.utf8.count <= maximumBytes else {
            throw POError(.tooLarge(limit: maximumBytes), file: file, line: 1, column: 1)
        }
        var parser = Parser(file: file, limits: self)
        var lineNumber = 0
        // Split on "\n" only, keeping "\r" out: a CRLF file reads as an LF one.
        for rawLine in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            guard rawLine.count <= maximumLineBytes else {
                throw POError(.lineTooLong(limit: maximumLineBytes), file: file, line: lineNumber, column: 1)
            }
            var bytes = Array(rawLine)
            if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
            try parser.line(bytes, number: lineNumber)
        }
        try parser.finish(line: lineNumber)
        return POFile(file: file, entries: parser.entries, header: parser.header)
    }
}

/// The state of one read: the entry being assembled and the keyword its strings continue.
private struct Parser {
    enum Field: Equatable {
        case context, id, idPlural, string(Int)
    }

    let file: String
    let limits: POReader
    var entries: [POEntry] = []
    var header: [String: String] = [:]
    var seen = Set<String>()
    var current = Draft()
    var field: Field?

    struct Draft {
        var context: String?
        var id: String?
        var idPlural: String?
        var strings: [String] = []
        var plural = false
        var singular = false
        var references: [String] = []
        var flags: [String] = []
        var extracted: [String] = []
        var translator: [String] = []
        var line: Int?
        var hasKeyword: Bool { context != nil || id != nil || !strings.isEmpty }
    }

    init(file: String, limits: POReader) {
        self.file = file
        self.limits = limits
    }

    func error(_ reason: POError.Reason, _ line: Int, _ column: Int) -> POError {
        POError(reason, file: file, line: line, column: column)
    }

    mutating func line(_ bytes: [UInt8], number: Int) throws(POError) {
        var index = 0
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") {
            index += 1
        }
        guard index < bytes.count else {
            field = nil
            return
        }
        let first = bytes[index]
        if first == UInt8(ascii: "#") {
            try comment(bytes, from: index, number: number)
            return
        }
        if first == UInt8(ascii: "\"") {
            guard let field else { throw error(.expectedString, number, index + 1) }
            let piece = try string(bytes, from: index, number: number)
            append(piece, to: field)
            return
        }
        // A keyword, then one string.
        var end = index
        while end < bytes.count, bytes[end] != UInt8(ascii: " "), bytes[end] != UInt8(ascii: "\t"),
            bytes[end] != UInt8(ascii: "\"")
        {
            end += 1
        }
        let word = String(decoding: bytes[index..<end], as: UTF8.self)
        var next = end
        while next < bytes.count, bytes[next] == UInt8(ascii: " ") || bytes[next] == UInt8(ascii: "\t") { next += 1 }
        guard next < bytes.count, bytes[next] == UInt8(ascii: "\"") else {
            if Self.isKeyword(word) { throw error(.expectedString, number, next + 1) }
            throw error(.unknownKeyword(word), number, index + 1)
        }
        let value = try string(bytes, from: next, number: number)
        try keyword(word, value, number: number, column: index + 1)
    }

    static func isKeyword(_ word: String) -> Bool {
        ["msgctxt", "msgid", "msgid_plural", "msgstr"].contains(word)
            || (word.hasPrefix("msgstr[") && word.hasSuffix("]"))
    }

    mutating func keyword(_ word: String, _ value: String, number: Int, column: Int) throws(POError) {
        switch word {
        case "msgctxt":
            // A context opens a new entry: the previous one must be complete.
            if current.hasKeyword { try close(at: number, column: column) }
            guard current.context == nil else { throw error(.unexpectedKeyword(word), number, column) }
            current.line = current.line ?? number
            current.context = value
            field = .context
        case "msgid":
            if current.id != nil, !current.strings.isEmpty { try close(at: number, column: column) }
            guard current.id == nil else { throw error(.unexpectedKeyword(word), number, column) }
            current.line = current.line ?? number
            current.id = value
            field = .id
        case "msgid_plural":
            guard current.id != nil, current.idPlural == nil, current.strings.isEmpty else {
                throw error(.unexpectedKeyword(word), number, column)
            }
            current.idPlural = value
            field = .idPlural
        case "msgstr":
            guard current.id != nil else { throw error(.missingMsgid, number, column) }
            guard current.strings.isEmpty else { throw error(.unexpectedKeyword(word), number, column) }
            guard current.idPlural == nil else { throw error(.pluralWithoutPluralForms, number, column) }
            current.strings = [value]
            current.singular = true
            field = .string(0)
        default:
            guard word.hasPrefix("msgstr["), word.hasSuffix("]") else {
                throw error(.unknownKeyword(word), number, column)
            }
            guard current.id != nil else { throw error(.missingMsgid, number, column) }
            guard current.idPlural != nil, !current.singular else {
                throw error(.pluralFormsWithoutPlural, number, column)
            }
            let digits = String(word.dropFirst("msgstr[".count).dropLast())
            guard let index = Int(digits), index == current.strings.count else {
                throw error(.pluralIndex(expected: current.strings.count, found: digits), number, column)
            }
            current.strings.append(value)
            current.plural = true
            field = .string(index)
        }
    }

    mutating func append(_ piece: String, to field: Field) {
        switch field {
        case .context: current.context = (current.context ?? "") + piece
        case .id: current.id = (current.id ?? "") + piece
        case .idPlural: current.idPlural = (current.idPlural ?? "") + piece
        case .string(let index): if current.strings.indices.contains(index) { current.strings[index] += piece }
        }
    }

    mutating func comment(_ bytes: [UInt8], from index: Int, number: Int) throws(POError) {
        field = nil
        // A comment after an entry's strings starts the next entry.
        if current.hasKeyword, !current.strings.isEmpty { try close(at: number, column: index + 1) }
        let kind: UInt8? = index + 1 < bytes.count ? bytes[index + 1] : nil
        let rest = { (offset: Int) -> String in
            let start = min(bytes.count, index + offset)
            return String(decoding: bytes[start...], as: UTF8.self).trimmingWhitespace()
        }
        if current.line == nil { current.line = number }
        switch kind {
        case nil, UInt8(ascii: " "), UInt8(ascii: "\t"): current.translator.append(rest(1))
        case UInt8(ascii: "."): current.extracted.append(rest(2))
        case UInt8(ascii: ":"): current.references += rest(2).split(separator: " ").map(String.init)
        case UInt8(ascii: ","):
            current.flags += rest(2).split(separator: ",").map { String($0).trimmingWhitespace() }.filter {
                !$0.isEmpty
            }
        case UInt8(ascii: "|"), UInt8(ascii: "~"): break  // previous strings and obsolete entries: not read
        case let other?:
            throw error(.unknownComment(String(decoding: [other], as: UTF8.self)), number, index + 2)
        }
    }

    /// Reads the quoted string starting at `start`; only spaces or a comment may follow it.
    func string(_ bytes: [UInt8], from start: Int, number: Int) throws(POError) -> String {
        var result: [UInt8] = []
        var index = start + 1
        while true {
            guard index < bytes.count else { throw error(.unterminatedString, number, start + 1) }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                guard index + 1 < bytes.count else { throw error(.unterminatedString, number, start + 1) }
                let escaped = bytes[index + 1]
                switch escaped {
                case UInt8(ascii: "n"): result.append(0x0A)
                case UInt8(ascii: "t"): result.append(0x09)
                case UInt8(ascii: "r"): result.append(0x0D)
                case UInt8(ascii: "\""): result.append(0x22)
                case UInt8(ascii: "\\"): result.append(0x5C)
                default:
                    throw error(.invalidEscape(String(decoding: [escaped], as: UTF8.self)), number, index + 1)
                }
                index += 2
                continue
            }
            result.append(byte)
            index += 1
        }
        var after = index + 1
        while after < bytes.count, bytes[after] == UInt8(ascii: " ") || bytes[after] == UInt8(ascii: "\t") {
            after += 1
        }
        guard after == bytes.count else { throw error(.textAfterString, number, after + 1) }
        return String(decoding: result, as: UTF8.self)
    }

    mutating func close(at number: Int, column: Int) throws(POError) {
        guard current.hasKeyword else {
            current = Draft()
            return
        }
        let line = current.line ?? number
        guard let id = current.id else { throw error(.missingMsgid, line, 1) }
        guard !current.strings.isEmpty else { throw error(.missingMsgstr, line, 1) }
        if current.idPlural != nil, current.strings.count < 2 {
            throw error(.pluralIndex(expected: current.strings.count, found: "none"), line, 1)
        }
        let key = (current.context ?? "\u{4}") + "\u{0}" + id
        guard seen.insert(key).inserted else { throw error(.duplicate(context: current.context, id: id), line, 1) }
        let entry = POEntry(
            context: current.context, id: id, idPlural: current.idPlural, strings: current.strings,
            references: current.references, flags: current.flags, extractedComments: current.extracted,
            translatorComments: current.translator, line: line)
        if entry.isHeader {
            for field in entry.strings[0].split(separator: "\n") {
                guard let colon = field.firstIndex(of: ":") else { continue }
                header[String(field[..<colon]).trimmingWhitespace()] =
                    String(field[field.index(after: colon)...]).trimmingWhitespace()
            }
        } else {
            guard entries.count < limits.maximumEntries else {
                throw error(.tooManyEntries(limit: limits.maximumEntries), line, 1)
            }
            entries.append(entry)
        }
        current = Draft()
        field = nil
    }

    mutating func finish(line: Int) throws(POError) {
        if current.hasKeyword { try close(at: line, column: 1) }
    }
}
