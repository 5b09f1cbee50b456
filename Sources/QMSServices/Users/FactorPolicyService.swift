import QMSCore
import QMSStore

/// The second-factor policy (issue 26): which roles must enrol, with a grace period. Set by an
/// administrator on the web or with `eqms user factor-policy`, each change in the audit trail;
/// read on every request of a signed-in user to find where they stand.
public struct FactorPolicyService: Sendable {
    let qms: QMS

    /// The policy in force.
    public func get() async throws -> FactorPolicy {
        try await qms.store.reading { try $0.factorPolicy() }
    }

    /// Sets the policy: the roles that must enrol and the grace period in days (0 to 365).
    @discardableResult
    public func set(requiredRoles: Set<Role>, graceDays: Int) async throws -> FactorPolicy {
        let policy = try FactorPolicy(requiredRoles: requiredRoles, graceDays: graceDays)
        try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in try writer.setFactorPolicy(policy) }
        return policy
    }

    /// Where `user` stands under the policy now. The first time a required factor is found
    /// missing, the grace period starts (recorded once, shared by every server).
    public func standing(of user: User) async throws -> FactorStanding {
        let now = qms.instant
        let (policy, factor, started) = try await qms.store.reading { reader in
            (
                try reader.factorPolicy(), try reader.secondFactor(user.username),
                try reader.factorGraceStart(user.username)
            )
        }
        let enrolled = factor?.confirmedAt != nil
        let standing = policy.standing(role: user.role, enrolled: enrolled, graceStarted: started, now: now)
        guard started == nil, case .grace = standing else { return standing }
        let recorded = try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            try writer.startFactorGrace(user.username, at: now)
        }
        return policy.standing(role: user.role, enrolled: enrolled, graceStarted: recorded, now: now)
    }
}
