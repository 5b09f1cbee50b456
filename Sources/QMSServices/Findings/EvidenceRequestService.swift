import Foundation
import QMSCore
import QMSStore

/// An evidence request as typed in a form, on the command line or in a JSON body, assembled once
/// here; each problem names its field.
public struct EvidenceRequestInput: Sendable {
    public var engagement: String?
    public var audit: String?
    public var requirement: String?
    public var sample: String?
    /// The username who must answer; empty to take the owner of the requirement's process.
    public var owner: String?
    /// `YYYY-MM-DD`.
    public var due: String?

    /// Collects the raw values.
    public init(
        engagement: String? = nil, audit: String? = nil, requirement: String? = nil, sample: String? = nil,
        owner: String? = nil, due: String?
    ) {
        self.engagement = engagement
        self.audit = audit
        self.requirement = requirement
        self.sample = sample
        self.owner = owner
        self.due = due
    }

    /// The parts, parsed; the owner may still be empty.
    func parsed() throws(DomainError) -> EvidenceRequestDraft {
        func text(_ value: String?) -> String? {
            guard let value = value?.trimmingWhitespace(), !value.isEmpty else { return nil }
            return value
        }
        var engagementID: EngagementID?
        if let value = text(engagement) {
            do { engagementID = try EngagementID(parsing: value) } catch {
                throw .invalidValue(
                    field: "engagement", value: value, expected: .written(format: "ENG-YYYY-NN", example: "ENG-2026-01")
                )
            }
        }
        var auditID: AuditID?
        if let value = text(audit) {
            do { auditID = try AuditID(parsing: value) } catch {
                throw .invalidValue(
                    field: "audit", value: value, expected: .written(format: "AUD-YYYY-NN", example: "AUD-2026-01"))
            }
        }
        var key: RequirementKey?
        if let value = text(requirement) {
            do { key = try RequirementKey(parsing: value) } catch {
                throw .invalidValue(
                    field: "requirement", value: value,
                    expected: .written(format: "standard:number", example: "iso-9001-2015:8.5.1"))
            }
        }
        guard let dueText = text(due) else { throw .invalidValue(field: "due", value: "", expected: .dateWritten) }
        let day: CalendarDate
        do { day = try CalendarDate(parsing: dueText) } catch {
            throw .invalidValue(field: "due", value: dueText, expected: .dateWritten)
        }
        return EvidenceRequestDraft(
            engagement: engagementID, audit: auditID, requirement: key, sample: sample, owner: owner ?? "", due: day)
    }
}

/// Evidence requests (ISO 19011 6.4.7): an auditor asks, the process owner answers with evidence
/// records, the auditor accepts or returns the answer.
///
/// The acting user's rights are checked here, once, for the web, the API and the command line. An
/// actor who is no user of the system (the command line run by whoever holds the database file)
/// acts with an administrator's rights, as every other command does.
public struct EvidenceRequestService: Sendable {
    let qms: QMS

    /// Records a request. An engagement account asks only within an engagement that names it,
    /// open today, for a requirement its scope covers; the owner defaults to the owner of the
    /// process the register links to the requirement.
    public func ask(_ input: EvidenceRequestInput) async throws -> EvidenceRequest {
        let parsed = try input.parsed()
        let today = try await qms.engagements.today()
        let actor = qms.actor
        return try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            var draft = parsed
            let reader = writer.reader
            let user = try reader.user(actor)
            if let user, !user.can(.recordAudits) {
                throw DomainError.ruleViolated(.evidenceRequestNeedsAuditor, fix: .someoneElse)
            }
            var engagement: Engagement?
            if let id = draft.engagement {
                guard let found = try reader.engagement(id) else {
                    throw DomainError.notFound(kind: .engagement, id: id.description, hint: nil)
                }
                engagement = found
            }
            if let id = draft.audit, try reader.audit(id) == nil {
                throw DomainError.notFound(kind: .audit, id: id.description, hint: .lookUp(.audit))
            }
            if let user, user.role == .auditor {
                let theirs = try reader.engagements(naming: user.username)
                if !theirs.isEmpty {
                    // An engagement account: inside one of its own engagements, open today.
                    if engagement == nil, theirs.count(where: { $0.window(on: today) == .open }) == 1 {
                        engagement = theirs.first { $0.window(on: today) == .open }
                        draft.engagement = engagement?.id
                    }
                    guard let engagement, engagement.names(user.username), engagement.window(on: today) == .open
                    else {
                        throw DomainError.ruleViolated(
                            .evidenceRequestOutsideEngagement, fix: .give(["engagement"]))
                    }
                    if let key = draft.requirement,
                        !EngagementAccess.covers(engagement.content.scope, .requirement(key))
                    {
                        throw DomainError.ruleViolated(
                            .evidenceRequestOutsideScope, ["requirement": "\(key)", "engagement": "\(engagement.id)"],
                            fix: .give(["requirement"]))
                    }
                }
            }
            if let key = draft.requirement, try !reader.requirementExists(key) {
                throw DomainError.notFound(
                    kind: .requirement, id: key.description, hint: .lookUp(.standard, scope: key.standard.rawValue))
            }
            if draft.owner.isEmpty, let key = draft.requirement {
                draft.owner = try Self.processOwner(of: key, reader) ?? ""
            }
            try draft.validate(today: today)
            guard let owner = try reader.user(draft.owner), owner.active else {
                throw DomainError.ruleViolated(
                    .evidenceRequestOwnerUnknown, ["owner": "\(draft.owner)"], fix: .give(["owner"]))
            }
            draft.owner = owner.username
            return try writer.insertEvidenceRequest(draft, year: today.year)
        }
    }

    /// The owner's answer: existing evidence records, and a new one logged in the same step
    /// through the evidence service's one `add` when `newEvidence` is given. Within an engagement,
    /// evidence its auditors could not open (restricted and not granted, or outside its scope) is
    /// refused before anything is written, so that an auditor is never asked to accept what they
    /// cannot see; the owner picks other evidence or asks the organisation to widen the engagement.
    public func answer(
        _ id: EvidenceRequestID, evidence: [EvidenceID], note: String?,
        newEvidence: (draft: EvidenceDraft, files: [URL], names: [String]?)? = nil
    ) async throws -> EvidenceRequest {
        let actor = qms.actor
        let engagement = try await qms.store.reading { reader in
            let request = try Self.request(id, reader)
            if let user = try reader.user(actor) { try EvidenceRequestRules.checkAnswerer(user, of: request) }
            // The status is checked before any evidence is logged.
            var probe = request
            try probe.answer(
                evidence: [EvidenceID(year: 2000, number: 1)], note: note, by: actor, at: Instant(secondsSince1970: 0))
            return try request.content.engagement.flatMap { try reader.engagement($0) }
        }
        var ids = evidence
        for evidenceID in evidence {
            let record = try await qms.evidence.latest(evidenceID)
            if let engagement { try EvidenceRequestRules.checkVisible(record, to: engagement) }
        }
        if let newEvidence {
            if let engagement {
                let probe = EvidenceRecord(
                    id: EvidenceID(year: 2000, number: 1), revision: 1, content: newEvidence.draft, files: [],
                    status: newEvidence.draft.status, recordedAt: qms.instant, recordedBy: actor)
                try EvidenceRequestRules.checkVisible(probe, to: engagement)
            }
            let record = try await qms.evidence.add(
                newEvidence.draft, files: newEvidence.files, names: newEvidence.names)
            ids.append(record.id)
        }
        let given = ids
        return try await step(id) { request, _ throws(DomainError) in
            try request.answer(evidence: given, note: note, by: actor, at: qms.instant)
            return "answer"
        }
    }

    /// The auditor accepts the answer.
    public func accept(_ id: EvidenceRequestID) async throws -> EvidenceRequest {
        let actor = qms.actor
        return try await step(id, auditor: true) { request, _ throws(DomainError) in
            try request.accept(by: actor, at: qms.instant)
            return "accept"
        }
    }

    /// The auditor returns the answer with a comment saying what is missing.
    public func sendBack(_ id: EvidenceRequestID, comment: String) async throws -> EvidenceRequest {
        let actor = qms.actor
        return try await step(id, auditor: true) { request, _ throws(DomainError) in
            try request.sendBack(comment: comment, by: actor, at: qms.instant)
            return "return"
        }
    }

    /// The auditor withdraws the request.
    public func withdraw(_ id: EvidenceRequestID, reason: String?) async throws -> EvidenceRequest {
        let actor = qms.actor
        return try await step(id, auditor: true) { request, _ throws(DomainError) in
            try request.withdraw(reason: reason, by: actor, at: qms.instant)
            return "withdraw"
        }
    }

    /// One request.
    public func get(_ id: EvidenceRequestID) async throws -> EvidenceRequest {
        try await qms.store.reading { try Self.request(id, $0) }
    }

    /// The requests a filter selects, newest first.
    public func list(_ filter: EvidenceRequestFilter = EvidenceRequestFilter()) async throws -> [EvidenceRequest] {
        try await qms.store.reading { try $0.evidenceRequests(filter) }
    }

    /// The requests `user` may read: an engagement account only its engagements' requests;
    /// everyone else every request.
    public func visible(to user: User, _ filter: EvidenceRequestFilter = EvidenceRequestFilter()) async throws
        -> [EvidenceRequest]
    {
        let requests = try await list(filter)
        guard user.role == .auditor else { return requests }
        let theirs = Set(try await qms.engagements.engagements(naming: user.username).map(\.id))
        guard !theirs.isEmpty else { return requests }
        return requests.filter { $0.content.engagement.map { theirs.contains($0) } ?? false }
    }

    /// Whether `user` may read `request`: an engagement account only its engagements' requests.
    public func mayRead(_ request: EvidenceRequest, _ user: User) async throws -> Bool {
        guard user.role == .auditor else { return true }
        let theirs = try await qms.engagements.engagements(naming: user.username)
        guard !theirs.isEmpty else { return true }
        return theirs.contains { $0.id == request.content.engagement }
    }

    private func step(
        _ id: EvidenceRequestID, auditor: Bool = false,
        _ change: @escaping @Sendable (inout EvidenceRequest, StoreReader) throws(DomainError) -> String
    ) async throws -> EvidenceRequest {
        let actor = qms.actor
        return try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            let before = try Self.request(id, writer.reader)
            if let user = try writer.reader.user(actor) {
                if auditor {
                    let engagement = try before.content.engagement.flatMap { try writer.reader.engagement($0) }
                    try EvidenceRequestRules.checkAuditor(user, of: before, engagement: engagement)
                } else {
                    try EvidenceRequestRules.checkAnswerer(user, of: before)
                }
            }
            var after = before
            let action = try change(&after, writer.reader)
            try writer.updateEvidenceRequest(after, before: before, action: action)
            return after
        }
    }

    static func request(_ id: EvidenceRequestID, _ reader: StoreReader) throws -> EvidenceRequest {
        guard let request = try reader.evidenceRequest(id) else {
            throw DomainError.notFound(kind: .evidenceRequest, id: id.description, hint: nil)
        }
        return request
    }

    /// The username of the owner of the first process the register links to `key`, when that
    /// owner is a user (by username or display name).
    static func processOwner(of key: RequirementKey, _ reader: StoreReader) throws -> String? {
        guard let process = try reader.qmsProcesses().first(where: { $0.content.requirements.contains(key) }) else {
            return nil
        }
        let owner = process.content.owner.lowercased()
        return try reader.users().first {
            $0.active && ($0.username.lowercased() == owner || $0.displayName.lowercased() == owner)
        }?.username
    }
}

extension QMS {
    /// Evidence requests of auditors and their answers.
    public var evidenceRequests: EvidenceRequestService { EvidenceRequestService(qms: self) }
}
