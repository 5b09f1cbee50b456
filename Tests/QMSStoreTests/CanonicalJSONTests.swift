import Foundation
import QMSCore
import QMSStore
import Testing

@Suite("Canonical JSON")
struct CanonicalJSONTests {
    func record(optionals: Bool) throws -> EvidenceRecord {
        let draft = EvidenceDraft(
            title: "Minutes \"A\" / results\nline two", description: optionals ? "وصف \\ back\u{1}slash" : nil,
            kind: .record, link: optionals ? "https://iec.example/r?a=1&b=2" : nil, owner: "أمل",
            process: optionals ? "EP-04" : nil, location: "Irbid field office",
            effectiveFrom: try CalendarDate(parsing: "2026-03-01"),
            effectiveTo: optionals ? try CalendarDate(parsing: "2026-03-31") : nil,
            collectedOn: try CalendarDate(parsing: "2026-04-02"),
            validUntil: optionals ? try CalendarDate(parsing: "2027-03-01") : nil,
            reviewDue: optionals ? try CalendarDate(parsing: "2026-12-01") : nil, confidentiality: .restricted,
            status: .current,
            requirements: [
                try RequirementKey(parsing: "iso-9001-2015:8.5.1"), try RequirementKey(parsing: "iso-54001-2019:EP-04"),
            ],
            tags: optionals ? ["polling day", "irbid"] : [])
        return EvidenceRecord(
            id: EvidenceID(year: 2026, number: 42), revision: 3, content: draft,
            files: optionals
                ? [
                    EvidenceFile(
                        sha256: String(repeating: "ab", count: 32), size: 1234, originalName: "form \"5\".pdf",
                        mediaType: "application/pdf")
                ]
                : [],
            status: optionals ? .withdrawn : .current, withdrawnReason: optionals ? "Replaced by the signed copy" : nil,
            recordedAt: Instant(millisecondsSince1970: 1_795_443_001_123), recordedBy: "amal")
    }

    @Test("the fast writer of an evidence record gives exactly the general encoder's text", arguments: [false, true])
    func fastWriterMatchesEncoder(optionals: Bool) throws {
        let value = try record(optionals: optionals)
        #expect(value.canonicalJSON == (try CanonicalJSON.encode(value)))
    }

    @Test("keys are sorted, strings escaped, nothing between tokens, and it parses back to the same record")
    func shape() throws {
        let value = try record(optionals: true)
        let text = value.canonicalJSON
        #expect(text.hasPrefix("{\"content\":{\"collectedOn\":\"2026-04-02\",\"confidentiality\":\"restricted\""))
        #expect(text.contains("\"title\":\"Minutes \\\"A\\\" / results\\nline two\""))
        #expect(text.contains("\\\\ back\\u0001slash"))
        #expect(!text.contains(": ") && !text.contains(", "))
        let decoded = try JSONDecoder().decode(EvidenceRecord.self, from: Data(text.utf8))
        #expect(decoded == value)
    }
}
