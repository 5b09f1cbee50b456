import Foundation
import TestSupport

/// A real OpenLDAP server for the directory tests: `Fixtures/slapd_server.py` starts Debian's slapd
/// in a folder of its own, with TLS under a certificate authority of its own, people, a service
/// account and groups, and stops it when its standard input closes (at ``stop()`` or when the test
/// process ends).
final class SlapdServer: @unchecked Sendable {
    let folder: TemporaryFolder
    let process = Process()
    private let input = Pipe()
    /// What the script printed once slapd was ready.
    let ready: Ready

    struct Ready: Decodable {
        /// `ldap://127.0.0.1:N`, for StartTLS.
        var ldap: String
        /// `ldaps://127.0.0.1:M`.
        var ldaps: String
        /// The CA that signed the server's certificate.
        var ca: String
        /// A CA that signed nothing the server shows.
        var otherCA: String
        /// The directory's suffix.
        var base: String
        /// The directory's administrator, who deletes entries.
        var rootDN: String
        var rootPassword: String
        /// The service account the client searches with.
        var serviceDN: String
        var servicePassword: String

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
    static func password(of uid: String) -> String { "\(uid)-Passw0rd!" }

    init() throws {
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
    static let shared: Task<SlapdServer, any Error> = Task {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do { continuation.resume(returning: try SlapdServer()) } catch { continuation.resume(throwing: error) }
            }
        }
    }

    /// Deletes an entry behind the application's back, with the real `ldapdelete` as the directory's
    /// administrator.
    func delete(_ dn: String) throws {
        let result = try Program.run(
            Program.locate("ldapdelete") ?? "/usr/bin/ldapdelete",
            ["-x", "-H", ready.ldap, "-D", ready.rootDN, "-w", ready.rootPassword, dn])
        guard result.status == 0 else { throw ProgramFailure(program: "ldapdelete", errors: result.errors) }
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
