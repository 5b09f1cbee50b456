import Foundation

/// Delivers messages through the system's mail transfer agent: a `sendmail`-compatible program
/// (Postfix's, Exim's, or msmtp's) given the message on its standard input.
public struct SendmailTransport: Sendable {
    /// The program, `/usr/sbin/sendmail` by default.
    public var path: String
    /// Options before the envelope's, such as `-C /etc/msmtprc`.
    public var options: [String]

    /// Creates a transport through `path`.
    public init(path: String = "/usr/sbin/sendmail", options: [String] = []) {
        self.path = path
        self.options = options
    }

    /// Hands `message` to the program: `-i` (a lone dot does not end it), `-f` the sender, and the
    /// recipients after `--`, so that no address can be read as an option. A non-zero exit is an
    /// error that carries what the program said.
    public func send(_ message: MailMessage, date: Date = Date()) async throws(MailError) {
        let id = UUID().uuidString.lowercased()
        let body = try message.rendered(date: date, id: id, boundary: "=_eqms_\(id)")
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw .sendmail(path: path, status: nil, output: "not an executable program")
        }
        let arguments = options + ["-i", "-f", message.from.address, "--"] + message.to.map(\.address)
        let result: (status: Int32, output: String)
        do {
            result = try await Self.run(path, arguments, input: Data(body.utf8))
        } catch {
            throw .sendmail(path: path, status: nil, output: String(describing: error))
        }
        guard result.status == 0 else { throw .sendmail(path: path, status: result.status, output: result.output) }
    }

    /// Runs the program with `input` on its standard input; its output and errors go to one file,
    /// read once it ends (a pipe could fill while nobody reads it).
    private static func run(_ path: String, _ arguments: [String], input: Data) async throws -> (Int32, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eqms-sendmail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputURL = folder.appendingPathComponent("message")
        let outputURL = folder.appendingPathComponent("output")
        try input.write(to: inputURL)
        guard FileManager.default.createFile(atPath: outputURL.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: outputURL.path])
        }
        let output = try FileHandle(forWritingTo: outputURL)
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardInput = try FileHandle(forReadingFrom: inputURL)
        process.standardOutput = output
        process.standardError = output
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { ended in continuation.resume(returning: ended.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        let text = String(decoding: (try? Data(contentsOf: outputURL)) ?? Data(), as: UTF8.self)
        return (status, String(text.suffix(2000)))
    }
}
