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

@Suite("The quality registers in the store")
struct RegistersStoreTests {
    func openStore(_ folder: TemporaryFolder, _ backend: Backend) async throws -> any Store {
        let store = try await backend.open(in: folder)
        _ = try await store.migrate()
        let catalogue = try storeCatalogue()
        try await store.writing(actor: "amal") { try $0.insertCatalogue(catalogue, sourceFile: "t.xml", sha256: sha) }
        return store
    }

    /// Changes a document in its own transaction, as the service does.
    func step(
        _ store: any Store, _ code: RegisterCode, by actor: String, on date: String, action: String,
        _ change: @escaping @Sendable (ControlledDocument, CalendarDate) throws -> ControlledDocument
    ) async throws -> ControlledDocument {
        try await store.writing(actor: actor, at: try noon(date)) { writer in
            guard let before = try writer.reader.controlledDocuments(code: code).first else {
                throw DomainError.notFound(kind: .document, id: code.description, hint: nil)
            }
            let after = try change(before, writer.instant.date)
            try writer.saveDocument(after, before: before, action: action)
            return after
        }
    }

    /// Whether each register entry's encoding in the database is its last event's `after`, as `eqms verify` checks.
    func matchesTrail(_ store: any Store) async throws -> [String] {
        try await store.reading { reader in
            var differences: [String] = []
            for register in AuditedRegisters.registers {
                var expected: [String: String] = [:]
                for event in try reader.events() where AuditedRegister.kind(ofEntity: event.entity) == register.kind {
                    try register.replay(event, &expected)
                }
                let current = try register.current(reader)
                for name in Set(expected.keys).union(current.keys) where current[name] != expected[name] {
                    differences.append(name)
                }
            }
            return differences.sorted()
        }
    }

    @Test(
        "a document through two versions reads back equal at every step; the first is kept obsolete",
        arguments: Backend.available)
    func documentRoundTrip(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let store = try await openStore(folder, backend)
        let code = try RegisterCode("PR-EP04-01")
        let draft = DocumentDraft(
            code: code, title: "Polling-station procedure", kind: .procedure, owner: "Operations", process: "EP-04",
            link: "https://intranet.example/pr-ep04-01", reviewMonths: 24, distribution: ["Field offices", "Trainers"],
            requirements: [try key("8.5"), try key("7.2")])
        try draft.validate()
        let added = try await store.writing(actor: "amal", at: try noon("2026-01-10")) { writer in
            let document = ControlledDocument.drafted(draft, changes: "First issue", by: "amal", at: writer.instant)
            try writer.saveDocument(document, before: nil, action: "document.add")
            return document
        }
        #expect(try await store.reading { try $0.controlledDocuments(code: code) } == [added])
        var document = try await step(store, code, by: "amal", on: "2026-01-11", action: "document.submit") {
            try $0.advancing(to: .inReview, by: "amal", on: $1)
        }
        document = try await step(store, code, by: "salma", on: "2026-01-12", action: "document.approve") {
            try $0.advancing(to: .approved, by: "salma", on: $1)
        }
        document = try await step(store, code, by: "salma", on: "2026-01-13", action: "document.issue") {
            try $0.advancing(to: .issued, by: "salma", on: $1).distributing(to: ["Polling staff"])
        }
        #expect(try await store.reading { try $0.controlledDocuments(code: code) } == [document])
        document = try await step(store, code, by: "omar", on: "2026-06-01", action: "document.revise") {
            try $0.revising(changes: "Queues for the elderly", by: "omar", on: $1)
        }
        document = try await step(store, code, by: "omar", on: "2026-06-02", action: "document.submit") {
            try $0.advancing(to: .inReview, by: "omar", on: $1)
        }
        document = try await step(store, code, by: "amal", on: "2026-06-03", action: "document.approve") {
            try $0.advancing(to: .approved, by: "amal", on: $1)
        }
        document = try await step(store, code, by: "amal", on: "2026-06-04", action: "document.issue") {
            try $0.advancing(to: .issued, by: "amal", on: $1).reviewed(by: "amal", on: $1, note: "Checked at issue")
        }
        let stored = try await store.reading { try $0.controlledDocuments() }
        #expect(stored == [document])
        #expect(stored.first?.versions.map(\.status) == [.obsolete, .issued])
        #expect(stored.first?.content.distribution == ["Field offices", "Trainers", "Polling staff"])
        let events = try await store.reading { try $0.events(entity: "document:PR-EP04-01") }
        #expect(events.count == 8)
        #expect(events.last?.after == (try CanonicalJSON.encode(document)))
        #expect(try await matchesTrail(store).isEmpty)
        try await store.close()
    }

    @Test(
        "the schema refuses a version approved or issued by its author, and two versions in force",
        arguments: Backend.available)
    func schemaGuards(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let store = try await openStore(folder, backend)
        try await store.writing(actor: "amal") { writer in
            try writer.session.execute(
                """
                INSERT INTO controlled_documents (code, kind, title, owner, review_months, recorded_at, recorded_by)
                VALUES ('QP-01', 'policy', 'Quality policy', 'Quality unit', 12, '2026-01-01T00:00:00.000Z', 'amal')
                """)
        }
        let row = """
            INSERT INTO document_versions (document_code, version, status, author, created_on, approved_by, approved_on,
                issued_by, issued_on, next_review_on)
            VALUES ('QP-01', ?, 'issued', 'amal', '2026-01-01', ?, '2026-01-02', ?, '2026-01-03', '2027-01-03')
            """
        await #expect(throws: (any Error).self) {
            try await store.writing(actor: "amal") { try $0.session.execute(row, 1, "AMAL", "salma") }
        }
        await #expect(throws: (any Error).self) {
            try await store.writing(actor: "amal") { try $0.session.execute(row, 1, "salma", "Amal") }
        }
        try await store.writing(actor: "amal") { try $0.session.execute(row, 1, "salma", "salma") }
        await #expect(throws: (any Error).self, "one version in force") {
            try await store.writing(actor: "amal") { try $0.session.execute(row, 2, "salma", "salma") }
        }
        await #expect(throws: (any Error).self, "residual likelihood without impact") {
            try await store.writing(actor: "amal") { writer in
                try writer.session.execute(
                    """
                    INSERT INTO risks (id, year, number, kind, title, owner, inherent_likelihood, inherent_impact,
                        residual_likelihood, identified_on, review_on, status, recorded_at, recorded_by)
                    VALUES ('RSK-2026-001', 2026, 1, 'risk', 'x', 'o', 3, 3, 2, '2026-01-01', '2026-02-01', 'open',
                        '2026-01-01T00:00:00.000Z', 'amal')
                    """)
            }
        }
        await #expect(throws: (any Error).self, "more women than participants") {
            try await store.writing(actor: "amal") { writer in
                try writer.session.execute(
                    """
                    INSERT INTO training_events (id, year, number, title, kind, starts_on, ends_on, place, participants,
                        women, men, with_disabilities, recorded_at, recorded_by)
                    VALUES ('TRN-2026-01', 2026, 1, 'x', 'workshop', '2026-01-01', '2026-01-01', 'HQ', 10, 11, 0, 0,
                        '2026-01-01T00:00:00.000Z', 'amal')
                    """)
            }
        }
        try await store.close()
    }

    @Test(
        "risks, context issues, parties, processes, providers, roles, training and KPIs read back as written",
        arguments: Backend.available)
    func registersRoundTrip(backend: Backend) async throws {
        let folder = try TemporaryFolder()
        let store = try await openStore(folder, backend)
        // Written on 2026-02-01; changed on 2026-04-01: the registers of 2026-02-28 are the first state.
        let first = try await store.writing(actor: "amal", at: try noon("2026-02-01")) { writer in
            let risk = Risk.identified(
                id: RiskID(year: 2026, number: try writer.nextSequenceValue("RSK", year: 2026)),
                content: RiskDraft(
                    title: "Late delivery of ballot papers", category: "logistics", owner: "Logistics",
                    process: "EP-03",
                    phase: .preElectoral, inherent: try RiskRating(likelihood: 3, impact: 4),
                    requirements: [try key("8.5")], identifiedOn: try day("2026-02-01"), reviewOn: try day("2026-03-01")
                ),
                by: "amal", at: writer.instant)
            try writer.saveRisk(risk, before: nil, action: "risk.add")
            let issue = ContextIssue(
                id: ContextIssueID(year: 2026, number: 1),
                content: ContextIssueDraft(
                    kind: .external, title: "Climate change", description: "Heat on polling day", climate: .relevant,
                    processes: ["ep-04"], requirements: [try key("4.1-A1")], identifiedOn: try day("2026-02-01"),
                    reviewOn: try day("2027-02-01")), recordedAt: writer.instant, recordedBy: "amal")
            try writer.saveContextIssue(issue, before: nil, action: "context.add")
            let party = InterestedParty(
                id: InterestedPartyID(year: 2026, number: 1),
                content: PartyDraft(
                    category: .media, name: "Broadcasters", needs: ["Results on time"], expectations: ["Briefings"],
                    monitoring: "Media monitoring unit", influence: .high, processes: ["EP-05"],
                    requirements: [try key("7.2")]), recordedAt: writer.instant, recordedBy: "amal")
            try writer.saveParty(party, before: nil, action: "party.add")
            let process = QMSProcess(
                content: ProcessDraft(
                    code: try RegisterCode("P-05"), name: "Counting and results", category: .electoral,
                    owner: "Director of results", electoralProcess: .voteCountingAndDeclarationOfResults,
                    inputs: ["Ballot boxes"], outputs: ["Results"], kpis: ["KPI-01"],
                    interactions: [try RegisterCode("P-04")], requirements: [try key("8.5")]),
                recordedAt: writer.instant, recordedBy: "amal")
            try writer.saveProcess(process, before: nil, action: "process.add")
            let provider = ExternalProvider(
                id: ProviderID(year: 2026, number: 1),
                content: ProviderDraft(
                    name: "Results systems company", kind: .contractor, service: "RMS", contract: "RMS-1",
                    criteria: [
                        EvaluationCriterion(name: "Delivery", weight: 2),
                        EvaluationCriterion(name: "Security", weight: 5),
                    ]),
                recordedAt: writer.instant, recordedBy: "amal")
            try writer.saveProvider(provider, before: nil, action: "provider.add")
            let role = CompetenceRole(
                content: RoleDraft(
                    code: try RegisterCode("TRAINER"), title: "Trainer", competences: ["Polling procedures"],
                    holders: ["Amal Haddad"]), recordedAt: writer.instant, recordedBy: "amal")
            try writer.saveRole(role, before: nil, action: "role.add")
            let training = TrainingEvent(
                id: TrainingID(year: 2026, number: 1),
                content: TrainingDraft(
                    title: "Training of trainers", kind: .trainingOfTrainers, startsOn: try day("2026-01-20"),
                    endsOn: try day("2026-01-22"), place: "Tripoli", trainers: ["Lead trainer"],
                    roles: [try RegisterCode("TRAINER")], competences: ["Polling procedures"],
                    attendance: Attendance(total: 64, women: 18, withDisabilities: 1),
                    participants: [
                        Participant(name: "Amal Haddad", sex: .female), Participant(name: "Omar", disability: true),
                    ]),
                recordedAt: writer.instant, recordedBy: "amal")
            try writer.saveTraining(training, before: nil, action: "training.add")
            let kpi = MonitoredKPI(
                content: KPIDraft(
                    code: try RegisterCode("KPI-01"), title: "Positive media reports", unit: "%",
                    category: .stakeholderPerception, target: try DecimalValue(parsing: "60"), owner: "Media unit",
                    everyMonths: 1, planKPI: try PlanCode("K1.2")), recordedAt: writer.instant, recordedBy: "amal")
            try writer.saveKPI(kpi, before: nil, action: "kpi.add")
            return QualityRegisters(
                contextIssues: [issue], risks: [risk], parties: [party], processes: [process], providers: [provider],
                roles: [role], trainings: [training], kpis: [kpi])
        }
        #expect(try await store.reading { try $0.qualityRegisters() } == first)

        let second = try await store.writing(actor: "salma", at: try noon("2026-04-01")) { writer in
            let reader = writer.reader
            var registers = try reader.qualityRegisters()
            let day = writer.instant.date
            let risk = try registers.risks[0]
                .planning(
                    [ActionDraft(text: "Second printer", owner: "Logistics", due: day.adding(days: 30))],
                    treatment: .reduce, on: day
                )
                .completing(
                    try RiskActionID(parsing: "RSK-2026-001-1"), note: "Contract signed",
                    rating: try RiskRating(likelihood: 1, impact: 4), by: "salma", on: day
                )
                .reviewing(next: day.adding(months: 3), note: "On track", by: "salma", on: day)
            try writer.saveRisk(risk, before: registers.risks[0], action: "risk.treat")
            let issue = try registers.contextIssues[0].reviewing(next: nil, note: "Unchanged", by: "salma", on: day)
            try writer.saveContextIssue(issue, before: registers.contextIssues[0], action: "context.review")
            let party = try registers.parties[0].reviewing(
                next: day.adding(months: 6), note: nil, needs: ["Results within 24 hours"], expectations: [],
                monitoring: nil, by: "salma", on: day)
            try writer.saveParty(party, before: registers.parties[0], action: "party.review")
            let process = try registers.processes[0].reviewing(
                next: day.adding(months: 12), note: nil, by: "salma", on: day)
            try writer.saveProcess(process, before: registers.processes[0], action: "process.review")
            var provider = try registers.providers[0].evaluating([5, 4], note: "Good", by: "salma", on: day)
            provider.evidence = EvidenceID(year: 2026, number: 9)
            try writer.saveProvider(provider, before: registers.providers[0], action: "provider.evaluate")
            let role = try registers.roles[0].assigning(["Salma"])
            try writer.saveRole(role, before: registers.roles[0], action: "role.assign")
            let training = try registers.trainings[0].evaluating(
                TrainingEvaluation(
                    on: day, by: "salma", method: "Post-test", result: .partlyEffective, note: "Two retake"))
            try writer.saveTraining(training, before: registers.trainings[0], action: "training.evaluate")
            let kpi = try registers.kpis[0]
                .measuring(
                    try DecimalValue(parsing: "55.5"), on: day.adding(days: -31), period: "2026-02", source: "MMU",
                    note: nil, by: "salma"
                )
                .measuring(
                    try DecimalValue(parsing: "61"), on: day, period: "2026-03", source: nil, note: "After briefing",
                    by: "salma")
            try writer.saveKPI(kpi, before: registers.kpis[0], action: "kpi.measure")
            registers.risks = [risk]
            registers.contextIssues = [issue]
            registers.parties = [party]
            registers.processes = [process]
            registers.providers = [provider]
            registers.roles = [role]
            registers.trainings = [training]
            registers.kpis = [kpi]
            return registers
        }
        let now = try await store.reading { try $0.qualityRegisters() }
        #expect(now == second)
        #expect(now.risks.first?.residualScore == 4)
        #expect(now.risks.first?.assessments.count == 2)
        #expect(now.kpis.first?.trend == .improving)
        #expect(now.providers.first?.status == .approved)
        #expect(try await matchesTrail(store).isEmpty)
        #expect(try await store.reading { try $0.qualityRegisters(asOf: try day("2026-02-28")) } == first)
        #expect(try await store.reading { try $0.qualityRegisters(asOf: try day("2026-04-01")) } == second)
        #expect(try await store.reading { try $0.qualityRegisters(asOf: try day("2026-01-31")) } == QualityRegisters())

        // A change behind the application's back shows in the comparison with the trail.
        try await store.write { session in
            try session.execute("UPDATE risks SET residual_likelihood = 5 WHERE id = 'RSK-2026-001'", [])
            try session.execute("UPDATE register_lists SET value = 'Nobody' WHERE field = 'holders'", [])
        }
        #expect(try await matchesTrail(store) == ["risk:RSK-2026-001", "role:TRAINER"])
        try await store.close()
    }
}
