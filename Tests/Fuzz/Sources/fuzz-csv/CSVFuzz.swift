import FuzzSupport
import QMSCore
import QMSFormats

private let today = try? CalendarDate(year: 2026, month: 11, day: 23)

/// One input through the CSV reader, then as an evidence import and as a work plan sheet.
public func csvFuzz(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let data = FuzzOracle.data(bytes, count)
    let reader = CSVReader(data: data, file: "fuzz.csv")
    FuzzOracle.check("fuzz-csv") { try reader.forEachRecord { _, _ in } }
    FuzzOracle.check("fuzz-csv") {
        if let today { _ = try EvidenceCSV.read(reader, today: today) }
    }
    FuzzOracle.check("fuzz-csv") { _ = try AWPCSV.read(reader) }
    return 0
}

/// The same callback under the name libFuzzer's own `main` looks for, when the runtime links it.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 { csvFuzz(bytes, count) }
