import Foundation
import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices

/// Certification bodies and certificates: the organisation's register and forms, a certificate's
/// page with its scope, status changes and ISO/IEC 17021-1 schedule; the same as JSON under
/// `/api/v1/certificates` and `/api/v1/certification-bodies`. Anyone who reads (auditors too)
/// sees them; quality managers add and change them.
struct CertificateRoutes {
    let qms: QMS
    let renderer: Renderer

    struct AddForm: Decodable {
        var _csrf: String?
        var number: String?
        var body: String?
        var issued: String?
        var expires: String?
        var standards: String?
        var sites: String?
        var processes: String?
        var exclusions: String?
        var audit: String?

        var input: CertificateInput {
            CertificateInput(
                number: number, body: body, issued: issued, expires: expires, standards: [standards ?? ""],
                sites: [sites ?? ""], processes: [processes ?? ""], exclusions: [exclusions ?? ""], audit: audit)
        }
    }

    struct StatusForm: Decodable {
        var _csrf: String?
        var status: String?
        var date: String?
        var reason: String?
    }

    struct TransitionForm: Decodable {
        var _csrf: String?
        var standard: String?
        var deadline: String?
        var note: String?
    }

    struct BodyForm: Decodable {
        var _csrf: String?
        var name: String?
        var accreditedBy: String?
        var accreditationNumber: String?
        var contact: String?

        enum CodingKeys: String, CodingKey {
            case _csrf, name, contact
            case accreditedBy = "accredited_by"
            case accreditationNumber = "accreditation_number"
        }

        var body: CertificationBody {
            CertificationBody(
                name: name ?? "", accreditedBy: accreditedBy, accreditationNumber: accreditationNumber,
                contact: contact)
        }
    }

    func register(on router: RouterGroup<WebContext>) {
        router.get("certificates") { _, context in
            let user = try context.require(.read)
            let language = context.language
            let rows = try await qms.certification.list().map { Self.row($0, context) }
            let bodies = try await qms.certification.bodies().map { ["name": $0.name] }
            let format = NumberFormatting(context.locale)
            let deadlines = try await qms.certification.transitionDeadlines().map {
                ["standard": $0.standard.rawValue, "deadline": format.date($0.deadline), "note": $0.note ?? ""]
            }
            return renderer.page(
                "certificates", title: Messages.shared.text("certificates_title", language), context: context,
                values: [
                    "certificates": rows, "certificates_any": !rows.isEmpty, "bodies": bodies,
                    "bodies_any": !bodies.isEmpty, "canManage": user.can(.manageQuality),
                    "today": qms.today.description, "deadlines": deadlines, "deadlines_any": !deadlines.isEmpty,
                    "newEdition": TransitionService.defaultTo,
                ], section: "certificates")
        }
        router.post("edition-transitions") { request, context in
            let user = try context.require(.manageQuality)
            let form = try await Forms.decode(TransitionForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            _ = try await qms.acting(as: user.username).certification.setTransitionDeadline(
                standard: form.standard, deadline: form.deadline, note: form.note)
            return Response.redirect(to: "/certificates#edition-transition", type: .normal)
        }
        router.post("certificates") { request, context in
            let user = try context.require(.manageQuality)
            let form = try await Forms.decode(AddForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let record = try await qms.acting(as: user.username).certification.add(form.input)
            return Response.redirect(to: "/certificates/\(Self.escaped(record.number))?done=added", type: .normal)
        }
        router.get("certificates/:number") { request, context in
            let user = try context.require(.read)
            let number = context.parameters.get("number") ?? ""
            let view = try await qms.certification.view(number)
            var values = Self.values(view, context)
            values["canManage"] = user.can(.manageQuality) && view.certificate.status != .withdrawn
            values["statuses"] = CertificateStatus.allCases.filter { $0 != view.certificate.status }.map {
                ["value": $0.rawValue, "label": Messages.shared.term($0, context.language)]
            }
            values["today"] = qms.today.description
            let done = Forms.query(request, "done").flatMap { ["added", "status"].contains($0) ? $0 : nil }
            values["notice"] = done.map { Messages.shared.text("certificate_done_" + $0, context.language) } ?? ""
            return renderer.page(
                "certificate", title: "\(view.certificate.number) \(view.certificate.body)", context: context,
                values: values, section: "certificates")
        }
        router.post("certificates/:number/status") { request, context in
            let user = try context.require(.manageQuality)
            let form = try await Forms.decode(StatusForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let number = context.parameters.get("number") ?? ""
            _ = try await qms.acting(as: user.username).certification.changeStatus(
                number, to: form.status, on: form.date, reason: form.reason)
            return Response.redirect(to: "/certificates/\(Self.escaped(number))?done=status", type: .normal)
        }
        router.get("certification-bodies") { _, context in
            let user = try context.require(.read)
            let bodies = try await qms.certification.bodies().map { body -> [String: Any] in
                [
                    "name": body.name, "accreditedBy": body.accreditedBy ?? "",
                    "accreditationNumber": body.accreditationNumber ?? "", "contact": body.contact ?? "",
                ]
            }
            return renderer.page(
                "certification-bodies", title: Messages.shared.text("certification_bodies_title", context.language),
                context: context,
                values: ["bodies": bodies, "bodies_any": !bodies.isEmpty, "canManage": user.can(.manageQuality)],
                section: "certificates")
        }
        router.post("certification-bodies") { request, context in
            let user = try context.require(.manageQuality)
            let form = try await Forms.decode(BodyForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            _ = try await qms.acting(as: user.username).certification.addBody(form.body)
            return Response.redirect(to: "/certification-bodies", type: .normal)
        }
    }

    struct NewStatus: Decodable {
        var status: String?
        var date: String?
        var reason: String?
    }

    struct NewCertificate: Decodable {
        var number: String?
        var body: String?
        var issued: String?
        var expires: String?
        var standards: [String]?
        var sites: [String]?
        var processes: [String]?
        var exclusions: [String]?
        var audit: String?
    }

    struct NewTransition: Decodable {
        var standard: String?
        var deadline: String?
        var note: String?
    }

    struct NewBody: Decodable {
        var name: String?
        var accreditedBy: String?
        var accreditationNumber: String?
        var contact: String?
    }

    /// The JSON API: anyone who reads lists and reads; quality managers add and change.
    func registerAPI(on router: RouterGroup<WebContext>) {
        let api = router.add(middleware: RequireTokenMiddleware())
        api.get("certificates") { _, context -> Response in
            _ = try context.require(.read)
            return try APIRoutes.json(try await qms.certification.list())
        }
        api.post("certificates") { request, context -> Response in
            let user = try context.require(.manageQuality)
            let input = try await APIRoutes.decode(NewCertificate.self, request)
            let record = try await qms.acting(as: user.username).certification.add(
                CertificateInput(
                    number: input.number, body: input.body, issued: input.issued, expires: input.expires,
                    standards: input.standards ?? [], sites: input.sites ?? [], processes: input.processes ?? [],
                    exclusions: input.exclusions ?? [], audit: input.audit))
            return try APIRoutes.json(record, status: .created)
        }
        api.get("certificates/:number") { _, context -> Response in
            _ = try context.require(.read)
            return try APIRoutes.json(try await qms.certification.view(context.parameters.get("number") ?? ""))
        }
        api.post("certificates/:number/status") { request, context -> Response in
            let user = try context.require(.manageQuality)
            let input = try await APIRoutes.decode(NewStatus.self, request)
            return try APIRoutes.json(
                try await qms.acting(as: user.username).certification.changeStatus(
                    context.parameters.get("number") ?? "", to: input.status, on: input.date, reason: input.reason))
        }
        api.get("edition-transitions") { _, context -> Response in
            _ = try context.require(.read)
            return try APIRoutes.json(try await qms.certification.transitionDeadlines())
        }
        api.post("edition-transitions") { request, context -> Response in
            let user = try context.require(.manageQuality)
            let input = try await APIRoutes.decode(NewTransition.self, request)
            return try APIRoutes.json(
                try await qms.acting(as: user.username).certification.setTransitionDeadline(
                    standard: input.standard, deadline: input.deadline, note: input.note))
        }
        api.get("certification-bodies") { _, context -> Response in
            _ = try context.require(.read)
            return try APIRoutes.json(try await qms.certification.bodies())
        }
        api.post("certification-bodies") { request, context -> Response in
            let user = try context.require(.manageQuality)
            let input = try await APIRoutes.decode(NewBody.self, request)
            let body = try await qms.acting(as: user.username).certification.addBody(
                CertificationBody(
                    name: input.name ?? "", accreditedBy: input.accreditedBy,
                    accreditationNumber: input.accreditationNumber, contact: input.contact))
            return try APIRoutes.json(body, status: .created)
        }
    }

    /// A certificate number as one path segment.
    static func escaped(_ number: String) -> String {
        number.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? number
    }

    /// A certificate's values for the list.
    static func row(_ record: CertificateRecord, _ context: WebContext) -> [String: Any] {
        let format = NumberFormatting(context.locale)
        return [
            "number": record.number, "path": "/certificates/" + escaped(record.number), "body": record.body,
            "issued": format.date(record.certificate.issuedOn), "expires": format.date(record.certificate.validUntil),
            "standards": record.scope.standards.map(\.rawValue).joined(separator: ", "),
            "status": record.status.rawValue, "statusText": Messages.shared.term(record.status, context.language),
        ]
    }

    /// A certificate's page: its fields, scope, changes, schedule and readiness.
    static func values(_ view: CertificateView, _ context: WebContext) -> [String: Any] {
        let language = context.language
        let format = NumberFormatting(context.locale)
        let record = view.certificate
        var values = row(record, context)
        values["sites"] = record.scope.sites.joined(separator: ", ")
        values["processes"] = record.scope.processes.joined(separator: ", ")
        values["audit"] = record.audit?.description ?? ""
        values["exclusions"] = record.scope.exclusions.map {
            ["requirement": $0.requirement, "justification": $0.justification]
        }
        values["exclusions_any"] = !record.scope.exclusions.isEmpty
        values["changes"] = record.changes.map {
            [
                "on": format.date($0.on), "status": $0.status.rawValue,
                "statusText": Messages.shared.term($0.status, language), "reason": $0.reason,
            ]
        }
        values["changes_any"] = !record.changes.isEmpty
        let next = view.schedule.next
        values["schedule"] = view.schedule.entries.map { entry -> [String: Any] in
            var days = ""
            if entry.held == nil, let left = entry.daysLeft(on: view.asOf) {
                let count = Messages.shared.plural("days_count", count: abs(left), language, format: context.locale)
                days = Messages.shared.text(
                    left < 0 ? "cycle_days_overdue" : "cycle_days_left", language, ["days": count])
            }
            return [
                "step": Messages.shared.term(entry.step, language), "due": entry.dueBy.map { format.date($0) } ?? "",
                "rule": entry.rule.map { Messages.shared.term($0, language) } ?? "", "days": days,
                "held": entry.held?.description ?? "", "heldOn": entry.heldOn.map { format.date($0) } ?? "",
                "planned": entry.planned?.description ?? "",
                "plannedOn": entry.plannedOn.map { format.date($0) } ?? "",
                "isNext": entry == next, "late": entry.heldLate,
            ]
        }
        values["withdrawn"] = view.schedule.status == .withdrawn
        values["suspended"] = view.schedule.status == .suspended
        values["transitionNote"] = view.transitionNote ?? ""
        values["transitionEstimated"] =
            view.schedule.entries.contains { $0.step == .transition } && view.transitionNote == nil
        values["readiness"] = view.readiness.map {
            ["standard": $0.standard, "percent": format.percent($0.readinessPercent)]
        }
        values["readiness_any"] = !view.readiness.isEmpty
        values["blocked"] = view.blockedBy.map { ["id": $0.description] }
        values["blocked_any"] = !view.blockedBy.isEmpty
        values["asOf"] = format.date(view.asOf)
        return values
    }
}
