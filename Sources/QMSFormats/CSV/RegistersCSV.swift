import QMSCore

/// The quality registers as CSV, one row per entry (per measurement for KPIs), for spreadsheets
/// and for auditors who ask for the registers as files. Several values in one cell are separated
/// by `; `; every cell goes through ``CSVWriter``'s protection against formulas.
public enum RegistersCSV {
    /// The master list of controlled documents: the version in force, the one in work, obsolete ones.
    public static func documents(_ list: [ControlledDocument], asOf day: CalendarDate) -> CSVWriter {
        var csv = CSVWriter(header: [
            "code", "title", "kind", "owner", "status", "version_in_force", "issued_on", "approved_by", "issued_by",
            "next_review", "latest_version", "review_months", "distribution", "requirements", "obsolete_versions",
            "origin", "link", "evidence", "alerts",
        ])
        for document in list {
            let content = document.content
            let force = document.inForce
            csv.add([
                content.code.description, content.title, content.kind.rawValue, content.owner,
                document.status.rawValue, force.map { String($0.number) } ?? "", force?.issuedOn?.description ?? "",
                force?.approvedBy ?? "", force?.issuedBy ?? "", force?.nextReview?.description ?? "",
                document.latest.map { "\($0.number) (\($0.status.rawValue))" } ?? "", String(content.reviewMonths),
                joined(content.distribution), joined(content.requirements.map(\.description)),
                joined(
                    document.versions.filter { $0.status == .obsolete }.map {
                        "\($0.number) (\($0.obsoleteOn?.description ?? ""): \($0.obsoleteReason ?? ""))"
                    }), content.origin ?? "", content.link ?? "", document.evidence?.description ?? "",
                joined(document.alerts(on: day).map(describe)),
            ])
        }
        return csv
    }

    /// The context issues, with the climate-change determination.
    public static func contextIssues(_ list: [ContextIssue]) -> CSVWriter {
        var csv = CSVWriter(header: [
            "id", "kind", "title", "category", "climate", "description", "effect", "processes", "requirements",
            "identified_on", "review_on", "evidence",
        ])
        for issue in list {
            let content = issue.content
            csv.add([
                issue.id.description, content.kind.rawValue, content.title, content.category ?? "",
                content.climate?.rawValue ?? "", content.description ?? "", content.effect ?? "",
                joined(content.processes), joined(content.requirements.map(\.description)),
                content.identifiedOn.description, content.reviewOn?.description ?? "",
                issue.evidence?.description ?? "",
            ])
        }
        return csv
    }

    /// The risk register with scores before and after treatment and the treatment actions.
    public static func risks(_ list: [Risk], asOf day: CalendarDate) -> CSVWriter {
        var csv = CSVWriter(header: [
            "id", "kind", "title", "category", "owner", "process", "phase", "likelihood", "impact", "score", "level",
            "treatment", "residual_likelihood", "residual_impact", "residual_score", "residual_level", "actions",
            "review_on", "status", "requirements", "evidence", "alerts",
        ])
        for risk in list {
            let content = risk.content
            let actions = risk.actions.map { action in
                "\(action.id) \(action.text) (\(action.owner), due \(action.due)"
                    + (action.doneOn.map { ", done \($0)" } ?? "") + ")"
            }
            csv.add([
                risk.id.description, content.kind.rawValue, content.title, content.category ?? "", content.owner,
                content.process ?? "", content.phase?.rawValue ?? "", String(content.inherent.likelihood),
                String(content.inherent.impact), String(content.inherent.score), content.inherent.level.rawValue,
                content.treatment?.rawValue ?? "", risk.residual.map { String($0.likelihood) } ?? "",
                risk.residual.map { String($0.impact) } ?? "", risk.residual.map { String($0.score) } ?? "",
                risk.residual?.level.rawValue ?? "", joined(actions), content.reviewOn.description,
                risk.status.rawValue, joined(content.requirements.map(\.description)),
                risk.evidence?.description ?? "", joined(risk.alerts(on: day).map(describe)),
            ])
        }
        return csv
    }

    /// The interested parties with their needs, expectations and monitoring.
    public static func parties(_ list: [InterestedParty]) -> CSVWriter {
        var csv = CSVWriter(header: [
            "id", "category", "name", "needs", "expectations", "monitoring", "climate", "influence", "processes",
            "requirements", "review_on", "evidence",
        ])
        for party in list {
            let content = party.content
            csv.add([
                party.id.description, content.category.rawValue, content.name, joined(content.needs),
                joined(content.expectations), content.monitoring, content.climate ?? "",
                content.influence?.rawValue ?? "", joined(content.processes),
                joined(content.requirements.map(\.description)), content.reviewOn?.description ?? "",
                party.evidence?.description ?? "",
            ])
        }
        return csv
    }

    /// The process register: the process map as a table.
    public static func processes(_ list: [QMSProcess]) -> CSVWriter {
        var csv = CSVWriter(header: [
            "code", "name", "category", "electoral_process", "owner", "purpose", "inputs", "outputs", "kpis",
            "interactions", "requirements", "review_on", "evidence",
        ])
        for process in list {
            let content = process.content
            csv.add([
                content.code.description, content.name, content.category.rawValue,
                content.electoralProcess?.rawValue ?? "", content.owner, content.purpose ?? "", joined(content.inputs),
                joined(content.outputs), joined(content.kpis), joined(content.interactions.map(\.description)),
                joined(content.requirements.map(\.description)), content.reviewOn?.description ?? "",
                process.evidence?.description ?? "",
            ])
        }
        return csv
    }

    /// The external providers with their criteria and latest evaluation.
    public static func providers(_ list: [ExternalProvider], asOf day: CalendarDate) -> CSVWriter {
        var csv = CSVWriter(header: [
            "id", "name", "kind", "service", "contract", "status", "criteria", "threshold", "evaluations",
            "last_evaluated", "last_percent", "next_evaluation", "status_note", "requirements", "evidence", "alerts",
        ])
        for provider in list {
            let content = provider.content
            let last = provider.latestEvaluation
            csv.add([
                provider.id.description, content.name, content.kind.rawValue, content.service, content.contract ?? "",
                provider.status.rawValue, joined(content.criteria.map { "\($0.name) (×\($0.weight))" }),
                String(content.threshold), String(provider.evaluations.count), last?.on.description ?? "",
                last.map { String($0.percent) } ?? "", last?.nextDue.description ?? "", provider.statusNote ?? "",
                joined(content.requirements.map(\.description)), provider.evidence?.description ?? "",
                joined(provider.alerts(on: day).map(describe)),
            ])
        }
        return csv
    }

    /// The roles with the competence they require and who holds them.
    public static func roles(_ list: [CompetenceRole]) -> CSVWriter {
        var csv = CSVWriter(header: ["code", "title", "competences", "holders", "processes", "requirements"])
        for role in list {
            let content = role.content
            csv.add([
                content.code.description, content.title, joined(content.competences), joined(content.holders),
                joined(content.processes), joined(content.requirements.map(\.description)),
            ])
        }
        return csv
    }

    /// The training events with their participants disaggregated and their effectiveness.
    public static func trainings(_ list: [TrainingEvent]) -> CSVWriter {
        var csv = CSVWriter(header: [
            "id", "title", "kind", "starts_on", "ends_on", "place", "trainers", "roles", "competences",
            "participants", "women", "men", "with_disabilities", "named_participants", "evaluated_on",
            "evaluation_method", "effectiveness", "requirements", "evidence",
        ])
        for event in list {
            let content = event.content
            csv.add([
                event.id.description, content.title, content.kind.rawValue, content.startsOn.description,
                content.endsOn.description, content.place, joined(content.trainers),
                joined(content.roles.map(\.description)), joined(content.competences),
                String(content.attendance.total), String(content.attendance.women), String(content.attendance.men),
                String(content.attendance.withDisabilities), joined(content.participants.map(\.name)),
                event.evaluation?.on.description ?? "", event.evaluation?.method ?? "",
                event.evaluation?.result.rawValue ?? "", joined(content.requirements.map(\.description)),
                event.evidence?.description ?? "",
            ])
        }
        return csv
    }

    /// Every measurement of every indicator, one row each (an indicator not yet measured has one
    /// row with the measurement columns empty): ready for a spreadsheet chart.
    public static func kpis(_ list: [MonitoredKPI]) -> CSVWriter {
        var csv = CSVWriter(header: [
            "code", "title", "category", "unit", "direction", "target", "owner", "process", "plan_kpi", "measured_on",
            "period", "value", "source", "note",
        ])
        for kpi in list {
            let content = kpi.content
            let fixed = [
                content.code.description, content.title, content.category.rawValue, content.unit,
                content.direction.rawValue, content.target?.description ?? "", content.owner, content.process ?? "",
                content.planKPI?.description ?? "",
            ]
            let series = kpi.series
            if series.isEmpty { csv.add(fixed + ["", "", "", "", ""]) }
            for measurement in series {
                csv.add(
                    fixed + [
                        measurement.on.description, measurement.period ?? "", measurement.value.description,
                        measurement.source ?? "", measurement.note ?? "",
                    ])
            }
        }
        return csv
    }

    private static func joined(_ values: [String]) -> String { values.joined(separator: "; ") }

    private static func describe(_ alert: RegisterAlert) -> String {
        "\(alert.kind.rawValue) \(alert.reference) \(alert.date)"
    }
}
