import Foundation
import QMSCore
import QMSFormats
import QMSMail
import QMSStore
import TestSupport
import Testing

@testable import QMSServices

/// A clock the tests move by hand: time travel without sleeping.
private final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var milliseconds: Int64

    init(_ day: String, hour: Int = 10) throws {
        milliseconds = Int64(try CalendarDate(parsing: day).daysSinceEpoch) * 86_400_000 + Int64(hour) * 3_600_000
    }

    var date: Date { lock.withLock { Date(timeIntervalSince1970: Double(milliseconds) / 1000) } }

    func advance(milliseconds step: Int64) { lock.withLock { milliseconds += step } }

    func set(_ day: String, hour: Int = 10) throws {
        let value = Int64(try CalendarDate(parsing: day).daysSinceEpoch) * 86_400_000 + Int64(hour) * 3_600_000
        lock.withLock { milliseconds = value }
    }
}

private let base = "https://qms.iec.example.jo"
/// Retries after 50 ms, then 100, 200 …: backoff in milliseconds under test.
private let fastRetry = RetryPolicy(baseMilliseconds: 50, ceilingMilliseconds: 400, claimMilliseconds: 60_000)

private func options(_ day: String? = nil, dryRun: Bool = false) throws -> ReminderRunOptions {
    ReminderRunOptions(
        asOf: try day.map(CalendarDate.init(parsing:)), dryRun: dryRun, base: base,
        from: try MailAddress("qms@iec.example.jo", name: "ElectoralQMS"), retry: fastRetry)
}

private func smtp(_ server: SMTPServer) -> SMTPClient {
    SMTPClient(
        settings: SMTPSettings(
            host: "localhost", port: server.port, username: "qms", password: "s3cret-submission",
            caFile: server.caFile, timeout: .seconds(30)))
}

private func evidence(_ title: String, owner: String, validUntil: String, restricted: Bool = false) throws
    -> EvidenceDraft
{
    EvidenceDraft(
        title: title, kind: .note, owner: owner, effectiveFrom: try CalendarDate(parsing: "2026-01-01"),
        collectedOn: try CalendarDate(parsing: "2026-01-01"), validUntil: try CalendarDate(parsing: validUntil),
        reviewDue: nil, confidentiality: restricted ? .restricted : .internal,
        requirements: [try RequirementKey(parsing: "iso-9001-2015:7.5.3")])
}

/// Users and dated evidence: an Arabic-reading process owner who may not read restricted evidence
/// and owns a restricted record, a quality manager, and a deactivated owner whose item goes to the
/// quality manager. Returns the evidence identifiers by name.
private func fill(_ qms: QMS) async throws -> [String: String] {
    try await qms.users.add(
        try User(username: "qm1", displayName: "Sara Quality", role: .qualityManager, email: "qm1@iec.example.jo"))
    try await qms.users.add(
        try User(
            username: "owner1", displayName: "نادية المالكة", role: .processOwner, email: "owner1@iec.example.jo",
            processes: ["EP-01"]))
    try await qms.access.setLanguage(.arabic, for: "owner1")
    try await qms.users.add(try User(username: "gone", role: .processOwner, email: "gone@iec.example.jo"))
    _ = try await qms.users.deactivate("gone")
    var ids: [String: String] = [:]
    ids["restricted"] = try await qms.evidence.add(
        try evidence("Voter roll extract", owner: "owner1", validUntil: "2026-12-12", restricted: true)
    ).id.description
    ids["roster"] = try await qms.evidence.add(try evidence("Staff roster", owner: "owner1", validUntil: "2026-12-30"))
        .id.description
    ids["contract"] = try await qms.evidence.add(
        try evidence("Printing contract", owner: "gone", validUntil: "2026-12-10")
    ).id.description
    return ids
}

private func sqliteQMS(_ folder: TemporaryFolder, clock: TestClock) async throws -> (QMS, [String: String]) {
    var qms = try await initialisedQMS(in: folder)
    qms.now = { clock.date }
    return (qms, try await fill(qms))
}

// One at a time: the tests start real mail servers, and two cores are shared with other suites.
@Suite("Reminders: e-mail digests sent once, with retries", .serialized)
struct ReminderRunTests {
    @Test("each user gets one digest in their language, with both parts, links, and no title they may not read")
    func digests() async throws {
        let folder = try TemporaryFolder()
        let clock = try TestClock("2026-12-07")
        let (qms, ids) = try await sqliteQMS(folder, clock: clock)
        let server = try await SMTPServer.start(user: "qms", password: "s3cret-submission")
        defer { server.stop() }

        let report = try await qms.reminders.run(options: try options(), transport: smtp(server))
        #expect(report.messages.map(\.user) == ["owner1", "qm1"])
        #expect(report.messages.allSatisfy { $0.outcome == .sent })
        #expect(report.recorded == 3)
        let received = try server.received()
        #expect(received.count == 2)
        var byRecipient: [String: [String: String]] = [:]
        for entry in received {
            let read = try SMTPServer.parse(entry.message)
            #expect(read["defects"] == "0")
            #expect(read["type"] == "multipart/alternative")
            #expect(read["from"] == "ElectoralQMS <qms@iec.example.jo>")
            byRecipient[read["to"] ?? ""] = read
        }
        let owner = try #require(byRecipient["نادية المالكة <owner1@iec.example.jo>"])
        #expect(owner["language"] == "ar")
        #expect(owner["subject"]?.contains("تذكيرات") == true)
        #expect(owner["html"]?.contains("dir=\"rtl\"") == true)
        #expect(owner["html"]?.contains("lang=\"ar\"") == true)
        for part in [owner["text"] ?? "", owner["html"] ?? ""] {
            #expect(part.contains("\(base)/evidence/\(ids["restricted"] ?? "?")"))
            #expect(part.contains("\(base)/evidence/\(ids["roster"] ?? "?")"))
            #expect(!part.contains("Voter roll extract"), "a restricted title reached a reader who may not read it")
            #expect(part.contains("دليل مقيّد: العنوان محجوب"))
            #expect(part.contains("Staff roster"))
        }
        #expect(owner["unsubscribe"] == "<\(base)/profile/reminders>")
        let manager = try #require(byRecipient["Sara Quality <qm1@iec.example.jo>"])
        #expect(manager["language"] == "en")
        #expect(manager["html"]?.contains("dir=\"ltr\"") == true)
        #expect(manager["text"]?.contains("Printing contract") == true)
        #expect(manager["text"]?.contains("owner deactivated") == true)
        #expect(manager["text"]?.contains("\(base)/evidence/\(ids["contract"] ?? "?")") == true)
        // The restricted record went to its owner only; the deactivated owner got nothing.
        #expect(!received.contains { String(decoding: $0.message, as: UTF8.self).contains("gone@iec.example.jo") })

        // The same day again, an hour later: nothing new, nothing sent twice.
        clock.advance(milliseconds: 3_600_000)
        let again = try await qms.reminders.run(options: try options(), transport: smtp(server))
        #expect(again.messages.isEmpty)
        #expect(again.recorded == 0)
        #expect(try server.received().count == 2)
        let deliveries = try await qms.reminders.deliveries()
        #expect(deliveries.count == 3)
        #expect(deliveries.allSatisfy { $0.status == .sent && $0.attempts == 1 })
        // The withheld title is not kept beside the recipient's name either.
        #expect(!deliveries.contains { $0.item.record.title == "Voter roll extract" })
    }

    @Test("a mail server down mid-run: failed with the reason, retried with backoff, sent once when back")
    func retries() async throws {
        let folder = try TemporaryFolder()
        let clock = try TestClock("2026-12-07")
        let (qms, ids) = try await sqliteQMS(folder, clock: clock)
        let first = try await SMTPServer.start(user: "qms", password: "s3cret-submission")
        _ = try await qms.reminders.run(options: try options(), transport: smtp(first))
        #expect(try first.received().count == 2)
        first.stop()

        // Time travel: on 2026-12-11 the restricted record reaches its 1-day threshold, with the server down.
        try clock.set("2026-12-11")
        let down = try await qms.reminders.run(options: try options("2026-12-11"), transport: smtp(first))
        #expect(down.messages.map(\.user) == ["owner1", "qm1"])
        #expect(down.messages.allSatisfy { $0.outcome == .failed && $0.reason?.contains("unreachable") == true })
        let outbox = try await qms.reminders.outbox()
        #expect(!outbox.isEmpty)
        #expect(outbox.allSatisfy { $0.status == .failed && $0.attempts == 1 && $0.lastError != nil })
        #expect(outbox.contains { $0.key.user == "owner1" && $0.item.record.reference == ids["restricted"] })

        // Before the backoff has passed, nothing is tried.
        clock.advance(milliseconds: 10)
        let early = try await qms.reminders.run(options: try options("2026-12-11"), transport: smtp(first))
        #expect(early.messages.isEmpty)
        #expect(early.waiting == outbox.count)

        // Still down after 50 ms: a second failure, and the next wait doubles.
        clock.advance(milliseconds: 50)
        let second = try await qms.reminders.run(options: try options("2026-12-11"), transport: smtp(first))
        #expect(second.messages.allSatisfy { $0.outcome == .failed && $0.retry })
        let waits = try await qms.reminders.outbox().compactMap { delivery in
            delivery.nextAttempt.map { $0.millisecondsSince1970 - Int64(clock.date.timeIntervalSince1970 * 1000) }
        }
        #expect(waits.allSatisfy { $0 == 100 }, "\(waits)")

        // The server is back: the retry goes, once.
        let back = try await SMTPServer.start(user: "qms", password: "s3cret-submission")
        defer { back.stop() }
        clock.advance(milliseconds: 100)
        let retried = try await qms.reminders.run(options: try options("2026-12-11"), transport: smtp(back))
        #expect(retried.messages.count == 2)
        #expect(retried.messages.allSatisfy { $0.outcome == .sent && $0.retry })
        #expect(try await qms.reminders.outbox().isEmpty)
        clock.advance(milliseconds: 1_000)
        let after = try await qms.reminders.run(options: try options("2026-12-11"), transport: smtp(back))
        #expect(after.messages.isEmpty)
        let received = try back.received()
        #expect(received.count == 2)
        let texts = try received.map { try SMTPServer.parse($0.message)["text"] ?? "" }
        #expect(texts.contains { $0.contains(ids["restricted"] ?? "?") && $0.contains("قبل") })
        let sent = try await qms.reminders.deliveries().filter { $0.key.threshold == "1d" }
        #expect(sent.allSatisfy { $0.status == .sent && $0.attempts == 3 })
    }

    @Test("weekly digests wait for Monday, unsubscribed kinds are not sent, and a dry run records nothing")
    func preferences() async throws {
        let folder = try TemporaryFolder()
        let clock = try TestClock("2026-12-08")
        let (qms, _) = try await sqliteQMS(folder, clock: clock)
        try await qms.reminders.setPreferences(ReminderPreferences(frequency: .weekly, unsubscribed: []), for: "owner1")
        try await qms.reminders.setPreferences(
            ReminderPreferences(frequency: .daily, unsubscribed: [.evidenceExpiry]), for: "qm1")
        #expect(try await qms.reminders.preferences(for: "owner1").frequency == .weekly)

        // sendmail: a program that keeps each message it is given in the folder.
        let spool = folder.file("spool")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        let program = folder.file("sendmail")
        try "#!/bin/sh\ncat > \"\(spool.path)/$(date +%s%N).eml\"\n".write(
            to: program, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program.path)
        let sendmail = SendmailTransport(path: program.path)
        func spooled() throws -> [Data] {
            try FileManager.default.contentsOfDirectory(atPath: spool.path).sorted().map {
                try Data(contentsOf: spool.appendingPathComponent($0))
            }
        }

        let dry = try await qms.reminders.run(options: try options(dryRun: true), transport: sendmail)
        #expect(dry.messages.isEmpty)
        #expect(dry.waiting == 2)
        #expect(try await qms.reminders.deliveries().isEmpty)

        let tuesday = try await qms.reminders.run(options: try options(), transport: sendmail)
        #expect(tuesday.messages.isEmpty)
        #expect(tuesday.recorded == 2)
        #expect(try spooled().isEmpty)
        #expect(try await qms.reminders.outbox().allSatisfy { $0.status == .pending && $0.key.user == "owner1" })

        // Monday 2026-12-14, by --as-of: the dry run says what would go, then the run sends it.
        let preview = try await qms.reminders.run(options: try options("2026-12-14", dryRun: true), transport: sendmail)
        #expect(preview.messages.map(\.user) == ["owner1"])
        #expect(preview.messages.first?.outcome == .wouldSend)
        #expect(try spooled().isEmpty)
        let monday = try await qms.reminders.run(options: try options("2026-12-14"), transport: sendmail)
        #expect(monday.messages.map(\.user) == ["owner1"])
        #expect(monday.messages.first?.outcome == .sent)
        let messages = try spooled()
        #expect(messages.count == 1)
        let read = try SMTPServer.parse(try #require(messages.first))
        #expect(read["to"] == "نادية المالكة <owner1@iec.example.jo>")
        #expect(read["language"] == "ar")
        // Gathered over the week: both records, the restricted one reached overdue by then.
        #expect(read["text"]?.contains("Staff roster") == true)
        #expect(read["text"]?.contains("Voter roll extract") == false)
        #expect(try await qms.reminders.deliveries(user: "qm1").isEmpty)
    }

    @Test("reminders recorded before the user unsubscribed from their kind are withdrawn, not sent")
    func unsubscribedLater() async throws {
        let folder = try TemporaryFolder()
        let clock = try TestClock("2026-12-08")
        let (qms, _) = try await sqliteQMS(folder, clock: clock)
        try await qms.reminders.setPreferences(ReminderPreferences(frequency: .weekly, unsubscribed: []), for: "owner1")
        let server = try await SMTPServer.start(user: "qms", password: "s3cret-submission")
        defer { server.stop() }
        let tuesday = try await qms.reminders.run(options: try options(), transport: smtp(server))
        #expect(tuesday.messages.map(\.user) == ["qm1"])
        #expect(try await qms.reminders.outbox().filter { $0.key.user == "owner1" }.count == 2)

        try await qms.reminders.setPreferences(
            ReminderPreferences(frequency: .weekly, unsubscribed: [.evidenceExpiry]), for: "owner1")
        try clock.set("2026-12-14")
        let monday = try await qms.reminders.run(options: try options("2026-12-14"), transport: smtp(server))
        #expect(monday.withdrawn == 2)
        #expect(!monday.messages.contains { $0.user == "owner1" })
        #expect(try await qms.reminders.deliveries(user: "owner1").isEmpty)
        #expect(try server.received().allSatisfy { !String(decoding: $0.message, as: UTF8.self).contains("owner1@") })
    }

    @Test("a deactivated user's waiting reminders are withdrawn and reach the quality manager instead")
    func deactivatedLater() async throws {
        let folder = try TemporaryFolder()
        let clock = try TestClock("2026-12-08")
        let (qms, ids) = try await sqliteQMS(folder, clock: clock)
        try await qms.reminders.setPreferences(ReminderPreferences(frequency: .weekly, unsubscribed: []), for: "owner1")
        let server = try await SMTPServer.start(user: "qms", password: "s3cret-submission")
        defer { server.stop() }
        _ = try await qms.reminders.run(options: try options(), transport: smtp(server))
        #expect(try server.received().count == 1)
        _ = try await qms.users.deactivate("owner1")

        try clock.set("2026-12-14")
        let monday = try await qms.reminders.run(options: try options("2026-12-14"), transport: smtp(server))
        #expect(monday.withdrawn == 2)
        #expect(monday.messages.map(\.user) == ["qm1"])
        #expect(monday.messages.allSatisfy { $0.outcome == .sent })
        #expect(try await qms.reminders.deliveries(user: "owner1").isEmpty)
        let received = try server.received()
        #expect(received.count == 2)
        let read = try SMTPServer.parse(try #require(received.last?.message))
        #expect(read["to"] == "Sara Quality <qm1@iec.example.jo>")
        #expect(read["text"]?.contains("\(base)/evidence/\(ids["roster"] ?? "?")") == true)
        #expect(read["text"]?.contains("owner deactivated") == true)
    }

    @Test("the inbox holds each user's reminders; read marks hold per threshold; the last run is kept")
    func inbox() async throws {
        let folder = try TemporaryFolder()
        let clock = try TestClock("2026-12-07")
        let (qms, ids) = try await sqliteQMS(folder, clock: clock)
        let owner = try await qms.inbox.inbox(for: "owner1")
        #expect(owner.entries.count == 2 && owner.unread == 2)
        let restricted = try #require(owner.entries.first { $0.item.record.reference == ids["restricted"] })
        #expect(restricted.item.titleWithheld && restricted.item.visibleTitle == nil)
        // The deactivated owner's record is in the quality manager's inbox, not in theirs.
        #expect(try await qms.inbox.inbox(for: "gone").entries.isEmpty)
        #expect(try await qms.inbox.inbox(for: "qm1").entries.map(\.item.record.reference) == [ids["contract"]])
        #expect(try await qms.inbox.unreadCounts() == ["owner1": 2, "qm1": 1])

        #expect(try await qms.inbox.markRead([restricted.id, "audit:AUD-1999-01@7d"], for: "owner1") == 1)
        #expect(try await qms.inbox.markRead([restricted.id], for: "owner1") == 0, "marked once")
        #expect(try await qms.inbox.inbox(for: "owner1").unread == 1)
        #expect(try await qms.inbox.unreadCounts() == ["owner1": 1, "qm1": 1])
        // Four days on, the restricted record reaches its 1-day threshold: unread again.
        let later = try await qms.inbox.inbox(for: "owner1", asOf: try CalendarDate(parsing: "2026-12-11"))
        #expect(later.entries.first { $0.item.record.reference == ids["restricted"] }?.read == false)
        #expect(try await qms.inbox.markAllRead(for: "owner1") == 1)
        #expect(try await qms.inbox.inbox(for: "owner1").unread == 0)

        #expect(try await qms.inbox.lastRuns().isEmpty)
        _ = try await qms.reminders.run(options: try options(dryRun: true), transport: SendmailTransport())
        #expect(try await qms.inbox.lastRuns().isEmpty, "a dry run is not kept")
        let server = try await SMTPServer.start(user: "qms", password: "s3cret-submission")
        defer { server.stop() }
        _ = try await qms.reminders.run(options: try options(), transport: smtp(server))
        let run = try #require(try await qms.inbox.lastRuns().first)
        #expect(run.source == .command && run.sent == 2 && run.failed == 0 && run.recorded == 3)
        #expect(run.ranAt == qms.instant)
    }

    @Test(
        "two runs at once on one PostgreSQL database send each reminder once",
        .enabled(if: !(ProcessInfo.processInfo.environment["EQMS_TEST_POSTGRES_URL"] ?? "").isEmpty))
    func postgres() async throws {
        let url = ProcessInfo.processInfo.environment["EQMS_TEST_POSTGRES_URL"] ?? ""
        let schema = "reminders_" + UUID().uuidString.prefix(8).lowercased()
        let admin = try PostgresStore(url: url)
        try await admin.write { session in try session.execute("CREATE SCHEMA \(schema)", []) }
        let folder = try TemporaryFolder()
        let clock = try TestClock("2026-12-07")
        // Two servers' stores on one database.
        let stores = [
            try PostgresStore(url: url + "?search_path=\(schema)"),
            try PostgresStore(url: url + "?search_path=\(schema)"),
        ]
        _ = try await stores[0].migrate()
        let files = try DirectoryFileStore(root: folder.url.appendingPathComponent("files"))
        let systems = stores.map { store -> QMS in
            var qms = QMS(store: store, files: files, actor: "cron")
            qms.now = { clock.date }
            return qms
        }
        _ = try await systems[0].catalogues.load(
            try CatalogueService.readLibrary(try StandardsLibrary(directory: Repository.standards)))
        _ = try await fill(systems[0])
        let server = try await SMTPServer.start(user: "qms", password: "s3cret-submission")
        defer { server.stop() }

        for day in ["2026-12-07", "2026-12-11"] {
            try clock.set(day)
            async let first = systems[0].reminders.run(options: try options(day), transport: smtp(server))
            async let second = systems[1].reminders.run(options: try options(day), transport: smtp(server))
            let reports = try await [first, second]
            let keys = reports.flatMap { $0.messages.flatMap(\.items) }
            #expect(Set(keys).count == keys.count, "a reminder was sent by both runs: \(keys)")
            #expect(reports.map(\.recorded).reduce(0, +) == Set(keys).count)
        }
        let deliveries = try await systems[0].reminders.deliveries()
        #expect(deliveries.allSatisfy { $0.status == .sent && $0.attempts == 1 })
        // 2026-12-07: owner1 and qm1; 2026-12-11: the restricted record's 1-day threshold for owner1 and
        // the contract's overdue for qm1.
        #expect(try server.received().count == 4)
        #expect(deliveries.count == 5)
        for store in stores { try await store.close() }
        try await admin.write { session in try session.execute("DROP SCHEMA \(schema) CASCADE", []) }
        try await admin.close()
    }
}
