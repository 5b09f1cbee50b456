/// Why a message could not be written or delivered: data for the outbox and the logs, worded by
/// the presentation layer.
public enum MailError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An address that is not `local@domain` in printable ASCII.
    case invalidAddress(String)
    /// A header name that is not printable ASCII without a colon.
    case invalidHeader(String)
    /// A message with nobody to send it to.
    case noRecipient
    /// The server could not be reached: the host, port and the system's reason.
    case unreachable(host: String, port: Int, reason: String)
    /// The server did not offer STARTTLS though the settings ask for it: nothing, and no password,
    /// is sent in clear.
    case startTLSNotOffered
    /// The TLS handshake failed: most often a certificate that the trusted authorities do not vouch
    /// for, or that names another host.
    case tls(String)
    /// The CA file given for the server's certificate could not be read.
    case caFile(path: String, reason: String)
    /// The server refused the user name or password.
    case authenticationRefused(code: Int, text: String)
    /// The server refused a step: the command, its code and its text. Codes 4xx are worth a retry.
    case refused(command: String, code: Int, text: String)
    /// The server closed the connection, or did not answer within the time allowed.
    case closed(during: String)
    /// The server said nothing for the time allowed for one reply.
    case timedOut(during: String)
    /// The server answered with something that is not an SMTP reply.
    case protocolViolation(String)
    /// The system's `sendmail` program could not be run, or refused the message: its path, its exit
    /// status when it ran, and the end of what it printed.
    case sendmail(path: String, status: Int32?, output: String)

    /// Whether trying again later may succeed: the server unreachable or busy, or a 4xx reply.
    public var isTransient: Bool {
        switch self {
        case .unreachable, .closed, .timedOut: return true
        case .refused(_, let code, _): return (400..<500).contains(code)
        // EX_TEMPFAIL from sysexits.h: the program could not deliver now and says to try later.
        case .sendmail(_, let status, _): return status == 75
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .invalidAddress(let address): return "invalid address \(address)"
        case .invalidHeader(let name): return "invalid header name \(name)"
        case .noRecipient: return "no recipient"
        case .unreachable(let host, let port, let reason): return "\(host):\(port) unreachable: \(reason)"
        case .startTLSNotOffered: return "the server does not offer STARTTLS"
        case .tls(let reason): return "TLS failed: \(reason)"
        case .caFile(let path, let reason): return "CA file \(path): \(reason)"
        case .authenticationRefused(let code, let text): return "authentication refused: \(code) \(text)"
        case .refused(let command, let code, let text): return "\(command) refused: \(code) \(text)"
        case .closed(let during): return "connection closed during \(during)"
        case .timedOut(let step): return "no reply in time during \(step)"
        case .protocolViolation(let line): return "not an SMTP reply: \(line)"
        case .sendmail(let path, let status, let output):
            return "\(path) failed\(status.map { " with status \($0)" } ?? ""): \(output)"
        }
    }
}
