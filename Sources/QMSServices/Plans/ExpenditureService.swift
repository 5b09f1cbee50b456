import Foundation
import QMSCore
import QMSStore

/// An expenditure entry as the user gives it.
public struct ExpenditureDraft: Sendable {
    public var activity: ActivityCode
    public var amount: Money
    public var date: CalendarDate
    public var reference: String
    /// The funding source; may be left out when the activity's budget has only one.
    public var source: PlanCode?
    /// The account, when the entry names one.
    public var account: PlanCode?
    /// Spent by the commission, or disbursed to another organisation.
    public var kind: ExpenditureKind
    /// The organisation that received the money: required of a disbursement.
    public var recipient: String?

    /// Creates a draft.
    public init(
        activity: ActivityCode, amount: Money, date: CalendarDate, reference: String, source: PlanCode? = nil,
        account: PlanCode? = nil, kind: ExpenditureKind = .expenditure, recipient: String? = nil
    ) {
        self.activity = activity
        self.amount = amount
        self.date = date
        self.reference = reference.trimmingWhitespace()
        self.source = source
        self.account = account
        self.kind = kind
        self.recipient = recipient?.trimmingWhitespace().nilIfEmpty
    }
}

/// The expenditure ledger of each AWP: what was spent, on which activity, from which source.
public struct ExpenditureService: Sendable {
    let qms: QMS

    /// Records an expenditure against an activity of the AWP's latest version, in the AWP's currency.
    @discardableResult
    public func add(_ awp: PlanID, _ draft: ExpenditureDraft) async throws -> Expenditure {
        guard !draft.reference.isEmpty, draft.reference.count <= 200 else {
            throw DomainError.invalidValue(
                field: "reference", value: draft.reference, expected: .voucher)
        }
        if let recipient = draft.recipient, recipient.count > 200 {
            throw DomainError.invalidValue(field: "recipient", value: recipient, expected: .recipientOrganisation)
        }
        if draft.kind == .disbursement, draft.recipient == nil {
            throw DomainError.invalidValue(field: "recipient", value: "", expected: .recipientOrganisation)
        }
        guard draft.amount.minorUnits != 0 else {
            throw DomainError.invalidValue(
                field: "amount", value: draft.amount.decimalString, expected: .amountNotZero)
        }
        let actor = qms.actor
        return try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            let reader = writer.reader
            let version = try WorkPlanReviewService.latest(awp, reader)
            let plan = version.planSet.workPlan
            guard draft.amount.currency == plan.currency else {
                throw DomainError.ruleViolated(
                    .expenditureCurrency,
                    ["id": "\(awp)", "currency": "\(plan.currency)", "given": "\(draft.amount.currency)"],
                    fix: .give(["currency"], example: plan.currency.description))
            }
            guard plan.activity(draft.activity) != nil else {
                throw DomainError.notFound(
                    kind: .activity, id: "\(draft.activity) in \(awp)", hint: .lookUp(.plan, scope: awp.description))
            }
            let lines = plan.budgetLines.filter { $0.activity == draft.activity }
            let sources = Array(Set(lines.map(\.source))).sorted()
            let source: PlanCode
            if let given = draft.source {
                guard version.planSet.financialPlan.source(given) != nil else {
                    throw DomainError.notFound(
                        kind: .fundingSource, id: given.rawValue,
                        hint: .advice(
                            .sourcesOf(
                                plan: "\(awp)", sources: version.planSet.financialPlan.sources.map(\.code.rawValue))))
                }
                source = given
            } else if sources.count == 1 {
                source = sources[0]
            } else if sources.isEmpty, version.planSet.financialPlan.sources.count == 1 {
                source = version.planSet.financialPlan.sources[0].code
            } else {
                let example = sources.first ?? version.planSet.financialPlan.sources.first?.code
                throw DomainError.ruleViolated(
                    sources.isEmpty ? .activityHasNoBudgetLine : .activityHasSeveralSources,
                    ["activity": "\(draft.activity)", "sources": .list(sources.map { .text($0.rawValue) })],
                    fix: example.map { Fix.give(["source"], example: $0.rawValue) }
                        ?? .advice(.declareSourceInPlan))
            }
            if let account = draft.account,
                !lines.contains(where: { $0.account == account && $0.source == source })
            {
                throw DomainError.notFound(
                    kind: .budgetLine, id: "\(draft.activity)/\(account)/\(source)",
                    hint: .advice(.activityLines(lines.map(\.key.description))))
            }
            let entry = Expenditure(
                awp: awp, number: try reader.nextExpenditureNumber(awp), activity: draft.activity, source: source,
                account: draft.account, date: draft.date, amount: draft.amount, reference: draft.reference,
                kind: draft.kind, recipient: draft.recipient, recordedAt: writer.instant, recordedBy: actor)
            try writer.insertExpenditure(entry)
            return entry
        }
    }

    /// The ledger of an AWP, in order.
    public func list(_ awp: PlanID) async throws -> [Expenditure] {
        _ = try await qms.plans.version(awp)
        return try await qms.store.reading { try $0.expenditures(awp) }
    }
}
