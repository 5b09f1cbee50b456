import Foundation
import QMSCore
import QMSFormats
import QMSStore

/// A step of a long operation, for progress bars.
public struct ProgressEvent: Sendable {
    /// What is being done ("checking rows", "storing files", "writing records").
    public var phase: String
    public var done: Int
    /// The total, when known.
    public var total: Int?
}

/// Called as a long operation advances.
public typealias ProgressHandler = @Sendable (ProgressEvent) -> Void

/// What a bulk import did.
public struct EvidenceImportReport: Sendable, Codable {
    public var file: String
    public var records: Int
    public var first: EvidenceID
    public var last: EvidenceID
    /// Distinct files stored (identical content counts once).
    public var filesStored: Int
}

/// Logging, revising, withdrawing and listing evidence, and bulk imports.
public struct EvidenceService: Sendable {
    let qms: QMS

    /// Logs a new evidence record with its files. Files are stored (and flushed to disk) before
    /// the record is written, so a failure at any point leaves the whole record or nothing.
    /// - Parameters:
    ///   - names: the files' original names, for display, when `files` are temporary copies (uploads).
    @discardableResult
    public func add(_ draft: EvidenceDraft, files: [URL] = [], names: [String]? = nil) async throws -> EvidenceRecord {
        try draft.validate(hasFiles: !files.isEmpty)
        try await checkRequirements(draft.requirements)
        let stored = try storeFiles(files, names: names)
        let actor = qms.actor
        let instant = qms.now()
        let record = try await qms.store.writing(actor: actor, at: instant) { writer in
            let year = writer.instant.date.year
            let number = try writer.nextSequenceValue("EV", year: year)
            let record = EvidenceRecord(
                id: EvidenceID(year: year, number: number), revision: 1, content: draft, files: stored.map(\.1),
                status: draft.status, recordedAt: writer.instant, recordedBy: actor)
            for file in stored { try writer.registerStoredFile(file.0) }
            try writer.insertEvidence(record)
            return record
        }
        qms.logger.info("evidence added", metadata: ["id": "\(record.id)", "actor": "\(actor)"])
        return record
    }

    /// Every revision of a record, oldest first.
    public func revisions(_ id: EvidenceID) async throws -> [EvidenceRecord] {
        let revisions = try await qms.store.reading { try $0.evidenceRevisions(id) }
        guard !revisions.isEmpty else {
            throw DomainError.notFound(
                kind: .evidenceRecord, id: id.description, hint: .lookUp(.evidence))
        }
        return revisions
    }

    /// The latest revision of a record.
    public func latest(_ id: EvidenceID) async throws -> EvidenceRecord {
        guard let last = try await revisions(id).last else {
            throw DomainError.notFound(kind: .evidenceRecord, id: id.description, hint: nil)
        }
        return last
    }

    /// Makes a new revision from `draft`; the previous one stays readable, superseded.
    /// - Parameters:
    ///   - files: files to attach to the new revision.
    ///   - keepFiles: whether the previous revision's files carry over.
    @discardableResult
    public func revise(_ id: EvidenceID, with draft: EvidenceDraft, files: [URL] = [], keepFiles: Bool = true)
        async throws -> EvidenceRecord
    {
        let previous = try await latest(id)
        guard previous.status == .current || previous.status == .draft else {
            throw DomainError.ruleViolated(
                .evidenceCannotBeRevised, ["id": "\(id)", "status": .term(previous.status)], fix: .run(.addEvidence))
        }
        let carried = keepFiles ? previous.files : []
        try draft.validate(hasFiles: !carried.isEmpty || !files.isEmpty)
        try await checkRequirements(draft.requirements)
        let stored = try storeFiles(files)
        let actor = qms.actor
        let record = try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            // Re-read inside the transaction: another writer may have revised it meanwhile.
            guard let current = try writer.reader.evidenceRevisions(id).last, current.revision == previous.revision
            else {
                throw DomainError.ruleViolated(
                    .changedBySomeoneElse, ["id": "\(id)"], fix: .advice(.lookAgainAndRetry))
            }
            let record = EvidenceRecord(
                id: id, revision: previous.revision + 1, content: draft, files: carried + stored.map(\.1),
                status: draft.status, recordedAt: writer.instant, recordedBy: actor)
            for file in stored { try writer.registerStoredFile(file.0) }
            try writer.insertRevision(record, superseding: current)
            return record
        }
        qms.logger.info("evidence revised", metadata: ["id": "\(id)", "revision": "\(record.revision)"])
        return record
    }

    /// Withdraws a record, with the reason; it stays readable, and stops counting.
    @discardableResult
    public func withdraw(_ id: EvidenceID, reason: String) async throws -> EvidenceRecord {
        let reason = reason.trimmingWhitespace()
        guard reason.count >= 5 else {
            throw DomainError.invalidValue(field: "reason", value: reason, expected: .reason)
        }
        let previous = try await latest(id)
        guard previous.status != .withdrawn else {
            throw DomainError.ruleViolated(.alreadyWithdrawn, ["id": "\(id)"], fix: nil)
        }
        return try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            try writer.withdrawEvidence(previous, reason: reason)
        }
    }

    /// The register: each record's latest revision matching the filter; with `expiringWithin`,
    /// only current records that expire within that many days (or have expired).
    public func list(_ filter: EvidenceFilter = EvidenceFilter(), expiringWithin days: Int? = nil) async throws
        -> [EvidenceRecord]
    {
        let filter = try await counted(filter)
        let today = qms.today
        return try await qms.store.reading { reader in
            var records: [EvidenceRecord] = []
            try Self.forEachListedPage(
                reader, filter, expiringWithin: days, today: today, size: Self.listPageSize
            ) { records += $0 }
            return records
        }
    }

    /// The register as ``list(_:expiringWithin:)`` gives it, handed to `body` a page at a time
    /// inside one consistent read, so that a front end writes a register of any length as it is
    /// read (`eqms evidence list --json`) and never holds it whole. `body` is called from one
    /// task, page after page, never concurrently.
    public func forEachListed(
        _ filter: EvidenceFilter = EvidenceFilter(), expiringWithin days: Int? = nil, pageSize: Int = listPageSize,
        _ body: @escaping @Sendable ([EvidenceRecord]) throws -> Void
    ) async throws {
        let filter = try await counted(filter)
        let today = qms.today
        try await qms.store.reading { reader in
            try Self.forEachListedPage(reader, filter, expiringWithin: days, today: today, size: pageSize, body)
        }
    }

    /// Records per page of a streamed register: large enough that the few queries a page costs
    /// are spread thin, small enough that a page's memory does not count.
    public static let listPageSize = 1000

    /// The listing both ``list(_:expiringWithin:)`` and ``forEachListed(_:expiringWithin:pageSize:_:)``
    /// read: the filter's records a page at a time, with `expiringWithin` only current records
    /// that expire within that many days of `today` (or have expired).
    private static func forEachListedPage(
        _ reader: StoreReader, _ filter: EvidenceFilter, expiringWithin days: Int?, today: CalendarDate, size: Int,
        _ body: ([EvidenceRecord]) throws -> Void
    ) throws {
        try reader.forEachEvidencePage(matching: filter, size: size) { page in
            guard let days else { return try body(page) }
            let expiring = page.filter { record in
                guard record.status == .current, let validUntil = record.content.validUntil else { return false }
                return today.days(until: validUntil) <= days
            }
            if !expiring.isEmpty { try body(expiring) }
        }
    }

    /// One page of the register (the filter's `limit` and `offset`) and how many records match in
    /// all, counted by the database: a register of 100,000 records is never read whole for a page.
    public func page(_ filter: EvidenceFilter) async throws -> (records: [EvidenceRecord], total: Int) {
        let filter = try await counted(filter)
        return try await qms.store.reading { reader in
            (try reader.evidence(matching: filter), try reader.evidenceCount(matching: filter))
        }
    }

    /// The filter with its requirement read as the compliance matrix reads it: the records that
    /// count for the requirement (through a crosswalk, a clause above it or a register entry
    /// included) and, for a clause, for the requirements below it. So the register filtered by a
    /// requirement lists what the requirement's page and the matrix count, no more and no less.
    func counted(_ filter: EvidenceFilter) async throws -> EvidenceFilter {
        guard let requirement = filter.requirement else { return filter }
        var result = filter
        result.requirement = nil
        let counted = try await qms.compliance.matrix().evidence(for: requirement).map(\.contribution.evidence)
        result.ids = (filter.ids.map { Set($0) }).map { given in counted.filter(given.contains) } ?? counted
        return result
    }

    /// The title, validity and register entry of each record named, for pages that list
    /// records by identifier (a requirement's evidence).
    public func labels(_ ids: [EvidenceID]) async throws -> [EvidenceID: EvidenceLabel] {
        try await qms.store.reading { try $0.evidenceLabels(ids) }
    }

    /// Copies an attached file out of the store, streaming.
    /// - Parameters:
    ///   - index: which attachment, from 1.
    @discardableResult
    public func exportFile(_ id: EvidenceID, revision: Int? = nil, index: Int = 1, to destination: URL) async throws
        -> EvidenceFile
    {
        let revisions = try await self.revisions(id)
        let chosen = revision.map { number in revisions.first { $0.revision == number } } ?? revisions.last
        guard let record = chosen else {
            throw DomainError.notFound(kind: .revision, id: "\(id) revision \(revision ?? 0)", hint: nil)
        }
        guard index >= 1, index <= record.files.count else {
            throw DomainError.notFound(
                kind: .attachment, id: "\(id) #\(index)",
                hint: .advice(.revisionFiles(id: "\(id)", revision: record.revision, count: record.files.count)))
        }
        let file = record.files[index - 1]
        guard FileManager.default.createFile(atPath: destination.path, contents: nil),
            let handle = try? FileHandle(forWritingTo: destination)
        else {
            throw ServiceError.cannotWriteFile(path: destination.path)
        }
        defer { try? handle.close() }
        try qms.files.read(file.sha256) { chunk in try handle.write(contentsOf: chunk) }
        return file
    }

    /// Imports a CSV of evidence records in one transaction: any bad row aborts everything, with its
    /// row number, column and reason, and nothing is written.
    public func importCSV(_ url: URL, progress: ProgressHandler? = nil) async throws -> EvidenceImportReport {
        let name = CatalogueService.displayName(url)
        let clock = ContinuousClock()
        let started = clock.now
        let reader = try CSVReader(contentsOf: url, file: name)
        let rows = try EvidenceCSV.read(reader, today: qms.today) { done in
            progress?(ProgressEvent(phase: "checking rows", done: done, total: nil))
        }
        qms.logger.debug("import: rows read", metadata: ["rows": "\(rows.count)", "elapsed": "\(clock.now - started)"])
        let known = try await qms.store.reading { reader in try reader.requirementKeys() }
        let folder = url.deletingLastPathComponent()
        let resolvedFolder = folder.resolvingSymlinksInPath().standardizedFileURL.path
        var paths: [Int: [URL]] = [:]
        for row in rows {
            for key in row.draft.requirements where !known.contains(key) {
                throw FormatError(
                    .requirementNotLoaded, ["requirement": "\(key)"],
                    at: SourceLocation(file: name, field: "requirements", row: row.row),
                    fix: .lookUp(.standard, scope: key.standard.rawValue))
            }
            var urls: [URL] = []
            for path in row.files {
                // A CSV from elsewhere must not pull in files from outside its folder (`../../etc/passwd`,
                // an absolute path, a link leading out): they would become evidence others may download.
                let file = folder.appendingPathComponent(path)
                let resolved = file.resolvingSymlinksInPath().standardizedFileURL.path
                guard !path.hasPrefix("/"), !path.split(separator: "/").contains(".."),
                    resolved.hasPrefix(resolvedFolder.hasSuffix("/") ? resolvedFolder : resolvedFolder + "/")
                else {
                    throw FormatError(
                        .fileOutsideFolder, ["path": "\(path)"],
                        at: SourceLocation(file: name, field: "files", row: row.row),
                        fix: .advice(.filesBelowCSV))
                }
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory),
                    !isDirectory.boolValue
                else {
                    throw FormatError(
                        .listedFileMissing, ["path": "\(path)"],
                        at: SourceLocation(file: name, field: "files", row: row.row),
                        fix: .advice(.pathsRelativeToCSV))
                }
                urls.append(file)
            }
            if !urls.isEmpty { paths[row.row] = urls }
        }
        // Files first, durable on disk, then the records in one transaction.
        var storedByPath: [URL: (StoredFile, EvidenceFile)] = [:]
        let allPaths = Array(Set(paths.values.flatMap { $0 }))
        for (done, path) in allPaths.enumerated() {
            do {
                storedByPath[path] = try storeFiles([path])[0]
            } catch let error as FileStoreError {
                let row = paths.first { $0.value.contains(path) }?.key
                throw FormatError(
                    error, at: SourceLocation(file: name, field: "files", row: row), fix: error.fix)
            }
            progress?(ProgressEvent(phase: "storing files", done: done + 1, total: allPaths.count))
        }
        qms.logger.debug("import: rows checked, files stored", metadata: ["elapsed": "\(clock.now - started)"])
        let actor = qms.actor
        let stored = storedByPath
        let filePaths = paths
        let report = try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            for file in Set(stored.values.map(\.0)) { try writer.registerStoredFile(file) }
            let year = writer.instant.date.year
            let numbers = try writer.reserveSequenceValues("EV", year: year, count: rows.count)
            var records: [EvidenceRecord] = []
            records.reserveCapacity(rows.count)
            for (offset, row) in rows.enumerated() {
                let files = (filePaths[row.row] ?? []).compactMap { stored[$0]?.1 }
                records.append(
                    EvidenceRecord(
                        id: EvidenceID(year: year, number: numbers.lowerBound + offset), revision: 1,
                        content: row.draft,
                        files: files, status: row.draft.status, recordedAt: writer.instant, recordedBy: actor))
            }
            qms.logger.debug("import: records built", metadata: ["elapsed": "\(clock.now - started)"])
            // Written in slices, so that progress shows and no statement grows without bound.
            var written = 0
            while written < records.count {
                let slice = Array(records[written..<min(records.count, written + 5000)])
                try writer.insertEvidence(slice)
                written += slice.count
                progress?(ProgressEvent(phase: "writing records", done: written, total: records.count))
            }
            let first = records.first?.id
            let last = records.last?.id
            guard let first, let last else { throw DomainError.ruleViolated(.nothingToImport, fix: nil) }
            return EvidenceImportReport(
                file: name, records: rows.count, first: first, last: last,
                filesStored: Set(stored.values.map(\.0.sha256)).count)
        }
        qms.logger.info(
            "evidence imported",
            metadata: ["file": "\(name)", "records": "\(report.records)", "elapsed": "\(clock.now - started)"])
        return report
    }

    private func checkRequirements(_ keys: [RequirementKey]) async throws {
        let missing = try await qms.store.reading { reader in try keys.filter { try !reader.requirementExists($0) } }
        if let key = missing.first {
            throw DomainError.notFound(
                kind: .requirement, id: key.description,
                hint: .lookUp(.standard, scope: key.standard.rawValue))
        }
    }

    /// Streams files into the file store; returns what was stored and the reference to record.
    private func storeFiles(_ urls: [URL], names: [String]? = nil) throws -> [(StoredFile, EvidenceFile)] {
        try urls.enumerated().map { index, url in
            let given = names.flatMap { index < $0.count ? $0[index] : nil } ?? url.lastPathComponent
            let name = EvidenceService.displayName((given as NSString).lastPathComponent)
            // Messages name the path the user gave, or the uploaded name for uploads.
            let stored = try qms.files.store(contentsOf: url, displayName: names == nil ? url.path : name)
            return (
                stored,
                EvidenceFile(sha256: stored.sha256, size: stored.size, originalName: name, mediaType: stored.mediaType)
            )
        }
    }

    /// A file name kept for display only: control characters removed, at most 255 characters.
    static func displayName(_ name: String) -> String {
        let cleaned = String(name.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        let trimmed = String(cleaned.prefix(255))
        return trimmed.isEmpty ? "file" : trimmed
    }
}
