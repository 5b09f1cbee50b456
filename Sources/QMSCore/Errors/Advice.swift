/// Advice in the domain's own terms, as data: the catalogues word each case (`fix_advice_` and the
/// case in snake case) with the case's values, for the reader's language. It names no command, flag
/// or page; the operations and look-ups that have one are ``Fix/run(_:)`` and ``Fix/lookUp(_:scope:)``.
public enum Advice: Sendable, Hashable, Codable {
    /// Give the field in the form expected.
    case giveAs(field: String, expected: Expectation)

    // Workflows.
    /// The steps a version of a work plan may take now.
    case stepsAllowedNow([String])
    /// A decided version takes no step: a revised plan makes a new version.
    case versionTakesNoStep
    /// The one step allowed next.
    case nextStep(String)
    /// The steps allowed next.
    case nextSteps([String])
    /// A closed corrective action takes no step but reopening.
    case closedReopenIfIneffective
    /// The record takes no further step.
    case noFurtherStep
    /// The actions a review has.
    case reviewHasActions(id: String, actions: [String])
    /// A risk with no treatment action yet.
    case noTreatmentActions(id: String)
    /// The treatment actions a risk has.
    case riskHasActions(id: String, actions: [String])

    // Plans and budgets.
    /// Disaggregated counts are part of the total.
    case countsPartOfTotal
    /// The first day, then the last.
    case firstDayThenLast
    /// Each indicator once.
    case indicatorOnce
    /// An activity belongs to the work plan of its year.
    case activityInItsYear
    /// Add the quarter to the activity's quarters.
    case addQuarter
    /// Give the four quarters.
    case fourQuarters
    /// A budget line in one currency.
    case lineInOneCurrency
    /// Name an objective the strategic plan defines.
    case definedObjective
    /// Name an activity of the year's work plan.
    case workPlanActivity(year: Int)
    /// Name an output the plan defines.
    case definedOutput
    /// Add the activity or correct the code.
    case addActivityOrCorrect
    /// Merge them into one line.
    case mergeLines
    /// Every amount of a work plan in one currency.
    case workPlanInOneCurrency
    /// Declare the source, or correct the code.
    case declareSource
    /// Declare the funding source in the plan file.
    case declareSourceInPlan
    /// Every amount of a plan set in one currency.
    case planSetInOneCurrency
    /// Each budget in one currency.
    case budgetInOneCurrency
    /// Link to a record the register holds.
    case linkRegisteredRecord
    /// The funding sources of a work plan.
    case sourcesOf(plan: String, sources: [String])
    /// The budget lines of an activity.
    case activityLines([String])
    /// A new year's plan takes a new id.
    case newYearNewID(example: String)
    /// Correct the output code or describe the new output.
    case correctOutputCode
    /// Give the output's phase.
    case giveOutputPhase
    /// The versions a work plan has.
    case versions(plan: String, count: Int)

    // Findings, audits and registers.
    /// Name what an audit covers.
    case auditScope
    /// Audit dates that include the event.
    case auditDatesIncludeEvent
    /// The certificate comes with a stage 2 or recertification audit.
    case certificateWithStage2
    /// Leave the source out: the audit gives it.
    case sourceFromAudit
    /// Leave the source out: the recommendation gives it.
    case sourceFromRecommendation
    /// Check the counts.
    case checkCounts
    /// Evaluate on or after the day.
    case evaluateOnOrAfter(day: String)
    /// Each criterion once.
    case criterionOnce
    /// A risk that comes back is identified anew.
    case newRiskIfBack
    /// Assess the residual rating.
    case assessResidual
    /// Check the two dates.
    case checkDates
    /// Choose an auditor independent of the process.
    case independentAuditor(process: String)
    /// Choose another code.
    case anotherCode
    /// Give a day up to today.
    case dayUpTo(day: String)
    /// One registered process per electoral process.
    case oneProcessPerElectoralProcess
    /// Register the provider again.
    case registerProviderAgain
    /// Choose another user name.
    case anotherUsername

    // Catalogues.
    /// Load the standard's catalogue first.
    case loadCatalogueFirst
    /// Exclude the specific requirement instead.
    case excludeSpecificRequirement
    /// Key every requirement with the catalogue's standard.
    case keyWithStandard
    /// Each node its own number.
    case uniqueNumbers
    /// Parents before children.
    case parentBeforeChildren
    /// Declare the amendment on the standard.
    case declareAmendment
    /// Name the standard that replaced it.
    case nameReplacement
    /// Map each pair once.
    case mapPairOnce
    /// The standards loaded.
    case loaded([String])
    /// The top-level clauses of a standard.
    case topClauses(standard: String, clauses: [String])
    /// Load the crosswalk between two standards.
    case loadCrosswalk(from: String, to: String)
    /// Load the catalogue that has the number first.
    case loadCatalogueWithNumber
    /// Retire the children first.
    case retireChildrenFirst
    /// Keep every existing number of a revised catalogue.
    case keepNumbers
    /// Import the catalogue before the crosswalk.
    case catalogueBeforeCrosswalk(standard: String)
    /// Correct the crosswalk's numbers.
    case correctCrosswalkNumbers

    // Evidence and files.
    /// Another person changed it meanwhile.
    case lookAgainAndRetry
    /// The files a revision of evidence has.
    case revisionFiles(id: String, revision: Int, count: Int)
    /// Files in or below the CSV file's folder.
    case filesBelowCSV
    /// Paths relative to the CSV file's folder.
    case pathsRelativeToCSV
    /// The file format's header line.
    case startWithHeader(String)
    /// The columns a file may have.
    case onlyColumns([String])
    /// The columns of a work plan sheet.
    case columnsAre(String)
    /// The first row of a work plan sheet.
    case sheetHeader(String)
    /// The header of a CSV file.
    case headerIs(String)

    // Integrity and setup.
    /// Copy a missing file from the backup.
    case copyFromBackup(path: String)
    /// Replace an altered file from the backup.
    case replaceFromBackup(path: String)
    /// Restore the backup whose manifest holds the head, and find who wrote.
    case restoreHeadAndInvestigate
    /// Restore the backup whose manifest holds the head.
    case restoreHead
    /// Restore the latest clean backup.
    case restoreLatest
    /// Restore, or re-enter the change.
    case restoreOrReenter
    /// Restore, or remove the row and add the record again.
    case restoreOrAddAgain
    /// Restore; revisions keep numbers.
    case restoreKeepsNumbers
    /// Copy into an empty database only.
    case emptyDatabaseOnly

    // The files users import (spreadsheets, CSV, XML, OSCAL).
    /// quote fields that contain commas, and give every row all the columns
    case quoteFields
    /// keep one column of each name
    case columnOnce
    /// add one row per budget line (or per activity without a budget)
    case rowPerLine
    /// give an activity's … the same on all its rows, or leave it blank after the first
    case sameOnAllRows(column: String)
    /// merge the two rows into one line
    case mergeRows
    /// give the code of the activity's output
    case outputCode
    /// give planned amounts of 0 or more
    case plannedNotNegative
    /// correct the amount or a quarter, or leave the amount blank
    case correctAmountOrBlank
    /// fill in …
    case fillIn(column: String)
    /// give a whole number
    case wholeNumber
    /// give a number such as 1234.50, with at most … decimals
    case numberWithDecimals(decimals: Int)
    /// a sheet holds one work plan: give every row the same …
    case oneWorkPlanPerSheet(column: String)
    /// check the file; a work plan spreadsheet is imported as .csv or .xlsx
    case checkPlanFile
    /// correct the amount or a quarter, or leave the amount out
    case correctAmountOrOmit
    /// point EQMS_PLANS at the Plans folder of ElectoralQMS
    case pointAtPlans
    /// run from the ElectoralQMS folder, or set EQMS_PLANS to the path of its Plans folder
    case locatePlans
    /// check that the Standards folder is complete (set EQMS_STANDARDS to its path)
    case standardsComplete
    /// split the file or check that it is the right one
    case splitFile
    /// give a non-empty XML file
    case nonEmptyXML
    /// remove the <!DOCTYPE …> declaration and any entity references
    case removeDoctype
    /// check the path and that you may read it
    case checkPath
    /// give the control a label prop or a simple id
    case controlLabel
    /// import a catalog, not a profile or a component definition
    case importCatalog
    /// give an ElectoralQMS catalogue or crosswalk, or an OSCAL catalog (XML or JSON)
    case catalogueOrOSCAL
    /// correct the field so that the file is a valid OSCAL catalog
    case validOSCAL
    /// add <metadata><title>…</title></metadata>
    case addMetadataTitle
    /// add a title; OSCAL requires one
    case addTitle
    /// add id="…\
    case addID
    /// split the work plan, or export it as CSV
    case splitOrCSV
    /// check the file's name and that you may read it
    case checkFileName
    /// save the spreadsheet again from its program
    case saveAgain
    /// this is not a work plan spreadsheet
    case notWorkPlan
    /// save it from the spreadsheet program as "Excel 2007-365 (.xlsx)\
    case saveAsXLSX
    /// close other programs and try again
    case closePrograms
    /// save the spreadsheet again as a normal .xlsx ("Excel 2007-365") from its program
    case saveNormalXLSX
    /// save the file as "CSV UTF-8\
    case saveCSVUTF8
    /// add the closing quote; a quote inside a field is written twice ("")
    case closingQuote
    /// put the whole field inside the quotes
    case wholeFieldQuoted
    /// quote the whole field and write the quote twice ("")
    case quoteTwice
    /// add one row per evidence record
    case rowPerEvidence
    /// remove the leading character, or start the cell with an apostrophe (') to keep it as text
    case formulaCell
    /// check the file; an OSCAL catalog can be imported too
    case checkCatalogueFile
    /// add replacedBy="…" with the id of the standard that replaced it
    case addReplacedBy
    /// add <ar>…</ar> after <en>; until then the English text is shown
    case addArabic
    /// run from the ElectoralQMS folder, or set EQMS_STANDARDS to the path of its Standards folder
    case locateStandardsFolder

    // Storage, backups, access and setup.
    /// comment as a Technical Committee member, a quality manager or an administrator
    case commentRoles
    /// check the path and that you may read the file
    case checkReadableFile
    /// check that the folder exists and that you may write in it
    case checkWritableFolder
    /// back up a PostgreSQL database with pg_dump and copy its file store
    case postgresBackup
    /// choose a new folder for the backup; backups are never overwritten
    case newBackupFolder
    /// create the folder first, or choose another path
    case createFolder
    /// give the folder a backup wrote (it holds manifest.json)
    case backupFolder
    /// restore an older backup, or copy the backup again from where it is kept
    case olderBackup
    /// check the space left on the disk and that you may write in the folder
    case checkDiskSpace
    /// make another user an administrator first
    case anotherAdministrator
    /// check both and try again; an administrator can reset the password
    case checkCredentials
    /// wait, or ask an administrator
    case waitOrAsk
    /// use at least `minimum` characters: several unrelated words make a long password easy to remember
    case longerPassword(minimum: Int)
    /// use at most `maximum` characters
    case shorterPassword(maximum: Int)
    /// choose several unrelated words, not a common password or one built on the account's names
    case passphrase
    /// type the code the authenticator shows now, or one of the recovery codes
    case freshCodeOrRecovery
    /// an administrator can reset the second factor, to enrol again
    case administratorResetsFactor
    /// restore a backup or report the problem with the message above
    case restoreOrReport
    /// upgrade eqms to the version that wrote this database
    case upgradeApplication
    /// check the values given; nothing was written
    case checkValues
    /// try again; if it persists, find the process that keeps a write transaction open
    case retryWrite
    /// attach a file, not a folder or a device
    case attachFile
    /// split or compress the file, or ask an administrator to raise the file-size limit
    case smallerFile
    /// check that the folder beside the database exists and is writable
    case fileStoreFolder
    /// choose another path, or move the existing one away; nothing is overwritten
    case anotherPath
    /// install it with apt-get install chromium (Debian's package), then export again
    case installChromium
    /// reinstall eqms with its resource bundles
    case reinstallApplication
    /// add the element the message names as expected
    case addElement
    /// remove the element or move it to where the schema expects it
    case moveElement
    /// add the attribute
    case addAttribute
    /// give every node its own number
    case uniqueNodeNumbers
    /// correct the value so that it matches the schema
    case matchSchema
    /// repair the XML at that position (a tag, quote or character is wrong)
    case repairXML

    // Web forms.
    /// Tick one or more.
    case tickOneOrMore

    // Engagements of certification bodies.
    /// Ask the organisation that engaged you to open a new engagement or extend this one.
    case askEngagingOrganisation

    /// The name of the case, for the catalogue's key: `fix_advice_` and the name in snake case.
    public var name: String {
        Mirror(reflecting: self).children.first?.label ?? String(describing: self)
    }

    /// The values the advice names, by placeholder.
    public var arguments: [String: ErrorArgument] {
        func list(_ items: [String]) -> ErrorArgument { .list(items.map(ErrorArgument.text)) }
        switch self {
        case .giveAs(let field, let expected): return ["field": .text(field), "expected": expected.argument]
        case .stepsAllowedNow(let steps), .nextSteps(let steps): return ["steps": list(steps)]
        case .nextStep(let step): return ["step": .text(step)]
        case .reviewHasActions(let id, let actions), .riskHasActions(let id, let actions):
            return ["id": .text(id), "actions": list(actions)]
        case .noTreatmentActions(let id): return ["id": .text(id)]
        case .workPlanActivity(let year): return ["year": .text(String(year))]
        case .longerPassword(let minimum): return ["minimum": .number(minimum)]
        case .shorterPassword(let maximum): return ["maximum": .number(maximum)]
        case .sourcesOf(let plan, let sources): return ["plan": .text(plan), "sources": list(sources)]
        case .activityLines(let lines): return ["lines": list(lines)]
        case .newYearNewID(let example): return ["example": .text(example)]
        case .versions(let plan, let count): return ["plan": .text(plan), "count": .number(count)]
        case .evaluateOnOrAfter(let day), .dayUpTo(let day): return ["day": .text(day)]
        case .independentAuditor(let process): return ["process": .text(process)]
        case .loaded(let standards): return ["standards": list(standards)]
        case .topClauses(let standard, let clauses): return ["standard": .text(standard), "clauses": list(clauses)]
        case .loadCrosswalk(let from, let to): return ["from": .text(from), "to": .text(to)]
        case .catalogueBeforeCrosswalk(let standard): return ["standard": .text(standard)]
        case .revisionFiles(let id, let revision, let count):
            return ["id": .text(id), "revision": .number(revision), "count": .number(count)]
        case .startWithHeader(let header), .sheetHeader(let header), .headerIs(let header):
            return ["header": .text(header)]
        case .onlyColumns(let columns): return ["columns": list(columns)]
        case .columnsAre(let columns): return ["columns": .text(columns)]
        case .copyFromBackup(let path), .replaceFromBackup(let path): return ["path": .text(path)]
        case .sameOnAllRows(let column), .fillIn(let column), .oneWorkPlanPerSheet(let column):
            return ["column": .text(column)]
        case .numberWithDecimals(let decimals): return ["decimals": .number(decimals)]
        default: return [:]
        }
    }

    /// The advice without wording, for logs: its name and values.
    public var logText: String {
        ErrorArgument.message(code: "advice." + name, arguments: arguments).description
    }

    /// One value of every case, for the checks that the catalogues word them all.
    public static let allExamples: [Advice] = [
        .giveAs(field: "date", expected: .dateWritten), .stepsAllowedNow(["comment", "approve"]),
        .versionTakesNoStep, .nextStep("planned"), .nextSteps(["analysed", "planned"]), .closedReopenIfIneffective,
        .noFurtherStep, .reviewHasActions(id: "MR-2026-01", actions: ["MR-2026-01-1"]),
        .noTreatmentActions(id: "RK-2026-001"), .riskHasActions(id: "RK-2026-001", actions: ["RK-2026-001-1"]),
        .countsPartOfTotal, .firstDayThenLast, .indicatorOnce, .activityInItsYear, .addQuarter, .fourQuarters,
        .lineInOneCurrency, .definedObjective, .workPlanActivity(year: 2026), .definedOutput,
        .addActivityOrCorrect, .mergeLines, .workPlanInOneCurrency, .declareSource, .declareSourceInPlan,
        .planSetInOneCurrency,
        .budgetInOneCurrency, .linkRegisteredRecord, .sourcesOf(plan: "awp-2026", sources: ["UNDP"]),
        .activityLines(["1.3.2/UNDP"]), .newYearNewID(example: "hnec-2027"), .correctOutputCode, .giveOutputPhase,
        .versions(plan: "awp-2026", count: 2), .auditScope, .auditDatesIncludeEvent, .certificateWithStage2,
        .sourceFromAudit, .sourceFromRecommendation, .checkCounts, .evaluateOnOrAfter(day: "2026-05-01"),
        .criterionOnce, .newRiskIfBack, .assessResidual, .checkDates, .independentAuditor(process: "QP-01"),
        .anotherCode, .dayUpTo(day: "2026-12-06"), .oneProcessPerElectoralProcess, .registerProviderAgain,
        .anotherUsername, .loadCatalogueFirst, .excludeSpecificRequirement, .keyWithStandard, .uniqueNumbers,
        .parentBeforeChildren, .declareAmendment, .nameReplacement, .mapPairOnce, .loaded(["iso-9001-2015"]),
        .topClauses(standard: "iso-9001-2015", clauses: ["4", "5"]),
        .loadCrosswalk(from: "iso-9001-2008", to: "iso-9001-2015"), .loadCatalogueWithNumber,
        .retireChildrenFirst, .keepNumbers, .catalogueBeforeCrosswalk(standard: "iso-9001-2015"),
        .correctCrosswalkNumbers, .lookAgainAndRetry, .revisionFiles(id: "EV-2026-0042", revision: 2, count: 1),
        .filesBelowCSV, .pathsRelativeToCSV, .startWithHeader("title,kind"), .onlyColumns(["title", "kind"]),
        .columnsAre("code,title"), .sheetHeader("code,title"), .headerIs("title,kind"),
        .copyFromBackup(path: "ab/cd"), .replaceFromBackup(path: "ab/cd"), .restoreHeadAndInvestigate,
        .restoreHead, .restoreLatest, .restoreOrReenter, .restoreOrAddAgain, .restoreKeepsNumbers,
        .emptyDatabaseOnly, .tickOneOrMore, .askEngagingOrganisation, .commentRoles, .checkReadableFile,
        .checkWritableFolder, .postgresBackup,
        .newBackupFolder, .createFolder, .backupFolder, .olderBackup, .checkDiskSpace, .anotherAdministrator,
        .checkCredentials, .waitOrAsk, .longerPassword(minimum: 15), .shorterPassword(maximum: 128), .passphrase,
        .freshCodeOrRecovery, .administratorResetsFactor,
        .restoreOrReport, .upgradeApplication, .checkValues,
        .retryWrite, .attachFile, .smallerFile, .fileStoreFolder, .anotherPath, .installChromium, .reinstallApplication,
        .addElement, .moveElement, .addAttribute, .uniqueNodeNumbers, .matchSchema, .repairXML, .quoteFields,
        .columnOnce, .rowPerLine, .sameOnAllRows(column: "title"),
        .mergeRows, .outputCode, .plannedNotNegative, .correctAmountOrBlank, .fillIn(column: "title"), .wholeNumber,
        .numberWithDecimals(decimals: 2), .oneWorkPlanPerSheet(column: "title"), .checkPlanFile, .correctAmountOrOmit,
        .pointAtPlans, .locatePlans, .standardsComplete, .splitFile, .nonEmptyXML, .removeDoctype, .checkPath,
        .controlLabel, .importCatalog, .catalogueOrOSCAL, .validOSCAL, .addMetadataTitle, .addTitle, .addID,
        .splitOrCSV, .checkFileName, .saveAgain, .notWorkPlan, .saveAsXLSX, .closePrograms, .saveNormalXLSX,
        .saveCSVUTF8, .closingQuote, .wholeFieldQuoted, .quoteTwice, .rowPerEvidence, .formulaCell, .checkCatalogueFile,
        .addReplacedBy, .addArabic, .locateStandardsFolder,
    ]
}
