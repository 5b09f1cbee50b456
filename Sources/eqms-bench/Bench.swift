import Foundation

/// One measured figure.
struct Figure: Codable {
    var name: String
    var value: Double
    var unit: String
    var detail: String
}

/// A bound an issue sets, and whether the measurement met it.
struct Check: Codable {
    var name: String
    var measured: Double
    var bound: String
    var met: Bool
}

/// Collects figures and checks, prints them as they come, and writes them as JSON at the end.
@MainActor
final class BenchReport {
    var figures: [Figure] = []
    var checks: [Check] = []

    func add(_ figure: Figure) {
        figures.append(figure)
        let value = String(format: "%14.2f", figure.value)
        print(
            "\(figure.name.padding(toLength: 52, withPad: " ", startingAt: 0)) \(value) \(figure.unit)  \(figure.detail)"
        )
    }

    func check(_ name: String, measured: Double, bound: String, met: Bool) {
        checks.append(Check(name: name, measured: measured, bound: bound, met: met))
        print("  → \(name): \(String(format: "%.3f", measured)) (bound \(bound)) \(met ? "MET" : "NOT MET")")
    }

    func write(to path: String) throws {
        struct Output: Codable {
            var figures: [Figure]
            var checks: [Check]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(Output(figures: figures, checks: checks)).write(to: URL(fileURLWithPath: path))
    }
}

/// Seconds taken by `body`.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    return (ContinuousClock.now - start).seconds
}

/// Seconds taken by an asynchronous `body`.
@MainActor
func seconds(_ body: @MainActor () async throws -> Void) async rethrows -> Double {
    let start = ContinuousClock.now
    try await body()
    return (ContinuousClock.now - start).seconds
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// Runs a program and returns the seconds it took; fails if it exits non-zero.
func timeProcess(_ path: String, _ arguments: [String], input: String? = nil) throws -> Double {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    let pipe = Pipe()
    if input != nil { process.standardInput = pipe }
    let start = ContinuousClock.now
    try process.run()
    if let input {
        pipe.fileHandleForWriting.write(Data(input.utf8))
        try pipe.fileHandleForWriting.close()
    }
    process.waitUntilExit()
    let elapsed = (ContinuousClock.now - start).seconds
    guard process.terminationStatus == 0 else {
        throw BenchError("\(path) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
    }
    return elapsed
}

/// Finds a program on the PATH.
func which(_ name: String) -> String? {
    for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let candidate = "\(folder)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A deterministic generator, so every run measures the same data.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
