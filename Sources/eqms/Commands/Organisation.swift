import ArgumentParser
import QMSCore
import QMSServices

/// `eqms organisation`: the electoral management body itself.
struct OrganisationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "organisation", abstract: "Set or show the organisation's name and country.",
        subcommands: [Set.self, Show.self])

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set the organisation's names and country.",
            discussion: """
                Example: eqms organisation set --name "Independent Election Commission" \\
                           --name-ar "الهيئة المستقلة للانتخاب" --short-name IEC --country JO --locale ar-JO --time-zone Asia/Amman
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The full name in English.") var name: String
        @Option(help: "The full name in Arabic.") var nameAr: String?
        @Option(help: "The short name or acronym.") var shortName: String
        @Option(help: "ISO 3166-1 country code, such as JO or LY.") var country: String?
        @Option(
            help: ArgumentHelp(
                "The CLDR locale for digits, separators and dates, such as ar-JO, ar-LY, fr-SN or es-MX.",
                discussion: "Without it, each language follows CLDR's plain language (Arabic: Western digits).",
                valueName: "locale"))
        var locale: String?
        @Option(
            help: ArgumentHelp(
                "The IANA time zone of the head office, such as Asia/Amman or Africa/Tripoli.",
                discussion: "Pages show times in it to users who chose no zone of their own; UTC without it.",
                valueName: "zone"))
        var timeZone: String?
        @Option(
            help: ArgumentHelp(
                "The organisation's IATI organisation identifier, such as XM-DAC-41114.",
                discussion: """
                    `eqms plan export --format iati` uses it when no --org-ref is given, before \
                    $EQMS_IATI_ORG_REF. Like every option here, it is cleared when not given.
                    """,
                valueName: "ref"))
        var iatiRef: String?

        func run() async throws {
            let qms = try await global.open()
            let organisation = try Organisation(
                name: LocalizedText(en: name, ar: nameAr), shortName: shortName, country: country?.uppercased(),
                locale: locale, timeZone: timeZone, iatiReference: iatiRef)
            try await qms.organisation.set(organisation)
            if global.json { return try Console.json(organisation) }
            Console.out("Organisation set: \(organisation.name.text(in: global.lang)) (\(organisation.shortName)).")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the organisation.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let qms = try await global.open()
            guard let organisation = try await qms.organisation.get() else {
                if global.json { return Console.out("null") }
                return Console.out("No organisation set yet; use `eqms organisation set`.")
            }
            if global.json { return try Console.json(organisation) }
            Console.out(
                "\(organisation.name.text(in: global.lang)) (\(organisation.shortName))"
                    + (organisation.country.map { ", \($0)" } ?? "")
                    + (organisation.locale.map { ", locale \($0)" } ?? "")
                    + (organisation.timeZone.map { ", time zone \($0)" } ?? "")
                    + (organisation.iatiReference.map { ", IATI identifier \($0)" } ?? ""))
        }
    }
}
