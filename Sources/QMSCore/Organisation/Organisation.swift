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
    /// The IANA time zone of its head office (`Asia/Amman`, `Africa/Tripoli`), in which pages show
    /// times to users who chose none; UTC when not set.
    public var timeZone: String?
    /// Its IATI organisation identifier (`XM-DAC-41114`, `LY-COH-12345`), which the IATI export of
    /// a work plan uses as `reporting-org/@ref` and as the prefix of every activity's identifier,
    /// when known. Only the organisation can say what it is: nothing invents one.
    public var iatiReference: String?

    /// Creates an organisation.
    public init(
        name: LocalizedText, shortName: String, country: String? = nil, locale: String? = nil,
        timeZone: String? = nil, iatiReference: String? = nil
    ) throws(DomainError) {
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
        if let timeZone, !Organisation.isTimeZoneName(timeZone) {
            throw .invalidValue(field: "time-zone", value: timeZone, expected: .timeZone)
        }
        if let iatiReference, !Organisation.isIATIOrganisationIdentifier(iatiReference) {
            throw .invalidValue(field: "iati-ref", value: iatiReference, expected: .iatiOrganisationIdentifier)
        }
        self.country = country
        self.locale = locale
        self.timeZone = timeZone
        self.iatiReference = iatiReference
    }

    /// Whether `text` has the shape of an IATI organisation identifier: the registration agency's
    /// code, which starts with a country code or `XI`/`XM` and a hyphen (`XM-DAC`, `GB-COH`), then
    /// the number that agency gave (`XM-DAC-41114`). IATI's rules (2.03, 1.12.1 and 1.12.13) refuse
    /// spaces at either end and the symbols `/`, `&`, `|` and `?`, and its guidance keeps to ASCII
    /// letters, digits, hyphens, underscores, colons and full stops, which is what is accepted here;
    /// whether the agency's code is on IATI's list is for the publisher to check.
    public static func isIATIOrganisationIdentifier(_ text: String) -> Bool {
        let parts = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard (4...100).contains(text.count), parts.count == 2, parts[0].count == 2,
            parts[0].allSatisfy({ $0.isASCII && $0.isUppercase }), let first = parts[1].first, first != "-",
            text.last != "-"
        else { return false }
        return parts[1].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }
    }

    /// Whether `text` has the shape of an IANA time zone name (`UTC`, `Asia/Amman`,
    /// `America/Argentina/Buenos_Aires`, `Etc/GMT+3`). Whether the zone exists is for the
    /// services to ask the system's time zone database.
    public static func isTimeZoneName(_ text: String) -> Bool {
        guard (1...64).contains(text.count), text.first?.isLetter == true, !text.hasSuffix("/") else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/_-+".contains($0)) }
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
