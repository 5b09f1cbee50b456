import Foundation
import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices

/// Evidence requests: the auditor's form on an engagement's page, a page per request with its
/// history and the steps the reader may take (answer, accept, return, withdraw), and the owner's
/// list of requests to answer; the same as JSON under `/api/v1/evidence-requests`. An engagement
/// account sees only its engagements' requests.
struct EvidenceRequestRoutes {
    let qms: QMS
    let renderer: Renderer

    struct AskForm: Decodable {
        var _csrf: String?
        var requirement: String?
        var sample: String?
        var owner: String?
        var due: String?
        var audit: String?
    }

    struct StepForm: Decodable {
        var _csrf: String?
        var comment: String?
        var reason: String?
    }

    func register(on router: RouterGroup<WebContext>) {
        router.get("requests") { _, context in
            let user = try context.require(.read)
            let language = context.language
            let mine = try await qms.evidenceRequests.visible(to: user, EvidenceRequestFilter(owner: user.username))
            let asked =
                user.can(.recordAudits)
                ? try await qms.evidenceRequests.visible(to: user, EvidenceRequestFilter(requestedBy: user.username))
                : []
            let toAnswer = mine.filter { $0.status.awaitsAnswer }.map { Self.row($0, context, today: qms.today) }
            let others = mine.filter { !$0.status.awaitsAnswer }.map { Self.row($0, context, today: qms.today) }
            let askedRows = asked.map { Self.row($0, context, today: qms.today) }
            return renderer.page(
                "requests", title: Messages.shared.text("requests_title", language), context: context,
                values: [
                    "toAnswer": toAnswer, "toAnswer_any": !toAnswer.isEmpty, "others": others,
                    "others_any": !others.isEmpty, "asked": askedRows, "asked_any": !askedRows.isEmpty,
                    "canAsk": user.can(.recordAudits), "today": qms.today.description,
                ], section: "requests")
        }
        // An internal auditor's request, tied to an audit or to nothing.
        router.post("requests") { request, context in try await ask(request, context, engagement: nil) }
        router.post("engagements/:id/requests") { request, context in
            let id = try EngagementID(parsing: context.parameters.get("id") ?? "")
            return try await ask(request, context, engagement: id)
        }
        router.get("requests/:id") { request, context in
            let user = try context.require(.read)
            let found = try await readable(context, user)
            let language = context.language
            let format = NumberFormatting(context.locale)
            var values = Self.row(found, context, today: qms.today)
            values["history"] = found.steps.map { step -> [String: Any] in
                [
                    "kind": step.kind.rawValue, "kindText": Messages.shared.term(step.kind, language),
                    "by": step.by, "at": format.time(step.at), "note": step.note ?? "",
                    "evidence": step.evidence.map { ["id": $0.description] }, "evidence_any": !step.evidence.isEmpty,
                ]
            }
            var engagement: Engagement?
            if let id = found.content.engagement { engagement = try await qms.engagements.get(id) }
            let isAuditor =
                user.username == found.requestedBy || (engagement?.names(user.username) ?? false)
                || (found.requestedBy.isEmpty && user.can(.manageQuality))
            let mayAnswer = user.username == found.content.owner || user.can(.manageQuality)
            values["canAnswer"] = found.status.awaitsAnswer && mayAnswer
            values["canDecide"] = found.status == .answered && isAuditor
            values["canWithdraw"] = !found.status.isDone && isAuditor
            values["answerEvidence"] = found.answerEvidence.map(\.description).joined(separator: ", ")
            values["requirementDefault"] = found.content.requirement?.description ?? ""
            values["kinds"] = Messages.shared.options(EvidenceKind.self, language)
            values["confidentialities"] = Messages.shared.options(Confidentiality.self, language)
            let done = Forms.query(request, "done").flatMap {
                ["asked", "answered", "accepted", "returned", "withdrawn"].contains($0) ? $0 : nil
            }
            values["notice"] =
                done.map { Messages.shared.text("request_done_" + $0, language, ["id": found.id.description]) } ?? ""
            return renderer.page(
                "request", title: found.id.description, context: context, values: values, section: "requests")
        }
        router.post("requests/:id/answer") { request, context in
            let user = try context.require(.read)
            let id = try Self.id(context)
            let form = try await MultipartForm.read(
                request: request, context: context, limit: qms.files.maximumFileSize)
            defer { form.cleanUp() }
            try Forms.verify(form.value("_csrf"), context: context)
            do {
                let evidence = try Self.evidenceIDs(form.value("evidence"))
                var newEvidence: (draft: EvidenceDraft, files: [URL], names: [String]?)?
                let title = form.value("title")?.trimmingWhitespace() ?? ""
                if !title.isEmpty || !form.files.isEmpty {
                    let draft = try EvidenceRoutes.draft(
                        from: form, user: user, today: qms.today, hasFiles: !form.files.isEmpty)
                    guard user.canLogEvidence(forProcess: draft.process) else {
                        throw EvidenceRoutes.processNotOwned(user)
                    }
                    newEvidence = (draft, form.files.map(\.url), form.files.map(\.filename))
                }
                _ = try await qms.acting(as: user.username).evidenceRequests.answer(
                    id, evidence: evidence, note: form.value("note"), newEvidence: newEvidence)
            } catch let error as any QMSError where error.kind != .damaged && error.kind != .unavailable {
                throw RejectedForm(error: error, values: form.fields)
            }
            return Response.redirect(to: "/requests/\(id)?done=answered", type: .normal)
        }
        router.post("requests/:id/accept") { request, context in
            try await step(request, context, done: "accepted") { service, id, _ in _ = try await service.accept(id) }
        }
        router.post("requests/:id/return") { request, context in
            try await step(request, context, done: "returned") { service, id, form in
                _ = try await service.sendBack(id, comment: form.comment ?? "")
            }
        }
        router.post("requests/:id/withdraw") { request, context in
            try await step(request, context, done: "withdrawn") { service, id, form in
                _ = try await service.withdraw(id, reason: form.reason)
            }
        }
    }

    /// The ask form, on the list of requests or on an engagement's page.
    private func ask(_ request: Request, _ context: WebContext, engagement: EngagementID?) async throws -> Response {
        let user = try context.require(.recordAudits)
        let form = try await Forms.decode(AskForm.self, from: request)
        try Forms.verify(form._csrf, context: context)
        let asked = try await qms.acting(as: user.username).evidenceRequests.ask(
            EvidenceRequestInput(
                engagement: engagement?.description, audit: engagement == nil ? form.audit : nil,
                requirement: form.requirement, sample: form.sample, owner: form.owner, due: form.due))
        return Response.redirect(to: "/requests/\(asked.id)?done=asked", type: .normal)
    }

    /// The auditor's steps: the form's token checked, the step taken as the reader, back to the request.
    private func step(
        _ request: Request, _ context: WebContext, done: String,
        _ take: (EvidenceRequestService, EvidenceRequestID, StepForm) async throws -> Void
    ) async throws -> Response {
        let user = try context.require(.read)
        let id = try Self.id(context)
        let form = try await Forms.decode(StepForm.self, from: request)
        try Forms.verify(form._csrf, context: context)
        try await take(qms.acting(as: user.username).evidenceRequests, id, form)
        return Response.redirect(to: "/requests/\(id)?done=\(done)", type: .normal)
    }

    /// The JSON API.
    func registerAPI(on router: RouterGroup<WebContext>) {
        let api = router.add(middleware: RequireTokenMiddleware())
        api.get("evidence-requests") { request, context -> Response in
            let user = try context.require(.read)
            var filter = EvidenceRequestFilter(
                owner: APIRoutes.parameter(request, "owner"), requestedBy: APIRoutes.parameter(request, "requested-by"))
            if let text = APIRoutes.parameter(request, "engagement") {
                do { filter.engagement = try EngagementID(parsing: text) } catch {
                    throw DomainError.invalidValue(field: "engagement", value: text, expected: .format("ENG-YYYY-NN"))
                }
            }
            if let text = APIRoutes.parameter(request, "status") {
                guard let status = EvidenceRequestStatus(rawValue: text) else {
                    throw DomainError.invalidValue(
                        field: "status", value: text, expected: .format("open|answered|accepted|returned|withdrawn"))
                }
                filter.status = status
            }
            return try APIRoutes.json(try await qms.evidenceRequests.visible(to: user, filter))
        }
        api.post("evidence-requests") { request, context -> Response in
            let user = try context.require(.recordAudits)
            let input = try await APIRoutes.decode(NewRequest.self, request)
            let asked = try await qms.acting(as: user.username).evidenceRequests.ask(
                EvidenceRequestInput(
                    engagement: input.engagement, audit: input.audit, requirement: input.requirement,
                    sample: input.sample, owner: input.owner, due: input.due))
            return try APIRoutes.json(asked, status: .created)
        }
        api.get("evidence-requests/:id") { _, context -> Response in
            let user = try context.require(.read)
            return try APIRoutes.json(try await readable(context, user))
        }
        api.post("evidence-requests/:id/answer") { request, context -> Response in
            let user = try context.require(.read)
            let id = try Self.id(context)
            let input = try await APIRoutes.decode(NewAnswer.self, request)
            var ids: [EvidenceID] = []
            for text in input.evidence {
                do { ids.append(try EvidenceID(parsing: text)) } catch {
                    throw DomainError.invalidValue(field: "evidence", value: text, expected: .format("EV-YYYY-NNNN"))
                }
            }
            return try APIRoutes.json(
                try await qms.acting(as: user.username).evidenceRequests.answer(id, evidence: ids, note: input.note))
        }
        api.post("evidence-requests/:id/accept") { _, context -> Response in
            let user = try context.require(.read)
            return try APIRoutes.json(
                try await qms.acting(as: user.username).evidenceRequests.accept(try Self.id(context)))
        }
        api.post("evidence-requests/:id/return") { request, context -> Response in
            let user = try context.require(.read)
            let input = try await APIRoutes.decode(NewComment.self, request)
            return try APIRoutes.json(
                try await qms.acting(as: user.username).evidenceRequests.sendBack(
                    try Self.id(context), comment: input.comment))
        }
        api.post("evidence-requests/:id/withdraw") { request, context -> Response in
            let user = try context.require(.read)
            let input = try await APIRoutes.decode(NewReason.self, request)
            return try APIRoutes.json(
                try await qms.acting(as: user.username).evidenceRequests.withdraw(
                    try Self.id(context), reason: input.reason))
        }
    }

    struct NewRequest: Decodable {
        var engagement: String?
        var audit: String?
        var requirement: String?
        var sample: String?
        var owner: String?
        var due: String
    }

    struct NewAnswer: Decodable {
        var evidence: [String]
        var note: String?
    }

    struct NewComment: Decodable {
        var comment: String
    }

    struct NewReason: Decodable {
        var reason: String?
    }

    /// The request named by the path, refused to an engagement account outside its engagements.
    private func readable(_ context: WebContext, _ user: User) async throws -> EvidenceRequest {
        let found = try await qms.evidenceRequests.get(try Self.id(context))
        guard try await qms.evidenceRequests.mayRead(found, user) else {
            throw HTTPError(.forbidden, message: Messages.shared.text("engagement_outside_scope", context.language))
        }
        return found
    }

    static func id(_ context: WebContext) throws -> EvidenceRequestID {
        let text = context.parameters.get("id") ?? ""
        do { return try EvidenceRequestID(parsing: text) } catch {
            throw DomainError.invalidValue(field: "id", value: text, expected: .format("ER-YYYY-NNNN"))
        }
    }

    /// Evidence identifiers typed in one field, separated by commas, spaces or new lines.
    static func evidenceIDs(_ text: String?) throws(DomainError) -> [EvidenceID] {
        let parts = (text ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0.isNewline })
        var ids: [EvidenceID] = []
        for part in parts {
            do { ids.append(try EvidenceID(parsing: String(part))) } catch {
                throw .invalidValue(field: "evidence", value: String(part), expected: .format("EV-YYYY-NNNN"))
            }
        }
        return ids
    }

    /// A request's values for lists and its page.
    static func row(_ request: EvidenceRequest, _ context: WebContext, today: CalendarDate) -> [String: Any] {
        let format = NumberFormatting(context.locale)
        let content = request.content
        return [
            "id": request.id.description, "engagement": content.engagement?.description ?? "",
            "audit": content.audit?.description ?? "", "requirement": content.requirement?.description ?? "",
            "sample": content.sample ?? "", "owner": content.owner, "requestedBy": request.requestedBy,
            "due": format.date(content.due), "overdue": !request.status.isDone && content.due < today,
            "status": request.status.rawValue, "statusText": Messages.shared.term(request.status, context.language),
        ]
    }
}
