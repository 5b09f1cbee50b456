import Foundation
import QMSCore
import QMSFormats
import QMSStore

/// What a Technical Committee decision did.
public struct AWPDecisionReport: Sendable, Codable {
    public var decision: AWPDecision
    public var status: AWPStatus
    /// The evidence record an approval became, when a catalogue with the planning clauses is loaded.
    public var evidence: EvidenceRecord?
}

/// What an approval's evidence record tells of it, for a front end to word in its reader's language.
public struct AWPApproval: Sendable {
    public var awp: PlanID
    public var version: Int
    public var project: LocalizedText
    public var activities: Int
    public var budgetLines: Int
    public var planned: Money
    /// The minutes as the member wrote them.
    public var minutes: String
    /// The member who decided: the username, and the name people know them by.
    public var decidedBy: String
    public var decidedByName: String
}

/// The title and description of an evidence record, as a front end words them.
public struct EvidenceWording: Sendable {
    public var title: String
    public var description: String

    /// Creates a wording.
    public init(title: String, description: String) {
        self.title = title
        self.description = description
    }

    /// The wording when no front end gives one: English, as the command line and the API write it.
    public static func english(_ approval: AWPApproval) -> EvidenceWording {
        EvidenceWording(
            title: "Annual work plan \(approval.awp) v\(approval.version) approved by the Technical Committee",
            description: "Technical Committee minutes: \(approval.minutes)\n\nDecided by \(approval.decidedByName) "
                + "(\(approval.decidedBy)). Project: \(approval.project.en). \(approval.activities) activities, "
                + "\(approval.budgetLines) budget lines, \(approval.planned) planned.")
    }
}

/// The Technical Committee's review of an annual work plan: submission, comments per activity,
/// and the decision with its minutes. An approval becomes an evidence record for ISO 9001 6.2
/// and 8.1 (and the matching ISO/TS 54001 clauses) in the same transaction: planning and quality
/// are one system.
public struct WorkPlanReviewService: Sendable {
    let qms: QMS

    /// The requirements an approved work plan is evidence for: planning to achieve the quality
    /// objectives (6.2.2) and operational planning and control (8.1), in ISO 9001 and ISO/TS
    /// 54001; and the quality objectives themselves (6.2.1) when the strategic plan declares some.
    public static func evidenceRequirements(hasQualityObjectives: Bool) -> [RequirementKey] {
        var numbers = ["6.2.2", "8.1"]
        if hasQualityObjectives { numbers.insert("6.2.1", at: 0) }
        return ["iso-9001-2015", "iso-54001-2019"].flatMap { standard in
            numbers.compactMap { number in try? RequirementKey(parsing: "\(standard):\(number)") }
        }
    }

    /// Submits the latest version to the Technical Committee.
    @discardableResult
    public func submit(_ awp: PlanID) async throws -> AWPVersionStatus {
        try await step(awp, .submit, action: "awp.submit")
    }

    /// A Technical Committee member's comment on an activity of the version under review. The
    /// first comment opens the review (submitted → under review).
    @discardableResult
    public func comment(_ awp: PlanID, activity: ActivityCode, text: String) async throws -> AWPComment {
        let body = text.trimmingWhitespace()
        guard !body.isEmpty, body.count <= 4000 else {
            throw DomainError.invalidValue(
                field: "comment", value: body, expected: .comment)
        }
        let actor = qms.actor
        return try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            let reader = writer.reader
            try AWPWorkflow.checkMayComment(try reader.user(actor), actor: actor)
            let version = try WorkPlanReviewService.latest(awp, reader)
            let next = try AWPWorkflow.status(after: .comment, from: version.status, awp: awp, version: version.version)
            guard version.planSet.workPlan.activity(activity) != nil else {
                throw DomainError.notFound(
                    kind: .activity, id: "\(activity) in \(awp) version \(version.version)",
                    hint: .lookUp(.plan, scope: awp.description))
            }
            if next != version.status {
                try writer.setAWPStatus(
                    awp, version: version.version, from: version.status, to: next, action: "awp.review")
            }
            let comment = AWPComment(
                awp: awp, version: version.version, number: try reader.nextCommentNumber(awp, version: version.version),
                activity: activity, text: body, author: actor, at: writer.instant)
            try writer.insertAWPComment(comment)
            return comment
        }
    }

    /// The Technical Committee's decision on the version under review, with its minutes. Only a
    /// Technical Committee member (or an admin) decides. An approval becomes an evidence record
    /// (a document: the approved plan set as its file, the minutes as its description), worded by
    /// `wording` (the decider's language on the web), English otherwise.
    @discardableResult
    public func decide(
        _ awp: PlanID, _ decision: AWPDecisionKind, minutes: String,
        wording: @Sendable (AWPApproval) -> EvidenceWording = EvidenceWording.english
    ) async throws -> AWPDecisionReport {
        let minutes = minutes.trimmingWhitespace()
        guard minutes.count >= 5 else {
            throw DomainError.invalidValue(
                field: "minutes", value: minutes, expected: .minutes)
        }
        let actor = qms.actor
        let step = AWPWorkflow.step(for: decision)
        // Checked before anything is stored, then again inside the transaction.
        let (user, version) = try await qms.store.reading { reader in
            (try reader.user(actor), try WorkPlanReviewService.latest(awp, reader))
        }
        try AWPWorkflow.checkMayDecide(user, actor: actor)
        let next = try AWPWorkflow.status(after: step, from: version.status, awp: awp, version: version.version)

        var prepared: (file: StoredFile, reference: EvidenceFile, draft: EvidenceDraft)?
        if decision == .approve {
            prepared = try await prepareEvidence(version, minutes: minutes, decider: user, wording: wording)
        }
        let evidence = prepared
        let report = try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            let reader = writer.reader
            try AWPWorkflow.checkMayDecide(try reader.user(actor), actor: actor)
            let current = try WorkPlanReviewService.latest(awp, reader)
            guard current.version == version.version, current.status == version.status else {
                throw DomainError.ruleViolated(
                    .planChangedDuringDecision, ["id": "\(awp)"], fix: .advice(.lookAgainAndRetry))
            }
            try writer.setAWPStatus(
                awp, version: version.version, from: version.status, to: next,
                action: decision == .approve ? "awp.approve" : "awp.revise")
            var record: EvidenceRecord?
            if let evidence {
                try writer.registerStoredFile(evidence.file)
                let year = writer.instant.date.year
                let number = try writer.nextSequenceValue("EV", year: year)
                let created = EvidenceRecord(
                    id: EvidenceID(year: year, number: number), revision: 1, content: evidence.draft,
                    files: [evidence.reference], status: .current, recordedAt: writer.instant, recordedBy: actor)
                try writer.insertEvidence(created)
                record = created
            }
            let stored = AWPDecision(
                awp: awp, version: version.version, decision: decision, minutes: minutes, decidedBy: actor,
                at: writer.instant, evidence: record?.id)
            try writer.insertAWPDecision(stored)
            return AWPDecisionReport(decision: stored, status: next, evidence: record)
        }
        qms.logger.info(
            "work plan decided",
            metadata: ["awp": "\(awp)", "version": "\(version.version)", "decision": "\(decision.rawValue)"])
        return report
    }

    /// The evidence an approval becomes: the approved plan set written to the file store (flushed
    /// before the transaction that refers to it), and the record's content.
    private func prepareEvidence(
        _ version: AWPVersion, minutes: String, decider: User?, wording: (AWPApproval) -> EvidenceWording
    ) async throws -> (file: StoredFile, reference: EvidenceFile, draft: EvidenceDraft)? {
        let wanted = WorkPlanReviewService.evidenceRequirements(
            hasQualityObjectives: version.planSet.strategicPlan?.hasQualityObjectives ?? false)
        let keys = try await qms.store.reading { reader in try wanted.filter { try reader.requirementExists($0) } }
        guard !keys.isEmpty else {
            qms.logger.warning("no catalogue with ISO 9001 6.2/8.1 is loaded: the approval makes no evidence")
            return nil
        }
        let name = "awp-\(version.awp)-v\(version.version)-approved.xml"
        let data = PlanWriter.xml(version.planSet, version: version.version, status: .approved)
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent(
            "eqms-\(UUID().uuidString)-\(name)")
        do {
            try data.write(to: temporary)
        } catch {
            throw ServiceError.cannotWriteFile(path: temporary.path)
        }
        defer { try? FileManager.default.removeItem(at: temporary) }
        let stored = try qms.files.store(contentsOf: temporary, displayName: name)
        let today = qms.today
        let year = version.planSet.workPlan.year
        let endOfYear = try CalendarDate(year: year, month: 12, day: 31)
        let plan = version.planSet.workPlan
        let words = wording(
            AWPApproval(
                awp: version.awp, version: version.version, project: plan.project,
                activities: plan.activities.count, budgetLines: plan.budgetLines.count, planned: plan.totalPlanned,
                minutes: minutes, decidedBy: qms.actor,
                decidedByName: decider.map { $0.displayName.isEmpty ? qms.actor : $0.displayName } ?? qms.actor))
        let draft = EvidenceDraft(
            title: words.title, description: words.description,
            kind: .document, owner: qms.actor, effectiveFrom: today,
            effectiveTo: endOfYear >= today ? endOfYear : nil, collectedOn: today,
            validUntil: endOfYear >= today ? endOfYear : nil, confidentiality: .internal, status: .current,
            requirements: keys, tags: ["awp", "awp-\(version.awp)", "technical-committee"])
        try draft.validate(hasFiles: true)
        return (
            stored,
            EvidenceFile(sha256: stored.sha256, size: stored.size, originalName: name, mediaType: stored.mediaType),
            draft
        )
    }

    private func step(_ awp: PlanID, _ step: AWPStep, action: String) async throws -> AWPVersionStatus {
        try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            let version = try WorkPlanReviewService.latest(awp, writer.reader)
            let next = try AWPWorkflow.status(after: step, from: version.status, awp: awp, version: version.version)
            try writer.setAWPStatus(awp, version: version.version, from: version.status, to: next, action: action)
            return AWPVersionStatus(version: version.version, status: next)
        }
    }

    /// The latest version of an AWP, or an error naming it.
    static func latest(_ awp: PlanID, _ reader: StoreReader) throws -> AWPVersion {
        guard let version = try reader.awpVersion(awp) else {
            throw DomainError.notFound(
                kind: .annualWorkPlan, id: awp.rawValue,
                hint: .run(.importPlan))
        }
        return version
    }
}
