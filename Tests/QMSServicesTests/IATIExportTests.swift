import Foundation
import QMSCore
import QMSFormats
import QMSServices
import TestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// What a generic XML reader finds in an `iati-activities` document: the money, as IATI states it.
private final class IATIReadBack: NSObject, XMLParserDelegate {
    struct Amount {
        var element: String
        var start: String?
        var date: String?
        var currency: String?
        var valueDate: String?
        var value: String = ""
        var provider: String?
        /// IATI TransactionType code, of a transaction.
        var type: String?
        var receiver: String?
    }

    var amounts: [Amount] = []
    var activities: [String] = []
    var narrativesLanguages = Set<String>()
    private var current: Amount?
    private var path: [String] = []
    private var text = ""
    private var language: String?

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        path.append(name)
        text = ""
        switch name {
        case "budget", "planned-disbursement", "transaction": current = Amount(element: name)
        case "period-start" where current != nil: current?.start = attributes["iso-date"]
        case "transaction-date": current?.date = attributes["iso-date"]
        case "transaction-type": current?.type = attributes["code"]
        case "value" where current != nil:
            current?.currency = attributes["currency"]
            current?.valueDate = attributes["value-date"]
        case "narrative":
            language = attributes["xml:lang"]
            if let language { narrativesLanguages.insert(language) }
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        path.removeLast()
        switch name {
        case "value" where current != nil: current?.value = text
        case "narrative" where path.last == "provider-org" && language == "en": current?.provider = text
        case "narrative" where path.last == "receiver-org" && current?.element == "transaction":
            current?.receiver = text
        case "iati-identifier": activities.append(text)
        case "budget", "planned-disbursement", "transaction":
            if let current { amounts.append(current) }
            current = nil
        default: break
        }
    }

    static func read(_ data: Data) throws -> IATIReadBack {
        let reader = IATIReadBack()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        return reader
    }
}

/// `480000.00` in USD → 48,000,000 cents, read without floating point.
private func cents(_ text: String) throws -> Int64 {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    let whole = try #require(Int64(parts[0]))
    let fraction = parts.count > 1 ? String(parts[1]) : ""
    #expect(fraction.count == 2, "USD has two decimals: \(text)")
    return whole * 100 + (try #require(Int64(fraction.isEmpty ? "0" : fraction)))
}

@Suite("IATI 2.03 export of a work plan", .serialized)
struct IATIExportTests {
    static let standards = Repository.standards
    static var schemaURL: URL {
        get throws { try StandardsLibrary(directory: standards).iatiActivitiesSchemaURL }
    }

    func seeded(_ folder: TemporaryFolder) async throws -> QMS {
        let qms = try await initialisedQMS(in: folder)
        try await DemoService.seed(
            qms, plans: try PlansLibrary(directory: Repository.root.appendingPathComponent("Plans")))
        return qms
    }

    @Test("the HNEC sample validates against the vendored 2.03 schema, with libxml2 and with xmllint")
    func validates() async throws {
        let folder = try TemporaryFolder()
        let qms = try await seeded(folder)
        let library = try StandardsLibrary(directory: Self.standards)
        for grouping in IATIActivityGrouping.allCases {
            let file = folder.file("hnec-\(grouping.rawValue).xml")
            let report = try await qms.plans.export(
                try PlanID("hnec-2018"), format: .iati, to: file,
                iati: IATIExportSettings(organisationReference: "LY-HNEC", grouping: grouping), standards: library)
            #expect(report.bytes > 0 && FileManager.default.fileExists(atPath: file.path))
            let data = try Data(contentsOf: file)
            try XMLSchema(fileAt: try Self.schemaURL).validate(XMLSource(data: data, file: file.path))

            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
            process.arguments = ["--noout", "--schema", try Self.schemaURL.path, file.path]
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(said)")

            let read = try IATIReadBack.read(data)
            #expect(read.activities.allSatisfy { $0.hasPrefix("LY-HNEC-hnec-2018") })
            if grouping == .plan { #expect(read.activities == ["LY-HNEC-hnec-2018"]) }
            if grouping == .output { #expect(read.activities.count > 1) }
            #expect(read.narrativesLanguages.isSuperset(of: ["en", "ar"]))
            // Every value carries its currency and value date.
            #expect(read.amounts.allSatisfy { $0.currency == "USD" && $0.valueDate != nil })
        }
    }

    @Test("read back by a generic XML reader, the totals per source, year and quarter are the AWP report's")
    func roundTrip() async throws {
        let folder = try TemporaryFolder()
        let qms = try await seeded(folder)
        let awp = try PlanID("hnec-2018")
        let summary = try await qms.plans.report(awp)
        for grouping in IATIActivityGrouping.allCases {
            let data = try await qms.plans.iati(
                awp, settings: IATIExportSettings(organisationReference: "LY-HNEC", grouping: grouping),
                standards: try StandardsLibrary(directory: Self.standards))
            let read = try IATIReadBack.read(data)
            let sourceOf = Dictionary(
                summary.bySource.compactMap { line in line.title.map { ($0.en, line.key) } },
                uniquingKeysWith: { first, _ in first })

            var spentBySource: [String: Int64] = [:]
            var spentByQuarter = [Int64](repeating: 0, count: 4)
            var spentBySourceYear: [String: Int64] = [:]
            var plannedByQuarter = [Int64](repeating: 0, count: 4)
            var plannedBySource: [String: Int64] = [:]
            var spentTotal: Int64 = 0
            for amount in read.amounts {
                let value = try cents(amount.value)
                switch amount.element {
                case "transaction":
                    let date = try CalendarDate(parsing: try #require(amount.date))
                    let provider = try #require(amount.provider)
                    let source = try #require(sourceOf[provider])
                    spentBySource[source, default: 0] += value
                    spentBySourceYear["\(source)|\(date.year)", default: 0] += value
                    if date.year == summary.year { spentByQuarter[date.quarter - 1] += value }
                    spentTotal += value
                case "budget":
                    let start = try CalendarDate(parsing: try #require(amount.start))
                    plannedByQuarter[start.quarter - 1] += value
                default:
                    let provider = try #require(amount.provider)
                    let source = try #require(sourceOf[provider])
                    plannedBySource[source, default: 0] += value
                }
            }
            #expect(spentTotal == summary.total.spent.minorUnits)
            #expect(spentByQuarter == summary.byQuarter.map(\.spent.minorUnits))
            #expect(plannedByQuarter == summary.byQuarter.map(\.planned.minorUnits))
            for line in summary.bySource {
                #expect(spentBySource[line.key, default: 0] == line.spent.minorUnits, "spent from \(line.key)")
                #expect(plannedBySource[line.key, default: 0] == line.planned.minorUnits, "planned from \(line.key)")
            }
            for envelope in summary.envelopes {
                #expect(
                    spentBySourceYear["\(envelope.source)|\(envelope.year)", default: 0] == envelope.spent.minorUnits,
                    "spent from \(envelope.source) in \(envelope.year)")
            }
            // By hand, from the demo's payments: EU 480,000 (1.1, 2018-09-20) + 1,150,000 (1.2,
            // 2018-11-30) = 1,630,000; Q4 1,150,000 + UNDP 21,500 (3.1, 2018-11-28) = 1,171,500;
            // UNDP 21,500 + the 12,000 disbursed for 5.2 on 2018-08-16 = 33,500; Q3 480,000 + 12,000
            // = 492,000; the 2018 budget lines add up to 2,985,000 (see PlanFiguresTests).
            #expect(spentBySource["EU"] == 163_000_000)
            #expect(spentBySource["UNDP"] == 3_350_000)
            #expect(spentByQuarter[2] == 49_200_000)
            #expect(spentByQuarter[3] == 117_150_000)
            #expect(plannedByQuarter.reduce(0, +) == 298_500_000)
            // The disbursement is IATI's type 3, to the partner the ledger names; the payments type 4.
            let transactions = read.amounts.filter { $0.element == "transaction" }
            #expect(transactions.filter { $0.type == "4" }.count == 3)
            let disbursed = transactions.filter { $0.type == "3" }
            #expect(disbursed.count == 1)
            #expect(disbursed.first?.value == "12000.00")
            #expect(disbursed.first?.receiver == "Tripoli psycho-social support partner (sample)")
            #expect(transactions.allSatisfy { $0.type == "3" || $0.receiver == nil })
        }
    }

    @Test("a malformed plan gets a typed error naming the activity and the element, and nothing is written")
    func malformed() async throws {
        let folder = try TemporaryFolder()
        let qms = try await seeded(folder)
        let awp = try PlanID("hnec-2018")
        let schema = try XMLSchema(fileAt: try Self.schemaURL)
        let version = try await qms.plans.version(awp)
        let expenditures = try await qms.expenditure.list(awp)
        let options = IATIExportOptions(
            organisation: IATIOrganisation(reference: "LY-HNEC", name: LocalizedText(en: "HNEC")))

        // A budget period over a year.
        var document = try IATIExport.document(version.planSet, expenditures: expenditures, options: options)
        let first = try #require(document.activities.first?.budgets.first)
        document.activities[0].budgets[0].period.end = first.period.start.adding(days: 366)
        let long = folder.file("long.xml")
        #expect {
            _ = try IATIWriter.write(document, schema: schema, to: long)
        } throws: { error in
            guard let error = error as? IATIError, case .periodOverYear = error else { return false }
            return error.activity == "hnec-2018" && error.element == "budget[1]"
        }
        #expect(!FileManager.default.fileExists(atPath: long.path))

        // An expenditure in a currency IATI does not know.
        let paid = try #require(expenditures.first)
        var odd = paid
        odd.amount = Money(minorUnits: 1_000, currency: try CurrencyCode("XYZ"))
        let strange = try IATIExport.document(version.planSet, expenditures: expenditures + [odd], options: options)
        let index = try #require(strange.activities[0].transactions.firstIndex { $0.value.currency.code == "XYZ" })
        let unknown = folder.file("unknown.xml")
        #expect {
            _ = try IATIWriter.write(strange, schema: schema, to: unknown)
        } throws: { error in
            guard let error = error as? IATIError, case .unknownCurrency(_, _, let currency) = error else {
                return false
            }
            return currency == "XYZ" && error.activity == "hnec-2018"
                && error.element == "transaction[\(index + 1)]/value"
        }
        #expect(!FileManager.default.fileExists(atPath: unknown.path))

        // Without an organisation reference, through the service: nothing is written either.
        let anonymous = folder.file("anonymous.xml")
        await #expect {
            _ = try await qms.plans.export(
                awp, format: .iati, to: anonymous, iati: IATIExportSettings(organisationReference: "  "),
                standards: try StandardsLibrary(directory: Self.standards))
        } throws: { error in
            guard let error = error as? IATIError, case .missingOrganisationReference = error else { return false }
            return error.activity == "hnec-2018" && error.element == "reporting-org/@ref"
        }
        #expect(!FileManager.default.fileExists(atPath: anonymous.path))
    }

    @Test("the identifier: the one given, else the organisation's, else the deployment's; IATI's shape checked")
    func reference() async throws {
        let folder = try TemporaryFolder()
        let qms = try await seeded(folder)
        let awp = try PlanID("hnec-2018")
        let library = try StandardsLibrary(directory: Self.standards)
        func identifiers(_ settings: IATIExportSettings) async throws -> [String] {
            try IATIReadBack.read(try await qms.plans.iati(awp, settings: settings, standards: library)).activities
        }
        let demo = try #require(try await qms.organisation.get())
        #expect(demo.iatiReference == nil, "the demo organisation gets no invented identifier")
        #expect(try await identifiers(IATIExportSettings(defaultReference: "XM-ENV-7")) == ["XM-ENV-7-hnec-2018"])

        var organisation = demo
        organisation.iatiReference = "LY-HNEC-1"
        try await qms.organisation.set(organisation)
        #expect(try await qms.organisation.get()?.iatiReference == "LY-HNEC-1")
        #expect(try await identifiers(IATIExportSettings(defaultReference: "XM-ENV-7")) == ["LY-HNEC-1-hnec-2018"])
        let given = IATIExportSettings(organisationReference: " XM-DAC-41114 ", defaultReference: "XM-ENV-7")
        #expect(try await identifiers(given) == ["XM-DAC-41114-hnec-2018"])
        #expect(try await qms.integrity.verify().problems.isEmpty, "the identifier is recorded in the trail")

        // One given for an export is held to the shape the organisation's is.
        await #expect {
            _ = try await identifiers(IATIExportSettings(organisationReference: "LY-HNEC/1"))
        } throws: { error in
            guard case .invalidValue(let field, let value, .iatiOrganisationIdentifier)? = error as? DomainError else {
                return false
            }
            return field == "org-ref" && value == "LY-HNEC/1"
        }
        let valid = ["XM-DAC-41114", "GB-COH-03877777", "XI-IATI-EBRD", "LY-HNEC", "NL-KVK-41198677", "US-EIN-1_5:6.7"]
        for good in valid {
            #expect(Organisation.isIATIOrganisationIdentifier(good), "\(good)")
        }
        let invalid = [
            "", "XM", "XM-", "xm-DAC-1", "41114", "XM DAC 41114", " XM-DAC-41114", "XM-DAC-1/2", "XM-DAC&1",
            "XM-DAC-1|2", "XM-DAC-1?", "XM-DAC-", "XM--DAC", "LY-هيئة-1", "XM-" + String(repeating: "A", count: 98),
        ]
        for bad in invalid {
            #expect(!Organisation.isIATIOrganisationIdentifier(bad), "\(bad)")
        }
        #expect {
            _ = try Organisation(name: LocalizedText(en: "HNEC"), shortName: "HNEC", iatiReference: "LY HNEC")
        } throws: { error in
            guard case .invalidValue(let field, _, .iatiOrganisationIdentifier)? = error as? DomainError else {
                return false
            }
            return field == "iati-ref"
        }
    }

    @Test("generated-datetime is the caller's clock; each activity's last-updated-datetime its latest change")
    func datetimes() async throws {
        let folder = try TemporaryFolder()
        var qms = try await seeded(folder)
        let clock = Date(timeIntervalSince1970: 1_800_000_000)
        qms.now = { clock }
        let awp = try PlanID("hnec-2018")
        let library = try StandardsLibrary(directory: Self.standards)
        let version = try await qms.plans.version(awp)
        let expenditures = try await qms.expenditure.list(awp)
        let schema = try XMLSchema(fileAt: try Self.schemaURL)
        for grouping in IATIActivityGrouping.allCases {
            let data = try await qms.plans.iati(
                awp, settings: IATIExportSettings(organisationReference: "LY-HNEC", grouping: grouping),
                standards: library)
            try schema.validate(XMLSource(data: data, file: "hnec-\(grouping).xml"))
            let text = String(decoding: data, as: UTF8.self)
            #expect(text.contains(#"generated-datetime="2027-01-15T08:00:00.000Z""#), "the clock given, not the wall's")
            let stamps = text.matches(of: #/last-updated-datetime="([^"]+)"/#).map { String($0.output.1) }
            let document = try IATIExport.document(
                version.planSet, expenditures: expenditures,
                options: IATIExportOptions(
                    organisation: IATIOrganisation(reference: "LY-HNEC", name: LocalizedText(en: "HNEC")),
                    grouping: grouping, planUpdated: version.importedAt))
            #expect(stamps.count == document.activities.count && !stamps.isEmpty)
            for (activity, stamp) in zip(document.activities, stamps) {
                // Its own expenditure, recorded after the import, moves it; an activity without any keeps the import's.
                let paid = expenditures.filter { entry in
                    activity.transactions.contains { $0.planActivity == entry.activity.rawValue }
                }
                let latest = max(version.importedAt, paid.map(\.recordedAt).max() ?? version.importedAt)
                #expect(stamp == latest.description, "\(activity.localIdentifier)")
                #expect(try Instant(parsing: stamp) <= Instant(secondsSince1970: clock.timeIntervalSince1970))
            }
        }
    }
}
