import FuzzSupport
import QMSPresentation

/// One input through the PO reader of the message catalogues: read, or refused with a `POError`
/// naming a line and a column within the input.
public func poFuzz(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let input = Array(FuzzOracle.data(bytes, count))
    let lines = input.split(separator: 10, omittingEmptySubsequences: false).count
    do {
        let file = try POReader().read(input, file: "fuzz.po")
        // A read file's entries all start on one of its lines.
        if file.entries.contains(where: { $0.line < 1 || $0.line > lines }) {
            FuzzOracle.fail("fuzz-po", "an entry outside the file's lines")
        }
    } catch {
        guard let line = error.position.line, let column = error.position.column, line >= 1, line <= max(1, lines),
            column >= 1, !error.message.isEmpty
        else { FuzzOracle.fail("fuzz-po", "an error without a place in the file: \(error)") }
    }
    return 0
}

/// The same callback under the name libFuzzer's own `main` looks for, when the runtime links it.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 { poFuzz(bytes, count) }
