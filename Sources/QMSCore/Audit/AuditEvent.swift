/// One entry of the audit trail: who changed what, when, from what to what.
///
/// The trail is hash-chained by the store: `hash` covers the event and `previousHash`, so that no
/// event can be changed, removed or inserted without `eqms verify` noticing.
public struct AuditEvent: Sendable, Hashable, Codable {
    /// Position in the trail, from 1.
    public var sequence: Int64
    /// The instant, UTC, as ISO 8601 with milliseconds (`2026-11-23T14:10:01.123Z`).
    public var at: String
    /// Who did it: the logged-in user or the `--actor` of the CLI.
    public var actor: String
    /// What was done, as `area.verb` (`catalogue.import`, `applicability.set`).
    public var action: String
    /// What it was done to (`standard:iso-9001-2015`, `user:amal`).
    public var entity: String
    /// The entity's content before, as canonical JSON; nil when it was created.
    public var before: String?
    /// The entity's content after, as canonical JSON.
    public var after: String?
    /// The hash of the previous event (64 zeros for the first).
    public var previousHash: String
    /// SHA-256 over the previous hash and this event's fields.
    public var hash: String

    /// Creates an event as read back from the store.
    public init(
        sequence: Int64, at: String, actor: String, action: String, entity: String, before: String?,
        after: String?, previousHash: String, hash: String
    ) {
        self.sequence = sequence
        self.at = at
        self.actor = actor
        self.action = action
        self.entity = entity
        self.before = before
        self.after = after
        self.previousHash = previousHash
        self.hash = hash
    }
}
