import Foundation
import QMSCore
import QMSFormats
@_spi(Benchmarks) import QMSServices
import QMSStore

/// Writes an evidence CSV of `rows` rows, each a link record supporting two ISO 9001 requirements.
func writeEvidenceCSV(rows: Int, to url: URL, keys: [RequirementKey]) throws {
    var generator = SplitMix64(state: 42)
    var text = EvidenceCSV.template + "\n"
    text.reserveCapacity(rows * 190)
    for row in 0..<rows {
        let first = keys[Int(generator.next() % UInt64(keys.count))]
        var second = keys[Int(generator.next() % UInt64(keys.count))]
        if second == first { second = keys[(keys.firstIndex(of: first).map { $0 + 1 } ?? 0) % keys.count] }
        let month = 1 + Int(generator.next() % 12)
        let monthText = month < 10 ? "0\(month)" : "\(month)"
        text += "Minutes of polling station \(row),\(first);\(second),link,amal,EP-04,2026-\(monthText)-01,"
        text += "2027-\(monthText)-01,2027-01-15,internal,https://iec.example/records/\(row),\n"
    }
    try Data(text.utf8).write(to: url)
}

/// When the floor's rows are recorded, and by whom: fixed, so that every run writes the same bytes.
let floorInstant = Instant(millisecondsSince1970: 1_796_385_600_000)  // 2026-12-04T12:00:00.000Z
let floorActor = "bench"

/// A sqlite3 script that writes the CSV of ``writeEvidenceCSV(rows:to:keys:)`` into the evidence
/// tables of an initialised database, with nothing but SQL: read into a staging table in memory,
/// then one `INSERT … SELECT` per table in one durable transaction, foreign keys and constraints
/// on as the store has them, and the audit events the import writes (``floorTrailStatements``,
/// computed beforehand). No row checks beyond the schema's, no hashing or encoding at run time,
/// so no importer that keeps this schema and its trail can write faster; the benchmark's bound is
/// a fraction of it.
func schemaFloorScript(csv: URL, trail: String) -> String {
    let columns = EvidenceCSV.requiredColumns.map { "\($0) TEXT" }.joined(separator: ", ")
    // The generator writes exactly two keys per row, `standard:number;standard:number`.
    let first = "substr(requirements, 1, instr(requirements, ';') - 1)"
    let second = "substr(requirements, instr(requirements, ';') + 1)"
    let year = floorInstant.date.year
    func link(_ key: String) -> String {
        """
        INSERT INTO evidence_requirements (evidence_id, revision, standard_id, number)
            SELECT printf('EV-\(year)-%04d', rowid), 1, substr(\(key), 1, instr(\(key), ':') - 1),
                substr(\(key), instr(\(key), ':') + 1) FROM staging.rows;
        """
    }
    return """
        PRAGMA foreign_keys = ON;
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = FULL;
        ATTACH ':memory:' AS staging;
        CREATE TABLE staging.rows (\(columns));
        .mode csv
        .import --skip 1 --schema staging \(csv.path) rows
        .bail on
        BEGIN;
        INSERT INTO evidence (id, revision, year, number, title, description, kind, link, owner, process, location,
                effective_from, effective_to, collected_on, valid_until, review_due, confidentiality, status,
                withdrawn_reason, recorded_at, recorded_by)
            SELECT printf('EV-\(year)-%04d', rowid), 1, \(year), rowid, title, NULL, kind, nullif(link, ''), owner,
                nullif(process, ''), 'headquarters', effective_date, NULL, '\(floorInstant.date)', nullif(valid_until, ''),
                nullif(review_due, ''), confidentiality, 'current', NULL, '\(floorInstant)', '\(floorActor)'
            FROM staging.rows;
        \(link(first))
        \(link(second))
        \(trail)
        COMMIT;
        -- Every row, both its links and its event written, or the script fails (abs() of the
        -- smallest integer is an error, and .bail makes sqlite3 exit non-zero): the figure is of the work done.
        SELECT CASE WHEN (SELECT count(*) FROM evidence_requirements) = 2 * (SELECT count(*) FROM staging.rows)
            AND (SELECT count(*) FROM evidence) = (SELECT count(*) FROM staging.rows)
            AND (SELECT count(*) FROM audit_events WHERE action = 'evidence.add') = (SELECT count(*) FROM staging.rows)
            THEN 1 ELSE abs(-9223372036854775808) END;
        """
}

/// The audit events the import writes for the rows of `csv`, one per record, as `INSERT`
/// statements whose every value is a literal: each record's canonical JSON and the chain of
/// hashes, from the event after `last`, are computed here in Swift, before the clock starts, so
/// that sqlite3 only inserts. Each statement is one line of 500 rows (the shell re-reads a
/// statement spanning lines at every line, and one row per statement would measure its parser).
func floorTrailStatements(csv: URL, after last: AuditEvent?) throws -> String {
    let rows = try EvidenceCSV.read(CSVReader(contentsOf: csv, file: csv.lastPathComponent), today: floorInstant.date)
    var sequence = last?.sequence ?? 0
    var previous = last?.hash ?? AuditChain.genesisHash
    let at = floorInstant.description
    func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
    var script = ""
    script.reserveCapacity(rows.count * 900)
    for start in stride(from: 0, to: rows.count, by: 500) {
        script += "INSERT INTO audit_events (seq, at, actor, action, entity, before_json, after_json, prev_hash, hash) "
        script += "VALUES "
        for offset in start..<min(rows.count, start + 500) {
            let draft = rows[offset].draft
            let record = EvidenceRecord(
                id: EvidenceID(year: floorInstant.date.year, number: offset + 1), revision: 1, content: draft,
                files: [], status: draft.status, recordedAt: floorInstant, recordedBy: floorActor)
            sequence += 1
            let entity = "evidence:\(record.id)"
            let json = record.canonicalJSON
            let hash = try AuditChain.hash(
                sequence: sequence, at: at, actor: floorActor, action: "evidence.add", entity: entity, before: nil,
                after: json, previousHash: previous)
            if offset > start { script += ", " }
            script += "(\(sequence), \(literal(at)), \(literal(floorActor)), 'evidence.add', \(literal(entity)), NULL, "
            script += "\(literal(json)), '\(previous)', '\(hash)')"
            previous = hash
        }
        script += ";\n"
    }
    return script
}

/// A database initialised with the shipped standards, at `path`.
func initialisedDatabase(_ path: String, library: StandardsLibrary) async throws -> QMS {
    let (qms, _) = try await SetupService.initialise(databasePath: path, library: library, actor: "bench")
    return qms
}

/// The ISO 9001 leaves the generated CSVs link to.
func benchmarkKeys(library: StandardsLibrary, folder: URL) async throws -> [RequirementKey] {
    let probe = try await initialisedDatabase(folder.appendingPathComponent("probe.sqlite").path, library: library)
    let keys = try await probe.benchmarkStore.reading { reader in
        try reader.catalogue(try StandardID("iso-9001-2015"))?.leaves.map(\.key) ?? []
    }
    try await probe.benchmarkStore.close()
    return keys
}

/// Bulk import of 100k rows, beside sqlite3 writing the same rows and trail into our schema in
/// SQL (the floor, which the bound is against) and `sqlite3 .import` of the CSV into one plain
/// table (reported, not bounded: no importer writing this schema and its trail comes near it).
/// `eqms-bench --only import` runs this alone.
@MainActor
func importBenchmark(
    _ report: BenchReport, library: StandardsLibrary, folder: URL, quick: Bool, keys: [RequirementKey]
) async throws {
    let rows = quick ? 10_000 : 100_000
    let csv = folder.appendingPathComponent("evidence-\(rows).csv")
    try writeEvidenceCSV(rows: rows, to: csv, keys: keys)
    var ours: [Double] = []
    var theirs: [Double] = []
    var floor: [Double] = []
    guard let sqlite3 = which("sqlite3") else { throw BenchError("sqlite3 is not installed (apt-get install sqlite3)") }
    for round in 0..<3 {
        let database = folder.appendingPathComponent("import-\(round).sqlite").path
        let qms = try await initialisedDatabase(database, library: library)
        ours.append(try await seconds { _ = try await qms.evidence.importCSV(csv) })
        try await qms.benchmarkStore.close()
        let plain = folder.appendingPathComponent("plain-\(round).sqlite").path
        let columns = EvidenceCSV.requiredColumns.map { "\($0) TEXT" }.joined(separator: ", ")
        let script = """
            CREATE TABLE evidence (\(columns));
            .mode csv
            .import --skip 1 \(csv.path) evidence
            """
        theirs.append(try timeProcess(sqlite3, [plain], input: script))
        // The floor: sqlite3 itself writing the same rows and their events into our schema, in SQL.
        let schema = folder.appendingPathComponent("floor-\(round).sqlite").path
        let initialised = try await initialisedDatabase(schema, library: library)
        let last = try await initialised.benchmarkStore.reading { try $0.lastEvent() }
        try await initialised.benchmarkStore.close()
        let trail = try floorTrailStatements(csv: csv, after: last)
        floor.append(try timeProcess(sqlite3, [schema], input: schemaFloorScript(csv: csv, trail: trail)))
        if round == 0 { try await checkFloorTrail(schema, rows: rows) }
    }
    let ourRate = Double(rows) / (ours.min() ?? 1)
    let theirRate = Double(rows) / (theirs.min() ?? 1)
    let floorRate = Double(rows) / (floor.min() ?? 1)
    report.add(
        Figure(
            name: "evidence import (CSV, links, audit trail)", value: ourRate, unit: "rows/s",
            detail: "\(rows) rows, best of 3"))
    report.add(
        Figure(
            name: "sqlite3 writing it into our tables (SQL only)", value: floorRate, unit: "rows/s",
            detail:
                "evidence, links and audit events (hashes computed beforehand), constraints and foreign keys on; best of 3"
        ))
    report.add(
        Figure(
            name: "sqlite3 .import of the same CSV", value: theirRate, unit: "rows/s", detail: "\(rows) rows, best of 3"
        ))
    report.check(
        "import rate / SQL floor rate (trail rows included)", measured: ourRate / floorRate, bound: "≥ 0.8",
        met: ourRate / floorRate >= 0.8)
    // Not bounds: `.import` writes one plain table with no keys, checks or trail.
    report.add(
        Figure(
            name: "  import rate / sqlite3 .import rate", value: ourRate / theirRate, unit: "",
            detail: "unchecked: a plain table, no keys, checks or trail"))
    report.add(
        Figure(
            name: "  floor: SQL-only rate / sqlite3 .import rate", value: floorRate / theirRate, unit: "",
            detail: "the best ratio an importer writing these tables and their trail could reach"))
}

/// The floor's database holds what the import would have written: its trail verifies, one
/// `evidence.add` event per row, each naming a record that is there. Checked once, outside the timing.
func checkFloorTrail(_ path: String, rows: Int) async throws {
    let qms = try await QMS.openSQLite(path: path, actor: floorActor)
    let (events, records) = try await qms.benchmarkStore.reading { reader in
        (try reader.events(), try reader.evidence(matching: EvidenceFilter()))
    }
    try await qms.benchmarkStore.close()
    let problems = AuditChain.verify(events)
    let added = events.filter { $0.action == "evidence.add" }
    guard problems.isEmpty, added.count == rows, records.count == rows,
        Set(added.map(\.entity)) == Set(records.map { "evidence:\($0.id)" }),
        let first = records.first, added.first?.after == first.canonicalJSON
    else {
        throw BenchError(
            "the floor's trail is not the import's: \(problems.prefix(3)), \(added.count) events for \(records.count) records"
        )
    }
}

/// Bulk import against `sqlite3 .import`, file attachment against `sha256sum`, and the matrix at three scales.
@MainActor
func evidenceBenchmarks(_ report: BenchReport, library: StandardsLibrary, folder: URL, quick: Bool) async throws {
    let keys = try await benchmarkKeys(library: library, folder: folder)
    try await importBenchmark(report, library: library, folder: folder, quick: quick, keys: keys)

    // 2. Attaching 1 GiB of files, beside sha256sum over the same files.
    let fileCount = quick ? 8 : 64
    let fileSize = 16 << 20
    let attachFolder = folder.appendingPathComponent("attach", isDirectory: true)
    try FileManager.default.createDirectory(at: attachFolder, withIntermediateDirectories: true)
    var generator = SplitMix64(state: 7)
    var paths: [URL] = []
    for index in 0..<fileCount {
        var bytes = [UInt8](repeating: 0, count: fileSize)
        bytes.withUnsafeMutableBytes { buffer in
            let words = buffer.bindMemory(to: UInt64.self)
            for position in words.indices { words[position] = generator.next() }
        }
        let url = attachFolder.appendingPathComponent("scan-\(index).pdf")
        try Data(bytes).write(to: url)
        paths.append(url)
    }
    let totalBytes = Double(fileCount * fileSize)
    guard let sha256sum = which("sha256sum") else { throw BenchError("sha256sum is not installed") }
    _ = try timeProcess(sha256sum, paths.map(\.path))  // warm the page cache for both sides alike
    let hashSeconds = try timeProcess(sha256sum, paths.map(\.path))
    let attachDatabase = folder.appendingPathComponent("attach.sqlite").path
    let attacher = try await initialisedDatabase(attachDatabase, library: library)
    let today = attacher.today
    let attachSeconds = try await seconds {
        for (index, path) in paths.enumerated() {
            let draft = EvidenceDraft(
                title: "Scanned results form \(index)", kind: .record, owner: "amal", process: "EP-05",
                effectiveFrom: today, collectedOn: today, requirements: [keys[index % keys.count]])
            try await attacher.evidence.add(draft, files: [path])
        }
    }
    try await attacher.benchmarkStore.close()
    let ourThroughput = totalBytes / attachSeconds / 1_048_576
    let hashThroughput = totalBytes / hashSeconds / 1_048_576
    report.add(
        Figure(
            name: "attach files (stream, SHA-256, fsync, record)", value: ourThroughput, unit: "MiB/s",
            detail: "\(fileCount) × 16 MiB"))
    report.add(
        Figure(name: "sha256sum over the same files", value: hashThroughput, unit: "MiB/s", detail: "page cache warm"))
    report.check(
        "attach throughput / sha256sum throughput", measured: ourThroughput / hashThroughput, bound: "≥ 0.7",
        met: ourThroughput / hashThroughput >= 0.7)
    try? FileManager.default.removeItem(at: attachFolder)
    try? FileManager.default.removeItem(at: DirectoryFileStore.folder(forDatabase: attachDatabase))

    // 3. The compliance matrix over 1k, 10k and 100k evidence records.
    var perRecord: [Int: Double] = [:]
    for size in quick ? [1_000, 10_000] : [1_000, 10_000, 100_000] {
        let sizedCSV = folder.appendingPathComponent("matrix-\(size).csv")
        try writeEvidenceCSV(rows: size, to: sizedCSV, keys: keys)
        let qms = try await initialisedDatabase(
            folder.appendingPathComponent("matrix-\(size).sqlite").path, library: library)
        _ = try await qms.evidence.importCSV(sizedCSV)
        _ = try await qms.compliance.matrix()
        var best = Double.infinity
        for _ in 0..<3 {
            // A QMS of its own each time: the matrix is kept per database version, and a kept
            // matrix measures nothing.
            let fresh = QMS(store: qms.benchmarkStore, files: qms.files, actor: "bench")
            best = min(best, try await seconds { _ = try await fresh.compliance.matrix() })
        }
        try await qms.benchmarkStore.close()
        perRecord[size] = best / Double(size)
        report.add(
            Figure(
                name: "compliance matrix, \(size) records", value: best * 1000, unit: "ms",
                detail: String(format: "%.2f µs per record, best of 3", best / Double(size) * 1e6)))
    }
    let largest = quick ? 10_000 : 100_000
    if let small = perRecord[1_000], let large = perRecord[largest] {
        report.check(
            "matrix cost per record at \(largest) / at 1k", measured: large / small, bound: "≤ 1.5",
            met: large / small <= 1.5)
    }
}
