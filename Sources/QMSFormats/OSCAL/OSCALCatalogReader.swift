import Foundation
import QMSCore

/// Imports a NIST OSCAL catalog, XML or JSON, as a new standard: groups become clauses, controls
/// and their enhancements requirements, the `label` property gives the number, the statement's
/// prose (with parameters inserted) the summary.
public enum OSCALCatalogReader {
    /// Reads an OSCAL catalog from bytes, detecting XML or JSON.
    /// - Parameters:
    ///   - id: the standard id to give it; derived from the catalog's title when nil.
    public static func read(data: Data, file: String, id: StandardID? = nil) throws(FormatError) -> Catalogue {
        let oscal: OSCALCatalog
        if CatalogueFileKind.looksLikeJSON(data) {
            oscal = try OSCALJSONReader.read(data: data, file: file)
        } else {
            oscal = try OSCALXMLReader.read(XMLSource(data: data, file: file))
        }
        return try OSCALCatalogMapper.catalogue(from: oscal, id: id, file: file)
    }
}

/// What kind of file a catalogue import was given.
public enum CatalogueFileKind: String, Sendable {
    case catalogue
    case crosswalk
    case oscalXML = "oscal-xml"
    case oscalJSON = "oscal-json"

    /// Detects the kind from the content, never from the file name.
    public static func detect(_ data: Data, file: String) throws(FormatError) -> CatalogueFileKind {
        if looksLikeJSON(data) { return .oscalJSON }
        let source = try XMLSource(data: data, file: file)
        guard let root = source.root else {
            throw FormatError(.noRootElement, at: SourceLocation(file: file))
        }
        switch (root.name, root.namespace) {
        case ("catalogue", FormatNamespace.catalogue): return .catalogue
        case ("crosswalk", FormatNamespace.crosswalk): return .crosswalk
        case ("catalog", FormatNamespace.oscal): return .oscalXML
        default:
            throw FormatError(
                root.namespace == nil ? .unknownRootElementWithoutNamespace : .unknownRootElement,
                ["element": "\(root.name)", "namespace": "\(root.namespace ?? "")"],
                at: root.location,
                fix: .advice(.catalogueOrOSCAL))
        }
    }

    static func looksLikeJSON(_ data: Data) -> Bool {
        var bytes = data.prefix(64)[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        return bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } == UInt8(ascii: "{")
    }
}
