import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

/// How to reach the organisation's mail server for submission.
public struct SMTPSettings: Sendable, Hashable {
    /// How the connection is protected.
    public enum Security: String, Sendable, Hashable, CaseIterable {
        /// STARTTLS after the greeting (submission, port 587); refuses a server that does not offer it.
        case startTLS = "starttls"
        /// TLS from the first byte (port 465).
        case tls
        /// No TLS: only for a relay on the same machine; no password is ever sent this way.
        case none
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// A PEM file of the certificate authorities to trust instead of the system's, for a
    /// commission's private CA.
    public var caFile: String?
    /// The name this side gives in EHLO.
    public var heloName: String
    /// The most one delivery may take, from connecting to the last reply.
    public var timeout: TimeAmount

    /// Creates settings.
    public init(
        host: String, port: Int = 587, security: Security = .startTLS, username: String? = nil,
        password: String? = nil, caFile: String? = nil, heloName: String = "localhost",
        timeout: TimeAmount = .seconds(30)
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.caFile = caFile
        self.heloName = heloName
        self.timeout = timeout
    }
}

/// A reply of an SMTP server: its code and its lines of text.
public struct SMTPReply: Sendable, Hashable {
    public var code: Int
    public var lines: [String]

    var text: String { lines.joined(separator: " ") }

    /// Not a reply: the mark the decoder puts in the stream when TLS is up.
    static let handshakeCompleted = SMTPReply(code: 0, lines: [])
}

/// Delivers messages by SMTP submission, one connection a message.
public struct SMTPClient: Sendable {
    public let settings: SMTPSettings

    /// Creates a client for the server the settings name.
    public init(settings: SMTPSettings) {
        self.settings = settings
    }

    /// Sends `message` to its recipients; returns the server's last reply to the data. A message
    /// the server accepted is the server's to deliver; any error means it was not accepted.
    @discardableResult
    public func send(_ message: MailMessage, date: Date = Date()) async throws(MailError) -> SMTPReply {
        let id = UUID().uuidString.lowercased()
        let body = try message.rendered(date: date, id: id, boundary: "=_eqms_\(id)")
        let tls = try tlsContext()
        let connection = try await SMTPConnection.open(settings, tls: settings.security == .tls ? tls : nil)
        do {
            let reply = try await connection.deliver(message, body: body, settings: settings, tls: tls)
            await connection.quit()
            return reply
        } catch {
            await connection.close()
            throw error
        }
    }

    private func tlsContext() throws(MailError) -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let caFile = settings.caFile {
            do {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
            } catch {
                throw .caFile(path: caFile, reason: String(describing: error))
            }
        }
        do { return try NIOSSLContext(configuration: configuration) } catch {
            throw .tls(String(describing: error))
        }
    }
}

/// One SMTP session: replies arrive through a stream fed by the channel's handler.
private final class SMTPConnection: @unchecked Sendable {
    // Used from one task at a time: `SMTPClient.send` drives the session step by step.
    let channel: any Channel
    var replies: AsyncThrowingStream<SMTPReply, any Error>.AsyncIterator
    let timeout: TimeAmount
    let host: String
    /// Set when the server kept silent past the timeout and the session closed the channel.
    private let silence = Silence()

    private init(
        channel: any Channel, replies: AsyncThrowingStream<SMTPReply, any Error>, timeout: TimeAmount, host: String
    ) {
        self.channel = channel
        self.replies = replies.makeAsyncIterator()
        self.timeout = timeout
        self.host = host
    }

    static func open(_ settings: SMTPSettings, tls: NIOSSLContext?) async throws(MailError) -> SMTPConnection {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: SMTPReply.self, throwing: (any Error).self)
        let host = settings.host
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(settings.timeout)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls {
                            try channel.pipeline.syncOperations.addHandler(
                                try NIOSSLClientHandler(context: tls, serverHostname: SMTPConnection.sni(host)))
                        }
                        try channel.pipeline.syncOperations.addHandler(SMTPReplyDecoder(continuation))
                    }
                }
                .connect(host: settings.host, port: settings.port).get()
            return SMTPConnection(channel: channel, replies: stream, timeout: settings.timeout, host: host)
        } catch {
            throw .unreachable(host: settings.host, port: settings.port, reason: String(describing: error))
        }
    }

    /// The name sent for SNI and checked against the certificate; nil for an IP address, whose
    /// certificate NIOSSL checks against the address itself.
    static func sni(_ host: String) -> String? {
        host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" } ? nil : host
    }

    func deliver(_ message: MailMessage, body: String, settings: SMTPSettings, tls: NIOSSLContext)
        async throws(MailError)
        -> SMTPReply
    {
        if settings.security == .tls { try await handshake() }
        try await expect(200..<300, during: "greeting")
        var extensions = try await ehlo(settings.heloName)
        var secure = settings.security == .tls
        if settings.security == .startTLS {
            guard extensions.contains("STARTTLS") else { throw .startTLSNotOffered }
            try await command("STARTTLS", expecting: 200..<300)
            do {
                try await channel.eventLoop.submit { [channel, host] in
                    try channel.pipeline.syncOperations.addHandler(
                        try NIOSSLClientHandler(context: tls, serverHostname: SMTPConnection.sni(host)),
                        position: .first)
                }.get()
            } catch {
                throw .tls(String(describing: error))
            }
            try await handshake()
            secure = true
            // RFC 3207: what the server said before TLS is forgotten; ask again.
            extensions = try await ehlo(settings.heloName)
        }
        if let username = settings.username, let password = settings.password {
            guard secure else { throw .startTLSNotOffered }
            let credentials = Data("\u{0}\(username)\u{0}\(password)".utf8).base64EncodedString()
            do {
                try await command("AUTH PLAIN \(credentials)", expecting: 235..<236, shown: "AUTH PLAIN")
            } catch .refused(_, let code, let text) {
                throw .authenticationRefused(code: code, text: text)
            }
        }
        try await command("MAIL FROM:<\(message.from.address)>", expecting: 200..<300)
        for recipient in message.to {
            try await command("RCPT TO:<\(recipient.address)>", expecting: 200..<300)
        }
        try await command("DATA", expecting: 354..<355)
        // Dot-stuffing (RFC 5321, 4.5.2): a line that starts with a dot gets a second one.
        let stuffed = body.replacingOccurrences(of: "\r\n.", with: "\r\n..")
        try await write(
            (stuffed.hasPrefix(".") ? "." : "") + stuffed + (stuffed.hasSuffix("\r\n") ? "" : "\r\n") + ".\r\n")
        return try await expect(200..<300, during: "DATA")
    }

    func quit() async {
        _ = try? await command("QUIT", expecting: 200..<300)
        await close()
    }

    func close() async {
        try? await channel.close()
    }

    /// The next reply. A server that says nothing for the timeout must not hold a delivery for
    /// ever: the channel is closed, which ends the stream. The timeout is per reply, not for the
    /// whole session, so that a slow but live server (or a loaded machine) still gets through.
    private func nextReply(during step: String) async throws(MailError) -> SMTPReply? {
        let channel = self.channel
        let silence = self.silence
        let timer = channel.eventLoop.scheduleTask(in: timeout) {
            silence.mark()
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        do {
            let reply = try await replies.next()
            if reply == nil, silence.marked { throw MailError.timedOut(during: step) }
            return reply
        } catch {
            if silence.marked { throw .timedOut(during: step) }
            if let mail = error as? MailError { throw mail }
            if error is NIOSSLError || error is BoringSSLError || step == "TLS" {
                throw .tls(String(describing: error))
            }
            throw .closed(during: "\(step): \(error)")
        }
    }

    private func ehlo(_ name: String) async throws(MailError) -> Set<String> {
        let reply = try await command("EHLO \(name)", expecting: 200..<300)
        return Set(reply.lines.dropFirst().map { $0.split(separator: " ").first.map { $0.uppercased() } ?? "" })
    }

    @discardableResult
    private func command(_ line: String, expecting codes: Range<Int>, shown: String? = nil) async throws(MailError)
        -> SMTPReply
    {
        try await write(line + "\r\n")
        let name = shown ?? String(line.prefix { $0 != " " && $0 != ":" })
        return try await expect(codes, during: name)
    }

    private func write(_ text: String) async throws(MailError) {
        do {
            try await channel.writeAndFlush(channel.allocator.buffer(string: text))
        } catch {
            throw .closed(during: String(text.prefix { $0 != " " && $0 != "\r" }))
        }
    }

    private func handshake() async throws(MailError) {
        let reply = try await nextReply(during: "TLS")
        guard let reply else { throw .tls("the connection closed during the handshake") }
        guard reply == .handshakeCompleted else { throw .protocolViolation("a reply before the TLS handshake ended") }
    }

    @discardableResult
    private func expect(_ codes: Range<Int>, during step: String) async throws(MailError) -> SMTPReply {
        let reply = try await nextReply(during: step)
        guard let reply else { throw .closed(during: step) }
        guard codes.contains(reply.code) else { throw .refused(command: step, code: reply.code, text: reply.text) }
        return reply
    }
}

/// Whether a session's timer went off: set on the event loop, read by the session's task.
private final class Silence: @unchecked Sendable {
    // A lock, not an atomic: the Swift packages here give this module no atomics of its own.
    private let lock = NSLock()
    private var value = false

    func mark() { lock.withLock { value = true } }

    var marked: Bool { lock.withLock { value } }
}

/// Splits the bytes a server sends into replies (RFC 5321, 4.2): lines `250-…` continue a reply,
/// `250 …` ends it.
private final class SMTPReplyDecoder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let continuation: AsyncThrowingStream<SMTPReply, any Error>.Continuation
    private var pending: [UInt8] = []
    private var lines: [String] = []

    init(_ continuation: AsyncThrowingStream<SMTPReply, any Error>.Continuation) {
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        pending.append(contentsOf: buffer.readableBytesView)
        while let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
            var line = pending[..<end]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            pending.removeSubrange(...end)
            let text = String(decoding: line, as: UTF8.self)
            let digits = text.prefix(3)
            guard digits.count == 3, digits.allSatisfy(\.isASCII), let code = Int(digits) else {
                fail(context, MailError.protocolViolation(String(text.prefix(200))))
                return
            }
            let rest = text.dropFirst(3)
            lines.append(String(rest.dropFirst()))
            if rest.first != "-" {
                continuation.yield(SMTPReply(code: code, lines: lines))
                lines = []
            }
        }
        // A reply line is at most 512 octets (RFC 5321, 4.5.3.1.5); anything far longer is not SMTP.
        if pending.count > 64 * 1024 { fail(context, MailError.protocolViolation("a line over 64 KiB")) }
    }

    // NIOSSL says when the handshake is done; the session waits for it before it says anything
    // over TLS, so that a refused certificate is told apart from a server that hung up.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tls = event as? TLSUserEvent, case .handshakeCompleted = tls {
            continuation.yield(SMTPReply.handshakeCompleted)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(context, error)
    }

    private func fail(_ context: ChannelHandlerContext, _ error: any Error) {
        continuation.finish(throwing: error)
        context.close(promise: nil)
    }
}
