import Foundation
import QMSCore
import QMSDossier
import QMSStore

/// Private calendar addresses: a user's due dates, and the organisation's audit calendar. The
/// address carries a secret shown once and stored only as its SHA-256; making a new one revokes
/// the old, and revoking it closes the feed at once.
public struct CalendarFeedService: Sendable {
    let qms: QMS

    /// Makes a new secret for `owner`'s feed, revoking the previous one, and returns it.
    public func create(for owner: CalendarFeedOwner) async throws -> String {
        let secret = AccessService.secret(prefix: "cal_")
        try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            try writer.createCalendarFeed(sha256: AccessService.digest(secret), for: owner)
        }
        return secret
    }

    /// Revokes `owner`'s feed; returns whether there was one.
    @discardableResult
    public func revoke(for owner: CalendarFeedOwner) async throws -> Bool {
        try await qms.store.writing(actor: qms.actor, at: qms.now()) { try $0.revokeCalendarFeed(of: owner) }
    }

    /// When `owner`'s current feed was made, if there is one.
    public func created(for owner: CalendarFeedOwner) async throws -> Instant? {
        try await qms.store.reading { try $0.calendarFeedCreated(for: owner) }
    }

    /// The feed a secret opens, as an iCalendar document in the owner's language, or nil when the
    /// secret is unknown or revoked, or its user is no longer active (a deactivated user's feed
    /// closes with their account).
    public func document(secret: String, base: String) async throws -> String? {
        guard secret.hasPrefix("cal_"), secret.count == 68,
            let owner = try await qms.store.reading({ try $0.calendarFeedOwner(sha256: AccessService.digest(secret)) })
        else { return nil }
        switch owner {
        case .user(let username):
            guard let user = try await qms.access.user(username), user.active else { return nil }
            let report = try await qms.due.due(user: username)
            return Calendars.due(
                report.items, user: username, language: user.language ?? .english, base: base, stamp: qms.instant)
        case .organisation:
            let organisation = try await qms.organisation.get()
            let language = organisation?.locale.flatMap { Language(rawValue: String($0.prefix(2))) } ?? .english
            return Calendars.audits(
                try await qms.audits.list().map(\.audit), next: try await qms.audits.nextCertificationAudit(),
                organisation: organisation?.name.text(in: language) ?? "", language: language, base: base,
                stamp: qms.instant)
        }
    }
}

extension QMS {
    /// Private calendar feeds.
    public var calendarFeeds: CalendarFeedService { CalendarFeedService(qms: self) }
}
