import FuzzSupport
import QMSFormats

/// One input through the XLSX reader (a ZIP of XML parts), then as a work plan workbook.
@_cdecl("LLVMFuzzerTestOneInput")
public func xlsxFuzz(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let data = FuzzOracle.data(bytes, count)
    FuzzOracle.check("fuzz-xlsx") {
        let sheets = try XLSXReader.read(data: data, file: "fuzz.xlsx")
        _ = try AWPWorkbook.read(sheets, file: "fuzz.xlsx")
    }
    return 0
}
