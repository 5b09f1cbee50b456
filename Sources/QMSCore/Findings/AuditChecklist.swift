/// What the auditor concluded on one checklist item.
public enum AuditCheckResult: String, Sendable, Hashable, Codable, CaseIterable {
    /// Not checked yet.
    case notYet = "not-yet"
    case conforming
    /// The requirement is not met: a nonconformity, graded major or minor.
    case nonconforming
    /// Met, with a remark: graded observation or opportunity for improvement.
    case observation

    /// The grades a finding of this result may take; none for a result that raises no finding.
    public var grades: [NonconformityGrade] {
        switch self {
        case .notYet, .conforming: return []
        case .nonconforming: return [.major, .minor]
        case .observation: return [.observation, .ofi]
        }
    }

    /// Whether it raises a finding in the nonconformity register.
    public var raisesFinding: Bool { !grades.isEmpty }
}

/// One line of an audit checklist: a requirement to check and what the auditor recorded.
public struct AuditChecklistItem: Sendable, Hashable, Codable {
    public var requirement: RequirementKey
    /// The process in scope that brought the requirement in; none when the scope names it itself.
    public var process: String?
    public var result: AuditCheckResult
    public var grade: NonconformityGrade?
    /// What the auditor found.
    public var notes: String?
    /// The sample taken: "12 of 140 polling-station result forms, Irbid".
    public var sample: String?
    /// The evidence seen.
    public var evidence: [EvidenceID]
    /// The nonconformity the item raised, once raised.
    public var finding: NonconformityID?
    public var checkedBy: String?
    public var checkedOn: CalendarDate?

    /// Creates an item, not yet checked unless told.
    public init(
        requirement: RequirementKey, process: String? = nil, result: AuditCheckResult = .notYet,
        grade: NonconformityGrade? = nil, notes: String? = nil, sample: String? = nil, evidence: [EvidenceID] = [],
        finding: NonconformityID? = nil, checkedBy: String? = nil, checkedOn: CalendarDate? = nil
    ) {
        self.requirement = requirement
        self.process = process.trimmedOrNil
        self.result = result
        self.grade = grade
        self.notes = notes.trimmedOrNil
        self.sample = sample.trimmedOrNil
        var seen = Set<EvidenceID>()
        self.evidence = evidence.filter { seen.insert($0).inserted }
        self.finding = finding
        self.checkedBy = checkedBy.trimmedOrNil
        self.checkedOn = checkedOn
    }

    /// The finding the item raises now: a result that raises one, and none raised before. It is
    /// linked to the audit and the requirement, titled by the first line of the notes.
    public func findingDraft(of audit: Audit) -> NonconformityDraft? {
        guard finding == nil, result.raisesFinding, let grade, let notes, let checkedBy, let checkedOn else {
            return nil
        }
        let firstLine = notes.split(whereSeparator: \.isNewline).first.map(String.init) ?? notes
        let title = String(firstLine.prefix(300))
        var description = notes == title ? nil : notes
        if let sample { description = [description, sample].compactMap { $0 }.joined(separator: "\n\n") }
        return NonconformityDraft(
            title: title, description: description, source: audit.content.kind.findingSource, grade: grade,
            requirements: [requirement], process: process, evidence: evidence, audit: audit.id,
            raisedBy: checkedBy, raisedOn: checkedOn)
    }
}

/// What an auditor records on one checklist item.
public struct AuditCheck: Sendable, Hashable, Codable {
    public var requirement: RequirementKey
    public var result: AuditCheckResult
    /// Required for a nonconforming item (major or minor); an observation is one unless told
    /// it is an opportunity for improvement.
    public var grade: NonconformityGrade?
    public var notes: String?
    public var sample: String?
    public var evidence: [EvidenceID]

    /// Creates a check.
    public init(
        requirement: RequirementKey, result: AuditCheckResult, grade: NonconformityGrade? = nil, notes: String? = nil,
        sample: String? = nil, evidence: [EvidenceID] = []
    ) {
        self.requirement = requirement
        self.result = result
        self.grade = grade ?? (result == .observation ? .observation : nil)
        self.notes = notes.trimmedOrNil
        self.sample = sample.trimmedOrNil
        self.evidence = evidence
    }
}

/// The checklist of an audit (ISO 19011 6.3.4): one item per requirement of its scope and of the
/// processes in scope, in that order.
public struct AuditChecklist: Sendable, Hashable, Codable {
    public var items: [AuditChecklistItem]

    /// Creates a checklist of items.
    public init(items: [AuditChecklistItem]) { self.items = items }

    /// The checklist of a scope: the scope's requirements first, then, for each process in scope
    /// that `processes` describes (by code, electoral process or name), its requirements not
    /// already listed. Items of `existing` are kept as recorded; those no longer in scope stay at
    /// the end when something was recorded on them, so that nothing recorded is lost.
    public static func generate(
        scope: AuditScope, processes: [ProcessDraft], keeping existing: AuditChecklist? = nil
    ) -> AuditChecklist {
        var items: [AuditChecklistItem] = scope.requirements.map { AuditChecklistItem(requirement: $0) }
        var listed = Set(scope.requirements)
        for named in scope.processes {
            let key = named.lowercased()
            for process in processes
            where process.code.description.lowercased() == key || process.electoralProcess?.rawValue.lowercased() == key
                || process.name.lowercased() == key
            {
                for requirement in process.requirements where listed.insert(requirement).inserted {
                    items.append(AuditChecklistItem(requirement: requirement, process: named))
                }
            }
        }
        let recorded = Dictionary(
            (existing?.items ?? []).map { ($0.requirement, $0) }, uniquingKeysWith: { first, _ in first })
        items = items.map { recorded[$0.requirement] ?? $0 }
        items += (existing?.items ?? []).filter {
            !listed.contains($0.requirement) && ($0.result != .notYet || $0.finding != nil)
        }
        return AuditChecklist(items: items)
    }

    /// The item of a requirement, if listed.
    public func item(_ requirement: RequirementKey) -> AuditChecklistItem? {
        items.first { $0.requirement == requirement }
    }

    /// The checklist with `check` recorded by `actor` on `day`. A nonconforming item needs its
    /// grade (major or minor) and notes saying what was found; an observation is graded
    /// observation or opportunity for improvement. Once an item has raised its finding, its
    /// result and grade stay: the finding goes on through the corrective-action workflow.
    public func recording(_ check: AuditCheck, by actor: String, on day: CalendarDate) throws(DomainError)
        -> AuditChecklist
    {
        guard let index = items.firstIndex(where: { $0.requirement == check.requirement }) else {
            throw .ruleViolated(
                .requirementNotInChecklist, ["requirement": "\(check.requirement)"], fix: .give(["requirement"]))
        }
        let before = items[index]
        if let finding = before.finding, before.result != check.result || before.grade != check.grade {
            throw .ruleViolated(
                .checkFindingRaised, ["id": "\(finding)", "requirement": "\(check.requirement)"], fix: nil)
        }
        if check.result.raisesFinding {
            guard let grade = check.grade else {
                throw .ruleViolated(
                    .checkNeedsGrade, ["result": .term(check.result)],
                    fix: .give(["grade"], example: NonconformityGrade.minor.rawValue))
            }
            guard check.result.grades.contains(grade) else {
                throw .invalidValue(
                    field: "grade", value: grade.rawValue, expected: .listed(check.result.grades.map(\.rawValue)))
            }
            guard check.notes != nil else {
                throw .ruleViolated(.checkNeedsNotes, ["result": .term(check.result)], fix: .give(["notes"]))
            }
        } else if let grade = check.grade {
            throw .ruleViolated(
                .checkGradeWithoutFinding, ["grade": .term(grade), "result": .term(check.result)],
                fix: .give(["result"], example: AuditCheckResult.nonconforming.rawValue))
        }
        try TextCheck.optional(check.notes, field: "notes")
        try TextCheck.optional(check.sample, field: "sample", maximum: 1000)
        var checklist = self
        checklist.items[index] = AuditChecklistItem(
            requirement: before.requirement, process: before.process, result: check.result, grade: check.grade,
            notes: check.notes, sample: check.sample, evidence: check.evidence, finding: before.finding,
            checkedBy: actor, checkedOn: day)
        return checklist
    }

    /// How many items have each result.
    public var counts: [AuditCheckResult: Int] {
        items.reduce(into: [:]) { $0[$1.result, default: 0] += 1 }
    }
}
