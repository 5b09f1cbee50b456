import Foundation
import Logging
import QMSCore
import QMSFormats
import QMSMail
import QMSServices
import QMSStore
import ServiceLifecycle
import Synchronization
import TestSupport
import Testing

@testable import QMSWeb

/// The application's day and hour, moved by the test together with the scheduler's clock.
private final class WallClock: Sendable {
    private let milliseconds: Mutex<Int64>

    init(_ day: String) throws {
        milliseconds = Mutex(Int64(try CalendarDate(parsing: day).daysSinceEpoch) * 86_400_000 + 10 * 3_600_000)
    }

    var date: Date { Date(timeIntervalSince1970: Double(milliseconds.withLock { $0 }) / 1000) }
    var instant: Instant { Instant(millisecondsSince1970: milliseconds.withLock { $0 }) }
    func advance(hours: Int) { milliseconds.withLock { $0 += Int64(hours) * 3_600_000 } }
}

private let hour = Duration.seconds(3600)

private func smtp(_ server: SMTPServer) -> SMTPClient {
    SMTPClient(
        settings: SMTPSettings(
            host: "localhost", port: server.port, username: "qms", password: "s3cret-submission",
            caFile: server.caFile, timeout: .seconds(30)))
}

/// A quality manager with an address, and a record of hers due on 2026-12-12: the 7-day reminder
/// on 2026-12-07, the 1-day one on 2026-12-11.
private func fill(_ qms: QMS) async throws {
    try await qms.users.add(
        try User(username: "qm1", displayName: "Sara Quality", role: .qualityManager, email: "qm1@iec.example.jo"))
    _ = try await qms.evidence.add(
        EvidenceDraft(
            title: "Staff roster", kind: .note, owner: "qm1", effectiveFrom: try CalendarDate(parsing: "2026-01-01"),
            collectedOn: try CalendarDate(parsing: "2026-01-01"), validUntil: try CalendarDate(parsing: "2026-12-12"),
            reviewDue: nil, confidentiality: .internal,
            requirements: [try RequirementKey(parsing: "iso-9001-2015:7.5.3")]
        ))
}

private func scheduler(_ qms: QMS, _ server: SMTPServer, _ clock: ManualClock) throws -> ReminderScheduler<ManualClock>
{
    ReminderScheduler(
        qms: qms,
        options: ReminderRunOptions(
            base: "https://qms.iec.example.jo", from: try MailAddress("qms@iec.example.jo", name: "ElectoralQMS")),
        transport: smtp(server), interval: hour, clock: clock, logger: Logger(label: "test.scheduler"))
}

/// Runs `schedulers` in a service group each, as `eqms serve` does, checks what reaches the mail
/// server at start, an hour later (nothing new), and on the day of the next threshold; then shuts
/// the groups down and waits for them to end.
private func exercise(_ systems: [QMS], calendar: WallClock, server: SMTPServer) async throws {
    let clock = ManualClock()
    let groups = try systems.map { qms in
        ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: try scheduler(qms, server, clock))], logger: Logger(label: "test.group")))
    }
    let running = groups.map { group in Task { try await group.run() } }
    // Each scheduler runs when it starts, then sleeps an hour on the clock.
    #expect(try await clock.waitForSleepers(systems.count))
    #expect(try server.received().count == 1, "the 7-day reminder, once")
    let first = try #require(try await systems[0].inbox.lastRuns().first)
    #expect(first.source == .scheduler)
    #expect(first.ranAt == calendar.instant)

    calendar.advance(hours: 1)
    clock.advance(by: hour)
    #expect(try await clock.waitForSleepers(systems.count))
    #expect(try await systems[0].inbox.lastRuns().first?.ranAt == calendar.instant, "it ran again an hour later")
    #expect(try server.received().count == 1, "nothing sent twice")

    // Four days later the record reaches its 1-day threshold.
    calendar.advance(hours: 4 * 24)
    clock.advance(by: hour)
    #expect(try await clock.waitForSleepers(systems.count))
    #expect(try server.received().count == 2, "the 1-day reminder, once")

    for group in groups { await group.triggerGracefulShutdown() }
    for task in running { try await task.value }
    #expect(clock.sleeping == 0, "the schedulers stopped waiting")
    let deliveries = try await systems[0].reminders.deliveries()
    #expect(deliveries.count == 2 && deliveries.allSatisfy { $0.status == .sent && $0.attempts == 1 })
}

@Suite("The reminders' scheduler inside the server", .serialized)
struct ReminderSchedulerTests {
    @Test("it runs at start and at each interval of its clock, sends each reminder once, and stops with the group")
    func sqlite() async throws {
        let folder = try TemporaryFolder()
        let calendar = try WallClock("2026-12-07")
        var (qms, _) = try await SetupService.initialise(
            databasePath: folder.path("eqms.sqlite"), library: try StandardsLibrary(directory: Repository.standards),
            actor: "test")
        qms.now = { calendar.date }
        try await fill(qms)
        let server = try await SMTPServer.start(user: "qms", password: "s3cret-submission")
        defer { server.stop() }
        try await exercise([qms], calendar: calendar, server: server)
    }

    @Test(
        "two servers' schedulers on one PostgreSQL database send each reminder once",
        .enabled(if: !(ProcessInfo.processInfo.environment["EQMS_TEST_POSTGRES_URL"] ?? "").isEmpty))
    func postgres() async throws {
        let url = ProcessInfo.processInfo.environment["EQMS_TEST_POSTGRES_URL"] ?? ""
        let schema = "scheduler_" + UUID().uuidString.prefix(8).lowercased()
        let admin = try PostgresStore(url: url)
        try await admin.write { session in try session.execute("CREATE SCHEMA \(schema)", []) }
        let folder = try TemporaryFolder()
        let calendar = try WallClock("2026-12-07")
        let stores = [
            try PostgresStore(url: url + "?search_path=\(schema)"),
            try PostgresStore(url: url + "?search_path=\(schema)"),
        ]
        _ = try await stores[0].migrate()
        let files = try DirectoryFileStore(root: folder.url.appendingPathComponent("files"))
        let systems = stores.map { store -> QMS in
            var qms = QMS(store: store, files: files, actor: "scheduler")
            qms.now = { calendar.date }
            return qms
        }
        _ = try await systems[0].catalogues.load(
            try CatalogueService.readLibrary(try StandardsLibrary(directory: Repository.standards)))
        try await fill(systems[0])
        let server = try await SMTPServer.start(user: "qms", password: "s3cret-submission")
        defer { server.stop() }
        try await exercise(systems, calendar: calendar, server: server)
        for store in stores { try await store.close() }
        try await admin.write { session in try session.execute("DROP SCHEMA \(schema) CASCADE", []) }
        try await admin.close()
    }
}
