import QMSCore
import QMSStore

/// A checklist item recorded, with the finding it raised, if it raised one now.
public struct AuditCheckOutcome: Sendable, Encodable {
    public var audit: Audit
    public var item: AuditChecklistItem
    /// The nonconformity, observation or opportunity for improvement raised by this recording;
    /// none when the item raises nothing or raised its finding before.
    public var raised: Nonconformity?
}

extension AuditService {
    /// Sets an audit's plan (ISO 19011 6.3.2), replacing the one set before. Each sitting falls
    /// within the audit's days and its auditors are on the audit team; for an internal audit, no
    /// auditor audits a process they own (ISO 9001 9.2.2 c), whether the process register names
    /// them its owner or their account keeps its evidence.
    @discardableResult
    public func schedule(_ id: AuditID, _ plan: AuditPlan) async throws -> Audit {
        try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            let before = try Self.audit(id, writer.reader)
            try plan.validate(for: before.content, owners: try Self.owners(writer.reader))
            var after = before
            after.plan = plan
            guard after != before else { return before }
            try writer.updateAuditWork(after, before: before, action: "audit.schedule")
            return after
        }
    }

    /// Generates an audit's checklist from its scope: the requirements it names, then those the
    /// process register links to each process in scope. Generating again adds what the scope
    /// gained and keeps every item already recorded.
    @discardableResult
    public func generateChecklist(_ id: AuditID) async throws -> Audit {
        try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            let before = try Self.audit(id, writer.reader)
            let after = try Self.withChecklist(before, writer.reader)
            guard after != before else { return before }
            try writer.updateAuditWork(after, before: before, action: "audit.checklist")
            return after
        }
    }

    /// Records what the auditor found on one item (the checklist is generated first when the
    /// audit has none). A nonconforming item, or an observation, raises its finding in the
    /// nonconformity register at once, linked to the audit and the requirement, its corrective
    /// action at `reported`; saving the item again raises nothing more.
    @discardableResult
    public func check(_ id: AuditID, _ check: AuditCheck) async throws -> AuditCheckOutcome {
        let actor = qms.actor
        let today = qms.today
        let outcome = try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            let reader = writer.reader
            let before = try Self.audit(id, reader)
            try FindingsChecks.evidenceExists(check.evidence, reader)
            var after = try before.checklist == nil ? Self.withChecklist(before, reader) : before
            var checklist = try (after.checklist ?? AuditChecklist(items: [])).recording(check, by: actor, on: today)
            var raised: Nonconformity?
            if let index = checklist.items.firstIndex(where: { $0.requirement == check.requirement }),
                let draft = checklist.items[index].findingDraft(of: after)
            {
                let finding = try NonconformityService.raise(draft, by: actor, writer: writer)
                checklist.items[index].finding = finding.id
                raised = finding
            }
            after.checklist = checklist
            let item = checklist.item(check.requirement) ?? AuditChecklistItem(requirement: check.requirement)
            if after != before { try writer.updateAuditWork(after, before: before, action: "audit.check") }
            return AuditCheckOutcome(audit: after, item: item, raised: raised)
        }
        if let raised = outcome.raised {
            qms.logger.info(
                "checklist finding raised", metadata: ["audit": "\(id)", "id": "\(raised.id)", "actor": "\(actor)"])
        }
        return outcome
    }

    /// Who owns which process, for the independence rule: each user's processes (under their
    /// username and their display name), and each process of the register under its owner. A
    /// process goes by its code, its electoral process and its name alike: owning EP-04 is owning
    /// the register's vote-casting process, whichever name the plan uses.
    static func owners(_ reader: StoreReader) throws -> [String: [String]] {
        let aliases = try reader.qmsProcesses().map { process in
            let content = process.content
            return [content.code.description, content.name] + [content.electoralProcess?.rawValue].compactMap { $0 }
        }
        var owners: [String: [String]] = [:]
        for user in try reader.users() where !user.processes.isEmpty {
            owners[user.username, default: []] += user.processes
            owners[user.displayName, default: []] += user.processes
        }
        for (process, names) in zip(try reader.qmsProcesses(), aliases) {
            owners[process.content.owner, default: []] += names
        }
        return owners.mapValues { owned in
            let lowered = Set(owned.map { $0.lowercased() })
            return owned
                + aliases.filter { names in names.contains { lowered.contains($0.lowercased()) } }.flatMap { $0 }
        }
    }

    private static func audit(_ id: AuditID, _ reader: StoreReader) throws -> Audit {
        guard let audit = try reader.audit(id) else {
            throw DomainError.notFound(kind: .audit, id: id.description, hint: .lookUp(.audit))
        }
        return audit
    }

    private static func withChecklist(_ audit: Audit, _ reader: StoreReader) throws -> Audit {
        var audit = audit
        audit.checklist = AuditChecklist.generate(
            scope: audit.content.scope, processes: try reader.qmsProcesses().map(\.content), keeping: audit.checklist)
        return audit
    }
}
