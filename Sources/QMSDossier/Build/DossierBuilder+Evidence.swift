import Foundation
import QMSCore
import QMSPresentation

extension DossierBuilder {
    /// The cover facts, the standards and the statement of applicability, at the top of `dossier.xml`.
    func writeXMLHeader() throws {
        guard let xml else { return }
        try xml.start(
            "dossier",
            [
                "xmlns": DossierXMLWriter.namespace, "formatVersion": String(Dossier.formatVersion),
                "asOf": request.asOf.description, "from": request.from.description,
                "languages": request.languages.map(\.rawValue).joined(separator: " "),
                "restrictedIncluded": String(request.includeRestricted),
            ])
        try xml.start("organisation", ["shortName": organisation.shortName, "country": organisation.country])
        try xml.localized("name", organisation.name)
        try xml.end()
        try xml.empty("signingKey", ["algorithm": "Ed25519", "fingerprint": key.publicKey.fingerprint])
        try xml.element("asOfMeaning", text: Messages.shared.text("as_of_meaning", .english))
        let certificate = certification.certificate
        try xml.empty(
            "certification",
            [
                "status": certificate == nil ? "not-certified" : "certified", "certificate": certificate?.number,
                "issuedOn": certificate?.issuedOn.description, "validUntil": certificate?.validUntil.description,
                "nextAudit": certification.kind.rawValue, "dueBy": certification.dueBy?.description,
                "planned": certification.planned?.description, "dueRule": certification.rule?.rawValue,
                "blockedBy": certification.isBlocked
                    ? certification.blockedBy.map(\.description).joined(separator: " ") : nil,
            ])
        try xml.start("standards")
        for catalogue in scope {
            let standard = catalogue.standard
            var replacedBy: String?
            if case .withdrawn(let replacement) = standard.status { replacedBy = replacement?.rawValue }
            try xml.start(
                "standard",
                [
                    "id": standard.id.rawValue, "edition": standard.edition, "status": standard.status.name,
                    "publisher": standard.publisher, "replacedBy": replacedBy,
                    "requirements": String(catalogue.leaves.count),
                ])
            try xml.localized("title", standard.title)
            try xml.end()
        }
        try xml.end()
        try xml.start("applicability")
        for decision in applicableDecisions {
            try xml.start(
                "decision",
                [
                    "requirement": decision.key.description, "excluded": String(decision.excluded),
                    "decidedBy": decision.decidedBy,
                ])
            try xml.element("justification", text: decision.justification)
            try xml.end()
        }
        try xml.end()
    }

    /// The statement of applicability's decisions for the standards in scope, in reading order.
    var applicableDecisions: [ApplicabilityDecision] {
        let standards = Set(request.standards)
        return records.decisions.filter { standards.contains($0.key.standard) }.sorted { $0.key < $1.key }
    }

    /// The evidence register: pages in each language, `<evidenceRegister>`, OSCAL observations.
    func writeEvidence() throws {
        guard let xml, let oscal else { return }
        try xml.start("evidenceRegister", ["count": String(records.evidenceCount)])
        var pageNumber = 0
        let size = DossierBuilder.evidencePageSize
        let pages = max(1, (records.evidenceCount + size - 1) / size)
        try source.forEachEvidencePage(size: size) { page in
            guard let first = page.first else { return }
            pageNumber += 1
            self.evidencePageStarts.append(first.id)
            for record in page {
                try self.writeEvidenceXML(record, xml)
                try oscal.add(self.observation(record), to: "observations")
            }
            for language in self.request.languages {
                try self.writeEvidencePage(page, number: pageNumber, of: max(pages, pageNumber), language)
            }
            self.evidenceCount += page.count
            self.report("evidence register", self.evidenceCount, self.records.evidenceCount)
        }
        if pageNumber == 0 {
            for language in request.languages { try writeEvidencePage([], number: 1, of: 1, language) }
        }
        try xml.end()
    }

    private func writeEvidenceXML(_ record: EvidenceRecord, _ xml: DossierXMLWriter) throws {
        let withheld = withholds(record)
        let content = record.content
        try xml.start(
            "evidence",
            [
                "id": record.id.description, "revision": String(record.revision), "kind": content.kind.rawValue,
                "status": record.status.rawValue, "confidentiality": content.confidentiality.rawValue,
                "withheld": withheld ? "true" : nil, "owner": withheld ? nil : content.owner,
                "process": withheld ? nil : content.process, "location": withheld ? nil : content.location,
                "effectiveFrom": content.effectiveFrom.description, "effectiveTo": content.effectiveTo?.description,
                "collectedOn": content.collectedOn.description, "validUntil": content.validUntil?.description,
                "reviewDue": content.reviewDue?.description, "recordedAt": record.recordedAt.description,
                "recordedBy": record.recordedBy,
            ])
        if !withheld {
            try xml.element("title", text: content.title)
            try xml.element("description", text: content.description)
            try xml.element("link", text: content.link)
            try xml.element("withdrawnReason", text: record.withdrawnReason)
        }
        for requirement in content.requirements { try xml.empty("requirement", ["key": requirement.description]) }
        if !withheld { for tag in content.tags { try xml.element("tag", text: tag) } }
        for file in record.files {
            try xml.empty(
                "file",
                [
                    "sha256": file.sha256, "size": String(file.size), "mediaType": withheld ? nil : file.mediaType,
                    "name": withheld ? nil : file.originalName, "path": withheld ? nil : "files/" + file.sha256,
                ])
        }
        try xml.end()
    }

    private func observation(_ record: EvidenceRecord) -> OSCALResultsWriter.Observation {
        let withheld = withholds(record)
        let content = record.content
        var evidence: [OSCALResultsWriter.RelevantEvidence] = record.files.map { file in
            OSCALResultsWriter.RelevantEvidence(
                href: withheld ? nil : "../files/" + file.sha256,
                description: withheld
                    ? "Restricted file, SHA-256 \(file.sha256) (\(file.size) bytes), not included"
                    : "\(file.originalName) (\(file.mediaType), \(file.size) bytes)",
                props: [OSCALResultsWriter.Property(name: "sha256", value: file.sha256)])
        }
        if let link = content.link, !withheld {
            evidence.append(OSCALResultsWriter.RelevantEvidence(href: link, description: "Link", props: nil))
        }
        var props = [
            OSCALResultsWriter.Property(name: "evidence-id", value: record.id.description),
            OSCALResultsWriter.Property(name: "evidence-revision", value: String(record.revision)),
            OSCALResultsWriter.Property(name: "evidence-status", value: record.status.rawValue),
            OSCALResultsWriter.Property(name: "confidentiality", value: content.confidentiality.rawValue),
        ]
        props += content.requirements.map { OSCALResultsWriter.Property(name: "requirement", value: $0.description) }
        let title = withheld ? "\(record.id) (restricted)" : "\(record.id): \(content.title)"
        return OSCALResultsWriter.Observation(
            uuid: observationUUID(record.id), title: title.replacingOccurrences(of: "\n", with: " "),
            description: withheld
                ? "Restricted evidence: its content is withheld from this dossier; its files are listed by SHA-256 only."
                : (content.description ?? content.title),
            props: props, methods: ["EXAMINE"], relevantEvidence: evidence.isEmpty ? nil : evidence,
            collected: record.recordedAt.description,
            expires: content.validUntil.map { "\($0)T23:59:59Z" },
            remarks: record.withdrawnReason.map { "Withdrawn: \($0)" })
    }

    func observationUUID(_ id: EvidenceID) -> String { oscal?.uuid("observation|\(id)") ?? "" }

    private func writeEvidencePage(_ page: [EvidenceRecord], number: Int, of total: Int, _ language: Language)
        throws
    {
        let path = "\(language.rawValue)/evidence/\(DossierBuilder.pageName(number))"
        var values = pageValues(language, path: path, title: translate("evidence_title", language))
        values["records"] = page.map { evidenceRow($0, language, base: "../") }
        values["number"] = format(language).integer(number)
        values["pages"] = format(language).integer(total)
        if number > 1 { values["previous"] = DossierBuilder.pageName(number - 1) }
        if number < total { values["next"] = DossierBuilder.pageName(number + 1) }
        values["restrictedNote"] = translate(
            request.includeRestricted ? "restricted_note_included" : "restricted_note_withheld", language)
        values["section_evidence"] = true
        try writePage(path, template: "evidence", values)
    }

    /// One record as the pages show it; `base` leads from the page to its language folder.
    func evidenceRow(_ record: EvidenceRecord, _ language: Language, base: String) -> [String: Any] {
        let withheld = withholds(record)
        let content = record.content
        let root = base + "../"
        var row: [String: Any] = [
            "id": record.id.description, "revision": format(language).integer(record.revision),
            "status": Messages.shared.term(record.status, language), "statusClass": record.status.rawValue,
            "kind": Messages.shared.term(content.kind, language),
            "confidentiality": Messages.shared.term(content.confidentiality, language),
            "effective": format(language).date(content.effectiveFrom),
            "validUntil": format(language).date(content.validUntil),
            "reviewDue": format(language).date(content.reviewDue),
            "requirements": content.requirements.map { key in
                [
                    "key": key.description,
                    "href": request.standards.contains(key.standard)
                        ? base + DossierBuilder.requirementPath(key) : "",
                ] as [String: Any]
            },
            "withheld": withheld,
        ]
        if !withheld {
            row["title"] = content.title
            row["description"] = content.description ?? ""
            row["owner"] = content.owner
            row["process"] = content.process ?? ""
            row["location"] = content.location
            row["link"] = content.link ?? ""
            row["withdrawnReason"] = record.withdrawnReason ?? ""
        }
        row["files"] = record.files.map { file -> [String: Any] in
            [
                "sha256": file.sha256, "size": format(language).bytes(file.size),
                "name": withheld ? "" : file.originalName, "href": withheld ? "" : root + "files/" + file.sha256,
            ]
        }
        return row
    }
}
