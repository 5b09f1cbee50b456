import Foundation
import QMSCore
import QMSPresentation

extension DossierBuilder {
    /// The compliance matrix a group of requirements at a time: a page per requirement in each
    /// language, `<compliance>` in the XML, an OSCAL finding per requirement. Clause pages and
    /// the readiness roll-ups follow, from the statuses found.
    func writeCompliance() throws {
        guard let xml, let oscal else { return }
        try xml.start("compliance")
        let leaves = scope.flatMap(\.leaves)
        leafCount = leaves.count
        var done = 0
        for start in stride(from: 0, to: leaves.count, by: DossierBuilder.groupSize) {
            let group = Array(leaves[start..<min(start + DossierBuilder.groupSize, leaves.count)])
            let keys = group.map(\.key)
            let evidence = try source.complianceEvidence(loggedAgainst: compliance.feeders(of: keys))
            let rows = compliance.rows(of: keys, evidence: evidence)
            // The records the requirement pages show, for their titles.
            var ids = Set<EvidenceID>()
            for row in rows {
                for contribution in row.contributions.prefix(DossierBuilder.requirementPageEvidence) {
                    ids.insert(contribution.evidence)
                }
            }
            var byID: [EvidenceID: EvidenceRecord] = [:]
            for record in try source.evidence(ids.sorted()) { byID[record.id] = record }
            for (requirement, row) in zip(group, rows) {
                statuses[row.key] = row.status
                matrixLines[row.key] = MatrixLine(
                    status: row.status, evidence: Array(row.contributions.prefix(3).map(\.evidence)),
                    evidenceTotal: row.contributions.count, findings: row.findings)
                try writeComplianceXML(requirement, row, xml)
                try oscal.add(finding(requirement, row), to: "findings")
                for language in request.languages {
                    try writeRequirementPage(requirement, row: row, records: byID, language)
                }
            }
            done += group.count
            report("compliance matrix", done, leaves.count)
        }
        try xml.end()
        for catalogue in scope {
            let parents = Set(catalogue.requirements.compactMap(\.parentNumber))
            for requirement in catalogue.requirements where parents.contains(requirement.number) {
                for language in request.languages { try writeClausePage(requirement, catalogue, language) }
            }
        }
        try writeReadinessXML(xml)
    }

    private func writeComplianceXML(_ requirement: Requirement, _ row: RequirementCompliance, _ xml: DossierXMLWriter)
        throws
    {
        try xml.start(
            "requirement",
            ["key": row.key.description, "kind": requirement.kind.rawValue, "status": row.status.rawValue])
        try xml.localized("title", requirement.title)
        try xml.element("exclusion", text: row.exclusion)
        for contribution in row.contributions {
            try xml.empty(
                "contribution",
                [
                    "evidence": contribution.evidence.description, "credit": contribution.credit.rawValue,
                    "reason": contribution.reason?.rawValue, "via": contribution.via?.description,
                ])
        }
        for finding in row.findings { try xml.empty("finding", ["ref": finding]) }
        try xml.end()
    }

    private func finding(_ requirement: Requirement, _ row: RequirementCompliance) -> OSCALResultsWriter.Finding {
        let satisfied = row.status == .satisfied || row.status == .excluded
        var props = [OSCALResultsWriter.Property(name: "compliance-status", value: row.status.rawValue)]
        let findings = records.nonconformities.filter { row.findings.contains($0.id.description) }
        for nonconformity in findings {
            props.append(
                OSCALResultsWriter.Property(
                    name: "nonconformity-grade", value: nonconformity.content.grade.rawValue,
                    remarks: nonconformity.id.description))
        }
        let observations = row.contributions.map {
            OSCALResultsWriter.RelatedObservation(observationUUID: observationUUID($0.evidence))
        }
        let risks = findings.map { OSCALResultsWriter.RelatedRisk(riskUUID: riskUUID($0.id)) }
        let title = "\(row.key) \(requirement.title.en)".replacingOccurrences(of: "\n", with: " ")
        var description = requirement.summary.en.isEmpty ? requirement.title.en : requirement.summary.en
        if let exclusion = row.exclusion { description += "\n\nExcluded: \(exclusion)" }
        return OSCALResultsWriter.Finding(
            uuid: oscal?.uuid("finding|\(row.key)") ?? "", title: title, description: description, props: props,
            target: OSCALResultsWriter.Target(
                type: "objective-id", targetID: OSCALTarget.id(row.key), title: title,
                status: OSCALResultsWriter.ObjectiveStatus(
                    state: satisfied ? "satisfied" : "not-satisfied",
                    remarks: row.status == .excluded ? "Excluded by the statement of applicability." : nil)),
            relatedObservations: observations.isEmpty ? nil : observations,
            relatedRisks: risks.isEmpty ? nil : risks, remarks: nil)
    }

    func riskUUID(_ id: NonconformityID) -> String { oscal?.uuid("risk|\(id)") ?? "" }

    private func writeRequirementPage(
        _ requirement: Requirement, row: RequirementCompliance, records byID: [EvidenceID: EvidenceRecord],
        _ language: Language
    ) throws {
        let path = "\(language.rawValue)/" + DossierBuilder.requirementPath(requirement.key)
        var values = pageValues(
            language, path: path, title: "\(requirement.displayNumber) \(requirement.title.text(in: language))")
        values.merge(requirementHeader(requirement, status: row.status, language)) { _, new in new }
        values["exclusion"] = row.exclusion ?? ""
        let shown = row.contributions.prefix(DossierBuilder.requirementPageEvidence)
        if row.contributions.count > shown.count {
            values["more"] = format(language).integer(row.contributions.count - shown.count)
            values["firstEvidencePage"] = DossierBuilder.pageName(1)
        }
        values["contributions"] = shown.map { contribution -> [String: Any] in
            let record = byID[contribution.evidence]
            var line: [String: Any] = [
                "id": contribution.evidence.description,
                "href": "../../evidence/\(DossierBuilder.pageName(evidencePage(of: contribution.evidence)))#"
                    + contribution.evidence.description,
                "credit": Messages.shared.term(contribution.credit, language),
                "reason": contribution.reason.map { Messages.shared.term($0, language) } ?? "",
                "via": contribution.via?.description ?? "",
            ]
            if let record {
                line["withheld"] = withholds(record)
                line["title"] = withholds(record) ? "" : record.content.title
                line["status"] = Messages.shared.term(record.status, language)
                line["validUntil"] = format(language).date(record.content.validUntil)
            }
            return line
        }
        values["findings"] = row.findings.map { ["id": $0, "href": "../../nonconformities.html#" + $0] }
        try writePage(path, template: "requirement", values)
    }

    private func writeClausePage(_ requirement: Requirement, _ catalogue: Catalogue, _ language: Language) throws {
        let path = "\(language.rawValue)/" + DossierBuilder.requirementPath(requirement.key)
        let rollup = tally(under: requirement.number, in: catalogue)
        var values = pageValues(
            language, path: path, title: "\(requirement.displayNumber) \(requirement.title.text(in: language))")
        values.merge(requirementHeader(requirement, status: rollup.status, language)) { _, new in new }
        values["clause"] = true
        values["tally"] = tallyValues(rollup, language)
        values["children"] = catalogue.children(of: requirement.number).map { child -> [String: Any] in
            let status =
                statuses[child.key] ?? self.tally(under: child.number, in: catalogue).status
            return [
                "number": child.displayNumber, "title": child.title.text(in: language),
                "href": "../../" + DossierBuilder.requirementPath(child.key),
                "status": statusText(status, language), "statusClass": status.rawValue,
            ]
        }
        try writePage(path, template: "requirement", values)
    }

    /// What every requirement page shows above its evidence.
    private func requirementHeader(_ requirement: Requirement, status: ComplianceStatus, _ language: Language)
        -> [String: Any]
    {
        let catalogue = scope.first { $0.standard.id == requirement.key.standard }
        let ancestry = catalogue?.ancestry(of: requirement.number).dropLast() ?? []
        return [
            "key": requirement.key.description, "number": requirement.displayNumber,
            "requirementTitle": requirement.title.text(in: language),
            "standardTitle": catalogue?.standard.title.text(in: language) ?? requirement.key.standard.rawValue,
            "kind": Messages.shared.term(requirement.kind, language),
            "status": statusText(status, language), "statusClass": status.rawValue,
            "summary": requirement.summary.text(in: language),
            "ancestry": ancestry.compactMap { number -> [String: Any]? in
                guard let node = catalogue?.requirement(number) else { return nil }
                return [
                    "number": node.displayNumber, "title": node.title.text(in: language),
                    "href": "../../" + DossierBuilder.requirementPath(node.key),
                ]
            },
            "documentedInformation": requirement.documentedInformation.map {
                ["type": Messages.shared.term($0.type, language), "text": $0.description.text(in: language)]
            },
            "processes": requirement.electoralProcesses.map {
                ["code": $0.rawValue, "name": $0.name.text(in: language)]
            },
            "hints": requirement.evidenceHints.map { ["text": $0.text(in: language)] },
        ]
    }

    /// The roll-up of the leaves under a node.
    func tally(under number: String, in catalogue: Catalogue) -> ComplianceTally {
        var tally = ComplianceTally()
        let subtree = catalogue.subtree(of: number)
        let parents = Set(subtree.compactMap(\.requirement.parentNumber))
        for node in subtree where !parents.contains(node.requirement.number) {
            if let status = statuses[node.requirement.key] { tally.add(status) }
        }
        return tally
    }

    /// The tally of a whole standard.
    func tally(of catalogue: Catalogue) -> ComplianceTally {
        var tally = ComplianceTally()
        for leaf in catalogue.leaves { if let status = statuses[leaf.key] { tally.add(status) } }
        return tally
    }

    func tallyValues(_ tally: ComplianceTally, _ language: Language) -> [String: Any] {
        ReadinessFigures.values(tally, presentationLocale(language))
    }

    private func writeReadinessXML(_ xml: DossierXMLWriter) throws {
        try xml.start("readiness")
        for catalogue in scope {
            let whole = tally(of: catalogue)
            try xml.start("standard", pairs: [("id", catalogue.standard.id.rawValue)] + tallyAttributes(whole))
            for top in catalogue.children(of: nil) {
                let clause = self.tally(under: top.number, in: catalogue)
                try xml.empty("clause", pairs: [("number", top.number)] + tallyAttributes(clause))
            }
            try xml.end()
        }
        try xml.end()
    }

    private func tallyAttributes(_ tally: ComplianceTally) -> [(String, String?)] {
        [
            ("status", tally.status.rawValue), ("applicable", String(tally.applicable)),
            ("satisfied", String(tally.satisfied)), ("partial", String(tally.partial)),
            ("missing", String(tally.missing)), ("excluded", String(tally.excluded)),
            ("readiness", String(format: "%.1f", tally.readinessPercent)),
        ]
    }
}

/// OSCAL identifiers for our requirements: `iso-9001-2015_8.5.1` (a token, as OSCAL wants).
enum OSCALTarget {
    static func id(_ key: RequirementKey) -> String { key.standard.rawValue + "_" + key.number }
}
