import QMSCore

/// Reads an OSCAL catalog in XML (`<catalog xmlns="http://csrc.nist.gov/ns/oscal/1.0">`).
enum OSCALXMLReader {
    static func read(_ source: XMLSource) throws(FormatError) -> OSCALCatalog {
        guard let root = source.root, root.name == "catalog", root.namespace == FormatNamespace.oscal else {
            throw FormatError(
                .notOSCALCatalog, ["namespace": "\(FormatNamespace.oscal)"],
                at: source.root?.location ?? SourceLocation(file: source.file))
        }
        guard let metadata = root.child(named: "metadata"), let title = metadata.child(named: "title") else {
            throw FormatError(
                .catalogHasNoTitle, at: root.location, fix: .advice(.addMetadataTitle)
            )
        }
        var parameters: [String: OSCALParameter] = [:]
        func collect(_ element: XMLElement) {
            for param in element.children(named: "param") {
                guard let id = param.attribute("id") else { continue }
                parameters[id] = OSCALParameter(
                    label: param.child(named: "label")?.normalisedText,
                    values: param.children(named: "value").map(\.normalisedText),
                    choices: param.child(named: "select")?.children(named: "choice").map(\.normalisedText) ?? [])
            }
            for child in element.children where child.name == "group" || child.name == "control" { collect(child) }
        }
        collect(root)

        func flatten(_ element: XMLElement) -> String {
            var text = ""
            element.forEachContent { content in
                switch content {
                case .text(let piece): text += piece
                case .element(let child):
                    if child.name == "insert", let id = child.attribute("id-ref") {
                        text += parameters[id]?.display ?? "[\(id)]"
                    } else if child.name != "part" && child.name != "prop" && child.name != "title" {
                        text += " " + flatten(child) + " "
                    }
                }
            }
            return OSCALCatalogMapper.collapse(text)
        }
        func prose(_ element: XMLElement, named names: Set<String>) -> String {
            var texts: [String] = []
            func walk(_ part: XMLElement, include: Bool) {
                let take = include || names.contains(part.attribute("name") ?? "")
                if take {
                    let label = part.children(named: "prop").first { $0.attribute("name") == "label" }?.attribute(
                        "value")
                    let text = flatten(part)
                    let line = [label, text.isEmpty ? nil : text].compactMap { $0 }.joined(separator: " ")
                    if !line.isEmpty { texts.append(line) }
                }
                for child in part.children(named: "part") { walk(child, include: take) }
            }
            for part in element.children(named: "part") { walk(part, include: false) }
            return texts.joined(separator: " ")
        }
        func node(_ element: XMLElement) throws(FormatError) -> OSCALNode {
            let isGroup = element.name == "group"
            guard let titleElement = element.child(named: "title") else {
                throw FormatError(
                    .elementHasNoTitle, ["element": "\(element.name)"], at: element.location,
                    fix: .advice(.addTitle))
            }
            let titleText = flatten(titleElement)
            guard let id = element.attribute("id") ?? (isGroup ? OSCALCatalogMapper.slug(titleText) : nil) else {
                throw FormatError(.controlHasNoID, at: element.location, fix: .advice(.addID))
            }
            let props = element.children(named: "prop")
            var children: [OSCALNode] = []
            for child in element.children where child.name == "group" || child.name == "control" {
                children.append(try node(child))
            }
            return OSCALNode(
                id: id, isGroup: isGroup, title: titleText,
                label: (props.first { $0.attribute("name") == "label" && $0.attribute("ns") == nil }
                    ?? props.first { $0.attribute("name") == "label" })?.attribute("value"),
                statement: prose(element, named: ["statement", "overview", "objective"]),
                guidance: prose(element, named: ["guidance"]),
                objectives: element.children(named: "part").filter { $0.attribute("name") == "assessment-objective" }
                    .map(flatten).filter { !$0.isEmpty },
                withdrawn: props.contains {
                    $0.attribute("name") == "status" && $0.attribute("value")?.lowercased() == "withdrawn"
                },
                location: element.location, children: children)
        }
        var nodes: [OSCALNode] = []
        for child in root.children where child.name == "group" || child.name == "control" {
            nodes.append(try node(child))
        }
        let publisher = metadata.children(named: "party").first?.child(named: "name")?.normalisedText
        return OSCALCatalog(
            title: flatten(title), version: metadata.child(named: "version")?.normalisedText, publisher: publisher,
            nodes: nodes)
    }
}
