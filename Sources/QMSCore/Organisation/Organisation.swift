/// The electoral management body that runs this system.
public struct Organisation: Sendable, Hashable, Codable {
    public var name: LocalizedText
    /// The short name or acronym (IEC, HNEC).
    public var shortName: String
    /// ISO 3166-1 alpha-2 country code, when given.
    public var country: String?
    /// The CLDR locale the organisation writes numbers and dates in (`ar-JO`, `ar-LY`, `fr-SN`),
    /// when set; without it each language follows CLDR's plain language (`ar`: Western digits).
    public var locale: String?

    /// Creates an organisation.
    public init(name: LocalizedText, shortName: String, country: String? = nil, locale: String? = nil)
        throws(DomainError)
    {
        guard !name.en.trimmingWhitespace().isEmpty else {
            throw .invalidValue(field: "organisation name", value: name.en, expected: .name)
        }
        guard !shortName.trimmingWhitespace().isEmpty else {
            throw .invalidValue(field: "short name", value: shortName, expected: .acronym(example: "IEC"))
        }
        if let country, country.count != 2 || !country.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            throw .invalidValue(field: "country", value: country, expected: .countryCode)
        }
        self.name = name
        self.shortName = shortName
        if let locale, !Organisation.isLocaleIdentifier(locale) {
            throw .invalidValue(field: "locale", value: locale, expected: .locale)
        }
        self.country = country
        self.locale = locale
    }

    /// Whether `text` has the shape of a CLDR locale of a language the system speaks: `ar`,
    /// `ar-JO`, `es-419` (language, then up to two subtags of 2 to 8 letters or digits).
    public static func isLocaleIdentifier(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, Language(rawValue: String(first)) != nil, parts.count <= 3 else { return false }
        return parts.dropFirst().allSatisfy { part in
            (2...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }
}
