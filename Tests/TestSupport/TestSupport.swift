import Foundation

/// The repository the tests run from, found from this file's place in it, so that a test reads
/// the shipped Standards, Plans and sources wherever the checkout is.
public enum Repository {
    /// The repository's root folder.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// The shipped catalogues and crosswalks.
    public static let standards = root.appendingPathComponent("Standards")
    /// The shipped sample plans.
    public static let plans = root.appendingPathComponent("Plans")
    /// The modules' sources, for the tests that scan them.
    public static let sources = root.appendingPathComponent("Sources")
    /// The test targets' folder.
    public static let tests = root.appendingPathComponent("Tests")

    /// A test target's own fixtures folder (`Tests/<target>/Fixtures`).
    public static func fixtures(of target: String) -> URL {
        tests.appendingPathComponent(target).appendingPathComponent("Fixtures")
    }
}

/// A fresh folder under the system's temporary directory, removed with everything in it when the
/// value goes away. Tests that create things outside the folder (a PostgreSQL schema) register
/// their removal with ``atRemoval(_:)``.
public final class TemporaryFolder: @unchecked Sendable {
    // @unchecked: `names` and `removals` are only touched under `lock`.
    /// The folder.
    public let url: URL
    private let lock = NSLock()
    private var names: [String] = []
    private var removals: [@Sendable ([String]) -> Void] = []

    /// Creates the folder; `prefix` starts its name, to tell the suites' leftovers apart.
    public init(prefix: String = "eqms-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the folder.
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// The URL of `name` inside the folder.
    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// The names remembered so far, in order.
    public var remembered: [String] { lock.withLock { names } }

    /// Remembers a name of something made for this folder's test (a schema), handed to the
    /// removals when the folder goes.
    public func remember(_ name: String) { lock.withLock { names.append(name) } }

    /// Runs `removal` with the remembered names when the folder goes away.
    public func atRemoval(_ removal: @escaping @Sendable ([String]) -> Void) {
        lock.withLock { removals.append(removal) }
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
        let (names, removals) = lock.withLock { (self.names, self.removals) }
        for removal in removals { removal(names) }
    }
}

/// What a program printed and how it ended.
public struct ProgramResult: Sendable {
    /// Its exit status.
    public var status: Int32
    /// Its standard output.
    public var output: String
    /// Its standard error.
    public var errors: String
}

/// The real programs some tests check the system's files with (msgfmt, sqlite3, python3,
/// LibreOffice, xmllint), found on the machine and run to completion.
public enum Program {
    /// The first executable called `name` on the PATH or in the usual system folders.
    public static func locate(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/bin"]
        return folders.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `executable` with `arguments`, feeding `input` when given, and waits for it.
    public static func run(_ executable: String, _ arguments: [String], input: Data? = nil) throws -> ProgramResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        // Files, not pipes: a program that writes more than a pipe holds to one stream while the
        // other is read would never finish.
        let folder = try TemporaryFolder(prefix: "eqms-program")
        let outURL = folder.file("out")
        let errURL = folder.file("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        if let input {
            let inURL = folder.file("in")
            try input.write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return ProgramResult(
            status: process.terminationStatus, output: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            errors: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// Runs SQL on a database with the real `sqlite3` shell: a change behind the application's back.
    public static func sqlite3(_ database: String, _ sql: String) throws {
        let result = try run(locate("sqlite3") ?? "/usr/bin/sqlite3", [database, sql])
        guard result.status == 0 else { throw ProgramFailure(program: "sqlite3", errors: result.errors + " (\(sql))") }
    }
}

/// A program the test needed ended in failure.
public struct ProgramFailure: Error, CustomStringConvertible {
    /// The program's name.
    public var program: String
    /// What it printed on its standard error.
    public var errors: String

    /// Creates the failure.
    public init(program: String, errors: String) {
        self.program = program
        self.errors = errors
    }

    public var description: String { "\(program) failed: \(errors)" }
}

extension Program {
    /// Starts a fixture server written in Python (`script` with `arguments`) on `process`, its
    /// standard input `input` (closing it stops the server), and returns the first line it prints,
    /// where it says it is ready; nil when it ended before printing one.
    public static func startServer(_ script: String, _ arguments: [String], process: Process, input: Pipe) throws
        -> Data?
    {
        process.executableURL = URL(fileURLWithPath: locate("python3") ?? "/usr/bin/python3")
        process.arguments = [script] + arguments
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { return nil }
            line.append(chunk)
        }
        return line.prefix { $0 != UInt8(ascii: "\n") }
    }
}
