import QMSCore
import Testing

@Suite("The second-factor policy")
struct FactorPolicyTests {
    let start = Instant(millisecondsSince1970: 1_800_000_000_000)

    func later(days: Double) -> Instant {
        Instant(millisecondsSince1970: start.millisecondsSince1970 + Int64(days * 86_400_000))
    }

    @Test("a required role's user counts whole days of grace down, then is overdue; enrolled or optional is not")
    func standing() throws {
        let policy = try FactorPolicy(requiredRoles: [.admin, .qualityManager], graceDays: 3)
        #expect(
            policy.standing(role: .viewer, enrolled: false, graceStarted: start, now: later(days: 9)) == .notRequired)
        #expect(policy.standing(role: .admin, enrolled: true, graceStarted: start, now: later(days: 9)) == .enrolled)
        // Not yet seen: the grace period starts now, whole.
        #expect(
            policy.standing(role: .admin, enrolled: false, graceStarted: nil, now: start)
                == .grace(daysLeft: 3, endsAt: later(days: 3)))
        #expect(
            policy.standing(role: .admin, enrolled: false, graceStarted: start, now: later(days: 0.5))
                == .grace(daysLeft: 3, endsAt: later(days: 3)))
        #expect(
            policy.standing(role: .qualityManager, enrolled: false, graceStarted: start, now: later(days: 2.99))
                == .grace(daysLeft: 1, endsAt: later(days: 3)))
        #expect(policy.standing(role: .admin, enrolled: false, graceStarted: start, now: later(days: 3)) == .overdue)
        let none = try FactorPolicy(requiredRoles: [.viewer], graceDays: 0)
        #expect(none.standing(role: .viewer, enrolled: false, graceStarted: nil, now: start) == .overdue)
    }

    @Test("a grace period outside 0 to 365 days is refused, naming the field")
    func graceRange() {
        #expect(
            throws: DomainError.invalidValue(
                field: "grace-days", value: "366", expected: .between(minimum: 0, maximum: 365))
        ) {
            try FactorPolicy(requiredRoles: [], graceDays: 366)
        }
        #expect(throws: DomainError.self) { try FactorPolicy(requiredRoles: [], graceDays: -1) }
        #expect(FactorPolicy.none.requiredRoles.isEmpty)
        #expect(FactorPolicy.none.graceDays == 14)
    }
}
