import Crypto
import Foundation
import QMSCore

/// Writes the dossier's OSCAL assessment results (OSCAL 1.1, JSON) as it goes: observations
/// (one per evidence record), then findings (one per requirement, satisfied or not-satisfied),
/// then risks (one per nonconformity, its corrective actions as responses).
///
/// Every UUID is a version-5 UUID of a stable name (the dossier's scope and the record's
/// identifier), so the same database, day and key give the same document.
final class OSCALResultsWriter {
    /// The namespace of our own properties (`compliance-status`, `nonconformity-grade` …).
    static let namespace = "https://ns.electoralqms.org/oscal"
    static let oscalVersion = "1.1.2"

    private let file: StagedFile
    private let scope: String
    private let encoder: JSONEncoder
    private var section: String?
    private var count = 0

    /// Starts the document. `scope` makes the UUIDs of this dossier's parts its own.
    init(file: StagedFile, scope: String, header: Header) throws(DossierError) {
        self.file = file
        self.scope = scope
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let planUUID = uuid("assessment-plan")
        let metadata = Metadata(
            title: header.title, lastModified: header.end, version: header.version,
            oscalVersion: OSCALResultsWriter.oscalVersion,
            props: [Property(name: "as-of", value: header.asOf)],
            parties: [
                Party(
                    uuid: uuid("party|organisation"), type: "organization", name: header.organisation,
                    shortName: header.shortName)
            ])
        var text = "{\n  \"assessment-results\": {\n"
        text += "    \"uuid\": \(JSONText.string(uuid("document"))),\n"
        text += "    \"metadata\": \(try encode(metadata)),\n"
        text += "    \"import-ap\": \(try encode(ImportAP(href: "#" + planUUID, remarks: header.planRemarks))),\n"
        let backMatter = BackMatter(resources: [
            Resource(uuid: planUUID, title: "Assessment plan", description: header.planRemarks)
        ])
        text += "    \"back-matter\": \(try encode(backMatter)),\n"
        text += "    \"results\": [\n      {\n"
        text += "        \"uuid\": \(JSONText.string(uuid("result"))),\n"
        text += "        \"title\": \(JSONText.string(header.title)),\n"
        text += "        \"description\": \(JSONText.string(header.description)),\n"
        text += "        \"start\": \(JSONText.string(header.start)),\n"
        text += "        \"end\": \(JSONText.string(header.end)),\n"
        text += "        \"props\": \(try encode(header.props)),\n"
        text += "        \"reviewed-controls\": {\"control-selections\": [{\"include-all\": {}}], "
        text += "\"description\": \(JSONText.string(header.controlsDescription))}"
        try file.write(text)
    }

    /// The UUID of a named part of this dossier.
    func uuid(_ name: String) -> String { OSCALResultsWriter.uuidV5(scope + "|" + name) }

    /// Adds an element to a section (`observations`, `findings`, `risks`); sections come one after another.
    func add<Element: Encodable>(_ element: Element, to name: String) throws(DossierError) {
        if section != name {
            if section != nil { try file.write("\n        ]") }
            try file.write(",\n        \(JSONText.string(name)): [\n          ")
            section = name
            count = 0
        }
        try file.write((count == 0 ? "" : ",\n          ") + encode(element))
        count += 1
    }

    /// Closes the document.
    func finish() throws(DossierError) {
        if section != nil { try file.write("\n        ]") }
        try file.write("\n      }\n    ]\n  }\n}\n")
        try file.close()
    }

    private func encode<Value: Encodable>(_ value: Value) throws(DossierError) -> String {
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw .cannotWrite(path: "oscal/assessment-results.json", reason: "\(error)")
        }
    }

    /// A name-based UUID (RFC 4122 version 5, SHA-1) under our own namespace.
    static func uuidV5(_ name: String) -> String {
        var bytes = Array(Insecure.SHA1.hash(data: Array(namespaceBytes) + Array(name.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = Hex.encode(bytes)
        let characters = Array(hex)
        func part(_ range: Range<Int>) -> String { String(characters[range]) }
        return [part(0..<8), part(8..<12), part(12..<16), part(16..<20), part(20..<32)].joined(separator: "-")
    }

    /// UUID v5 of the URL `https://ns.electoralqms.org/oscal` in the RFC 4122 URL namespace.
    private static let namespaceBytes: [UInt8] = {
        let url: [UInt8] = [
            0x6B, 0xA7, 0xB8, 0x11, 0x9D, 0xAD, 0x11, 0xD1, 0x80, 0xB4, 0x00, 0xC0, 0x4F, 0xD4, 0x30, 0xC8,
        ]
        var bytes = Array(Insecure.SHA1.hash(data: url + Array(namespace.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return bytes
    }()

    // MARK: The document's parts

    struct Header {
        var title: String
        var description: String
        var version: String
        var asOf: String
        var start: String
        var end: String
        var organisation: String
        var shortName: String
        var planRemarks: String
        var controlsDescription: String
        var props: [Property]
    }

    struct Property: Encodable {
        var name: String
        var ns: String = OSCALResultsWriter.namespace
        var value: String
        var remarks: String?

        init(name: String, value: String, remarks: String? = nil) {
            self.name = name
            self.value = value
            self.remarks = remarks
        }
    }

    struct Metadata: Encodable {
        var title: String
        var lastModified: String
        var version: String
        var oscalVersion: String
        var props: [Property]
        var parties: [Party]

        enum CodingKeys: String, CodingKey {
            case title, version, props, parties
            case lastModified = "last-modified"
            case oscalVersion = "oscal-version"
        }
    }

    struct Party: Encodable {
        var uuid: String
        var type: String
        var name: String
        var shortName: String

        enum CodingKeys: String, CodingKey {
            case uuid, type, name
            case shortName = "short-name"
        }
    }

    struct ImportAP: Encodable {
        var href: String
        var remarks: String
    }

    struct BackMatter: Encodable {
        var resources: [Resource]
    }

    struct Resource: Encodable {
        var uuid: String
        var title: String
        var description: String
    }

    struct RelevantEvidence: Encodable {
        var href: String?
        var description: String
        var props: [Property]?
    }

    struct Observation: Encodable {
        var uuid: String
        var title: String
        var description: String
        var props: [Property]
        var methods: [String]
        var relevantEvidence: [RelevantEvidence]?
        var collected: String
        var expires: String?
        var remarks: String?

        enum CodingKeys: String, CodingKey {
            case uuid, title, description, props, methods, collected, expires, remarks
            case relevantEvidence = "relevant-evidence"
        }
    }

    struct ObjectiveStatus: Encodable {
        var state: String
        var remarks: String?
    }

    struct Target: Encodable {
        var type: String
        var targetID: String
        var title: String
        var status: ObjectiveStatus

        enum CodingKeys: String, CodingKey {
            case type, title, status
            case targetID = "target-id"
        }
    }

    struct RelatedObservation: Encodable {
        var observationUUID: String
        enum CodingKeys: String, CodingKey { case observationUUID = "observation-uuid" }
    }

    struct RelatedRisk: Encodable {
        var riskUUID: String
        enum CodingKeys: String, CodingKey { case riskUUID = "risk-uuid" }
    }

    struct Finding: Encodable {
        var uuid: String
        var title: String
        var description: String
        var props: [Property]
        var target: Target
        var relatedObservations: [RelatedObservation]?
        var relatedRisks: [RelatedRisk]?
        var remarks: String?

        enum CodingKeys: String, CodingKey {
            case uuid, title, description, props, target, remarks
            case relatedObservations = "related-observations"
            case relatedRisks = "related-risks"
        }
    }

    struct Response: Encodable {
        var uuid: String
        var lifecycle: String
        var title: String
        var description: String
        var props: [Property]
    }

    struct Risk: Encodable {
        var uuid: String
        var title: String
        var description: String
        var statement: String
        var props: [Property]
        var status: String
        var deadline: String?
        var remediations: [Response]?
        var relatedObservations: [RelatedObservation]?

        enum CodingKeys: String, CodingKey {
            case uuid, title, description, statement, props, status, deadline, remediations
            case relatedObservations = "related-observations"
        }
    }
}
