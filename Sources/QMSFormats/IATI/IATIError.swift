import QMSCore

/// An IATI rule that a document built from a work plan breaks, found by the project's own checks
/// before anything is written: which activity (its identifier within the organisation) and which
/// element (`budget[2]`, `transaction[5]/value`), so that the plan can be corrected.
public enum IATIError: QMSError, Hashable {
    /// A budget or planned disbursement covers more than a year, which IATI refuses.
    case periodOverYear(activity: String, element: String, start: String, end: String)
    /// A period, or the activity's dates, end before they start.
    case periodEndsBeforeStart(activity: String, element: String, start: String, end: String)
    /// A value is in a currency IATI does not know (not an active ISO 4217 code of its codelist).
    case unknownCurrency(activity: String, element: String, currency: String)
    /// No organisation reference was given, so there is neither an `iati-identifier` nor a
    /// `reporting-org/@ref`.
    case missingOrganisationReference(activity: String, element: String)
    /// A KPI period that is not a year, a quarter or a half (`2019`, `2019-Q2`, `2019-H1`).
    case unreadablePeriod(activity: String, element: String, period: String)

    public var code: String {
        switch self {
        case .periodOverYear: return "iati.period-over-year"
        case .periodEndsBeforeStart: return "iati.period-ends-before-start"
        case .unknownCurrency: return "iati.unknown-currency"
        case .missingOrganisationReference: return "iati.missing-organisation-reference"
        case .unreadablePeriod: return "iati.unreadable-period"
        }
    }

    public var arguments: [String: ErrorArgument] {
        switch self {
        case .periodOverYear(let activity, let element, let start, let end),
            .periodEndsBeforeStart(let activity, let element, let start, let end):
            return ["activity": "\(activity)", "element": "\(element)", "start": "\(start)", "end": "\(end)"]
        case .unknownCurrency(let activity, let element, let currency):
            return ["activity": "\(activity)", "element": "\(element)", "currency": "\(currency)"]
        case .missingOrganisationReference(let activity, let element):
            return ["activity": "\(activity)", "element": "\(element)"]
        case .unreadablePeriod(let activity, let element, let period):
            return ["activity": "\(activity)", "element": "\(element)", "period": "\(period)"]
        }
    }

    /// The activity at fault.
    public var activity: String {
        switch self {
        case .periodOverYear(let activity, _, _, _), .periodEndsBeforeStart(let activity, _, _, _),
            .unknownCurrency(let activity, _, _), .missingOrganisationReference(let activity, _),
            .unreadablePeriod(let activity, _, _):
            return activity
        }
    }

    /// The element at fault.
    public var element: String {
        switch self {
        case .periodOverYear(_, let element, _, _), .periodEndsBeforeStart(_, let element, _, _),
            .unknownCurrency(_, let element, _), .missingOrganisationReference(_, let element),
            .unreadablePeriod(_, let element, _):
            return element
        }
    }

    public var field: Field? {
        switch self {
        case .missingOrganisationReference: return Field(rawValue: "org-ref")
        default: return Field(rawValue: element)
        }
    }

    public var fix: Fix? {
        switch self {
        case .missingOrganisationReference: return .give([Field(rawValue: "org-ref")], example: "XM-DAC-41114")
        default: return nil
        }
    }

    public var kind: ErrorKind { .invalid }
}
