import Foundation
import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices
import QMSStore

/// The evidence log: the register with filters, a record with its revisions, the upload form.
struct EvidenceRoutes {
    let qms: QMS
    let renderer: Renderer

    /// The register's columns; the store sorts, searches and pages it (it may hold 100,000 records).
    static func table(_ language: Language) -> RegisterTable<EvidenceRecord> {
        func text(_ key: String) -> String { Messages.shared.text(key, language) }
        let sorted: [(String, String)] = [
            ("id", "id"), ("title", "title"), ("kind", "kind"), ("owner", "owner"), ("process", "process"),
            ("status", "status"), ("effective", "effective"), ("valid-until", "valid_until"),
        ]
        return RegisterTable(
            path: "/evidence",
            columns: sorted.map { TableColumn($0.0, text($0.1), sortedByStore: true) }
                + [TableColumn("requirements", text("requirements"))],
            searchText: { _ in [] })
    }

    struct WithdrawForm: Decodable {
        var _csrf: String?
        var reason: String?
    }

    func register(on router: RouterGroup<WebContext>) {
        router.get("evidence") { request, context in
            let user = try context.require(.read)
            let language = context.language
            let locale = context.locale
            var filter = EvidenceFilter()
            if let text = Forms.query(request, "requirement") { filter.requirement = try RequirementKey(parsing: text) }
            if let text = Forms.query(request, "status") { filter.status = EvidenceStatus(rawValue: text) }
            filter.owner = Forms.query(request, "owner")
            filter.process = Forms.query(request, "process")
            // A page of the register, searched, sorted and cut in SQL: a register of 100,000 is never
            // read whole.
            let query = TableQuery(request, filters: ["requirement", "status", "owner", "process"])
            filter.text = query.search.isEmpty ? nil : query.search
            filter.sort = query.sort.flatMap { EvidenceSort(rawValue: $0) }
            filter.descending = query.descending
            filter.limit = RegisterTable<EvidenceRecord>.pageSize
            filter.offset = (query.page - 1) * RegisterTable<EvidenceRecord>.pageSize
            // An engagement account's register holds only its scope's records.
            filter.ids = try await qms.engagements.evidenceInScope(for: user)
            let (records, total) = try await qms.evidence.page(filter)
            // The state the compliance matrix sees (a current record past its end date is expired).
            let today = qms.today
            let rows: [[String: Any]] = records.map { record in
                [
                    "id": record.id.description, "revision": record.revision, "title": record.content.title,
                    "kind": Messages.shared.term(record.content.kind, language), "owner": record.content.owner,
                    "process": record.content.process ?? "", "status": record.validity.state(on: today).rawValue,
                    "statusText": Messages.shared.term(record.validity.state(on: today), language),
                    "effective": NumberFormatting(locale).date(record.content.effectiveFrom),
                    "validUntil": NumberFormatting(locale).date(record.content.validUntil),
                    "requirements": record.content.requirements.map(\.description),
                ]
            }
            let table = Self.table(language).context(
                rows: rows, total: total, page: query.page, query: query, locale: locale)
            return renderer.page(
                "evidence-list", title: Messages.shared.text("evidence_title", language), context: context,
                values: [
                    "table": table, "filterStatus": filter.status?.rawValue ?? "",
                    "filterRequirement": filter.requirement?.description ?? "", "filterOwner": filter.owner ?? "",
                    "filterProcess": filter.process ?? "",
                ], section: "evidence")
        }
        router.get("evidence/new") { request, context in
            let user = try context.require(.logEvidence)
            return renderer.page(
                "evidence-new", title: Messages.shared.text("new_evidence", context.language), context: context,
                values: [
                    "picker": RequirementPicker.values(
                        choices: try await qms.catalogues.requirementChoices(),
                        picked: Forms.query(request, "requirement").map { [$0] } ?? [], context.language),
                    "today": qms.today.description,
                    "owner": context.personal(.displayName, user.displayName),
                    "ownProcesses": context.personal(.processes, user.processes.joined(separator: ", ")),
                    "kinds": EvidenceKind.allCases.map {
                        ["value": $0.rawValue, "label": Messages.shared.term($0, context.language)]
                    },
                    "levels": Confidentiality.allCases.map {
                        [
                            "value": $0.rawValue, "label": Messages.shared.term($0, context.language),
                            "selected": $0 == .internal,
                        ]
                    },
                ], section: "evidence")
        }
        router.post("evidence") { request, context in
            let user = try context.require(.logEvidence)
            let form = try await MultipartForm.read(
                request: request, context: context, limit: qms.files.maximumFileSize)
            defer { form.cleanUp() }
            try Forms.verify(form.value("_csrf"), context: context)
            let kept = KeptUploads()
            // Files kept from a refused try count as attached unless new ones are chosen.
            let token = form.files.isEmpty ? form.value("kept_upload") : nil
            let claimed = token.flatMap { kept.claim($0, owner: user.username) }
            let files = claimed?.urls ?? form.files.map(\.url)
            let names = claimed?.names ?? form.files.map(\.filename)
            do {
                let draft = try Self.draft(from: form, user: user, today: qms.today, hasFiles: !files.isEmpty)
                guard user.canLogEvidence(forProcess: draft.process) else {
                    // Refused like any other field, so that the form comes back with what was typed.
                    throw Self.processNotOwned(user)
                }
                let record = try await qms.acting(as: user.username).evidence.add(draft, files: files, names: names)
                if let token, claimed != nil { kept.release(token) }
                return Response.redirect(to: "/evidence/\(record.id)", type: .normal)
            } catch let error as any QMSError where error.kind != .damaged && error.kind != .unavailable {
                var values = form.fields
                if claimed != nil, let token {
                    values["kept_upload"] = [token]
                    values["kept_names"] = names
                } else if !form.files.isEmpty, let keeping = try? kept.keep(form.files, owner: user.username) {
                    values["kept_upload"] = [keeping.token]
                    values["kept_names"] = keeping.names
                }
                throw RejectedForm(error: error, values: values)
            }
        }
        router.get("evidence/:id") { _, context in
            let user = try context.require(.read)
            let language = context.language
            let locale = context.locale
            let id = try EvidenceID(parsing: context.parameters.get("id") ?? "")
            let revisions = try await qms.evidence.revisions(id)
            if let latest = revisions.last {
                let decision = try await context.requireInEngagement(.evidence(latest.content), qms: qms)
                try await qms.engagements.recordView(by: user, record: "evidence:\(id)", under: decision)
            }
            let today = qms.today
            let rows: [[String: Any]] = revisions.reversed().map { record in
                let content = record.content
                let state = record.validity.state(on: today)
                return [
                    "revision": record.revision, "status": state.rawValue,
                    "statusText": Messages.shared.term(state, language), "title": content.title,
                    "description": content.description ?? "",
                    "kind": Messages.shared.term(content.kind, language),
                    "owner": content.owner, "process": content.process ?? "", "location": content.location,
                    "effective": NumberFormatting(locale).date(content.effectiveFrom)
                        + (content.effectiveTo.map { " – " + NumberFormatting(locale).date($0) } ?? ""),
                    "collected": NumberFormatting(locale).date(content.collectedOn),
                    "validUntil": NumberFormatting(locale).date(content.validUntil),
                    "reviewDue": NumberFormatting(locale).date(content.reviewDue),
                    "confidentiality": Messages.shared.term(content.confidentiality, language),
                    "link": content.link ?? "", "tags": content.tags.joined(separator: ", "),
                    "requirements": content.requirements.map {
                        ["key": $0.description, "path": "/catalogue/\($0.standard)/\($0.number)"]
                    },
                    "recorded": "\(record.recordedAt) · \(record.recordedBy)",
                    "withdrawnReason": record.withdrawnReason ?? "",
                    "files": record.files.enumerated().map { index, file in
                        [
                            "name": file.originalName, "size": NumberFormatting(locale).integer(Int(file.size)),
                            "sha256": file.sha256,
                            "path": "/evidence/\(id)/files/\(record.revision)/\(index + 1)",
                            "mediaType": file.mediaType,
                        ]
                    },
                ]
            }
            let latest = revisions.last
            return renderer.page(
                "evidence-show", title: "\(id) \(latest?.content.title ?? "")", context: context,
                values: [
                    "id": id.description, "revisions": rows,
                    "canWithdraw": (context.user?.can(.manageQuality) ?? false) && latest?.status != .withdrawn,
                ], section: "evidence")
        }
        router.get("evidence/:id/files/:revision/:index") { _, context in
            let user = try context.require(.read)
            let id = try EvidenceID(parsing: context.parameters.get("id") ?? "")
            guard let revisionNumber = context.parameters.get("revision", as: Int.self),
                let index = context.parameters.get("index", as: Int.self)
            else { throw HTTPError(.notFound) }
            let revisions = try await qms.evidence.revisions(id)
            guard let record = revisions.first(where: { $0.revision == revisionNumber }), index >= 1,
                index <= record.files.count
            else { throw HTTPError(.notFound) }
            let file = record.files[index - 1]
            if record.content.confidentiality == .restricted, !(context.user?.can(.manageQuality) ?? false),
                context.user?.role != .auditor
            {
                throw HTTPError(.forbidden)
            }
            // Each view of a file by an auditor is recorded; an engagement account's must be in scope.
            let decision = try await context.requireInEngagement(.evidence(record.content), qms: qms)
            try await qms.engagements.recordView(
                by: user, record: "evidence:\(id) revision \(record.revision)", file: file.originalName,
                sha256: file.sha256, under: decision)
            return try Self.download(file, from: qms.files)
        }
        router.post("evidence/:id/withdraw") { request, context in
            let user = try context.require(.manageQuality)
            let form = try await Forms.decode(WithdrawForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let id = try EvidenceID(parsing: context.parameters.get("id") ?? "")
            try await qms.acting(as: user.username).evidence.withdraw(id, reason: form.reason ?? "")
            return Response.redirect(to: "/evidence/\(id)", type: .normal)
        }
    }

    /// Streams a stored file to the client in chunks; the name is sent as an attachment, never trusted as a path.
    static func download(_ file: EvidenceFile, from store: any FileStore) throws -> Response {
        guard store.contains(file.sha256) else { throw HTTPError(.notFound, message: "the stored file is missing") }
        let reader = try store.open(file.sha256)
        let body = ResponseBody { writer in
            defer { reader.close() }
            while let chunk = try reader.nextChunk() { try await writer.write(ByteBuffer(bytes: chunk)) }
            try await writer.finish(nil)
        }
        let safeName = file.originalName.replacingOccurrences(of: "\"", with: "'")
        return Response(
            status: .ok,
            headers: [
                .contentType: file.mediaType, .contentLength: String(file.size),
                .contentDisposition:
                    "attachment; filename=\"\(safeName.asciiFallback)\"; filename*=UTF-8''\(safeName.addingPercentEncodingForQuery)",
            ], body: body)
    }

    /// The draft the upload form describes.
    /// A process owner's refusal to log evidence for a process not theirs, naming theirs.
    static func processNotOwned(_ user: User) -> DomainError {
        .ruleViolated(
            .evidenceRequestProcessNotOwned, ["processes": .text(user.processes.joined(separator: ", "))],
            fix: .give(["process"]))
    }

    static func draft(from form: MultipartForm, user: User, today: CalendarDate, hasFiles: Bool) throws
        -> EvidenceDraft
    {
        let input = EvidenceInput(
            title: form.value("title"), description: form.value("description"), kind: form.value("kind"),
            link: form.value("link"), owner: form.value("owner"), process: form.value("process"),
            location: form.value("location"), effective: form.value("effective"),
            effectiveTo: form.value("effective_to"), collected: form.value("collected"),
            validUntil: form.value("valid_until"), reviewDue: form.value("review_due"),
            confidentiality: form.value("confidentiality"), status: form.value("draft") != nil ? "draft" : nil,
            requirements: form.values("requirements"), tags: form.value("tags").map { [$0] } ?? [],
            hasFiles: hasFiles)
        return try input.draft(owner: user.displayName, today: today)
    }
}

extension String {
    /// ASCII characters only, for the plain `filename=` of Content-Disposition.
    var asciiFallback: String {
        String(unicodeScalars.map { $0.isASCII && $0.value >= 0x20 ? Character($0) : "_" })
    }
}
