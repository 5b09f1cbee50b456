import Foundation
import TestSupport

/// Runs the built `eqms` program as a user would, in its own folder and environment.
struct CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    let temporary: TemporaryFolder
    var environment: [String: String]

    /// The working folder: the database, the keys, the files the test writes.
    var folder: URL { temporary.url }

    /// A fresh working folder with the shipped standards available through EQMS_STANDARDS.
    init() throws {
        temporary = try TemporaryFolder(prefix: "eqms-cli")
        let folder = temporary.url
        environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": folder.path,
            "EQMS_STANDARDS": CLI.repository.appendingPathComponent("Standards").path,
            "EQMS_ACTOR": "amal",
        ]
    }

    static let repository = Repository.root
    static let fixtures = Repository.fixtures(of: "eqmsTests")

    /// The `eqms` executable built beside this test bundle.
    static var executable: URL {
        get throws {
            let candidates = [
                URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
                    "eqms"),
                Bundle.main.bundleURL.appendingPathComponent("eqms"),
                Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("eqms"),
                repository.appendingPathComponent(".build/debug/eqms"),
            ]
            guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
                throw CocoaError(
                    .fileNoSuchFile, userInfo: [NSFilePathErrorKey: candidates.map(\.path).joined(separator: ", ")])
            }
            return found
        }
    }

    /// Runs `eqms ARGUMENTS`, optionally feeding standard input.
    func run(_ arguments: [String], input: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = try CLI.executable
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = folder
        let id = UUID().uuidString
        let outURL = folder.appendingPathComponent(".out-\(id)")
        let errURL = folder.appendingPathComponent(".err-\(id)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        if let input {
            let pipe = Pipe()
            process.standardInput = pipe
            try process.run()
            pipe.fileHandleForWriting.write(Data(input.utf8))
            try pipe.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        process.waitUntilExit()
        try out.close()
        try err.close()
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        return Result(
            status: process.terminationStatus, stdout: try String(contentsOf: outURL, encoding: .utf8),
            stderr: try String(contentsOf: errURL, encoding: .utf8))
    }

    /// Runs and decodes the JSON printed on standard output.
    func json<T: Decodable>(_ type: T.Type, _ arguments: [String]) throws -> T {
        let result = try run(arguments + ["--json"])
        guard result.status == 0 else {
            throw CocoaError(.featureUnsupported, userInfo: [NSLocalizedDescriptionKey: result.stderr])
        }
        return try JSONDecoder().decode(T.self, from: Data(result.stdout.utf8))
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}
