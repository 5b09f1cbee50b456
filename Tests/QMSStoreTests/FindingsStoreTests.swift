import Foundation
import QMSCore
import QMSStore
import TestSupport
import Testing

private func day(_ text: String) throws -> CalendarDate { try CalendarDate(parsing: text) }

/// Noon UTC of a day, as a `Date` for the store's writer.
private func noon(_ text: String) throws -> Date {
    Date(timeIntervalSince1970: Double(try day(text).daysSinceEpoch) * 86_400 + 43_200)
}

private func key(_ number: String) throws -> RequirementKey {
    try RequirementKey(standard: StandardID("test-standard"), number: number)
}

@Suite("The findings registers in the store")
struct FindingsStoreTests {
    /// A migrated store with the test catalogue, which the findings' requirements point at.
    func openStore(_ folder: TemporaryFolder, _ backend: Backend) async throws -> any Store {
        let store = try await backend.open(in: folder)
        _ = try await store.migrate()
        let catalogue = try storeCatalogue()
        try await store.writing(actor: "amal") { try $0.insertCatalogue(catalogue, sourceFile: "t.xml", sha256: sha) }
        return store
    }

    /// Applies one step inside a transaction, as the service does, and returns the new value.
    func step(
        _ store: any Store, _ id: NonconformityID, _ target: CorrectiveActionState, _ fields: CorrectiveActionStep,
        by actor: String, on date: String
    ) async throws -> Nonconformity {
        try await store.writing(actor: actor, at: try noon(date)) { writer in
            guard let before = try writer.reader.nonconformity(id) else {
                throw DomainError.notFound(kind: .nonconformity, id: id.description, hint: nil)
            }
            var after = before
            try after.advance(to: target, with: fields, by: actor, at: writer.instant)
            try writer.updateNonconformity(after, before: before, action: "nc.advance")
            return after
        }
    }

    @Test(
        "a report's meetings with their attendees, conclusion and recommendation read back as written",
        arguments: Backend.available)
    func auditReportMeetingsRoundTrip(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let store = try await openStore(folder, backend)
        let draft = AuditDraft(
            kind: .surveillance1, title: "First surveillance audit", scope: AuditScope(processes: ["EP-04"]),
            auditors: ["A. Auditor"], certificationBody: "Cert Body Ltd", startsOn: try day("2027-09-06"),
            endsOn: try day("2027-09-07"))
        try draft.validate()
        let audit = try await store.writing(actor: "amal", at: try noon("2027-08-01")) { writer in
            let audit = Audit(
                id: AuditID(year: 2027, number: try writer.nextSequenceValue("AUD", year: 2027)), content: draft,
                status: .conducted, recordedAt: writer.instant, recordedBy: "amal")
            try writer.insertAudit(audit, action: "audit.add")
            return audit
        }
        let reported = try audit.reported(
            AuditReport(
                reportedOn: try day("2027-09-10"), summary: "Certification continues; one minor finding",
                reportedBy: "A. Auditor",
                openingMeeting: AuditMeeting(
                    on: try day("2027-09-06"), at: "08:30", attendees: ["Chair", "A. Auditor", "Quality manager"],
                    notes: "Plan confirmed"),
                closingMeeting: AuditMeeting(on: try day("2027-09-07"), attendees: ["Chair", "A. Auditor"]),
                conclusion: "The system remains effective.", recommendation: .continue))
        try await store.writing(actor: "amal") { try $0.updateAudit(reported, before: audit, action: "audit.report") }
        let read = try await store.reading { try $0.audit(audit.id) }
        #expect(read == reported)
        #expect(read?.report?.openingMeeting?.attendees == ["Chair", "A. Auditor", "Quality manager"])
        let events = try await store.reading { try $0.events(entity: "audit:\(audit.id)") }
        #expect(events.last?.after == (try CanonicalJSON.encode(reported)))
    }

    @Test(
        "an audit with its scope, observed event, report and certificate reads back as written, with its events",
        arguments: Backend.available)
    func auditRoundTrip(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let store = try await openStore(folder, backend)
        let draft = AuditDraft(
            kind: .stage2, title: "Stage 2 certification audit",
            scope: AuditScope(
                requirements: [try key("8.5"), try key("7.2")], processes: ["EP-04", "Procurement"],
                sites: ["Headquarters", "Irbid field office"],
                event: ObservedEvent(name: "Polling day", on: try day("2026-09-10"))),
            auditors: ["A. Auditor", "B. Auditor"], leadAuditor: "L. Lead", certificationBody: "Cert Body Ltd",
            startsOn: try day("2026-09-09"), endsOn: try day("2026-09-11"))
        try draft.validate()
        let audit = try await store.writing(actor: "amal", at: try noon("2026-08-01")) { writer in
            let audit = Audit(
                id: AuditID(year: 2026, number: try writer.nextSequenceValue("AUD", year: 2026)), content: draft,
                status: .planned, recordedAt: writer.instant, recordedBy: "amal")
            try writer.insertAudit(audit, action: "audit.plan")
            return audit
        }
        #expect(audit.id.description == "AUD-2026-01")
        #expect(try await store.reading { try $0.audit(audit.id) } == audit)
        let report = AuditReport(
            reportedOn: try day("2026-09-20"), summary: "Recommended for certification; one minor finding",
            evidence: [EvidenceID(year: 2026, number: 4)],
            certificate: Certificate(number: "QMS-2026-0042", issuedOn: try day("2026-10-01")), reportedBy: "amal")
        let reported = try audit.reported(report)
        try await store.writing(actor: "amal") { try $0.updateAudit(reported, before: audit, action: "audit.report") }
        #expect(try await store.reading { try $0.audit(audit.id) } == reported)
        #expect(try await store.reading { try $0.audits(year: 2026) } == [reported])
        #expect(try await store.reading { try $0.audits(year: 2025) }.isEmpty)
        let events = try await store.reading { try $0.events(entity: "audit:AUD-2026-01") }
        #expect(events.map(\.action) == ["audit.plan", "audit.report"])
        #expect(events.first?.after == (try CanonicalJSON.encode(audit)))
        #expect(events.last?.before == (try CanonicalJSON.encode(audit)))
        #expect(events.last?.after == (try CanonicalJSON.encode(reported)))
        try await store.close()
    }

    @Test(
        "a nonconformity walked to closure, through an ineffective verification, reads back equal at every step",
        arguments: Backend.available)
    func nonconformityRoundTrip(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let store = try await openStore(folder, backend)
        let draft = NonconformityDraft(
            title: "Training records incomplete", description: "Three of ten officers had no record",
            source: .processMonitoring, grade: .major, requirements: [try key("7.2"), try key("8.5")], process: "EP-04",
            site: "Irbid", evidence: [EvidenceID(year: 2026, number: 2)], raisedBy: "omar",
            raisedOn: try day("2026-03-02"))
        let opened = try await store.writing(actor: "omar", at: try noon("2026-03-02")) { writer in
            let id = NonconformityID(year: 2026, number: try writer.nextSequenceValue("NC", year: 2026))
            let nonconformity = Nonconformity.raised(id: id, content: draft, by: "omar", at: writer.instant)
            try writer.insertNonconformity(nonconformity)
            return nonconformity
        }
        let id = opened.id
        #expect(id.description == "NC-2026-001")
        #expect(try await store.reading { try $0.nonconformity(id) } == opened)
        #expect(
            try await store.reading { try $0.openFindings() }.map { "\($0.key) \($0.weight.rawValue) \($0.reference)" }
                == ["test-standard:7.2 major NC-2026-001", "test-standard:8.5 major NC-2026-001"])

        let steps: [(CorrectiveActionState, CorrectiveActionStep, String, String)] = [
            (
                .contained, CorrectiveActionStep(note: "Officers briefed", consequences: "None at polls"), "omar",
                "2026-03-03"
            ),
            (
                .analysed, CorrectiveActionStep(method: "5 whys", causes: ["No register", "No owner"]), "omar",
                "2026-03-04"
            ),
            (
                .planned,
                CorrectiveActionStep(actions: [
                    ActionDraft(text: "Create register", owner: "salma", due: try day("2026-04-01")),
                    ActionDraft(text: "Name an owner", owner: "amal", due: try day("2026-04-15")),
                ]), "omar", "2026-03-05"
            ),
            (
                .implemented,
                CorrectiveActionStep(note: "Register live", evidence: [EvidenceID(year: 2026, number: 3)]),
                "salma", "2026-04-01"
            ),
            (.verified, CorrectiveActionStep(note: "Still gaps", result: .ineffective), "amal", "2026-05-01"),
            (
                .analysed, CorrectiveActionStep(causes: ["Register not used"], similar: "Zarqa office"), "omar",
                "2026-05-02"
            ),
            (
                .planned,
                CorrectiveActionStep(actions: [
                    ActionDraft(text: "Monthly check", owner: "salma", due: try day("2026-06-01"))
                ]), "omar", "2026-05-03"
            ),
            (.implemented, CorrectiveActionStep(note: "Checks done"), "salma", "2026-06-01"),
            (.verified, CorrectiveActionStep(result: .effective), "amal", "2026-07-01"),
            (.closed, CorrectiveActionStep(note: "Closed", updateRisks: true, changeQMS: true), "amal", "2026-07-02"),
        ]
        var current = opened
        for (target, fields, actor, date) in steps {
            let after = try await step(store, id, target, fields, by: actor, on: date)
            let read = try await store.reading { try $0.nonconformity(id) }
            #expect(read == after, "after the step to \(target)")
            current = after
        }
        #expect(current.state == .closed)
        #expect(current.correctiveAction.round == 2)
        #expect(try await store.reading { try $0.openFindings() }.isEmpty)
        #expect(
            try await store.reading { try $0.nonconformities(matching: NonconformityFilter(openOnly: true)) }.isEmpty)
        #expect(
            try await store.reading {
                try $0.nonconformities(matching: NonconformityFilter(requirement: try key("8.5")))
            }.count == 1)
        #expect(
            try await store.reading { try $0.nonconformities(matching: NonconformityFilter(grade: .minor)) }.isEmpty)

        let events = try await store.reading { try $0.events(entity: "nc:NC-2026-001") }
        #expect(events.map(\.action) == ["nc.open"] + Array(repeating: "nc.advance", count: steps.count))
        #expect(events.last?.after == (try CanonicalJSON.encode(current)))
        #expect(events.map(\.actor).last == "amal")
        let counts = try await store.reading { try $0.tableCounts() }
        #expect(counts["nc_transitions"] == Int64(steps.count + 1))
        #expect(counts["corrective_actions"] == 3)
        #expect(counts["nc_verifications"] == 2)
        #expect(counts["nc_analyses"] == 2)
        try await store.close()
    }

    @Test(
        "the schema refuses a verification by the implementer and a closure without its decisions",
        arguments: Backend.available)
    func schemaGuards(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let store = try await openStore(folder, backend)
        let draft = NonconformityDraft(
            title: "Gap", source: .complaint, grade: .minor, requirements: [try key("8.5")], raisedBy: "omar",
            raisedOn: try day("2026-03-02"))
        try await store.writing(actor: "omar") { writer in
            try writer.insertNonconformity(
                Nonconformity.raised(
                    id: NonconformityID(year: 2026, number: 1), content: draft, by: "omar", at: writer.instant))
            try writer.session.execute(
                """
                INSERT INTO nc_implementations (nc_id, round, note, implemented_by, implemented_on)
                VALUES ('NC-2026-001', 1, 'done', 'salma', '2026-03-05')
                """)
        }
        for sql in [
            """
            INSERT INTO nc_verifications (nc_id, round, result, implemented_by, verified_by, verified_on)
            VALUES ('NC-2026-001', 1, 'effective', 'salma', 'Salma', '2026-03-06')
            """,
            """
            INSERT INTO nc_verifications (nc_id, round, result, implemented_by, verified_by, verified_on)
            VALUES ('NC-2026-001', 1, 'effective', 'omar', 'amal', '2026-03-06')
            """,
            """
            INSERT INTO nc_closures (nc_id, round, update_risks, change_qms, closed_by, closed_on)
            VALUES ('NC-2026-001', 1, NULL, 1, 'amal', '2026-03-07')
            """,
            "UPDATE nonconformities SET state = 'done' WHERE id = 'NC-2026-001'",
            "UPDATE nonconformities SET audit_id = 'AUD-2026-99' WHERE id = 'NC-2026-001'",
        ] {
            await #expect(throws: StoreError.self, "\(sql)") {
                try await store.write { session in try session.execute(sql, []) }
            }
        }
        try await store.close()
    }

    @Test(
        "recommendations and management reviews read back as written; links and completions are added, never removed",
        arguments: Backend.available)
    func recommendationsAndReviews(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let store = try await openStore(folder, backend)
        let recommendation = ObserverRecommendation(
            id: RecommendationID(year: 2024, number: 1),
            content: RecommendationDraft(
                mission: "EU EOM Jordan 2024", year: 2024, reference: "12", text: "Publish results by polling station",
                priority: .high, addressee: .emb),
            recordedAt: Instant(secondsSince1970: try noon("2026-01-10").timeIntervalSince1970), recordedBy: "amal")
        try await store.writing(actor: "amal") { try $0.insertRecommendation(recommendation) }
        #expect(try await store.reading { try $0.recommendation(recommendation.id) } == recommendation)
        let linked = recommendation.linking([
            try RecommendationLink(kind: .activity, target: "1.3.2"),
            try RecommendationLink(kind: .evidence, target: "EV-2026-0001"),
        ])
        try await store.writing(actor: "amal") {
            try $0.updateRecommendation(linked, before: recommendation, action: "recommendation.link")
        }
        let implemented = try linked.updating(status: .implemented, note: "Results portal live")
        try await store.writing(actor: "amal") {
            try $0.updateRecommendation(implemented, before: linked, action: "recommendation.update")
        }
        #expect(try await store.reading { try $0.recommendations() } == [implemented])
        #expect(try await store.reading { try $0.recommendations(status: .inProgress) }.isEmpty)
        let recommendationEvents = try await store.reading { try $0.events(entity: "recommendation:REC-2024-001") }
        #expect(
            recommendationEvents.map(\.action) == [
                "recommendation.add", "recommendation.link", "recommendation.update",
            ])

        let review = try ManagementReview.held(
            id: ManagementReviewID(year: 2026, number: 1),
            content: ManagementReviewDraft(
                title: "Review H1", heldOn: try day("2026-06-30"), chair: "Chair", attendees: ["Chair", "QM"],
                inputs: [.auditResults, .resources],
                decisions: [
                    ReviewDecision(kind: .resources, text: "Two more trainers"),
                    ReviewDecision(kind: .decision, text: "Keep the policy"),
                ],
                minutes: [EvidenceID(year: 2026, number: 9)]),
            actions: [
                ActionDraft(text: "Hire trainers", owner: "amal", due: try day("2026-09-30")),
                ActionDraft(text: "Revise plan", owner: "salma", due: try day("2026-08-31")),
            ], by: "amal", at: Instant(secondsSince1970: try noon("2026-06-30").timeIntervalSince1970))
        try await store.writing(actor: "amal") { try $0.insertManagementReview(review) }
        #expect(try await store.reading { try $0.managementReview(review.id) } == review)
        let completed = try review.completing(
            ReviewActionID(parent: review.id, index: 2), note: "Plan revised", by: "salma", on: try day("2026-08-15"))
        try await store.writing(actor: "salma") {
            try $0.updateManagementReview(completed, before: review, action: "review.complete")
        }
        #expect(try await store.reading { try $0.managementReviews() } == [completed])
        let reviewEvents = try await store.reading { try $0.events(entity: "review:MR-2026-01") }
        #expect(reviewEvents.map(\.action) == ["review.add", "review.complete"])
        #expect(reviewEvents.last?.after == (try CanonicalJSON.encode(completed)))
        try await store.close()
    }
}
