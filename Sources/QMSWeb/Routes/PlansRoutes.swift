import Foundation
import Hummingbird
import QMSCore
import QMSDossier
import QMSFormats
import QMSPresentation
import QMSServices
import QMSStore

/// The plans: every annual work plan, and the review page the Technical Committee works on (the
/// plan tree, activities by output with quarters and budget, totals per funding source, the
/// delivery chart, comments per activity, the decision form and the difference between versions).
/// Everyone who may read sees them; the steps need `manage-plans`, `comment-plans` or
/// `decide-plans`, and every rule stays in `QMSServices`.
struct PlansRoutes {
    let qms: QMS
    let renderer: Renderer
    /// The deployment's IATI organisation identifier, for exports that name none and an
    /// organisation that stores none.
    var iatiDefaultReference: String? = nil

    struct CommentForm: Decodable, CSRFForm {
        var _csrf: String?
        var activity: String?
        var text: String?
    }

    struct DecisionForm: Decodable, CSRFForm {
        var _csrf: String?
        var decision: String?
        var minutes: String?
    }

    struct ExpenseForm: Decodable, CSRFForm {
        var _csrf: String?
        var activity: String?
        var amount: String?
        var date: String?
        var reference: String?
        var source: String?
        var kind: String?
        var recipient: String?
    }

    struct SubmitForm: Decodable, CSRFForm {
        var _csrf: String?
    }

    func register(on router: RouterGroup<WebContext>) {
        router.get("plans") { _, context in
            _ = try context.require(.read)
            let language = context.language
            let locale = context.locale
            let rows: [[String: Any]] = try await qms.plans.list().map { listing in
                [
                    "awp": listing.awp.description, "project": Self.text(listing.project, language),
                    "year": NumberFormatting(locale).year(listing.year),
                    "version": NumberFormatting(locale).integer(listing.latestVersion),
                    "status": Self.status(listing.status, language), "statusClass": listing.status.rawValue,
                    "activities": NumberFormatting(locale).integer(listing.activities),
                    "planned": Self.money(listing.planned, locale), "spent": Self.money(listing.spent, locale),
                    "delivery": NumberFormatting(locale).percent(
                        basisPoints: Self.basisPoints(listing.spent, of: listing.planned)),
                ]
            }
            return renderer.page(
                "plans", title: Messages.shared.text("plans_title", language), context: context,
                values: ["plans": rows], section: "plans")
        }
        router.get("plans/import") { request, context in
            _ = try context.require(.managePlans)
            // The plan a new version is for: from its page's link, or from the form sent again.
            let text = Forms.query(request, "plan") ?? context.refill?.values["plan"]?.first
            var values: [String: Any] = [
                "limit": NumberFormatting(context.locale).integer(Int(qms.files.maximumFileSize / 1_048_576))
            ]
            if let text, !text.isEmpty {
                let plan = try PlanID(text)
                guard let listing = try await qms.plans.list().first(where: { $0.awp == plan }) else {
                    throw DomainError.notFound(kind: .annualWorkPlan, id: plan.description, hint: .lookUp(.plan))
                }
                values["plan"] = plan.description
                values["forPlan"] = Messages.shared.text(
                    "plans_upload_for", context.language,
                    [
                        "awp": Bidi.isolate(plan.description),
                        "project": Bidi.isolate(Self.text(listing.project, context.language)),
                    ])
            }
            return renderer.page(
                "plan-import", title: Messages.shared.text("plans_upload_title", context.language), context: context,
                values: values, section: "plans")
        }
        router.post("plans/import") { request, context in
            let user = try context.require(.managePlans)
            let form = try await MultipartForm.read(
                request: request, context: context, limit: qms.files.maximumFileSize)
            defer { form.cleanUp() }
            try Forms.verify(form.value("_csrf"), context: context)
            let kept = KeptUploads()
            let upload = form.files.first { $0.field == "file" }
            // A file chosen again replaces the one kept from the refused try; without one, the kept
            // file is the upload.
            let token = form.value("kept_upload")
            let claimed = upload == nil ? token.flatMap { kept.claim($0, owner: user.username) } : nil
            let sent: (url: URL, name: String)? =
                upload.map { ($0.url, $0.filename) }
                ?? claimed.flatMap { files in
                    files.urls.first.flatMap { url in files.names.first.map { (url, $0) } }
                }
            do {
                guard let sent else {
                    // A token that brings no file has expired (or never was): the file is asked again.
                    throw token == nil ? WebInputError.choose(field: "file") : WebInputError.keptUploadGone
                }
                if upload != nil, let token { kept.release(token) }
                let expected = try form.value("plan").map { try PlanID($0) }
                // The one import of `eqms plan import`, on a file named as the reader named it: the
                // service knows the format by its extension and names it in every message. A kept
                // file is copied, so that it stays kept if this try is refused too.
                let name = Self.uploadName(sent.name)
                let place = form.folder.appendingPathComponent("plan-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: place, withIntermediateDirectories: true)
                let file = place.appendingPathComponent(name)
                try FileManager.default.copyItem(at: sent.url, to: file)
                let report = try await qms.acting(as: user.username).plans.importFile(
                    file, named: name, expected: expected)
                if claimed != nil, let token { kept.release(token) }
                return Response.redirect(
                    to: "/plans/\(report.awp)?version=\(report.version)&done=imported", type: .normal)
            } catch let error as any QMSError where error.kind != .damaged && error.kind != .unavailable {
                var values = form.fields
                values["kept_upload"] = nil
                let format = NumberFormatting(context.locale)
                if claimed != nil, let token, let sent {
                    values["kept_upload"] = [token]
                    values["kept_names"] = [Self.keptLabel(sent.name, size: Self.size(of: sent.url), format)]
                } else if let upload, let keeping = try? kept.keep([upload], owner: user.username) {
                    values["kept_upload"] = [keeping.token]
                    values["kept_names"] = [Self.keptLabel(upload.filename, size: upload.size, format)]
                }
                throw RejectedForm(error: error, values: values)
            }
        }
        router.get("plans/:awp") { request, context in
            _ = try context.require(.read)
            let awp = try PlanID(context.parameters.get("awp") ?? "")
            let version = try Self.version(Forms.query(request, "version"))
            let details = try await qms.plans.details(awp, version: version)
            let expenditures = try await qms.expenditure.list(awp)
            var values = Self.review(details, expenditures: expenditures, context: context)
            values["notice"] =
                Self.notice(
                    Forms.query(request, "done"), details, activity: Forms.query(request, "activity"), context) ?? ""
            values["quarterChoices"] = Self.quarterChoices(
                year: details.version.planSet.workPlan.year, today: qms.today, context.locale)
            // The IATI form offers the identifier the export would take without one.
            values["iatiRef"] = try await qms.organisation.get()?.iatiReference ?? iatiDefaultReference ?? ""
            return renderer.page(
                "plan", title: "\(awp) · \(Self.text(details.version.planSet.workPlan.project, context.language))",
                context: context, values: values, section: "plans")
        }
        router.get("plans/:awp/report") { request, context in
            _ = try context.require(.read)
            let awp = try PlanID(context.parameters.get("awp") ?? "")
            let version = try Self.version(Forms.query(request, "version"))
            let summary = try await qms.plans.report(awp, version: version)
            return renderer.page(
                "plan-report", title: Messages.shared.text("plans_report_title", context.language) + " · \(awp)",
                context: context, values: Self.report(summary, context: context), section: "plans")
        }
        router.get("plans/:awp/report/workbook") { request, context in
            _ = try context.require(.read)
            let awp = try PlanID(context.parameters.get("awp") ?? "")
            let version = try Self.version(Forms.query(request, "version"))
            let summary = try await qms.plans.report(awp, version: version)
            let language = context.language
            let data = try AWPReportWorkbook.write(summary, language: language) {
                Messages.shared.text($0, language)
            }
            let name = "\(awp)-v\(summary.version)-report-\(language.rawValue).xlsx"
            return Response(
                status: .ok,
                headers: [
                    .contentType: Self.mediaType(.xlsx), .contentDisposition: "attachment; filename=\"\(name)\"",
                    .cacheControl: "no-store",
                ],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.get("plans/:awp/quarterly") { request, context in
            _ = try context.require(.read)
            let awp = try PlanID(context.parameters.get("awp") ?? "")
            let version = try Self.version(Forms.query(request, "version"))
            let quarter = try Quarter(parsing: Forms.query(request, "quarter") ?? "")
            let format = try RegisterForm.choice(
                ReportFileFormat.self, Forms.query(request, "format") ?? "html", field: "format (html or pdf)")
            let progress = try await qms.plans.quarterly(awp, quarter: quarter, version: version)
            let language = context.language
            let html = try QuarterlyReport.html(
                progress, language: language, organisation: try await qms.organisation.get(), prepared: qms.today)
            let name = QuarterlyReport.fileName(progress, language: language, extension: format.rawValue)
            guard format == .pdf else { return DocumentResponse.html(html, name: name) }
            return try DocumentResponse.pdf(name: name) { try QuarterlyReport.pdf(html, to: $0) }
        }
        router.get("plans/:awp/diff") { request, context in
            _ = try context.require(.read)
            let language = context.language
            let locale = context.locale
            let awp = try PlanID(context.parameters.get("awp") ?? "")
            guard let from = try Self.version(Forms.query(request, "from")),
                let to = try Self.version(Forms.query(request, "to"))
            else { throw WebInputError.chooseVersions }
            let diff = try await qms.plans.diff(awp, from: from, to: to)
            // Titles of both versions, the later winning: a changed or removed activity is named too.
            var titles: [ActivityCode: LocalizedText] = [:]
            for number in [from, to] {
                for activity in try await qms.plans.version(awp, version: number).planSet.workPlan.activities {
                    titles[activity.code] = activity.title
                }
            }
            return renderer.page(
                "plan-diff", title: "\(awp) · \(Messages.shared.text("plans_diff", language))", context: context,
                values: Self.diff(diff, locale, titles: titles), section: "plans")
        }
        router.get("plans/:awp/export") { request, context in
            _ = try context.require(.read)
            let awp = try PlanID(context.parameters.get("awp") ?? "")
            let version = try Self.version(Forms.query(request, "version"))
            let format = try RegisterForm.choice(
                PlanFileFormat.self, Forms.query(request, "format") ?? "xlsx", field: "format (xml, csv, xlsx or iati)")
            let grouping = try RegisterForm.choice(
                IATIActivityGrouping.self, Forms.query(request, "activity-per") ?? "plan",
                field: "activity-per (plan or output)")
            let reference = Forms.query(request, "org-ref")
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eqms-plan-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("\(awp).\(Self.fileExtension(format))")
            let report = try await qms.plans.export(
                awp, version: version, format: format, to: file,
                iati: IATIExportSettings(
                    organisationReference: reference, defaultReference: iatiDefaultReference, grouping: grouping))
            let data = try Data(contentsOf: file)
            let name =
                format == .iati
                ? "\(awp)-v\(report.version)-iati.xml" : "\(awp)-v\(report.version).\(format.rawValue)"
            return Response(
                status: .ok,
                headers: [
                    .contentType: Self.mediaType(format), .contentDisposition: "attachment; filename=\"\(name)\"",
                    .cacheControl: "no-store",
                ],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.post("plans/:awp/submit") { request, context in
            let user = try context.require(.managePlans)
            let form = try await Forms.decode(SubmitForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let awp = try PlanID(context.parameters.get("awp") ?? "")
            try await qms.acting(as: user.username).workPlanReview.submit(awp)
            return Response.redirect(to: "/plans/\(awp)", type: .normal)
        }
        router.post("plans/:awp/comments") { request, context in
            let user = try context.require(.commentPlans)
            let form = try await Forms.decode(CommentForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let awp = try PlanID(context.parameters.get("awp") ?? "")
            let activity = try ActivityCode(form.activity ?? "")
            try await qms.acting(as: user.username).workPlanReview.comment(
                awp, activity: activity, text: form.text ?? "")
            // To the top of the page, where the notice is: an anchor further down would hide it.
            return Response.redirect(to: "/plans/\(awp)?done=commented&activity=\(activity)", type: .normal)
        }
        router.post("plans/:awp/decision") { request, context in
            let user = try context.require(.decidePlans)
            let form = try await Forms.decode(DecisionForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let awp = try PlanID(context.parameters.get("awp") ?? "")
            let decision = try RegisterForm.choice(AWPDecisionKind.self, form.decision, field: "decision")
            let locale = context.locale
            // The approval's evidence record is written in the language the member decided in.
            try await qms.acting(as: user.username).workPlanReview.decide(
                awp, decision, minutes: form.minutes ?? "", wording: { Self.approvalWording($0, locale) })
            return Response.redirect(to: "/plans/\(awp)?done=decided", type: .normal)
        }
        router.post("plans/:awp/expenses") { request, context in
            let user = try context.require(.managePlans)
            let form = try await Forms.decode(ExpenseForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let awp = try PlanID(context.parameters.get("awp") ?? "")
            let listing = try await qms.plans.list().first { $0.awp == awp }
            guard let listing else {
                throw DomainError.notFound(kind: .annualWorkPlan, id: awp.description, hint: .lookUp(.plan))
            }
            let draft = ExpenditureDraft(
                activity: try ActivityCode(form.activity ?? ""),
                amount: try Money(parsing: form.amount ?? "", currency: listing.currency),
                date: try RegisterForm.requiredDay(form.date, field: "date"), reference: form.reference ?? "",
                source: try RegisterForm.text(form.source).map { try PlanCode($0, field: "funding source") },
                kind: RegisterForm.text(form.kind) == nil
                    ? .expenditure : try RegisterForm.choice(ExpenditureKind.self, form.kind, field: "kind"),
                recipient: form.recipient)
            try await qms.acting(as: user.username).expenditure.add(awp, draft)
            return Response.redirect(to: "/plans/\(awp)#expenditure", type: .normal)
        }
    }

    // MARK: Page values

    /// The notice a `?done=` after an action asks for, in the page's language, shown once on the
    /// page the action leads to: what the import made (its version and number of activities, read
    /// from the version shown), the comment recorded, or the decision taken (the latest).
    static func notice(_ done: String?, _ details: AWPDetails, activity: String?, _ context: WebContext) -> String? {
        let language = context.language
        let stored = details.version
        switch done {
        case "commented":
            guard let code = activity.flatMap({ try? ActivityCode($0) }),
                stored.planSet.workPlan.activity(code) != nil
            else { return nil }
            return Messages.shared.text("plans_done_commented", language, ["activity": Bidi.isolate(code.description)])
        case "decided":
            guard let decision = details.decisions.last else { return nil }
            let version = NumberFormatting(context.locale).integer(decision.version)
            switch decision.decision {
            case .approve:
                guard let evidence = decision.evidence else {
                    return Messages.shared.text("plans_done_approved", language, ["version": version])
                }
                return Messages.shared.text(
                    "plans_done_approved_evidence", language,
                    ["version": version, "evidence": Bidi.isolate(evidence.description)])
            case .revise:
                return Messages.shared.text("plans_done_revised", language, ["version": version])
            }
        case "imported":
            return Messages.shared.plural(
                "plans_done_imported", count: stored.planSet.workPlan.activities.count, language,
                format: context.locale,
                [
                    "awp": Bidi.isolate(stored.awp.description),
                    "version": NumberFormatting(context.locale).integer(stored.version),
                    "file": Bidi.isolate(stored.sourceFile),
                ])
        default: return nil
        }
    }

    /// The title and description of an approval's evidence record in `locale`'s language and
    /// digits, naming the member who decided.
    static func approvalWording(_ approval: AWPApproval, _ locale: PresentationLocale) -> EvidenceWording {
        let language = locale.language
        let format = NumberFormatting(locale)
        let member = "\(approval.decidedByName) (\(approval.decidedBy))"
        return EvidenceWording(
            title: Messages.shared.text(
                "plans_evidence_title", language,
                ["awp": approval.awp.description, "version": format.integer(approval.version), "member": member]),
            description: Messages.shared.text(
                "plans_evidence_description", language,
                [
                    "minutes": approval.minutes, "member": member, "project": text(approval.project, language),
                    "activities": format.integer(approval.activities), "lines": format.integer(approval.budgetLines),
                    "planned": money(approval.planned, locale),
                ]))
    }

    /// A kept file as the form shows it: its name and its size, in the page's digits.
    static func keptLabel(_ name: String, size: Int64, _ format: NumberFormatting) -> String {
        "\(uploadName(name)) (\(format.bytes(size)))"
    }

    /// The size of a file on disk, 0 when it cannot be read.
    static func size(of url: URL) -> Int64 {
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        return (attributes?[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// An uploaded file's name without any folder a browser may send, never empty nor hidden.
    static func uploadName(_ filename: String) -> String {
        let last = filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(last.filter { !$0.isNewline && $0 != "\u{0}" }).trimmingWhitespace()
        guard !cleaned.isEmpty, cleaned != ".", cleaned != ".." else { return "upload" }
        return cleaned.hasPrefix(".") ? "upload" + cleaned : cleaned
    }

    /// The values of the review page.
    static func review(_ details: AWPDetails, expenditures: [Expenditure], context: WebContext) -> [String: Any] {
        let language = context.language
        let locale = context.locale
        let stored = details.version
        let planSet = stored.planSet
        let plan = planSet.workPlan
        let summary = details.summary
        let latest = details.versions.last?.version ?? stored.version
        let isLatest = stored.version == latest
        let inReview = isLatest && (stored.status == .submitted || stored.status == .underReview)
        let user = context.user
        let delivery = Dictionary(summary.byActivity.map { ($0.key, $0) }) { first, _ in first }
        let budget = Dictionary(grouping: plan.budgetLines, by: \.activity)
        let comments = Dictionary(grouping: details.comments, by: \.activity)

        var outputs: [[String: Any]] = []
        let outputCodes =
            planSet.outputs.map(\.code)
            + plan.activities.map(\.output).filter { code in
                !planSet.outputs.contains { $0.code == code }
            }
        var seen = Set<PlanCode>()
        for code in outputCodes where seen.insert(code).inserted {
            let output = planSet.output(code)
            let activities: [[String: Any]] = plan.activities.filter { $0.output == code }.map { activity in
                let line = delivery[activity.code.description]
                let quarters = Quarter.allCases.map { quarter in
                    ["label": quarter.description, "on": activity.quarters.quarters.contains(quarter)] as [String: Any]
                }
                return [
                    "code": activity.code.description, "title": text(activity.title, language),
                    "quarters": quarters, "responsible": activity.responsibleParty,
                    "partner": activity.implementingPartner ?? "", "process": activity.process?.rawValue ?? "",
                    "status": Messages.shared.term(activity.status, language),
                    "progress": Bidi.isolate(NumberFormatting(locale).percent(Double(activity.progress))),
                    "planned": line.map { money($0.planned, locale) } ?? "",
                    "spent": line.map { money($0.spent, locale) } ?? "",
                    "delivery": Self.deliveryText(line, locale),
                    "results": activity.results.map { NumberFormatting(locale).digits($0.text) },
                    "events": activity.events.map { NumberFormatting(locale).digits($0.text) },
                    "events_any": !activity.events.isEmpty,
                    "links": activity.links.map(\.description),
                    "budget": (budget[activity.code] ?? []).map { line in
                        [
                            "account": line.account.description, "description": line.description,
                            "source": line.source.description,
                            "quarters": line.quarters.map { money($0, locale) },
                            "amount": money(line.amount, locale),
                        ] as [String: Any]
                    },
                    "comments": (comments[activity.code] ?? []).map { comment in
                        [
                            "author": comment.author, "at": NumberFormatting(locale).time(comment.at),
                            "text": comment.text,
                        ] as [String: Any]
                    },
                ]
            }
            let line = summary.byOutput.first { $0.key == code.description }
            let phase: String = output.map { Messages.shared.term($0.phase, language) } ?? ""
            let planned: String = line.map { money($0.planned, locale) } ?? ""
            let spent: String = line.map { money($0.spent, locale) } ?? ""
            let entry: [String: Any] = [
                "code": code.description, "title": output.map { text($0.title, language) } ?? "", "phase": phase,
                "planned": planned, "spent": spent,
                "delivery": Self.deliveryText(line, locale),
                "activities": activities,
            ]
            outputs.append(entry)
        }

        var tree: [[String: Any]] = []
        if let strategic = planSet.strategicPlan {
            let progress = Dictionary(summary.kpis.map { ($0.code, $0) }) { first, _ in first }
            tree = strategic.goals.map { goal in
                [
                    "code": goal.code.description, "title": text(goal.title, language),
                    "objectives": goal.objectives.map { objective in
                        [
                            "code": objective.code.description, "title": text(objective.title, language),
                            "quality": objective.qualityObjective,
                            "outputs": planSet.outputs.filter { $0.objectives.contains(objective.code) }.map {
                                "\($0.code) \(text($0.title, language))"
                            },
                            "kpis": objective.kpis.map { kpi in
                                let line = progress[kpi.code]
                                return [
                                    "code": kpi.code.description, "title": text(kpi.title, language),
                                    "unit": kpi.unit,
                                    "baseline": NumberFormatting(locale).digits(kpi.baseline.description),
                                    "target": line?.target.map {
                                        NumberFormatting(locale).periodValue($0)
                                    }
                                        ?? "",
                                    "actual": line?.actual.map {
                                        NumberFormatting(locale).periodValue($0)
                                    }
                                        ?? "",
                                    "progress": NumberFormatting(locale).percent(
                                        basisPoints: line?.progressBasisPoints),
                                ] as [String: Any]
                            },
                        ] as [String: Any]
                    },
                ]
            }
        }

        // The delivery chart: per output, the planned amount as the full bar and the spent share
        // inside it, in a 400-wide box; drawn on the server so the page needs no script.
        let chartLines = summary.byOutput
        let largest = chartLines.map(\.planned.minorUnits).max() ?? 0
        let chart: [[String: Any]] = chartLines.enumerated().map { index, line in
            let planned = largest > 0 ? Int(line.planned.minorUnits * 400 / largest) : 0
            let spent =
                line.planned.minorUnits > 0
                ? Int(min(line.spent.minorUnits, line.planned.minorUnits) * Int64(planned) / line.planned.minorUnits)
                : 0
            return [
                "label": Bidi.isolate(line.key), "y": index * 28 + 4, "textY": index * 28 + 19, "planned": planned,
                "spent": spent,
                "delivery": Bidi.isolate(NumberFormatting(locale).percent(basisPoints: line.deliveryBasisPoints)),
            ]
        }

        // Activities as the Committee knows them: a code alone says little in a plan of fifty.
        let activityChoices = plan.activities.map { activity in
            ["code": activity.code.description, "label": "\(activity.code) — \(text(activity.title, language))"]
        }
        return [
            "awp": plan.id.description, "project": text(plan.project, language),
            "year": NumberFormatting(locale).year(plan.year), "currency": plan.currency.description,
            "agreement": plan.fundingAgreement ?? "", "note": planSet.note ?? "",
            "version": NumberFormatting(locale).integer(stored.version), "versionNumber": stored.version,
            "status": status(stored.status, language), "statusClass": stored.status.rawValue,
            "isLatest": isLatest, "latest": latest,
            "versions": details.versions.map { item in
                [
                    "number": item.version, "label": NumberFormatting(locale).integer(item.version),
                    "status": status(item.status, language), "current": item.version == stored.version,
                ] as [String: Any]
            },
            "canCompare": details.versions.count > 1,
            "compareFrom": details.versions.map {
                ["number": $0.version, "selected": $0.version == max(1, latest - 1)]
            },
            "compareTo": details.versions.map { ["number": $0.version, "selected": $0.version == latest] },
            "imported":
                "\(NumberFormatting(locale).time(stored.importedAt)) · \(stored.importedBy) · \(stored.sourceFile)",
            "submitted": stored.submittedAt.map {
                "\(NumberFormatting(locale).time($0)) · \(stored.submittedBy ?? "")"
            } ?? "",
            "tree": tree, "outputs": outputs,
            "total": [
                "planned": money(summary.total.planned, locale), "spent": money(summary.total.spent, locale),
                "delivery": Self.deliveryText(summary.total, locale),
            ],
            "sources": summary.bySource.map { line in
                [
                    "source": line.key, "name": line.title.map { text($0, language) } ?? "",
                    "planned": money(line.planned, locale), "spent": money(line.spent, locale),
                    "delivery": Self.deliveryText(line, locale),
                ] as [String: Any]
            },
            "quartersTotal": summary.byQuarter.map { line in
                [
                    "quarter": line.key, "planned": money(line.planned, locale), "spent": money(line.spent, locale),
                    "delivery": Self.deliveryText(line, locale),
                ] as [String: Any]
            },
            "envelopes": envelopes(summary, locale), "results": results(summary, locale),
            "chart": chart, "chartHeight": max(1, chart.count) * 28 + 8,
            "decisions": details.decisions.map { decision in
                [
                    "version": NumberFormatting(locale).integer(decision.version),
                    "decision": Messages.shared.term(decision.decision, language),
                    "minutes": decision.minutes, "by": decision.decidedBy,
                    "at": NumberFormatting(locale).time(decision.at),
                    "evidence": decision.evidence?.description ?? "",
                ] as [String: Any]
            },
            "expenditures": expenditures.map { entry in
                [
                    "number": NumberFormatting(locale).integer(entry.number), "activity": entry.activity.description,
                    "source": entry.source.description, "date": NumberFormatting(locale).date(entry.date),
                    "amount": money(entry.amount, locale), "reference": entry.reference, "by": entry.recordedBy,
                    "kind": Messages.shared.term(entry.kind, language), "recipient": entry.recipient ?? "",
                ] as [String: Any]
            },
            "expenditureKinds": Messages.shared.options(ExpenditureKind.self, language),
            "activityChoices": activityChoices,
            "sourceCodes": planSet.financialPlan.sources.map(\.code.description),
            "canSubmit": isLatest && stored.status == .draft && (user?.can(.managePlans) ?? false),
            "canComment": inReview && (user?.can(.commentPlans) ?? false),
            "canDecide": inReview && (user?.can(.decidePlans) ?? false),
            "canSpend": user?.can(.managePlans) ?? false,
        ]
    }

    /// The values of the difference page: every row says what happened to it in words (a pill)
    /// and in colour, activities are named by code and title, and differences carry their sign.
    static func diff(_ diff: AWPDiff, _ locale: PresentationLocale, titles: [ActivityCode: LocalizedText] = [:])
        -> [String: Any]
    {
        let language = locale.language
        func kind(_ kind: BudgetChangeKind) -> [String: Any] {
            ["kind": Messages.shared.term(kind, language), "kindClass": "diff-\(kind.rawValue)"]
        }
        func brief(_ activity: ActivityBrief, _ change: BudgetChangeKind) -> [String: Any] {
            [
                "code": activity.code.description, "title": text(activity.title, language),
                "output": activity.output.description, "planned": money(activity.planned, locale),
            ].merging(kind(change)) { own, _ in own }
        }
        func changes(_ list: [FieldChange]) -> [[String: Any]] {
            list.map { ["field": $0.field, "from": $0.from, "to": $0.to] }
        }
        func title(_ code: ActivityCode) -> String { titles[code].map { text($0, language) } ?? "" }
        return [
            "awp": diff.awp.description, "from": NumberFormatting(locale).integer(diff.fromVersion),
            "to": NumberFormatting(locale).integer(diff.toVersion), "same": diff.isEmpty,
            "added": diff.activitiesAdded.map { brief($0, .added) },
            "removed": diff.activitiesRemoved.map { brief($0, .removed) },
            "changed": diff.activitiesChanged.map { change in
                [
                    "code": change.code.description, "title": title(change.code), "changes": changes(change.changes),
                ].merging(kind(.changed)) { own, _ in own }
            },
            "budget": diff.budgetChanges.map { change in
                [
                    "key": change.key.description, "activity": change.key.activity.description,
                    "title": title(change.key.activity), "from": money(change.from, locale),
                    "to": money(change.to, locale), "difference": signedMoney(change.difference, locale),
                    "changes": changes(change.changes),
                ].merging(kind(change.kind)) { own, _ in own }
            },
            "outputs": diff.outputTotals.map { total in
                [
                    "output": total.output.description, "from": money(total.from, locale),
                    "to": money(total.to, locale), "difference": signedMoney(total.difference, locale),
                    "sign": sign(total.difference),
                ] as [String: Any]
            },
            "totalFrom": money(diff.totalFrom, locale), "totalTo": money(diff.totalTo, locale),
            "totalDifference": signedMoney(diff.totalDifference, locale), "totalSign": sign(diff.totalDifference),
        ]
    }

    /// An amount with its sign written out, `+USD 1,000.00` or `−USD 1,000.00` (the minus sign,
    /// not a hyphen), for differences; zero has none.
    static func signedMoney(_ value: Money, _ locale: PresentationLocale) -> String {
        let magnitude = Int64(exactly: value.minorUnits.magnitude) ?? Int64.max
        let size = money(Money(minorUnits: magnitude, currency: value.currency), locale)
        if value.minorUnits > 0 { return "+" + size }
        if value.minorUnits < 0 { return "\u{2212}" + size }
        return size
    }

    /// The class of a difference: up, down or none.
    static func sign(_ value: Money) -> String {
        value.minorUnits > 0 ? "diff-up" : value.minorUnits < 0 ? "diff-down" : "diff-none"
    }

    // MARK: Formatting

    static func text(_ text: LocalizedText, _ language: Language) -> String { text.text(in: language) }

    static func money(_ money: Money, _ locale: PresentationLocale) -> String { NumberFormatting(locale).money(money) }

    /// A line's delivery rate and, when more was spent than planned, the overspend with its
    /// amount: a bare rate above 100 % does not say how much.
    static func deliveryText(_ line: DeliveryLine?, _ locale: PresentationLocale) -> String {
        NumberFormatting(locale).delivery(line)
    }

    /// The report page's values: the same computation as `/api/v1/plans/{awp}/report`, worded.
    static func report(_ summary: AWPSummary, context: WebContext) -> [String: Any] {
        let locale = context.locale
        let language = context.language
        let format = NumberFormatting(locale)
        func lines(_ lines: [DeliveryLine]) -> [[String: Any]] {
            lines.map { line in
                [
                    "key": line.key, "title": line.title.map { text($0, language) } ?? "",
                    "planned": money(line.planned, locale), "spent": money(line.spent, locale),
                    "delivery": deliveryText(line, locale), "over": line.overspent != nil,
                ] as [String: Any]
            }
        }
        return [
            "awp": summary.awp.description, "year": format.year(summary.year),
            "version": format.integer(summary.version), "versionNumber": summary.version,
            "status": status(summary.status, language), "statusClass": summary.status.rawValue,
            "currency": summary.currency.description,
            "total": [
                "planned": money(summary.total.planned, locale), "spent": money(summary.total.spent, locale),
                "delivery": deliveryText(summary.total, locale),
            ],
            "outside": summary.spentOutsideYear.minorUnits == 0 ? "" : money(summary.spentOutsideYear, locale),
            "byOutput": lines(summary.byOutput), "byQuarter": lines(summary.byQuarter),
            "bySource": lines(summary.bySource), "byActivity": lines(summary.byActivity),
            "envelopes": envelopes(summary, locale), "results": results(summary, locale),
            "kpis": summary.kpis.map { kpi in
                [
                    "code": kpi.code.description, "title": text(kpi.title, language), "unit": kpi.unit,
                    "baseline": format.digits(kpi.baseline.description),
                    "target": kpi.target.map(format.periodValue) ?? "",
                    "actual": kpi.actual.map(format.periodValue) ?? "",
                    "progress": Bidi.isolate(format.percent(basisPoints: kpi.progressBasisPoints)),
                ] as [String: Any]
            },
        ]
    }

    /// The financial plan's envelopes as the review and report pages show them: an exceeded
    /// envelope says by how much instead of a negative "left".
    static func envelopes(_ summary: AWPSummary, _ locale: PresentationLocale) -> [[String: Any]] {
        summary.envelopes.map { position in
            [
                "source": position.source.description, "year": NumberFormatting(locale).year(position.year),
                "envelope": money(position.envelope, locale), "committed": money(position.committed, locale),
                "outstanding": money(position.outstanding, locale),
                "planned": money(position.planned, locale), "spent": money(position.spent, locale),
                "left": position.overspent.map {
                    Messages.shared.text(
                        "plans_envelope_exceeded_by", locale.language, ["amount": money($0, locale)])
                } ?? money(position.left, locale),
                "exceeded": position.overspent != nil,
            ] as [String: Any]
        }
    }

    /// The disaggregated results, as the review and report pages show them.
    static func results(_ summary: AWPSummary, _ locale: PresentationLocale) -> [[String: Any]] {
        let format = NumberFormatting(locale)
        return summary.results.map { result in
            [
                "indicator": result.indicator, "total": format.integer(result.total),
                "women": result.women.map { format.integer($0) } ?? "",
                "youth": result.youth.map { format.integer($0) } ?? "",
                "disability": result.disability.map { format.integer($0) } ?? "",
                "activities": format.integer(result.activities),
            ] as [String: Any]
        }
    }

    static func status(_ status: AWPStatus, _ language: Language) -> String {
        Messages.shared.term(status, language)
    }

    static func basisPoints(_ spent: Money, of planned: Money) -> Int? {
        Ratio.basisPoints(spent.minorUnits, of: planned.minorUnits)
    }

    /// The quarters of the plan's year for the report's select: the last quarter ended by today is
    /// chosen (Q4 for a past year, Q1 for a year to come), since a board reads the quarter just closed.
    static func quarterChoices(year: Int, today: CalendarDate, _ locale: PresentationLocale) -> [[String: Any]] {
        let format = NumberFormatting(locale)
        let chosen: Quarter =
            today.year > year ? .q4 : today.year < year ? .q1 : Quarter(rawValue: max(1, today.quarter - 1)) ?? .q1
        return Quarter.allCases.map { quarter in
            [
                "value": quarter.description, "selected": quarter == chosen,
                "label": Messages.shared.text(
                    "q_quarter_of_year", locale.language,
                    ["quarter": format.integer(quarter.rawValue), "year": format.year(year)]),
            ]
        }
    }

    /// The quarterly report's two forms.
    enum ReportFileFormat: String, CaseIterable {
        case html
        case pdf
    }

    static func fileExtension(_ format: PlanFileFormat) -> String { format == .iati ? "xml" : format.rawValue }

    static func mediaType(_ format: PlanFileFormat) -> String {
        switch format {
        case .xml, .iati: return "application/xml"
        case .csv: return "text/csv; charset=utf-8"
        case .xlsx: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        }
    }

    static func version(_ text: String?) throws -> Int? {
        guard let text else { return nil }
        guard let number = Int(text), number > 0 else {
            throw WebInputError.versionNumber
        }
        return number
    }
}
