/// How urgent an observer mission rates a recommendation.
public enum RecommendationPriority: String, Sendable, Hashable, Codable, CaseIterable {
    /// A priority recommendation of the mission's report.
    case high
    case medium
    case low
}

/// To whom a recommendation is addressed.
public enum RecommendationAddressee: String, Sendable, Hashable, Codable, CaseIterable {
    /// The electoral management body itself.
    case emb
    case parliament
    case judiciary
    case government
    case other
}

/// Where the follow-up of a recommendation stands.
public enum RecommendationStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case notStarted = "not-started"
    case inProgress = "in-progress"
    case implemented
    /// Not accepted, with the reason recorded.
    case notAccepted = "not-accepted"
}

/// What a recommendation can be linked to.
public enum RecommendationLinkKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A corrective action (`CA-2026-007-1`) or a management review action (`MR-2026-01-2`).
    case action
    case nonconformity
    /// An activity of the annual work plan, by its code (`1.3.2`).
    case activity
    case evidence
}

/// A link from a recommendation to what answers it.
public struct RecommendationLink: Sendable, Hashable, Codable, Comparable {
    public var kind: RecommendationLinkKind
    /// The identifier or code linked to.
    public var target: String

    /// Creates a link, checking the form of the target.
    public init(kind: RecommendationLinkKind, target: String) throws(DomainError) {
        let text = target.trimmingWhitespace()
        switch kind {
        case .action:
            if (try? CorrectiveActionID(parsing: text)) == nil, (try? ReviewActionID(parsing: text)) == nil {
                throw .invalidValue(
                    field: "action", value: text,
                    expected: .correctiveOrReviewAction)
            }
            self.target = text.uppercased()
        case .nonconformity: self.target = try NonconformityID(parsing: text).description
        case .evidence: self.target = try EvidenceID(parsing: text).description
        case .activity:
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard !parts.isEmpty, parts.count <= 6,
                parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isPlainDigit) })
            else {
                throw .invalidValue(field: "activity", value: text, expected: .activity(example: "1.3.2"))
            }
            self.target = text
        }
        self.kind = kind
    }

    public static func < (lhs: RecommendationLink, rhs: RecommendationLink) -> Bool {
        (lhs.kind.rawValue, lhs.target) < (rhs.kind.rawValue, rhs.target)
    }
}

/// A recommendation as the mission's report gives it.
public struct RecommendationDraft: Sendable, Hashable, Codable {
    /// The mission: "EU Election Observation Mission, Jordan 2024".
    public var mission: String
    /// The year of the mission's report.
    public var year: Int
    /// Its number in the report, when it has one ("12").
    public var reference: String?
    public var text: String
    public var priority: RecommendationPriority
    public var addressee: RecommendationAddressee

    /// Creates a draft; ``validate()`` checks it.
    public init(
        mission: String, year: Int, reference: String? = nil, text: String, priority: RecommendationPriority,
        addressee: RecommendationAddressee
    ) {
        self.mission = mission.trimmingWhitespace()
        self.year = year
        self.reference = reference.trimmedOrNil
        self.text = text.trimmingWhitespace()
        self.priority = priority
        self.addressee = addressee
    }

    /// Checks the rules every recommendation obeys.
    public func validate() throws(DomainError) {
        guard !mission.isEmpty, mission.count <= 300 else {
            throw .invalidValue(field: "mission", value: mission, expected: .missionName)
        }
        guard (1990...2999).contains(year) else {
            throw .invalidValue(field: "year", value: String(year), expected: .missionYear)
        }
        guard !text.isEmpty, text.count <= 4000 else {
            throw .invalidValue(field: "recommendation", value: text, expected: .recommendationText)
        }
        if let reference, reference.count > 32 {
            throw .invalidValue(field: "reference", value: reference, expected: .reportNumber)
        }
    }
}

/// An observer-mission recommendation with its follow-up, as stored.
public struct ObserverRecommendation: Sendable, Hashable, Codable, Identifiable {
    public var id: RecommendationID
    public var content: RecommendationDraft
    public var status: RecommendationStatus
    /// Why it was not accepted, or a remark on its progress.
    public var statusNote: String?
    public var links: [RecommendationLink]
    public var recordedAt: Instant
    public var recordedBy: String

    /// Creates a stored recommendation.
    public init(
        id: RecommendationID, content: RecommendationDraft, status: RecommendationStatus = .notStarted,
        statusNote: String? = nil, links: [RecommendationLink] = [], recordedAt: Instant, recordedBy: String
    ) {
        self.id = id
        self.content = content
        self.status = status
        self.statusNote = statusNote
        self.links = links.sorted()
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }

    /// The recommendation with a new status. Not accepted needs the reason; implemented needs
    /// evidence linked first, so that the register shows how it was implemented.
    public func updating(status: RecommendationStatus, note: String?) throws(DomainError) -> ObserverRecommendation {
        let note = note.trimmedOrNil
        if status == .notAccepted, note == nil {
            throw .ruleViolated(.notAcceptedNeedsReason, fix: .give(["note"]))
        }
        if status == .implemented, !links.contains(where: { $0.kind == .evidence }) {
            throw .ruleViolated(
                .implementedNeedsEvidence, ["id": "\(id)"], fix: .run(.linkRecommendation(id.description)))
        }
        var updated = self
        updated.status = status
        updated.statusNote = note
        return updated
    }

    /// The recommendation with more links (links already present are left as they are).
    public func linking(_ new: [RecommendationLink]) -> ObserverRecommendation {
        var updated = self
        updated.links = Array(Set(links + new)).sorted()
        return updated
    }
}
