import Foundation
import QMSCore
import QMSFormats
import QMSStore
import TestSupport
import Testing

@testable import QMSServices

/// The bulk import writes its rows and events on a path of its own, built for speed (rows in
/// statements of fixed size, each event's JSON written as bytes into one buffer and hashed from
/// it). These tests hold that path to the general one, on a real SQLite file.
@Suite("The bulk import's audit trail")
struct EvidenceImportTrailTests {
    /// Rows that cross the statements' boundaries (45 records, 106 events, 240 links to a
    /// statement) and use what the JSON writer must escape or leave out.
    func csv(rows: Int) -> String {
        var lines = [EvidenceCSV.template + ",description,tags,location,effective_to,status,collected_date"]
        for row in 1...rows {
            let title: String
            switch row % 4 {
            case 0: title = "\"Minutes \"\"A\"\" \\ of station \(row)\""
            case 1: title = "محضر مركز الاقتراع \(row)"
            case 2: title = "\"Tally sheet\tcopy \(row)\""
            default: title = "Results \(row)"
            }
            let requirements = row % 3 == 0 ? "iso-9001-2015:8.5.1;iso-54001-2019:EP-04" : "iso-9001-2015:7.5.3"
            let kind = row % 5 == 0 ? "note" : "link"
            let link = kind == "link" ? "https://iec.example/records/\(row)" : ""
            let description = row % 2 == 0 ? "\"Signed by the presiding officer, line one\nline two\"" : ""
            let tags = row % 7 == 0 ? "polling day;irbid" : ""
            let location = row % 6 == 0 ? "Irbid field office" : ""
            let effectiveTo = row % 8 == 0 ? "2026-12-31" : ""
            let status = row % 9 == 0 ? "draft" : ""
            let process = row % 2 == 0 ? "EP-04" : ""
            lines.append(
                [
                    title, requirements, kind, "amal", process, "2026-03-01", row % 4 == 0 ? "2027-03-01" : "",
                    row % 10 == 0 ? "2026-09-01" : "", "internal", link, "", description, tags, location,
                    effectiveTo, status, row % 11 == 0 ? "2026-04-02" : "",
                ].joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    @Test("each record's event holds the general encoder's JSON and the general hash, and the trail verifies")
    func eventsMatchTheGeneralPath() async throws {
        let folder = try TemporaryFolder()
        var qms = try await initialisedQMS(in: folder)
        qms.now = { Date(timeIntervalSince1970: 1_781_517_600.25) }  // 2026-06-15T10:00:00.250Z
        let url = folder.file("evidence.csv")
        let rows = 250
        try Data(csv(rows: rows).utf8).write(to: url)
        let before = try await qms.store.reading { try $0.lastEvent() }
        let report = try await qms.evidence.importCSV(url)
        #expect(report.records == rows)

        let (events, records) = try await qms.store.reading { reader in
            (try reader.events(), try reader.evidence(matching: EvidenceFilter()))
        }
        #expect(AuditChain.verify(events).isEmpty, "\(AuditChain.verify(events).prefix(3))")
        let added = events.filter { $0.action == "evidence.add" }
        #expect(added.count == rows)
        #expect(records.count == rows)
        // The import's events follow the trail as it stood, in the order of the rows.
        #expect(added.first?.previousHash == before?.hash)
        #expect(added.map(\.sequence) == Array((before?.sequence ?? 0) + 1...(before?.sequence ?? 0) + Int64(rows)))
        let byEntity = Dictionary(uniqueKeysWithValues: records.map { ("evidence:\($0.id)", $0) })
        #expect(added.map(\.entity) == records.map { "evidence:\($0.id)" })
        for event in added {
            let record = try #require(byEntity[event.entity])
            let general = try CanonicalJSON.encode(record)
            #expect(event.after == general, "\(event.entity)")
            #expect(event.before == nil)
            #expect(event.actor == "amal")
            #expect(event.at == "2026-06-15T10:00:00.250Z")
            let hash = try AuditChain.hash(
                sequence: event.sequence, at: event.at, actor: event.actor, action: event.action,
                entity: event.entity, before: nil, after: general, previousHash: event.previousHash)
            #expect(event.hash == hash, "\(event.entity)")
        }
        // The values that need escapes came through as written.
        let titles = Set(records.map(\.content.title))
        #expect(titles.contains("Minutes \"A\" \\ of station 4"))
        #expect(titles.contains("Tally sheet\tcopy 2"))
        #expect(titles.contains("محضر مركز الاقتراع 1"))
        #expect(records.first { $0.content.title == "Results 63" }?.content.tags == ["irbid", "polling day"])
        #expect(records.contains { $0.content.status == .draft })

        // And the integrity check the command line runs agrees.
        let verification = try await qms.integrity.verify()
        #expect(verification.errors == 0, "\(verification.problems.prefix(3))")
        #expect(verification.problems(of: .trail).isEmpty && verification.problems(of: .records).isEmpty)
        try await qms.store.close()
    }

    @Test("a second import continues the chain from the first one's last event")
    func secondImportContinuesTheChain() async throws {
        let folder = try TemporaryFolder()
        let qms = try await initialisedQMS(in: folder)
        let url = folder.file("evidence.csv")
        try Data(csv(rows: 50).utf8).write(to: url)
        let first = try await qms.evidence.importCSV(url)
        // A single record between the two, through the single-record path.
        let today = qms.today
        try await qms.evidence.add(
            EvidenceDraft(
                title: "Between the imports", kind: .note, owner: "amal", effectiveFrom: today, collectedOn: today,
                requirements: [try RequirementKey(parsing: "iso-9001-2015:7.5.3")]))
        let second = try await qms.evidence.importCSV(url)
        #expect(second.first.number == first.last.number + 2)
        let events = try await qms.store.reading { try $0.events() }
        #expect(AuditChain.verify(events).isEmpty)
        #expect(events.filter { $0.action == "evidence.add" }.count == 101)
        try await qms.store.close()
    }
}
