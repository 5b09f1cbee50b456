/// What a value should look like, as data: the `expected` of ``DomainError/invalidValue(field:value:expected:)``.
/// The catalogues word each case (`error_expected_` and the case in snake case), filling its
/// placeholders with the case's values, so that a reader of any language learns what to give.
public enum Expectation: Sendable, Hashable, Codable {
    // Days and instants.
    /// A date in the form YYYY-MM-DD.
    case dateWritten
    /// A value written in `format` (`EV-YYYY-NNNN`), such as `example`.
    case written(format: String, example: String)
    /// A value written in `format`, with no example.
    case format(String)
    /// A day that exists in the calendar.
    case realDay
    /// A day that exists in the calendar, written YYYY-MM-DD.
    case realDayWritten
    /// A day such as `example`.
    case day(example: String)
    /// The transition deadline the certification body set.
    case transitionDeadline
    /// A date such as `example`, or a day counted from today (`today-30`).
    case dayFromToday(example: String)
    /// The first day of an audit.
    case auditStart
    /// The day of an electoral event.
    case eventDay
    /// An instant in UTC, to the millisecond.
    case instant

    // Texts and names.
    /// A title of 1 to `maximum` characters.
    case title(maximum: Int)
    /// A text of 1 to `maximum` characters.
    case text(maximum: Int)
    /// No more than `maximum` characters.
    case atMost(characters: Int)
    /// An action's description of 1 to `maximum` characters.
    case actionText(maximum: Int)
    /// A comment of 1 to 4,000 characters.
    case comment
    /// A place of at most `maximum` characters.
    case place(maximum: Int)
    /// An indicator's name.
    case indicatorName
    /// An observer mission's name.
    case missionName
    /// A tag: a word or short phrase.
    case tag
    /// A reason of a few words.
    case reason
    /// A meeting's minutes.
    case minutes
    /// A name that is not empty.
    case name
    /// An acronym such as `example`.
    case acronym(example: String)
    /// The name of the person responsible.
    case personResponsible
    /// The unit or party responsible.
    case partyResponsible
    /// The name of who raised a finding.
    case raisedBy
    /// The name of the electoral event.
    case eventName
    /// The year of an observer mission's report.
    case missionYear
    /// The text of an observer recommendation.
    case recommendationText
    /// A recommendation's number in the mission's report.
    case reportNumber
    /// A summary of an audit's results.
    case auditSummary
    /// A certificate number, with a validity ending after the day of issue.
    case certificate
    /// A voucher or invoice reference.
    case voucher
    /// The name of the organisation a disbursement went to.
    case recipientOrganisation

    // Choices.
    /// One of `choices`, worded as a list ending with "or" (`yes or no`).
    case either([String])
    /// One of `choices`, worded as a plain list.
    case listed([String])
    /// One of `choices`, worded "one of …".
    case oneOf([String])
    /// One code of the range from `first` to `last` (`EP-01 … EP-08`).
    case range(first: String, last: String)
    /// A treatment for a risk (avoid, reduce, transfer or accept).
    case riskTreatment
    /// A treatment for an opportunity (exploit, enhance, share or accept).
    case opportunityTreatment
    /// Quarters, listed or as a range.
    case quarters
    /// At least one quarter.
    case someQuarter
    /// An activity's link: `KIND:TARGET`, KIND one of `kinds`.
    case activityLink(kinds: [String], example: String)

    // Numbers and amounts.
    /// Zero or more.
    case zeroOrMore
    /// A whole number from `minimum` to `maximum`.
    case between(minimum: Int, maximum: Int)
    /// A number of months from `minimum` to `maximum`.
    case months(minimum: Int, maximum: Int)
    /// A percentage from `minimum` to `maximum`.
    case percentage(minimum: Int, maximum: Int)
    /// A likelihood on the scale 1 (rare) to 5 (almost certain).
    case likelihoodScale
    /// An impact on the scale 1 (negligible) to 5 (severe).
    case impactScale
    /// A score on the scale 1 (poor) to 5 (excellent).
    case scoreScale
    /// Participant counts: at least one, none negative.
    case participants
    /// A decimal number of at most 6 decimals.
    case decimal
    /// An amount of 0 or more.
    case amountNotNegative
    /// An amount other than zero.
    case amountNotZero
    /// An amount small enough to count in minor units.
    case amountWithinLimit
    /// An amount in `currency` with at most `decimals` decimals.
    case amount(currency: String, decimals: Int)
    /// A whole amount in `currency` (a currency without minor units).
    case wholeAmount(currency: String)
    /// An amount in `currency` such as `example`.
    case decimalAmount(currency: String, example: String)

    // Codes and identifiers.
    /// An ISO 4217 currency code.
    case currencyCode
    /// An ISO 3166-1 country code.
    case countryCode
    /// A CLDR locale.
    case locale
    /// A time zone of the IANA database.
    case timeZone
    /// An IATI organisation identifier: a registration agency's code, a hyphen and the number
    /// that agency gave (`XM-DAC-41114`).
    case iatiOrganisationIdentifier
    /// An e-mail address.
    case email
    /// An http:// or https:// address.
    case webAddress
    /// A user name of lower-case letters, digits, '.', '_', '-' or '@'.
    case username
    /// A plan id of lower-case letters and digits joined by hyphens.
    case planID
    /// A register's code, such as `example`.
    case code(example: String)
    /// A work-plan activity code of numbers joined by dots.
    case activityCode
    /// A standard's id.
    case standardID
    /// A requirement's number within its standard.
    case requirementNumber
    /// An evidence id such as `example`.
    case evidenceID(example: String)
    /// An action's id such as `example`.
    case actionID(example: String)
    /// A requirement key such as `example`.
    case requirement(example: String)
    /// A work-plan activity code such as `example`.
    case activity(example: String)
    /// A corrective action or a management review action.
    case correctiveOrReviewAction
    /// A plan file (.xml, .csv or .xlsx).
    case planFile

    /// The name of the case, for the catalogue's key: `error_expected_` and the name in snake case.
    public var name: String {
        let label = Mirror(reflecting: self).children.first?.label
        return label ?? String(describing: self)
    }

    /// The code of the message that words it.
    public var messageCode: String { "expected." + name }

    /// The values the message names, by placeholder.
    public var arguments: [String: ErrorArgument] {
        switch self {
        case .written(let format, let example): return ["format": .text(format), "example": .text(example)]
        case .format(let format): return ["format": .text(format)]
        case .day(let example), .dayFromToday(let example), .acronym(let example), .code(let example),
            .evidenceID(let example), .actionID(let example), .requirement(let example), .activity(let example):
            return ["example": .text(example)]
        case .title(let maximum), .text(let maximum), .atMost(let maximum), .actionText(let maximum),
            .place(let maximum):
            return ["maximum": .number(maximum)]
        case .either(let choices):
            return [
                "choices": .list(choices.dropLast().map(ErrorArgument.text)), "last": .text(choices.last ?? ""),
            ]
        case .listed(let choices), .oneOf(let choices):
            return ["choices": .list(choices.map(ErrorArgument.text))]
        case .range(let first, let last): return ["first": .text(first), "last": .text(last)]
        case .activityLink(let kinds, let example):
            return ["kinds": .list(kinds.map(ErrorArgument.text)), "example": .text(example)]
        case .between(let minimum, let maximum), .months(let minimum, let maximum),
            .percentage(let minimum, let maximum):
            return ["minimum": .number(minimum), "maximum": .number(maximum)]
        case .amount(let currency, let decimals): return ["currency": .text(currency), "decimals": .number(decimals)]
        case .wholeAmount(let currency): return ["currency": .text(currency)]
        case .decimalAmount(let currency, let example): return ["currency": .text(currency), "example": .text(example)]
        default: return [:]
        }
    }

    /// The expectation as an argument of another message, worded in its turn.
    public var argument: ErrorArgument { .message(code: messageCode, arguments: arguments) }

    /// One value of every case, for the checks that the catalogues word them all.
    public static let allExamples: [Expectation] = [
        .dateWritten, .written(format: "EV-YYYY-NNNN", example: "EV-2026-0042"), .format("EV-YYYY-NNNN"), .realDay,
        .realDayWritten, .day(example: "2026-09-10"), .transitionDeadline, .dayFromToday(example: "2019-02-10"),
        .auditStart, .eventDay, .instant, .title(maximum: 300), .text(maximum: 120), .atMost(characters: 500),
        .actionText(maximum: 1000), .comment, .place(maximum: 120), .indicatorName, .missionName, .tag, .reason,
        .minutes, .name, .acronym(example: "IEC"), .personResponsible, .partyResponsible, .raisedBy, .eventName,
        .missionYear, .recommendationText, .reportNumber, .auditSummary, .certificate, .voucher,
        .recipientOrganisation,
        .either(["yes", "no"]), .listed(["a", "b"]), .oneOf(["a", "b"]), .range(first: "EP-01", last: "EP-08"),
        .riskTreatment, .opportunityTreatment, .quarters, .someQuarter,
        .activityLink(kinds: ["requirement"], example: "requirement:iso-9001-2015:8.1"), .zeroOrMore,
        .between(minimum: 1, maximum: 10), .months(minimum: 1, maximum: 60), .percentage(minimum: 0, maximum: 100),
        .likelihoodScale, .impactScale, .scoreScale, .participants, .decimal, .amountNotNegative, .amountNotZero,
        .amountWithinLimit, .amount(currency: "USD", decimals: 2), .wholeAmount(currency: "JPY"),
        .decimalAmount(currency: "USD", example: "1234.55"), .currencyCode, .countryCode, .locale, .timeZone,
        .iatiOrganisationIdentifier, .email,
        .webAddress, .username, .planID, .code(example: "QP-01"), .activityCode, .standardID, .requirementNumber,
        .evidenceID(example: "EV-2026-0042"), .actionID(example: "CA-2026-007-1"),
        .requirement(example: "iso-9001-2015:9.2"), .activity(example: "1.3.2"), .correctiveOrReviewAction,
        .planFile,
    ]
}
