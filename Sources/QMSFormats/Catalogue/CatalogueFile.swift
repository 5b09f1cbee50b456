import Foundation
import QMSCore

/// The namespaces of the project's own file formats.
public enum FormatNamespace {
    /// Requirement catalogues (`Standards/*.xml`).
    public static let catalogue = "https://ns.electoralqms.org/catalogue/1"
    /// Crosswalks between catalogues (`Standards/crosswalks/*.xml`).
    public static let crosswalk = "https://ns.electoralqms.org/crosswalk/1"
    /// NIST OSCAL 1.x.
    public static let oscal = "http://csrc.nist.gov/ns/oscal/1.0"
}

/// A catalogue read from a file, with what the lint found.
public struct CatalogueFile: Sendable {
    public var catalogue: Catalogue
    /// The file as the user named it.
    public var file: String
    /// Texts shown in English because their Arabic is missing, each with file:line:column.
    public var missingArabic: [FileProblem]
}

/// A crosswalk read from a file.
public struct CrosswalkFile: Sendable {
    public var crosswalk: Crosswalk
    public var file: String
}

/// Reads ElectoralQMS catalogue files: parse safely, validate against `catalogue.xsd`, then build
/// the domain's ``Catalogue``; every problem carries file:line:column.
public struct CatalogueReader: Sendable {
    private let schema: XMLSchema

    /// Creates a reader validating against `schema` (normally `Standards/catalogue.xsd`).
    public init(schema: XMLSchema) { self.schema = schema }

    /// Reads a catalogue from bytes, naming it `file` in messages.
    public func read(data: Data, file: String) throws(FormatError) -> CatalogueFile {
        try read(XMLSource(data: data, file: file))
    }

    /// Reads an already parsed document.
    public func read(_ source: XMLSource) throws(FormatError) -> CatalogueFile {
        guard let root = source.root, root.name == "catalogue", root.namespace == FormatNamespace.catalogue else {
            throw FormatError(
                .notCatalogue, ["namespace": "\(FormatNamespace.catalogue)"],
                at: source.root?.location ?? SourceLocation(file: source.file),
                fix: .advice(.checkCatalogueFile))
        }
        try schema.validate(source)
        var lint: [FileProblem] = []
        guard let standardElement = root.child(named: "standard") else {
            throw FormatError(.noStandard, at: root.location)
        }
        let standard = try readStandard(standardElement, lint: &lint)
        var requirements: [Requirement] = []
        for element in root.children(named: "requirement") {
            try readRequirement(element, parent: nil, standard: standard.id, into: &requirements, lint: &lint)
        }
        do {
            let catalogue = try Catalogue(standard: standard, requirements: requirements)
            return CatalogueFile(catalogue: catalogue, file: source.file, missingArabic: lint)
        } catch {
            throw FormatError(error, at: standardElement.location, fix: error.fix)
        }
    }

    private func readStandard(_ element: XMLElement, lint: inout [FileProblem]) throws(FormatError) -> Standard {
        let location = element.location
        let id: StandardID
        do {
            id = try StandardID(element.attribute("id") ?? "")
        } catch {
            throw FormatError(error, at: location, fix: error.fix)
        }
        func standardID(_ attribute: String) throws(FormatError) -> StandardID? {
            guard let text = element.attribute(attribute) else { return nil }
            do { return try StandardID(text) } catch { throw FormatError(error, at: location, fix: error.fix) }
        }
        let status: StandardStatus
        if element.attribute("status") == "withdrawn" {
            guard let replacement = try standardID("replacedBy") else {
                throw FormatError(
                    .withdrawnWithoutReplacement, ["standard": "\(id)"], at: location,
                    fix: .advice(.addReplacedBy))
            }
            status = .withdrawn(replacedBy: replacement)
        } else if element.attribute("status") == "draft" {
            status = .draft
        } else {
            status = .current
        }
        var amendments: [Amendment] = []
        for amendment in element.children(named: "amendment") {
            amendments.append(
                Amendment(
                    id: amendment.attribute("id") ?? "", year: Int(amendment.attribute("year") ?? "") ?? 0,
                    title: text(amendment.child(named: "title"), lint: &lint)))
        }
        return Standard(
            id: id, edition: element.attribute("edition") ?? "",
            title: text(element.child(named: "title"), lint: &lint),
            publisher: element.child(named: "publisher")?.normalisedText ?? "",
            scope: element.child(named: "scope").map { text($0, lint: &lint) }, status: status,
            basedOn: try standardID("basedOn"), amendments: amendments, origin: .catalogue)
    }

    private func readRequirement(
        _ element: XMLElement, parent: String?, standard: StandardID, into list: inout [Requirement],
        lint: inout [FileProblem]
    ) throws(FormatError) {
        let number = element.attribute("number") ?? ""
        let key: RequirementKey
        do {
            key = try RequirementKey(standard: standard, number: number)
        } catch {
            throw FormatError(error, at: element.location, fix: error.fix)
        }
        let kind = RequirementKind(rawValue: element.attribute("kind") ?? "") ?? .requirement
        var processes: [ElectoralProcess] = []
        for reference in element.children(named: "electoralProcess") {
            do {
                processes.append(try ElectoralProcess(code: reference.attribute("ref") ?? ""))
            } catch {
                throw FormatError(error, at: reference.location, fix: error.fix)
            }
        }
        let documented = element.children(named: "documentedInformation").map { item in
            DocumentedInformation(
                type: DocumentedInformationType(rawValue: item.attribute("type") ?? "") ?? .retain,
                description: text(item, lint: &lint))
        }
        list.append(
            Requirement(
                key: key, parentNumber: parent, kind: kind, title: text(element.child(named: "title"), lint: &lint),
                summary: text(element.child(named: "summary"), lint: &lint), documentedInformation: documented,
                electoralProcesses: processes,
                evidenceHints: element.children(named: "evidenceHint").map { text($0, lint: &lint) },
                amendment: element.attribute("amendment"), label: element.attribute("label")))
        for child in element.children(named: "requirement") {
            try readRequirement(child, parent: number, standard: standard, into: &list, lint: &lint)
        }
    }

    /// Reads an `<en>` text with its optional `<ar>`, `<fr>` and `<es>` translations, noting a
    /// missing Arabic text for the lint (French and Spanish are being added and not yet linted).
    private func text(_ element: XMLElement?, lint: inout [FileProblem]) -> LocalizedText {
        guard let element else { return LocalizedText(en: "") }
        let result = LocalizedText(element)
        if !result.has(.arabic) {
            lint.append(
                FileProblem(
                    .missingArabic, ["element": "\(element.name)"], at: element.location,
                    fix: .advice(.addArabic)))
        }
        return result
    }
}

/// Reads crosswalk files, validated against `crosswalks/crosswalk.xsd`.
public struct CrosswalkReader: Sendable {
    private let schema: XMLSchema

    /// Creates a reader validating against `schema`.
    public init(schema: XMLSchema) { self.schema = schema }

    /// Reads a crosswalk from bytes, naming it `file` in messages.
    public func read(data: Data, file: String) throws(FormatError) -> CrosswalkFile {
        try read(XMLSource(data: data, file: file))
    }

    /// Reads an already parsed document.
    public func read(_ source: XMLSource) throws(FormatError) -> CrosswalkFile {
        guard let root = source.root, root.name == "crosswalk", root.namespace == FormatNamespace.crosswalk else {
            throw FormatError(
                .notCrosswalk, ["namespace": "\(FormatNamespace.crosswalk)"],
                at: source.root?.location ?? SourceLocation(file: source.file))
        }
        try schema.validate(source)
        func domain<T>(_ element: XMLElement, _ body: () throws(DomainError) -> T) throws(FormatError) -> T {
            do { return try body() } catch { throw FormatError(error, at: element.location, fix: error.fix) }
        }
        let from = try domain(root) { () throws(DomainError) in try StandardID(root.attribute("from") ?? "") }
        let to = try domain(root) { () throws(DomainError) in try StandardID(root.attribute("to") ?? "") }
        var entries: [CrosswalkEntry] = []
        for map in root.children(named: "map") {
            let entry = try domain(map) { () throws(DomainError) in
                CrosswalkEntry(
                    from: try RequirementKey(standard: from, number: map.attribute("from") ?? ""),
                    to: try RequirementKey(standard: to, number: map.attribute("to") ?? ""),
                    relationship: CrosswalkRelationship(rawValue: map.attribute("relationship") ?? "") ?? .related,
                    note: map.child(named: "note").map(Self.localized))
            }
            entries.append(entry)
        }
        let title = root.child(named: "title").map(Self.localized) ?? LocalizedText(en: "")
        let crosswalk = try domain(root) { () throws(DomainError) in
            try Crosswalk(from: from, to: to, title: title, entries: entries)
        }
        return CrosswalkFile(crosswalk: crosswalk, file: source.file)
    }

    private static func localized(_ element: XMLElement) -> LocalizedText { LocalizedText(element) }
}

extension LocalizedText {
    /// The text of an element holding `<en>` and optional `<ar>`, `<fr>` and `<es>` children.
    init(_ element: XMLElement) {
        self.init(
            en: element.child(named: "en")?.normalisedText ?? "", ar: element.child(named: "ar")?.normalisedText,
            fr: element.child(named: "fr")?.normalisedText, es: element.child(named: "es")?.normalisedText)
    }
}
