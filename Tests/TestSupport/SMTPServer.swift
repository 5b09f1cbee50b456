import Foundation

/// A real SMTP server for a test: `Fixtures/smtp_server.py` (aiosmtpd), started in its own folder
/// with a certificate authority of its own, and stopped by closing its standard input.
public final class SMTPServer: @unchecked Sendable {
    public let folder: TemporaryFolder
    let process = Process()
    private let input = Pipe()
    public let port: Int
    /// The test CA's certificate, which the client is told to trust.
    public let caFile: String

    /// Starts the server; `user` and `password` make authentication required, `tls: false` leaves
    /// STARTTLS out.
    public init(user: String? = nil, password: String? = nil, tls: Bool = true) throws {
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
    public static func start(user: String? = nil, password: String? = nil, tls: Bool = true) async throws -> SMTPServer
    {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do { continuation.resume(returning: try SMTPServer(user: user, password: password, tls: tls)) } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// The messages it accepted, oldest first: the raw message and its envelope.
    public func received() throws -> [(message: Data, envelope: [String: Any])] {
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
    public func stop() {
        guard process.isRunning else { return }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    /// A message as a real mail reader sees it: Python's `email` package parses it and gives its
    /// headers and decoded parts (`subject`, `from`, `to`, `language`, `type`, `unsubscribe`,
    /// `defects`, `text`, `html`).
    public static func parse(_ message: Data) throws -> [String: String] {
        let script = """
            import email, email.policy, json, sys
            m = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
            parts = {p.get_content_type(): p.get_content() for p in m.walk() if not p.is_multipart()}
            print(json.dumps({"subject": str(m["subject"]), "from": str(m["from"]), "to": str(m["to"]),
                "language": str(m["content-language"]), "type": m.get_content_type(),
                "unsubscribe": str(m["list-unsubscribe"]), "defects": str(len(m.defects)),
                "text": parts.get("text/plain", ""), "html": parts.get("text/html", "")}))
            """
        let result = try Program.run(Program.locate("python3") ?? "/usr/bin/python3", ["-c", script], input: message)
        guard result.status == 0 else { throw ProgramFailure(program: "python3 email", errors: result.errors) }
        return try JSONDecoder().decode([String: String].self, from: Data(result.output.utf8))
    }

    deinit {
        stop()
    }
}
