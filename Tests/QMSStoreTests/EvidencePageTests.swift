import Foundation
import QMSCore
import QMSStore
import TestSupport
import Testing

@Suite("A page of the evidence register: searched and sorted in SQL, alike on both databases")
struct EvidencePageTests {
    static func record(_ number: Int, _ title: String, owner: String, validUntil: String?) throws -> EvidenceRecord {
        let day = try CalendarDate(parsing: "2026-03-01")
        return EvidenceRecord(
            id: EvidenceID(year: 2026, number: number), revision: 1,
            content: EvidenceDraft(
                title: title, kind: .note, owner: owner, effectiveFrom: day, collectedOn: day,
                validUntil: try validUntil.map { try CalendarDate(parsing: $0) }, requirements: []),
            files: [], status: .current, recordedAt: Instant(millisecondsSince1970: 1_795_443_001_000),
            recordedBy: "amal")
    }

    @Test(
        "the text matches any case and takes % and _ literally; the order holds both ways, empty dates last",
        arguments: Backend.available)
    func searchAndSort(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let store = try await backend.open(in: folder)
        _ = try await store.migrate()
        try await store.writing(actor: "amal") { writer in
            try writer.insertEvidence([
                try Self.record(1, "Ballot papers received", owner: "Logistics", validUntil: "2026-09-01"),
                try Self.record(2, "Audit plan 100% covered", owner: "Amal Haddad", validUntil: nil),
                try Self.record(3, "Certificate of the printer", owner: "Procurement", validUntil: "2026-05-01"),
            ])
        }
        func ids(_ change: (inout EvidenceFilter) -> Void) async throws -> [Int] {
            var filter = EvidenceFilter()
            filter.limit = 50
            change(&filter)
            let page = filter
            return try await store.reading { try $0.evidence(matching: page) }.map(\.id.number)
        }
        #expect(try await ids { $0.text = "BALLOT" } == [1])
        #expect(try await ids { $0.text = "ev-2026-0003" } == [3])
        #expect(try await ids { $0.text = "100%" } == [2])
        #expect(
            try await ids { $0.text = "t_p" }.isEmpty, "an underscore is no wildcard (\"Audit plan\" has t, space, p)")
        #expect(try await ids { $0.text = "amal" } == [2], "the owner is searched")
        let count = try await store.reading { reader in
            var filter = EvidenceFilter()
            filter.text = "p"
            return try reader.evidenceCount(matching: filter)
        }
        #expect(count == 3)
        #expect(try await ids { $0.sort = .title } == [2, 1, 3])
        #expect(
            try await ids {
                $0.sort = .title; $0.descending = true
            } == [3, 1, 2])
        #expect(try await ids { $0.sort = .validUntil } == [3, 1, 2])
        #expect(
            try await ids {
                $0.sort = .validUntil; $0.descending = true
            } == [1, 3, 2])
        #expect(
            try await ids {
                $0.sort = .title; $0.offset = 1; $0.limit = 1
            } == [1])
        try await store.close()
    }
}
