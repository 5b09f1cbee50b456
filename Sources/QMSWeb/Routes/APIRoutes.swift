import Foundation
import Hummingbird
import QMSCore
import QMSServices
import QMSStore

/// The JSON API under `/api/v1`, for scripts and other systems: the same operations as the pages,
/// authenticated by API tokens (`Authorization: Bearer eqms_…`), described by `openapi.yaml`.
struct APIRoutes {
    let qms: QMS

    /// The body of `POST /api/v1/evidence`.
    struct NewEvidence: Decodable {
        var title: String
        var requirements: [String]
        var kind: String?
        var link: String?
        var owner: String?
        var process: String?
        var location: String?
        var effectiveFrom: String?
        var validUntil: String?
        var reviewDue: String?
        var confidentiality: String?
        var description: String?
        var tags: [String]?
    }

    /// The body of `PUT /api/v1/audits/{id}/plan`.
    struct NewAuditPlan: Decodable {
        struct Visit: Decodable {
            var day: String
            var time: String?
            var site: String?
            var process: String?
            var auditees: [String]?
            var auditors: [String]?
        }
        var objectives: String
        var criteria: String?
        var schedule: [Visit]
    }

    /// The body of `POST /api/v1/audits/{id}/checklist/items`.
    struct NewCheck: Decodable {
        var requirement: String
        var result: String
        var grade: String?
        var notes: String?
        var sample: String?
        var evidence: [String]?
    }

    func register(on router: RouterGroup<WebContext>) {
        let api = router.add(middleware: RequireTokenMiddleware())
        registerAudits(on: api)
        api.get("standards") { _, context -> Response in
            _ = try context.require(.read)
            return try Self.json(try await qms.catalogues.list())
        }
        api.get("compliance") { request, context -> Response in
            _ = try context.require(.read)
            let standard = try Self.parameter(request, "standard").map { try StandardID($0) }
            return try Self.json(try await qms.compliance.readiness(standard: standard))
        }
        api.get("evidence") { request, context -> Response in
            let user = try context.require(.read)
            var filter = EvidenceFilter()
            if let text = Self.parameter(request, "requirement") {
                filter.requirement = try RequirementKey(parsing: text)
            }
            if let text = Self.parameter(request, "status") {
                // An unknown status is refused rather than ignored, which would list every record.
                guard let status = EvidenceStatus(rawValue: text) else {
                    throw DomainError.invalidValue(
                        field: "status", value: text,
                        expected: .listed(EvidenceStatus.allCases.map(\.rawValue)))
                }
                filter.status = status
            }
            filter.owner = Forms.query(request, "owner")
            filter.process = Forms.query(request, "process")
            filter.ids = try await qms.engagements.evidenceInScope(for: user)
            return try Self.json(try await qms.evidence.list(filter))
        }
        api.get("evidence/:id") { _, context -> Response in
            _ = try context.require(.read)
            let text = context.parameters.get("id") ?? ""
            // An id of the documented shape that no record can have (EV-0000-0000) is not found.
            guard let id = try? EvidenceID(parsing: text) else {
                throw WebInputError.noEvidenceRecord(text)
            }
            let revisions = try await qms.evidence.revisions(id)
            if let user = context.user, let latest = revisions.last {
                let decision = try await context.requireInEngagement(.evidence(latest.content), qms: qms)
                try await qms.engagements.recordView(by: user, record: "evidence:\(id)", under: decision)
            }
            return try Self.json(revisions)
        }
        api.post("evidence") { request, context -> Response in
            let user = try context.require(.logEvidence)
            let body = try await request.body.collect(upTo: 1 << 20)
            let input: NewEvidence
            do {
                input = try JSONDecoder().decode(NewEvidence.self, from: Data(buffer: body))
            } catch {
                throw WebInputError.notJSON(detail: "\(error)")
            }
            let draft = try EvidenceInput(
                title: input.title, description: input.description, kind: input.kind, link: input.link,
                owner: input.owner, process: input.process, location: input.location, effective: input.effectiveFrom,
                validUntil: input.validUntil, reviewDue: input.reviewDue, confidentiality: input.confidentiality,
                requirements: input.requirements, tags: input.tags ?? []
            ).draft(owner: user.displayName, today: qms.today)
            guard user.canLogEvidence(forProcess: draft.process) else {
                throw HTTPError(
                    .forbidden, message: WebErrorWording.message(EvidenceRoutes.processNotOwned(user), context))
            }
            let record = try await qms.acting(as: user.username).evidence.add(draft)
            return try Self.json(record, status: .created)
        }
    }

    /// An audit with its plan and checklist; setting the plan, generating the checklist and
    /// recording an item, as the audit team does on the audit's page.
    func registerAudits(on api: RouterGroup<WebContext>) {
        api.get("audits/:id") { _, context -> Response in
            _ = try context.require(.read)
            return try Self.json(try await qms.audits.show(try Self.auditID(context)))
        }
        api.get("audits/:id/report") { request, context -> Response in
            try await AuditReportDownload.response(
                qms, try Self.auditID(context), format: try AuditReportDownload.format(request, default: .json),
                context: context)
        }
        api.put("audits/:id/plan") { request, context -> Response in
            let user = try context.require(.recordAudits)
            let id = try Self.auditID(context)
            let input = try await Self.decode(NewAuditPlan.self, request)
            let schedule = try input.schedule.map { visit throws(DomainError) -> AuditVisit in
                guard let on = try? CalendarDate(parsing: visit.day) else {
                    throw .invalidValue(field: "day", value: visit.day, expected: .day(example: "2026-09-10"))
                }
                return AuditVisit(
                    on: on, at: visit.time, site: visit.site, process: visit.process, auditees: visit.auditees ?? [],
                    auditors: visit.auditors ?? [])
            }
            let plan = AuditPlan(objectives: input.objectives, criteria: input.criteria, schedule: schedule)
            return try Self.json(try await qms.acting(as: user.username).audits.schedule(id, plan))
        }
        api.post("audits/:id/checklist") { _, context -> Response in
            let user = try context.require(.recordAudits)
            let id = try Self.auditID(context)
            return try Self.json(try await qms.acting(as: user.username).audits.generateChecklist(id))
        }
        api.post("audits/:id/checklist/items") { request, context -> Response in
            let user = try context.require(.recordAudits)
            let id = try Self.auditID(context)
            let input = try await Self.decode(NewCheck.self, request)
            let check = try AuditPlanInput.check(
                requirement: input.requirement, result: input.result, grade: input.grade, notes: input.notes,
                sample: input.sample, evidence: input.evidence ?? [])
            let outcome = try await qms.acting(as: user.username).audits.check(id, check)
            return try Self.json(outcome, status: outcome.raised == nil ? .ok : .created)
        }
    }

    static func auditID(_ context: WebContext) throws -> AuditID {
        let text = context.parameters.get("id") ?? ""
        do { return try AuditID(parsing: text) } catch {
            throw DomainError.invalidValue(field: "id", value: text, expected: .format("AUD-YYYY-NN"))
        }
    }

    static func decode<Value: Decodable>(_ type: Value.Type, _ request: Request) async throws -> Value {
        let body = try await request.body.collect(upTo: 1 << 20)
        do {
            return try JSONDecoder().decode(type, from: Data(buffer: body))
        } catch {
            throw WebInputError.notJSON(detail: "\(error)")
        }
    }

    /// A query parameter as sent, nil only when absent: an empty value is a value (and refused
    /// where it is not valid), not the parameter left out.
    static func parameter(_ request: Request, _ name: String) -> String? {
        guard let value = request.uri.queryParameters[Substring(name)].map(String.init) else { return nil }
        return value.removingPercentEncoding ?? value
    }

    static func json<Value: Encodable>(_ value: Value, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}

/// The API answers only to tokens: a browser session cannot call it (so no CSRF on the API).
struct RequireTokenMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response)
        async throws -> Response
    {
        guard context.user != nil, context.viaToken else {
            throw HTTPError(.unauthorized, message: "send an API token: Authorization: Bearer eqms_…")
        }
        return try await next(request, context)
    }
}
