import Foundation
import QMSCore

/// The quality registers of the demo organisation, as `Plans/demo/registers.json` writes them:
/// context issues, interested parties, processes, risks, controlled documents, external
/// providers, roles, training events and KPIs. Every record goes through its service, so the
/// audit trail holds each change and `eqms verify` finds the database as the trail says.
///
/// A date in the file is a calendar day (`2019-02-10`) or a number of days from the day the demo
/// is seeded (`today-30`, `today+45`), so that a demo seeded any day shows reviews coming up, one
/// overdue, and measurements up to the last quarter.
struct DemoRegisters: Decodable, Sendable {
    /// Where the file sits in the Plans folder.
    static let path = "demo/registers.json"

    var context: [ContextSeed]
    var parties: [PartySeed]
    var processes: [ProcessSeed]
    var risks: [RiskSeed]
    var documents: [DocumentSeed]
    var providers: [ProviderSeed]
    var roles: [RoleSeed]
    var training: [TrainingSeed]
    var kpis: [KPISeed]

    /// Reads the file; a file that does not parse is an error naming it, never a silent empty demo.
    static func load(_ url: URL) throws -> DemoRegisters {
        do {
            return try JSONDecoder().decode(DemoRegisters.self, from: Data(contentsOf: url))
        } catch let error as DomainError {
            throw error
        } catch {
            throw ServiceError.cannotReadFile(path: url.path, reason: "\(error)")
        }
    }

    /// Seeds every register, in the order their links need (roles before training).
    func seed(_ qms: QMS) async throws {
        let manager = qms.acting(as: "amal")
        let today = qms.today
        for item in context { try await item.seed(manager, today: today) }
        for item in parties { try await manager.parties.add(try item.draft(today: today)) }
        for item in processes { try await manager.processes.add(try item.draft(today: today)) }
        for item in risks { try await item.seed(manager, today: today) }
        for item in documents { try await item.seed(qms, today: today) }
        for item in providers { try await item.seed(manager, today: today) }
        for item in roles { try await manager.training.addRole(try item.draft()) }
        for item in training { try await item.seed(manager) }
        for item in kpis { try await item.seed(manager, today: today) }
    }
}

/// A day of the demo file: `2019-02-10`, `today`, `today-30` or `today+45`.
struct DemoDay: Decodable, Sendable {
    let text: String

    init(from decoder: any Decoder) throws {
        text = try decoder.singleValueContainer().decode(String.self)
    }

    /// The calendar day, counted from `today` when the text is relative.
    func on(_ today: CalendarDate) throws -> CalendarDate {
        guard text.hasPrefix("today") else { return try CalendarDate(parsing: text) }
        let offset = text.dropFirst("today".count).replacingOccurrences(of: "+", with: "")
        if offset.isEmpty { return today }
        guard let days = Int(offset) else {
            throw DomainError.invalidValue(
                field: "day", value: text, expected: .dayFromToday(example: "2019-02-10"))
        }
        return today.adding(days: days)
    }
}

extension QMS {
    /// The same system with its clock moved to `day` (at the present time of day): what the demo
    /// records as having happened on that day, a document issued or a provider evaluated, carries
    /// that day, as it would have had it been recorded then.
    func on(_ day: CalendarDate) -> QMS {
        let shift = TimeInterval(today.days(until: day)) * 86_400
        var copy = self
        let clock = now
        copy.now = { clock().addingTimeInterval(shift) }
        return copy
    }
}

private func keys(_ texts: [String]?) throws -> [RequirementKey] {
    try (texts ?? []).map { try RequirementKey(parsing: $0) }
}

// MARK: Context, parties, processes

struct ContextSeed: Decodable, Sendable {
    var kind: ContextIssueKind
    var category: String?
    var title: String
    var description: String?
    var effect: String?
    var processes: [String]?
    var requirements: [String]?
    var identified: DemoDay
    var review: DemoDay?

    func seed(_ qms: QMS, today: CalendarDate) async throws {
        let identifiedOn = try identified.on(today)
        try await qms.on(identifiedOn).risks.addContext(
            ContextIssueDraft(
                kind: kind, title: title, description: description, category: category, effect: effect,
                processes: processes ?? [], requirements: try keys(requirements), identifiedOn: identifiedOn,
                reviewOn: try review?.on(today)))
    }
}

struct PartySeed: Decodable, Sendable {
    var category: PartyCategory
    var name: String
    var needs: [String]
    var expectations: [String]?
    var monitoring: String
    var influence: PartyInfluence?
    var processes: [String]?
    var requirements: [String]?
    var review: DemoDay?

    func draft(today: CalendarDate) throws -> PartyDraft {
        PartyDraft(
            category: category, name: name, needs: needs, expectations: expectations ?? [], monitoring: monitoring,
            influence: influence, processes: processes ?? [], requirements: try keys(requirements),
            reviewOn: try review?.on(today))
    }
}

struct ProcessSeed: Decodable, Sendable {
    var code: String
    var name: String
    var category: ProcessCategory
    var electoralProcess: String?
    var owner: String
    var purpose: String?
    var inputs: [String]
    var outputs: [String]
    var kpis: [String]?
    var interactions: [String]?
    var requirements: [String]?
    var review: DemoDay?

    func draft(today: CalendarDate) throws -> ProcessDraft {
        ProcessDraft(
            code: try RegisterCode(code), name: name, category: category, owner: owner,
            electoralProcess: try electoralProcess.map { try ElectoralProcess(code: $0) }, purpose: purpose,
            inputs: inputs, outputs: outputs, kpis: kpis ?? [],
            interactions: try (interactions ?? []).map { try RegisterCode($0) }, requirements: try keys(requirements),
            reviewOn: try review?.on(today))
    }
}

// MARK: Risks

struct RiskSeed: Decodable, Sendable {
    struct Action: Decodable, Sendable {
        struct Done: Decodable, Sendable {
            var on: DemoDay
            var note: String?
            /// The residual rating the action leaves, when it changes the score.
            var likelihood: Int?
            var impact: Int?
        }
        var text: String
        var owner: String
        var due: DemoDay
        var done: Done?
    }
    struct Closing: Decodable, Sendable {
        var on: DemoDay
        var note: String
    }

    var kind: RiskKind?
    var title: String
    var description: String?
    var category: String?
    var owner: String
    var process: String?
    var phase: ElectoralCyclePhase?
    var likelihood: Int
    var impact: Int
    var treatment: RiskTreatment?
    var requirements: [String]?
    var identified: DemoDay
    var review: DemoDay
    var actions: [Action]?
    var closed: Closing?

    /// Identifies the risk, plans its treatment the same day, then completes the actions done
    /// and closes it, each on its own day.
    func seed(_ qms: QMS, today: CalendarDate) async throws {
        let identifiedOn = try identified.on(today)
        let risk = try await qms.on(identifiedOn).risks.add(
            RiskDraft(
                kind: kind ?? .risk, title: title, description: description, category: category, owner: owner,
                process: process, phase: phase, inherent: try RiskRating(likelihood: likelihood, impact: impact),
                treatment: treatment, requirements: try keys(requirements), identifiedOn: identifiedOn,
                reviewOn: try review.on(today)))
        let actions = self.actions ?? []
        guard !actions.isEmpty else { return }
        let treated = try await qms.on(identifiedOn).risks.treat(
            risk.id,
            actions: try actions.map { ActionDraft(text: $0.text, owner: $0.owner, due: try $0.due.on(today)) })
        for (action, planned) in zip(actions, treated.actions.suffix(actions.count)) {
            guard let done = action.done else { continue }
            var rating: RiskRating?
            if let likelihood = done.likelihood, let impact = done.impact {
                rating = try RiskRating(likelihood: likelihood, impact: impact)
            }
            try await qms.on(try done.on.on(today)).risks.complete(planned.id, note: done.note, rating: rating)
        }
        if let closed { try await qms.on(try closed.on.on(today)).risks.close(risk.id, note: closed.note) }
    }
}

// MARK: Documents

struct DocumentSeed: Decodable, Sendable {
    var code: String
    var title: String
    var kind: DocumentKind
    var owner: String
    var process: String?
    var origin: String?
    var reviewMonths: Int
    var distribution: [String]?
    var requirements: [String]?
    /// The day version 1 was issued; its next review falls `reviewMonths` later.
    var issued: DemoDay?
    /// For a document still in review: the day its draft was submitted.
    var submitted: DemoDay?
    /// What a second version, now in draft, changes.
    var revision: String?

    /// Drafted two weeks before issue by the process owner (or the quality manager), approved a
    /// week later and issued by someone else, as the document-control rule requires.
    func seed(_ qms: QMS, today: CalendarDate) async throws {
        let author = process == nil ? "amal" : "omar"
        let approver = author == "amal" ? "admin" : "amal"
        let code = try RegisterCode(code, field: "document code")
        let draft = DocumentDraft(
            code: code, title: title, kind: kind, owner: owner, process: process, origin: origin,
            reviewMonths: reviewMonths, distribution: distribution ?? [], requirements: try keys(requirements))
        if let issued {
            let day = try issued.on(today)
            let writer = qms.acting(as: author).on(day.adding(days: -14))
            try await writer.documents.add(draft, changes: "First issue (sample).")
            try await writer.documents.submit(code)
            try await qms.acting(as: approver).on(day.adding(days: -7)).documents.approve(code)
            try await qms.acting(as: approver).on(day).documents.issue(code)
            if let revision {
                try await qms.acting(as: author).on(today.adding(days: -5)).documents.revise(code, changes: revision)
            }
        } else {
            let day = try submitted?.on(today) ?? today
            let writer = qms.acting(as: author).on(day)
            try await writer.documents.add(draft, changes: "First draft (sample).")
            if submitted != nil { try await writer.documents.submit(code) }
        }
    }
}

// MARK: Providers

struct ProviderSeed: Decodable, Sendable {
    struct Criterion: Decodable, Sendable {
        var name: String
        var weight: Int?
    }
    struct Evaluation: Decodable, Sendable {
        var on: DemoDay
        var scores: [Int]
        var note: String?
    }

    var name: String
    var kind: ProviderKind
    var service: String
    var contract: String?
    var contact: String?
    var processes: [String]?
    var requirements: [String]?
    var criteria: [Criterion]
    var threshold: Int?
    var reevaluationMonths: Int?
    var evaluations: [Evaluation]?

    /// Registers the provider on the day of its first evaluation (or today), then each evaluation on its day.
    func seed(_ qms: QMS, today: CalendarDate) async throws {
        let evaluations = self.evaluations ?? []
        let registered = try evaluations.first?.on.on(today) ?? today
        let provider = try await qms.on(registered).providers.add(
            ProviderDraft(
                name: name, kind: kind, service: service, contract: contract, contact: contact,
                processes: processes ?? [], requirements: try keys(requirements),
                criteria: criteria.map { EvaluationCriterion(name: $0.name, weight: $0.weight ?? 1) },
                threshold: threshold ?? 70, reevaluationMonths: reevaluationMonths ?? 12))
        for evaluation in evaluations {
            try await qms.on(try evaluation.on.on(today)).providers.evaluate(
                provider.id, scores: evaluation.scores, note: evaluation.note)
        }
    }
}

// MARK: Competence and training

struct RoleSeed: Decodable, Sendable {
    var code: String
    var title: String
    var competences: [String]
    var holders: [String]?
    var processes: [String]?

    func draft() throws -> RoleDraft {
        RoleDraft(
            code: try RegisterCode(code), title: title, competences: competences, holders: holders ?? [],
            processes: processes ?? [])
    }
}

struct TrainingSeed: Decodable, Sendable {
    struct Evaluation: Decodable, Sendable {
        var on: DemoDay
        var method: String
        var result: EffectivenessRating
        var note: String?
    }

    var title: String
    var kind: TrainingKind
    var starts: DemoDay
    var ends: DemoDay
    var place: String
    var trainers: [String]
    var roles: [String]?
    var competences: [String]?
    var participants: Int
    var women: Int
    var disabilities: Int?
    var processes: [String]?
    var requirements: [String]?
    var evaluation: Evaluation?

    /// The workshops keep their real days: they are the HNEC 2019 work plan's events.
    func seed(_ qms: QMS) async throws {
        let today = qms.today
        let event = try await qms.training.add(
            TrainingDraft(
                title: title, kind: kind, startsOn: try starts.on(today), endsOn: try ends.on(today), place: place,
                trainers: trainers, roles: try (roles ?? []).map { try RegisterCode($0) },
                competences: competences ?? [],
                attendance: Attendance(total: participants, women: women, withDisabilities: disabilities ?? 0),
                processes: processes ?? [], requirements: try keys(requirements)))
        if let evaluation {
            try await qms.training.evaluate(
                event.id, method: evaluation.method, result: evaluation.result, note: evaluation.note,
                on: try evaluation.on.on(today))
        }
    }
}

// MARK: KPIs

struct KPISeed: Decodable, Sendable {
    /// One value, for a quarter or a year counted back from the present one (`-1`: the last one).
    struct Measurement: Decodable, Sendable {
        var quarter: Int?
        var year: Int?
        var value: String
        var note: String?
    }

    var code: String
    var title: String
    var unit: String
    var category: KPICategory?
    var direction: KPIDirection?
    var target: String?
    var owner: String
    var process: String?
    var everyMonths: Int?
    var dataSource: String?
    var requirements: [String]?
    var measurements: [Measurement]?

    func seed(_ qms: QMS, today: CalendarDate) async throws {
        let code = try RegisterCode(code, field: "KPI code")
        try await qms.kpis.add(
            KPIDraft(
                code: code, title: title, unit: unit, category: category ?? .performance,
                direction: direction ?? .higher, target: try target.map { try DecimalValue(parsing: $0) },
                owner: owner, process: process, everyMonths: everyMonths, dataSource: dataSource,
                requirements: try keys(requirements)))
        for measurement in measurements ?? [] {
            let (period, day) = try Self.period(of: measurement, today: today)
            try await qms.kpis.measure(
                code, value: try DecimalValue(parsing: measurement.value), on: day, period: period,
                source: dataSource, note: measurement.note ?? "Sample value.")
        }
    }

    /// The period's label (`2026-Q3`, `2025`) and the day it was measured: ten days after the
    /// period ended, as a report would come in, and never after today.
    static func period(of measurement: Measurement, today: CalendarDate) throws -> (String, CalendarDate) {
        if let offset = measurement.quarter {
            let index = today.year * 4 + (today.month - 1) / 3 + offset
            let (year, quarter) = (index / 4, index % 4)
            let next = try CalendarDate(year: year, month: quarter * 3 + 1, day: 1).adding(months: 3)
            return ("\(year)-Q\(quarter + 1)", min(next.adding(days: 9), today))
        }
        let year = today.year + (measurement.year ?? -1)
        return ("\(year)", min(try CalendarDate(year: year + 1, month: 1, day: 31), today))
    }
}
