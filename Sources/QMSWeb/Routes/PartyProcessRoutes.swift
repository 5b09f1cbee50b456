import Foundation
import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices

/// Interested parties and processes: each register on one page, with the form to add an entry
/// and, for processes, the eight electoral processes on the map.
struct PartyProcessRoutes {
    let qms: QMS
    let renderer: Renderer

    struct PartyForm: Decodable, CSRFForm {
        var _csrf: String?
        var category: String?
        var name: String?
        var needs: String?
        var expectations: String?
        var monitoring: String?
        var climate: String?
        var influence: String?
        var review: String?
        var requirements: String?
    }

    struct PartyReviewForm: Decodable, CSRFForm {
        var _csrf: String?
        var next: String?
        var note: String?
    }

    struct ProcessForm: Decodable, CSRFForm {
        var _csrf: String?
        var code: String?
        var name: String?
        var category: String?
        var owner: String?
        var electoral_process: String?
        var purpose: String?
        var inputs: String?
        var outputs: String?
        var kpis: String?
        var interactions: String?
        var review: String?
        var requirements: String?
    }

    func register(on router: RouterGroup<WebContext>) {
        router.get("registers/parties") { request, context in
            _ = try context.require(.read)
            let language = context.language
            let locale = context.locale
            let parties = try await qms.parties.list()
            let table = Self.partyTable(language, canKeep: RegisterForm.canKeep(context)).values(
                parties, query: TableQuery(request), locale: locale
            ) { entry in
                let party = entry.record
                return [
                    "id": party.id.description, "category": Messages.shared.term(party.content.category, language),
                    "name": party.content.name, "needs": party.content.needs,
                    "expectations": party.content.expectations, "monitoring": party.content.monitoring,
                    "climate": party.content.climate ?? "",
                    "influence": party.content.influence.map { Messages.shared.term($0, language) } ?? "",
                    "review": NumberFormatting(locale).date(party.content.reviewOn),
                    "evidence": party.evidence?.description ?? "",
                    "alerts": RegisterForm.alerts(entry.alerts, locale),
                ]
            }
            return renderer.page(
                "register-parties", title: Messages.shared.text("reg_parties", language), context: context,
                values: [
                    "table": table,
                    "picker": RequirementPicker.values(
                        choices: try await qms.catalogues.requirementChoices(), picked: [], language),
                    "categories": Messages.shared.options(PartyCategory.self, context.language),
                    "canKeep": RegisterForm.canKeep(context),
                ], section: "registers")
        }
        router.post("registers/parties") { request, context in
            let (form, acting) = try await RegisterForm.decode(PartyForm.self, request, context, qms: qms)
            let draft = PartyDraft(
                category: try RegisterForm.choice(PartyCategory.self, form.category, field: "category"),
                name: form.name ?? "", needs: RegisterForm.lines(form.needs),
                expectations: RegisterForm.lines(form.expectations), monitoring: form.monitoring ?? "",
                climate: form.climate, influence: RegisterForm.optionalChoice(PartyInfluence.self, form.influence),
                requirements: try RegisterForm.keys(form.requirements),
                reviewOn: try RegisterForm.day(form.review, field: "review"))
            _ = try await acting.parties.add(draft)
            return Response.redirect(to: "/registers/parties", type: .normal)
        }
        router.post("registers/parties/:id") { request, context in
            let (form, acting) = try await RegisterForm.decode(PartyReviewForm.self, request, context, qms: qms)
            let id = try InterestedPartyID(parsing: context.parameters.get("id") ?? "")
            _ = try await acting.parties.review(
                id, next: try RegisterForm.day(form.next, field: "next"), note: RegisterForm.text(form.note))
            return Response.redirect(to: "/registers/parties", type: .normal)
        }
        router.get("registers/processes") { request, context in
            _ = try context.require(.read)
            let language = context.language
            let locale = context.locale
            let processes = try await qms.processes.list()
            let map = ProcessMap(processes.map(\.record))
            let links = Dictionary(uniqueKeysWithValues: map.nodes.map { ($0.code, $0) })
            let table = Self.processTable(language).values(processes, query: TableQuery(request), locale: locale) {
                entry in
                let content = entry.record.content
                let node = links[content.code]
                return [
                    "code": content.code.description, "name": content.name,
                    "category": Messages.shared.term(content.category, language),
                    "electoral": content.electoralProcess?.rawValue ?? "", "owner": content.owner,
                    "inputs": content.inputs, "outputs": content.outputs, "kpis": content.kpis,
                    "interactions": (node?.interactsWith ?? []).map(\.description),
                    "unknown": (node?.unknown ?? []).map(\.description),
                    "evidence": entry.record.evidence?.description ?? "",
                    "alerts": RegisterForm.alerts(entry.alerts, locale),
                ]
            }
            let coverage: [[String: Any]] = map.electoral.map { item in
                [
                    "process": item.process.rawValue, "name": item.process.name.text(in: language),
                    "code": item.code?.description ?? "", "missing": item.code == nil,
                ]
            }
            return renderer.page(
                "register-processes", title: Messages.shared.text("reg_processes", language), context: context,
                values: [
                    "table": table, "coverage": coverage,
                    "picker": RequirementPicker.values(
                        choices: try await qms.catalogues.requirementChoices(), picked: [], language),
                    "categories": Messages.shared.options(ProcessCategory.self, context.language),
                    "electoralProcesses": ElectoralProcess.allCases.map(\.rawValue),
                    "canKeep": RegisterForm.canKeep(context),
                ], section: "registers")
        }
        router.post("registers/processes") { request, context in
            let (form, acting) = try await RegisterForm.decode(ProcessForm.self, request, context, qms: qms)
            let draft = ProcessDraft(
                code: try RegisterForm.code(form.code, field: "code"), name: form.name ?? "",
                category: try RegisterForm.choice(ProcessCategory.self, form.category, field: "category"),
                owner: form.owner ?? "",
                electoralProcess: RegisterForm.optionalChoice(ElectoralProcess.self, form.electoral_process),
                purpose: form.purpose, inputs: RegisterForm.lines(form.inputs),
                outputs: RegisterForm.lines(form.outputs),
                kpis: RegisterForm.lines(form.kpis),
                interactions: try RegisterForm.lines(form.interactions).map {
                    try RegisterCode($0, field: "interaction")
                },
                requirements: try RegisterForm.keys(form.requirements),
                reviewOn: try RegisterForm.day(form.review, field: "review"))
            _ = try await acting.processes.add(draft)
            return Response.redirect(to: "/registers/processes", type: .normal)
        }
    }

    /// The parties register's columns and what its search looks in.
    static func partyTable(_ language: Language, canKeep: Bool) -> RegisterTable<RegisterEntry<InterestedParty>> {
        func text(_ key: String) -> String { Messages.shared.text(key, language) }
        var columns: [TableColumn<RegisterEntry<InterestedParty>>] = [
            .init("id", text("id"), text: { $0.record.id.description }),
            .init(
                "category", text("reg_category"), text: { Messages.shared.term($0.record.content.category, language) }),
            .init("name", text("reg_name"), text: { $0.record.content.name }),
            .init("needs", text("reg_needs")), .init("expectations", text("reg_expectations")),
            .init("monitoring", text("reg_monitoring"), text: { $0.record.content.monitoring }),
            .init("climate", text("reg_climate"), text: { $0.record.content.climate ?? "" }),
            .init("review", text("reg_review_on"), text: { $0.record.content.reviewOn?.description ?? "" }),
            .init("alerts", text("alerts")),
        ]
        if canKeep { columns.append(.init("step", text("reg_step"))) }
        return RegisterTable(
            path: "/registers/parties", columns: columns,
            searchText: { entry in
                let content = entry.record.content
                return [
                    entry.record.id.description, content.name, content.monitoring, content.climate ?? "",
                    Messages.shared.term(content.category, language),
                ] + content.needs + content.expectations
            })
    }

    /// The process register's columns and what its search looks in.
    static func processTable(_ language: Language) -> RegisterTable<RegisterEntry<QMSProcess>> {
        func text(_ key: String) -> String { Messages.shared.text(key, language) }
        return RegisterTable(
            path: "/registers/processes",
            columns: [
                .init("code", text("reg_code"), text: { $0.record.content.code.description }),
                .init("name", text("reg_name"), text: { $0.record.content.name }),
                .init(
                    "category", text("reg_category"),
                    text: {
                        Messages.shared.term($0.record.content.category, language)
                    }),
                .init("owner", text("owner"), text: { $0.record.content.owner }),
                .init("inputs", text("reg_inputs")), .init("outputs", text("reg_outputs")),
                .init("kpis", text("reg_kpis_short")), .init("interactions", text("reg_interactions")),
                .init("alerts", text("alerts")),
            ],
            searchText: { entry in
                let content = entry.record.content
                return [
                    content.code.description, content.name, content.owner, content.purpose ?? "",
                    content.electoralProcess?.rawValue ?? "", Messages.shared.term(content.category, language),
                ] + content.inputs + content.outputs + content.kpis
            })
    }
}
