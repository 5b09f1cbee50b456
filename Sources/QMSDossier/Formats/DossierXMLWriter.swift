import QMSCore
import QMSFormats

/// Writes `dossier.xml` as it goes, element by element, into a staged file: the document is
/// never held whole in memory. Values are escaped by ``XMLWriter/escape(_:inAttribute:)``, the
/// escaping the plan files use, so any text a user typed comes back unchanged.
final class DossierXMLWriter {
    /// The namespace of `Standards/dossier.xsd`.
    static let namespace = "https://ns.electoralqms.org/dossier/1"

    private let file: StagedFile
    private var open: [String] = []
    private var pending = false
    private var childElements: [Bool] = []

    init(file: StagedFile) throws(DossierError) {
        self.file = file
        try file.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
    }

    /// Opens an element; attributes whose value is nil are left out.
    func start(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:]) throws(DossierError) {
        try start(name, pairs: attributes.map { ($0.key, $0.value) })
    }

    /// Opens an element with attributes built at run time, in order.
    func start(_ name: String, pairs attributes: [(String, String?)]) throws(DossierError) {
        try closePending()
        if !childElements.isEmpty { childElements[childElements.count - 1] = true }
        var text = open.isEmpty ? "<" : "\n" + String(repeating: "  ", count: open.count) + "<"
        text += name
        for (key, value) in attributes {
            guard let value else { continue }
            text += " " + key + "=\"" + XMLWriter.escape(value, inAttribute: true) + "\""
        }
        try file.write(text)
        open.append(name)
        childElements.append(false)
        pending = true
    }

    /// Closes the innermost element.
    func end() throws(DossierError) {
        guard let name = open.popLast() else { return }
        let hadChildren = childElements.popLast() ?? false
        if pending {
            pending = false
            try file.write("/>")
        } else if hadChildren {
            try file.write("\n" + String(repeating: "  ", count: open.count) + "</" + name + ">")
        } else {
            try file.write("</" + name + ">")
        }
        if open.isEmpty { try file.write("\n") }
    }

    /// An element holding text (left out when the text is nil).
    func element(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:], text: String?) throws(DossierError)
    {
        guard let text else { return }
        try start(name, attributes)
        try closePending()
        try file.write(XMLWriter.escape(text, inAttribute: false))
        try end()
    }

    /// An empty element.
    func empty(_ name: String, _ attributes: KeyValuePairs<String, String?>) throws(DossierError) {
        try start(name, attributes)
        try end()
    }

    /// An empty element with attributes built at run time.
    func empty(_ name: String, pairs attributes: [(String, String?)]) throws(DossierError) {
        try start(name, pairs: attributes)
        try end()
    }

    /// A bilingual text as `<name lang="en">…</name><name lang="ar">…</name>`.
    func localized(_ name: String, _ text: LocalizedText?) throws(DossierError) {
        guard let text else { return }
        try element(name, ["lang": "en"], text: text.en)
        if let arabic = text.ar, !arabic.isEmpty { try element(name, ["lang": "ar"], text: arabic) }
    }

    /// Finishes the document.
    func finish() throws(DossierError) {
        while !open.isEmpty { try end() }
        try file.close()
    }

    private func closePending() throws(DossierError) {
        if pending {
            pending = false
            try file.write(">")
        }
    }
}
