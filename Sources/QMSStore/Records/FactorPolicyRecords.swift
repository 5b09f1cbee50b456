import Foundation
import QMSCore

/// What the audit trail records of the second-factor policy: the required roles, sorted, and the
/// grace period.
struct FactorPolicyRecord: Encodable {
    var requiredRoles: [String]
    var graceDays: Int

    init(_ policy: FactorPolicy) {
        requiredRoles = policy.orderedRoles.map(\.rawValue)
        graceDays = policy.graceDays
    }

    /// The one entity the trail names the policy by.
    static let entity = "factor-policy"
}

extension StoreReader {
    /// The second-factor policy; ``FactorPolicy/none`` until an administrator sets one.
    public func factorPolicy() throws -> FactorPolicy {
        guard let row = try session.queryFirst("SELECT required_roles, grace_days FROM factor_policy WHERE id = 1")
        else { return .none }
        var roles: Set<Role> = []
        for name in try row.string("required_roles").split(separator: " ") {
            guard let role = Role(rawValue: String(name)) else {
                throw StoreError.corrupt(column: "factor_policy.required_roles", reason: "holds \"\(name)\"")
            }
            roles.insert(role)
        }
        do {
            return try FactorPolicy(requiredRoles: roles, graceDays: Int(try row.int("grace_days")))
        } catch {
            throw StoreError.corrupt(column: "factor_policy.grace_days", reason: "is out of range")
        }
    }

    /// When the policy first found `username` without a second factor, if it has.
    public func factorGraceStart(_ username: String) throws -> Instant? {
        try session.queryFirst("SELECT started_at FROM factor_grace WHERE username = ?", username).map {
            Instant(millisecondsSince1970: try $0.int("started_at"))
        }
    }

    /// The policy as the trail records it, when one was set.
    func factorPolicyRecord() throws -> String? {
        guard try session.queryFirst("SELECT id FROM factor_policy WHERE id = 1") != nil else { return nil }
        return try CanonicalJSON.encode(FactorPolicyRecord(try factorPolicy()))
    }
}

extension StoreWriter {
    /// Sets the second-factor policy, with its event (`factor-policy.set`). A role that becomes
    /// required gives its users a whole grace period from now, whatever an earlier policy started.
    public func setFactorPolicy(_ policy: FactorPolicy) throws {
        let before = try reader.factorPolicyRecord()
        let earlier = try reader.factorPolicy()
        try session.execute(
            """
            INSERT INTO factor_policy (id, required_roles, grace_days) VALUES (1, ?, ?)
            ON CONFLICT (id) DO UPDATE SET required_roles = excluded.required_roles, grace_days = excluded.grace_days
            """, policy.orderedRoles.map(\.rawValue).joined(separator: " "), Int64(policy.graceDays))
        for role in policy.requiredRoles.subtracting(earlier.requiredRoles) {
            try session.execute(
                "DELETE FROM factor_grace WHERE username IN (SELECT username FROM users WHERE role = ?)", role.rawValue)
        }
        let after = try reader.factorPolicyRecord()
        guard after != before else { return }
        try appendEvent(action: "factor-policy.set", entity: FactorPolicyRecord.entity, before: before, after: after)
    }

    /// Records that the policy found `username` without a second factor at `instant`, unless it
    /// already had; returns when the grace period started.
    public func startFactorGrace(_ username: String, at instant: Instant) throws -> Instant {
        try session.execute(
            "INSERT INTO factor_grace (username, started_at) VALUES (?, ?) ON CONFLICT (username) DO NOTHING",
            username, instant.millisecondsSince1970)
        return try reader.factorGraceStart(username) ?? instant
    }
}
