import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices

/// The catalogue browser: the standards, a standard's tree with the status of every node, and the
/// requirement page with its evidence, documented information and crosswalk.
struct CatalogueRoutes {
    let qms: QMS
    let renderer: Renderer

    func register(on router: RouterGroup<WebContext>) {
        router.get("catalogue") { _, context in
            _ = try context.require(.read)
            let language = context.language
            let locale = context.locale
            let standards = try await qms.catalogues.list().map { standard -> [String: Any] in
                [
                    "id": standard.id, "title": standard.title.text(in: language), "edition": standard.edition,
                    "publisher": standard.publisher,
                    "status": Messages.shared.text("standard_status_" + standard.status, language),
                    "replacedBy": standard.replacedBy ?? "", "nodes": NumberFormatting(locale).integer(standard.nodes),
                    "requirements": NumberFormatting(locale).integer(standard.requirements),
                    "excluded": NumberFormatting(locale).integer(standard.excluded),
                ]
            }
            return renderer.page(
                "catalogue", title: Messages.shared.text("catalogue_title", language), context: context,
                values: ["standards": standards], section: "catalogue")
        }
        router.get("catalogue/:standard") { _, context in
            _ = try context.require(.read)
            let language = context.language
            let id = try StandardID(context.parameters.get("standard") ?? "")
            _ = try await context.requireInEngagement(.standard(id), qms: qms)
            let (standard, nodes) = try await qms.catalogues.show(id)
            let matrix = try await qms.compliance.matrix()
            let rows: [[String: Any]] = nodes.map { node in
                let status = matrix.status(of: node.key) ?? .missing
                return [
                    "number": node.displayNumber, "title": node.title.text(in: language), "depth": node.depth,
                    "indent": String(repeating: "\u{2003}", count: node.depth),
                    "path": "/catalogue/\(id)/\(node.number)",
                    "status": status.rawValue, "statusText": Messages.shared.term(status, language),
                ]
            }
            return renderer.page(
                "standard", title: standard.title.text(in: language), context: context,
                values: ["standard": id.rawValue, "standardTitle": standard.title.text(in: language), "nodes": rows],
                section: "catalogue")
        }
        router.get("catalogue/:standard/:number") { _, context in
            _ = try context.require(.read)
            let language = context.language
            let locale = context.locale
            let id = try StandardID(context.parameters.get("standard") ?? "")
            let number = context.parameters.get("number") ?? ""
            let key = try RequirementKey(standard: id, number: number)
            _ = try await context.requireInEngagement(.requirement(key), qms: qms)
            let (standard, nodes) = try await qms.catalogues.show(id, number: number)
            guard let node = nodes.first else { throw HTTPError(.notFound) }
            let matrix = try await qms.compliance.matrix()
            let compliance = matrix.compliance(of: key)
            let status = matrix.status(of: key) ?? .missing
            let crosswalk = try await qms.catalogues.crosswalk(key)
            // The first records only: a requirement can have thousands, and the register lists them
            // all, filtered by the requirement. A clause lists the evidence of the requirements below
            // it too, since its status is theirs.
            let counted = matrix.evidence(for: key)
            var shown = Array(counted.prefix(CatalogueRoutes.shownEvidence))
            // An engagement account is shown only the records of its scope.
            if let user = context.user, let visible = try await qms.engagements.evidenceInScope(for: user) {
                let kept = Set(visible)
                shown = counted.filter { kept.contains($0.contribution.evidence) }.prefix(CatalogueRoutes.shownEvidence)
                    .map { $0 }
            }
            let labels = try await qms.evidence.labels(shown.map(\.contribution.evidence))
            let today = qms.today
            let evidence: [[String: Any]] = shown.map { item in
                let contribution = item.contribution
                let label = labels[contribution.evidence]
                let state = label?.validity.state(on: today)
                return [
                    "id": contribution.evidence.description, "title": label?.title ?? "",
                    "credit": Messages.shared.term(contribution.credit, language),
                    "reason": contribution.reason.map { Messages.shared.term($0, language) } ?? "",
                    "state": state?.rawValue ?? "", "stateText": state.map { Messages.shared.term($0, language) } ?? "",
                    "applies": Self.applies(item, key: key, entry: label?.entry, matrix: matrix, language: language),
                ]
            }
            let children: [[String: Any]] = nodes.dropFirst().filter { $0.depth == 1 }.map { child in
                [
                    "number": child.displayNumber, "title": child.title.text(in: language),
                    "path": "/catalogue/\(id)/\(child.number)",
                ]
            }
            return renderer.page(
                "requirement", title: "\(node.displayNumber) \(node.title.text(in: language))", context: context,
                values: [
                    "standard": id.rawValue, "standardTitle": standard.title.text(in: language),
                    "number": node.displayNumber,
                    "key": key.description, "requirementTitle": node.title.text(in: language),
                    "summary": node.summary.text(in: language), "status": status.rawValue,
                    "statusText": Messages.shared.term(status, language),
                    "exclusion": node.exclusion ?? "", "hints": node.evidenceHints.map { $0.text(in: language) },
                    "documented": node.documentedInformation.map {
                        [
                            "type": Messages.shared.term($0.type, language),
                            "text": $0.description.text(in: language),
                        ]
                    },
                    "processes": node.electoralProcesses.map {
                        ["code": $0.rawValue, "name": $0.name.text(in: language)]
                    },
                    "evidence": evidence, "hasEvidence": !evidence.isEmpty, "children": children,
                    "moreEvidence": counted.count > shown.count
                        ? NumberFormatting(locale).integer(counted.count - shown.count) : "",
                    "crosswalk": crosswalk.credits.map { credit -> [String: Any] in
                        [
                            "key": credit.key.description, "title": credit.title?.text(in: language) ?? "",
                            "credit": Messages.shared.term(credit.credit, language),
                            "path": "/catalogue/\(credit.key.standard)/\(credit.key.number)",
                        ]
                    },
                    "findings": compliance?.findings ?? [],
                ], section: "catalogue")
        }
    }

    /// The most records a requirement page lists.
    static let shownEvidence = 200

    /// How a record applies to the requirement of the page: logged against it, for a requirement
    /// below the clause, through another requirement (a crosswalk or a clause above), as the
    /// record of a register entry.
    static func applies(
        _ item: CountedEvidence, key: RequirementKey, entry: RegisterEntryLink?, matrix: ComplianceMatrix,
        language: Language
    ) -> [[String: String]] {
        func name(_ requirement: RequirementKey) -> String {
            let number =
                matrix.catalogues[requirement.standard]?.requirement(requirement.number)?.displayNumber
                ?? requirement.number
            return "\(requirement.standard) \(number)"
        }
        var result: [[String: String]] = []
        if item.requirement != key {
            let text = Messages.shared.text("evidence_applies_for", language, ["requirement": name(item.requirement)])
            result.append(["text": text, "path": "/catalogue/\(item.requirement.standard)/\(item.requirement.number)"])
        }
        if let via = item.contribution.via {
            let text = Messages.shared.text("evidence_applies_through", language, ["requirement": name(via)])
            result.append(["text": text, "path": "/catalogue/\(via.standard)/\(via.number)"])
        }
        if let entry {
            let register = Messages.shared.term(entry.register, language)
            let text = Messages.shared.text("evidence_register_entry", language, ["entry": "\(register) \(entry.id)"])
            result.append(["text": text, "path": path(entry)])
        }
        if result.isEmpty {
            result.append(["text": Messages.shared.text("evidence_applies_direct", language), "path": ""])
        }
        return result
    }

    /// The page of a register entry, or of its register when entries have no page of their own.
    static func path(_ entry: RegisterEntryLink) -> String {
        let id = entry.id.addingPercentEncodingForQuery
        switch entry.register {
        case .document: return "/registers/documents/\(id)"
        case .context: return "/registers/risks"
        case .risk: return "/registers/risks/\(id)"
        case .party: return "/registers/parties"
        case .process: return "/registers/processes"
        case .provider: return "/registers/providers/\(id)"
        case .training: return "/registers/training/\(id)"
        case .kpi: return "/registers/kpis/\(id)"
        case .nonconformity: return "/findings/\(id)"
        case .audit: return "/audits"
        case .review: return "/reviews"
        }
    }
}
