import Foundation
import QMSCore
import TestSupport
import Testing
import ZIPFoundation

@testable import QMSFormats

extension Paths {
    static let hnec = Repository.plans.appendingPathComponent("hnec-libya-2018-2019.xml")
    static let jordan = Repository.plans.appendingPathComponent("iec-jordan-electoral-assistance.xml")
    static let hnec2019 = Repository.plans.appendingPathComponent("hnec-libya-2019.xml")
}

extension Readers {
    static func plans() throws -> PlanReader { try PlansLibrary(directory: Repository.plans).reader() }
}

/// Runs Python 3 with a script; a spreadsheet test needs openpyxl, which `make test` installs.
enum Python {
    static func run(_ script: String, _ arguments: [String]) throws -> String {
        let result = try Program.run(Program.locate("python3") ?? "/usr/bin/python3", ["-c", script] + arguments)
        guard result.status == 0 else {
            throw ProgramFailure(
                program: "python3 (is openpyxl installed? `python3 -m pip install openpyxl`; `make test` installs it)",
                errors: result.errors)
        }
        return result.output
    }
}

extension PlanSet {
    /// The work plan's activities without their dated events: a sheet (CSV, XLSX) has no column
    /// for them, so they travel in the XML only.
    var undatedActivities: [Activity] {
        workPlan.activities.map { activity in
            var copy = activity
            copy.events = []
            return copy
        }
    }
}

/// The sample text with one piece replaced, and the line the replacement is on.
private func sample(_ url: URL, replacing old: String, with new: String) throws -> (Data, Int) {
    let text = try String(contentsOf: url, encoding: .utf8)
    let range = try #require(text.range(of: old), "the sample no longer contains \(old)")
    let line = text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
    return (Data(text.replacingCharacters(in: range, with: new).utf8), line)
}

@Suite("Plan files: XML")
struct PlanXMLTests {
    @Test("the samples validate and read with their figures as the seeds give them")
    func samples() throws {
        let hnec = try Readers.plans().read(data: Data(contentsOf: Paths.hnec), file: "hnec.xml").planSet
        #expect(hnec.workPlan.id.rawValue == "hnec-2018")
        #expect(hnec.workPlan.totalPlanned.description == "USD 2,985,000.00")
        let vehicles = try #require(hnec.workPlan.budgetLines.first { $0.activity.rawValue == "1.1" })
        #expect(vehicles.amount.decimalString == "480000.00")
        let simulation = try #require(hnec.workPlan.activity(try ActivityCode("3.1")))
        #expect(simulation.results.first?.total == 87 && simulation.results.first?.women == 18)
        #expect(hnec.strategicPlan?.hasQualityObjectives == true)
        #expect(hnec.workPlan.project.ar != nil)
        let jordan = try Readers.plans().read(data: Data(contentsOf: Paths.jordan), file: "jordan.xml").planSet
        #expect(jordan.workPlan.currency.code == "EUR")
        #expect(jordan.workPlan.activities.count == 10)
        #expect(jordan.workPlan.activities.allSatisfy { $0.title.ar != nil })
    }

    @Test("a plan set written as XML reads back to the same plan set")
    func roundTrip() throws {
        for url in [Paths.hnec, Paths.hnec2019, Paths.jordan] {
            let original = try Readers.plans().read(data: Data(contentsOf: url), file: "a.xml").planSet
            let written = PlanWriter.xml(original, version: 3, status: .approved)
            let again = try Readers.plans().read(data: written, file: "b.xml").planSet
            #expect(again == original)
        }
    }

    @Test("text with markup, quotes and line breaks survives the writer and the reader")
    func escaping() throws {
        var planSet = try Readers.plans().read(data: Data(contentsOf: Paths.hnec), file: "a.xml").planSet
        planSet.workPlan.activities[0].title = LocalizedText(en: "R&D <ICT> \"pilot\" 'x'", ar: "بحث & تطوير")
        planSet.workPlan.activities[0].note = "line one\nline two\ttabbed"
        planSet.workPlan.budgetLines[0].description = "=cmd|' /C calc'!A0"
        let again = try Readers.plans().read(data: PlanWriter.xml(planSet), file: "b.xml").planSet
        #expect(again.workPlan.activities[0].title == planSet.workPlan.activities[0].title)
        #expect(again.workPlan.activities[0].note == "line one\nline two\ttabbed")
        #expect(again.workPlan.budgetLines[0].description == "=cmd|' /C calc'!A0")
    }

    @Test("a schema violation names the file, line and column")
    func schemaError() throws {
        let (data, line) = try sample(Paths.hnec, replacing: "quarters=\"Q2 Q3\"", with: "quarters=\"Q5\"")
        let error = try #require(throws: FormatError.self) { try Readers.plans().read(data: data, file: "bad.xml") }
        #expect(error.location?.file == "bad.xml")
        #expect(error.location?.line == line)
        #expect(error.location?.column != nil)
        #expect(error.description.hasPrefix("bad.xml:\(line):"))
        #expect(error.message.contains("quarters"))
    }

    @Test("an activity naming an output the plan lacks is caught by the schema's keys, at its line")
    func unknownOutput() throws {
        let (data, line) = try sample(
            Paths.hnec, replacing: "<activity code=\"2.2\" output=\"2\"", with: "<activity code=\"2.2\" output=\"7\"")
        let error = try #require(throws: FormatError.self) { try Readers.plans().read(data: data, file: "bad.xml") }
        #expect(error.location?.line == line, "\(error)")
    }

    @Test("an amount with more decimals than its currency, or not the sum of its quarters, is refused at its line")
    func amounts() throws {
        let (data, line) = try sample(Paths.hnec, replacing: "q2=\"240000.00\"", with: "q2=\"240000.005\"")
        let error = try #require(throws: FormatError.self) { try Readers.plans().read(data: data, file: "bad.xml") }
        #expect(error.location?.line == line)
        #expect(error.message.contains("USD"))
        let (sum, sumLine) = try sample(
            Paths.hnec, replacing: "q3=\"240000.00\" amount=\"480000.00\"",
            with: "q3=\"240000.00\" amount=\"480000.01\"")
        let sumError = try #require(throws: FormatError.self) { try Readers.plans().read(data: sum, file: "bad.xml") }
        #expect(sumError.location?.line == sumLine)
        #expect(sumError.message.contains("not the sum of the quarters"))
    }

    @Test("a link that is not well formed is refused at its line")
    func badLink() throws {
        let (data, line) = try sample(
            Paths.hnec, replacing: "target=\"iso-54001-2019:EP-03\"", with: "target=\"EP-03\"")
        let error = try #require(throws: FormatError.self) { try Readers.plans().read(data: data, file: "bad.xml") }
        #expect(error.location?.line == line)
    }

    @Test("a DOCTYPE is refused before anything is read")
    func doctype() throws {
        let text = try String(contentsOf: Paths.hnec, encoding: .utf8).replacingOccurrences(
            of: "<plans ", with: "<!DOCTYPE plans [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<plans ")
        let error = try #require(throws: FormatError.self) {
            try Readers.plans().read(data: Data(text.utf8), file: "xxe.xml")
        }
        #expect(error.message.contains("DOCTYPE"))
    }
}

@Suite("Plan files: CSV")
struct PlanCSVTests {
    func hnec() throws -> PlanSet {
        try Readers.plans().read(data: Data(contentsOf: Paths.hnec), file: "a.xml").planSet
    }

    @Test("a work plan written as CSV reads back to the same activities and budget lines")
    func roundTrip() throws {
        let planSet = try hnec()
        let text = AWPCSV.write(planSet)
        #expect(text.hasPrefix("\u{FEFF}awp,year,currency,output"))
        let content = try AWPCSV.read(CSVReader(data: Data(text.utf8), file: "awp.csv"))
        #expect(content.awp == planSet.workPlan.id)
        #expect(content.activities == planSet.undatedActivities)
        #expect(content.budgetLines == planSet.workPlan.budgetLines)
        #expect(content.outputs.map(\.code) == planSet.outputs.map(\.code))
    }

    @Test("text a spreadsheet would run as a formula is written inert, and reads back as it was")
    func formulaInjection() throws {
        var planSet = try hnec()
        planSet.workPlan.activities[0].title = LocalizedText(en: "=HYPERLINK(\"http://evil\",\"x\")")
        planSet.workPlan.budgetLines[0].description = "+1+1"
        let text = AWPCSV.write(planSet)
        #expect(text.contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\""))
        #expect(text.contains(",'+1+1,"))
        let content = try AWPCSV.read(CSVReader(data: Data(text.utf8), file: "awp.csv"))
        #expect(content.activities[0].title.en == "=HYPERLINK(\"http://evil\",\"x\")")
        #expect(content.budgetLines[0].description == "+1+1")
    }

    /// The CSV of the sample with one cell of one row replaced.
    func csv(row: Int, column: String, value: String) throws -> Data {
        var rows = AWPSheet.rows(try hnec()).map { $0.map(\.csvText) }
        let index = try #require(AWPSheet.columns.firstIndex(of: column))
        rows[row - 2][index] = value
        var writer = CSVWriter(header: AWPSheet.columns)
        for fields in rows { writer.add(fields) }
        return Data(writer.text.utf8)
    }

    @Test("a bad amount is refused with its row and column")
    func badAmount() throws {
        let error = try #require(throws: FormatError.self) {
            try AWPCSV.read(CSVReader(data: self.csv(row: 4, column: "q3", value: "12O00"), file: "awp.csv"))
        }
        #expect(error.location?.row == 4)
        #expect(error.location?.field == "q3")
        #expect(error.description.hasPrefix("awp.csv: row 4, column \"q3\""))
    }

    @Test("bad quarters, progress, results and links are refused with their row and column")
    func badCells() throws {
        for (column, value) in [
            ("quarters", "Q9"), ("progress", "140"), ("results", "participants: 10, women 11"),
            ("links", "requirement:9001"), ("status", "finished"), ("process", "EP-12"), ("year", "2018.5"),
        ] {
            let error = try #require(throws: FormatError.self) {
                try AWPCSV.read(CSVReader(data: self.csv(row: 2, column: column, value: value), file: "awp.csv"))
            }
            #expect(error.location?.row == 2, "\(column)")
            #expect(error.location?.field == column, "\(column): \(error)")
        }
    }

    @Test("an activity's rows must agree, and an amount must be the sum of its quarters")
    func consistency() throws {
        // Rows 4 and 5 are the two budget lines of activity 2.1.
        let error = try #require(throws: FormatError.self) {
            try AWPCSV.read(CSVReader(data: self.csv(row: 5, column: "title", value: "Another title"), file: "awp.csv"))
        }
        #expect(error.location?.row == 5 && error.location?.field == "title")
        let sum = try #require(throws: FormatError.self) {
            try AWPCSV.read(CSVReader(data: self.csv(row: 3, column: "amount", value: "1"), file: "awp.csv"))
        }
        #expect(sum.location?.row == 3 && sum.location?.field == "amount")
        let awp = try #require(throws: FormatError.self) {
            try AWPCSV.read(CSVReader(data: self.csv(row: 6, column: "awp", value: "other-2018"), file: "awp.csv"))
        }
        #expect(awp.location?.row == 6 && awp.location?.field == "awp")
    }

    @Test("an unknown or missing column is refused in the header row")
    func header() throws {
        let unknown = try #require(throws: FormatError.self) {
            try AWPCSV.read(CSVReader(data: Data((AWPSheet.template + ",budget\n").utf8), file: "awp.csv"))
        }
        #expect(unknown.location?.row == 1 && unknown.location?.field == "budget")
        let missing = try #require(throws: FormatError.self) {
            try AWPCSV.read(CSVReader(data: Data("awp,year\nx,2018\n".utf8), file: "awp.csv"))
        }
        #expect(missing.location?.row == 1 && missing.message.contains("currency"))
    }

    @Test("numbers are read exactly as spreadsheets write them")
    func numbers() throws {
        let usd = try CurrencyCode("USD")
        let jod = try CurrencyCode("JOD")
        #expect(SheetNumber.money("4.8E5", currency: usd)?.decimalString == "480000.00")
        #expect(SheetNumber.money("1234.4999999999998", currency: usd)?.decimalString == "1234.50")
        #expect(SheetNumber.money("0.30000000000000004", currency: usd)?.decimalString == "0.30")
        #expect(SheetNumber.money("1,234.5", currency: jod)?.decimalString == "1234.500")
        #expect(SheetNumber.money("1.2E-5", currency: usd)?.decimalString == "0.00")
        #expect(SheetNumber.money("12O", currency: usd) == nil)
        #expect(SheetNumber.integer("2018") == 2018)
        #expect(SheetNumber.integer("2.018E3") == 2018)
        #expect(SheetNumber.integer("40.5") == nil)
    }
}

@Suite("Plan files: XLSX")
struct PlanXLSXTests {
    func hnec() throws -> PlanSet {
        try Readers.plans().read(data: Data(contentsOf: Paths.hnec), file: "a.xml").planSet
    }

    @Test("a work plan written as XLSX reads back to the same activities and budget lines, flat or per output")
    func roundTrip() throws {
        let planSet = try hnec()
        for layout in WorkbookLayout.allCases {
            let data = try AWPWorkbook.write(planSet, layout: layout)
            let sheets = try XLSXReader.read(data: data, file: "awp.xlsx")
            #expect(sheets.count == (layout == .flat ? 1 : planSet.outputs.count))
            let content = try AWPWorkbook.read(sheets, file: "awp.xlsx")
            #expect(content.activities == planSet.undatedActivities)
            #expect(content.budgetLines == planSet.workPlan.budgetLines)
        }
    }

    @Test(
        "the report workbook opens in openpyxl: headers in the reader's language, numbers as numbers, totals, filters"
    )
    func reportWorkbook() throws {
        let temporary = try TemporaryFolder(prefix: "eqms-report")
        let planSet = try hnec()
        let plan = planSet.workPlan
        let line = try #require(plan.budgetLines.first)
        let version = AWPVersion(
            awp: plan.id, version: 2, status: .approved, planSet: planSet, sourceFile: "hnec.xml",
            sourceSHA256: String(repeating: "0", count: 64), importedAt: Instant(millisecondsSince1970: 0),
            importedBy: "amal")
        // Spending of twice the activity's budget: an overspend the workbook must show as an amount.
        let activityBudget = plan.budgetLines.filter { $0.activity == line.activity }.map(\.amount.minorUnits)
            .reduce(0, +)
        let spent = Money(minorUnits: activityBudget * 2, currency: plan.currency)
        let summary = AWPSummary(
            version: version,
            expenditures: [
                Expenditure(
                    awp: plan.id, number: 1, activity: line.activity, source: line.source,
                    date: try CalendarDate(parsing: "\(plan.year)-03-15"), amount: spent, reference: "PV-1",
                    recordedAt: Instant(millisecondsSince1970: 0), recordedBy: "amal")
            ])
        // Words as a catalogue would give them: a mark of the language around each key.
        let url = temporary.file("report.xlsx")
        try AWPReportWorkbook.write(summary, language: .arabic) { "ع·" + $0 }.write(to: url)
        let script = """
            import sys, json, openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            out = {"sheets": book.sheetnames}
            sheet = book.worksheets[0]
            rows = list(sheet.iter_rows(values_only=True))
            out["header"] = list(rows[0])
            out["body"] = [list(r) for r in rows[1:-1]]
            out["total"] = list(rows[-1])
            out["frozen"] = sheet.freeze_panes
            out["filter"] = sheet.auto_filter.ref
            out["rtl"] = bool(sheet.sheet_view.rightToLeft)
            out["bold_total"] = bool(sheet.cell(row=len(rows), column=3).font.b)
            out["delivery_format"] = sheet.cell(row=2, column=5).number_format
            out["money_type"] = sheet.cell(row=2, column=3).data_type
            print(json.dumps(out, default=str))
            """
        let output = try Python.run(script, [url.path])
        let read = try #require(
            try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "openpyxl printed \(output)")
        let sheets = try #require(read["sheets"] as? [String])
        #expect(sheets.starts(with: ["ع·plans_by_activity", "ع·plans_by_output", "ع·plans_by_quarter"]))
        #expect(sheets.contains("ع·plans_envelopes") == !summary.envelopes.isEmpty)
        let header = try #require(read["header"] as? [String])
        #expect(
            header == [
                "ع·plans_activity", "ع·title", "ع·plans_planned", "ع·plans_spent", "ع·plans_delivery",
                "ع·plans_overspent",
            ])
        let body = try #require(read["body"] as? [[Any]])
        #expect(body.count == summary.byActivity.count)
        // Planned column summed by the reader's spreadsheet equals the plan's total.
        let planned = body.compactMap { $0[2] as? Double }.reduce(0, +)
        let expected = try #require(Double(summary.total.planned.decimalString))
        #expect(abs(planned - expected) < 0.005)
        let total = try #require(read["total"] as? [Any])
        #expect(total[0] as? String == "ع·plans_total")
        #expect(abs((total[2] as? Double ?? 0) - expected) < 0.005)
        #expect(abs((total[3] as? Double ?? 0) - (Double(spent.decimalString) ?? -1)) < 0.005)
        // The overspent activity shows its delivery as a fraction (200 %) and the overspend as money.
        let over = try #require(body.first { $0[0] as? String == line.activity.rawValue })
        #expect(abs((over[4] as? Double ?? 0) - 2.0) < 0.0001)
        #expect(abs((over[5] as? Double ?? 0) - (Double(activityBudget) / 100)) < 0.005)
        #expect(read["frozen"] as? String == "A2")
        #expect(read["filter"] as? String == "A1:F\(summary.byActivity.count + 1)")
        #expect(read["rtl"] as? Bool == true)
        #expect(read["bold_total"] as? Bool == true)
        #expect(read["delivery_format"] as? String == "0.00%")
        #expect(read["money_type"] as? String == "n")
    }

    @Test("a real spreadsheet reader (openpyxl) opens the file: numbers are numbers in a currency format")
    func openpyxl() throws {
        let temporary = try TemporaryFolder(prefix: "eqms-plans")
        let folder = temporary.url
        let planSet = try hnec()
        let url = folder.appendingPathComponent("awp.xlsx")
        try AWPWorkbook.write(planSet, layout: .perOutput).write(to: url)
        let script = """
            import sys, json, openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            out = {"sheets": book.sheetnames, "rows": [], "formats": [], "types": []}
            for sheet in book.worksheets:
                header = [cell.value for cell in sheet[1]]
                for row in sheet.iter_rows(min_row=2):
                    values = dict(zip(header, [cell.value for cell in row]))
                    out["rows"].append({"activity": values["activity"], "q2": values["q2"], "amount": values["amount"],
                                        "year": values["year"], "title_ar": values["title_ar"]})
                    cells = dict(zip(header, row))
                    out["formats"].append(cells["amount"].number_format)
                    out["types"].append(cells["amount"].data_type)
            print(json.dumps(out))
            """
        let output = try Python.run(script, [url.path])
        struct Read: Decodable {
            struct Row: Decodable {
                var activity: String
                var q2: Double
                var amount: Double
                var year: Int
                var title_ar: String?
            }
            var sheets: [String]
            var rows: [Row]
            var formats: [String]
            var types: [String]
        }
        let read = try JSONDecoder().decode(Read.self, from: Data(output.utf8))
        #expect(read.sheets == ["Output 1", "Output 2", "Output 3", "Output 4", "Output 5", "Output 6"])
        #expect(read.rows.count == planSet.workPlan.budgetLines.count)
        let vehicles = try #require(read.rows.first { $0.activity == "1.1" })
        #expect(vehicles.amount == 480_000 && vehicles.q2 == 240_000 && vehicles.year == 2018)
        #expect(vehicles.title_ar == planSet.workPlan.activities[0].title.ar)
        #expect(read.types.allSatisfy { $0 == "n" })
        #expect(read.formats.allSatisfy { $0.contains("#,##0.00") && $0.contains("USD") })
    }

    @Test("a workbook written by openpyxl (shared strings, its own layout) is read like our own")
    func writtenByOpenpyxl() throws {
        let temporary = try TemporaryFolder(prefix: "eqms-plans")
        let folder = temporary.url
        let planSet = try hnec()
        let csv = folder.appendingPathComponent("awp.csv")
        try Data(AWPCSV.write(planSet).utf8).write(to: csv)
        let xlsx = folder.appendingPathComponent("theirs.xlsx")
        let script = """
            import sys, csv, openpyxl
            book = openpyxl.Workbook()
            cover = book.active
            cover.title = "Cover"
            cover["A1"] = "Annual work plan"
            sheet = book.create_sheet("Plan")
            money = {"q1", "q2", "q3", "q4", "amount"}
            with open(sys.argv[1], encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.reader(handle))
            header = rows[0]
            sheet.append(header)
            for row in rows[1:]:
                cells = []
                for name, value in zip(header, row):
                    if value == "":
                        cells.append(None)
                    elif name in money:
                        cells.append(float(value))
                    elif name in ("year", "progress"):
                        cells.append(int(value))
                    else:
                        cells.append(value)
                sheet.append(cells)
            book.save(sys.argv[2])
            """
        _ = try Python.run(script, [csv.path, xlsx.path])
        let content = try AWPWorkbook.read(contentsOf: xlsx, file: "theirs.xlsx")
        #expect(content.activities == planSet.undatedActivities)
        #expect(content.budgetLines == planSet.workPlan.budgetLines)
    }

    /// LibreOffice's command, when it is installed.
    static let soffice = Program.locate("soffice") ?? Program.locate("libreoffice")

    @Test(
        "LibreOffice converts the exported workbook to the same rows (shown as skipped when it is not installed)",
        .enabled(if: PlanXLSXTests.soffice != nil, "LibreOffice (soffice) is not installed"))
    func libreOffice() throws {
        let soffice = try #require(PlanXLSXTests.soffice)
        let temporary = try TemporaryFolder(prefix: "eqms-plans")
        let folder = temporary.url
        let planSet = try hnec()
        let url = folder.appendingPathComponent("awp.xlsx")
        try AWPWorkbook.write(planSet).write(to: url)
        let converted = try Program.run(
            soffice,
            [
                // The ninth option, false: the cells' values, not their display ("USD 240,000.00"),
                // since the amounts carry a currency number format for people reading the sheet.
                "--headless", "-env:UserInstallation=file://\(folder.path)/profile", "--convert-to",
                "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false", "--outdir", folder.path, url.path,
            ])
        #expect(converted.status == 0, "\(converted.errors)")
        let csv = try Data(contentsOf: folder.appendingPathComponent("awp.csv"))
        let content = try AWPCSV.read(CSVReader(data: csv, file: "libreoffice.csv"))
        #expect(content.budgetLines.map(\.amount) == planSet.workPlan.budgetLines.map(\.amount))
        #expect(content.activities.map(\.code) == planSet.workPlan.activities.map(\.code))
    }

    @Test("a zip bomb is refused while it inflates, and a file that is not a ZIP is named as such")
    func hostile() throws {
        let bomb = try Archive(accessMode: .create)
        let size = XLSXReader.maximumPartSize + 1024
        try bomb.addEntry(
            with: "xl/workbook.xml", type: .file, uncompressedSize: Int64(size), compressionMethod: .deflate,
            provider: { _, chunk in Data(count: chunk) })
        let data = try #require(bomb.data)
        #expect(data.count < 1_000_000)
        let error = try #require(throws: FormatError.self) { try XLSXReader.read(data: data, file: "bomb.xlsx") }
        #expect(error.message.contains("zip bomb"))
        let notZip = try #require(throws: FormatError.self) {
            try XLSXReader.read(data: Data("awp,year\n".utf8), file: "plain.xlsx")
        }
        #expect(notZip.message.contains("not an .xlsx"))
    }

    @Test("a bad cell of a workbook is refused with its sheet, row and column")
    func badCell() throws {
        var planSet = try hnec()
        planSet.workPlan.activities[2].responsibleParty = " "
        let data = try AWPWorkbook.write(planSet, layout: .perOutput)
        let error = try #require(throws: FormatError.self) {
            try AWPWorkbook.read(XLSXReader.read(data: data, file: "awp.xlsx"), file: "awp.xlsx")
        }
        #expect(error.location?.file == "awp.xlsx")
        #expect(error.location?.sheet == "Output 2")
        #expect(error.location?.description == "awp.xlsx [Output 2]: row 2, column \"responsible_party\"")
        #expect(error.location?.row == 2)
        #expect(error.location?.field == "responsible_party")
    }
}
