import Foundation
import QMSCore
import QMSStore
import TestSupport
import Testing

@Suite("Certificates in the store: bodies, certificates with scope, status changes, transition deadlines")
struct CertificateStoreTests {
    @Test(
        "a certificate reads back as written, its status changes are kept in order, and the trail holds each record",
        arguments: Backend.available)
    func roundTrip(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let store = try await backend.open(in: folder, name: "eqms")
        _ = try await store.migrate()
        let body = CertificationBody(
            name: "Cert Body", accreditedBy: "National Accreditation Body", accreditationNumber: "CB-123",
            contact: "certification@example.org")
        let record = CertificateRecord(
            certificate: Certificate(number: "EMB-QMS-001", issuedOn: try CalendarDate(parsing: "2026-01-15")),
            body: "Cert Body",
            scope: CertificateScope(
                standards: [try StandardID("iso-9001-2015"), try StandardID("iso-ts-54001-2019")],
                sites: ["Headquarters", "Regional office"], processes: ["EP-01", "EP-04"],
                exclusions: [CertificateExclusion(requirement: "8.3", justification: "No design of electoral products")]
            ))
        try await store.writing(actor: "amal") { writer in
            try writer.insertCertificationBody(body)
            try writer.insertCertificate(record)
        }
        #expect(try await store.reading { try $0.certificationBodies() } == [body])
        let read = try #require(try await store.reading { try $0.certificate("EMB-QMS-001") })
        #expect(read == record)
        #expect(read.certificate.validUntil == (try CalendarDate(parsing: "2029-01-14")))

        // A certificate of a body not in the register is refused by the schema itself.
        let stranger = CertificateRecord(
            certificate: Certificate(number: "X-2", issuedOn: try CalendarDate(parsing: "2026-01-15")),
            body: "Unknown Body", scope: CertificateScope(standards: [try StandardID("iso-9001-2015")]))
        await #expect(throws: (any Error).self) {
            try await store.writing(actor: "amal") { try $0.insertCertificate(stranger) }
        }
        await #expect(throws: DomainError.self) {
            try await store.writing(actor: "amal") { try $0.insertCertificate(record) }
        }

        let suspended = try read.changing(
            to: .suspended, on: try CalendarDate(parsing: "2026-06-01"), reason: "Major nonconformity open")
        let reinstated = try suspended.changing(
            to: .valid, on: try CalendarDate(parsing: "2026-07-01"), reason: "Correction verified")
        try await store.writing(actor: "amal") { writer in
            try writer.updateCertificateStatus(suspended, before: read)
            try writer.updateCertificateStatus(reinstated, before: suspended)
        }
        let after = try #require(try await store.reading { try $0.certificate("EMB-QMS-001") })
        #expect(after.changes.map(\.status) == [.suspended, .valid])
        #expect(after == reinstated)

        let setting = EditionTransitionSetting(
            standard: try StandardID("iso-9001-2026"), deadline: try CalendarDate(parsing: "2029-09-30"),
            note: "Letter of the certification body, 2026-11-02")
        try await store.writing(actor: "amal") { try $0.setEditionTransition(setting) }
        #expect(try await store.reading { try $0.editionTransition(try StandardID("iso-9001-2026")) } == setting)

        // The trail's last content of each record is the record as the store now holds it.
        for register in AuditedRegisters.certification {
            let current = try await store.reading { try register.current($0) }
            #expect(!current.isEmpty, "\(register.kind)")
            for (entity, encoded) in current {
                let events = try await store.reading { try $0.eventsNewestFirst(entity: entity, before: nil, limit: 1) }
                #expect(events.first?.after == encoded, "\(entity)")
            }
        }
        let counts = try await store.reading { try $0.tableCounts() }
        #expect(counts["certificate_scope"] == 6 && counts["certificate_exclusions"] == 1)
        #expect(counts["certificate_status_changes"] == 2)
    }
}
