import Foundation
import QMSCore
import QMSStore
import TestSupport
import Testing

@Suite("Evidence written in bulk: the same rows and events as one by one, on both databases")
struct BulkEvidenceTests {
    /// Records that fill several statements of each table (45 records, 106 events, 240 links, 160
    /// files, 320 tags to a statement) and carry what the JSON writer escapes or leaves out.
    static func records(_ count: Int, standard: StandardID, file: StoredFile) throws -> [EvidenceRecord] {
        let day = try CalendarDate(parsing: "2026-03-01")
        return try (1...count).map { number in
            let draft = EvidenceDraft(
                title: number % 3 == 0 ? "Minutes \"\(number)\" \\ line\none\u{1}" : "محضر \(number)",
                description: number % 2 == 0 ? "Signed\tby the officer" : nil, kind: number % 4 == 0 ? .record : .note,
                link: number % 5 == 0 ? "https://iec.example/r?a=\(number)&b=2" : nil, owner: "amal",
                process: number % 2 == 0 ? "EP-04" : nil, location: "Irbid field office", effectiveFrom: day,
                effectiveTo: number % 6 == 0 ? day.adding(days: 30) : nil,
                collectedOn: number % 7 == 0 ? try CalendarDate(parsing: "0999-12-31") : day.adding(days: 1),
                validUntil: number % 7 == 0 ? day.adding(days: 365) : nil,
                reviewDue: number % 8 == 0 ? day.adding(days: 90) : nil,
                confidentiality: number % 3 == 0 ? .restricted : .internal, status: number % 9 == 0 ? .draft : .current,
                requirements: number % 2 == 0
                    ? [
                        try RequirementKey(parsing: "test-standard:4.1-A1"),
                        try RequirementKey(parsing: "test-standard:7.2"),
                    ] : [try RequirementKey(standard: standard, number: "8.5")],
                tags: number % 4 == 0 ? ["irbid", "polling day"] : [])
            return EvidenceRecord(
                id: EvidenceID(year: 2026, number: number * 37), revision: 1, content: draft,
                files: number % 4 == 0
                    ? [
                        EvidenceFile(
                            sha256: file.sha256, size: file.size, originalName: "form \"\(number)\".pdf",
                            mediaType: file.mediaType),
                        EvidenceFile(
                            sha256: file.sha256, size: file.size, originalName: "copy.pdf", mediaType: file.mediaType),
                    ] : [],
                status: draft.status, recordedAt: Instant(millisecondsSince1970: 1_795_443_001_123), recordedBy: "amal")
        }
    }

    @Test(
        "each record's event holds the general encoder's JSON and hash, chained between the events around it",
        arguments: Backend.available)
    func bulkMatchesGeneral(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let store = try await backend.open(in: folder)
        _ = try await store.migrate()
        let catalogue = try storeCatalogue()
        let scan = folder.file("scan.pdf")
        try Data("%PDF-1.7 results form".utf8).write(to: scan)
        let file = try DirectoryFileStore(root: folder.file("eqms.files")).store(
            contentsOf: scan, displayName: "scan.pdf")
        let records = try Self.records(300, standard: catalogue.standard.id, file: file)
        try await store.writing(actor: "amal") { writer in
            // An event before the records and one after, in the same transaction: the bulk path
            // continues the chain from the first and hands it on to the second.
            try writer.insertCatalogue(catalogue, sourceFile: "test.xml", sha256: sha)
            try writer.registerStoredFile(file)
            try writer.insertEvidence(records)
            try writer.appendEvent(action: "test.after", entity: "test", before: nil, after: "{}")
        }
        let (events, stored) = try await store.reading { reader in
            var filter = EvidenceFilter()
            filter.includeHistory = true
            return (try reader.events(), try reader.evidence(matching: filter))
        }
        #expect(AuditChain.verify(events).isEmpty, "\(AuditChain.verify(events).prefix(3))")
        #expect(
            events.map(\.action) == ["catalogue.import"] + Array(repeating: "evidence.add", count: 300) + ["test.after"]
        )
        #expect(stored == records, "every row read back as written")
        for (event, record) in zip(events.dropFirst(), records) {
            let general = try CanonicalJSON.encode(record)
            #expect(event.entity == "evidence:\(record.id)")
            #expect(event.after == general, "\(record.id)")
            #expect(event.after == record.canonicalJSON)
            let hash = try AuditChain.hash(
                sequence: event.sequence, at: event.at, actor: "amal", action: "evidence.add", entity: event.entity,
                before: nil, after: general, previousHash: event.previousHash)
            #expect(event.hash == hash, "\(record.id)")
        }
        try await store.close()
    }
}
