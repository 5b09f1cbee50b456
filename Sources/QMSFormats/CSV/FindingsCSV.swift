import QMSCore

/// The findings registers as CSV, one row per entry, for spreadsheets and for auditors who ask
/// for the registers as files. Several values in one cell are separated by `; `.
public enum FindingsCSV {
    /// The nonconformity register with the state of each corrective action and what needs
    /// attention on `asOf` (overdue actions, the six-month limit).
    public static func nonconformities(_ list: [Nonconformity], asOf: CalendarDate) -> CSVWriter {
        var csv = CSVWriter(header: [
            "id", "title", "grade", "source", "state", "requirements", "process", "site", "audit", "recommendation",
            "raised_by", "raised_on", "root_causes", "actions", "verification_deadline", "alerts", "description",
        ])
        for item in list {
            let content = item.content
            let actions = item.correctiveAction.actions.map { action in
                "\(action.id) \(action.text) (\(action.owner), due \(action.due)"
                    + (action.implementedOn.map { ", implemented \($0)" } ?? "") + ")"
            }
            csv.add([
                item.id.description, content.title, content.grade.rawValue, content.source.rawValue,
                item.state.rawValue, joined(content.requirements.map(\.description)), content.process ?? "",
                content.site ?? "", content.audit?.description ?? "", content.recommendation?.description ?? "",
                content.raisedBy, content.raisedOn.description,
                joined(item.correctiveAction.currentAnalysis?.causes ?? []), joined(actions),
                item.verificationDeadline?.description ?? "", joined(item.alerts(on: asOf).map(describe)),
                content.description ?? "",
            ])
        }
        return csv
    }

    /// The audit programme and certification audits.
    public static func audits(_ list: [Audit], findings: [AuditID: [NonconformityID]]) -> CSVWriter {
        var csv = CSVWriter(header: [
            "id", "kind", "title", "status", "starts_on", "ends_on", "auditors", "lead_auditor", "certification_body",
            "requirements", "processes", "sites", "event", "event_on", "report_on", "report_summary",
            "certificate_number", "certificate_valid_until", "findings",
        ])
        for audit in list {
            let content = audit.content
            csv.add([
                audit.id.description, content.kind.rawValue, content.title, audit.status.rawValue,
                content.startsOn.description, content.endsOn.description, joined(content.auditors),
                content.leadAuditor ?? "", content.certificationBody ?? "",
                joined(content.scope.requirements.map(\.description)), joined(content.scope.processes),
                joined(content.scope.sites), content.scope.event?.name ?? "", content.scope.event?.on.description ?? "",
                audit.report?.reportedOn.description ?? "", audit.report?.summary ?? "",
                audit.report?.certificate?.number ?? "", audit.report?.certificate?.validUntil.description ?? "",
                joined((findings[audit.id] ?? []).map(\.description)),
            ])
        }
        return csv
    }

    /// The management reviews with their inputs, decisions and actions.
    public static func managementReviews(_ list: [ManagementReview], asOf: CalendarDate) -> CSVWriter {
        var csv = CSVWriter(header: [
            "id", "title", "held_on", "chair", "attendees", "inputs", "inputs_missing", "decisions", "actions",
            "alerts",
        ])
        for review in list {
            let content = review.content
            let actions = review.actions.map { action in
                "\(action.id) \(action.text) (\(action.owner), due \(action.due)"
                    + (action.doneOn.map { ", done \($0)" } ?? "") + ")"
            }
            csv.add([
                review.id.description, content.title, content.heldOn.description, content.chair ?? "",
                joined(content.attendees), joined(content.inputs.map(\.rawValue)),
                joined(content.missingInputs.map(\.rawValue)),
                joined(content.decisions.map { "\($0.kind.rawValue): \($0.text)" }), joined(actions),
                joined(review.alerts(on: asOf).map(describe)),
            ])
        }
        return csv
    }

    /// The observer-mission recommendations register with its links.
    public static func recommendations(_ list: [ObserverRecommendation]) -> CSVWriter {
        var csv = CSVWriter(header: [
            "id", "mission", "year", "reference", "priority", "addressee", "status", "status_note", "actions",
            "nonconformities", "activities", "evidence", "recommendation",
        ])
        for item in list {
            let content = item.content
            func links(_ kind: RecommendationLinkKind) -> String {
                joined(item.links.filter { $0.kind == kind }.map(\.target))
            }
            csv.add([
                item.id.description, content.mission, String(content.year), content.reference ?? "",
                content.priority.rawValue, content.addressee.rawValue, item.status.rawValue, item.statusNote ?? "",
                links(.action), links(.nonconformity), links(.activity), links(.evidence), content.text,
            ])
        }
        return csv
    }

    private static func joined(_ values: [String]) -> String { values.joined(separator: "; ") }

    private static func describe(_ alert: FindingAlert) -> String {
        "\(alert.kind.rawValue) \(alert.reference) \(alert.date)"
    }
}
