import FuzzSupport
import QMSFormats

private let reader: PlanReader? = {
    guard let reader = try? FuzzReaders.plans?.reader() else {
        FuzzOracle.fail("fuzz-plan", "cannot load Plans/plans.xsd")
    }
    return reader
}()

/// One input through the plan-set reader (XML, XSD-validated, then the plan's own checks).
public func planFuzz(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let data = FuzzOracle.data(bytes, count)
    guard let reader else { return 0 }
    FuzzOracle.check("fuzz-plan") { _ = try reader.read(data: data, file: "fuzz.xml") }
    return 0
}

/// The same callback under the name libFuzzer's own `main` looks for, when the runtime links it.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 { planFuzz(bytes, count) }
