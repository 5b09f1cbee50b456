import Foundation
import QMSCore

/// Reads an OSCAL catalog in JSON (`{"catalog": {…}}`).
enum OSCALJSONReader {
    static func read(data: Data, file: String) throws(FormatError) -> OSCALCatalog {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch let error as DecodingError {
            let problem = describe(error)
            throw FormatError(
                problem.rule, problem.arguments, at: SourceLocation(file: file, field: path(of: error)),
                fix: .advice(.validOSCAL))
        } catch {
            throw FormatError(
                .notJSON, ["detail": "\(error.localizedDescription)"], at: SourceLocation(file: file))
        }
        let catalog = document.catalog
        var parameters: [String: OSCALParameter] = [:]
        func collect(_ params: [Param]?) {
            for param in params ?? [] {
                parameters[param.id] = OSCALParameter(
                    label: param.label, values: param.values ?? [], choices: param.select?.choice ?? [])
            }
        }
        func collectAll(_ groups: [Group]?, _ controls: [Control]?) {
            for group in groups ?? [] {
                collect(group.params)
                collectAll(group.groups, group.controls)
            }
            for control in controls ?? [] {
                collect(control.params)
                collectAll(nil, control.controls)
            }
        }
        collect(catalog.params)
        collectAll(catalog.groups, catalog.controls)

        func prose(_ parts: [Part]?, named names: Set<String>) -> String {
            var texts: [String] = []
            func walk(_ part: Part, include: Bool) {
                let take = include || names.contains(part.name)
                if take {
                    let label = part.props?.first { $0.name == "label" }?.value
                    let text = OSCALCatalogMapper.insertParameters(part.prose ?? "", parameters: parameters)
                    let line = [label, text.isEmpty ? nil : text].compactMap { $0 }.joined(separator: " ")
                    if !line.isEmpty { texts.append(line) }
                }
                for child in part.parts ?? [] { walk(child, include: take) }
            }
            for part in parts ?? [] { walk(part, include: false) }
            return texts.joined(separator: " ")
        }
        func node(
            id: String?, isGroup: Bool, title: String, props: [Prop]?, parts: [Part]?, children: [OSCALNode],
            at path: String
        ) -> OSCALNode {
            OSCALNode(
                id: id ?? OSCALCatalogMapper.slug(title), isGroup: isGroup, title: OSCALCatalogMapper.collapse(title),
                label: props?.first { $0.name == "label" && $0.ns == nil }?.value
                    ?? props?.first { $0.name == "label" }?.value,
                statement: prose(parts, named: ["statement", "overview", "objective"]),
                guidance: prose(parts, named: ["guidance"]),
                objectives: (parts ?? []).filter { $0.name == "assessment-objective" }.map {
                    prose([$0], named: [$0.name])
                },
                withdrawn: props?.contains { $0.name == "status" && $0.value.lowercased() == "withdrawn" } ?? false,
                location: SourceLocation(file: file, field: path), children: children)
        }
        func controls(_ list: [Control]?, path: String) -> [OSCALNode] {
            (list ?? []).enumerated().map { index, control in
                let here = "\(path).controls[\(index)]"
                return node(
                    id: control.id, isGroup: false, title: control.title, props: control.props, parts: control.parts,
                    children: controls(control.controls, path: here), at: here)
            }
        }
        func groups(_ list: [Group]?, path: String) -> [OSCALNode] {
            (list ?? []).enumerated().map { index, group in
                let here = "\(path).groups[\(index)]"
                return node(
                    id: group.id, isGroup: true, title: group.title, props: group.props, parts: group.parts,
                    children: groups(group.groups, path: here) + controls(group.controls, path: here), at: here)
            }
        }
        return OSCALCatalog(
            title: OSCALCatalogMapper.collapse(catalog.metadata.title), version: catalog.metadata.version,
            publisher: catalog.metadata.parties?.first?.name,
            nodes: groups(catalog.groups, path: "catalog") + controls(catalog.controls, path: "catalog"))
    }

    private static func path(of error: DecodingError) -> String {
        let context: DecodingError.Context
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): context = c
        case .keyNotFound(let key, let c):
            return (c.codingPath + [key]).map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                .trimmingPrefixDot()
        @unknown default: return ""
        }
        return context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            .trimmingPrefixDot()
    }

    private static func describe(_ error: DecodingError) -> (rule: FileRule, arguments: [String: ErrorArgument]) {
        switch error {
        case .keyNotFound(let key, _): return (.jsonFieldMissing, ["field": "\(key.stringValue)"])
        case .typeMismatch(let type, _): return (.jsonWrongType, ["type": "\(type)"])
        case .valueNotFound(let type, _): return (.jsonNullValue, ["type": "\(type)"])
        // The decoder's own sentence, quoted inside the worded frame.
        case .dataCorrupted(let context): return (.jsonMalformed, ["detail": "\(context.debugDescription)"])
        @unknown default: return (.jsonNotOSCAL, [:])
        }
    }

    struct Document: Decodable { var catalog: Catalog }
    struct Catalog: Decodable {
        var metadata: Metadata
        var params: [Param]?
        var controls: [Control]?
        var groups: [Group]?
    }
    struct Metadata: Decodable {
        var title: String
        var version: String?
        var parties: [Party]?
    }
    struct Party: Decodable { var name: String? }
    struct Group: Decodable {
        var id: String?
        var title: String
        var params: [Param]?
        var props: [Prop]?
        var parts: [Part]?
        var groups: [Group]?
        var controls: [Control]?
    }
    struct Control: Decodable {
        var id: String
        var title: String
        var params: [Param]?
        var props: [Prop]?
        var parts: [Part]?
        var controls: [Control]?
    }
    struct Part: Decodable {
        var name: String
        var prose: String?
        var props: [Prop]?
        var parts: [Part]?
    }
    struct Prop: Decodable {
        var name: String
        var value: String
        var ns: String?
    }
    struct Param: Decodable {
        var id: String
        var label: String?
        var values: [String]?
        var select: Select?
    }
    struct Select: Decodable { var choice: [String]? }
}

extension String {
    fileprivate func trimmingPrefixDot() -> String { hasPrefix(".") ? String(dropFirst()) : self }
}
