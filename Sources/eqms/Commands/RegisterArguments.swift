import ArgumentParser
import Foundation
import QMSCore
import QMSServices

extension DocumentKind: ExpressibleByArgument {}
extension DocumentStatus: ExpressibleByArgument {}
extension RiskKind: ExpressibleByArgument {}
extension RiskTreatment: ExpressibleByArgument {}
extension ElectoralCyclePhase: ExpressibleByArgument {}
extension ContextIssueKind: ExpressibleByArgument {}
extension ClimateDetermination: ExpressibleByArgument {}
extension PartyCategory: ExpressibleByArgument {}
extension PartyInfluence: ExpressibleByArgument {}
extension ProcessCategory: ExpressibleByArgument {}
extension ProviderKind: ExpressibleByArgument {}
extension ProviderStatus: ExpressibleByArgument {}
extension TrainingKind: ExpressibleByArgument {}
extension EffectivenessRating: ExpressibleByArgument {}
extension KPICategory: ExpressibleByArgument {}
extension KPIDirection: ExpressibleByArgument {}

/// Parses the codes, identifiers and values of the register commands; a malformed value is a
/// usage error (exit 2), caught in `validate()` before anything is opened.
enum RegisterArgument {
    static func code(_ text: String, field: String = "code") throws -> RegisterCode {
        try FindingsArgument.parse(text) { text throws(DomainError) in try RegisterCode(text, field: field) }
    }

    static func codes(_ texts: [String], field: String) throws -> [RegisterCode] {
        try texts.map { try code($0, field: field) }
    }

    static func risk(_ text: String) throws -> RiskID {
        try FindingsArgument.parse(text) { text throws(DomainError) in try RiskID(parsing: text) }
    }

    static func riskAction(_ text: String) throws -> RiskActionID {
        try FindingsArgument.parse(text) { text throws(DomainError) in try RiskActionID(parsing: text) }
    }

    static func context(_ text: String) throws -> ContextIssueID {
        try FindingsArgument.parse(text) { text throws(DomainError) in try ContextIssueID(parsing: text) }
    }

    static func party(_ text: String) throws -> InterestedPartyID {
        try FindingsArgument.parse(text) { text throws(DomainError) in try InterestedPartyID(parsing: text) }
    }

    static func provider(_ text: String) throws -> ProviderID {
        try FindingsArgument.parse(text) { text throws(DomainError) in try ProviderID(parsing: text) }
    }

    static func training(_ text: String) throws -> TrainingID {
        try FindingsArgument.parse(text) { text throws(DomainError) in try TrainingID(parsing: text) }
    }

    static func decimal(_ text: String, option: String) throws -> DecimalValue {
        do { return try DecimalValue(parsing: text) } catch {
            throw ValidationError("\(option): \(FixWording.what(error))")
        }
    }

    static func electoral(_ text: String) throws -> ElectoralProcess {
        try FindingsArgument.parse(text) { text throws(DomainError) in try ElectoralProcess(code: text) }
    }

    static func planKPI(_ text: String) throws -> PlanCode {
        try FindingsArgument.parse(text) { text throws(DomainError) in try PlanCode(text, field: "plan KPI") }
    }

    /// Likelihood and impact given together, or neither.
    static func rating(likelihood: Int?, impact: Int?) throws -> RiskRating? {
        switch (likelihood, impact) {
        case (nil, nil): return nil
        case (let likelihood?, let impact?):
            return try FindingsArgument.parse("") { _ throws(DomainError) in
                try RiskRating(likelihood: likelihood, impact: impact)
            }
        default: throw ValidationError("--likelihood and --impact go together")
        }
    }

    /// `NAME` or `NAME=WEIGHT`.
    static func criterion(_ text: String) throws -> EvaluationCriterion {
        guard let equals = text.lastIndex(of: "=") else { return EvaluationCriterion(name: text) }
        let weight = String(text[text.index(after: equals)...]).trimmingWhitespace()
        guard let value = Int(weight), (1...10).contains(value) else {
            throw ValidationError("--criterion '\(text)': the weight after '=' is a whole number from 1 to 10")
        }
        return EvaluationCriterion(name: String(text[..<equals]), weight: value)
    }

    /// `NAME[:female|male][:disability]`.
    static func participant(_ text: String) throws -> Participant {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
        var sex: Sex?
        var disability = false
        for part in parts.dropFirst() {
            switch part.lowercased() {
            case "female", "f", "woman": sex = .female
            case "male", "m", "man": sex = .male
            case "disability", "pwd", "d": disability = true
            case "": continue
            default:
                throw ValidationError(
                    "--participant '\(text)': after the name come female or male, and disability, separated by ':'")
            }
        }
        return Participant(name: parts.first ?? "", sex: sex, disability: disability)
    }
}

/// The `--requirement` option shared by the register commands.
struct RequirementsOption: ParsableArguments {
    @Option(
        name: .customLong("requirement"),
        help: ArgumentHelp("A requirement it answers, as STANDARD:NUMBER (repeatable).", valueName: "key"))
    var requirements: [String] = []

    var keys: [RequirementKey] { get throws { try DayArgument.keys(requirements) } }

    func validate() throws { _ = try keys }
}
