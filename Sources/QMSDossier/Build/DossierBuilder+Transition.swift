import Foundation
import QMSCore
import QMSPresentation

/// The move from ISO 9001:2015 to ISO 9001:2026, in the dossier of a commission certified to
/// 2015: what is new or changed, the evidence that carries over through the crosswalk, what is
/// missing, and the deadline. The same ``TransitionReport`` as `eqms transition report` and the
/// web's `/compliance/transition`, fed a requirement at a time so that the dossier never holds the
/// whole compliance matrix.
extension DossierBuilder {
    /// The editions the dossier reports the move between, when it covers the old one and the new
    /// catalogue and the crosswalk between them are loaded.
    static func transitionPair(
        standards: [StandardID], catalogues: [Catalogue], crosswalks: [Crosswalk]
    ) -> (from: StandardID, to: Catalogue, crosswalk: Crosswalk)? {
        guard let from = try? StandardID("iso-9001-2015"), let to = try? StandardID("iso-9001-2026"),
            standards.contains(from), let catalogue = catalogues.first(where: { $0.standard.id == to }),
            let crosswalk = crosswalks.first(where: { $0.from == from && $0.to == to })
        else { return nil }
        return (from, catalogue, crosswalk)
    }

    /// Writes `transition.html` in each language, when the dossier has a transition to report.
    func writeTransition() throws {
        guard let pair = transition,
            let deadline = request.transitionDeadline ?? TransitionReport.defaultDeadline(for: pair.to.standard)
        else {
            return
        }
        let groups = compliance
        let source = source
        // The rows of a group of leaves from the records that feed them only, as the matrix pages
        // are made: the report asks for each leaf once, in reading order, so each group's matrix
        // is built once (a matrix per leaf cost more than the rest of the dossier's pages).
        let leaves = pair.to.leaves.map(\.key)
        let positions = Dictionary(leaves.enumerated().map { ($1, $0) }) { first, _ in first }
        var rows: [RequirementKey: RequirementCompliance] = [:]
        let transitionReport = try TransitionReport(
            from: pair.from, to: pair.to, asOf: request.asOf, crosswalk: pair.crosswalk, deadline: deadline,
            deadlineGiven: request.transitionDeadline != nil
        ) { key in
            if let known = rows[key] { return known }
            let start = positions[key] ?? 0
            let group = positions[key] == nil ? [key] : Array(leaves[start..<min(leaves.count, start + Self.groupSize)])
            rows = [:]
            for row in groups.rows(
                of: group, evidence: try source.complianceEvidence(loggedAgainst: groups.feeders(of: group)))
            {
                rows[row.key] = row
            }
            return rows[key]
        }
        report("transition", 1, 1)
        for language in request.languages {
            let path = "\(language.rawValue)/transition.html"
            var values = pageValues(language, path: path, title: translate("transition_title", language))
            values.merge(transitionValues(transitionReport, language)) { _, new in new }
            values["section_transition"] = true
            try writePage(path, template: "transition", values)
        }
    }

    private func transitionValues(_ report: TransitionReport, _ language: Language) -> [String: Any] {
        let numbers = format(language)
        func kind(_ kind: TransitionChangeKind) -> String { translate("transition_\(kind.rawValue)", language) }
        /// A requirement of a standard the dossier covers links to its page; others are named only.
        func requirement(_ key: RequirementKey) -> [String: Any] {
            let covered = scope.contains { $0.standard.id == key.standard }
            return ["key": key.description, "href": covered ? DossierBuilder.requirementPath(key) : ""]
        }
        return [
            "from": report.from.rawValue, "to": report.to.rawValue,
            "toStatus": translate("transition_status_\(report.toStatus)", language),
            "deadline": numbers.date(report.deadline), "estimated": !report.deadlineGiven,
            "daysLeft": numbers.integer(report.daysLeft),
            "tally": tallyValues(report.tally, language),
            "changes": report.changes.map { change -> [String: Any] in
                [
                    "number": change.key.number, "title": change.title.text(in: language), "kind": kind(change.kind),
                    "from": change.from.joined(separator: ", "),
                ]
            },
            "carried": report.carriedOver.map { item -> [String: Any] in
                [
                    "number": item.key.number, "title": item.title.text(in: language),
                    "evidence": evidenceLink(item.evidence, base: ""), "via": requirement(item.via),
                    "credit": Messages.shared.term(item.credit, language),
                ]
            },
            "missing": report.missing.map { gap -> [String: Any] in
                ["number": gap.key.number, "title": gap.title.text(in: language), "kind": kind(gap.kind)]
            },
        ]
    }
}
