/// Whether a mandatory item of documented information is there.
public enum ChecklistState: String, Sendable, Hashable, Codable {
    /// Current, unexpired evidence covers it.
    case present
    /// Only expired, overdue, draft or indirect evidence covers it.
    case expired
    /// Nothing covers it.
    case absent
    /// Its requirement is excluded by the statement of applicability.
    case excluded
}

/// One item of the mandatory documented information checklist.
public struct ChecklistItem: Sendable, Hashable, Codable {
    public var key: RequirementKey
    public var requirementTitle: LocalizedText
    public var type: DocumentedInformationType
    public var description: LocalizedText
    public var state: ChecklistState
    /// The evidence that covers it, strongest first.
    public var evidence: [EvidenceID]
}

/// How many documents to maintain and records to retain a standard makes mandatory.
public struct DocumentedInformationCount: Sendable, Hashable, Codable {
    public var maintain: Int
    public var retain: Int
    public var total: Int { maintain + retain }

    /// Counts the items of a checklist or of a catalogue.
    public init<S: Sequence>(_ types: S) where S.Element == DocumentedInformationType {
        var maintain = 0
        var retain = 0
        for type in types {
            switch type {
            case .maintain: maintain += 1
            case .retain: retain += 1
            }
        }
        self.maintain = maintain
        self.retain = retain
    }
}

extension Catalogue {
    /// The mandatory documented information the catalogue flags (ISO 9001:2015: 6 documents to
    /// maintain and 21 records to retain).
    public var documentedInformationCount: DocumentedInformationCount {
        DocumentedInformationCount(requirements.flatMap(\.documentedInformation).map(\.type))
    }
}

extension ComplianceMatrix {
    /// The mandatory documented information of a standard (for ISO 9001:2015 the 6 documents to
    /// maintain and 21 records to retain, 27 items), each present, expired or absent with its evidence.
    public func documentedInformationChecklist(of standard: StandardID) -> [ChecklistItem] {
        guard let catalogue = catalogues[standard] else { return [] }
        var items: [ChecklistItem] = []
        for requirement in catalogue.requirements where !requirement.documentedInformation.isEmpty {
            let row = compliance(of: requirement.key)
            let contributions = row?.contributions ?? []
            let full = contributions.filter { $0.credit == .full }.map(\.evidence)
            let partial = contributions.filter { $0.credit == .partial }.map(\.evidence)
            let state: ChecklistState
            if row?.status == .excluded {
                state = .excluded
            } else if !full.isEmpty {
                state = .present
            } else if !partial.isEmpty {
                state = .expired
            } else {
                state = .absent
            }
            for item in requirement.documentedInformation {
                items.append(
                    ChecklistItem(
                        key: requirement.key, requirementTitle: requirement.title, type: item.type,
                        description: item.description, state: state, evidence: full + partial))
            }
        }
        return items
    }
}

/// Evidence that needs attention soon.
public struct EvidenceAlert: Sendable, Hashable, Codable {
    /// Why it needs attention.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Expires within the window asked for.
        case expiring
        /// Has already expired.
        case expired
        /// Its review date has passed.
        case reviewOverdue = "review-overdue"
    }
    public var evidence: EvidenceID
    public var kind: Kind
    /// The expiry or review date.
    public var date: CalendarDate
    /// Days from the as-of date to `date` (negative when past).
    public var days: Int

    /// The alerts of one record of `current` or `draft` status on `asOf`, looking `window` days ahead.
    public static func alerts(for id: EvidenceID, validity: EvidenceValidity, asOf: CalendarDate, window: Int)
        -> [EvidenceAlert]
    {
        guard validity.status == .current || validity.status == .draft else { return [] }
        var alerts: [EvidenceAlert] = []
        if let validUntil = validity.validUntil {
            let days = asOf.days(until: validUntil)
            if days < 0 {
                alerts.append(EvidenceAlert(evidence: id, kind: .expired, date: validUntil, days: days))
            } else if days <= window {
                alerts.append(EvidenceAlert(evidence: id, kind: .expiring, date: validUntil, days: days))
            }
        }
        if let reviewDue = validity.reviewDue, reviewDue < asOf {
            alerts.append(
                EvidenceAlert(evidence: id, kind: .reviewOverdue, date: reviewDue, days: asOf.days(until: reviewDue)))
        }
        return alerts
    }
}
