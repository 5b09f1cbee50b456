import Foundation
import QMSCore
import QMSPresentation

extension DossierBuilder {
    /// The index of each language (cover, readiness, statement of applicability, matrix) and the
    /// dossier's root `index.html`, the cover in every language with the way in.
    func writeIndexes() throws {
        for language in request.languages {
            let path = "\(language.rawValue)/index.html"
            var values = pageValues(language, path: path, title: translate("dossier_title", language))
            values.merge(coverValues(language, prefix: "")) { _, new in new }
            values["asOfMeaning"] = translate("as_of_meaning", language)
            values["asOfLimits"] = translate("as_of_limits", language)
            values["restrictedNote"] = translate(
                request.includeRestricted ? "restricted_note_included" : "restricted_note_withheld", language)
            values["standards"] = scope.map { standardIndex($0, language) }
            values["section_index"] = true
            try writePage(path, template: "index", values)
        }
        var languages: [[String: Any]] = []
        for language in request.languages {
            var values = coverValues(language, prefix: language.rawValue + "/")
            values["t"] = messageTables[language] ?? MessageTable(language)
            values["lang"] = language.rawValue
            values["dir"] = language.isRightToLeft ? "rtl" : "ltr"
            values["org"] = organisation.name.text(in: language)
            values["asOf"] = format(language).date(request.asOf)
            values["languageName"] = translate("lang_" + language.rawValue, language)
            languages.append(values)
        }
        let first = request.languages[0]
        try writePage(
            "index.html", template: "cover",
            [
                "languages": languages, "lang": first.rawValue, "dir": first.isRightToLeft ? "rtl" : "ltr",
                "title": organisation.name.text(in: first) + " · " + translate("dossier_title", first),
                "fingerprint": key.publicKey.groupedFingerprint,
            ])
    }

    /// The cover's facts in a language; `prefix` leads from the page to the language folder.
    private func coverValues(_ language: Language, prefix: String) -> [String: Any] {
        var values: [String: Any] = [
            "period": format(language).date(request.from) + " – " + format(language).date(request.asOf),
            "fingerprintFull": key.publicKey.fingerprint, "fingerprint": key.publicKey.groupedFingerprint,
            "evidenceCount": format(language).integer(evidenceCount),
            "requirementCount": format(language).integer(leafCount),
            "home": prefix + "index.html",
            "contents": contents(language, prefix: prefix),
            "scope": scope.map { catalogue -> [String: Any] in
                let whole = tally(of: catalogue)
                return [
                    "id": catalogue.standard.id.rawValue, "title": catalogue.standard.title.text(in: language),
                    "edition": catalogue.standard.edition, "publisher": catalogue.standard.publisher,
                    "status": translate("standard_status_" + catalogue.standard.status.name, language),
                    "readiness": format(language).percent(whole.readinessPercent),
                    "statusClass": whole.status.rawValue,
                ]
            },
        ]
        if let certificate = certification.certificate {
            values["certified"] = [
                "number": certificate.number, "issued": format(language).date(certificate.issuedOn),
                "validUntil": format(language).date(certificate.validUntil),
            ]
        }
        values["nextAudit"] = Messages.shared.term(certification.kind, language)
        values["dueBy"] = format(language).date(certification.dueBy)
        values["plannedAudit"] = certification.planned?.description ?? ""
        values["dueRule"] = certification.rule.map { Messages.shared.term($0, language) } ?? ""
        values["blockedBy"] = certification.blockedBy.map(\.description).joined(separator: ", ")
        // The days left as of the dossier's day, not the day it was built.
        if let days = certification.daysLeft(on: request.asOf) {
            let count = Messages.shared.plural("days_count", count: abs(days), language)
            values["daysLeft"] = Messages.shared.text(
                days < 0 ? "cycle_days_overdue" : "cycle_days_left", language, ["days": count])
        }
        return values
    }

    private func contents(_ language: Language, prefix: String) -> [[String: Any]] {
        var pages = [
            ("soa", "index.html#soa"), ("matrix", "index.html#matrix"),
            ("evidence_title", "evidence/" + DossierBuilder.pageName(1)), ("ncs_title", "nonconformities.html"),
            ("audits_title", "audits.html"), ("reviews_title", "reviews.html"),
            ("recommendations_title", "recommendations.html"), ("nav_registers", "registers.html"),
            ("dossier_plans_title", "plans.html"), ("dossier_trail_title", "trail/" + DossierBuilder.pageName(1)),
        ]
        if transition != nil { pages.insert(("transition_link", "transition.html"), at: pages.count - 1) }
        var entries = pages.map { key, href in ["title": translate(key, language), "href": prefix + href] }
        // Each audit report under the audits, linked from the index as it is from the audits page.
        let reports = records.audits.filter { $0.report != nil }.sorted { $0.id < $1.id }.map { audit in
            [
                "title": translate("audit_report_document", language) + " " + audit.id.description,
                "href": prefix + "audits/" + AuditReportDocument.fileName(audit.id),
            ]
        }
        if let audits = entries.firstIndex(where: { $0["href"] == prefix + "audits.html" }) {
            entries.insert(contentsOf: reports, at: audits + 1)
        }
        return entries
    }

    /// A standard's part of the index: readiness chart, statement of applicability, matrix.
    private func standardIndex(_ catalogue: Catalogue, _ language: Language) -> [String: Any] {
        let standard = catalogue.standard
        let clauses = catalogue.children(of: nil).map { top in
            (
                label: "\(top.displayNumber) \(top.title.text(in: language))",
                tally: tally(under: top.number, in: catalogue)
            )
        }
        let exclusions = applicableDecisions.filter { $0.key.standard == standard.id && $0.excluded }
        let rows = catalogue.leaves.compactMap { leaf -> [String: Any]? in
            guard let line = matrixLines[leaf.key] else { return nil }
            let more = line.evidenceTotal - line.evidence.count
            return [
                "key": leaf.key.description, "number": leaf.displayNumber, "title": leaf.title.text(in: language),
                "href": DossierBuilder.requirementPath(leaf.key),
                "status": statusText(line.status, language), "statusClass": line.status.rawValue,
                "evidence": line.evidence.map { evidenceLink($0, base: "") },
                "more": more > 0 ? format(language).integer(more) + " " + translate("more", language) : "",
                "findings": line.findings.map { ["id": $0, "href": "nonconformities.html#" + $0] },
            ]
        }
        return [
            "id": standard.id.rawValue, "title": standard.title.text(in: language), "edition": standard.edition,
            "tally": tallyValues(tally(of: catalogue), language),
            "documentedInformation": documentedInformationLine(catalogue.documentedInformationCount, language),
            "chart": BarCharts.readiness(
                clauses, title: translate("readiness_chart", language) + " — " + standard.title.text(in: language),
                presentationLocale(language)),
            "exclusions": exclusions.map { decision -> [String: Any] in
                [
                    "key": decision.key.description, "href": DossierBuilder.requirementPath(decision.key),
                    "title": catalogue.requirement(decision.key.number)?.title.text(in: language) ?? "",
                    "justification": decision.justification ?? "", "decidedBy": decision.decidedBy,
                ]
            },
            "rows": rows,
        ]
    }

    /// "Mandatory documented information: 6 documents to maintain, 21 records to retain", or
    /// nothing when the standard flags none.
    private func documentedInformationLine(_ count: DocumentedInformationCount, _ language: Language) -> String {
        guard count.total > 0 else { return "" }
        return translate("documented_information", language) + ": "
            + format(language).integer(count.maintain) + " " + translate("documents_to_maintain", language)
            + ", " + format(language).integer(count.retain) + " " + translate("records_to_retain", language)
    }
}
