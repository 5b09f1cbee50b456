import Foundation
import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices

/// Competence and training: the roles and the training events with their forms, an event with
/// its participants and the effectiveness form, and one person's record.
struct TrainingRoutes {
    let qms: QMS
    let renderer: Renderer

    struct EventForm: Decodable, CSRFForm {
        var _csrf: String?
        var title: String?
        var kind: String?
        var start: String?
        var end: String?
        var place: String?
        var trainers: String?
        var roles: String?
        var competences: String?
        var participants: String?
        var women: String?
        var men: String?
        var disabilities: String?
        var named: String?
        var requirements: String?
    }

    struct RoleForm: Decodable, CSRFForm {
        var _csrf: String?
        var code: String?
        var title: String?
        var competences: String?
        var holders: String?
    }

    struct EvaluateForm: Decodable, CSRFForm {
        var _csrf: String?
        var method: String?
        var result: String?
        var note: String?
    }

    func register(on router: RouterGroup<WebContext>) {
        router.get("registers/training") { request, context in
            _ = try context.require(.read)
            let language = context.language
            let locale = context.locale
            let events = try await qms.training.list()
            let table = Self.table(language).values(events, query: TableQuery(request), locale: locale) { entry in
                let event = entry.record
                let counts = event.content.attendance
                return [
                    "id": event.id.description, "title": event.content.title,
                    "kind": Messages.shared.term(event.content.kind, language),
                    "dates": NumberFormatting(locale).date(event.content.startsOn) + " – "
                        + NumberFormatting(locale).date(event.content.endsOn),
                    "place": event.content.place, "total": NumberFormatting(locale).integer(counts.total),
                    "women": NumberFormatting(locale).integer(counts.women),
                    "disabilities": NumberFormatting(locale).integer(counts.withDisabilities),
                    "result": event.evaluation.map { Messages.shared.term($0.result, language) } ?? "",
                    "alerts": RegisterForm.alerts(entry.alerts, locale),
                ]
            }
            let roles: [[String: Any]] = try await qms.training.roles().map { role in
                [
                    "code": role.content.code.description, "title": role.content.title,
                    "competences": role.content.competences, "holders": role.content.holders,
                ]
            }
            let totals = try await qms.training.totals()
            return renderer.page(
                "register-training", title: Messages.shared.text("reg_training", language), context: context,
                values: [
                    "table": table, "roles": roles,
                    "picker": RequirementPicker.values(
                        choices: try await qms.catalogues.requirementChoices(), picked: [], language),
                    "kinds": Messages.shared.options(TrainingKind.self, context.language),
                    "totalParticipants": totals.map { NumberFormatting(locale).integer($0.total) } ?? "",
                    "totalWomen": totals.map { NumberFormatting(locale).integer($0.women) } ?? "",
                    "totalDisabilities": totals.map { NumberFormatting(locale).integer($0.withDisabilities) } ?? "",
                    "canKeep": RegisterForm.canKeep(context),
                ], section: "registers")
        }
        router.post("registers/training") { request, context in
            let (form, acting) = try await RegisterForm.decode(EventForm.self, request, context, qms: qms)
            let startsOn = try RegisterForm.requiredDay(form.start, field: "start")
            let named = try RegisterForm.lines(form.named).map(Self.participant)
            let total = try RegisterForm.int(form.participants, field: "participants")
            let attendance = try total.map {
                Attendance(
                    total: $0, women: try RegisterForm.int(form.women, field: "women") ?? 0,
                    men: try RegisterForm.int(form.men, field: "men"),
                    withDisabilities: try RegisterForm.int(form.disabilities, field: "disabilities") ?? 0)
            }
            let draft = TrainingDraft(
                title: form.title ?? "", kind: RegisterForm.optionalChoice(TrainingKind.self, form.kind) ?? .workshop,
                startsOn: startsOn, endsOn: try RegisterForm.day(form.end, field: "end") ?? startsOn,
                place: form.place ?? "", trainers: RegisterForm.lines(form.trainers),
                roles: try RegisterForm.lines(form.roles).map { try RegisterCode($0, field: "role") },
                competences: RegisterForm.lines(form.competences), attendance: attendance, participants: named,
                requirements: try RegisterForm.keys(form.requirements))
            let event = try await acting.training.add(draft)
            return Response.redirect(to: "/registers/training/\(event.id)", type: .normal)
        }
        router.post("registers/roles") { request, context in
            let (form, acting) = try await RegisterForm.decode(RoleForm.self, request, context, qms: qms)
            _ = try await acting.training.addRole(
                RoleDraft(
                    code: try RegisterForm.code(form.code, field: "code"), title: form.title ?? "",
                    competences: RegisterForm.lines(form.competences), holders: RegisterForm.lines(form.holders)))
            return Response.redirect(to: "/registers/training", type: .normal)
        }
        router.get("registers/training/:id") { _, context in
            _ = try context.require(.read)
            let language = context.language
            let locale = context.locale
            let id = try TrainingID(parsing: context.parameters.get("id") ?? "")
            let entry = try await qms.training.show(id)
            let event = entry.record
            let content = event.content
            let counts = content.attendance
            return renderer.page(
                "register-training-event", title: "\(id) \(content.title)", context: context,
                values: [
                    "id": id.description, "heading": content.title,
                    "kind": Messages.shared.term(content.kind, language),
                    "dates": NumberFormatting(locale).date(content.startsOn) + " – "
                        + NumberFormatting(locale).date(content.endsOn),
                    "place": content.place, "trainers": content.trainers, "roles": content.roles.map(\.description),
                    "competences": content.competences, "total": NumberFormatting(locale).integer(counts.total),
                    "women": NumberFormatting(locale).integer(counts.women),
                    "men": NumberFormatting(locale).integer(counts.men),
                    "disabilities": NumberFormatting(locale).integer(counts.withDisabilities),
                    "participants": content.participants.map { person -> [String: Any] in
                        [
                            "name": person.name, "sex": person.sex?.rawValue ?? "", "disability": person.disability,
                            "path": "/registers/people?name=" + person.name.addingPercentEncodingForQuery,
                        ]
                    },
                    "evaluation": event.evaluation.map { evaluation in
                        "\(Messages.shared.term(evaluation.result, language)) · "
                            + "\(NumberFormatting(locale).date(evaluation.on)) · \(evaluation.by) · \(evaluation.method)"
                            + (evaluation.note.map { " · \($0)" } ?? "")
                    } ?? "",
                    "requirements": RegisterForm.requirementLinks(content.requirements),
                    "evidence": event.evidence?.description ?? "",
                    "alerts": RegisterForm.alerts(entry.alerts, locale),
                    "results": Messages.shared.options(EffectivenessRating.self, context.language),
                    "canEvaluate": RegisterForm.canKeep(context) && event.evaluation == nil,
                ], section: "registers")
        }
        router.post("registers/training/:id") { request, context in
            let (form, acting) = try await RegisterForm.decode(EvaluateForm.self, request, context, qms: qms)
            let id = try TrainingID(parsing: context.parameters.get("id") ?? "")
            _ = try await acting.training.evaluate(
                id, method: form.method ?? "",
                result: try RegisterForm.choice(EffectivenessRating.self, form.result, field: "result"),
                note: RegisterForm.text(form.note))
            return Response.redirect(to: "/registers/training/\(id)", type: .normal)
        }
        router.get("registers/people") { request, context in
            _ = try context.require(.read)
            let language = context.language
            let locale = context.locale
            guard let name = Forms.query(request, "name") else {
                throw WebInputError.giveName
            }
            let record = try await qms.training.person(name)
            return renderer.page(
                "register-person", title: record.name, context: context,
                values: [
                    "name": record.name,
                    "roles": record.roles.map { role -> [String: Any] in
                        [
                            "code": role.code.description, "title": role.title,
                            "competences": role.competences.joined(separator: "; "),
                        ]
                    },
                    "trainings": record.trainings.map { training -> [String: Any] in
                        [
                            "id": training.id.description, "title": training.title,
                            "dates": NumberFormatting(locale).date(training.startsOn), "trainer": training.asTrainer,
                            "result": training.result.map { Messages.shared.term($0, language) } ?? "",
                        ]
                    },
                    "notCovered": record.notYetCovered,
                ], section: "registers")
        }
    }

    /// The events' columns and what the search looks in.
    static func table(_ language: Language) -> RegisterTable<RegisterEntry<TrainingEvent>> {
        func text(_ key: String) -> String { Messages.shared.text(key, language) }
        return RegisterTable(
            path: "/registers/training",
            columns: [
                .init("id", text("id"), text: { $0.record.id.description }),
                .init("title", text("title"), text: { $0.record.content.title }),
                .init("kind", text("kind"), text: { Messages.shared.term($0.record.content.kind, language) }),
                .init("dates", text("dates"), text: { $0.record.content.startsOn.description }),
                .init("place", text("reg_place"), text: { $0.record.content.place }),
                .init("total", text("reg_participants")) { .number(Double($0.record.content.attendance.total)) },
                .init("women", text("reg_women")) { .number(Double($0.record.content.attendance.women)) },
                .init("disabilities", text("reg_disabilities")) {
                    .number(Double($0.record.content.attendance.withDisabilities))
                },
                .init(
                    "result", text("reg_effectiveness"),
                    text: {
                        $0.record.evaluation.map { Messages.shared.term($0.result, language) } ?? ""
                    }),
                .init("alerts", text("alerts")),
            ],
            searchText: { entry in
                let content = entry.record.content
                return [
                    entry.record.id.description, content.title, content.place,
                    Messages.shared.term(content.kind, language),
                ] + content.trainers + content.competences + content.participants.map(\.name)
            })
    }

    /// `NAME[:female|male][:disability]`, as the form's text area gives it.
    static func participant(_ line: String) throws -> Participant {
        let parts = line.split(separator: ":", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
        var sex: Sex?
        var disability = false
        for part in parts.dropFirst() where !part.isEmpty {
            switch part.lowercased() {
            case "female", "f": sex = .female
            case "male", "m": sex = .male
            case "disability", "pwd": disability = true
            default:
                throw HTTPError(
                    .badRequest, message: "participant \(line): after the name, female or male, and disability")
            }
        }
        return Participant(name: parts.first ?? "", sex: sex, disability: disability)
    }
}
