import Foundation
import QMSCore

extension AuditedRegisters {
    /// The plans: annual work plan versions with their review, comments, decisions and
    /// expenditure (`awp:`), and the strategic plans they carry (`plan:`).
    public static let plans: [AuditedRegister] = [workPlans, strategicPlans]

    /// Work plans. An import records the version's fingerprint, whose content SHA-256 is taken
    /// again over the plan set the database holds, so a changed activity or budget line is caught;
    /// a status step updates the fingerprint's status; comments, decisions and expenditure entries
    /// are records of their own.
    public static let workPlans = AuditedRegister(
        kind: "awp", noun: "annual work plan records", contentActions: nil,
        current: { reader in
            var records: [String: String] = [:]
            for listing in try reader.awpListings() {
                let entity = "awp:\(listing.awp)"
                for (number, _) in try reader.awpVersionStatuses(listing.awp) {
                    guard let version = try reader.awpVersion(listing.awp, version: number) else { continue }
                    // The hash is taken again over what the database holds now, not read from the row.
                    let content = try AWPVersionFingerprint.contentSHA256(version.planSet)
                    records["\(entity) version \(number)"] = try CanonicalJSON.encode(
                        AWPVersionFingerprint(version, contentSHA256: content))
                }
                for comment in try reader.awpComments(listing.awp) {
                    records["\(entity) version \(comment.version) comment \(comment.number)"] =
                        try CanonicalJSON.encode(
                            comment)
                }
                for decision in try reader.awpDecisions(listing.awp) {
                    records["\(entity) version \(decision.version) decision"] = try CanonicalJSON.encode(decision)
                }
                for entry in try reader.expenditures(listing.awp) {
                    records["\(entity) expense \(entry.number)"] = try CanonicalJSON.encode(entry)
                }
            }
            return records
        },
        replay: { event, expected in
            guard let after = event.after else { return }
            let decoder = JSONDecoder()
            let data = Data(after.utf8)
            switch event.action {
            case "awp.import":
                let fingerprint = try decoder.decode(AWPVersionFingerprint.self, from: data)
                expected["\(event.entity) version \(fingerprint.version)"] = after
            case "awp.submit", "awp.review", "awp.approve", "awp.revise":
                let change = try decoder.decode(AWPStatusRecord.self, from: data)
                let key = "\(event.entity) version \(change.version)"
                guard let recorded = expected[key] else { return }
                var fingerprint = try decoder.decode(AWPVersionFingerprint.self, from: Data(recorded.utf8))
                fingerprint.status = change.status
                expected[key] = try CanonicalJSON.encode(fingerprint)
            case "awp.comment":
                let comment = try decoder.decode(AWPComment.self, from: data)
                expected["\(event.entity) version \(comment.version) comment \(comment.number)"] = after
            case "awp.decide":
                let decision = try decoder.decode(AWPDecision.self, from: data)
                expected["\(event.entity) version \(decision.version) decision"] = after
            case "expense.add":
                let entry = try decoder.decode(Expenditure.self, from: data)
                expected["\(event.entity) expense \(entry.number)"] = after
            default:
                break
            }
        },
        references: [
            RecordReference(
                target: .requirement,
                danglingQuery: """
                    SELECT 'awp:' || l.awp_id AS record, l.target AS target
                    FROM awp_activity_links l
                    WHERE l.kind = 'requirement' AND NOT EXISTS (
                        SELECT 1 FROM requirements q WHERE l.target = q.standard_id || ':' || q.number)
                    """)
        ])

    /// Strategic plans, as each imported version carries them (`plan.import`).
    public static let strategicPlans = AuditedRegister(
        kind: "plan", noun: "strategic plans", contentActions: ["plan.import"],
        current: { reader in
            var records: [String: String] = [:]
            for listing in try reader.awpListings() {
                for (number, _) in try reader.awpVersionStatuses(listing.awp) {
                    guard let version = try reader.awpVersion(listing.awp, version: number),
                        let plan = version.planSet.strategicPlan
                    else { continue }
                    records["plan:\(plan.id) in \(listing.awp) version \(number)"] = try StrategicPlanFingerprint.json(
                        plan, awp: listing.awp, version: number)
                }
            }
            return records
        },
        replay: { event, expected in
            guard let after = event.after else { return }
            let fields = try JSONDecoder().decode([String: String].self, from: Data(after.utf8))
            expected["\(event.entity) in \(fields["awp"] ?? "") version \(fields["version"] ?? "")"] = after
        })
}

/// A status step as the trail records it.
private struct AWPStatusRecord: Decodable {
    var version: Int
    var status: String
}

/// What the trail records of a strategic plan imported with a work plan version.
enum StrategicPlanFingerprint {
    static func json(_ plan: StrategicPlan, awp: PlanID, version: Int) throws -> String {
        try CanonicalJSON.encode([
            "awp": awp.rawValue, "version": String(version), "goals": String(plan.goals.count),
            "objectives": String(plan.objectives.count), "kpis": String(plan.kpis.count),
            "qualityObjectives": String(plan.objectives.filter(\.qualityObjective).count),
        ])
    }
}
