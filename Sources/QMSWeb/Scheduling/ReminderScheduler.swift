import Logging
import QMSCore
import QMSMail
import QMSServices
import ServiceLifecycle

/// The reminders run inside `eqms serve`: a service beside the HTTP server in one `ServiceGroup`,
/// running ``ReminderRunService/run(options:transport:)`` when it starts and then every `interval`
/// of its clock, until the group shuts down.
///
/// A run is never cut short by the shutdown (a digest half sent would wait for its claim to go
/// stale): the shutdown ends the wait between runs. Several servers on one database may each run
/// one: the deliveries' send-once keys and claims keep any reminder from going twice. A run that
/// fails is logged and the next one tries again; the scheduler itself never stops the server.
public struct ReminderScheduler<C: Clock>: Service where C.Duration == Duration {
    let qms: QMS
    let options: ReminderRunOptions
    let transport: any MailTransport
    let interval: Duration
    let clock: C
    let logger: Logger

    /// A scheduler over `clock` (a test moves a clock of its own by hand).
    public init(
        qms: QMS, options: ReminderRunOptions, transport: any MailTransport, interval: Duration, clock: C,
        logger: Logger
    ) {
        var options = options
        options.source = .scheduler
        // Each run computes for its own day: the day passes while the server runs.
        options.asOf = nil
        options.dryRun = false
        self.qms = qms
        self.options = options
        self.transport = transport
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            await runOnce()
            guard await wait() else { return }
        }
    }

    /// One run of the reminders; a failure is logged, never thrown.
    func runOnce() async {
        do {
            let report = try await qms.reminders.run(options: options, transport: transport)
            logger.debug(
                "scheduled reminders run",
                metadata: ["recorded": "\(report.recorded)", "sent": "\(report.messages.count)"])
        } catch {
            logger.error("scheduled reminders run failed", metadata: ["reason": "\(error)"])
        }
    }

    /// Waits one interval; false when the group shuts down (or the task is cancelled) first.
    private func wait() async -> Bool {
        let clock = clock
        let interval = interval
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await clock.sleep(for: interval)) != nil }
            group.addTask {
                try? await gracefulShutdown()
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}

extension ReminderScheduler where C == ContinuousClock {
    /// A scheduler on the system's clock.
    public init(
        qms: QMS, options: ReminderRunOptions, transport: any MailTransport, interval: Duration, logger: Logger
    ) {
        self.init(
            qms: qms, options: options, transport: transport, interval: interval, clock: ContinuousClock(),
            logger: logger)
    }
}
