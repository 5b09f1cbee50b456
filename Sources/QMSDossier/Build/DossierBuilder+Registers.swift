import Foundation
import QMSCore
import QMSPresentation

extension DossierBuilder {
    // MARK: Nonconformities and corrective actions

    func writeNonconformities() throws {
        guard let xml, let oscal else { return }
        let nonconformities = records.nonconformities.sorted { $0.id < $1.id }
        try xml.start("nonconformities")
        for nonconformity in nonconformities {
            try writeNonconformityXML(nonconformity, xml)
            try oscal.add(risk(nonconformity), to: "risks")
        }
        try xml.end()
        for language in request.languages {
            let path = "\(language.rawValue)/nonconformities.html"
            var values = pageValues(language, path: path, title: translate("ncs_title", language))
            values["nonconformities"] = nonconformities.map { nonconformityValues($0, language) }
            values["section_ncs"] = true
            try writePage(path, template: "nonconformities", values)
        }
    }

    private func writeNonconformityXML(_ nonconformity: Nonconformity, _ xml: DossierXMLWriter) throws {
        let content = nonconformity.content
        let action = nonconformity.correctiveAction
        try xml.start(
            "nonconformity",
            [
                "id": nonconformity.id.description, "grade": content.grade.rawValue, "source": content.source.rawValue,
                "state": action.state.rawValue, "round": String(action.round), "raisedOn": content.raisedOn.description,
                "raisedBy": content.raisedBy, "process": content.process, "site": content.site,
                "audit": content.audit?.description, "recommendation": content.recommendation?.description,
                "verifyBy": nonconformity.verificationDeadline?.description,
            ])
        try xml.element("title", text: content.title)
        try xml.element("description", text: content.description)
        for key in content.requirements { try xml.empty("requirement", ["key": key.description]) }
        for id in content.evidence { try xml.empty("evidence", ["ref": id.description]) }
        for planned in action.actions {
            try xml.start(
                "action",
                [
                    "id": planned.id.description, "round": String(planned.round), "owner": planned.owner,
                    "due": planned.due.description, "implementedOn": planned.implementedOn?.description,
                ])
            try xml.element("text", text: planned.text)
            try xml.end()
        }
        for step in action.history {
            try xml.start(
                "step",
                [
                    "kind": step.kind.rawValue, "from": step.from?.rawValue, "to": step.to.rawValue,
                    "round": String(step.round), "actor": step.actor, "at": step.at.description,
                ])
            try xml.element("note", text: step.fields.note)
            try xml.element("consequences", text: step.fields.consequences)
            try xml.element("method", text: step.fields.method)
            for cause in step.fields.causes { try xml.element("cause", text: cause) }
            try xml.element("similar", text: step.fields.similar)
            for id in step.fields.evidence { try xml.empty("evidence", ["ref": id.description]) }
            if let result = step.fields.result { try xml.empty("result", ["value": result.rawValue]) }
            if step.fields.updateRisks != nil || step.fields.changeQMS != nil {
                try xml.empty(
                    "decisions",
                    [
                        "updateRisks": step.fields.updateRisks.map(String.init),
                        "changeQMS": step.fields.changeQMS.map(String.init),
                    ])
            }
            try xml.end()
        }
        try xml.end()
    }

    private func risk(_ nonconformity: Nonconformity) -> OSCALResultsWriter.Risk {
        let content = nonconformity.content
        let action = nonconformity.correctiveAction
        let status: String
        switch action.state {
        case .reported: status = "open"
        case .contained, .analysed: status = "investigating"
        case .planned, .implemented, .verified: status = "remediating"
        case .closed: status = "closed"
        }
        let responses = action.actions.map { planned in
            OSCALResultsWriter.Response(
                uuid: oscal?.uuid("response|\(planned.id)") ?? "",
                lifecycle: planned.implementedOn == nil ? "planned" : "completed",
                title: planned.id.description, description: planned.text,
                props: [
                    OSCALResultsWriter.Property(name: "owner", value: planned.owner),
                    OSCALResultsWriter.Property(name: "due", value: planned.due.description),
                ]
                    + (planned.implementedOn.map {
                        [OSCALResultsWriter.Property(name: "implemented", value: $0.description)]
                    } ?? []))
        }
        let observations = content.evidence.map {
            OSCALResultsWriter.RelatedObservation(observationUUID: observationUUID($0))
        }
        var props = [
            OSCALResultsWriter.Property(name: "nonconformity-id", value: nonconformity.id.description),
            OSCALResultsWriter.Property(name: "nonconformity-grade", value: content.grade.rawValue),
            OSCALResultsWriter.Property(name: "nonconformity-source", value: content.source.rawValue),
            OSCALResultsWriter.Property(name: "corrective-action-state", value: action.state.rawValue),
        ]
        props += content.requirements.map { OSCALResultsWriter.Property(name: "requirement", value: $0.description) }
        return OSCALResultsWriter.Risk(
            uuid: riskUUID(nonconformity.id), title: "\(nonconformity.id): \(content.title)",
            description: content.description ?? content.title,
            statement: action.currentAnalysis.map { "Root causes: " + $0.causes.joined(separator: "; ") }
                ?? "Root cause not yet analysed.",
            props: props, status: status, deadline: nonconformity.verificationDeadline.map { "\($0)T23:59:59Z" },
            remediations: responses.isEmpty ? nil : responses,
            relatedObservations: observations.isEmpty ? nil : observations)
    }

    private func nonconformityValues(_ nonconformity: Nonconformity, _ language: Language) -> [String: Any] {
        let content = nonconformity.content
        let action = nonconformity.correctiveAction
        let state = action.state
        return [
            "id": nonconformity.id.description, "title": content.title, "description": content.description ?? "",
            "grade": Messages.shared.term(content.grade, language), "gradeClass": content.grade.rawValue,
            "source": Messages.shared.term(content.source, language), "state": stateText(state, language),
            "raisedOn": format(language).date(content.raisedOn), "raisedBy": content.raisedBy,
            "process": content.process ?? "", "site": content.site ?? "",
            "deadline": format(language).date(nonconformity.verificationDeadline),
            "requirements": content.requirements.map { requirementLink($0, base: "") },
            "evidence": content.evidence.map { evidenceLink($0, base: "") },
            "actions": action.actions.map { planned -> [String: Any] in
                [
                    "id": planned.id.description, "text": planned.text, "owner": planned.owner,
                    "due": format(language).date(planned.due),
                    "implemented": format(language).date(planned.implementedOn),
                ]
            },
            "history": action.history.map { step -> [String: Any] in
                var details: [String] = []
                if let note = step.fields.note { details.append(note) }
                if let consequences = step.fields.consequences { details.append(consequences) }
                if let method = step.fields.method {
                    details.append(translate("dossier_method", language) + ": " + method)
                }
                if !step.fields.causes.isEmpty {
                    details.append(
                        translate("dossier_causes", language) + ": " + step.fields.causes.joined(separator: "; "))
                }
                if let similar = step.fields.similar { details.append(similar) }
                for planned in step.fields.actions {
                    details.append("\(planned.text) (\(planned.owner), \(planned.due))")
                }
                if !step.fields.evidence.isEmpty {
                    details.append(step.fields.evidence.map(\.description).joined(separator: ", "))
                }
                if let result = step.fields.result {
                    details.append(Messages.shared.term(result, language))
                }
                if let update = step.fields.updateRisks {
                    details.append(
                        translate("update_risks", language) + ": " + translate(update ? "yes" : "no", language))
                }
                if let change = step.fields.changeQMS {
                    details.append(
                        translate("dossier_change_qms", language) + ": " + translate(change ? "yes" : "no", language))
                }
                return [
                    "to": step.kind == .reopen ? translate("reopened", language) : stateText(step.to, language),
                    "round": format(language).integer(step.round), "actor": step.actor,
                    "at": format(language).digits(step.at.description),
                    "details": details.map { ["text": $0] },
                ]
            },
        ]
    }

    private func stateText(_ state: CorrectiveActionState, _ language: Language) -> String {
        Messages.shared.term(state, language)
    }

    /// A link from a page at a language folder's top to a requirement page, when it is in the dossier.
    func requirementLink(_ key: RequirementKey, base: String) -> [String: Any] {
        [
            "key": key.description,
            "href": request.standards.contains(key.standard) ? base + DossierBuilder.requirementPath(key) : "",
        ]
    }

    /// A link to an evidence record's line of the register.
    func evidenceLink(_ id: EvidenceID, base: String) -> [String: Any] {
        guard !evidencePageStarts.isEmpty, id >= evidencePageStarts[0] else {
            return ["id": id.description, "href": ""]
        }
        return [
            "id": id.description,
            "href": base + "evidence/" + DossierBuilder.pageName(evidencePage(of: id)) + "#" + id.description,
        ]
    }

    // MARK: Audits, reviews, recommendations

    func writeAudits() throws {
        guard let xml else { return }
        let audits = records.audits.sorted { $0.id < $1.id }
        try xml.start("audits")
        for audit in audits {
            let content = audit.content
            try xml.start(
                "audit",
                [
                    "id": audit.id.description, "kind": content.kind.rawValue, "status": audit.status.rawValue,
                    "startsOn": content.startsOn.description, "endsOn": content.endsOn.description,
                    "leadAuditor": content.leadAuditor, "certificationBody": content.certificationBody,
                ])
            try xml.element("title", text: content.title)
            for auditor in content.auditors { try xml.element("auditor", text: auditor) }
            for key in content.scope.requirements { try xml.empty("requirement", ["key": key.description]) }
            for process in content.scope.processes { try xml.element("process", text: process) }
            for site in content.scope.sites { try xml.element("site", text: site) }
            if let report = audit.report {
                try xml.start(
                    "report",
                    [
                        "reportedOn": report.reportedOn.description, "reportedBy": report.reportedBy,
                        "certificate": report.certificate?.number,
                        "issuedOn": report.certificate?.issuedOn.description,
                        "validUntil": report.certificate?.validUntil.description,
                    ])
                try xml.element("summary", text: report.summary)
                try xml.end()
            }
            try xml.end()
        }
        try xml.end()
        for language in request.languages {
            // Each reported audit's report, as its own page in the reader's language, from the
            // audit and the findings as they were on the as-of day.
            var reports: [AuditID: String] = [:]
            for audit in audits where audit.report != nil {
                let report = AuditReportContent(
                    audit: audit, findings: records.nonconformities.filter { $0.content.audit == audit.id },
                    organisation: organisation)
                let name = "audits/" + AuditReportDocument.fileName(audit.id)
                try stage.write(
                    "\(language.rawValue)/\(name)",
                    text: try AuditReportDocument.html(report, language: language, prepared: request.asOf))
                reports[audit.id] = name
            }
            let path = "\(language.rawValue)/audits.html"
            var values = pageValues(language, path: path, title: translate("audits_title", language))
            values["audits"] = audits.map { audit -> [String: Any] in
                let content = audit.content
                return [
                    "reportHref": reports[audit.id] ?? "",
                    "id": audit.id.description, "title": content.title,
                    "kind": Messages.shared.term(content.kind, language),
                    "status": Messages.shared.term(audit.status, language),
                    "dates": format(language).date(content.startsOn) + " – "
                        + format(language).date(content.endsOn),
                    "team": content.team.joined(separator: ", "), "body": content.certificationBody ?? "",
                    "scope":
                        (content.scope.requirements.map(\.description) + content.scope.processes
                        + content.scope.sites).joined(separator: ", "),
                    "summary": audit.report?.summary ?? "",
                    "certificate": audit.report?.certificate?.number ?? "",
                ]
            }
            values["section_audits"] = true
            try writePage(path, template: "audits", values)
        }
    }

    func writeReviews() throws {
        guard let xml else { return }
        let reviews = records.reviews.sorted { $0.id < $1.id }
        try xml.start("managementReviews")
        for review in reviews {
            let content = review.content
            try xml.start(
                "review", ["id": review.id.description, "heldOn": content.heldOn.description, "chair": content.chair])
            try xml.element("title", text: content.title)
            for attendee in content.attendees { try xml.element("attendee", text: attendee) }
            for input in content.inputs { try xml.empty("input", ["name": input.rawValue]) }
            for decision in content.decisions {
                try xml.element("decision", ["kind": decision.kind.rawValue], text: decision.text)
            }
            for id in content.minutes { try xml.empty("minutes", ["evidence": id.description]) }
            for action in review.actions {
                try xml.start(
                    "action",
                    [
                        "id": action.id.description, "owner": action.owner, "due": action.due.description,
                        "doneOn": action.doneOn?.description, "doneBy": action.doneBy,
                    ])
                try xml.element("text", text: action.text)
                try xml.element("doneNote", text: action.doneNote)
                try xml.end()
            }
            try xml.end()
        }
        try xml.end()
        for language in request.languages {
            let path = "\(language.rawValue)/reviews.html"
            var values = pageValues(language, path: path, title: translate("reviews_title", language))
            values["reviews"] = reviews.map { review -> [String: Any] in
                let content = review.content
                return [
                    "id": review.id.description, "title": content.title,
                    "held": format(language).date(content.heldOn), "chair": content.chair ?? "",
                    "attendees": content.attendees.joined(separator: ", "),
                    "inputs": content.inputs.map { "\($0.rawValue) (\($0.clause))" }.joined(separator: ", "),
                    "missingInputs": content.missingInputs.map(\.rawValue).joined(separator: ", "),
                    "decisions": content.decisions.map { ["kind": $0.kind.rawValue, "text": $0.text] },
                    "minutes": content.minutes.map { evidenceLink($0, base: "") },
                    "actions": review.actions.map { action -> [String: Any] in
                        [
                            "id": action.id.description, "text": action.text, "owner": action.owner,
                            "due": format(language).date(action.due),
                            "done": format(language).date(action.doneOn),
                        ]
                    },
                ]
            }
            values["section_reviews"] = true
            try writePage(path, template: "reviews", values)
        }
    }

    func writeRecommendations() throws {
        guard let xml else { return }
        let recommendations = records.recommendations.sorted { $0.id < $1.id }
        try xml.start("recommendations")
        for recommendation in recommendations {
            let content = recommendation.content
            try xml.start(
                "recommendation",
                [
                    "id": recommendation.id.description, "mission": content.mission, "year": String(content.year),
                    "reference": content.reference, "priority": content.priority.rawValue,
                    "addressee": content.addressee.rawValue, "status": recommendation.status.rawValue,
                ])
            try xml.element("text", text: content.text)
            try xml.element("statusNote", text: recommendation.statusNote)
            for link in recommendation.links {
                try xml.empty("link", ["kind": link.kind.rawValue, "target": link.target])
            }
            try xml.end()
        }
        try xml.end()
        for language in request.languages {
            let path = "\(language.rawValue)/recommendations.html"
            var values = pageValues(language, path: path, title: translate("recommendations_title", language))
            values["recommendations"] = recommendations.map { recommendation -> [String: Any] in
                let content = recommendation.content
                return [
                    "id": recommendation.id.description, "mission": content.mission,
                    "year": format(language).integer(content.year), "reference": content.reference ?? "",
                    "text": content.text, "priority": Messages.shared.term(content.priority, language),
                    "addressee": Messages.shared.term(content.addressee, language),
                    "status": Messages.shared.term(recommendation.status, language),
                    "note": recommendation.statusNote ?? "",
                    "links": recommendation.links.map { "\($0.kind.rawValue): \($0.target)" }.joined(separator: ", "),
                ]
            }
            values["section_recommendations"] = true
            try writePage(path, template: "recommendations", values)
        }
    }

    // MARK: Quality objectives and the annual work plan

    func writeWorkPlan() throws {
        guard let xml else { return }
        if let plan = records.workPlan {
            let summary = plan.summary
            try xml.start(
                "workPlan",
                [
                    "awp": plan.version.awp.rawValue, "version": String(plan.version.version),
                    "year": String(summary.year), "approvedOn": plan.approval.at.date.description,
                    "approvedBy": plan.approval.decidedBy, "currency": summary.currency.code,
                    "planned": summary.total.planned.decimalString, "spent": summary.total.spent.decimalString,
                ])
            try xml.localized("project", plan.version.planSet.workPlan.project)
            for objective in plan.qualityObjectives {
                try xml.start("qualityObjective", ["code": objective.code.rawValue])
                try xml.localized("title", objective.title)
                try xml.end()
            }
            for kpi in summary.kpis {
                try xml.start(
                    "kpi",
                    [
                        "code": kpi.code.rawValue, "objective": kpi.objective.rawValue,
                        "qualityObjective": String(kpi.qualityObjective), "unit": kpi.unit,
                        "baseline": kpi.baseline.description, "target": kpi.target?.value.description,
                        "actual": kpi.actual?.value.description,
                        "progressBasisPoints": kpi.progressBasisPoints.map(String.init),
                    ])
                try xml.localized("title", kpi.title)
                try xml.end()
            }
            try xml.end()
        }
        for language in request.languages {
            let path = "\(language.rawValue)/plans.html"
            var values = pageValues(language, path: path, title: translate("dossier_plans_title", language))
            if let plan = records.workPlan {
                let summary = plan.summary
                values["plan"] =
                    [
                        "awp": plan.version.awp.rawValue,
                        "version": format(language).integer(plan.version.version),
                        "year": format(language).integer(summary.year),
                        "project": plan.version.planSet.workPlan.project.text(in: language),
                        "approvedOn": format(language).date(plan.approval.at.date),
                        "approvedBy": plan.approval.decidedBy,
                        "planned": format(language).digits(summary.total.planned.description),
                        "spent": format(language).digits(summary.total.spent.description),
                        "delivery": format(language).percent(basisPoints: summary.total.deliveryBasisPoints),
                        "outputs": summary.byOutput.map { line -> [String: Any] in
                            [
                                "key": line.key, "title": line.title?.text(in: language) ?? "",
                                "planned": format(language).digits(line.planned.description),
                                "spent": format(language).digits(line.spent.description),
                                "delivery": format(language).percent(basisPoints: line.deliveryBasisPoints),
                            ]
                        },
                    ] as [String: Any]
                values["objectives"] = plan.qualityObjectives.map {
                    ["code": $0.code.rawValue, "title": $0.title.text(in: language)]
                }
                values["kpis"] = summary.kpis.map { kpi -> [String: Any] in
                    [
                        "code": kpi.code.rawValue, "title": kpi.title.text(in: language), "unit": kpi.unit,
                        "objective": kpi.objective.rawValue,
                        "baseline": format(language).digits(kpi.baseline.description),
                        "target": format(language).digits(kpi.target?.value.description ?? ""),
                        "actual": format(language).digits(kpi.actual?.value.description ?? ""),
                        "progress": kpi.progressBasisPoints.map {
                            format(language).percent(Double($0) / 100)
                        } ?? "",
                    ]
                }
                values["chart"] = BarCharts.kpiProgress(summary.kpis, presentationLocale(language))
                var quarters: [[String: Any]] = []
                for progress in plan.quarters {
                    let name = QuarterlyReport.fileName(progress, language: language, extension: "html")
                    let html = try QuarterlyReport.html(
                        progress, language: language, organisation: organisation, prepared: request.asOf)
                    try stage.write("\(language.rawValue)/plans/\(name)", text: html)
                    quarters.append([
                        "href": "plans/\(name)",
                        "name": Messages.shared.text(
                            "q_quarter_of_year", language,
                            [
                                "quarter": format(language).integer(progress.quarter.rawValue),
                                "year": format(language).year(progress.year),
                            ]),
                        "delivery": format(language).delivery(progress.quarterDelivery.total),
                    ])
                }
                values["quarters"] = quarters
            }
            values["section_plans"] = true
            try writePage(path, template: "plans", values)
        }
    }

    // MARK: The audit trail of the period

    func writeTrail() throws {
        guard let xml else { return }
        try xml.start(
            "auditTrail",
            [
                "from": request.from.description, "to": request.asOf.description,
                "headSequence": records.trailHead.map { String($0.sequence) }, "headHash": records.trailHead?.hash,
            ])
        var pageNumber = 0
        let pages = max(1, (records.eventCount + DossierBuilder.eventPageSize - 1) / DossierBuilder.eventPageSize)
        try source.forEachEventPage { events in
            guard !events.isEmpty else { return }
            pageNumber += 1
            for event in events {
                try xml.empty(
                    "event",
                    [
                        "seq": String(event.sequence), "at": event.at, "actor": event.actor, "action": event.action,
                        "entity": event.entity, "hash": event.hash, "previousHash": event.previousHash,
                    ])
            }
            self.eventCount += events.count
            for language in self.request.languages {
                try self.writeTrailPage(events, number: pageNumber, of: max(pages, pageNumber), language)
            }
            self.report("audit trail", self.eventCount, self.records.eventCount)
        }
        if pageNumber == 0 {
            for language in request.languages { try writeTrailPage([], number: 1, of: 1, language) }
        }
        eventPages = max(1, pageNumber)
        try xml.end()
    }

    private func writeTrailPage(_ events: [AuditEvent], number: Int, of total: Int, _ language: Language) throws {
        let path = "\(language.rawValue)/trail/\(DossierBuilder.pageName(number))"
        var values = pageValues(language, path: path, title: translate("dossier_trail_title", language))
        values["events"] = events.map { event -> [String: Any] in
            [
                "seq": String(event.sequence), "at": event.at, "actor": event.actor, "action": event.action,
                "entity": event.entity, "hash": event.hash,
            ]
        }
        values["number"] = format(language).integer(number)
        if number > 1 { values["previous"] = DossierBuilder.pageName(number - 1) }
        if number < total { values["next"] = DossierBuilder.pageName(number + 1) }
        values["pages"] = format(language).integer(total)
        values["from"] = format(language).date(request.from)
        values["head"] = records.trailHead.map { "\($0.sequence):\($0.hash)" } ?? ""
        values["section_trail"] = true
        try writePage(path, template: "trail", values)
    }
}
