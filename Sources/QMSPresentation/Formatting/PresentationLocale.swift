import Foundation
import QMSCore

/// The locale a page is written in: the page's language, refined by the organisation's CLDR
/// locale when that locale is of the same language.
///
/// An Arabic page of an organisation set to `ar-JO` writes Arabic-Indic digits, one set to `ar-LY`
/// Western digits, both as CLDR says; without a setting Arabic follows CLDR's plain `ar` (Western
/// digits). A French page of that Jordanian organisation uses plain `fr`, since `ar-JO` says
/// nothing about French.
public struct PresentationLocale: Sendable, Hashable {
    /// The language of the words.
    public let language: Language
    /// The CLDR identifier in effect (`ar-JO`, `ar`, `fr-SN`).
    public let identifier: String
    /// The IANA time zone times are shown in (`UTC`, `Asia/Amman`).
    public let timeZone: String

    /// The locale of a page in `language` for an organisation whose locale is `organisation`,
    /// showing times in `timeZone` (UTC when not given).
    public init(_ language: Language, organisation: String? = nil, timeZone: String? = nil) {
        self.language = language
        self.timeZone = timeZone.flatMap { TimeZone(identifier: $0) == nil ? nil : $0 } ?? "UTC"
        if let organisation, PresentationLocale.language(of: organisation) == language.rawValue {
            identifier = organisation
        } else {
            identifier = language.rawValue
        }
    }

    /// The Foundation locale.
    public var locale: Locale { Locale(identifier: identifier) }

    /// The language subtag of a CLDR identifier: `ar-JO` → `ar`, `es_MX` → `es`.
    static func language(of identifier: String) -> String {
        String(identifier.prefix { $0 != "-" && $0 != "_" }).lowercased()
    }
}
