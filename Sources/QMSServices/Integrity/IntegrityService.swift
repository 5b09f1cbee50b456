import Foundation
import QMSCore
import QMSStore

/// Checking that the records are what the audit trail says they are, and backups.
///
/// ISO 9001 7.5.3.2 asks that records be protected from unintended alteration. The audit trail
/// makes every change through the application visible; `verify` makes every other change visible:
/// an edit of the database behind the application's back, a stored file that changed or went
/// missing, a reference to something that does not exist.
public struct IntegrityService: Sendable {
    let qms: QMS

    /// Events read at a time: the trail is checked in pages, never loaded whole.
    static let pageSize = 2000

    /// Checks the database, the audit trail, every audited record, every reference and every stored
    /// file, and names each problem found.
    public func verify(_ options: VerifyOptions = VerifyOptions(), progress: ProgressHandler? = nil) async throws
        -> IntegrityReport
    {
        let dialect = qms.store.dialect
        let registers = options.registers
        let anchor = options.anchor
        let snapshot = try await qms.store.read { session in
            try DatabaseInspection.run(
                reader: StoreReader(session: session), dialect: dialect, registers: registers, anchor: anchor,
                progress: progress)
        }
        let files = try checkFiles(snapshot, options: options, progress: progress)
        let report = IntegrityReport(
            database: qms.store.location, head: snapshot.head, events: snapshot.events, records: snapshot.records,
            references: snapshot.references, files: files.checked, bytes: files.bytes, filesHashed: options.hashFiles,
            unchecked: snapshot.unchecked, problems: snapshot.problems + files.problems, pruned: files.pruned)
        qms.logger.info(
            "verified",
            metadata: ["db": "\(qms.store.location)", "errors": "\(report.errors)", "warnings": "\(report.warnings)"])
        return report
    }

    // MARK: Files

    private struct FileCheck {
        var checked = 0
        var bytes: Int64 = 0
        var problems: [IntegrityProblem] = []
        var pruned: [String] = []
    }

    /// Every registered file against its hash and size; files no record refers to; unfinished writes.
    private func checkFiles(_ snapshot: DatabaseInspection, options: VerifyOptions, progress: ProgressHandler?) throws
        -> FileCheck
    {
        var result = FileCheck()
        let directory = qms.files as? DirectoryFileStore
        func location(_ sha256: String) -> String? { directory?.location(of: sha256).path }
        func needed(_ sha256: String) -> String {
            let records = snapshot.referrers[sha256] ?? []
            guard let first = records.first else { return "registered in stored_files" }
            return "needed by \(first)" + (records.count > 1 ? " and \(records.count - 1) more" : "")
        }
        let present = Set(try qms.files.allHashes())
        let total = snapshot.files.reduce(Int64(0)) { $0 + $1.size }
        for file in snapshot.files {
            result.checked += 1
            guard present.contains(file.sha256) else {
                result.problems.append(
                    IntegrityProblem(
                        .fileMissing, subject: "file \(file.sha256)", location: location(file.sha256),
                        message: "the stored file is missing from the file store (\(needed(file.sha256)))",
                        fix: .advice(.copyFromBackup(path: BackupLayout.relativePath(of: file.sha256)))))
                continue
            }
            guard options.hashFiles else { continue }
            var hasher = SHA256Hasher()
            var size: Int64 = 0
            let done = result.bytes
            try qms.files.read(file.sha256) { chunk in
                hasher.update(chunk)
                size += Int64(chunk.count)
                progress?(
                    ProgressEvent(phase: "hashing files (MiB)", done: Int((done + size) >> 20), total: Int(total >> 20))
                )
            }
            result.bytes += size
            let actual = hasher.hex()
            if actual != file.sha256 || size != file.size {
                let what =
                    actual != file.sha256
                    ? "its content no longer matches its SHA-256 (it now hashes to \(actual))"
                    : "it has \(size) bytes where \(file.size) were stored"
                result.problems.append(
                    IntegrityProblem(
                        .fileAltered, subject: "file \(file.sha256)", location: location(file.sha256),
                        message: "the stored file was changed: \(what); \(needed(file.sha256))",
                        fix: .advice(.replaceFromBackup(path: BackupLayout.relativePath(of: file.sha256)))))
            }
        }
        let known = Set(snapshot.files.map(\.sha256)).union(snapshot.referrers.keys)
        // File ages are on the wall clock, whatever clock the operations run by.
        let cutoff = Date().addingTimeInterval(-options.strayAge)
        for sha256 in present.sorted() where !known.contains(sha256) {
            if options.pruneStray, let directory,
                try directory.remove(directory.location(of: sha256), untouchedSince: cutoff)
            {
                result.pruned.append(sha256)
                continue
            }
            result.problems.append(
                IntegrityProblem(
                    .strayFile, subject: "file \(sha256)", location: location(sha256),
                    message: "no record refers to this stored file; an attach or import that was interrupted "
                        + "(or is still running) leaves one behind",
                    fix: .run(.pruneStray)))
        }
        for url in directory?.unfinishedFiles() ?? [] {
            if options.pruneStray, let directory, try directory.remove(url, untouchedSince: cutoff) {
                result.pruned.append(url.lastPathComponent)
                continue
            }
            result.problems.append(
                IntegrityProblem(
                    .unfinishedFile, subject: "temporary file \(url.lastPathComponent)", location: url.path,
                    message: "a file that was being stored when its process stopped (or is still being stored)",
                    fix: .run(.pruneStray)))
        }
        return result
    }
}

/// What `verify` learns inside one read transaction, so that every database check sees the same
/// state even while others write.
struct DatabaseInspection: Sendable {
    var problems: [IntegrityProblem] = []
    var head: AuditHead?
    var events = 0
    var records: [String: Int] = [:]
    var references = 0
    var unchecked: [String] = []
    /// Registered file contents.
    var files: [RegisteredFile] = []
    /// The records that refer to each file, by hash.
    var referrers: [String: [String]] = [:]

    static func run(
        reader: StoreReader, dialect: SQLDialect, registers: [AuditedRegister], anchor: AuditHead?,
        progress: ProgressHandler?
    ) throws -> DatabaseInspection {
        var inspection = DatabaseInspection()
        if dialect == .sqlite { try inspection.checkSQLiteFile(reader) }
        let expected = try inspection.checkTrail(reader, registers: registers, anchor: anchor, progress: progress)
        try inspection.compareRecords(reader, registers: registers, expected: expected, progress: progress)
        try inspection.checkReferences(reader, registers: registers)
        inspection.files = try reader.registeredFiles()
        return inspection
    }

    /// SQLite's own check of pages, indexes and constraints of the file.
    private mutating func checkSQLiteFile(_ reader: StoreReader) throws {
        let rows = try reader.session.query("PRAGMA integrity_check", [])
        let messages = rows.compactMap {
            $0.values.first.flatMap { value -> String? in
                if case .text(let text) = value { return text }
                return nil
            }
        }
        for message in messages where message != "ok" {
            problems.append(
                IntegrityProblem(
                    .databaseDamaged, subject: "database file", message: message,
                    fix: .run(.restore)))
        }
    }

    /// Walks the trail in pages: the hash chain, and what each record should now be.
    private mutating func checkTrail(
        _ reader: StoreReader, registers: [AuditedRegister], anchor: AuditHead?, progress: ProgressHandler?
    ) throws -> [String: [String: String]] {
        let byKind = Dictionary(registers.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        var expected: [String: [String: String]] = [:]
        var unknownKinds = Set<String>()
        var verifier = AuditChainVerifier()
        let total = try reader.eventCount()
        var last: Int64 = 0
        while true {
            let page = try reader.events(after: last, limit: IntegrityService.pageSize)
            guard let end = page.last else { break }
            for event in page {
                for chainBreak in verifier.check(event) { problems.append(Self.problem(chainBreak)) }
                if let anchor, event.sequence == anchor.sequence, event.hash != anchor.hash {
                    problems.append(
                        IntegrityProblem(
                            .eventAltered, subject: "audit event \(event.sequence)", location: "audit_events",
                            message: "the event no longer has the hash written down for it (\(anchor.hash)): the "
                                + "trail was rewritten from this event or before, with its hashes recomputed",
                            fix: .advice(.restoreHeadAndInvestigate)))
                }
                let kind = AuditedRegister.kind(ofEntity: event.entity)
                guard let register = byKind[kind] else {
                    unknownKinds.insert(kind)
                    continue
                }
                guard register.isContent(event) else { continue }
                do {
                    try register.replay(event, &expected[kind, default: [:]])
                } catch {
                    problems.append(
                        IntegrityProblem(
                            .eventAltered, subject: "audit event \(event.sequence)", location: "audit_events",
                            message: "its recorded content cannot be read as a \(register.kind) record: \(error)",
                            fix: .advice(.restoreLatest)))
                }
            }
            last = end.sequence
            progress?(ProgressEvent(phase: "checking the audit trail", done: verifier.count, total: total))
        }
        events = verifier.count
        head = verifier.head.map { AuditHead(sequence: $0.sequence, hash: $0.hash) }
        if let anchor, anchor.sequence > head?.sequence ?? 0 {
            problems.append(
                IntegrityProblem(
                    .eventsMissing, subject: "audit event \(anchor.sequence)", location: "audit_events",
                    message: "the trail ends at event \(head?.sequence ?? 0), before the head written down "
                        + "(event \(anchor.sequence)): events were cut from its end",
                    fix: .advice(.restoreHead)))
        }
        unchecked = unknownKinds.sorted()
        return expected
    }

    private static func problem(_ chainBreak: AuditChainBreak) -> IntegrityProblem {
        let what = [chainBreak.action, chainBreak.entity].compactMap { $0 }.joined(separator: " ")
        let restore = Fix.run(.restore)
        switch chainBreak.kind {
        case .altered:
            return IntegrityProblem(
                .eventAltered, subject: "audit event \(chainBreak.sequence)", location: "audit_events",
                message: "the event (\(what)) was edited after it was written: its hash no longer matches its fields",
                fix: restore)
        case .unlinked:
            return IntegrityProblem(
                .eventUnlinked, subject: "audit event \(chainBreak.sequence)", location: "audit_events",
                message: "the event (\(what)) does not link to the event before it: an event was replaced or re-hashed",
                fix: restore)
        case .missing:
            let last = chainBreak.lastMissing ?? chainBreak.sequence
            let range = last > chainBreak.sequence ? "\(chainBreak.sequence)–\(last)" : "\(chainBreak.sequence)"
            return IntegrityProblem(
                .eventsMissing, subject: "audit event \(range)", location: "audit_events",
                message: "the trail has no event \(range): events were deleted", fix: restore)
        }
    }

    /// Every register's records against what the trail says they became.
    private mutating func compareRecords(
        _ reader: StoreReader, registers: [AuditedRegister], expected: [String: [String: String]],
        progress: ProgressHandler?
    ) throws {
        for (index, register) in registers.enumerated() {
            let current = try register.current(reader)
            let wanted = expected[register.kind] ?? [:]
            records[register.noun] = current.count
            for name in Set(current.keys).union(wanted.keys).sorted() {
                let entity = String(name.prefix { $0 != " " })
                let log = Fix.run(.showHistory(entity))
                switch (current[name], wanted[name]) {
                case (let now?, let recorded?):
                    guard let difference = register.compare(current: now, expected: recorded) else { continue }
                    let fields = JSONFields.differences(difference.current, difference.expected)
                    problems.append(
                        IntegrityProblem(
                            .recordAltered, subject: name,
                            message: "the record is not what the audit trail says it became"
                                + (fields.isEmpty ? "" : "; changed: " + fields.joined(separator: ", "))
                                + "; it was changed behind the application's back",
                            fix: .steps([
                                log,
                                .advice(.restoreOrReenter),
                            ])))
                case (.some, nil):
                    problems.append(
                        IntegrityProblem(
                            .recordUntracked, subject: name,
                            message: "the record is in the database but the audit trail never recorded it: it was "
                                + "inserted behind the application's back",
                            fix: .advice(.restoreOrAddAgain)))
                case (nil, .some):
                    problems.append(
                        IntegrityProblem(
                            .recordMissing, subject: name,
                            message: "the audit trail records this record but the database no longer has it: it "
                                + "was deleted behind the application's back (records are withdrawn, never deleted)",
                            fix: .steps([log, .advice(.restoreLatest)])))
                case (nil, nil):
                    continue
                }
            }
            progress?(ProgressEvent(phase: "comparing records", done: index + 1, total: registers.count))
        }
    }

    /// References from records to requirements and files.
    private mutating func checkReferences(_ reader: StoreReader, registers: [AuditedRegister]) throws {
        for register in registers {
            for reference in register.references {
                references += 1
                for row in try reader.session.query(reference.danglingQuery, []) {
                    let record = try row.string("record")
                    let target = try row.string("target")
                    let message: String
                    switch reference.target {
                    case .requirement:
                        message = "it refers to requirement \(target), which is not in any loaded catalogue"
                    case .file:
                        message =
                            "it refers to stored file \(target), which the file register (stored_files) "
                            + "does not have"
                    }
                    problems.append(
                        IntegrityProblem(
                            .danglingReference, subject: record, message: message,
                            fix: .advice(.restoreKeepsNumbers)))
                }
                guard let allQuery = reference.allQuery else { continue }
                for row in try reader.session.query(allQuery, []) {
                    referrers[try row.string("sha256"), default: []].append(try row.string("record"))
                }
            }
        }
    }
}

/// Which fields of two JSON objects differ, for messages (`content.title`, `status`).
enum JSONFields {
    static func differences(_ first: String, _ second: String) -> [String] {
        guard let a = try? JSONSerialization.jsonObject(with: Data(first.utf8)),
            let b = try? JSONSerialization.jsonObject(with: Data(second.utf8))
        else { return [] }
        var paths: [String] = []
        collect(a, b, path: "", into: &paths)
        return paths
    }

    private static func collect(_ a: Any, _ b: Any, path: String, into paths: inout [String]) {
        if let a = a as? [String: Any], let b = b as? [String: Any] {
            for key in Set(a.keys).union(b.keys).sorted() {
                let next = path.isEmpty ? key : "\(path).\(key)"
                switch (a[key], b[key]) {
                case (let x?, let y?): collect(x, y, path: next, into: &paths)
                default: paths.append(next)
                }
            }
        } else if render(a) != render(b) {
            paths.append(path.isEmpty ? "the whole record" : path)
        }
    }

    private static func render(_ value: Any) -> String {
        guard JSONSerialization.isValidJSONObject(value),
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
        else { return String(describing: value) }
        return String(decoding: data, as: UTF8.self)
    }
}
