import QMSCore

/// A form or an API request the web cannot take, as data: the error page (or the API's `error`)
/// words it from the catalogues in the reader's language, like every other error.
enum WebInputError: QMSError, Equatable {
    /// The form names no step, or one the page does not offer.
    case chooseStep
    /// The corrective-action form names no next step.
    case chooseNextStep
    /// The action chosen belongs to another risk.
    case chooseActionOf(String)
    /// A risk rating needs both figures.
    case giveRating
    /// Only one of the two figures of a rating was given.
    case giveBothFigures
    /// A participant needs a name.
    case giveName
    /// A measurement needs its value.
    case giveValue
    /// A date field is empty.
    case needsDate(field: String)
    /// A number field holds something else.
    case needsWholeNumber(field: String)
    /// A choice field is empty or holds a value the form does not offer.
    case choose(field: String)
    /// A finding needs its source and grade.
    case chooseSourceAndGrade
    /// A comparison needs two versions.
    case chooseVersions
    /// A version is not a positive whole number.
    case versionNumber
    /// A criterion's weight is not a whole number.
    case criterionWeight(line: String)
    /// A score is not a whole number from 1 to 5.
    case scores
    /// The form could not be decoded.
    case formIncomplete
    /// The sign-in form's token expired.
    case formExpired
    /// The API names an evidence record that does not exist.
    case noEvidenceRecord(String)
    /// The body of an API request is not the JSON expected.
    case notJSON(detail: String)
    /// The file kept from a refused upload has expired or was never kept.
    case keptUploadGone

    var code: String {
        switch self {
        case .chooseStep: return "web.choose-step"
        case .chooseNextStep: return "web.choose-next-step"
        case .chooseActionOf: return "web.choose-action-of"
        case .giveRating: return "web.give-rating"
        case .giveBothFigures: return "web.give-both-figures"
        case .giveName: return "web.give-name"
        case .giveValue: return "web.give-value"
        case .needsDate: return "web.needs-date"
        case .needsWholeNumber: return "web.needs-whole-number"
        case .choose: return "web.choose"
        case .chooseSourceAndGrade: return "web.choose-source-and-grade"
        case .chooseVersions: return "web.choose-versions"
        case .versionNumber: return "web.version-number"
        case .criterionWeight: return "web.criterion-weight"
        case .scores: return "web.scores"
        case .formIncomplete: return "web.form-incomplete"
        case .formExpired: return "web.form-expired"
        case .noEvidenceRecord: return "web.no-evidence-record"
        case .notJSON: return "web.not-json"
        case .keptUploadGone: return "web.kept-upload-gone"
        }
    }

    var arguments: [String: ErrorArgument] {
        switch self {
        case .chooseActionOf(let id), .noEvidenceRecord(let id): return ["id": .text(id)]
        case .needsDate(let field), .needsWholeNumber(let field), .choose(let field): return ["field": .text(field)]
        case .criterionWeight(let line): return ["line": .text(line)]
        case .notJSON(let detail): return ["detail": .text(detail)]
        default: return [:]
        }
    }

    var kind: ErrorKind {
        switch self {
        case .formExpired: return .forbidden
        case .noEvidenceRecord: return .notFound
        default: return .invalid
        }
    }

    var field: Field? {
        switch self {
        case .needsDate(let field), .needsWholeNumber(let field), .choose(let field): return Field(rawValue: field)
        case .keptUploadGone: return "file"
        default: return nil
        }
    }

    /// One of each case, for the tests that check every message is in the catalogues.
    static let samples: [WebInputError] = [
        .chooseStep, .chooseNextStep, .chooseActionOf("RK-2026-01"), .giveRating, .giveBothFigures, .giveName,
        .giveValue, .needsDate(field: "due"), .needsWholeNumber(field: "likelihood"), .choose(field: "status"),
        .chooseSourceAndGrade, .chooseVersions, .versionNumber, .criterionWeight(line: "quality=x"), .scores,
        .formIncomplete, .formExpired, .noEvidenceRecord("EV-2026-9999"), .notJSON(detail: "unexpected end"),
        .keptUploadGone,
    ]
}
