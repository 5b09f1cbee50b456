import Foundation
import TestSupport

/// A real SMTP server for a test: `Fixtures/smtp_server.py` (aiosmtpd), started in its own folder
/// with a certificate authority of its own, and stopped by closing its standard input.
final class SMTPServer: @unchecked Sendable {
    let folder: TemporaryFolder
    let process = Process()
    private let input = Pipe()
    let port: Int
    /// The test CA's certificate, which the client is told to trust.
    let caFile: String

    /// Starts the server; `user` and `password` make authentication required, `tls: false` leaves
    /// STARTTLS out.
    init(user: String? = nil, password: String? = nil, tls: Bool = true) throws {
        folder = try TemporaryFolder(prefix: "eqms-smtp")
        let script = Repository.fixtures(of: "QMSMailTests").appendingPathComponent("smtp_server.py").path
        var arguments = [folder.url.path]
        if let user, let password { arguments += ["--user", user, "--password", password] }
        if !tls { arguments.append("--no-tls") }
        // The first line says where it listens, once it accepts connections.
        guard let line = try Program.startServer(script, arguments, process: process, input: input) else {
            throw ProgramFailure(program: "smtp_server.py", errors: "ended before it was ready")
        }
        struct Ready: Decodable {
            var port: Int
            var ca: String
        }
        let ready = try JSONDecoder().decode(Ready.self, from: line)
        port = ready.port
        caFile = ready.ca
    }

    /// Starts a server off the concurrency pool: waiting for Python and openssl blocks a thread,
    /// and the pool has only as many threads as the machine has cores.
    static func start(user: String? = nil, password: String? = nil, tls: Bool = true) async throws -> SMTPServer {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do { continuation.resume(returning: try SMTPServer(user: user, password: password, tls: tls)) } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// The messages it accepted, oldest first: the raw message and its envelope.
    func received() throws -> [(message: Data, envelope: [String: Any])] {
        let spool = folder.file("spool")
        let names = try FileManager.default.contentsOfDirectory(atPath: spool.path).filter { $0.hasSuffix(".eml") }
            .sorted()
        return try names.map { name in
            let message = try Data(contentsOf: spool.appendingPathComponent(name))
            let envelopeURL = spool.appendingPathComponent(name.replacingOccurrences(of: ".eml", with: ".json"))
            let envelope =
                try JSONSerialization.jsonObject(with: Data(contentsOf: envelopeURL)) as? [String: Any] ?? [:]
            return (message, envelope)
        }
    }

    /// Stops it and waits until it has.
    func stop() {
        guard process.isRunning else { return }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    deinit {
        stop()
    }
}
