/// Which roles must use a second factor, and how long a user of such a role may work without one
/// (issue 26). External auditors' engagement accounts need one whatever the policy says, with no
/// grace period (the engagement enforces that).
public struct FactorPolicy: Sendable, Hashable, Codable {
    /// The grace period a new policy starts with.
    public static let defaultGraceDays = 14
    /// The longest grace period: a year.
    public static let maximumGraceDays = 365

    /// The roles whose users must enrol.
    public var requiredRoles: Set<Role>
    /// Days a user of a required role may work without a second factor, counted from the first
    /// time the policy found them without one.
    public var graceDays: Int

    /// A policy, the grace period checked (0 to 365 days).
    public init(requiredRoles: Set<Role> = [], graceDays: Int = FactorPolicy.defaultGraceDays) throws(DomainError) {
        guard (0...Self.maximumGraceDays).contains(graceDays) else {
            throw .invalidValue(
                field: "grace-days", value: String(graceDays),
                expected: .between(minimum: 0, maximum: Self.maximumGraceDays))
        }
        self.requiredRoles = requiredRoles
        self.graceDays = graceDays
    }

    /// The policy of a database that has none: every role optional.
    public static let none = FactorPolicy(unchecked: [], graceDays: defaultGraceDays)

    private init(unchecked roles: Set<Role>, graceDays: Int) {
        self.requiredRoles = roles
        self.graceDays = graceDays
    }

    /// Whether users of `role` must enrol.
    public func requires(_ role: Role) -> Bool { requiredRoles.contains(role) }

    /// The required roles in the order roles are listed everywhere.
    public var orderedRoles: [Role] { Role.allCases.filter(requiredRoles.contains) }

    /// Where a user stands: `enrolled` when their factor is confirmed, `graceStarted` when the
    /// policy first found them without one (nil: not yet, so the grace period starts `now`).
    public func standing(role: Role, enrolled: Bool, graceStarted: Instant?, now: Instant) -> FactorStanding {
        guard requires(role) else { return .notRequired }
        if enrolled { return .enrolled }
        let started = graceStarted ?? now
        let end = started.millisecondsSince1970 + Int64(graceDays) * 86_400_000
        let left = end - now.millisecondsSince1970
        guard left > 0 else { return .overdue }
        // Whole days left, counting a part of a day as one: "1 day" until the very end.
        return .grace(daysLeft: Int((left + 86_399_999) / 86_400_000), endsAt: Instant(millisecondsSince1970: end))
    }
}

/// Where a user stands under the ``FactorPolicy``.
public enum FactorStanding: Sendable, Hashable {
    /// Their role does not require a second factor.
    case notRequired
    /// Required, and their factor is confirmed.
    case enrolled
    /// Required, not enrolled, and still inside the grace period: they work normally, told how
    /// many days are left.
    case grace(daysLeft: Int, endsAt: Instant)
    /// Required, not enrolled, and the grace period is over: "factor pending", which reaches
    /// nothing but enrolment and signing out.
    case overdue
}
