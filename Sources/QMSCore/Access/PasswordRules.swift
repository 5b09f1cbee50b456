/// The rules a password must meet when it is set, after NIST SP 800-63B (revision 4, 3.1.1.2):
/// a length in code points between a minimum and a maximum, any Unicode character, no composition
/// rule (no "one digit, one capital"), no periodic change, and a check against a blocklist of
/// common passwords and of words an attacker would try first for this account.
///
/// The minimum is 15 because a password may be the only factor here (the second factor is
/// optional for most roles); revision 4 asks 15 of a password used alone.
///
/// The domain has no Unicode normalisation tables: the caller normalises the password (NFKC) and
/// the context words before asking, and hashes what was checked. Rules apply when a password is
/// set; passwords set before them keep opening their accounts.
public struct PasswordRules: Sendable {
    /// The fewest code points a password may have.
    public static let minimumLength = 15
    /// The most code points a password may have (NIST asks for at least 64 to be allowed).
    public static let maximumLength = 128
    /// The fewest different characters: fewer is a repetition (`aaaaaaaaaaaaaaa`, `abababab…`).
    public static let minimumDistinct = 5
    /// Words every password here is refused for being built on, whatever the organisation: the
    /// system's own name and what an electoral commission calls itself, in the four languages.
    public static let fixedContextWords = [
        "eqms", "electoralqms", "electoral", "election", "elections", "commission", "électorale", "électoral",
        "élection", "elecciones", "elección", "comisión", "انتخاب", "انتخابات", "الانتخابات", "الانتخاب", "مفوضية",
        "المفوضية", "هيئة", "الهيئة",
    ]

    /// Common passwords, lowercased: an entry refuses the password equal to it, the password that
    /// is it with digits and symbols added, and the password built on a context word around it.
    public let blocklist: Set<String>

    /// Rules over this blocklist (entries are lowercased here).
    public init(blocklist: some Sequence<String>) {
        self.blocklist = Set(blocklist.map { $0.lowercased() })
    }

    /// The words of a context: the username, each name of the organisation (whole, and each word of
    /// three letters or more), its short name, and the fixed words; lowercased, longest first so
    /// that a longer word is taken out before a shorter one inside it.
    public static func contextWords(username: String, organisationNames: [String]) -> [String] {
        var words: Set<String> = Set(fixedContextWords)
        if username.count >= 3 { words.insert(username.lowercased()) }
        for name in organisationNames {
            let folded = name.lowercased()
            if folded.count >= 2 { words.insert(folded) }
            for word in folded.split(whereSeparator: { !$0.isLetter && !$0.isNumber }) where word.count >= 3 {
                words.insert(String(word))
            }
        }
        return words.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    /// Checks a password, already normalised (NFKC), against the rules; `contextWords` as
    /// ``contextWords(username:organisationNames:)`` gives them, normalised the same way.
    public func check(_ password: String, contextWords: [String]) throws(PasswordError) {
        let length = password.unicodeScalars.count
        guard length >= Self.minimumLength else {
            throw .tooShort(minimum: Self.minimumLength, length: length)
        }
        guard length <= Self.maximumLength else { throw .tooLong(maximum: Self.maximumLength, length: length) }
        guard Set(password.unicodeScalars).count >= Self.minimumDistinct else { throw .repetitive }
        let folded = password.lowercased()
        // A common password, as it is or with digits, spaces and symbols around or inside it.
        if blocklist.contains(folded) || blocklist.contains(Self.letters(folded)) { throw .common }
        // Built on the account's context: what is left when the context words, digits and symbols
        // are taken out is nothing, or a common password.
        var rest = folded
        var found = false
        for word in contextWords where !word.isEmpty && rest.contains(word) {
            rest = rest.replacing(word, with: " ")
            found = true
        }
        if found {
            let core = Self.letters(rest)
            if core.isEmpty || blocklist.contains(core) { throw .contextual }
        }
    }

    /// The letters of a text, in order: what remains of a password without digits, spaces and
    /// symbols.
    static func letters(_ text: String) -> String { String(text.filter(\.isLetter)) }
}

/// Why a password was refused when it was set. The password itself is never part of the error.
public enum PasswordError: QMSError, Equatable {
    /// Fewer code points than the minimum.
    case tooShort(minimum: Int, length: Int)
    /// More code points than the maximum.
    case tooLong(maximum: Int, length: Int)
    /// One of the commonly used passwords, perhaps with digits or symbols added.
    case common
    /// Built on the username, the organisation's name or the words of an electoral commission,
    /// with nothing else but digits, symbols or a common password.
    case contextual
    /// Fewer different characters than the minimum: a repetition.
    case repetitive

    public var code: String {
        switch self {
        case .tooShort: return "password.too-short"
        case .tooLong: return "password.too-long"
        case .common: return "password.common"
        case .contextual: return "password.contextual"
        case .repetitive: return "password.repetitive"
        }
    }

    public var arguments: [String: ErrorArgument] {
        switch self {
        case .tooShort(let minimum, let length): return ["minimum": .number(minimum), "length": .number(length)]
        case .tooLong(let maximum, let length): return ["maximum": .number(maximum), "length": .number(length)]
        case .common, .contextual, .repetitive: return [:]
        }
    }

    public var kind: ErrorKind { .invalid }

    public var field: Field? { "password" }

    public var fix: Fix? {
        switch self {
        case .tooShort(let minimum, _): return .advice(.longerPassword(minimum: minimum))
        case .tooLong(let maximum, _): return .advice(.shorterPassword(maximum: maximum))
        case .common, .contextual, .repetitive: return .advice(.passphrase)
        }
    }
}
