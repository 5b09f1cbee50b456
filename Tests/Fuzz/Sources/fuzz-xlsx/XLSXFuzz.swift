import FuzzSupport
import QMSFormats

/// One input through the XLSX reader (a ZIP of XML parts), then as a work plan workbook.
public func xlsxFuzz(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let data = FuzzOracle.data(bytes, count)
    FuzzOracle.check("fuzz-xlsx") {
        let sheets = try XLSXReader.read(data: data, file: "fuzz.xlsx")
        _ = try AWPWorkbook.read(sheets, file: "fuzz.xlsx")
    }
    return 0
}

/// The same callback under the name libFuzzer's own `main` looks for, when the runtime links it.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 { xlsxFuzz(bytes, count) }
