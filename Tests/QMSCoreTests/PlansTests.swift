import Testing

@testable import QMSCore

/// A small plan set: two outputs, three activities, four budget lines in USD from EU and UNDP.
private func samplePlanSet() throws -> PlanSet {
    let usd = try CurrencyCode("USD")
    func money(_ amount: String) throws -> Money { try Money(parsing: amount, currency: usd) }
    func line(_ activity: String, _ account: String, _ source: String, _ quarters: [String]) throws -> BudgetLine {
        BudgetLine(
            activity: try ActivityCode(activity), account: try PlanCode(account), description: "line",
            source: try PlanCode(source), quarters: try quarters.map(money))
    }
    let objective = StrategicObjective(
        code: try PlanCode("O1"), title: LocalizedText(en: "Results on time"), qualityObjective: true,
        kpis: [
            KPI(
                code: try PlanCode("K1"), title: LocalizedText(en: "Centres on the RMS"), unit: "%",
                baseline: try DecimalValue(parsing: "20"), targets: [KPIValue(period: "2018", value: DecimalValue(60))],
                actuals: [KPIValue(period: "2018-Q4", value: try DecimalValue(parsing: "50"))])
        ])
    let strategic = StrategicPlan(
        id: try PlanID("sp-2018"), title: LocalizedText(en: "Strategic plan"), fromYear: 2018, toYear: 2019,
        goals: [StrategicGoal(code: try PlanCode("G1"), title: LocalizedText(en: "Goal"), objectives: [objective])])
    let outputs = [
        PlanOutput(
            code: try PlanCode("1"), title: LocalizedText(en: "Logistics"), year: 2018, phase: .preElectoral,
            objectives: [try PlanCode("O1")]),
        PlanOutput(code: try PlanCode("2"), title: LocalizedText(en: "Training"), year: 2018, phase: .electoral),
    ]
    let financial = FinancialPlan(
        sources: [
            FundingSource(code: try PlanCode("EU"), name: LocalizedText(en: "European Union")),
            FundingSource(code: try PlanCode("UNDP"), name: LocalizedText(en: "UNDP")),
        ],
        envelopes: [FundingEnvelope(source: try PlanCode("EU"), year: 2018, amount: try money("600000"))],
        commitments: [
            Commitment(source: try PlanCode("EU"), year: 2018, amount: try money("480000"), description: "Vehicles")
        ])
    let activities = [
        Activity(
            code: try ActivityCode("1.1"), title: LocalizedText(en: "Vehicles"), output: try PlanCode("1"),
            quarters: try QuarterSet(parsing: "Q2 Q3"), responsibleParty: "Logistics"),
        Activity(
            code: try ActivityCode("2.1"), title: LocalizedText(en: "Simulation workshops"), output: try PlanCode("2"),
            quarters: try QuarterSet(parsing: "Q3-Q4"), responsibleParty: "Operations",
            results: [IndicatorResult(indicator: "participants", total: 87, women: 18)]),
        Activity(
            code: try ActivityCode("2.2"), title: LocalizedText(en: "Training of trainers"), output: try PlanCode("2"),
            quarters: try QuarterSet(parsing: "Q4"), responsibleParty: "Training",
            results: [IndicatorResult(indicator: "Participants", total: 64, women: 18, disability: 1)]),
    ]
    let lines = [
        try line("1.1", "72200", "EU", ["0", "240000", "240000", "0"]),
        try line("2.1", "75700", "UNDP", ["0", "0", "25000", "25000"]),
        try line("2.2", "75700", "EU", ["0", "0", "0", "20000"]),
        try line("2.2", "71300", "UNDP", ["0", "0", "0", "4000.50"]),
    ]
    return PlanSet(
        strategicPlan: strategic, outputs: outputs, financialPlan: financial,
        workPlan: AnnualWorkPlan(
            id: try PlanID("hnec-2018"), year: 2018, project: LocalizedText(en: "Electoral support"), currency: usd,
            activities: activities, budgetLines: lines))
}

@Suite("Plans: identifiers and values")
struct PlanValueTests {
    @Test("quarters parse from lists and ranges, in order and each once")
    func quarters() throws {
        #expect(try QuarterSet(parsing: "Q1-Q3").description == "Q1 Q2 Q3")
        #expect(try QuarterSet(parsing: "q4, Q1;Q1").description == "Q1 Q4")
        #expect(try QuarterSet(parsing: "Q2–Q4").quarters == [.q2, .q3, .q4])
        #expect(throws: DomainError.self) { try QuarterSet(parsing: "Q5") }
        #expect(throws: DomainError.self) { try QuarterSet(parsing: "Q3-Q1") }
        #expect(throws: DomainError.self) { try QuarterSet(parsing: "") }
    }

    @Test("activity codes order by their numbers, so 1.10 comes after 1.9")
    func activityCodes() throws {
        #expect(try ActivityCode("1.9") < ActivityCode("1.10"))
        #expect(try ActivityCode("01.02").rawValue == "1.2")
        #expect(throws: DomainError.self) { try ActivityCode("1..2") }
        #expect(throws: DomainError.self) { try ActivityCode("A1") }
        #expect(throws: DomainError.self) { try PlanID("HNEC 2018") }
        #expect(try PlanID("HNEC-2018").rawValue == "hnec-2018")
        #expect(throws: DomainError.self) { try PlanCode("OUT--1") }
    }

    @Test("KPI values are exact decimals and progress is counted in basis points from the baseline")
    func decimals() throws {
        #expect(try DecimalValue(parsing: "95.50").description == "95.5")
        #expect(try DecimalValue(parsing: "-0.25").description == "-0.25")
        #expect(try DecimalValue(parsing: ".5").description == "0.5")
        #expect(throws: DomainError.self) { try DecimalValue(parsing: "1.2345678") }
        #expect(throws: DomainError.self) { try DecimalValue(parsing: "5.") }
        let progress = DecimalValue.progressBasisPoints(
            baseline: try DecimalValue(parsing: "40"), target: DecimalValue(75), actual: DecimalValue(70))
        #expect(progress == 8571)
        #expect(
            DecimalValue.progressBasisPoints(
                baseline: DecimalValue(30), target: DecimalValue(14), actual: DecimalValue(22))
                == 5000)
        #expect(
            DecimalValue.progressBasisPoints(
                baseline: DecimalValue(5), target: DecimalValue(5), actual: DecimalValue(6)) == nil)
    }

    @Test("delivery rates are integer ratios rounded half away from zero, exact at any size")
    func ratios() {
        #expect(Ratio.basisPoints(2, of: 3) == 6667)
        #expect(Ratio.basisPoints(1, of: 8) == 1250)
        #expect(Ratio.basisPoints(-1, of: 3) == -3333)
        #expect(Ratio.basisPoints(5, of: 0) == nil)
        #expect(Ratio.basisPoints(Int64.max / 2, of: Int64.max) == 5000)
        #expect(Ratio.percentText(8750) == "87.50%")
        #expect(Ratio.percentText(5) == "0.05%")
        #expect(Ratio.percentText(nil) == "–")
    }

    @Test("results read as donors write them, and disaggregated counts cannot exceed the total")
    func results() throws {
        let result = try IndicatorResult(parsing: "participants: 87, women 18")
        #expect(result.total == 87 && result.women == 18 && result.men == 69 && result.youth == nil)
        #expect(result.text == "participants: 87, women 18")
        #expect(throws: DomainError.self) { try IndicatorResult(parsing: "participants: 10, women 18") }
        #expect(throws: DomainError.self) { try IndicatorResult(parsing: "participants 87") }
        #expect(throws: DomainError.self) { try IndicatorResult(parsing: "participants: 87, men 69") }
    }

    @Test("links name what they point at in its canonical form")
    func links() throws {
        #expect(
            try ActivityLink(parsing: "requirement:iso-9001-2015:8.1").description == "requirement:iso-9001-2015:8.1")
        #expect(try ActivityLink(parsing: "evidence:ev-2026-0042").target == "EV-2026-0042")
        #expect(try ActivityLink(parsing: "recommendation:REC-2024-012").kind == .recommendation)
        #expect(try ActivityLink(parsing: "corrective-action:CA-2026-007-1").target == "CA-2026-007-1")
        #expect(throws: DomainError.self) { try ActivityLink(parsing: "finding:NC-2026-001") }
    }
}

@Suite("Plans: the plan set's rules")
struct PlanSetTests {
    @Test("a sound plan set has no issues")
    func sound() throws {
        #expect(try samplePlanSet().validate().isEmpty)
    }

    @Test("broken links, duplicate lines and foreign currencies are named with their subject and field")
    func broken() throws {
        var planSet = try samplePlanSet()
        planSet.workPlan.activities[0].output = try PlanCode("9")
        planSet.workPlan.budgetLines.append(planSet.workPlan.budgetLines[0])
        planSet.workPlan.budgetLines[1].source = try PlanCode("USAID")
        let eur = try CurrencyCode("EUR")
        planSet.financialPlan.envelopes[0].amount = Money(minorUnits: 100, currency: eur)
        let issues = planSet.validate()
        let vehicles = PlanSubject.activity(try ActivityCode("1.1"))
        #expect(issues.contains { $0.subject == vehicles && $0.field == "output" })
        // Each issue names the rule it breaks and the values at fault; the catalogues word it.
        func broken(_ rule: Rule, _ field: Field, naming value: String?) -> Bool {
            issues.contains { issue in
                guard issue.field == field, case .ruleViolated(rule, let arguments, _) = issue.cause else {
                    return false
                }
                return value.map { arguments.values.contains(.text($0)) } ?? true
            }
        }
        #expect(broken(.budgetLineTwice, "account", naming: nil))
        #expect(broken(.sourceNotInFinancialPlan, "source", naming: "USAID"))
        #expect(broken(.amountCurrencyDiffers, "amount", naming: "EUR"))
    }
}

@Suite("Plans: the Technical Committee's review")
struct AWPWorkflowTests {
    let awp: PlanID

    init() throws { awp = try PlanID("hnec-2018") }

    @Test("a version goes draft, submitted, under review, then approved or revision requested")
    func happyPath() throws {
        var status = AWPStatus.draft
        status = try AWPWorkflow.status(after: .submit, from: status, awp: awp, version: 1)
        #expect(status == .submitted)
        #expect(!status.acceptsNewVersion)
        status = try AWPWorkflow.status(after: .comment, from: status, awp: awp, version: 1)
        #expect(status == .underReview)
        #expect(try AWPWorkflow.status(after: .comment, from: status, awp: awp, version: 1) == .underReview)
        #expect(try AWPWorkflow.status(after: .revise, from: status, awp: awp, version: 1) == .revisionRequested)
        #expect(try AWPWorkflow.status(after: .approve, from: status, awp: awp, version: 1) == .approved)
        #expect(try AWPWorkflow.status(after: .approve, from: .submitted, awp: awp, version: 1) == .approved)
    }

    @Test("an illegal step is a typed error that names the steps allowed")
    func illegal() throws {
        #expect(
            throws: AWPWorkflowError.illegalStep(
                awp: awp, version: 2, status: .draft, step: .approve, allowed: [.submit])
        ) {
            try AWPWorkflow.status(after: .approve, from: .draft, awp: awp, version: 2)
        }
        do {
            _ = try AWPWorkflow.status(after: .submit, from: .approved, awp: awp, version: 3)
            Issue.record("an approved version was submitted again")
        } catch {
            #expect(error.fix == .advice(.versionTakesNoStep))
        }
        #expect(AWPStatus.revisionRequested.acceptsNewVersion && AWPStatus.approved.acceptsNewVersion)
    }

    @Test("only Technical Committee members and admins decide; registered users comment by their role")
    func roles() throws {
        let member = try User(username: "salem", role: .tcMember)
        let admin = try User(username: "root", role: .admin)
        let manager = try User(username: "amal", role: .qualityManager)
        let viewer = try User(username: "nour", role: .viewer)
        let retired = try User(username: "old", role: .tcMember, active: false)
        try AWPWorkflow.checkMayDecide(member, actor: "salem")
        try AWPWorkflow.checkMayDecide(admin, actor: "root")
        #expect(throws: AWPWorkflowError.notTechnicalCommittee(actor: "amal", role: .qualityManager, active: true)) {
            try AWPWorkflow.checkMayDecide(manager, actor: "amal")
        }
        #expect(throws: AWPWorkflowError.self) { try AWPWorkflow.checkMayDecide(retired, actor: "old") }
        #expect(throws: AWPWorkflowError.self) { try AWPWorkflow.checkMayDecide(nil, actor: "ghost") }
        try AWPWorkflow.checkMayComment(manager, actor: "amal")
        try AWPWorkflow.checkMayComment(member, actor: "salem")
        #expect(throws: AWPWorkflowError.self) { try AWPWorkflow.checkMayComment(viewer, actor: "nour") }
    }
}

@Suite("Plans: reports and differences")
struct AWPReportTests {
    @Test("delivery is spent over planned per output, quarter and source, and spending outside the year is kept apart")
    func summary() throws {
        let planSet = try samplePlanSet()
        let usd = planSet.workPlan.currency
        let awp = planSet.workPlan.id
        let version = AWPVersion(
            awp: awp, version: 1, status: .approved, planSet: planSet, sourceFile: "x.xml",
            sourceSHA256: String(repeating: "0", count: 64), importedAt: Instant(millisecondsSince1970: 0),
            importedBy: "amal")
        func spend(_ number: Int, _ activity: String, _ source: String, _ date: String, _ amount: String) throws
            -> Expenditure
        {
            Expenditure(
                awp: awp, number: number, activity: try ActivityCode(activity), source: try PlanCode(source),
                date: try CalendarDate(parsing: date), amount: try Money(parsing: amount, currency: usd),
                reference: "R",
                recordedAt: Instant(millisecondsSince1970: 0), recordedBy: "amal")
        }
        let summary = AWPSummary(
            version: version,
            expenditures: [
                try spend(1, "1.1", "EU", "2018-06-30", "240000"), try spend(2, "2.1", "UNDP", "2018-08-07", "20000"),
                try spend(3, "2.1", "UNDP", "2019-01-15", "5000"), try spend(4, "9.9", "EU", "2018-12-01", "100"),
            ])
        #expect(summary.total.planned.decimalString == "554000.50")
        #expect(summary.total.spent.decimalString == "265100.00")
        let output1 = try #require(summary.byOutput.first { $0.key == "1" })
        #expect(output1.deliveryBasisPoints == 5000 && output1.deliveryText == "50.00%")
        let output2 = try #require(summary.byOutput.first { $0.key == "2" })
        #expect(output2.planned.decimalString == "74000.50" && output2.spent.decimalString == "25000.00")
        #expect(summary.byOutput.last?.key == "–")
        #expect(summary.byQuarter.map(\.spent.decimalString) == ["0.00", "240000.00", "20000.00", "100.00"])
        #expect(summary.spentOutsideYear.decimalString == "5000.00")
        let undp = try #require(summary.bySource.first { $0.key == "UNDP" })
        #expect(undp.planned.decimalString == "54000.50" && undp.deliveryBasisPoints == 4630)
        let envelope = try #require(summary.envelopes.first)
        #expect(envelope.committed.decimalString == "480000.00" && envelope.spent.decimalString == "240100.00")
        #expect(envelope.left.decimalString == "-120100.00")
        let kpi = try #require(summary.kpis.first)
        #expect(kpi.progressBasisPoints == 7500 && kpi.qualityObjective)
        let participants = try #require(summary.results.first)
        #expect(participants.total == 151 && participants.women == 36 && participants.disability == 1)
        #expect(participants.activities == 2)
    }

    @Test("a diff lists activities added, removed and changed and every budget change with totals")
    func diff() throws {
        let old = try samplePlanSet()
        var new = old
        new.workPlan.activities.removeAll { $0.code.rawValue == "2.2" }
        new.workPlan.budgetLines.removeAll { $0.activity.rawValue == "2.2" }
        new.workPlan.activities[0].progress = 50
        new.workPlan.activities[0].status = .inProgress
        new.workPlan.activities.append(
            Activity(
                code: try ActivityCode("2.3"), title: LocalizedText(en: "Inception workshop"),
                output: try PlanCode("2"),
                quarters: try QuarterSet(parsing: "Q4"), responsibleParty: "IT"))
        let usd = old.workPlan.currency
        new.workPlan.budgetLines[0].quarters[3] = try Money(parsing: "10000", currency: usd)
        new.workPlan.budgetLines.append(
            BudgetLine(
                activity: try ActivityCode("2.3"), account: try PlanCode("75700"), description: "Tunis",
                source: try PlanCode("UNDP"),
                quarters: [.zero(usd), .zero(usd), .zero(usd), try Money(parsing: "45000", currency: usd)]))
        let diff = AWPDiff(awp: old.workPlan.id, from: old, version: 1, to: new, version: 2)
        #expect(diff.activitiesAdded.map(\.code.rawValue) == ["2.3"])
        #expect(diff.activitiesAdded.first?.planned.decimalString == "45000.00")
        #expect(diff.activitiesRemoved.map(\.code.rawValue) == ["2.2"])
        #expect(diff.activitiesChanged.first?.changes.map(\.field) == ["status", "progress"])
        #expect(diff.budgetChanges.map(\.kind) == [.changed, .removed, .removed, .added])
        #expect(diff.budgetChanges[0].changes.map(\.field) == ["q4"])
        #expect(diff.totalFrom.decimalString == "554000.50")
        #expect(diff.totalTo.decimalString == "585000.00")
        #expect(diff.totalDifference.decimalString == "30999.50")
        #expect(diff.outputTotals.map(\.difference.decimalString) == ["10000.00", "20999.50"])
        #expect(AWPDiff(awp: old.workPlan.id, from: old, version: 1, to: old, version: 2).isEmpty)
    }
}
