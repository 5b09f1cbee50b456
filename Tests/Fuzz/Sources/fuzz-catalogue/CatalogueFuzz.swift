import FuzzSupport
import QMSFormats

private let readers: (CatalogueReader, CrosswalkReader)? = {
    guard let library = FuzzReaders.standards, let catalogue = try? library.catalogueReader(),
        let crosswalk = try? library.crosswalkReader()
    else { FuzzOracle.fail("fuzz-catalogue", "cannot load Standards/catalogue.xsd or crosswalk.xsd") }
    return (catalogue, crosswalk)
}()

/// One input through kind detection, then the catalogue and the crosswalk reader.
public func catalogueFuzz(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let data = FuzzOracle.data(bytes, count)
    guard let (catalogue, crosswalk) = readers else { return 0 }
    FuzzOracle.check("fuzz-catalogue") { _ = try CatalogueFileKind.detect(data, file: "fuzz.xml") }
    FuzzOracle.check("fuzz-catalogue") { _ = try catalogue.read(data: data, file: "fuzz.xml") }
    FuzzOracle.check("fuzz-catalogue") { _ = try crosswalk.read(data: data, file: "fuzz.xml") }
    return 0
}

/// The same callback under the name libFuzzer's own `main` looks for, when the runtime links it.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 { catalogueFuzz(bytes, count) }
