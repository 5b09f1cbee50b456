/// Names one requirement of one standard: `iso-9001-2015:8.5.1`.
public struct RequirementKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var standard: StandardID
    /// The number the catalogue gives the node (`8.5.1`, `4.1-A1`, `EP-03`).
    public var number: String

    /// Creates a key from its parts, checking the number's form.
    public init(standard: StandardID, number: String) throws(DomainError) {
        guard RequirementKey.isValidNumber(number) else {
            throw .invalidValue(
                field: "requirement number", value: number,
                expected: .requirementNumber)
        }
        self.standard = standard
        self.number = number
    }

    /// Parses `STANDARD:NUMBER`.
    public init(parsing text: String) throws(DomainError) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw .invalidValue(
                field: "requirement", value: text,
                expected: .written(format: "STANDARD:NUMBER", example: "iso-9001-2015:8.5.1"))
        }
        try self.init(standard: StandardID(String(parts[0])), number: String(parts[1]))
    }

    /// Whether `text` has the form of a requirement number.
    public static func isValidNumber(_ text: String) -> Bool {
        guard !text.isEmpty, text.count <= 64 else { return false }
        var previousWasSeparator = true
        for scalar in text.unicodeScalars {
            let isSeparator = scalar == "." || scalar == "-"
            let isAlphanumeric =
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            if isSeparator {
                if previousWasSeparator { return false }
            } else if !isAlphanumeric {
                return false
            }
            previousWasSeparator = isSeparator
        }
        return !previousWasSeparator
    }

    public var description: String { "\(standard.rawValue):\(number)" }

    /// Orders keys by standard, then by number the way people read clause numbers (8.10 after 8.9).
    public static func < (lhs: RequirementKey, rhs: RequirementKey) -> Bool {
        if lhs.standard != rhs.standard { return lhs.standard < rhs.standard }
        return RequirementNumberOrder.precedes(lhs.number, rhs.number)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Compares clause numbers part by part, numerically where both parts are numbers.
public enum RequirementNumberOrder {
    /// Whether `lhs` comes before `rhs` in reading order.
    public static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        let left = lhs.split(whereSeparator: { $0 == "." || $0 == "-" })
        let right = rhs.split(whereSeparator: { $0 == "." || $0 == "-" })
        for (a, b) in zip(left, right) where a != b {
            if let x = Int(a), let y = Int(b) { return x < y }
            if Int(a) != nil { return true }
            if Int(b) != nil { return false }
            return a < b
        }
        return left.count < right.count
    }
}

/// What kind of node a requirement is.
public enum RequirementKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A clause that groups other nodes.
    case clause
    /// A requirement the organisation must meet and show evidence for.
    case requirement
    /// One of the eight electoral processes of ISO/TS 54001.
    case electoralProcess = "electoral-process"
}

/// Whether mandatory documented information is a document to keep up to date or a record to keep.
public enum DocumentedInformationType: String, Sendable, Hashable, Codable, CaseIterable {
    /// A document to maintain ("maintain documented information").
    case maintain
    /// A record to retain ("retain documented information").
    case retain
}

/// Documented information that a requirement makes mandatory.
public struct DocumentedInformation: Sendable, Hashable, Codable {
    public var type: DocumentedInformationType
    /// What must be maintained or retained.
    public var description: LocalizedText

    /// Creates an item.
    public init(type: DocumentedInformationType, description: LocalizedText) {
        self.type = type
        self.description = description
    }
}

/// One node of a standard's requirement tree.
public struct Requirement: Sendable, Hashable, Codable, Identifiable {
    public var key: RequirementKey
    /// The number of the enclosing node, or nil for a top-level clause.
    public var parentNumber: String?
    public var kind: RequirementKind
    public var title: LocalizedText
    /// What the requirement asks, in the project's own words (never the standard's text).
    public var summary: LocalizedText
    public var documentedInformation: [DocumentedInformation]
    public var electoralProcesses: [ElectoralProcess]
    /// Typical evidence an auditor would accept.
    public var evidenceHints: [LocalizedText]
    /// The amendment that added this node, when one did.
    public var amendment: String?
    /// The number as the source catalogue writes it, when that differs from the key's number: an
    /// OSCAL control's `VR-1(1)`, keyed `VR-1.1`. People read the label; records keep the key.
    public var label: String?

    public var id: RequirementKey { key }
    public var number: String { key.number }
    /// What people are shown as the node's number: its label when it has one.
    public var displayNumber: String { label ?? key.number }

    /// Creates a requirement node.
    public init(
        key: RequirementKey, parentNumber: String?, kind: RequirementKind, title: LocalizedText,
        summary: LocalizedText, documentedInformation: [DocumentedInformation] = [],
        electoralProcesses: [ElectoralProcess] = [], evidenceHints: [LocalizedText] = [],
        amendment: String? = nil, label: String? = nil
    ) {
        self.key = key
        self.parentNumber = parentNumber
        self.kind = kind
        self.title = title
        self.summary = summary
        self.documentedInformation = documentedInformation
        // The order of process tags carries no meaning; keeping them sorted and unique makes
        // a catalogue read back from the store equal to the one written.
        self.electoralProcesses = Array(Set(electoralProcesses)).sorted()
        self.evidenceHints = evidenceHints
        self.amendment = amendment
        self.label = label
    }
}
