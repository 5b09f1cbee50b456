import ArgumentParser
import Foundation
import QMSCore
import QMSMail
import QMSPresentation
import QMSServices

/// How reminders are mailed: SMTP submission or the system's sendmail, from flags or the
/// environment (a flag wins over its variable).
struct MailOptions: ParsableArguments {
    @Option(
        name: .customLong("smtp-host"),
        help: ArgumentHelp("The mail server for submission ($EQMS_SMTP_HOST).", valueName: "HOST"))
    var host: String?
    @Option(
        name: .customLong("smtp-port"),
        help: ArgumentHelp("Its port ($EQMS_SMTP_PORT; default 587, or 465 with --smtp-security tls).", valueName: "N"))
    var port: Int?
    @Option(
        name: .customLong("smtp-security"),
        help: ArgumentHelp(
            "starttls (default), tls from the first byte, or none for a relay on this machine ($EQMS_SMTP_SECURITY).",
            valueName: "MODE"))
    var security: String?
    @Option(
        name: .customLong("smtp-user"),
        help: ArgumentHelp(
            "The account to authenticate as; its password is read from $EQMS_SMTP_PASSWORD ($EQMS_SMTP_USER).",
            valueName: "NAME"))
    var user: String?
    @Option(
        name: .customLong("smtp-ca-file"),
        help: ArgumentHelp(
            "A PEM file of the CA the server's certificate must chain to, for a private CA ($EQMS_SMTP_CA_FILE).",
            valueName: "FILE"))
    var caFile: String?
    @Option(
        name: .customLong("sendmail"),
        help: ArgumentHelp(
            "Hand messages to this sendmail-compatible program instead of SMTP ($EQMS_SENDMAIL).", valueName: "PATH"))
    var sendmail: String?
    @Option(
        name: .customLong("mail-from"),
        help: ArgumentHelp("The sender of the reminders ($EQMS_MAIL_FROM).", valueName: "ADDRESS"))
    var from: String?
    @Option(
        name: .customLong("base-url"),
        help: ArgumentHelp(
            "The web application's address, for each item's link ($EQMS_BASE_URL, else http://127.0.0.1:8080).",
            valueName: "URL"))
    var baseURL: String?

    private static func environment(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    var base: String { baseURL ?? Self.environment("EQMS_BASE_URL") ?? "http://127.0.0.1:8080" }

    /// The sender's mailbox.
    func sender() throws -> MailAddress {
        guard let text = from ?? Self.environment("EQMS_MAIL_FROM") else {
            throw ValidationError("give the sender with --mail-from or $EQMS_MAIL_FROM")
        }
        do { return try MailAddress(text, name: "ElectoralQMS") } catch {
            throw ValidationError("--mail-from \(text) is not an address such as qms@example.org")
        }
    }

    /// The transport the flags and environment name; `required` false (a dry run) accepts none.
    func transport(required: Bool) throws -> any MailTransport {
        if let path = sendmail ?? Self.environment("EQMS_SENDMAIL") { return SendmailTransport(path: path) }
        guard let host = host ?? Self.environment("EQMS_SMTP_HOST") else {
            guard !required else {
                throw ValidationError("give a mail server with --smtp-host, or a program with --sendmail")
            }
            return SendmailTransport()
        }
        let modeText = security ?? Self.environment("EQMS_SMTP_SECURITY") ?? "starttls"
        guard let mode = SMTPSettings.Security(rawValue: modeText) else {
            throw ValidationError("--smtp-security is starttls, tls or none, not \(modeText)")
        }
        let portText = port.map(String.init) ?? Self.environment("EQMS_SMTP_PORT")
        guard let number = portText.map({ Int($0) }) ?? (mode == .tls ? 465 : 587), (1...65535).contains(number)
        else {
            throw ValidationError("--smtp-port is a port number from 1 to 65535")
        }
        let account = user ?? Self.environment("EQMS_SMTP_USER")
        let password = Self.environment("EQMS_SMTP_PASSWORD")
        if account != nil, password == nil {
            throw ValidationError("set EQMS_SMTP_PASSWORD to the password of --smtp-user")
        }
        if account != nil, mode == .none {
            throw ValidationError("--smtp-user needs --smtp-security starttls or tls: no password is sent in clear")
        }
        let ca = caFile ?? Self.environment("EQMS_SMTP_CA_FILE")
        if let ca, !FileManager.default.isReadableFile(atPath: ca) {
            throw ValidationError("--smtp-ca-file \(ca) cannot be read")
        }
        return SMTPClient(
            settings: SMTPSettings(
                host: host, port: number, security: mode, username: account, password: password, caFile: ca,
                heloName: ProcessInfo.processInfo.hostName))
    }
}

extension NotifyCommand {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "E-mail each user the digest of their reminders: once per item and threshold, failures retried.",
            discussion: """
                Meant for cron, every hour or once a day. Each reminder is recorded once per user, item and
                threshold, so a run beside another (or beside the server) sends nothing twice. A digest
                that fails stays in the outbox (eqms notify outbox) and is retried with a growing wait.
                Users choose a daily or weekly digest, or none, and unsubscribe from kinds, in their profile.

                eqms notify run --smtp-host mail.example.org --smtp-user qms --mail-from qms@example.org
                eqms notify run --sendmail /usr/sbin/sendmail --mail-from qms@example.org
                eqms notify run --as-of 2027-01-31 --dry-run      what would go on that day
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var mail: MailOptions
        @Option(help: "The day to compute for, YYYY-MM-DD (default: today).") var asOf: String?
        @Flag(help: "Show what would be sent; send nothing and record nothing.") var dryRun = false

        func validate() throws { _ = try DayArgument.date(asOf, option: "--as-of") }

        func run() async throws {
            let transport = try mail.transport(required: !dryRun)
            // A dry run sends nothing, so it needs no sender.
            let from =
                try dryRun && (try? mail.sender()) == nil ? MailAddress("qms@localhost.localdomain") : mail.sender()
            let qms = try await global.open()
            let report = try await qms.reminders.run(
                options: ReminderRunOptions(
                    asOf: try DayArgument.date(asOf, option: "--as-of"), dryRun: dryRun, base: mail.base, from: from),
                transport: transport)
            if global.json { return try Console.json(report) }
            let language = global.lang
            let numbers = NumberFormatting(PresentationLocale(language))
            if !report.messages.isEmpty {
                var table = Table(
                    Strings.headers(
                        [
                            "reminder_header_user", "reminder_header_address", "reminder_header_items",
                            "reminder_header_outcome", "reminder_header_reason", "reminder_header_next",
                        ], language))
                for message in report.messages {
                    let outcome: String
                    switch message.outcome {
                    case .sent: outcome = message.retry ? "reminder_outcome_retried" : "reminder_outcome_sent"
                    case .failed: outcome = "reminder_outcome_failed"
                    case .wouldSend: outcome = "reminder_outcome_would_send"
                    }
                    table.add([
                        message.user, message.address ?? "", numbers.integer(message.items.count),
                        Strings.text(outcome, language), message.reason.map { DueWording.reason($0, language) } ?? "",
                        message.retryAt?.description ?? "",
                    ])
                }
                Console.out(table.render())
            } else {
                Console.out(Strings.text("reminder_run_none", language))
            }
            Console.note(
                Messages.shared.text(
                    "reminder_run_summary", language,
                    [
                        "recorded": numbers.integer(report.recorded),
                        "sent": numbers.integer(report.messages.filter { $0.outcome == .sent }.count),
                        "failed": numbers.integer(report.messages.filter { $0.outcome == .failed }.count),
                        "waiting": numbers.integer(report.waiting),
                    ]))
            if dryRun { Console.note(Strings.text("reminder_run_dry", language)) }
            if report.messages.contains(where: { $0.outcome == .failed }) { throw ExitCode(75) }
        }
    }

    struct Outbox: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The reminders not yet sent: waiting for their digest, or failed with the reason and next try.",
            discussion: """
                eqms notify outbox                 what is waiting or failed
                eqms notify outbox --retry-now     try every failed one at the next run
                """)
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Bring every failed delivery forward to the next run.") var retryNow = false

        func run() async throws {
            let qms = try await global.open()
            let language = global.lang
            if retryNow {
                let count = try await qms.reminders.retryNow()
                Console.note(
                    Messages.shared.text(
                        "reminder_retried", language,
                        ["count": NumberFormatting(PresentationLocale(language)).integer(count)]))
            }
            let outbox = try await qms.reminders.outbox()
            if global.json { return try Console.json(outbox) }
            guard !outbox.isEmpty else { return Console.out(Strings.text("reminder_outbox_empty", language)) }
            var table = Table(
                Strings.headers(
                    [
                        "reminder_header_user", "reminder_header_item", "reminder_header_threshold",
                        "reminder_header_status", "reminder_header_attempts", "reminder_header_next",
                        "reminder_header_reason",
                    ], language))
            let numbers = NumberFormatting(PresentationLocale(language))
            for delivery in outbox {
                table.add([
                    delivery.key.user, delivery.item.record.reference,
                    DueWording.threshold(delivery.item.threshold, language),
                    DueWording.status(delivery.status, language), numbers.integer(delivery.attempts),
                    delivery.nextAttempt?.description ?? "",
                    delivery.lastError.map { DueWording.reason($0, language) } ?? "",
                ])
            }
            Console.out(table.render())
        }
    }
}
