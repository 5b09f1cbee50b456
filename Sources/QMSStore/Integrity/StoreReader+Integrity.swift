import Foundation
import QMSCore

/// A file content the database has registered (`stored_files`).
public struct RegisteredFile: Sendable, Hashable, Codable {
    public var sha256: String
    public var size: Int64
}

/// The end of the audit trail: its last event's number and hash. Written down (in a backup
/// manifest, say), it shows later that nothing was cut from the end of the trail.
public struct AuditHead: Sendable, Hashable, Codable {
    public var sequence: Int64
    public var hash: String

    /// Creates a head.
    public init(sequence: Int64, hash: String) {
        self.sequence = sequence
        self.hash = hash
    }
}

extension StoreReader {
    /// Up to `limit` audit events after sequence number `after`, in order: the trail read in pages.
    public func events(after sequence: Int64, limit: Int) throws -> [AuditEvent] {
        try session.query(
            "SELECT * FROM audit_events WHERE seq > ? ORDER BY seq LIMIT \(max(1, limit))", sequence
        ).map(StoreReader.event)
    }

    /// The number of audit events.
    public func eventCount() throws -> Int {
        Int(try session.scalarInt("SELECT COUNT(*) AS value FROM audit_events") ?? 0)
    }

    /// The end of the audit trail, if it has any event.
    public func auditHead() throws -> AuditHead? {
        try lastEvent().map { AuditHead(sequence: $0.sequence, hash: $0.hash) }
    }

    /// Every registered file content, by hash.
    public func registeredFiles() throws -> [RegisteredFile] {
        try session.query("SELECT sha256, size FROM stored_files ORDER BY sha256").map { row in
            RegisteredFile(sha256: try row.string("sha256"), size: try row.int("size"))
        }
    }

    /// The entities of the trail whose identifier (after the kind) is `id`: `EV-2026-0042` →
    /// `evidence:EV-2026-0042`, so that people need not type the kind.
    public func entities(named id: String) throws -> [String] {
        let escaped =
            id.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
        return try session.query(
            "SELECT DISTINCT entity FROM audit_events WHERE entity LIKE ? ESCAPE '\\' ORDER BY entity", "%:" + escaped
        ).map { try $0.string("entity") }
    }
}
