import Foundation
import QMSCore
import QMSStore

/// One entry of an engagement's access list: who opened what, when.
public struct EngagementAccessEntry: Sendable, Hashable, Codable {
    /// When (UTC).
    public var at: String
    /// The auditor's username.
    public var auditor: String
    /// `record` or `file`.
    public var kind: String
    /// The record opened (`evidence:EV-2026-0042`).
    public var record: String
    /// The file's name, when a file was opened.
    public var file: String?
    /// The file's SHA-256, when a file was opened.
    public var sha256: String?
}

/// The external auditors' access: engagements of a certification body, the rule that keeps an
/// engagement account inside its window and scope, and the record of what auditors open.
public struct EngagementService: Sendable {
    let qms: QMS

    /// Records a new engagement. Each auditor must be an active local account (with a password:
    /// directory accounts are the commission's own people) of the auditor role.
    public func add(_ draft: EngagementDraft) async throws -> Engagement {
        try draft.validate()
        let year = try await today().year
        return try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            for username in draft.auditors {
                guard let user = try writer.reader.user(username) else {
                    throw DomainError.notFound(kind: .user, id: username, hint: .lookUp(.user))
                }
                guard user.role == .auditor else {
                    throw DomainError.ruleViolated(
                        .engagementAuditorRole, ["user": "\(username)", "role": .term(user.role)],
                        fix: .give(["auditors"]))
                }
                guard try writer.reader.passwordHash(for: username) != nil else {
                    throw DomainError.ruleViolated(
                        .engagementAccountNotLocal, ["user": "\(username)"], fix: .give(["auditors"]))
                }
            }
            return try writer.insertEngagement(draft, year: year)
        }
    }

    /// Every engagement, newest first.
    public func list() async throws -> [Engagement] {
        try await qms.store.reading { try $0.engagements() }
    }

    /// One engagement.
    public func get(_ id: EngagementID) async throws -> Engagement {
        guard let engagement = try await qms.store.reading({ try $0.engagement(id) }) else {
            throw DomainError.notFound(kind: .engagement, id: id.description, hint: nil)
        }
        return engagement
    }

    /// Closes an engagement today, before its window runs out: its auditors' access ends at once.
    public func close(_ id: EngagementID) async throws -> Engagement {
        let day = try await today()
        return try await qms.store.writing(actor: qms.actor, at: qms.now()) { try $0.closeEngagement(id, on: day) }
    }

    /// The engagements that name `username`, newest first.
    public func engagements(naming username: String) async throws -> [Engagement] {
        try await qms.store.reading { try $0.engagements(naming: username) }
    }

    /// What `username` opened under an engagement (or, with nil, what internal auditors opened),
    /// newest first.
    public func access(_ id: EngagementID?, limit: Int = 500) async throws -> [EngagementAccessEntry] {
        if let id { _ = try await get(id) }
        let events = try await qms.store.reading { try $0.recordViews(id, limit: limit) }
        return events.compactMap { event in
            guard let json = event.after, let view = try? JSONDecoder().decode(RecordView.self, from: Data(json.utf8))
            else { return nil }
            return EngagementAccessEntry(
                at: event.at, auditor: event.actor, kind: event.action == "file.view" ? "file" : "record",
                record: view.record, file: view.file, sha256: view.sha256)
        }
    }

    /// Today in the organisation's time zone: engagements' windows are its days.
    public func today() async throws -> CalendarDate {
        let now = qms.now()
        let zone = try await qms.organisation.get()?.timeZone.flatMap { TimeZone(identifier: $0) }
        let offset = zone.map { Double($0.secondsFromGMT(for: now)) } ?? 0
        return Instant(secondsSince1970: now.timeIntervalSince1970 + offset).date
    }

    /// Whether `user` may see `item` today. Only auditors can be engagement accounts; anyone else
    /// is not concerned.
    public func decide(_ user: User, item: EngagementItem) async throws -> EngagementDecision {
        guard user.role == .auditor else { return .notEngaged }
        let engagements = try await engagements(naming: user.username)
        guard !engagements.isEmpty else { return .notEngaged }
        return EngagementAccess.decide(user.username, item: item, on: try await today(), engagements: engagements)
    }

    /// The evidence records `user` may see when an engagement names them (nil when none does, or
    /// when one open engagement covers everything: the ordinary rules apply); restricted evidence is
    /// left out unless an open engagement grants it.
    public func evidenceInScope(for user: User) async throws -> [EvidenceID]? {
        guard user.role == .auditor else { return nil }
        let engagements = try await engagements(naming: user.username)
        guard !engagements.isEmpty else { return nil }
        let day = try await today()
        // An open engagement of unlimited scope that grants restricted evidence sees everything:
        // no list of records to read and send to the database.
        let unlimited = EngagementScope()
        if engagements.contains(where: {
            $0.window(on: day) == .open && $0.content.scope == unlimited && $0.content.grantsRestricted
        }) {
            return nil
        }
        return try await qms.evidence.list().filter { record in
            if case .allowed = EngagementAccess.decide(
                user.username, item: .evidence(record.content), on: day, engagements: engagements)
            {
                return true
            }
            return false
        }.map(\.id)
    }

    /// Refuses the sign-in of an engagement account outside its window, saying when it opens or
    /// that it has ended.
    public func checkSignIn(_ user: User) async throws {
        if case .outsideWindow(let opensOn) = try await decide(user, item: .page) {
            throw opensOn.map { AccessError.engagementNotOpen(opensOn: $0) } ?? AccessError.engagementEnded
        }
    }

    /// Records in the audit trail that an auditor opened a record or one of its files; anyone
    /// not of the auditor role is not recorded (their reading is the ordinary use of the system).
    public func recordView(
        by user: User, record: String, file: String? = nil, sha256: String? = nil, under decision: EngagementDecision
    ) async throws {
        guard user.role == .auditor else { return }
        var engagement: EngagementID?
        if case .allowed(let id) = decision { engagement = id }
        let view = RecordView(engagement: engagement, record: record, file: file, sha256: sha256)
        try await qms.store.writing(actor: user.username, at: qms.now()) { writer in
            try writer.recordView(view, file: file != nil)
        }
    }
}

extension QMS {
    /// Engagements of certification bodies and their auditors' access.
    public var engagements: EngagementService { EngagementService(qms: self) }
}
