/// Bidirectional text: keeping identifiers, numbers and amounts whole inside right-to-left text.
///
/// "EP-05", "-910,000" and "97.02%" read backwards in an Arabic sentence unless isolated. Plain
/// text (the CLI, e-mail) uses Unicode's first-strong isolate; templates use `<bdi>` instead.
public enum Bidi {
    /// FIRST STRONG ISOLATE (U+2068).
    public static let firstStrongIsolate: Unicode.Scalar = "\u{2068}"
    /// POP DIRECTIONAL ISOLATE (U+2069).
    public static let popDirectionalIsolate: Unicode.Scalar = "\u{2069}"

    /// `text` between FSI and PDI, so that it keeps its own direction inside any sentence.
    public static func isolate(_ text: String) -> String {
        guard !text.isEmpty else { return text }
        return "\u{2068}" + text + "\u{2069}"
    }

    /// Whether a scalar is an invisible directional mark or isolate control (LRM, RLM, ALM, the
    /// embeddings, overrides and isolates), which takes no column in a terminal.
    public static func isDirectionalMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// `text` without directional marks and isolates.
    public static func stripped(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.filter { !isDirectionalMark($0) })
        return String(scalars)
    }

    /// The columns `text` takes in a terminal: characters, not counting directional marks.
    public static func displayWidth(_ text: String) -> Int { stripped(text).count }
}
