import QMSCore

/// Where the audit trail breaks: an event that was changed, removed, or no longer links to the one
/// before it.
public struct AuditChainBreak: Sendable, Hashable, Codable {
    /// What is wrong with the chain at this point.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The event's hash no longer matches its fields: it was edited.
        case altered
        /// The event names a previous hash other than the previous event's: an event before it was
        /// removed, inserted or re-hashed.
        case unlinked
        /// Sequence numbers are missing: events were deleted.
        case missing
    }

    public var kind: Kind
    /// The event at which the break shows (for `missing`, the first missing number).
    public var sequence: Int64
    /// For `missing`, the last missing number.
    public var lastMissing: Int64?
    /// The event's action and entity, when the event exists.
    public var action: String?
    public var entity: String?
}

/// Checks the audit trail one event at a time, so that a trail of millions of events is read in
/// pages rather than whole (``AuditChain/verify(_:)`` checks a list in memory).
public struct AuditChainVerifier: Sendable {
    private var expected: Int64 = 1
    private var previousHash = AuditChain.genesisHash
    /// The last event checked.
    public private(set) var head: AuditEvent?
    /// How many events were checked.
    public private(set) var count = 0

    /// A verifier at the start of the trail.
    public init() {}

    /// Checks the next event, in sequence order; returns the breaks it shows.
    public mutating func check(_ event: AuditEvent) -> [AuditChainBreak] {
        var breaks: [AuditChainBreak] = []
        count += 1
        if event.sequence != expected {
            breaks.append(
                AuditChainBreak(
                    kind: .missing, sequence: expected, lastMissing: event.sequence - 1, action: nil, entity: nil))
        } else if event.previousHash != previousHash {
            // Not repeated after a gap: the gap already explains why the link is broken.
            breaks.append(
                AuditChainBreak(
                    kind: .unlinked, sequence: event.sequence, lastMissing: nil, action: event.action,
                    entity: event.entity))
        }
        let recomputed = try? AuditChain.hash(
            sequence: event.sequence, at: event.at, actor: event.actor, action: event.action, entity: event.entity,
            before: event.before, after: event.after, previousHash: event.previousHash)
        if recomputed != event.hash {
            breaks.append(
                AuditChainBreak(
                    kind: .altered, sequence: event.sequence, lastMissing: nil, action: event.action,
                    entity: event.entity))
        }
        previousHash = event.hash
        expected = event.sequence + 1
        head = event
        return breaks
    }
}
