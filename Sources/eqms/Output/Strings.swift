import Foundation
import QMSCore
import QMSPresentation

/// The command line's words, from the shared message catalogues (``Messages``): table headings
/// in capitals as terminals show them, values (states, grades, kinds) as their catalogue terms.
enum Strings {
    /// A message in `language`.
    static func text(_ key: String, _ language: Language) -> String { Messages.shared.text(key, language) }

    /// Table headings in `language`, in capitals where the script has them.
    static func headers(_ keys: [String], _ language: Language) -> [String] {
        let locale = Locale(identifier: language.rawValue)
        return keys.map { Messages.shared.text($0, language).uppercased(with: locale) }
    }

    /// A status or category value in `language`.
    static func term<Value: RawRepresentable>(_ value: Value, _ language: Language) -> String
    where Value.RawValue == String {
        Messages.shared.term(value, language)
    }

    /// Alerts in a table cell: `review overdue QP-01 (12d late)`.
    static func alerts(_ alerts: [RegisterAlert], _ language: Language) -> String {
        alerts.map { alert in
            let days = alert.days < 0 ? " (\(-alert.days)d late)" : " (\(alert.days)d left)"
            return term(alert.kind, language) + " " + alert.reference + days
        }.joined(separator: ", ")
    }
}
