import Foundation
import QMSCore
import QMSStore
import TestSupport
import Testing

@testable import QMSServices

/// The register's search finds a record however the reader types its accents, case, Arabic short
/// vowels or forms of alef, on SQLite and on PostgreSQL alike.
@Suite("Evidence search: without accents, case or Arabic marks, on both databases")
struct EvidenceSearchTests {
    static let titles = [
        "Réunion du comité électoral de Zarqa", "Reunion de la Comisión en Tánger", "اجْتِماع اللجنة الانتخابية",
        "إعلان النتائج الأولية", "Plain English minutes",
    ]

    static func check(_ qms: QMS) async throws {
        var ids: [String: EvidenceID] = [:]
        for title in titles {
            let record = try await qms.evidence.add(
                EvidenceDraft(
                    title: title, kind: .note, owner: "amal", effectiveFrom: try CalendarDate(parsing: "2026-01-01"),
                    collectedOn: try CalendarDate(parsing: "2026-06-01"),
                    requirements: [try RequirementKey(parsing: "iso-9001-2015:9.3.1")]))
            ids[title] = record.id
        }
        func found(_ text: String) async throws -> Set<String> {
            var filter = EvidenceFilter()
            filter.text = text
            return Set(try await qms.evidence.list(filter).map { $0.content.title })
        }
        #expect(try await found("reunion") == [titles[0], titles[1]])
        #expect(try await found("RÉUNION") == [titles[0], titles[1]])
        #expect(try await found("comite electoral") == [titles[0]])
        #expect(try await found("comisión") == [titles[1]])
        #expect(try await found("tanger") == [titles[1]])
        #expect(try await found("اجتماع") == [titles[2]], "the short vowels of the title are not typed")
        #expect(try await found("اعلان") == [titles[3]], "alef with hamza below found by a bare alef")
        #expect(try await found("minutes") == [titles[4]])
        #expect(try await found("50%") == [], "a % is a character searched for, not a wildcard")
        #expect(try await found(ids[titles[0]]?.description ?? "-") == [titles[0]])
    }

    @Test("SQLite")
    func sqlite() async throws {
        let folder = try TemporaryFolder()
        let qms = try await initialisedQMS(in: folder)
        try await Self.check(qms)
        try await qms.store.close()
    }

    @Test("PostgreSQL", .enabled(if: ThrowawaySchema.server != nil))
    func postgres() async throws {
        let schema = try await ThrowawaySchema("search")
        let folder = try TemporaryFolder()
        let qms = try await schema.initialisedQMS(files: folder)
        try await Self.check(qms)
        try await qms.store.close()
        try await schema.drop()
    }
}
