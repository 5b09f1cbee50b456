/// A language the system speaks. English is the fallback for every text.
public enum Language: String, Sendable, Codable, CaseIterable, Hashable {
    case english = "en"
    case arabic = "ar"
    case french = "fr"
    case spanish = "es"

    /// Whether text in this language runs right to left.
    public var isRightToLeft: Bool { self == .arabic }
}

/// A text in English with optional Arabic, French and Spanish translations.
///
/// A missing translation falls back to English when shown; ``missingLanguages`` lets a lint
/// report it instead of dropping it silently.
public struct LocalizedText: Sendable, Hashable, Codable {
    /// The English text; always present.
    public var en: String
    /// The Arabic text, when translated.
    public var ar: String?
    /// The French text, when translated.
    public var fr: String?
    /// The Spanish text, when translated.
    public var es: String?

    /// Creates a text; an empty or blank translation counts as missing.
    public init(en: String, ar: String? = nil, fr: String? = nil, es: String? = nil) {
        self.en = en
        self.ar = LocalizedText.present(ar)
        self.fr = LocalizedText.present(fr)
        self.es = LocalizedText.present(es)
    }

    private static func present(_ text: String?) -> String? {
        guard let text, !text.trimmingWhitespace().isEmpty else { return nil }
        return text
    }

    /// The translation in `language` only, `nil` when it is missing (English is always present).
    public func translation(_ language: Language) -> String? {
        switch language {
        case .english: return en
        case .arabic: return ar
        case .french: return fr
        case .spanish: return es
        }
    }

    /// The text in `language`, or English when that translation is missing.
    public func text(in language: Language) -> String {
        translation(language) ?? en
    }

    /// Whether `language` has its own text rather than the English fallback.
    public func has(_ language: Language) -> Bool {
        translation(language) != nil
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines (no Foundation needed).
    public func trimmingWhitespace() -> String {
        // Most text has nothing to trim: look at the first and last bytes before anything costly.
        guard let first = utf8.first, let last = utf8.last else { return self }
        if first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return self }
        let isSpace: (Character) -> Bool = { $0.isWhitespace || $0.isNewline }
        guard let first = firstIndex(where: { !isSpace($0) }),
            let last = lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[first...last])
    }
}
