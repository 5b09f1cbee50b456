/// Writes XML text: elements, attributes and text, escaped so that any string a user typed
/// comes back unchanged when the file is read (markup characters escaped, line breaks in
/// attributes kept as character references, characters XML 1.0 forbids dropped).
///
/// Plan files and the parts of an XLSX package are built with it; the readers check what it
/// writes against the schemas in the tests.
public struct XMLWriter {
    /// The document so far.
    public private(set) var text: String
    private var open: [String] = []
    private var startTagPending = false
    private var hasChildElements: [Bool] = []
    /// Whether elements go on their own indented lines (plan files) or run together (spreadsheet parts).
    private let indented: Bool

    /// Starts a document with the XML declaration.
    public init(indented: Bool = true, standalone: Bool = false) {
        self.indented = indented
        text = "<?xml version=\"1.0\" encoding=\"UTF-8\"\(standalone ? " standalone=\"yes\"" : "")?>\n"
        text.reserveCapacity(64 * 1024)
    }

    /// Adds a comment (its text must not contain `--`, which is replaced).
    public mutating func comment(_ comment: String) {
        closePendingStartTag()
        newline()
        text += "<!-- " + comment.replacingOccurrences(of: "--", with: "–") + " -->"
        if open.isEmpty { text += "\n" }
    }

    /// Opens an element; attributes whose value is nil are left out.
    public mutating func start(_ name: String, _ attributes: [(String, String?)] = []) {
        closePendingStartTag()
        if !hasChildElements.isEmpty { hasChildElements[hasChildElements.count - 1] = true }
        newline()
        text += "<" + name
        for (key, value) in attributes {
            guard let value else { continue }
            text += " " + key + "=\"" + XMLWriter.escape(value, inAttribute: true) + "\""
        }
        open.append(name)
        hasChildElements.append(false)
        startTagPending = true
    }

    /// Closes the innermost open element.
    public mutating func end() {
        guard let name = open.popLast() else { return }
        let hadChildren = hasChildElements.popLast() ?? false
        if startTagPending {
            text += "/>"
            startTagPending = false
        } else {
            if hadChildren {
                newline()
            }
            text += "</" + name + ">"
        }
        if open.isEmpty { text += "\n" }
    }

    /// Adds text inside the open element.
    public mutating func characters(_ value: String) {
        closePendingStartTag()
        text += XMLWriter.escape(value, inAttribute: false)
    }

    /// An element holding only text (left out when the text is nil).
    public mutating func element(_ name: String, _ attributes: [(String, String?)] = [], text value: String?) {
        guard let value else { return }
        start(name, attributes)
        characters(value)
        end()
    }

    /// An element with attributes and no content.
    public mutating func empty(_ name: String, _ attributes: [(String, String?)]) {
        start(name, attributes)
        end()
    }

    private mutating func closePendingStartTag() {
        if startTagPending {
            text += ">"
            startTagPending = false
        }
    }

    private mutating func newline() {
        guard indented, !open.isEmpty else { return }
        text += "\n" + String(repeating: "  ", count: open.count)
    }

    /// Escapes text for XML content or a double-quoted attribute value.
    public static func escape(_ value: String, inAttribute: Bool) -> String {
        // Most values need nothing: check the bytes before building a new string.
        let needsWork = value.utf8.contains { byte in
            byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                || byte == UInt8(ascii: "\"") || byte < 0x20 || byte == 0xEF
        }
        guard needsWork else { return value }
        var result = ""
        result.reserveCapacity(value.utf8.count + 16)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where inAttribute: result += "&quot;"
            case "\n" where inAttribute: result += "&#10;"
            case "\r": result += "&#13;"
            case "\t" where inAttribute: result += "&#9;"
            case "\n", "\t": result.unicodeScalars.append(scalar)
            default:
                // XML 1.0 allows no other control characters, nor U+FFFE and U+FFFF.
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
