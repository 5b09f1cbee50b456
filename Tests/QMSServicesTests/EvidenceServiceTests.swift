import Foundation
import QMSCore
import QMSFormats
import QMSPresentation
import QMSStore
import TestSupport
import Testing

@testable import QMSServices

/// 2026-06-15 10:00 UTC: "today" in these tests.
private let fixedNow = Date(timeIntervalSince1970: Double(20_619 * 86_400 + 36_000))

private func day(_ text: String) throws -> CalendarDate { try CalendarDate(parsing: text) }

private func key(_ text: String) throws -> RequirementKey { try RequirementKey(parsing: text) }

/// An initialised database whose clock stands at ``fixedNow``.
private func fixedQMS(_ folder: TemporaryFolder) async throws -> QMS {
    var qms = try await initialisedQMS(in: folder)
    qms.now = { fixedNow }
    return qms
}

/// A draft with sensible defaults for the fields a test does not care about.
private func draft(
    _ title: String, _ requirements: [String], kind: EvidenceKind = .document, owner: String = "amal",
    process: String? = nil, link: String? = nil, effective: String = "2026-01-01", validUntil: String? = nil,
    reviewDue: String? = nil, status: EvidenceStatus = .current
) throws -> EvidenceDraft {
    EvidenceDraft(
        title: title, kind: kind, link: link, owner: owner, process: process, effectiveFrom: try day(effective),
        collectedOn: try day("2026-06-01"), validUntil: try validUntil.map(day), reviewDue: try reviewDue.map(day),
        status: status, requirements: try requirements.map(key))
}

/// Writes a file in the folder (creating subfolders) and returns its URL.
private func write(_ folder: TemporaryFolder, _ name: String, _ text: String) throws -> URL {
    let url = folder.url.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
    return url
}

@Suite("The evidence register")
struct EvidenceServiceTests {
    @Test("adding evidence with a file stores the file, numbers the record EV-2026-0001, and records evidence.add")
    func add() async throws {
        let folder = try TemporaryFolder()
        let qms = try await fixedQMS(folder)
        let file = try write(folder, "in/policy.pdf", "%PDF-1.7 quality policy, signed")
        let record = try await qms.evidence.add(
            try draft("Quality policy", ["iso-9001-2015:5.2.2"], validUntil: "2027-01-01"), files: [file])
        #expect(record.id.description == "EV-2026-0001")
        #expect(record.revision == 1)
        #expect(record.status == .current)
        #expect(record.recordedBy == "amal")
        let today = try day("2026-06-15")
        #expect(record.recordedAt.date == today)
        let attached = try #require(record.files.first)
        #expect(record.files.count == 1)
        #expect(attached.originalName == "policy.pdf")
        #expect(attached.mediaType == "application/pdf")
        #expect(attached.size == 31)
        #expect(qms.files.contains(attached.sha256))
        #expect(try qms.files.allHashes() == [attached.sha256])
        var stored = Data()
        try qms.files.read(attached.sha256) { stored.append($0) }
        let original = try Data(contentsOf: file)
        #expect(stored == original)

        #expect(try await qms.evidence.latest(record.id) == record)
        let second = try await qms.evidence.add(
            try draft("Management review minutes", ["iso-9001-2015:9.3.3"], kind: .note))
        #expect(second.id.description == "EV-2026-0002")
        #expect(second.files.isEmpty)

        let events = try await qms.store.reading { try $0.events(entity: "evidence:EV-2026-0001") }
        #expect(events.map(\.action) == ["evidence.add"])
        #expect(events.first?.actor == "amal")
        #expect(events.first?.before == nil)
        #expect(events.first?.after?.contains("Quality policy") == true)
        #expect(events.first?.after?.contains(attached.sha256) == true)
        #expect(try await qms.store.reading { try $0.evidenceFileHashes() } == [attached.sha256])
        try await qms.store.close()
    }

    @Test("numbering follows the year of recording and starts again at 0001 each year")
    func numberingPerYear() async throws {
        let folder = try TemporaryFolder()
        var qms = try await fixedQMS(folder)
        try await qms.evidence.add(try draft("First", ["iso-9001-2015:5.2.2"], kind: .note))
        try await qms.evidence.add(try draft("Second", ["iso-9001-2015:5.2.2"], kind: .note))
        qms.now = { fixedNow.addingTimeInterval(200 * 86_400) }
        let next = try await qms.evidence.add(try draft("Next year", ["iso-9001-2015:5.2.2"], kind: .note))
        #expect(next.id.description == "EV-2027-0001")
        #expect(
            try await qms.evidence.list().map(\.id.description) == ["EV-2026-0001", "EV-2026-0002", "EV-2027-0001"])
        try await qms.store.close()
    }

    @Test("a draft record reads back as a draft")
    func draftRoundTrip() async throws {
        let folder = try TemporaryFolder()
        let qms = try await fixedQMS(folder)
        let record = try await qms.evidence.add(
            try draft("Draft procedure", ["iso-9001-2015:8.5.1"], kind: .note, status: .draft))
        #expect(record.status == .draft)
        let loaded = try await qms.evidence.latest(record.id)
        #expect(loaded.status == .draft)
        // The content read back must be the content written, status included, so that a revision
        // made from it (as `eqms evidence revise` does) keeps a draft a draft.
        #expect(loaded.content.status == .draft)
        #expect(loaded == record)
        try await qms.store.close()
    }

    @Test("an unknown requirement or a document without a file is refused, and nothing is written")
    func refusedLeavesNothing() async throws {
        let folder = try TemporaryFolder()
        let qms = try await fixedQMS(folder)
        let before = try await dump(qms.store)
        let file = try write(folder, "in/scan.pdf", "%PDF-1.4 scan")
        let unknown = try await #require(throws: DomainError.self) {
            try await qms.evidence.add(
                try draft("Scan", ["iso-9001-2015:5.2.2", "iso-9001-2015:11.1"]), files: [file])
        }
        #expect(unknown == .notFound(kind: .requirement, id: "iso-9001-2015:11.1", hint: unknown.fix))
        #expect(unknown.fix == .lookUp(.standard, scope: "iso-9001-2015"))
        #expect(unknown.kind == .notFound)
        await #expect(throws: DomainError.self) {
            try await qms.evidence.add(try draft("Scan", ["iso-9999-2030:1"]), files: [file])
        }
        let noFile = try await #require(throws: DomainError.self) {
            try await qms.evidence.add(try draft("Procedure", ["iso-9001-2015:8.5.1"], kind: .document))
        }
        #expect(Messages.shared.error(noFile, .english).contains("needs a file or a link"))
        #expect(try await dump(qms.store) == before)
        #expect(try qms.files.allHashes().isEmpty)
        // Numbering is not consumed by refusals.
        let added = try await qms.evidence.add(try draft("Scan", ["iso-9001-2015:5.2.2"]), files: [file])
        #expect(added.id.description == "EV-2026-0001")
        try await qms.store.close()
    }

    @Test("revising keeps the old revision readable, superseded, with its file still exportable")
    func revise() async throws {
        let folder = try TemporaryFolder()
        let qms = try await fixedQMS(folder)
        let first = try write(folder, "in/plan-v1.pdf", "%PDF-1.7 plan version one")
        let second = try write(folder, "in/plan-v2.pdf", "%PDF-1.7 plan version two, approved")
        let record = try await qms.evidence.add(try draft("Audit programme", ["iso-9001-2015:9.2.2"]), files: [first])
        var content = record.content
        content.title = "Audit programme 2026-2027"
        content.validUntil = try day("2027-06-30")
        let revised = try await qms.evidence.revise(
            record.id, with: EvidenceDraft(copying: content), files: [second], keepFiles: false)
        #expect(revised.id == record.id)
        #expect(revised.revision == 2)
        #expect(revised.status == .current)
        #expect(revised.files.map(\.originalName) == ["plan-v2.pdf"])

        let revisions = try await qms.evidence.revisions(record.id)
        #expect(revisions.map(\.revision) == [1, 2])
        #expect(revisions.map(\.status) == [.superseded, .current])
        #expect(revisions[0].content.title == "Audit programme")
        #expect(revisions[0].files == record.files)

        let oldCopy = folder.url.appendingPathComponent("out-v1.pdf")
        let exported = try await qms.evidence.exportFile(record.id, revision: 1, to: oldCopy)
        #expect(exported.originalName == "plan-v1.pdf")
        let (oldBytes, firstBytes) = (try Data(contentsOf: oldCopy), try Data(contentsOf: first))
        #expect(oldBytes == firstBytes)
        let newCopy = folder.url.appendingPathComponent("out-v2.pdf")
        try await qms.evidence.exportFile(record.id, to: newCopy)
        let (newBytes, secondBytes) = (try Data(contentsOf: newCopy), try Data(contentsOf: second))
        #expect(newBytes == secondBytes)
        await #expect(throws: DomainError.self) {
            try await qms.evidence.exportFile(record.id, index: 2, to: newCopy)
        }

        // The register shows the latest revision only; the history on request.
        let listed = try await qms.evidence.list()
        #expect(listed.map(\.revision) == [2])
        let history = try await qms.evidence.list(EvidenceFilter(status: .superseded))
        #expect(history.map(\.revision) == [1])
        let events = try await qms.store.reading { try $0.events(entity: "evidence:\(record.id)") }
        #expect(events.map(\.action) == ["evidence.add", "evidence.revise"])

        // Keeping the files carries them over to the next revision.
        let third = try await qms.evidence.revise(record.id, with: revised.content)
        #expect(third.revision == 3)
        #expect(third.files == revised.files)
        try await qms.store.close()
    }

    @Test("withdrawing needs a reason, stops the record counting, and a withdrawn record cannot be revised")
    func withdraw() async throws {
        let folder = try TemporaryFolder()
        let qms = try await fixedQMS(folder)
        let requirement = try key("iso-9001-2015:9.2.2")
        let record = try await qms.evidence.add(
            try draft("Internal audit report", ["iso-9001-2015:9.2.2"], kind: .note))
        #expect(try await qms.compliance.matrix().compliance(of: requirement)?.status == .satisfied)

        let before = try await dump(qms.store)
        let noReason = try await #require(throws: DomainError.self) {
            try await qms.evidence.withdraw(record.id, reason: "  no ")
        }
        if case .invalidValue(let field, _, _) = noReason {
            #expect(field == "reason")
        } else {
            Issue.record("expected an invalid reason, got \(noReason)")
        }
        #expect(try await dump(qms.store) == before)

        let withdrawn = try await qms.evidence.withdraw(record.id, reason: "Replaced by the external audit report")
        #expect(withdrawn.status == .withdrawn)
        #expect(withdrawn.withdrawnReason == "Replaced by the external audit report")
        let loaded = try await qms.evidence.latest(record.id)
        #expect(loaded.status == .withdrawn)
        #expect(loaded.withdrawnReason == "Replaced by the external audit report")
        #expect(try await qms.compliance.matrix().compliance(of: requirement)?.status == .missing)

        let revise = try await #require(throws: DomainError.self) {
            try await qms.evidence.revise(record.id, with: record.content)
        }
        #expect(Messages.shared.error(revise, .english).contains("withdrawn"))
        await #expect(throws: DomainError.self) {
            try await qms.evidence.withdraw(record.id, reason: "Withdrawn a second time")
        }
        await #expect(throws: DomainError.self) {
            try await qms.evidence.withdraw(EvidenceID(year: 2026, number: 99), reason: "No such record")
        }
        let events = try await qms.store.reading { try $0.events(entity: "evidence:\(record.id)") }
        #expect(events.map(\.action) == ["evidence.add", "evidence.withdraw"])
        try await qms.store.close()
    }

    @Test("the register filters by requirement, owner, process, status and expiry window")
    func listFilters() async throws {
        let folder = try TemporaryFolder()
        let qms = try await fixedQMS(folder)
        // Today is 2026-06-15.
        let soon = try await qms.evidence.add(
            try draft(
                "Voter list audit", ["iso-54001-2019:EP-01"], kind: .note, owner: "salma", process: "EP-01",
                validUntil: "2026-06-25"))
        let later = try await qms.evidence.add(
            try draft(
                "Count procedure", ["iso-54001-2019:EP-05", "iso-9001-2015:8.5.1"], kind: .note, owner: "amal",
                process: "EP-05", validUntil: "2026-09-01"))
        let expired = try await qms.evidence.add(
            try draft("Old training log", ["iso-9001-2015:7.2"], kind: .note, owner: "salma", validUntil: "2026-06-10"))
        let open = try await qms.evidence.add(
            try draft("Policy note", ["iso-9001-2015:5.2.2"], kind: .note, owner: "amal"))
        let draftRecord = try await qms.evidence.add(
            try draft(
                "Draft plan", ["iso-9001-2015:8.5.1"], kind: .note, owner: "amal", validUntil: "2026-06-20",
                status: .draft))
        try await qms.evidence.withdraw(open.id, reason: "Superseded by the new policy")

        func ids(_ filter: EvidenceFilter = EvidenceFilter(), within: Int? = nil) async throws -> [EvidenceID] {
            try await qms.evidence.list(filter, expiringWithin: within).map(\.id)
        }
        #expect(try await ids() == [soon.id, later.id, expired.id, open.id, draftRecord.id])
        // By requirement: what the compliance matrix counts for it, the records logged against it
        // and those that reach it through a crosswalk; never a withdrawn one.
        let byRequirement = try await ids(EvidenceFilter(requirement: try key("iso-9001-2015:8.5.1")))
        let counted = try await qms.compliance.matrix().evidence(for: try key("iso-9001-2015:8.5.1"))
        #expect(Set(byRequirement) == Set(counted.map(\.contribution.evidence)))
        #expect(Set(byRequirement).isSuperset(of: [later.id, draftRecord.id]) && !byRequirement.contains(open.id))
        #expect(byRequirement == byRequirement.sorted())
        #expect(try await ids(EvidenceFilter(owner: "salma")) == [soon.id, expired.id])
        #expect(try await ids(EvidenceFilter(process: "EP-05")) == [later.id])
        #expect(try await ids(EvidenceFilter(status: .withdrawn)) == [open.id])
        #expect(try await ids(EvidenceFilter(status: .draft)) == [draftRecord.id])
        #expect(try await ids(EvidenceFilter(status: .current, owner: "amal")) == [later.id])
        // Current records expiring within 30 days, or already expired; never drafts.
        #expect(try await ids(within: 30) == [soon.id, expired.id])
        #expect(try await ids(within: 0) == [expired.id])
        #expect(try await ids(within: 90) == [soon.id, later.id, expired.id])
        #expect(try await ids(EvidenceFilter(owner: "amal"), within: 90) == [later.id])
        try await qms.store.close()
    }

    @Test("a CSV import logs every row, with files relative to the CSV's folder, identical files stored once")
    func importCSV() async throws {
        let folder = try TemporaryFolder()
        let qms = try await fixedQMS(folder)
        let policy = "%PDF-1.7 the quality policy"
        _ = try write(folder, "batch/docs/policy.pdf", policy)
        _ = try write(folder, "batch/docs/minutes.pdf", "%PDF-1.7 minutes of the board")
        let csv = try write(
            folder, "batch/evidence.csv",
            """
            title,requirements,kind,owner,process,effective_date,valid_until,review_due,confidentiality,link,files\r
            Quality policy,iso-9001-2015:5.2.2,document,amal,,2026-01-15,2027-01-14,,internal,,docs/policy.pdf\r
            "Board minutes, May",iso-9001-2015:9.3.3;iso-9001-2015:5.2.2,record,salma,,2026-05-20,,,restricted,,docs/minutes.pdf;docs/policy.pdf\r
            Results portal,iso-54001-2019:EP-05,link,salma,EP-05,2026-03-01,,,public,https://results.example.org,\r

            """)
        let report = try await qms.evidence.importCSV(csv) { event in
            if event.phase == "writing records" { #expect(event.total == 3) }
        }
        #expect(report.file.hasSuffix("evidence.csv"))
        #expect(report.records == 3)
        #expect(report.first.description == "EV-2026-0001")
        #expect(report.last.description == "EV-2026-0003")

        let records = try await qms.evidence.list()
        #expect(records.map(\.content.title) == ["Quality policy", "Board minutes, May", "Results portal"])
        #expect(records.map { $0.files.map(\.originalName) } == [["policy.pdf"], ["minutes.pdf", "policy.pdf"], []])
        #expect(records[0].files[0].sha256 == records[1].files[1].sha256)
        #expect(records[1].content.confidentiality == .restricted)
        let today = try day("2026-06-15")
        #expect(records[1].content.collectedOn == today)
        #expect(records[2].content.link == "https://results.example.org")
        #expect(try qms.files.allHashes().count == 2)
        #expect(try await qms.store.reading { try $0.evidenceFileHashes() }.count == 2)
        let events = try await qms.store.reading { try $0.events() }.filter { $0.action == "evidence.add" }
        #expect(events.count == 3)
        let exported = folder.url.appendingPathComponent("policy-out.pdf")
        try await qms.evidence.exportFile(records[1].id, index: 2, to: exported)
        #expect(try String(contentsOf: exported, encoding: .utf8) == policy)
        try await qms.store.close()
    }

    @Test("the import report counts identical content under two names as one stored file")
    func importCountsContentOnce() async throws {
        let folder = try TemporaryFolder()
        let qms = try await fixedQMS(folder)
        _ = try write(folder, "batch/policy.pdf", "%PDF-1.7 the quality policy")
        _ = try write(folder, "batch/policy (copy).pdf", "%PDF-1.7 the quality policy")
        let csv = try write(
            folder, "batch/evidence.csv",
            """
            title,requirements,kind,owner,process,effective_date,valid_until,review_due,confidentiality,link,files
            Policy,iso-9001-2015:5.2.2,document,amal,,2026-01-15,,,internal,,policy.pdf
            Policy again,iso-9001-2015:5.2.1,document,amal,,2026-01-15,,,internal,,policy (copy).pdf

            """)
        let report = try await qms.evidence.importCSV(csv)
        #expect(try qms.files.allHashes().count == 1)
        #expect(report.filesStored == 1, "EvidenceImportReport.filesStored: identical content counts once")
        try await qms.store.close()
    }

    @Test("an import with a bad row in the middle fails with its row and column, and writes nothing")
    func importBadRow() async throws {
        let folder = try TemporaryFolder()
        let qms = try await fixedQMS(folder)
        _ = try write(folder, "batch/docs/a.pdf", "%PDF-1.7 a")
        _ = try write(folder, "batch/docs/b.pdf", "%PDF-1.7 b")
        let before = try await dump(qms.store)
        let header = EvidenceCSV.template
        let good = [
            "Policy,iso-9001-2015:5.2.2,document,amal,,2026-01-15,,,internal,,docs/a.pdf",
            "Minutes,iso-9001-2015:9.3.3,record,amal,,2026-01-15,,,internal,,docs/b.pdf",
        ]
        let cases: [(row: String, field: String, message: String)] = [
            ("Audit,iso-9001-2015:9.9.9,note,amal,,2026-01-15,,,internal,,", "requirements", "iso-9001-2015:9.9.9"),
            ("Audit,iso-9001-2015:9.2.2,record,amal,,2026-01-15,,,internal,,docs/missing.pdf", "files", "missing.pdf"),
            ("Audit,iso-9001-2015:9.2.2,note,amal,,2026-13-01,,,internal,,", "effective_date", "2026-13-01"),
        ]
        for bad in cases {
            let csv = try write(
                folder, "batch/evidence.csv",
                ([header] + good + [bad.row, good[0]]).joined(separator: "\n") + "\n")
            let error = try await #require(throws: FormatError.self) { try await qms.evidence.importCSV(csv) }
            #expect(error.location?.row == 4, "\(bad.field)")
            #expect(error.location?.field == bad.field, "\(error)")
            #expect(error.message.contains(bad.message), "\(error)")
            #expect(error.description.contains("row 4, column \"\(bad.field)\""))
            #expect(try await dump(qms.store) == before)
            #expect(try qms.files.allHashes().isEmpty)
        }
        try await qms.store.close()
    }

    @Test("readiness rises as evidence is added")
    func readinessChanges() async throws {
        let folder = try TemporaryFolder()
        let qms = try await fixedQMS(folder)
        let standard = try StandardID("iso-9001-2015")
        let before = try #require(try await qms.compliance.readiness(standard: standard).first)
        #expect(before.standard == "iso-9001-2015")
        #expect(before.satisfied == 0)
        #expect(before.partial == 0)
        #expect(before.readinessPercent == 0)
        #expect(before.missing == before.applicable)

        try await qms.evidence.add(try draft("Audit report", ["iso-9001-2015:9.2.2"], kind: .note))
        try await qms.evidence.add(try draft("Draft policy", ["iso-9001-2015:5.2.1"], kind: .note, status: .draft))
        let after = try #require(try await qms.compliance.readiness(standard: standard).first)
        #expect(after.satisfied == 1)
        #expect(after.partial == 1)
        #expect(after.missing == before.missing - 2)
        #expect(after.applicable == before.applicable)
        #expect(abs(after.readinessPercent - 1.5 / Double(after.applicable) * 100) < 1e-9)
        #expect(try await qms.compliance.readiness().count == 4)
        try await qms.store.close()
    }

    @Test("evidence on ISO/TS 54001 9.2.2 satisfies ISO 9001 9.2.2 through the crosswalk")
    func crosswalkCredit() async throws {
        let folder = try TemporaryFolder()
        let qms = try await fixedQMS(folder)
        let record = try await qms.evidence.add(try draft("Internal audit 2026", ["iso-54001-2019:9.2.2"], kind: .note))
        let matrix = try await qms.compliance.matrix()
        let target = try #require(matrix.compliance(of: try key("iso-9001-2015:9.2.2")))
        #expect(target.status == .satisfied)
        #expect(target.contributions.first?.evidence == record.id)
        #expect(target.contributions.first?.via?.description == "iso-54001-2019:9.2.2")
        #expect(matrix.compliance(of: try key("iso-54001-2019:9.2.2"))?.status == .satisfied)
        // ISO/TS 17582 8.2.2 is only related to it: partial credit.
        #expect(matrix.compliance(of: try key("iso-17582-2014:8.2.2"))?.status == .partial)
        let lines = try await qms.compliance.breakdown(try StandardID("iso-9001-2015"), by: .requirement)
        let line = try #require(lines.first { $0.group == "iso-9001-2015:9.2.2" })
        #expect(line.status == .satisfied)
        #expect(line.evidence?.map(\.evidence) == [record.id])
        try await qms.store.close()
    }

    @Test("gaps list the requirements without evidence and the evidence expiring, expired or overdue for review")
    func gaps() async throws {
        let folder = try TemporaryFolder()
        let qms = try await fixedQMS(folder)
        let expiring = try await qms.evidence.add(
            try draft("Calibration certificate", ["iso-9001-2015:7.1.5.2"], kind: .note, validUntil: "2026-07-01"))
        let expired = try await qms.evidence.add(
            try draft("Training records", ["iso-9001-2015:7.2"], kind: .note, validUntil: "2026-06-01"))
        let overdue = try await qms.evidence.add(
            try draft("Risk register", ["iso-9001-2015:6.1.2"], kind: .note, reviewDue: "2026-05-15"))
        try await qms.evidence.add(
            try draft("Far future", ["iso-9001-2015:8.5.1"], kind: .note, validUntil: "2027-06-01"))

        let gaps = try await qms.compliance.gaps(standard: try StandardID("iso-9001-2015"), within: 30)
        let today = try day("2026-06-15")
        #expect(gaps.asOf == today)
        let missing = Set(gaps.missing.map(\.key.description))
        #expect(missing.contains("iso-9001-2015:9.2.2"))
        for covered in ["iso-9001-2015:7.1.5.2", "iso-9001-2015:7.2", "iso-9001-2015:6.1.2", "iso-9001-2015:8.5.1"] {
            #expect(!missing.contains(covered), "\(covered)")
        }
        #expect(gaps.missing.allSatisfy { $0.key.standard.rawValue == "iso-9001-2015" })
        #expect(gaps.evidence.map(\.alert.evidence) == [overdue.id, expired.id, expiring.id])
        #expect(gaps.evidence.map(\.alert.kind) == [.reviewOverdue, .expired, .expiring])
        #expect(gaps.evidence.map(\.alert.days) == [-31, -14, 16])
        #expect(gaps.evidence.first?.title == "Risk register")
        #expect(gaps.evidence.first?.owner == "amal")
        // A narrower window drops the expiring record; another standard sees none of them.
        let narrow = try await qms.compliance.gaps(within: 7)
        #expect(narrow.evidence.map(\.alert.kind) == [.reviewOverdue, .expired])
        let other = try await qms.compliance.gaps(standard: try StandardID("iso-54001-2019"), within: 30)
        #expect(other.evidence.isEmpty)
        #expect(other.missing.allSatisfy { $0.key.standard.rawValue == "iso-54001-2019" })
        try await qms.store.close()
    }

    @Test(
        "the documented information checklist of ISO 9001 has 27 items (6 to maintain, 21 to retain); evidence for 5.2.2 makes its item present"
    )
    func documentedInformation() async throws {
        let folder = try TemporaryFolder()
        let qms = try await fixedQMS(folder)
        let before = try await qms.compliance.documentedInformation()
        #expect(before.count == 27)
        #expect(before.filter { $0.type == .maintain }.count == 6)
        #expect(before.filter { $0.type == .retain }.count == 21)
        #expect(before.allSatisfy { $0.state == .absent })
        #expect(before.contains { $0.key.description == "iso-9001-2015:5.2.2" })

        let record = try await qms.evidence.add(
            try draft("Policy communication log", ["iso-9001-2015:5.2.2"], kind: .note))
        try await qms.evidence.add(
            try draft("Old training matrix", ["iso-9001-2015:7.2"], kind: .note, validUntil: "2026-01-31"))
        let after = try await qms.compliance.documentedInformation()
        let policy = after.filter { $0.key.description == "iso-9001-2015:5.2.2" }
        #expect(!policy.isEmpty)
        #expect(policy.allSatisfy { $0.state == .present && $0.evidence == [record.id] })
        let training = after.filter { $0.key.description == "iso-9001-2015:7.2" }
        #expect(!training.isEmpty)
        #expect(training.allSatisfy { $0.state == .expired })
        #expect(after.filter { $0.state == .absent }.count == 27 - policy.count - training.count)
        try await qms.store.close()
    }
}
