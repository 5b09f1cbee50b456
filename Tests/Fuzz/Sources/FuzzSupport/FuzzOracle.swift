import CFuzzerDriver
import Foundation
import QMSCore
import QMSFormats

/// What every fuzz target checks of one input: the reader returns, or throws an error of the
/// project's kind (a message, and where possible a location and a fix). A crash, a trap or an
/// error of another kind is a defect; libFuzzer catches the first two, this catches the third.
public enum FuzzOracle {
    /// The repository the fuzz package sits in (`Tests/Fuzz` is two levels down).
    public static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Runs one reading; aborts on an error a user could not act on.
    public static func check(_ target: String, _ body: () throws -> Void) {
        do {
            try body()
        } catch let error as any QMSError {
            // The message must be there and must render; an empty one tells the user nothing.
            if error.message.isEmpty || error.description.isEmpty {
                fail(target, "an error with an empty message: \(type(of: error))")
            }
        } catch {
            fail(target, "an error that is not a QMSError: \(type(of: error)): \(error)")
        }
    }

    /// Reports and stops: libFuzzer records the input that led here as a crasher.
    public static func fail(_ target: String, _ message: String) -> Never {
        FileHandle.standardError.write(Data("\(target): \(message)\n".utf8))
        abort()
    }

    /// The bytes libFuzzer hands over, as `Data`.
    public static func data(_ pointer: UnsafePointer<UInt8>?, _ count: Int) -> Data {
        guard let pointer, count > 0 else { return Data() }
        return Data(bytes: pointer, count: count)
    }
}

/// The readers with their schemas, loaded once per process from the repository's files.
public enum FuzzReaders {
    /// The catalogue and crosswalk readers over `Standards/`.
    public static let standards: StandardsLibrary? = try? StandardsLibrary(
        directory: FuzzOracle.repository.appendingPathComponent("Standards"))
    /// The plan reader over `Plans/plans.xsd`.
    public static let plans: PlansLibrary? = try? PlansLibrary(
        directory: FuzzOracle.repository.appendingPathComponent("Plans"))
}

/// Hands libFuzzer the process's arguments and the target's callback (`LLVMFuzzerRunDriver`),
/// from the target's own `main`.
public enum FuzzDriver {
    /// Runs libFuzzer; returns the exit status it would give.
    public static func run(_ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32 {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        return LLVMFuzzerRunDriver(&argc, &argv, callback)
    }
}
