/// The interested parties of an electoral management body (ISO 9001 4.2, ISO/TS 54001 4.2).
public enum PartyCategory: String, Sendable, Hashable, Codable, CaseIterable {
    case voters
    case candidates
    case politicalOrganizations = "political-organizations"
    case observers
    case media
    case judiciary
    case donors
    case government
    case staff
    case suppliers
    case civilSociety = "civil-society"
    case other
}

/// How strongly a party can affect the organisation's results.
public enum PartyInfluence: String, Sendable, Hashable, Codable, CaseIterable {
    case low
    case medium
    case high
}

/// An interested party as determined: who, what they need and expect, how that is followed.
public struct PartyDraft: Sendable, Hashable, Codable {
    public var category: PartyCategory
    /// "Registered voters", "EU Election Observation Mission", "Ministry of Interior".
    public var name: String
    /// Their requirements: what they need from the commission.
    public var needs: [String]
    /// What they expect beyond them.
    public var expectations: [String]
    /// How their needs and expectations are monitored and reviewed: surveys, meetings, media monitoring.
    public var monitoring: String
    /// Their climate-related expectations (ISO 9001 Amendment 1:2024), or a note that none were found.
    public var climate: String?
    public var influence: PartyInfluence?
    public var processes: [String]
    public var requirements: [RequirementKey]
    public var reviewOn: CalendarDate?

    /// Creates a draft; ``validate()`` checks it.
    public init(
        category: PartyCategory, name: String, needs: [String], expectations: [String] = [], monitoring: String,
        climate: String? = nil, influence: PartyInfluence? = nil, processes: [String] = [],
        requirements: [RequirementKey] = [], reviewOn: CalendarDate? = nil
    ) {
        self.category = category
        self.name = name.trimmingWhitespace()
        self.needs = needs.trimmedUnique
        self.expectations = expectations.trimmedUnique
        self.monitoring = monitoring.trimmingWhitespace()
        self.climate = climate.trimmedOrNil
        self.influence = influence
        self.processes = processes.compactMap { ProcessName.normalised($0) }.trimmedUnique
        self.requirements = requirements.uniqueKeys
        self.reviewOn = reviewOn
    }

    /// Checks the rules every interested party obeys.
    public func validate() throws(DomainError) {
        try TextCheck.required(name, field: "name")
        guard !needs.isEmpty || !expectations.isEmpty else {
            throw .ruleViolated(.partyNeedsNeeds, fix: .give(["need", "expectation"]))
        }
        try TextCheck.list(needs, field: "need", maximum: 1000)
        try TextCheck.list(expectations, field: "expectation", maximum: 1000)
        try TextCheck.required(monitoring, field: "monitoring", maximum: 1000)
        try TextCheck.optional(climate, field: "climate", maximum: 1000)
        for process in processes { try ProcessName.check(process) }
    }
}

/// An interested party with its reviews, as stored.
public struct InterestedParty: Sendable, Hashable, Codable, Identifiable {
    public var id: InterestedPartyID
    public var content: PartyDraft
    public var reviews: [RegisterReview]
    public var evidence: EvidenceID?
    public var recordedAt: Instant
    public var recordedBy: String

    /// Creates a stored party.
    public init(
        id: InterestedPartyID, content: PartyDraft, reviews: [RegisterReview] = [], evidence: EvidenceID? = nil,
        recordedAt: Instant, recordedBy: String
    ) {
        self.id = id
        self.content = content
        self.reviews = reviews
        self.evidence = evidence
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }

    /// The party reviewed on `day`; its needs and monitoring replaced when new ones are given.
    public func reviewing(
        next: CalendarDate?, note: String?, needs: [String], expectations: [String], monitoring: String?,
        by actor: String, on day: CalendarDate
    ) throws(DomainError) -> InterestedParty {
        if let next, next <= day {
            throw .ruleViolated(
                .nextReviewTooEarly, ["next": "\(next)", "day": "\(day)"], fix: .later("next", after: day.description))
        }
        var party = self
        if !needs.isEmpty { party.content.needs = needs.trimmedUnique }
        if !expectations.isEmpty { party.content.expectations = expectations.trimmedUnique }
        if let monitoring = monitoring.trimmedOrNil { party.content.monitoring = monitoring }
        try party.content.validate()
        party.reviews.append(RegisterReview(on: day, by: actor, note: note, next: next))
        party.content.reviewOn = next
        return party
    }

    /// The review due or overdue on `day`.
    public func alerts(on day: CalendarDate) -> [RegisterAlert] {
        [RegisterAlert.review(id.description, due: content.reviewOn, on: day)].compactMap { $0 }
    }

    /// The evidence the party's entry is: interested parties and their requirements determined
    /// and monitored (4.2). Climate-related expectations, when recorded, are part of what it says:
    /// Amendment 1:2024 adds only an informative note to 4.2, so they count for 4.2 itself.
    public func evidenceSpec(on day: CalendarDate) -> RegisterEvidenceSpec {
        var lines = ["\(content.category.rawValue): \(content.name)."]
        if !content.needs.isEmpty { lines.append("Needs: " + content.needs.joined(separator: "; ") + ".") }
        if !content.expectations.isEmpty {
            lines.append("Expectations: " + content.expectations.joined(separator: "; ") + ".")
        }
        lines.append("Monitored through: \(content.monitoring)")
        if let climate = content.climate { lines.append("Climate-related expectations: \(climate)") }
        return RegisterEvidenceSpec(
            title: "\(id) Interested party: \(content.name)", description: lines.joined(separator: "\n"),
            owner: recordedBy, effectiveFrom: min(day, recordedAt.date), reviewDue: content.reviewOn,
            requirements: content.requirements + RegisterClauses.keys(RegisterClauses.parties),
            tags: ["interested-party", content.category.rawValue])
    }
}
