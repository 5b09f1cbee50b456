import Foundation

/// A real OpenLDAP server for the directory tests (the directory suites and the web's sign-in): `Fixtures/slapd_server.py` starts Debian's slapd
/// in a folder of its own, with TLS under a certificate authority of its own, people, a service
/// account and groups, and stops it when its standard input closes (at ``stop()`` or when the test
/// process ends).
public final class SlapdServer: @unchecked Sendable {
    public let folder: TemporaryFolder
    let process = Process()
    private let input = Pipe()
    /// What the script printed once slapd was ready.
    public let ready: Ready

    public struct Ready: Decodable, Sendable {
        /// `ldap://127.0.0.1:N`, for StartTLS.
        public var ldap: String
        /// `ldaps://127.0.0.1:M`.
        public var ldaps: String
        /// The CA that signed the server's certificate.
        public var ca: String
        /// A CA that signed nothing the server shows.
        public var otherCA: String
        /// The directory's suffix.
        public var base: String
        /// The directory's administrator, who deletes entries.
        public var rootDN: String
        public var rootPassword: String
        /// The service account the client searches with.
        public var serviceDN: String
        public var servicePassword: String

        enum CodingKeys: String, CodingKey {
            case ldap, ldaps, ca, base
            case otherCA = "other_ca"
            case rootDN = "root_dn"
            case rootPassword = "root_password"
            case serviceDN = "service_dn"
            case servicePassword = "service_password"
        }
    }

    /// Each test user's password, as the script sets it.
    public static func password(of uid: String) -> String { "\(uid)-Passw0rd!" }

    public init() throws {
        // Fail, saying why, rather than skip: `make test` installs them, so a missing one is a
        // broken machine, not a reason to test less.
        for program in ["/usr/sbin/slapd", "/usr/sbin/slappasswd"]
        where !FileManager.default.isExecutableFile(
            atPath: program)
        {
            throw ProgramFailure(program: program, errors: "missing: install Debian's slapd (make test does)")
        }
        for program in ["ldapadd", "ldapdelete", "openssl"] where Program.locate(program) == nil {
            throw ProgramFailure(program: program, errors: "missing: install ldap-utils and openssl (make test does)")
        }
        folder = try TemporaryFolder(prefix: "eqms-slapd")
        let script = Repository.fixtures(of: "QMSDirectoryTests").appendingPathComponent("slapd_server.py").path
        guard let line = try Program.startServer(script, [folder.url.path], process: process, input: input) else {
            let log = (try? String(contentsOf: folder.file("slapd.log"), encoding: .utf8)) ?? ""
            throw ProgramFailure(program: "slapd_server.py", errors: "ended before it was ready\n\(log)")
        }
        ready = try JSONDecoder().decode(Ready.self, from: line)
    }

    /// The shared server of the suite, started once, off the concurrency pool: the script waits
    /// for openssl, slappasswd and slapd, which blocks a thread.
    public static let shared: Task<SlapdServer, any Error> = Task {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do { continuation.resume(returning: try SlapdServer()) } catch { continuation.resume(throwing: error) }
            }
        }
    }

    /// Deletes an entry behind the application's back, with the real `ldapdelete` as the directory's
    /// administrator.
    public func delete(_ dn: String) throws {
        let result = try Program.run(
            Program.locate("ldapdelete") ?? "/usr/bin/ldapdelete",
            ["-x", "-H", ready.ldap, "-D", ready.rootDN, "-w", ready.rootPassword, dn])
        guard result.status == 0 else { throw ProgramFailure(program: "ldapdelete", errors: result.errors) }
    }

    /// Stops it and waits until it has.
    public func stop() {
        guard process.isRunning else { return }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    deinit {
        stop()
    }
}
