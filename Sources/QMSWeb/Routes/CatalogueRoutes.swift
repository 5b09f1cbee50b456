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
            let locale = context.locale
            let id = try StandardID(context.parameters.get("standard") ?? "")
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
            let (standard, nodes) = try await qms.catalogues.show(id, number: number)
            guard let node = nodes.first else { throw HTTPError(.notFound) }
            let matrix = try await qms.compliance.matrix()
            let compliance = matrix.compliance(of: key)
            let status = matrix.status(of: key) ?? .missing
            let crosswalk = try await qms.catalogues.crosswalk(key)
            // The first records only: a requirement can have thousands, and the register lists them
            // all, filtered by the requirement.
            let contributions = compliance?.contributions ?? []
            let shown = contributions.prefix(CatalogueRoutes.shownEvidence)
            let evidence: [[String: Any]] = shown.map { contribution in
                [
                    "id": contribution.evidence.description,
                    "credit": Messages.shared.term(contribution.credit, language),
                    "via": contribution.via?.description ?? "",
                    "reason": contribution.reason.map { Messages.shared.term($0, language) } ?? "",
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
                    "moreEvidence": contributions.count > shown.count
                        ? NumberFormatting(locale).integer(contributions.count - shown.count) : "",
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
}
