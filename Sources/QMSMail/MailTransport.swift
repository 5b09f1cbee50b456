import Foundation

/// A way to hand a message to the mail system: SMTP submission or the system's `sendmail`.
public protocol MailTransport: Sendable {
    /// Delivers `message`, dated `date`; any error means it was not accepted.
    func deliver(_ message: MailMessage, date: Date) async throws(MailError)
    /// Where messages go, for people reading a run's report (`smtp://host:587`, `/usr/sbin/sendmail`).
    var destination: String { get }
}

extension SMTPClient: MailTransport {
    public func deliver(_ message: MailMessage, date: Date) async throws(MailError) {
        try await send(message, date: date)
    }

    public var destination: String { "smtp://\(settings.host):\(settings.port)" }
}

extension SendmailTransport: MailTransport {
    public func deliver(_ message: MailMessage, date: Date) async throws(MailError) {
        try await send(message, date: date)
    }

    public var destination: String { path }
}
