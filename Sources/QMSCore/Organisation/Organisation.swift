/// The electoral management body that runs this system.
public struct Organisation: Sendable, Hashable, Codable {
    public var name: LocalizedText
    /// The short name or acronym (IEC, HNEC).
    public var shortName: String
    /// ISO 3166-1 alpha-2 country code, when given.
    public var country: String?

    /// Creates an organisation.
    public init(name: LocalizedText, shortName: String, country: String? = nil) throws(DomainError) {
        guard !name.en.trimmingWhitespace().isEmpty else {
            throw .invalidValue(field: "organisation name", value: name.en, expected: "a non-empty name")
        }
        guard !shortName.trimmingWhitespace().isEmpty else {
            throw .invalidValue(field: "short name", value: shortName, expected: "a non-empty acronym such as IEC")
        }
        if let country, country.count != 2 || !country.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            throw .invalidValue(field: "country", value: country, expected: "an ISO 3166-1 code such as JO or LY")
        }
        self.name = name
        self.shortName = shortName
        self.country = country
    }
}
