/// The findings registers as records: what a closed nonconformity, a reported internal audit and
/// a management review say as evidence, the way the quality registers' entries do
/// (``RegisterEvidenceSpec``). The service keeps one evidence record per finding, found again by
/// its ``FindingsEvidenceTag``.
public enum FindingsEvidenceTag {
    /// The tag that ties an evidence record to the finding it is the record of (`finding:nc-2026-007`).
    public static func tag(_ id: String) -> String { "finding:" + id.lowercased() }
}

extension Nonconformity {
    /// The record of the nonconformity and its corrective action (10.2.2), once closed; nil while
    /// the action is under way and after a reopening, so the record is withdrawn until the next closure.
    public var evidenceSpec: RegisterEvidenceSpec? {
        guard state == .closed, let closure = correctiveAction.closures.last else { return nil }
        var lines = [
            "Finding graded \(content.grade.rawValue), from \(content.source.rawValue), raised on \(content.raisedOn) by "
                + "\(content.raisedBy).",
            "Closed on \(closure.on) by \(closure.by) after \(correctiveAction.round) round(s) of corrective action.",
        ]
        if let verification = correctiveAction.verifications.last {
            lines.append("Effectiveness verified on \(verification.on): \(verification.result.rawValue).")
        }
        if let note = closure.note { lines.append(note) }
        return RegisterEvidenceSpec(
            title: "\(id) Nonconformity and corrective action: \(content.title)",
            description: lines.joined(separator: "\n"), owner: closure.by, process: content.process,
            effectiveFrom: min(closure.on, recordedAt.date),
            requirements: RegisterClauses.keys(RegisterClauses.correctiveActions),
            tags: ["nonconformity", FindingsEvidenceTag.tag(id.description)])
    }
}

extension Audit {
    /// The record of an internal audit's results (9.2.2), once reported. A certification body's
    /// audit is not the organisation's own audit programme, so it is no record for 9.2.2.
    public var evidenceSpec: RegisterEvidenceSpec? {
        guard content.kind == .internal, status == .reported, let report else { return nil }
        let lines = [
            "Internal audit from \(content.startsOn) to \(content.endsOn), reported on \(report.reportedOn).",
            report.summary,
        ]
        return RegisterEvidenceSpec(
            title: "\(id) Internal audit report: \(content.title)", description: lines.joined(separator: "\n"),
            owner: report.reportedBy, effectiveFrom: min(report.reportedOn, recordedAt.date),
            requirements: RegisterClauses.keys(RegisterClauses.internalAudits),
            tags: ["internal-audit", FindingsEvidenceTag.tag(id.description)])
    }
}

extension ManagementReview {
    /// The record of a management review (9.3.3): its decisions and actions.
    public var evidenceSpec: RegisterEvidenceSpec? {
        var lines = ["Management review held on \(content.heldOn)."]
        if !content.decisions.isEmpty {
            lines.append("Decisions: " + content.decisions.map(\.text).joined(separator: "; ") + ".")
        }
        if !actions.isEmpty { lines.append("Actions: " + actions.map(\.text).joined(separator: "; ") + ".") }
        return RegisterEvidenceSpec(
            title: "\(id) Management review: \(content.title)", description: lines.joined(separator: "\n"),
            owner: content.chair ?? recordedBy, effectiveFrom: min(content.heldOn, recordedAt.date),
            requirements: RegisterClauses.keys(RegisterClauses.managementReviews),
            tags: ["management-review", FindingsEvidenceTag.tag(id.description)])
    }
}
