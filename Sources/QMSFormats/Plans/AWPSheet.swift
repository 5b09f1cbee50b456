import Foundation
import QMSCore

/// A cell of a work plan sheet as the writers see it: spreadsheets get numbers as numbers.
public enum SheetCell: Sendable, Hashable {
    case text(String)
    case integer(Int)
    case money(Money)
    /// A rate in hundredths of a percent (8750 = 87.50 %), stored as the fraction 0.875 and shown
    /// as a percentage, so a reader's spreadsheet can sort and sum it.
    case percent(basisPoints: Int)
    case empty

    /// The cell as CSV text.
    public var csvText: String {
        switch self {
        case .text(let text): return text
        case .integer(let value): return String(value)
        case .money(let money): return money.decimalString
        case .percent(let basisPoints): return SheetCell.fraction(basisPoints)
        case .empty: return ""
        }
    }

    /// `8750` → `0.875`, written with integers so no binary rounding shows.
    static func fraction(_ basisPoints: Int) -> String {
        let sign = basisPoints < 0 ? "-" : ""
        let magnitude = basisPoints.magnitude
        let whole = magnitude / 10_000
        var decimals = String(magnitude % 10_000)
        decimals = String(repeating: "0", count: 4 - decimals.count) + decimals
        while decimals.hasSuffix("0") { decimals.removeLast() }
        return sign + String(whole) + (decimals.isEmpty ? "" : "." + decimals)
    }
}

/// One data row of a work plan sheet, as read from a CSV file or a worksheet.
public struct SheetRow: Sendable {
    /// Where it is, for messages: the file (and sheet) and the row number a spreadsheet shows.
    public var file: String
    public var row: Int
    /// The worksheet's name, for a row of a workbook.
    public var sheet: String?
    /// Trimmed values by column name; blank cells are absent.
    public var values: [String: String]

    /// Creates a row.
    public init(file: String, row: Int, sheet: String? = nil, values: [String: String]) {
        self.file = file
        self.row = row
        self.sheet = sheet
        self.values = values
    }

    /// Where a column of this row is.
    public func location(_ column: String) -> SourceLocation {
        SourceLocation(file: file, field: column, row: row, sheet: sheet)
    }
}

/// An output named by a sheet, with what the sheet says of it.
public struct SheetOutput: Sendable {
    public var code: PlanCode
    public var title: LocalizedText?
    public var phase: ElectoralCyclePhase?
    /// Where it was first named.
    public var location: SourceLocation
}

/// What a work plan sheet holds: one AWP's activities and budget lines, and the outputs and
/// funding sources they name. The rest of the plan set (strategic, operational and financial
/// plans) comes from the AWP's latest version when the sheet is imported.
public struct AWPSheetContent: Sendable {
    public var awp: PlanID
    public var year: Int
    public var currency: CurrencyCode
    public var activities: [Activity]
    public var budgetLines: [BudgetLine]
    /// Outputs in the order first named.
    public var outputs: [SheetOutput]
    /// Funding sources in the order first named.
    public var sources: [PlanCode]
    /// Where each activity and budget line was read, for the messages of the plan set's rules.
    public var locations: [PlanSubject: SourceLocation]

    /// The location of a plan issue: the row of its activity or budget line, at the column of its field.
    public func location(of issue: PlanIssue) -> SourceLocation? {
        guard var location = locations[issue.subject] else { return nil }
        if let field = issue.fieldName { location.field = AWPSheet.column(forField: field) ?? location.field }
        return location
    }
}

/// The flat work plan sheet of CSV files and spreadsheets: one row per budget line, the activity's
/// columns repeated on each of its rows (an activity without budget lines has one row with the
/// budget columns blank).
public enum AWPSheet {
    /// The columns, in the order the exports write them.
    public static let columns = [
        "awp", "year", "currency", "output", "output_title", "output_title_ar", "output_phase", "activity", "title",
        "title_ar", "quarters", "responsible_party", "implementing_partner", "process", "status", "progress",
        "results", "links", "note", "account", "source", "description", "q1", "q2", "q3", "q4", "amount",
    ]
    /// The columns every sheet has.
    public static let requiredColumns = [
        "awp", "year", "currency", "output", "activity", "title", "quarters", "responsible_party", "account", "source",
        "q1", "q2", "q3", "q4",
    ]
    /// The columns a sheet may add.
    public static var optionalColumns: [String] { columns.filter { !requiredColumns.contains($0) } }
    /// The money columns, written as numbers in the currency's format.
    public static let moneyColumns: Set<String> = ["q1", "q2", "q3", "q4", "amount"]
    /// The whole-number columns.
    public static let integerColumns: Set<String> = ["year", "progress"]

    /// Columns of the activity itself, which its later rows leave blank or repeat unchanged.
    static let activityColumns = [
        "output", "title", "title_ar", "quarters", "responsible_party", "implementing_partner", "process", "status",
        "progress", "results", "links", "note",
    ]

    /// The header line of the CSV format.
    public static var template: String { columns.joined(separator: ",") }

    /// The column a rule's field is about.
    static func column(forField field: String) -> String? {
        let map = [
            "output": "output", "code": "activity", "activity": "activity", "activity code": "activity",
            "title": "title", "responsible party": "responsible_party", "progress": "progress", "status": "status",
            "quarters": "quarters", "source": "source", "funding source": "source", "account": "account",
            "currency": "currency", "description": "description", "Q1": "q1", "Q2": "q2", "Q3": "q3", "Q4": "q4",
            "indicator": "results", "total": "results", "result": "results", "link": "links",
            "electoral process": "process",
        ]
        return map[field]
    }

    // MARK: Writing

    /// The rows of a plan set's work plan, in activity order, each with one cell per ``columns``.
    public static func rows(_ planSet: PlanSet, activities: [Activity]? = nil) -> [[SheetCell]] {
        let plan = planSet.workPlan
        var lines: [ActivityCode: [BudgetLine]] = [:]
        for line in plan.budgetLines { lines[line.activity, default: []].append(line) }
        var outputs: [PlanCode: PlanOutput] = [:]
        for output in planSet.outputs { outputs[output.code] = output }
        var rows: [[SheetCell]] = []
        rows.reserveCapacity(plan.budgetLines.count + plan.activities.count)
        func text(_ value: String?) -> SheetCell { value.map { $0.isEmpty ? .empty : .text($0) } ?? .empty }
        for activity in activities ?? plan.activities {
            let output = outputs[activity.output]
            let head: [SheetCell] = [
                .text(plan.id.rawValue), .integer(plan.year), .text(plan.currency.code),
                .text(activity.output.rawValue),
                text(output?.title.en), text(output?.title.ar), text(output?.phase.rawValue),
                .text(activity.code.rawValue),
                .text(activity.title.en), text(activity.title.ar), .text(activity.quarters.description),
                .text(activity.responsibleParty), text(activity.implementingPartner), text(activity.process?.rawValue),
                .text(activity.status.rawValue), .integer(activity.progress),
                text(activity.results.map(\.text).joined(separator: "; ")),
                text(activity.links.map(\.description).joined(separator: "; ")), text(activity.note),
            ]
            let activityLines = lines[activity.code] ?? []
            if activityLines.isEmpty {
                rows.append(head + Array(repeating: .empty, count: columns.count - head.count))
            }
            for line in activityLines {
                rows.append(
                    head + [
                        .text(line.account.rawValue), .text(line.source.rawValue), text(line.description),
                        .money(line.planned(in: .q1)), .money(line.planned(in: .q2)), .money(line.planned(in: .q3)),
                        .money(line.planned(in: .q4)), .money(line.amount),
                    ])
            }
        }
        return rows
    }

    // MARK: Reading

    /// Checks a header: every required column present, none unknown, none twice; every problem of
    /// the header is thrown together. Returns the normalised names.
    public static func checkHeader(
        _ header: [String], file: String, row: Int = 1, sheet: String? = nil
    ) throws(FormatError) -> [String] {
        let names = header.map { $0.trimmingWhitespace().lowercased() }
        var seen = Set<String>()
        let allowed = Set(columns)
        var problems: [FileProblem] = []
        for (index, name) in names.enumerated() {
            if name.isEmpty { continue }
            guard allowed.contains(name) else {
                problems.append(
                    FileProblem(
                        .unknownColumn, ["column": "\(header[index])"],
                        at: SourceLocation(file: file, field: header[index], row: row, sheet: sheet),
                        fix: .advice(.onlyColumns(columns))))
                continue
            }
            guard seen.insert(name).inserted else {
                problems.append(
                    FileProblem(
                        .columnTwice, ["column": "\(name)"],
                        at: SourceLocation(file: file, field: name, row: row, sheet: sheet),
                        fix: .advice(.columnOnce)))
                continue
            }
        }
        for name in requiredColumns where !seen.contains(name) {
            problems.append(
                FileProblem(
                    .headerLacksColumn, ["column": "\(name)"],
                    at: SourceLocation(file: file, field: name, row: row, sheet: sheet),
                    fix: .advice(.columnsAre(template))))
        }
        guard problems.isEmpty else { throw FormatError(problems) }
        return names
    }

    /// Reads the rows of one work plan after the problems its reader already met (a row of the
    /// wrong width, a formula): all are thrown together in the order of the file (by sheet, in
    /// `sheets` order, then by row).
    public static func parse(
        _ rows: [SheetRow], file: String, after earlier: [FileProblem], sheets: [String] = []
    ) throws(FormatError) -> AWPSheetContent {
        var problems = earlier
        // No row left to read is a problem only when the reader met none.
        if !rows.isEmpty || earlier.isEmpty {
            do {
                let content = try parse(rows, file: file)
                if earlier.isEmpty { return content }
            } catch {
                problems += error.problems
            }
        }
        func place(_ problem: FileProblem) -> (Int, Int) {
            let sheet = problem.location?.sheet.flatMap { sheets.firstIndex(of: $0) } ?? 0
            return (sheet, problem.location?.row ?? 0)
        }
        let ordered = problems.enumerated().sorted { left, right in
            let (a, b) = (place(left.element), place(right.element))
            return a != b ? a < b : left.offset < right.offset
        }
        throw FormatError(ordered.map(\.element))
    }

    /// Reads the rows of one work plan. Every row is read to the end: all the problems of the
    /// sheet are thrown together, each with its row and column, and nothing is read into a plan
    /// unless there are none.
    public static func parse(_ rows: [SheetRow], file: String) throws(FormatError) -> AWPSheetContent {
        guard let first = rows.first else {
            throw FormatError(
                .sheetHasNoRows, at: SourceLocation(file: file, row: 2),
                fix: .advice(.rowPerLine))
        }
        var problems = Problems()
        let awp = problems.attempt { () throws(FormatError) in
            try value(first, "awp") { text throws(DomainError) in try PlanID(text) }
        }
        let year = problems.attempt { () throws(FormatError) in try integer(first, "year", range: 1900...2200) }
        let currency = problems.attempt { () throws(FormatError) in
            try value(first, "currency") { text throws(DomainError) in try CurrencyCode(text) }
        }
        var activities: [Activity] = []
        var budgetLines: [BudgetLine] = []
        var outputs: [SheetOutput] = []
        var sourceOrder: [PlanCode] = []
        var locations: [PlanSubject: SourceLocation] = [:]
        var activityRows: [ActivityCode: SheetRow] = [:]
        var outputIndex: [PlanCode: Int] = [:]
        var sources = Set<PlanCode>()
        for (index, row) in rows.enumerated() {
            // The first row's own problems are already counted; later rows must agree with it.
            if index > 0 {
                problems.attempt { () throws(FormatError) in try same(row, "awp", as: first) { $0.lowercased() } }
                problems.attempt { () throws(FormatError) in try same(row, "year", as: first) { $0 } }
                problems.attempt { () throws(FormatError) in try same(row, "currency", as: first) { $0.uppercased() } }
            }
            guard
                let code = problems.attempt({ () throws(FormatError) in
                    try value(row, "activity") { text throws(DomainError) in try ActivityCode(text) }
                })
            else { continue }
            if let defining = activityRows[code] {
                for column in activityColumns where row.values[column] != nil {
                    guard row.values[column] == defining.values[column] else {
                        problems.add(
                            FormatError(
                                .activityValueDiffers,
                                [
                                    "activity": "\(code)", "first": "\(defining.values[column] ?? "")",
                                    "row": .number(defining.row), "value": "\(row.values[column] ?? "")",
                                ],
                                at: row.location(column),
                                fix: .advice(.sameOnAllRows(column: "\(column)"))))
                        continue
                    }
                }
            } else {
                // A broken row defines nothing: the activity's next row does, so that one bad cell
                // is one problem, not one more on each later row of the activity.
                if let activity = problems.attempt({ () throws(FormatError) in try self.activity(row, code: code) }) {
                    activityRows[code] = row
                    activities.append(activity)
                    locations[.activity(code)] = row.location("activity")
                    if outputIndex[activity.output] == nil {
                        let phase = problems.attempt { () throws(FormatError) in
                            try row.values["output_phase"].map { text throws(FormatError) in
                                try value(row, "output_phase") { text throws(DomainError) in
                                    try ElectoralCyclePhase(name: text)
                                }
                            }
                        }
                        outputIndex[activity.output] = outputs.count
                        outputs.append(
                            SheetOutput(
                                code: activity.output,
                                title: row.values["output_title"].map {
                                    LocalizedText(en: $0, ar: row.values["output_title_ar"])
                                },
                                phase: phase ?? nil, location: row.location("output")))
                    }
                }
            }
            // Without the plan's currency no amount can be read; that problem is already counted.
            guard let currency else { continue }
            guard
                let read = problems.attempt({ () throws(FormatError) in
                    try budgetLine(row, activity: code, currency: currency)
                }), let line = read
            else { continue }
            if locations[.budgetLine(line.key)] != nil {
                problems.add(
                    FormatError(
                        .budgetLineTwice,
                        ["activity": "\(code)", "account": "\(line.account)", "source": "\(line.source)"],
                        at: row.location("account"), fix: .advice(.mergeRows)))
                continue
            }
            locations[.budgetLine(line.key)] = row.location("account")
            budgetLines.append(line)
            if sources.insert(line.source).inserted { sourceOrder.append(line.source) }
        }
        guard problems.list.isEmpty, let awp, let year, let currency else { throw FormatError(problems.list) }
        return AWPSheetContent(
            awp: awp, year: year, currency: currency, activities: activities, budgetLines: budgetLines,
            outputs: outputs, sources: sourceOrder, locations: locations)
    }

    /// The problems met while reading a sheet, in the order met.
    struct Problems {
        var list: [FileProblem] = []

        mutating func add(_ error: FormatError) { list += error.problems }

        /// The value `body` reads, or nil when it fails (its problems are kept).
        @discardableResult
        mutating func attempt<T>(_ body: () throws(FormatError) -> T) -> T? {
            do {
                return try body()
            } catch {
                add(error)
                return nil
            }
        }
    }

    /// The activity a row defines; every bad cell of the row is a problem of its own.
    private static func activity(_ row: SheetRow, code: ActivityCode) throws(FormatError) -> Activity {
        var problems = Problems()
        let title = problems.attempt { () throws(FormatError) in try required(row, "title") }
        let output = problems.attempt { () throws(FormatError) in
            guard let output = row.values["output"] else {
                throw FormatError(
                    .columnEmpty, ["column": "output"], at: row.location("output"),
                    fix: .advice(.outputCode))
            }
            return try value(row, "output", output) { text throws(DomainError) in try PlanCode(text, field: "output") }
        }
        var results: [IndicatorResult] = []
        for part in (row.values["results"] ?? "").split(separator: ";") {
            let text = String(part).trimmingWhitespace()
            if text.isEmpty { continue }
            if let result = problems.attempt({ () throws(FormatError) in
                try value(row, "results", text) { text throws(DomainError) in try IndicatorResult(parsing: text) }
            }) {
                results.append(result)
            }
        }
        var links: [ActivityLink] = []
        for part in (row.values["links"] ?? "").split(separator: ";") {
            let text = String(part).trimmingWhitespace()
            if text.isEmpty { continue }
            if let link = problems.attempt({ () throws(FormatError) in
                try value(row, "links", text) { text throws(DomainError) in try ActivityLink(parsing: text) }
            }) {
                links.append(link)
            }
        }
        var progress: Int? = 0
        if row.values["progress"] != nil {
            progress = problems.attempt { () throws(FormatError) in try integer(row, "progress", range: 0...100) }
        }
        let quarters = problems.attempt { () throws(FormatError) in
            try value(row, "quarters") { text throws(DomainError) in try QuarterSet(parsing: text) }
        }
        let responsible = problems.attempt { () throws(FormatError) in try required(row, "responsible_party") }
        let process = problems.attempt { () throws(FormatError) in
            try row.values["process"].map { text throws(FormatError) in
                try value(row, "process", text) { text throws(DomainError) in try ElectoralProcess(code: text) }
            }
        }
        let status = problems.attempt { () throws(FormatError) in
            try row.values["status"].map { text throws(FormatError) in
                try value(row, "status", text) { text throws(DomainError) in try ActivityStatus(name: text) }
            } ?? .notStarted
        }
        guard problems.list.isEmpty, let title, let output, let progress, let quarters, let responsible,
            let process, let status
        else { throw FormatError(problems.list) }
        let activity = Activity(
            code: code, title: LocalizedText(en: title, ar: row.values["title_ar"]), output: output,
            quarters: quarters, responsibleParty: responsible, implementingPartner: row.values["implementing_partner"],
            process: process, status: status, progress: progress, results: results, links: links,
            note: row.values["note"])
        do {
            try activity.validate()
        } catch {
            let cell = error.fieldName.flatMap { column(forField: $0) } ?? "title"
            throw FormatError(error, at: row.location(cell), fix: error.fix)
        }
        return activity
    }

    /// The budget line a row holds, if any; every bad cell of the row is a problem of its own.
    private static func budgetLine(
        _ row: SheetRow, activity: ActivityCode, currency: CurrencyCode
    ) throws(FormatError) -> BudgetLine? {
        let budgetColumns = ["account", "source", "description", "q1", "q2", "q3", "q4", "amount"]
        guard budgetColumns.contains(where: { row.values[$0] != nil }) else { return nil }
        var problems = Problems()
        let account = problems.attempt { () throws(FormatError) in
            try value(row, "account") { text throws(DomainError) in try PlanCode(text, field: "account") }
        }
        let source = problems.attempt { () throws(FormatError) in
            try value(row, "source") { text throws(DomainError) in try PlanCode(text, field: "funding source") }
        }
        var quarters: [Money] = []
        for column in ["q1", "q2", "q3", "q4"] {
            let read = problems.attempt { () throws(FormatError) in
                let amount = try money(row, column, currency: currency) ?? .zero(currency)
                guard amount.minorUnits >= 0 else {
                    throw FormatError(
                        .columnNegative, ["column": "\(column)"], at: row.location(column),
                        fix: .advice(.plannedNotNegative))
                }
                return amount
            }
            if let read { quarters.append(read) }
        }
        let stated = problems.attempt { () throws(FormatError) in try money(row, "amount", currency: currency) }
        guard problems.list.isEmpty, let account, let source, quarters.count == 4, let stated else {
            throw FormatError(problems.list)
        }
        let line = BudgetLine(
            activity: activity, account: account, description: row.values["description"] ?? "", source: source,
            quarters: quarters)
        do {
            try line.validate()
        } catch {
            throw FormatError(error, at: row.location("q1"), fix: error.fix)
        }
        if let stated, stated != line.amount {
            throw FormatError(
                .amountNotSumOfQuarters, ["amount": "\(stated.decimalString)", "sum": "\(line.amount.decimalString)"],
                at: row.location("amount"), fix: .advice(.correctAmountOrBlank))
        }
        return line
    }

    // MARK: Cells

    private static func required(_ row: SheetRow, _ column: String) throws(FormatError) -> String {
        guard let value = row.values[column] else {
            throw FormatError(
                .columnEmpty, ["column": "\(column)"], at: row.location(column),
                fix: .advice(.fillIn(column: "\(column)")))
        }
        return value
    }

    private static func value<T>(
        _ row: SheetRow, _ column: String, _ given: String? = nil, _ convert: (String) throws(DomainError) -> T
    ) throws(FormatError) -> T {
        let text: String
        if let given { text = given } else { text = try required(row, column) }
        do {
            return try convert(text)
        } catch {
            throw FormatError(error, at: row.location(column), fix: error.fix)
        }
    }

    private static func integer(_ row: SheetRow, _ column: String, range: ClosedRange<Int>) throws(FormatError) -> Int {
        let text = try required(row, column)
        guard let number = SheetNumber.integer(text), range.contains(number) else {
            throw FormatError(
                .notWholeNumber,
                // The bounds stay as typed: a year takes no thousands separator.
                [
                    "column": "\(column)", "value": "\(text)", "lowest": "\(range.lowerBound)",
                    "highest": "\(range.upperBound)",
                ],
                at: row.location(column), fix: .advice(.wholeNumber))
        }
        return number
    }

    private static func money(_ row: SheetRow, _ column: String, currency: CurrencyCode) throws(FormatError) -> Money? {
        guard let text = row.values[column] else { return nil }
        guard let amount = SheetNumber.money(text, currency: currency) else {
            throw FormatError(
                .notAnAmount, ["column": "\(column)", "value": "\(text)", "currency": "\(currency)"],
                at: row.location(column),
                fix: .advice(.numberWithDecimals(decimals: currency.minorUnitDigits)))
        }
        return amount
    }

    private static func same(
        _ row: SheetRow, _ column: String, as first: SheetRow, _ normalise: (String) -> String
    ) throws(FormatError) {
        let value = row.values[column].map(normalise)
        let expected = first.values[column].map(normalise)
        guard value == expected else {
            throw FormatError(
                .valueDiffersFromFirstRow,
                [
                    "column": "\(column)", "value": "\(row.values[column] ?? "")", "row": .number(first.row),
                    "first": "\(first.values[column] ?? "")",
                ],
                at: row.location(column), fix: .advice(.oneWorkPlanPerSheet(column: "\(column)")))
        }
    }
}

extension DomainError {
    /// The field an invalid value is about.
    var fieldName: String? {
        if case .invalidValue(let field, _, _) = self { return field }
        return nil
    }
}

/// Numbers as spreadsheets and CSV files write them: `480000`, `480,000.00`, `1234.5`, `4.8E5`,
/// or the binary noise of a computed cell (`1234.4999999999998`), turned into exact values.
public enum SheetNumber {
    /// An amount of money, rounded half away from zero to the currency's minor unit (a spreadsheet
    /// keeps amounts as binary fractions, so a cell showing 0.30 may hold 0.30000000000000004).
    public static func money(_ text: String, currency: CurrencyCode) -> Money? {
        guard let units = scaled(text, digits: currency.minorUnitDigits) else { return nil }
        return Money(minorUnits: units, currency: currency)
    }

    /// A whole number; a fraction is refused rather than rounded.
    public static func integer(_ text: String) -> Int? {
        guard let units = scaled(text, digits: 0, exactOnly: true) else { return nil }
        return Int(exactly: units)
    }

    /// `text` × 10^digits as an integer, rounded half away from zero (or nil when `exactOnly` and
    /// digits would be lost, or when the text is not a number).
    static func scaled(_ text: String, digits: Int, exactOnly: Bool = false) -> Int64? {
        var body = Substring(text.trimmingWhitespace().replacingOccurrences(of: ",", with: ""))
        guard !body.isEmpty else { return nil }
        let negative = body.first == "-"
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        var exponent = 0
        if let marker = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let value = Int(body[body.index(after: marker)...]), abs(value) < 40 else { return nil }
            exponent = value
            body = body[..<marker]
        }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        guard !(whole.isEmpty && fraction.isEmpty), whole.allSatisfy(\.isASCIIDigit),
            fraction.allSatisfy(\.isASCIIDigit)
        else { return nil }
        // All digits, and where the point falls among them once the exponent and scale are applied.
        let allDigits = Array((whole + fraction).utf8).map { Int64($0 - UInt8(ascii: "0")) }
        let point = whole.count + exponent + digits
        var value: Int64 = 0
        for index in 0..<max(point, 0) {
            let digit = index < allDigits.count ? allDigits[index] : 0
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        let dropped = allDigits.dropFirst(max(point, 0))
        if exactOnly, dropped.contains(where: { $0 != 0 }) { return nil }
        if let next = dropped.first, point >= 0 ? next >= 5 : false {
            value += 1
        }
        return negative ? -value : value
    }
}
