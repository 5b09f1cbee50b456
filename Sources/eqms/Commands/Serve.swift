import ArgumentParser
import Foundation
import Logging
import QMSCore
import QMSFormats
import QMSMail
import QMSServices
import QMSStore
import QMSWeb
import ServiceLifecycle

/// `eqms serve`: the web application.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the web application.",
        discussion: """
            Serves the database on http://HOST:PORT until stopped (Ctrl-C or SIGTERM stop it gracefully).
            With --demo, a database that does not exist yet is created with the standards and a
            sample organisation (users, evidence), and the demo sign-ins are printed.
            With a sender (--mail-from or $EQMS_MAIL_FROM), the server also e-mails the reminders
            every --reminder-minutes (as eqms notify run does), beside the pages; 0 turns that off.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var standards: StandardsOption
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on.") var port = 8080
    @Flag(help: "Mark cookies Secure (when served behind TLS).") var secureCookies = false
    @Flag(help: "Create a demo database first if there is none.") var demo = false
    @Option(
        name: .customLong("trusted-proxy"),
        help: ArgumentHelp(
            "The address of a reverse proxy whose X-Forwarded-For names the client (repeatable).",
            valueName: "ADDRESS"))
    var trustedProxies: [String] = []
    @Option(
        help: ArgumentHelp(
            "Minutes without use after which a web session ends.",
            discussion: "Default: $EQMS_SESSION_IDLE_MINUTES, else 30.", valueName: "minutes"))
    var sessionIdleMinutes: Int?
    @Option(
        help: ArgumentHelp(
            "Hours after sign-in after which a web session ends, used or not.",
            discussion: "Default: $EQMS_SESSION_HOURS, else 12.", valueName: "hours"))
    var sessionHours: Int?

    /// The sessions' lifetimes: the options, else the environment, else 30 minutes and 12 hours.
    var sessionLifetime: SessionLifetime {
        get throws {
            let environment = ProcessInfo.processInfo.environment
            func value(_ option: Int?, _ name: String, _ fallback: Int, _ flag: String) throws -> Int {
                if let option { return option }
                guard let text = environment[name], !text.isEmpty else { return fallback }
                guard let number = Int(text), number > 0 else {
                    throw ValidationError("$\(name) must be a whole number above 0 (as --\(flag))")
                }
                return number
            }
            return SessionLifetime(
                idleMinutes: try value(sessionIdleMinutes, "EQMS_SESSION_IDLE_MINUTES", 30, "session-idle-minutes"),
                absoluteHours: try value(sessionHours, "EQMS_SESSION_HOURS", 12, "session-hours"))
        }
    }
    @OptionGroup var directory: DirectoryOptions
    @Option(help: "Minutes between two directory syncs (with --ldap-uri).") var ldapSyncMinutes = 15
    @OptionGroup var mail: MailOptions
    @Option(
        help: ArgumentHelp(
            "Minutes between two runs of the e-mailed reminders inside the server (0: none).",
            discussion: "Default: $EQMS_REMINDER_MINUTES, else 60. Runs only with a sender (--mail-from).",
            valueName: "minutes"))
    var reminderMinutes: Int?

    /// The minutes between two reminder runs: the option, else the environment, else 60.
    var reminderInterval: Int {
        get throws {
            if let reminderMinutes { return reminderMinutes }
            guard let text = ProcessInfo.processInfo.environment["EQMS_REMINDER_MINUTES"], !text.isEmpty else {
                return 60
            }
            guard let number = Int(text), number >= 0 else {
                throw ValidationError(
                    "$EQMS_REMINDER_MINUTES must be a whole number, 0 or more (as --reminder-minutes)")
            }
            return number
        }
    }

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        if let minutes = sessionIdleMinutes, minutes < 1 {
            throw ValidationError("--session-idle-minutes must be 1 or more")
        }
        if let hours = sessionHours, hours < 1 { throw ValidationError("--session-hours must be 1 or more") }
        if let minutes = reminderMinutes, minutes < 0 { throw ValidationError("--reminder-minutes must be 0 or more") }
    }

    func run() async throws {
        var logger = Logger(label: "eqms.web")
        logger.logLevel = .info
        let path = global.postgresURL.map { (try? DatabaseURL($0).display) ?? "postgres" } ?? global.databasePath
        var qms: QMS
        if demo, let url = global.postgresURL {
            (qms, _) = try await SetupService.initialise(
                databaseURL: url, library: try standards.library(), actor: global.actorName)
            if try await !DemoService.isSeeded(qms) {
                try await DemoService.seed(qms, plans: Self.demoPlans())
                Console.note("Seeded \(path) with a demo organisation.")
            }
        } else if demo && !FileManager.default.fileExists(atPath: path) {
            (qms, _) = try await SetupService.initialise(
                databasePath: path, library: try standards.library(), actor: global.actorName, files: global.filesFolder
            )
            try await DemoService.seed(qms, plans: Self.demoPlans())
            Console.note("Created \(path) with a demo organisation.")
        } else {
            qms = try await global.open()
        }
        if demo {
            Console.note("Demo sign-ins (sample data only):")
            for account in DemoService.accounts {
                Console.note(
                    "  \(account.username.padding(toLength: 8, withPad: " ", startingAt: 0)) \(account.password)  (\(account.role))"
                )
            }
        }
        var configuration = WebConfiguration(
            host: host, port: port, secureCookies: secureCookies, sessions: try sessionLifetime,
            trustedProxies: Set(trustedProxies))
        configuration.directory = try directory.client()
        if let client = configuration.directory {
            DirectorySync.start(qms: qms, client: client, minutes: ldapSyncMinutes, logger: logger)
        } else {
            // Without flags, the settings an administrator saved on the directory page, read again
            // at each round so that a change there needs no restart.
            DirectorySync.startFromSettings(qms: qms, logger: logger)
        }
        let app = try await WebApplication.build(
            qms: qms.acting(as: "web"), configuration: configuration, logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: app)]
        let minutes = try reminderInterval
        if minutes > 0, let from = try? mail.sender() {
            services.append(
                .init(
                    service: ReminderScheduler(
                        qms: qms.acting(as: "scheduler"),
                        options: ReminderRunOptions(base: mail.base, from: from, source: .scheduler),
                        transport: try mail.transport(required: false), interval: .seconds(minutes * 60),
                        logger: logger)))
            Console.note("Reminders are e-mailed every \(minutes) minutes from \(from.address).")
        }
        Console.note("ElectoralQMS is serving \(path) on http://\(host):\(port)/")
        // The server and the reminders' scheduler stop together on SIGTERM or Ctrl-C.
        try await ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        ).run()
    }

    /// The Plans folder for the demo's sample work plans; without it the demo has none, and says so.
    static func demoPlans() -> PlansLibrary? {
        do {
            return try PlansLibrary.locate()
        } catch let error {
            Console.note(
                "The demo has no work plans: \(FixWording.what(error)) (\(error.fix.map(FixWording.text(for:)) ?? "set EQMS_PLANS"))."
            )
            return nil
        }
    }
}
