import Foundation
import QMSCore

/// Whose calendar a feed is.
public enum CalendarFeedOwner: Sendable, Hashable {
    /// A user's due dates.
    case user(String)
    /// The organisation's audit calendar.
    case organisation

    var username: String? {
        if case .user(let name) = self { return name }
        return nil
    }

    var entity: String { username.map { "calendar-feed:\($0)" } ?? "calendar-feed:organisation" }
}

extension StoreWriter {
    /// Records a feed's secret by its SHA-256, revoking the owner's older feeds: an owner has one
    /// address at a time, so a new one is also how a leaked one is replaced.
    public func createCalendarFeed(sha256: String, for owner: CalendarFeedOwner) throws {
        if let username = owner.username, try reader.user(username) == nil {
            throw DomainError.notFound(kind: .user, id: username, hint: .lookUp(.user))
        }
        try revokeFeeds(of: owner)
        try session.execute(
            "INSERT INTO calendar_feeds (token_sha256, username, created_at, created_by) VALUES (?, ?, ?, ?)", sha256,
            owner.username, instant.description, actor)
        try appendEvent(
            action: "calendar-feed.create", entity: owner.entity, before: nil,
            after: try CanonicalJSON.encode([
                "owner": owner.username ?? "organisation", "token": String(sha256.prefix(12)),
            ]))
    }

    /// Revokes the owner's feed; returns whether there was one.
    @discardableResult
    public func revokeCalendarFeed(of owner: CalendarFeedOwner) throws -> Bool {
        let revoked = try revokeFeeds(of: owner)
        if revoked {
            try appendEvent(
                action: "calendar-feed.revoke", entity: owner.entity, before: nil,
                after: try CanonicalJSON.encode(["owner": owner.username ?? "organisation"]))
        }
        return revoked
    }

    @discardableResult
    private func revokeFeeds(of owner: CalendarFeedOwner) throws -> Bool {
        let condition = owner.username == nil ? "username IS NULL" : "username = ?"
        let arguments: [SQLValue] = owner.username.map { [.text($0)] } ?? []
        let open =
            try session.query(
                "SELECT COUNT(*) AS value FROM calendar_feeds WHERE \(condition) AND revoked_at IS NULL", arguments
            ).first?.firstInt ?? 0
        guard open > 0 else { return false }
        try session.execute(
            "UPDATE calendar_feeds SET revoked_at = ? WHERE \(condition) AND revoked_at IS NULL",
            [.text(instant.description)] + arguments)
        return true
    }
}

extension StoreReader {
    /// The owner of a feed that is not revoked.
    public func calendarFeedOwner(sha256: String) throws -> CalendarFeedOwner? {
        guard
            let row = try session.queryFirst(
                "SELECT username FROM calendar_feeds WHERE token_sha256 = ? AND revoked_at IS NULL", sha256)
        else { return nil }
        return row.optionalString("username").map(CalendarFeedOwner.user) ?? .organisation
    }

    /// When the owner's current feed was made, if they have one.
    public func calendarFeedCreated(for owner: CalendarFeedOwner) throws -> Instant? {
        let condition = owner.username == nil ? "username IS NULL" : "username = ?"
        let arguments: [SQLValue] = owner.username.map { [.text($0)] } ?? []
        return try session.query(
            "SELECT created_at FROM calendar_feeds WHERE \(condition) AND revoked_at IS NULL", arguments
        ).first?.optionalString("created_at").map { try Instant(parsing: $0) }
    }
}
