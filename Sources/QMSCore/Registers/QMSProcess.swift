/// Where a process sits on the process map.
public enum ProcessCategory: String, Sendable, Hashable, Codable, CaseIterable {
    /// Direction, planning, review.
    case management
    /// One of the electoral processes (EP-01 … EP-08), the commission's core.
    case electoral
    /// Human resources, procurement, ICT, finance …
    case support
}

/// A process of the quality management system as determined (ISO 9001 4.4).
public struct ProcessDraft: Sendable, Hashable, Codable {
    public var code: RegisterCode
    public var name: String
    public var category: ProcessCategory
    public var owner: String
    /// The electoral process it is, for the electoral category.
    public var electoralProcess: ElectoralProcess?
    public var purpose: String?
    public var inputs: [String]
    public var outputs: [String]
    /// The KPIs that measure it: codes of the monitoring register, or their names.
    public var kpis: [String]
    /// The processes it exchanges inputs and outputs with, by code.
    public var interactions: [RegisterCode]
    public var requirements: [RequirementKey]
    public var reviewOn: CalendarDate?

    /// Creates a draft; ``validate()`` checks it.
    public init(
        code: RegisterCode, name: String, category: ProcessCategory, owner: String,
        electoralProcess: ElectoralProcess? = nil, purpose: String? = nil, inputs: [String], outputs: [String],
        kpis: [String] = [], interactions: [RegisterCode] = [], requirements: [RequirementKey] = [],
        reviewOn: CalendarDate? = nil
    ) {
        self.code = code
        self.name = name.trimmingWhitespace()
        self.category = category
        self.owner = owner.trimmingWhitespace()
        self.electoralProcess = electoralProcess
        self.purpose = purpose.trimmedOrNil
        self.inputs = inputs.trimmedUnique
        self.outputs = outputs.trimmedUnique
        self.kpis = kpis.trimmedUnique
        var seen = Set<RegisterCode>()
        self.interactions = interactions.filter { $0 != code && seen.insert($0).inserted }
        self.requirements = requirements.uniqueKeys
        self.reviewOn = reviewOn
    }

    /// Checks the rules every process obeys.
    public func validate() throws(DomainError) {
        try TextCheck.required(name, field: "name")
        try TextCheck.required(owner, field: "owner", maximum: 200)
        try TextCheck.optional(purpose, field: "purpose")
        guard !inputs.isEmpty, !outputs.isEmpty else {
            throw .ruleViolated(.processNeedsInputsOutputs, fix: .give(["input", "output"]))
        }
        try TextCheck.list(inputs + outputs + kpis, field: "input, output or KPI")
        if category == .electoral, electoralProcess == nil {
            throw .ruleViolated(.electoralProcessNeedsCode, fix: .give(["electoral-process"], example: "EP-04"))
        }
        if category != .electoral, electoralProcess != nil {
            throw .ruleViolated(.electoralCodeNeedsCategory, fix: .give(["category"], example: "electoral"))
        }
    }
}

/// A process with its reviews, as stored.
public struct QMSProcess: Sendable, Hashable, Codable, Identifiable {
    public var content: ProcessDraft
    public var reviews: [RegisterReview]
    public var evidence: EvidenceID?
    public var recordedAt: Instant
    public var recordedBy: String

    /// Creates a stored process.
    public init(
        content: ProcessDraft, reviews: [RegisterReview] = [], evidence: EvidenceID? = nil, recordedAt: Instant,
        recordedBy: String
    ) {
        self.content = content
        self.reviews = reviews
        self.evidence = evidence
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }

    public var id: RegisterCode { content.code }

    /// The process reviewed on `day`, next due on `next`.
    public func reviewing(next: CalendarDate?, note: String?, by actor: String, on day: CalendarDate)
        throws(DomainError) -> QMSProcess
    {
        if let next, next <= day {
            throw .ruleViolated(
                .nextReviewTooEarly, ["next": "\(next)", "day": "\(day)"], fix: .later("next", after: day.description))
        }
        var process = self
        process.reviews.append(RegisterReview(on: day, by: actor, note: note, next: next))
        process.content.reviewOn = next
        return process
    }

    /// The review due or overdue on `day`.
    public func alerts(on day: CalendarDate) -> [RegisterAlert] {
        [RegisterAlert.review(content.code.description, due: content.reviewOn, on: day)].compactMap { $0 }
    }

    /// The evidence the process's entry is: the process determined with its inputs, outputs,
    /// owner, KPIs and interactions (4.4.1), kept as documented information (4.4.2).
    public func evidenceSpec(on day: CalendarDate) -> RegisterEvidenceSpec {
        let electoral = content.electoralProcess.map { " (\($0.rawValue) \($0.name.en))" } ?? ""
        var lines = [
            "\(content.category.rawValue.sentenceCased) process \(content.code)\(electoral), owner \(content.owner)."
        ]
        if let purpose = content.purpose { lines.append("Purpose: \(purpose)") }
        lines.append("Inputs: " + content.inputs.joined(separator: "; ") + ".")
        lines.append("Outputs: " + content.outputs.joined(separator: "; ") + ".")
        if !content.kpis.isEmpty { lines.append("KPIs: " + content.kpis.joined(separator: "; ") + ".") }
        if !content.interactions.isEmpty {
            lines.append("Interacts with: " + content.interactions.map(\.description).joined(separator: ", ") + ".")
        }
        return RegisterEvidenceSpec(
            title: "Process \(content.code): \(content.name)", description: lines.joined(separator: "\n"),
            owner: content.owner, process: content.electoralProcess?.rawValue ?? content.code.description,
            effectiveFrom: min(day, recordedAt.date), reviewDue: content.reviewOn,
            requirements: content.requirements + RegisterClauses.keys(RegisterClauses.processes),
            tags: ["process-map", content.category.rawValue])
    }
}

/// The process map: every process with the ones it interacts with in both directions, which of
/// the eight electoral processes it covers, and interactions naming processes not registered.
public struct ProcessMap: Sendable, Hashable, Codable {
    /// One process on the map.
    public struct Node: Sendable, Hashable, Codable {
        public var code: RegisterCode
        public var name: String
        public var category: ProcessCategory
        public var owner: String
        public var electoralProcess: ElectoralProcess?
        /// The processes it names and those that name it, by code.
        public var interactsWith: [RegisterCode]
        /// Codes it names that are not in the register.
        public var unknown: [RegisterCode]
    }

    public var nodes: [Node]
    /// The electoral processes EP-01 … EP-08 and the registered process that is each, if any.
    public var electoral: [ElectoralCoverage]

    /// Whether one of the eight electoral processes is on the map.
    public struct ElectoralCoverage: Sendable, Hashable, Codable {
        public var process: ElectoralProcess
        public var code: RegisterCode?
    }

    /// Draws the map of `processes`.
    public init(_ processes: [QMSProcess]) {
        let known = Set(processes.map(\.content.code))
        var links: [RegisterCode: Set<RegisterCode>] = [:]
        for process in processes {
            for other in process.content.interactions where known.contains(other) {
                links[process.content.code, default: []].insert(other)
                links[other, default: []].insert(process.content.code)
            }
        }
        nodes = processes.sorted { $0.content.code < $1.content.code }.map { process in
            Node(
                code: process.content.code, name: process.content.name, category: process.content.category,
                owner: process.content.owner, electoralProcess: process.content.electoralProcess,
                interactsWith: (links[process.content.code] ?? []).sorted(),
                unknown: process.content.interactions.filter { !known.contains($0) })
        }
        electoral = ElectoralProcess.allCases.map { ep in
            ElectoralCoverage(process: ep, code: processes.first { $0.content.electoralProcess == ep }?.content.code)
        }
    }

    /// The electoral processes no registered process stands for.
    public var missingElectoral: [ElectoralProcess] { electoral.filter { $0.code == nil }.map(\.process) }
}
