/// Text made safe inside an HTML or XML element or a quoted attribute: the five characters that
/// could end either, as Mustache's `{{value}}` escapes them. The web's refilled forms, its shared
/// pages and the QR code's SVG title all write text through it.
public enum MarkupText {
    /// `text` with `&`, `<`, `>`, `"` and `'` as character references.
    public static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
