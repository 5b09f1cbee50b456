import Foundation
import QMSCore

/// The parts of an OSCAL catalog that become a requirement tree, read from either XML or JSON.
struct OSCALCatalog {
    var title: String
    var version: String?
    var publisher: String?
    var nodes: [OSCALNode]
}

/// An OSCAL group or control, with its prose already flattened and its parameters inserted.
struct OSCALNode {
    var id: String
    var isGroup: Bool
    var title: String
    /// The `label` property: the number people know the control by (`AC-2(1)`).
    var label: String?
    var statement: String
    var guidance: String
    var objectives: [String]
    var withdrawn: Bool
    var location: SourceLocation
    var children: [OSCALNode]
}

/// A parameter as shown where the prose inserts it.
struct OSCALParameter {
    var label: String?
    var values: [String]
    var choices: [String]

    /// `[Assignment: organization-defined frequency]`, `[Selection: daily; weekly]`, or the value.
    var display: String {
        if !values.isEmpty { return values.joined(separator: ", ") }
        if !choices.isEmpty { return "[Selection: \(choices.joined(separator: "; "))]" }
        return "[Assignment: \(label ?? "value")]"
    }
}

/// Turns an OSCAL catalog into an ElectoralQMS ``Catalogue``.
enum OSCALCatalogMapper {
    static func catalogue(from oscal: OSCALCatalog, id: StandardID?, file: String) throws(FormatError) -> Catalogue {
        let standardID: StandardID
        if let id {
            standardID = id
        } else {
            do {
                standardID = try StandardID(slug(oscal.title))
            } catch {
                throw FormatError(
                    .noStandardIDFromTitle, ["title": "\(oscal.title)"],
                    at: SourceLocation(file: file),
                    fix: .give(["id"], example: "nist-800-53-r5"))
            }
        }
        let standard = Standard(
            id: standardID, edition: oscal.version ?? "unversioned", title: LocalizedText(en: oscal.title),
            publisher: oscal.publisher ?? "OSCAL catalog", origin: .oscal)
        var requirements: [Requirement] = []
        var used: Set<String> = []
        func visit(_ node: OSCALNode, parent: String?) throws(FormatError) {
            let number = uniqueNumber(for: node, used: &used)
            let key: RequirementKey
            do {
                key = try RequirementKey(standard: standardID, number: number)
            } catch {
                throw FormatError(error, at: node.location, fix: .advice(.controlLabel))
            }
            let title = node.withdrawn ? node.title + " (withdrawn)" : node.title
            let summary = [node.statement, node.guidance, node.title].first { !$0.isEmpty } ?? node.title
            requirements.append(
                Requirement(
                    key: key, parentNumber: parent, kind: node.isGroup ? .clause : .requirement,
                    title: LocalizedText(en: title.isEmpty ? number : title),
                    summary: LocalizedText(en: truncate(summary, to: 1200)),
                    evidenceHints: node.objectives.prefix(3).map { LocalizedText(en: truncate($0, to: 400)) },
                    label: displayLabel(node.label, number: number)))
            for child in node.children { try visit(child, parent: number) }
        }
        for node in oscal.nodes { try visit(node, parent: nil) }
        guard !requirements.isEmpty else {
            throw FormatError(
                .catalogIsEmpty, at: SourceLocation(file: file),
                fix: .advice(.importCatalog))
        }
        do {
            return try Catalogue(standard: standard, requirements: requirements)
        } catch {
            throw FormatError(error, at: SourceLocation(file: file), fix: error.fix)
        }
    }

    /// Picks the node's number: its label made into a requirement number (`AC-2(1)` → `AC-2.1`),
    /// else its id; a clash falls back to the id, then to a suffix.
    static func uniqueNumber(for node: OSCALNode, used: inout Set<String>) -> String {
        var candidates: [String] = []
        if let label = node.label { candidates.append(normalise(label)) }
        candidates.append(normalise(node.id))
        for candidate in candidates where RequirementKey.isValidNumber(candidate) && !used.contains(candidate) {
            used.insert(candidate)
            return candidate
        }
        let base = RequirementKey.isValidNumber(candidates.last ?? "") ? candidates.last ?? "node" : "node"
        var counter = 2
        while used.contains("\(base)-\(counter)") { counter += 1 }
        used.insert("\(base)-\(counter)")
        return "\(base)-\(counter)"
    }

    /// The catalog's label as people read it (`VR-1(1)`), kept when it says something the number
    /// does not; at most 64 characters, as the catalogue schema allows.
    static func displayLabel(_ label: String?, number: String) -> String? {
        guard let label = label?.trimmingCharacters(in: .whitespacesAndNewlines), !label.isEmpty, label != number,
            label.count <= 64
        else { return nil }
        return label
    }

    static func normalise(_ label: String) -> String {
        var result = ""
        for character in label {
            if character.isASCII && (character.isLetter || character.isNumber) {
                result.append(character)
            } else if character == "(" || character == "." || character == "_" {
                if let last = result.last, last != "." && last != "-" { result.append(".") }
            } else if character == "-" || character == " " {
                if let last = result.last, last != "." && last != "-" { result.append("-") }
            }
        }
        while let last = result.last, last == "." || last == "-" { result.removeLast() }
        return String(result.prefix(64))
    }

    static func slug(_ title: String) -> String {
        var result = ""
        for character in title.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                result.append(character)
            } else if let last = result.last, last != "-" {
                result.append("-")
            }
        }
        while result.hasSuffix("-") { result.removeLast() }
        var trimmed = String(result.prefix(64))
        while trimmed.hasSuffix("-") { trimmed.removeLast() }
        return trimmed
    }

    static func truncate(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    /// Replaces `{{ insert: param, id }}` in JSON prose with the parameter's display text.
    static func insertParameters(_ prose: String, parameters: [String: OSCALParameter]) -> String {
        var result = ""
        var rest = Substring(prose)
        while let open = rest.range(of: "{{") {
            result += rest[..<open.lowerBound]
            guard let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) else {
                rest = rest[open.lowerBound...]
                break
            }
            let inside = rest[open.upperBound..<close.lowerBound].split(separator: ",").map {
                String($0).trimmingWhitespace()
            }
            if inside.count == 2, inside[0].hasPrefix("insert:"), let parameter = parameters[inside[1]] {
                result += parameter.display
            } else if inside.count == 2 {
                result += "[\(inside[1])]"
            }
            rest = rest[close.upperBound...]
        }
        return collapse(result + rest)
    }

    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
    }
}
