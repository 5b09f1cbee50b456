/// What in a plan set a problem is about, so that a file reader can point at its line or row.
public enum PlanSubject: Sendable, Hashable, CustomStringConvertible {
    case planSet
    case strategicPlan
    case goal(PlanCode)
    case objective(PlanCode)
    case kpi(PlanCode)
    case output(PlanCode)
    case fundingSource(PlanCode)
    case envelope(source: PlanCode, year: Int)
    /// The commitment at this position (from 0) in the financial plan.
    case commitment(Int)
    case workPlan
    case activity(ActivityCode)
    case budgetLine(BudgetLineKey)

    /// The subject as the catalogues word it (`error_plan_subject_goal`: "goal {code}").
    public var argument: ErrorArgument {
        let (name, arguments): (String, [String: ErrorArgument]) =
            switch self {
            case .planSet: ("planSet", [:])
            case .strategicPlan: ("strategicPlan", [:])
            case .goal(let code): ("goal", ["code": "\(code)"])
            case .objective(let code): ("objective", ["code": "\(code)"])
            case .kpi(let code): ("kpi", ["code": "\(code)"])
            case .output(let code): ("output", ["code": "\(code)"])
            case .fundingSource(let code): ("fundingSource", ["code": "\(code)"])
            case .envelope(let source, let year): ("envelope", ["code": "\(source)", "year": "\(year)"])
            case .commitment(let index): ("commitment", ["number": .number(index + 1)])
            case .workPlan: ("workPlan", [:])
            case .activity(let code): ("activity", ["code": "\(code)"])
            case .budgetLine(let key): ("budgetLine", ["code": "\(key)"])
            }
        return .message(code: "plan-subject." + name, arguments: arguments)
    }

    /// The subject without wording, for logs.
    public var description: String { argument.description }
}

/// A plan set breaks a rule: what, where in the plan, and how to fix it.
public struct PlanIssue: QMSError, Hashable {
    public var subject: PlanSubject
    /// The field at fault, when one can be named (`output`, `source`, `q3`).
    public var fieldName: String?
    /// The rule of the domain the plan breaks, worded by the catalogues.
    public var cause: DomainError

    /// Wraps a domain error about `subject`.
    public init(_ subject: PlanSubject, field: String? = nil, _ error: DomainError) {
        self.subject = subject
        self.fieldName = field ?? Self.field(of: error)
        self.cause = error
    }

    public var fix: Fix? { cause.fix }

    public var messageCode: String { "plan.cause" }

    public var arguments: [String: ErrorArgument] {
        ["subject": subject.argument, "problem": .message(of: cause)]
    }

    public var field: Field? { fieldName.map(Field.init(rawValue:)) }

    private static func field(of error: DomainError) -> String? {
        if case .invalidValue(let field, _, _) = error { return field }
        return nil
    }
}

/// A whole plan set as a plan file holds it: the strategic plan, the operational plan's outputs,
/// the financial plan and the annual work plan, linked by codes.
public struct PlanSet: Sendable, Hashable, Codable {
    public var strategicPlan: StrategicPlan?
    public var outputs: [PlanOutput]
    public var financialPlan: FinancialPlan
    public var workPlan: AnnualWorkPlan
    /// A note on the whole set, such as that it holds sample data.
    public var note: String?

    /// Creates a plan set; ``validate()`` checks its links.
    public init(
        strategicPlan: StrategicPlan? = nil, outputs: [PlanOutput] = [], financialPlan: FinancialPlan = FinancialPlan(),
        workPlan: AnnualWorkPlan, note: String? = nil
    ) {
        self.strategicPlan = strategicPlan
        self.outputs = outputs
        self.financialPlan = financialPlan
        self.workPlan = workPlan
        self.note = note?.trimmingWhitespace().nilIfEmpty
    }

    /// The output with a code.
    public func output(_ code: PlanCode) -> PlanOutput? { outputs.first { $0.code == code } }

    /// Every rule the set breaks, in the order of the file (empty when it is sound).
    ///
    /// Codes are unique where they identify something; every reference (an output's objectives,
    /// an activity's output, a budget line's activity and source, an envelope's source) points at
    /// something the set defines; every amount is in the work plan's currency and totals do not
    /// overflow.
    public func validate() -> [PlanIssue] {
        var issues: [PlanIssue] = []
        let currency = workPlan.currency
        var objectiveCodes = Set<PlanCode>()
        if let plan = strategicPlan {
            if plan.fromYear > plan.toYear {
                issues.append(
                    PlanIssue(
                        .strategicPlan, field: "from",
                        .ruleViolated(
                            .planPeriodEndsBeforeStart, ["end": "\(plan.toYear)", "start": "\(plan.fromYear)"],
                            fix: nil)))
            }
            var goals = Set<PlanCode>()
            var kpis = Set<PlanCode>()
            for goal in plan.goals {
                if !goals.insert(goal.code).inserted {
                    issues.append(PlanIssue(.goal(goal.code), field: "code", .ruleViolated(.codeUsedTwice, fix: nil)))
                }
                for objective in goal.objectives {
                    if !objectiveCodes.insert(objective.code).inserted {
                        issues.append(
                            PlanIssue(
                                .objective(objective.code), field: "code", .ruleViolated(.codeUsedTwice, fix: nil)))
                    }
                    for kpi in objective.kpis where !kpis.insert(kpi.code).inserted {
                        issues.append(PlanIssue(.kpi(kpi.code), field: "code", .ruleViolated(.codeUsedTwice, fix: nil)))
                    }
                }
            }
        }
        var outputCodes = Set<PlanCode>()
        for output in outputs {
            if !outputCodes.insert(output.code).inserted {
                issues.append(PlanIssue(.output(output.code), field: "code", .ruleViolated(.codeUsedTwice, fix: nil)))
            }
            for objective in output.objectives where !objectiveCodes.contains(objective) {
                issues.append(
                    PlanIssue(
                        .output(output.code), field: "objectives",
                        .ruleViolated(
                            .objectiveNotInStrategicPlan, ["objective": "\(objective)"],
                            fix: .advice(.definedObjective))))
            }
        }
        var sourceCodes = Set<PlanCode>()
        for source in financialPlan.sources where !sourceCodes.insert(source.code).inserted {
            issues.append(
                PlanIssue(.fundingSource(source.code), field: "code", .ruleViolated(.codeUsedTwice, fix: nil)))
        }
        var envelopes = Set<String>()
        for envelope in financialPlan.envelopes {
            let subject = PlanSubject.envelope(source: envelope.source, year: envelope.year)
            if !sourceCodes.contains(envelope.source) {
                issues.append(Self.unknownSource(envelope.source, subject))
            }
            if !envelopes.insert("\(envelope.source)|\(envelope.year)").inserted {
                issues.append(PlanIssue(subject, field: "year", .ruleViolated(.sourceHasTwoEnvelopes, fix: nil)))
            }
            if let issue = Self.checkAmount(envelope.amount, currency, subject) { issues.append(issue) }
        }
        for (index, commitment) in financialPlan.commitments.enumerated() {
            if !sourceCodes.contains(commitment.source) {
                issues.append(Self.unknownSource(commitment.source, .commitment(index)))
            }
            if let issue = Self.checkAmount(commitment.amount, currency, .commitment(index)) { issues.append(issue) }
            if let activity = commitment.activity, commitment.year == workPlan.year,
                workPlan.activity(activity) == nil
            {
                issues.append(
                    PlanIssue(
                        .commitment(index), field: "activity",
                        .ruleViolated(
                            .activityNotInWorkPlan, ["activity": "\(activity)"],
                            fix: .advice(.workPlanActivity(year: workPlan.year)))))
            }
        }
        var activityCodes = Set<ActivityCode>()
        for activity in workPlan.activities {
            let subject = PlanSubject.activity(activity.code)
            if !activityCodes.insert(activity.code).inserted {
                issues.append(PlanIssue(subject, field: "code", .ruleViolated(.codeUsedTwice, fix: nil)))
            }
            if !outputCodes.contains(activity.output) {
                issues.append(
                    PlanIssue(
                        subject, field: "output",
                        .ruleViolated(
                            .outputNotInOperationalPlan, ["output": "\(activity.output)"],
                            fix: .advice(.definedOutput))))
            }
            do {
                try activity.validate()
                try activity.validateEvents(year: workPlan.year)
            } catch {
                issues.append(PlanIssue(subject, error))
            }
        }
        var lineKeys = Set<BudgetLineKey>()
        var total = Money.zero(currency)
        for line in workPlan.budgetLines {
            let subject = PlanSubject.budgetLine(line.key)
            if !activityCodes.contains(line.activity) {
                issues.append(
                    PlanIssue(
                        subject, field: "activity",
                        .ruleViolated(
                            .activityNotInWorkPlan, ["activity": "\(line.activity)"],
                            fix: .advice(.addActivityOrCorrect))))
            }
            if !sourceCodes.contains(line.source) { issues.append(Self.unknownSource(line.source, subject)) }
            if !lineKeys.insert(line.key).inserted {
                issues.append(
                    PlanIssue(
                        subject, field: "account",
                        .ruleViolated(
                            .budgetLineTwice, ["account": "\(line.account)", "source": "\(line.source)"],
                            fix: .advice(.mergeLines))))
            }
            if line.currency != currency {
                issues.append(
                    PlanIssue(
                        subject, field: "currency",
                        .ruleViolated(
                            .lineCurrencyDiffers, ["found": "\(line.currency)", "currency": "\(currency)"],
                            fix: .advice(.workPlanInOneCurrency))))
                continue
            }
            do {
                try line.validate()
                total = try total.adding(line.amount)
            } catch {
                issues.append(PlanIssue(subject, error))
            }
        }
        return issues
    }

    private static func unknownSource(_ code: PlanCode, _ subject: PlanSubject) -> PlanIssue {
        PlanIssue(
            subject, field: "source",
            .ruleViolated(
                .sourceNotInFinancialPlan, ["source": "\(code)"],
                fix: .advice(.declareSource)))
    }

    private static func checkAmount(_ amount: Money, _ currency: CurrencyCode, _ subject: PlanSubject) -> PlanIssue? {
        if amount.currency != currency {
            return PlanIssue(
                subject, field: "amount",
                .ruleViolated(
                    .amountCurrencyDiffers, ["found": "\(amount.currency)", "currency": "\(currency)"],
                    fix: .advice(.planSetInOneCurrency)))
        }
        if amount.minorUnits < 0 {
            return PlanIssue(subject, field: "amount", .ruleViolated(.amountNegative, fix: nil))
        }
        return nil
    }
}
