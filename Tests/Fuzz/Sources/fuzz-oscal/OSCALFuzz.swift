import FuzzSupport
import QMSCore
import QMSFormats

/// One input through the OSCAL catalog reader (XML or JSON, chosen by content), with and
/// without a standard id given.
public func oscalFuzz(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let data = FuzzOracle.data(bytes, count)
    FuzzOracle.check("fuzz-oscal") { _ = try OSCALCatalogReader.read(data: data, file: "fuzz.json") }
    FuzzOracle.check("fuzz-oscal") {
        _ = try OSCALCatalogReader.read(data: data, file: "fuzz.json", id: try StandardID("fuzz-catalog"))
    }
    return 0
}

/// The same callback under the name libFuzzer's own `main` looks for, when the runtime links it.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 { oscalFuzz(bytes, count) }
