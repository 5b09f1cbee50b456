import CLibXML2
import QMSCore

/// An element of a parsed ``XMLSource``; valid as long as the source is alive (it keeps it so).
public struct XMLElement {
    let node: xmlNodePtr
    /// The document this element belongs to, kept alive while the element is used.
    public let source: XMLSource

    /// The local name, without prefix.
    public var name: String { node.pointee.name.map { String(cString: $0) } ?? "" }

    /// The namespace URI, if the element has one.
    public var namespace: String? { node.pointee.ns?.pointee.href.map { String(cString: $0) } }

    /// The line of the start tag.
    public var line: Int { Int(xmlGetLineNo(node)) }

    /// The location of the start tag, for messages.
    public var location: SourceLocation { source.location(of: self) }

    /// The value of an attribute without namespace, if present.
    public func attribute(_ name: String) -> String? {
        guard let value = xmlGetNoNsProp(node, name) else { return nil }
        defer { eqms_xml_free(value) }
        return String(cString: value)
    }

    /// The child elements, in order.
    public var children: [XMLElement] {
        var result: [XMLElement] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(XMLElement(node: current, source: source)) }
            child = current.pointee.next
        }
        return result
    }

    /// The child elements with a given local name.
    public func children(named name: String) -> [XMLElement] { children.filter { $0.name == name } }

    /// The first child element with a given local name.
    public func child(named name: String) -> XMLElement? { children.first { $0.name == name } }

    /// All text inside the element, markup removed.
    public var text: String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { eqms_xml_free(content) }
        return String(cString: content)
    }

    /// The text with runs of white space collapsed to single spaces.
    public var normalisedText: String {
        text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
    }

    /// Calls `body` for each piece of content in order: text, or an element.
    public func forEachContent(_ body: (XMLContent) -> Void) {
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { body(.text(String(cString: content))) }
            case XML_ELEMENT_NODE:
                body(.element(XMLElement(node: current, source: source)))
            default:
                break
            }
            child = current.pointee.next
        }
    }
}

/// A piece of mixed content.
public enum XMLContent {
    case text(String)
    case element(XMLElement)
}
