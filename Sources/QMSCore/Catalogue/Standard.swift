/// A standard's stable identifier, used in requirement keys: `iso-9001-2015`.
public struct StandardID: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The identifier text: lowercase letters and digits in hyphen-separated groups.
    public let rawValue: String

    /// Validates and creates an identifier.
    public init(_ rawValue: String) throws(DomainError) {
        guard StandardID.isValid(rawValue) else {
            throw .invalidValue(
                field: "standard id", value: rawValue,
                expected: .standardID)
        }
        self.rawValue = rawValue
    }

    /// Whether `text` has the form of a standard identifier.
    public static func isValid(_ text: String) -> Bool {
        guard !text.isEmpty, text.count <= 64, !text.hasPrefix("-"), !text.hasSuffix("-"),
            !text.contains("--")
        else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    public var description: String { rawValue }
    public static func < (lhs: StandardID, rhs: StandardID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Whether a standard is in force, still a draft, or has been withdrawn.
public enum StandardStatus: Sendable, Hashable, Codable {
    case current
    /// Not yet published: a final draft (FDIS) whose catalogue is based on public information, to
    /// be checked against the published text.
    case draft
    /// Withdrawn, and replaced by the named standard when there is one.
    case withdrawn(replacedBy: StandardID?)

    /// The word used in files and on the command line.
    public var name: String {
        switch self {
        case .current: return "current"
        case .draft: return "draft"
        case .withdrawn: return "withdrawn"
        }
    }
}

/// Where a standard's catalogue came from.
public enum CatalogueOrigin: String, Sendable, Hashable, Codable {
    /// An ElectoralQMS catalogue file (`Standards/*.xml`).
    case catalogue
    /// A NIST OSCAL catalog, XML or JSON.
    case oscal
}

/// An amendment published for a standard, such as ISO 9001:2015/Amd 1:2024.
public struct Amendment: Sendable, Hashable, Codable {
    /// The identifier the catalogue gives it (`amd1-2024`).
    public var id: String
    /// The year of publication.
    public var year: Int
    /// Its title.
    public var title: LocalizedText

    /// Creates an amendment.
    public init(id: String, year: Int, title: LocalizedText) {
        self.id = id
        self.year = year
        self.title = title
    }
}

/// A standard the organisation works to (or worked to): ISO 9001:2015, ISO/TS 54001:2019 …
public struct Standard: Sendable, Hashable, Codable, Identifiable {
    public var id: StandardID
    /// The edition as the publisher names it ("2015").
    public var edition: String
    public var title: LocalizedText
    public var publisher: String
    /// A short description of what the standard covers, in the project's own words.
    public var scope: LocalizedText?
    public var status: StandardStatus
    /// The standard this one applies or extends (ISO/TS 54001 on ISO 9001:2015).
    public var basedOn: StandardID?
    public var amendments: [Amendment]
    public var origin: CatalogueOrigin

    /// Creates a standard.
    public init(
        id: StandardID, edition: String, title: LocalizedText, publisher: String,
        scope: LocalizedText? = nil, status: StandardStatus = .current, basedOn: StandardID? = nil,
        amendments: [Amendment] = [], origin: CatalogueOrigin = .catalogue
    ) {
        self.id = id
        self.edition = edition
        self.title = title
        self.publisher = publisher
        self.scope = scope
        self.status = status
        self.basedOn = basedOn
        self.amendments = amendments
        self.origin = origin
    }

    /// Whether ISO 9001's clause structure applies (ISO 9001 itself and the standards built on it),
    /// which decides the rules for exclusions.
    public var followsISO9001Structure: Bool {
        id.rawValue.hasPrefix("iso-9001") || basedOn?.rawValue.hasPrefix("iso-9001") == true
    }
}
