import Foundation
import QMSCore

/// Writes `iati-activities` 2.03 documents: checks IATI's rules on the document first, renders it
/// in memory in the order of the 2.03 schema's sequences, validates it against the schema, and
/// only then gives the bytes, so that nothing invalid reaches a file.
public enum IATIWriter {
    /// The namespace of what IATI has no element for (UNDP budget codes, funding source codes).
    public static let extensionNamespace = "https://electoralqms.org/ns/iati-extension/1"
    /// Its prefix in the documents written.
    public static let extensionPrefix = "eqms"

    /// Checks the document's IATI rules: an organisation reference, periods that end after they
    /// start, budgets and planned disbursements of a year at most, and known currencies.
    public static func check(_ document: IATIDocument) throws(IATIError) {
        for activity in document.activities {
            let id = activity.localIdentifier
            guard activity.reportingOrganisation.reference != nil else {
                throw .missingOrganisationReference(activity: id, element: "reporting-org/@ref")
            }
            try currency(activity.currency.code, id, "iati-activity/@default-currency")
            if activity.plannedEnd < activity.plannedStart {
                throw .periodEndsBeforeStart(
                    activity: id, element: "activity-date[@type=3]", start: "\(activity.plannedStart)",
                    end: "\(activity.plannedEnd)")
            }
            for (index, budget) in activity.budgets.enumerated() {
                let element = "budget[\(index + 1)]"
                try period(budget.period, yearAtMost: true, id, element)
                try currency(budget.value.currency.code, id, element + "/value")
            }
            for (index, planned) in activity.plannedDisbursements.enumerated() {
                let element = "planned-disbursement[\(index + 1)]"
                try period(planned.period, yearAtMost: true, id, element)
                try currency(planned.value.currency.code, id, element + "/value")
            }
            for (index, transaction) in activity.transactions.enumerated() {
                try currency(transaction.value.currency.code, id, "transaction[\(index + 1)]/value")
            }
            for (resultIndex, result) in activity.results.enumerated() {
                for (indicatorIndex, indicator) in result.indicators.enumerated() {
                    for (periodIndex, resultPeriod) in indicator.periods.enumerated() {
                        try period(
                            resultPeriod.period, yearAtMost: false, id,
                            "result[\(resultIndex + 1)]/indicator[\(indicatorIndex + 1)]/period[\(periodIndex + 1)]")
                    }
                }
            }
        }
    }

    private static func period(_ period: IATIPeriod, yearAtMost: Bool, _ id: String, _ element: String)
        throws(IATIError)
    {
        if period.end < period.start {
            throw .periodEndsBeforeStart(
                activity: id, element: element, start: "\(period.start)", end: "\(period.end)")
        }
        if yearAtMost && period.isLongerThanAYear {
            throw .periodOverYear(activity: id, element: element, start: "\(period.start)", end: "\(period.end)")
        }
    }

    private static func currency(_ code: String, _ id: String, _ element: String) throws(IATIError) {
        guard IATICurrencies.codes.contains(code) else {
            throw .unknownCurrency(activity: id, element: element, currency: code)
        }
    }

    /// The document, checked, rendered and validated against `schema` (the IATI 2.03 activity
    /// schema) when one is given.
    public static func data(_ document: IATIDocument, schema: XMLSchema?, name: String = "iati-activities.xml")
        throws -> Data
    {
        try check(document)
        let data = Data(render(document).utf8)
        if let schema {
            try schema.validate(XMLSource(data: data, file: name))
        }
        return data
    }

    /// Checks, renders and validates the document, then writes it to `url` through a temporary
    /// file renamed into place: a failure leaves no file.
    public static func write(_ document: IATIDocument, schema: XMLSchema?, to url: URL) throws -> Data {
        let bytes = try Self.data(document, schema: schema, name: url.lastPathComponent)
        try bytes.write(to: url, options: .atomic)
        return bytes
    }

    /// The document's XML text, without checks.
    public static func render(_ document: IATIDocument) -> String {
        var xml = XMLWriter()
        xml.start(
            "iati-activities",
            [
                ("version", "2.03"), ("generated-datetime", document.generated?.description),
                ("xmlns:\(extensionPrefix)", extensionNamespace),
            ])
        for activity in document.activities { write(activity, into: &xml) }
        xml.end()
        return xml.text
    }

    // The order of the elements below is the order of the 2.03 schema's `iati-activity` sequence.
    private static func write(_ activity: IATIActivity, into xml: inout XMLWriter) {
        xml.start(
            "iati-activity",
            [
                ("last-updated-datetime", activity.lastUpdated?.description), ("xml:lang", "en"),
                ("default-currency", activity.currency.code), ("hierarchy", "1"),
            ])
        xml.element("iati-identifier", text: activity.identifier ?? activity.localIdentifier)
        xml.start(
            "reporting-org",
            [
                ("ref", activity.reportingOrganisation.reference ?? ""),
                ("type", activity.reportingOrganisation.type ?? "10"),
            ]
        )
        narratives(activity.reportingOrganisation.name, into: &xml)
        xml.end()
        xml.start("title")
        narratives(activity.title, into: &xml)
        xml.end()
        xml.start("description", [("type", "1")])
        narratives(activity.description, into: &xml)
        xml.end()
        for funder in activity.funding {
            organisation("participating-org", funder, role: "1", into: &xml)
        }
        organisation("participating-org", activity.implementing, role: "4", into: &xml)
        xml.empty("activity-status", [("code", activity.status)])
        xml.empty("activity-date", [("type", "1"), ("iso-date", "\(activity.plannedStart)")])
        if let actual = activity.actualStart {
            xml.empty("activity-date", [("type", "2"), ("iso-date", "\(actual)")])
        }
        xml.empty("activity-date", [("type", "3"), ("iso-date", "\(activity.plannedEnd)")])
        xml.empty("sector", [("vocabulary", "1"), ("code", IATIExport.electionsSector)])
        for budget in activity.budgets {
            xml.start("budget", [("type", "1"), ("status", "1")])
            period(budget.period, into: &xml)
            value(budget.value, date: budget.valueDate, into: &xml)
            xml.end()
        }
        for planned in activity.plannedDisbursements {
            xml.start("planned-disbursement", [("type", "1")])
            period(planned.period, into: &xml)
            value(planned.value, date: planned.valueDate, into: &xml)
            organisation("provider-org", planned.provider, role: nil, into: &xml)
            if let receiver = planned.receiver { organisation("receiver-org", receiver, role: nil, into: &xml) }
            xml.end()
        }
        for transaction in activity.transactions {
            xml.start("transaction")
            xml.empty("transaction-type", [("code", transaction.type)])
            xml.empty("transaction-date", [("iso-date", "\(transaction.date)")])
            value(transaction.value, date: transaction.valueDate, into: &xml)
            if let description = transaction.description {
                xml.start("description")
                xml.element("narrative", text: description)
                xml.end()
            }
            if let provider = transaction.provider { organisation("provider-org", provider, role: nil, into: &xml) }
            if let receiver = transaction.receiver {
                // The ledger holds the name as typed, in no declared language: Arabic script is said
                // to be Arabic, anything else takes the activity's default language.
                xml.start("receiver-org")
                xml.element("narrative", [("xml:lang", Self.isArabic(receiver) ? "ar" : nil)], text: receiver)
                xml.end()
            }
            if transaction.account != nil || transaction.source != nil || transaction.planActivity != nil {
                xml.empty(
                    "\(extensionPrefix):charge",
                    [
                        ("activity", transaction.planActivity), ("account", transaction.account),
                        ("source", transaction.source),
                    ])
            }
            xml.end()
        }
        for result in activity.results { write(result, into: &xml) }
        for code in activity.budgetCodes {
            xml.empty(
                "\(extensionPrefix):budget-line",
                [
                    ("activity", code.planActivity), ("account", code.account), ("source", code.source),
                    ("currency", code.amount.currency.code), ("amount", code.amount.decimalString),
                ])
        }
        xml.end()
    }

    private static func write(_ result: IATIResult, into xml: inout XMLWriter) {
        xml.start("result", [("type", result.type)])
        xml.start("title")
        narratives(result.title, into: &xml)
        xml.end()
        for indicator in result.indicators {
            xml.start(
                "indicator",
                [("measure", indicator.measure), ("ascending", indicator.ascending.map { $0 ? "1" : "0" })])
            xml.start("title")
            narratives(indicator.title, into: &xml)
            xml.end()
            if let description = indicator.description {
                xml.start("description")
                narratives(description, into: &xml)
                xml.end()
            }
            if let year = indicator.baselineYear {
                xml.empty("baseline", [("year", "\(year)"), ("value", indicator.baselineValue)])
            }
            for resultPeriod in indicator.periods {
                xml.start("period")
                period(resultPeriod.period, into: &xml)
                for target in resultPeriod.targets { indicatorValue("target", target, into: &xml) }
                for actual in resultPeriod.actuals { indicatorValue("actual", actual, into: &xml) }
                xml.end()
            }
            xml.end()
        }
        xml.end()
    }

    private static func indicatorValue(_ name: String, _ item: IATIIndicatorValue, into xml: inout XMLWriter) {
        xml.start(name, [("value", item.value)])
        for dimension in item.dimensions {
            xml.empty("dimension", [("name", dimension.name), ("value", dimension.value)])
        }
        if let comment = item.comment {
            xml.start("comment")
            xml.element("narrative", text: comment)
            xml.end()
        }
        xml.end()
    }

    private static func organisation(
        _ name: String, _ organisation: IATIOrganisation, role: String?, into xml: inout XMLWriter
    ) {
        xml.start(name, [("ref", organisation.reference), ("type", organisation.type), ("role", role)])
        narratives(organisation.name, into: &xml)
        xml.end()
    }

    private static func isArabic(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x0600...0x06FF).contains($0.value) || (0x0750...0x077F).contains($0.value) }
    }

    private static func period(_ period: IATIPeriod, into xml: inout XMLWriter) {
        xml.empty("period-start", [("iso-date", "\(period.start)")])
        xml.empty("period-end", [("iso-date", "\(period.end)")])
    }

    private static func value(_ money: Money, date: CalendarDate, into xml: inout XMLWriter) {
        xml.element(
            "value", [("currency", money.currency.code), ("value-date", "\(date)")], text: money.decimalString)
    }

    /// A narrative per language the text has, each with its `xml:lang`.
    private static func narratives(_ text: LocalizedText, into xml: inout XMLWriter) {
        for language in Language.allCases {
            guard let value = text.translation(language) else { continue }
            xml.element("narrative", [("xml:lang", language.rawValue)], text: value)
        }
    }
}
