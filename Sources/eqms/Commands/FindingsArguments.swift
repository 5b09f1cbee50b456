import ArgumentParser
import Foundation
import QMSCore
import QMSServices

extension AuditKind: ExpressibleByArgument {}
extension CorrectiveActionState: ExpressibleByArgument {}
extension EffectivenessResult: ExpressibleByArgument {}
extension NonconformityGrade: ExpressibleByArgument {}
extension NonconformitySource: ExpressibleByArgument {}
extension RecommendationAddressee: ExpressibleByArgument {}
extension RecommendationPriority: ExpressibleByArgument {}
extension RecommendationStatus: ExpressibleByArgument {}
extension ReviewInput: ExpressibleByArgument {}

/// A yes-or-no decision given on the command line.
enum Decision: String, ExpressibleByArgument, CaseIterable {
    case yes
    case no

    var value: Bool { self == .yes }
}

/// Parses the identifiers and repeated options of the findings commands; a malformed value is a
/// usage error (exit 2).
enum FindingsArgument {
    /// Parses with a domain parser, turning its error into a usage error.
    static func parse<T>(_ text: String, _ parser: (String) throws(DomainError) -> T) throws -> T {
        do { return try parser(text) } catch { throw ValidationError(FixWording.what(error)) }
    }

    static func nonconformity(_ text: String) throws -> NonconformityID {
        try parse(text) { text throws(DomainError) in try NonconformityID(parsing: text) }
    }

    static func audit(_ text: String) throws -> AuditID {
        try parse(text) { text throws(DomainError) in try AuditID(parsing: text) }
    }

    static func recommendation(_ text: String) throws -> RecommendationID {
        try parse(text) { text throws(DomainError) in try RecommendationID(parsing: text) }
    }

    static func reviewAction(_ text: String) throws -> ReviewActionID {
        try parse(text) { text throws(DomainError) in try ReviewActionID(parsing: text) }
    }

    static func evidence(_ texts: [String]) throws -> [EvidenceID] {
        try texts.map { try DayArgument.id($0) }
    }

    /// A required day.
    static func day(_ text: String, option: String) throws -> CalendarDate {
        guard let day = try DayArgument.date(text, option: option) else {
            throw ValidationError("\(option) needs a date such as 2026-11-23")
        }
        return day
    }

    /// Pairs `--action`, `--owner` and `--due`: one owner and due date each, or one of each for all.
    static func actions(_ texts: [String], owners: [String], dues: [String]) throws -> [ActionDraft] {
        guard !texts.isEmpty else {
            if !owners.isEmpty || !dues.isEmpty { throw ValidationError("--owner and --due go with an --action") }
            return []
        }
        func pick(_ values: [String], _ option: String) throws -> [String] {
            if values.count == texts.count { return values }
            if values.count == 1 { return Array(repeating: values[0], count: texts.count) }
            throw ValidationError(
                "give one \(option) for each --action (\(texts.count)), or a single \(option) for all of them")
        }
        let owners = try pick(owners, "--owner")
        let dues = try pick(dues, "--due")
        return try zip(texts, zip(owners, dues)).map { text, pair in
            ActionDraft(text: text, owner: pair.0, due: try day(pair.1, option: "--due"))
        }
    }
}

/// The `--export-csv` option of the registers' list commands.
struct ExportOption: ParsableArguments {
    @Option(
        name: .customLong("export-csv"),
        help: ArgumentHelp(
            "Write the register to this CSV file (UTF-8, for spreadsheets) instead of printing it.",
            valueName: "file"))
    var exportCSV: String?

    /// Says where the register went.
    func report(rows: Int, noun: String, json: Bool) throws {
        guard let exportCSV else { return }
        if json { return try Console.json(Exported(file: exportCSV, rows: rows)) }
        Console.out("Wrote \(rows) \(noun) to \(exportCSV).")
    }

    var url: URL? { exportCSV.map { URL(fileURLWithPath: $0) } }

    /// What `--json` prints after an export.
    private struct Exported: Encodable {
        var file: String
        var rows: Int
    }
}

/// Renders alerts in a table cell: `overdue CA-2026-001-1 (3 days)`.
enum AlertText {
    static func cell(_ alerts: [FindingAlert], _ language: Language) -> String {
        alerts.map { alert in
            let days = alert.days < 0 ? " (\(-alert.days)d late)" : " (\(alert.days)d left)"
            return Strings.term(alert.kind, language) + " " + alert.reference + days
        }.joined(separator: ", ")
    }
}
