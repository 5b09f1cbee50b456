import Foundation
import QMSCore
import QMSFormats
import QMSStore
import TestSupport
import Testing

@testable import QMSServices

/// 2026-06-15 10:00 UTC: the clock of these tests, so that evidence is numbered EV-2026-….
private let fixedNow = Date(timeIntervalSince1970: Double(20_619 * 86_400 + 36_000))

/// A database with something of every audited kind: the organisation, an applicability decision,
/// users, evidence with files, a revision, a draft revised and then withdrawn. Lists are given out
/// of order on purpose: the database keeps them as sets.
private func populatedQMS(_ folder: TemporaryFolder) async throws -> QMS {
    var qms = try await initialisedQMS(in: folder)
    qms.now = { fixedNow }
    try await populate(qms, folder)
    return qms
}

/// Fills an initialised system with something of every audited kind.
private func populate(_ qms: QMS, _ folder: TemporaryFolder) async throws {
    try await qms.organisation.set(
        try Organisation(name: LocalizedText(en: "Independent Election Commission"), shortName: "IEC", country: "JO"))
    _ = try await qms.applicability.set(
        try RequirementKey(parsing: "iso-9001-2015:8.3"), excluded: true,
        justification: "The commission designs no products; procedures are set by law.")
    try await qms.users.add(try User(username: "bob", role: .processOwner, processes: ["EP-02", "EP-01", "EP-02"]))
    let policy = folder.url.appendingPathComponent("policy.pdf")
    try Data("%PDF-1.7 quality policy".utf8).write(to: policy)
    let minutes = folder.url.appendingPathComponent("minutes.txt")
    try Data("minutes of the management review".utf8).write(to: minutes)
    let first = try await qms.evidence.add(
        try draft("Quality policy", ["iso-9001-2015:5.2.2", "iso-54001-2019:EP-01"], tags: ["zeta", "alpha"]),
        files: [policy])
    var revised = first.content
    revised.title = "Quality policy, 2026 edition"
    try await qms.evidence.revise(first.id, with: revised, files: [minutes])
    let note = try await qms.evidence.add(try draft("Draft procedure", ["iso-9001-2015:7.5.3"], status: .draft))
    var renamed = note.content
    renamed.title = "Draft procedure, second pass"
    try await qms.evidence.revise(note.id, with: renamed)
    try await qms.evidence.withdraw(note.id, reason: "The procedure was abandoned")
}

private func draft(
    _ title: String, _ requirements: [String], tags: [String] = [], status: EvidenceStatus = .current
) throws -> EvidenceDraft {
    EvidenceDraft(
        title: title, kind: .document, link: "https://iec.example/doc", owner: "amal",
        effectiveFrom: try CalendarDate(parsing: "2026-01-01"), collectedOn: try CalendarDate(parsing: "2026-06-01"),
        status: status, requirements: try requirements.map { try RequirementKey(parsing: $0) }, tags: tags)
}

private func subjects(_ report: IntegrityReport, _ kind: IntegrityProblem.Kind) -> [String] {
    report.problems.filter { $0.kind == kind }.map(\.subject)
}

/// The folder of a stored file.
private func storedFile(_ qms: QMS, _ sha256: String) throws -> URL {
    try #require(qms.files as? DirectoryFileStore).location(of: sha256)
}

@Suite("Integrity: verify, backup and restore")
struct IntegrityServiceTests {
    @Test("a database with every kind of record, revisions and a withdrawn draft verifies clean")
    func clean() async throws {
        let folder = try TemporaryFolder()
        let qms = try await populatedQMS(folder)
        let report = try await qms.integrity.verify()
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.clean)
        #expect(report.records["evidence revisions"] == 4)
        #expect(report.records["users"] == 1)
        #expect(report.records["standards"] == 4)
        #expect(report.records["organisation records"] == 1)
        #expect(report.records["applicability decisions"] == 1)
        #expect(report.files == 2)
        #expect(report.unchecked.isEmpty)
        let head = try await qms.store.reading { try $0.auditHead() }
        #expect(report.head == head)
        #expect(report.events == Int(head?.sequence ?? 0))
    }

    @Test("an UPDATE of a superseded evidence revision made with the sqlite3 shell is named, with the field changed")
    func evidenceTampered() async throws {
        let folder = try TemporaryFolder()
        let qms = try await populatedQMS(folder)
        try Program.sqlite3(
            folder.path("eqms.sqlite"),
            "UPDATE evidence SET title = 'Forged' WHERE id = 'EV-2026-0001' AND revision = 1")
        let report = try await qms.integrity.verify()
        #expect(!report.clean)
        let problem = try #require(report.problems.first { $0.kind == .recordAltered })
        #expect(problem.subject == "evidence:EV-2026-0001 revision 1")
        #expect(problem.message.contains("content.title"))
        #expect(problem.fix.description.contains("evidence:EV-2026-0001"))
        #expect(!problem.fix.description.contains("eqms"), "the service names no command; the CLI words it")
        #expect(report.errors == 1)
    }

    @Test("a withdrawal undone behind the application's back is caught on the latest revision")
    func withdrawalUndone() async throws {
        let folder = try TemporaryFolder()
        let qms = try await populatedQMS(folder)
        try Program.sqlite3(
            folder.path("eqms.sqlite"),
            "UPDATE evidence SET status = 'current', withdrawn_reason = NULL WHERE id = 'EV-2026-0002' AND revision = 2"
        )
        let report = try await qms.integrity.verify()
        #expect(subjects(report, .recordAltered) == ["evidence:EV-2026-0002 revision 2"])
        let message = try #require(report.problems.first?.message)
        #expect(message.contains("status") && message.contains("withdrawnReason"))
    }

    @Test(
        "every register catches a change behind the application's back: standard, crosswalk, decision, user, organisation"
    )
    func everyRegister() async throws {
        let folder = try TemporaryFolder()
        let qms = try await populatedQMS(folder)
        try Program.sqlite3(
            folder.path("eqms.sqlite"),
            """
            UPDATE standards SET edition = '1999' WHERE id = 'iso-9001-2015';
            DELETE FROM crosswalk_entries WHERE rowid = (SELECT MIN(rowid) FROM crosswalk_entries);
            UPDATE applicability SET justification = 'Someone else decided this quietly.';
            UPDATE users SET role = 'admin' WHERE username = 'bob';
            UPDATE organisation SET short_name = 'XYZ';
            """)
        let report = try await qms.integrity.verify()
        let altered = Set(subjects(report, .recordAltered))
        #expect(altered.contains("standard:iso-9001-2015"))
        #expect(altered.contains { $0.hasPrefix("crosswalk:") })
        #expect(altered.contains("applicability:iso-9001-2015:8.3"))
        #expect(altered.contains("user:bob"))
        #expect(altered.contains("organisation"))
        #expect(altered.count == 5)
        let user = try #require(report.problems.first { $0.subject == "user:bob" })
        // The processes were given out of order and twice: only the role is named as changed.
        #expect(user.message.contains("changed: role;"))
    }

    @Test("an API token inserted behind the application's back is named; one made through eqms is not")
    func tokens() async throws {
        let folder = try TemporaryFolder()
        let qms = try await populatedQMS(folder)
        _ = try await qms.access.createToken(for: "bob", name: "laptop")
        #expect(try await qms.integrity.verify().problems.isEmpty)
        try Program.sqlite3(
            folder.path("eqms.sqlite"),
            "INSERT INTO api_tokens (token_sha256, username, name, created_at, revoked) VALUES ('"
                + String(repeating: "ab", count: 32) + "', 'bob', 'backdoor', '2026-06-15T10:00:00.000Z', 0)")
        let report = try await qms.integrity.verify()
        #expect(subjects(report, .recordUntracked) == ["token:abababababab"])
        #expect(report.records["API tokens"] == 2)
    }

    @Test("a record inserted or deleted behind the application's back is named as untracked or missing")
    func insertedAndDeleted() async throws {
        let folder = try TemporaryFolder()
        let qms = try await populatedQMS(folder)
        try Program.sqlite3(
            folder.path("eqms.sqlite"),
            """
            INSERT INTO users (username, display_name, role, active, created_at)
                VALUES ('eve', 'Eve', 'admin', 1, '2026-06-15T10:00:00.000Z');
            DELETE FROM evidence_tags WHERE evidence_id = 'EV-2026-0002';
            DELETE FROM evidence_requirements WHERE evidence_id = 'EV-2026-0002';
            DELETE FROM evidence WHERE id = 'EV-2026-0002';
            """)
        let report = try await qms.integrity.verify()
        #expect(subjects(report, .recordUntracked) == ["user:eve"])
        #expect(
            subjects(report, .recordMissing) == [
                "evidence:EV-2026-0002 revision 1", "evidence:EV-2026-0002 revision 2",
            ])
    }

    @Test("an edited audit event and deleted ones are named where the chain breaks")
    func chainBroken() async throws {
        let folder = try TemporaryFolder()
        let qms = try await populatedQMS(folder)
        try Program.sqlite3(
            folder.path("eqms.sqlite"),
            "UPDATE audit_events SET actor = 'mallory' WHERE seq = 5; DELETE FROM audit_events WHERE seq IN (7, 8);")
        let report = try await qms.integrity.verify()
        #expect(subjects(report, .eventAltered) == ["audit event 5"])
        #expect(subjects(report, .eventsMissing) == ["audit event 7–8"])
        #expect(subjects(report, .eventUnlinked).isEmpty)
    }

    @Test("a forger who rewrites a record, its event and the event's hash passes the chain but not an anchor")
    func anchor() async throws {
        let folder = try TemporaryFolder()
        let qms = try await populatedQMS(folder)
        let head = try #require(try await qms.integrity.verify().head)
        try await qms.store.write { session in
            let reader = StoreReader(session: session)
            guard let last = try reader.lastEvent(), let after = last.after else { return }
            let forged = after.replacingOccurrences(of: "Draft procedure, second pass", with: "Forged")
            let hash = try AuditChain.hash(
                sequence: last.sequence, at: last.at, actor: last.actor, action: last.action, entity: last.entity,
                before: last.before, after: forged, previousHash: last.previousHash)
            try session.execute(
                "UPDATE evidence SET title = 'Forged' WHERE id = 'EV-2026-0002' AND revision = 2")
            try session.execute(
                "UPDATE audit_events SET after_json = ?, hash = ? WHERE seq = ?", forged, hash, last.sequence)
        }
        #expect(try await qms.integrity.verify().problems.isEmpty, "the chain alone cannot see this")
        var options = VerifyOptions()
        options.anchor = head
        let anchored = try await qms.integrity.verify(options)
        #expect(subjects(anchored, .eventAltered) == ["audit event \(head.sequence)"])

        try await qms.store.write { session in
            try session.execute("DELETE FROM audit_events WHERE seq = ?", head.sequence)
        }
        let cut = try await qms.integrity.verify(options)
        #expect(subjects(cut, .eventsMissing) == ["audit event \(head.sequence)"])
        #expect(subjects(cut, .recordAltered) == ["evidence:EV-2026-0002 revision 2"])
    }

    @Test("a reference to a requirement that does not exist is named as dangling")
    func danglingRequirement() async throws {
        let folder = try TemporaryFolder()
        let qms = try await populatedQMS(folder)
        // The sqlite3 shell does not enforce foreign keys unless asked, as any tool behind eqms's back.
        try Program.sqlite3(
            folder.path("eqms.sqlite"),
            "UPDATE evidence_requirements SET number = '99.9' WHERE evidence_id = 'EV-2026-0001' AND revision = 2 "
                + "AND standard_id = 'iso-9001-2015'")
        let report = try await qms.integrity.verify()
        let dangling = try #require(report.problems.first { $0.kind == .danglingReference })
        #expect(dangling.subject == "evidence:EV-2026-0001 revision 2")
        #expect(dangling.message.contains("iso-9001-2015:99.9"))
        #expect(subjects(report, .recordAltered) == ["evidence:EV-2026-0001 revision 2"])
    }

    @Test("one changed byte in a stored file is named with the records that need it; a deleted one as missing")
    func filesDamaged() async throws {
        let folder = try TemporaryFolder()
        let qms = try await populatedQMS(folder)
        let records = try await qms.evidence.revisions(try EvidenceID(parsing: "EV-2026-0001"))
        let policy = try #require(records.first?.files.first)
        let minutes = try #require(records.last?.files.last)
        let url = try storedFile(qms, policy.sha256)
        var bytes = try Data(contentsOf: url)
        bytes[3] ^= 0x01
        try bytes.write(to: url)
        try FileManager.default.removeItem(at: try storedFile(qms, minutes.sha256))

        let report = try await qms.integrity.verify()
        let altered = try #require(report.problems.first { $0.kind == .fileAltered })
        #expect(altered.subject == "file \(policy.sha256)")
        #expect(altered.message.contains("evidence:EV-2026-0001 revision 1"))
        #expect(altered.location == url.path)
        #expect(subjects(report, .fileMissing) == ["file \(minutes.sha256)"])
        #expect(report.errors == 2)
    }

    @Test("a stray file is a warning, not an error, and --prune-stray removes it once left alone for an hour")
    func strayFiles() async throws {
        let folder = try TemporaryFolder()
        let qms = try await populatedQMS(folder)
        let loose = folder.url.appendingPathComponent("loose.txt")
        try Data("uploaded, never recorded".utf8).write(to: loose)
        let stray = try qms.files.store(contentsOf: loose, displayName: "loose.txt")
        let store = try #require(qms.files as? DirectoryFileStore)
        let unfinished = store.root.appendingPathComponent("tmp/\(UUID().uuidString)")
        try Data("half a file".utf8).write(to: unfinished)

        let report = try await qms.integrity.verify()
        #expect(report.clean)
        #expect(report.warnings == 2)
        #expect(subjects(report, .strayFile) == ["file \(stray.sha256)"])
        #expect(report.problems.allSatisfy { $0.severity == .warning })

        var options = VerifyOptions()
        options.pruneStray = true
        let recent = try await qms.integrity.verify(options)
        #expect(recent.pruned.isEmpty, "a file stored a moment ago may belong to an attach in progress")

        let old = Date().addingTimeInterval(-7200)
        for url in [store.location(of: stray.sha256), unfinished] {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: url.path)
        }
        let pruned = try await qms.integrity.verify(options)
        #expect(pruned.pruned.count == 2)
        #expect(!qms.files.contains(stray.sha256))
        #expect(try await qms.integrity.verify().problems.isEmpty)
    }

    @Test("a kind of entity no register checks is reported as unchecked, and a register plugs in with one entry")
    func registersAreAnExtensionPoint() async throws {
        let folder = try TemporaryFolder()
        let qms = try await populatedQMS(folder)
        var options = VerifyOptions()
        options.registers = AuditedRegisters.all.filter { $0.kind != "user" }
        #expect(try await qms.integrity.verify(options).unchecked == ["user"])

        // A register of its own: its records are the users' display names.
        options.registers.append(
            AuditedRegister(
                kind: "user", noun: "display names", contentActions: nil,
                current: { reader in
                    Dictionary(uniqueKeysWithValues: try reader.users().map { ("user:\($0.username)", $0.displayName) })
                },
                replay: { event, expected in expected[event.entity] = "bob" }))
        let report = try await qms.integrity.verify(options)
        #expect(report.unchecked.isEmpty)
        #expect(report.records["display names"] == 1)
        #expect(report.clean)
    }

    @Test("a backup restored into a new path holds exactly the same records and files, and verifies clean")
    func backupAndRestore() async throws {
        let folder = try TemporaryFolder()
        let qms = try await populatedQMS(folder)
        let backup = folder.url.appendingPathComponent("backup-1")
        let written = try await qms.integrity.backup(to: backup)
        #expect(written.manifest.files.count == 3)
        #expect(written.manifest.damaged.isEmpty)
        #expect(written.manifest.counts["evidence"] == 4)
        #expect(written.manifest.migrations == (try await qms.store.appliedMigrations()))
        #expect(FileManager.default.fileExists(atPath: backup.appendingPathComponent("manifest.json").path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: backup.path).filter {
            $0.hasPrefix("eqms.sqlite-")
        }
        #expect(leftovers.isEmpty, "the backup database is one self-contained file")

        let target = folder.path("restored/eqms.sqlite")
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("restored"), withIntermediateDirectories: true)
        let (restored, report) = try await IntegrityService.restore(from: backup, databasePath: target, actor: "amal")
        #expect(report.clean, "\(report.mismatches) \(report.verification.problems)")
        #expect(report.files == folder.path("restored/eqms.files"))
        #expect(try await dump(restored.store) == (try await dump(qms.store)))
        #expect(try restored.files.allHashes() == (try qms.files.allHashes()))
    }

    @Test(
        "verify reads PostgreSQL as it reads SQLite, and backup says to use pg_dump there",
        .enabled(if: !(ProcessInfo.processInfo.environment["EQMS_TEST_POSTGRES_URL"] ?? "").isEmpty))
    func postgres() async throws {
        let base = ProcessInfo.processInfo.environment["EQMS_TEST_POSTGRES_URL"] ?? ""
        let schema = "integrity_" + UUID().uuidString.prefix(8).lowercased()
        let admin = try PostgresStore(url: base)
        try await admin.write { session in try session.execute("CREATE SCHEMA \(schema)", []) }
        let store = try PostgresStore(url: base + "?search_path=\(schema)")
        _ = try await store.migrate()
        let folder = try TemporaryFolder()
        var qms = QMS(
            store: store, files: try DirectoryFileStore(root: folder.url.appendingPathComponent("files")), actor: "amal"
        )
        qms.now = { fixedNow }
        _ = try await qms.catalogues.load(
            try CatalogueService.readLibrary(try StandardsLibrary(directory: Repository.standards)))
        try await populate(qms, folder)
        let report = try await qms.integrity.verify()
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.records["evidence revisions"] == 4)

        try await store.write { session in
            try session.execute("UPDATE evidence SET title = 'Forged' WHERE id = 'EV-2026-0001' AND revision = 1", [])
            try session.execute("UPDATE audit_events SET actor = 'mallory' WHERE seq = 5", [])
        }
        let tampered = try await qms.integrity.verify()
        #expect(subjects(tampered, .recordAltered) == ["evidence:EV-2026-0001 revision 1"])
        #expect(subjects(tampered, .eventAltered) == ["audit event 5"])
        await #expect(throws: IntegrityError.self) {
            try await qms.integrity.backup(to: folder.url.appendingPathComponent("backup"))
        }
        try await store.close()
        try await admin.write { session in try session.execute("DROP SCHEMA \(schema) CASCADE", []) }
        try await admin.close()
    }

    @Test("restore refuses an existing database and a damaged backup, and writes nothing")
    func restoreRefuses() async throws {
        let folder = try TemporaryFolder()
        let qms = try await populatedQMS(folder)
        let backup = folder.url.appendingPathComponent("backup")
        let written = try await qms.integrity.backup(to: backup)
        await #expect(throws: IntegrityError.self) {
            try await IntegrityService.restore(from: backup, databasePath: folder.path("eqms.sqlite"), actor: "amal")
        }
        await #expect(throws: IntegrityError.self) { try await qms.integrity.backup(to: backup) }

        let file = try #require(written.manifest.files.last)
        let url = backup.appendingPathComponent(file.path)
        var bytes = try Data(contentsOf: url)
        bytes[0] ^= 0x20
        try bytes.write(to: url)
        let target = folder.path("new.sqlite")
        do {
            _ = try await IntegrityService.restore(from: backup, databasePath: target, actor: "amal")
            Issue.record("a damaged backup was restored")
        } catch let error as IntegrityError {
            #expect(error.message.contains(file.path))
        }
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect(!FileManager.default.fileExists(atPath: folder.path("new.files")))
    }
}
