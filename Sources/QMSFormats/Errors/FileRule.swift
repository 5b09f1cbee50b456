import QMSCore

/// What is wrong with a file the readers refuse, as a stable code. Each rule has its own message in
/// the catalogues (`error_file_` and the rule in snake case), worded in the reader's language with
/// the arguments the problem carries; ``english`` is the same sentence for logs, the CLI and the
/// tests, which read English.
public enum FileRule: String, Sendable, Hashable, Codable, CaseIterable {
    // Any file.
    case unreadable
    case cannotReadFile
    case fileCannotBeRead
    case emptyFile
    case emptyFileNeedsHeader
    case fileHasNoRows
    // Folders of the library.
    case notPlansFolder
    case plansFolderNotFound
    case notStandardsFolder
    case standardsFolderNotFound
    case cannotListFolder
    // XML and its schemas.
    case xmlTooLarge
    case doctypeRefused
    case notWellFormedXML
    case xmlParserSaid
    case schemaSaid
    case schemaCompilerSaid
    case schemaNotCompiled
    case cannotReadSchema
    case cannotStartValidation
    case doesNotMatchSchema
    case noRootElement
    case unknownRootElement
    case unknownRootElementWithoutNamespace
    // Catalogues, crosswalks and OSCAL.
    case notCatalogue
    case noStandard
    case withdrawnWithoutReplacement
    case missingArabic
    case notCrosswalk
    case notOSCALCatalog
    case catalogHasNoTitle
    case elementHasNoTitle
    case controlHasNoID
    case noStandardIDFromTitle
    case catalogIsEmpty
    case notJSON
    case jsonFieldMissing
    case jsonWrongType
    case jsonNullValue
    case jsonMalformed
    case jsonNotOSCAL
    // Plan files.
    case notPlanSet
    case noAnnualWorkPlan
    case planAmountNotSum
    // CSV files and sheets.
    case utf16
    case quoteNeverClosed
    case textAfterClosingQuote
    case quoteInsideField
    case nulByte
    case notUTF8
    case formulaCell
    case rowFieldCount
    case unknownColumn
    case columnTwice
    case headerLacksColumn
    case sheetHasNoRows
    case columnEmpty
    case columnNegative
    case notWholeNumber
    case notAnAmount
    case amountNotSumOfQuarters
    case valueDiffersFromFirstRow
    case activityValueDiffers
    case budgetLineTwice
    case noWorkPlanSheet
    case outputNotInOperationalPlan
    case newOutputNeedsPhase
    case requirementNotLoaded
    case fileOutsideFolder
    case listedFileMissing
    // Spreadsheets (XLSX) and their ZIP packages.
    case spreadsheetTooLarge
    case spreadsheetTooLargeToRead
    case noSheets
    case sheetPartMissing
    case sharedStringMissing
    case tooManyParts
    case noWorkbook
    case partMissing
    case partTooLarge
    case cannotAssemble
    case notZIP
    case notEnoughMemory
    case partTruncated
    case zip64
    case zipVolumes
    case partZIP64
    case partEncrypted
    case partCompressionMethod
    case directoryOutsideFile
    case entryMissing
    case entryPastDirectory
    case partTwice
    case headerPastEnd
    case partInflatesPastHeader
    case partSizeMismatch
    case partCRC
    case noLocalHeader

    /// The message's code in the catalogues: `file.` and the rule.
    public var messageCode: String { "file." + rawValue }

    /// The English message with its `{name}` placeholders, as the English catalogue words it.
    public var english: String {
        switch self {
        case .unreadable: return "the file could not be read"
        case .cannotReadFile: return "cannot read the file: {detail}"
        case .fileCannotBeRead: return "the file cannot be read: {detail}"
        case .emptyFile: return "the file is empty"
        case .emptyFileNeedsHeader: return "the file is empty; it needs a header row"
        case .fileHasNoRows: return "the file has a header but no rows"
        case .notPlansFolder: return "{folder} is not a Plans folder (no plans.xsd in it)"
        case .plansFolderNotFound: return "cannot find the Plans folder (with plans.xsd)"
        case .notStandardsFolder: return "{folder} is not a Standards folder (no catalogue.xsd in it)"
        case .standardsFolderNotFound: return "cannot find the Standards folder"
        case .cannotListFolder: return "cannot list {folder}: {detail}"
        case .xmlTooLarge: return "the file is {size} MiB; XML files over {limit} MiB are refused"
        case .doctypeRefused:
            return
                "DOCTYPE declarations are not allowed (they can pull in other files or expand entities without bound)"
        case .notWellFormedXML: return "the file is not well-formed XML"
        // libxml2's own sentence, framed in the other languages.
        case .xmlParserSaid, .schemaSaid, .schemaCompilerSaid: return "{detail}"
        case .schemaNotCompiled: return "the schema could not be compiled"
        case .cannotReadSchema: return "cannot read the schema: {detail}"
        case .cannotStartValidation: return "cannot start schema validation"
        case .doesNotMatchSchema: return "the file does not match the schema {schema}"
        case .noRootElement: return "the file has no root element"
        case .unknownRootElement: return "unknown file: root element <{element}> in namespace {namespace}"
        case .unknownRootElementWithoutNamespace: return "unknown file: root element <{element}> in namespace (none)"
        case .notCatalogue:
            return "this is not an ElectoralQMS catalogue (root element <catalogue> in namespace {namespace})"
        case .noStandard: return "the catalogue has no <standard>"
        case .withdrawnWithoutReplacement: return "standard {standard} is withdrawn but names no replacement"
        case .missingArabic: return "element '{element}' is missing its Arabic text"
        case .notCrosswalk:
            return "this is not an ElectoralQMS crosswalk (root element <crosswalk> in namespace {namespace})"
        case .notOSCALCatalog: return "this is not an OSCAL catalog (root element <catalog> in namespace {namespace})"
        case .catalogHasNoTitle: return "the catalog has no metadata title"
        case .elementHasNoTitle: return "<{element}> has no <title>"
        case .controlHasNoID: return "<control> has no id attribute"
        case .noStandardIDFromTitle: return "cannot derive a standard id from the catalog title \"{title}\""
        case .catalogIsEmpty: return "the OSCAL catalog has no groups or controls"
        case .notJSON: return "the file is not valid JSON: {detail}"
        case .jsonFieldMissing: return "required field \"{field}\" is missing"
        case .jsonWrongType: return "a field has the wrong type (expected {type})"
        case .jsonNullValue: return "a field is null where {type} is required"
        case .jsonMalformed: return "the JSON is malformed: {detail}"
        case .jsonNotOSCAL: return "the JSON does not match an OSCAL catalog"
        case .notPlanSet:
            return "this is not an ElectoralQMS plan set (root element <plans> in namespace {namespace})"
        case .noAnnualWorkPlan: return "the plan set has no <annualWorkPlan>"
        case .planAmountNotSum: return "the amount {amount} is not the sum of the quarters ({sum})"
        case .utf16: return "the file is UTF-16; CSV files are read as UTF-8"
        case .quoteNeverClosed: return "a quoted field is never closed"
        case .textAfterClosingQuote: return "text follows the closing quote of a field"
        case .quoteInsideField: return "a quote inside a field that does not start with a quote"
        case .nulByte: return "the field holds a NUL byte: the file is binary, or UTF-16 without a byte-order mark"
        case .notUTF8: return "the field is not valid UTF-8 text"
        case .formulaCell: return "the cell \"{cell}\" starts with \"{first}\", which a spreadsheet runs as a formula"
        case .rowFieldCount: return "the row has {fields} fields where the header has {columns}"
        case .unknownColumn: return "unknown column \"{column}\""
        case .columnTwice: return "column \"{column}\" appears twice"
        case .headerLacksColumn: return "the header lacks the column \"{column}\""
        case .sheetHasNoRows: return "the sheet has a header but no rows"
        case .columnEmpty: return "{column} is empty"
        case .columnNegative: return "{column} is negative"
        case .notWholeNumber: return "{column} \"{value}\" is not a whole number from {lowest} to {highest}"
        case .notAnAmount: return "{column} \"{value}\" is not an amount in {currency}"
        case .amountNotSumOfQuarters: return "amount {amount} is not the sum of q1 to q4 ({sum})"
        case .valueDiffersFromFirstRow: return "{column} is \"{value}\" where row {row} has \"{first}\""
        case .activityValueDiffers: return "activity {activity} has \"{first}\" in row {row} and \"{value}\" here"
        case .budgetLineTwice: return "activity {activity} already has a line for account {account} and source {source}"
        case .noWorkPlanSheet: return "no sheet of the workbook starts with a work plan header"
        case .outputNotInOperationalPlan: return "output {output} is not in the operational plan of {awp}"
        case .newOutputNeedsPhase: return "the new output {output} needs its phase of the electoral cycle"
        case .requirementNotLoaded: return "requirement {requirement} is not in any loaded catalogue"
        case .fileOutsideFolder: return "file \"{path}\" is outside the CSV file's folder"
        case .listedFileMissing: return "file \"{path}\" does not exist"
        case .spreadsheetTooLarge: return "the file is {size} MiB; spreadsheets over {limit} MiB are refused"
        case .spreadsheetTooLargeToRead: return "the spreadsheet is too large"
        case .noSheets: return "the workbook lists no sheets"
        case .sheetPartMissing: return "sheet \"{sheet}\" points at {part}, which the package does not hold"
        case .sharedStringMissing:
            return "cell {cell} of sheet \"{sheet}\" refers to a shared string that does not exist"
        case .tooManyParts: return "the package has more than {limit} parts"
        case .noWorkbook: return "the package has no workbook: it is not an .xlsx spreadsheet"
        case .partMissing: return "the package has no part {part}"
        case .partTooLarge:
            return "the part {part} inflates past {limit} MiB (or the package past {total} MiB): "
                + "refused as a possible zip bomb"
        case .cannotAssemble: return "the spreadsheet could not be assembled"
        case .notZIP: return "the file is not an .xlsx spreadsheet (it is not a ZIP package)"
        case .notEnoughMemory: return "there is not enough memory to unpack the part {part}"
        case .partTruncated: return "the part {part} is truncated or damaged"
        case .zip64: return "the package is a ZIP64 archive, which this reader does not take"
        case .zipVolumes: return "the package is split over several ZIP volumes, which this reader does not take"
        case .partZIP64: return "the part {part} is stored as ZIP64, which this reader does not take"
        case .partEncrypted: return "the part {part} is encrypted, which this reader does not take"
        case .partCompressionMethod:
            return "the part {part} is compressed with method {method} (only stored and deflated parts are read), "
                + "which this reader does not take"
        case .directoryOutsideFile:
            return
                "the ZIP package is damaged: its central directory ({size} bytes at byte {offset}) lies outside the file"
        case .entryMissing:
            return "the ZIP package is damaged: entry {entry} of its {entries} is missing from the central directory"
        case .entryPastDirectory:
            return "the ZIP package is damaged: entry {entry} runs past the end of the central directory"
        case .partTwice: return "the ZIP package is damaged: it holds the part {part} twice"
        case .headerPastEnd:
            return "the ZIP package is damaged: a header at byte {offset} runs past the end of the file ({size} bytes)"
        case .partInflatesPastHeader:
            return "the part {part} inflates past the {size} bytes its header declares "
                + "(refused as damaged, or a possible zip bomb)"
        case .partSizeMismatch: return "the part {part} unpacks to {actual} bytes, not the {size} its header declares"
        case .partCRC: return "the part {part} fails its CRC-32 check: its bytes are damaged"
        case .noLocalHeader: return "the part {part} has no local header at byte {offset} (the file has {size} bytes)"
        }
    }

    /// The names of the placeholders ``english`` holds, in order; every language's message has the same.
    public var placeholders: [String] { FileRule.placeholders(in: english) }

    /// The `{name}` placeholders of a message, in order.
    public static func placeholders(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// The English message with `arguments` in its placeholders, in one pass so that an argument
    /// holding braces (a parser's message, a user's cell) is never read as a placeholder.
    public func english(_ arguments: [String: ErrorArgument]) -> String {
        var result = ""
        var rest = Substring(english)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            result += arguments[name]?.description ?? "{" + name + "}"
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
