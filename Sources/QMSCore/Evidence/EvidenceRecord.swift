/// What kind of thing an evidence record is.
public enum EvidenceKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A document the organisation maintains (a policy, a procedure, a plan).
    case document
    /// A record of something that happened (minutes, results forms, training attendance).
    case record
    /// A page or system elsewhere, by its address.
    case link
    /// A written observation, with or without attachments.
    case note
}

/// Who may see an evidence record.
public enum Confidentiality: String, Sendable, Hashable, Codable, CaseIterable {
    case `public`
    case `internal`
    /// Personal data of voters, security arrangements …: listed by hash only in dossiers unless included.
    case restricted
}

/// Where an evidence record is in its life.
public enum EvidenceStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Being prepared; counts only in part.
    case draft
    /// In force.
    case current
    /// Replaced by a later revision; kept and readable forever.
    case superseded
    /// Taken out of use, with a reason; kept and readable forever.
    case withdrawn
}

/// A file attached to an evidence record, stored once by its SHA-256.
public struct EvidenceFile: Sendable, Hashable, Codable {
    /// SHA-256 of the content, lowercase hexadecimal: the file's address in the file store.
    public var sha256: String
    public var size: Int64
    /// The name the file had when attached, for display only (never used as a path).
    public var originalName: String
    public var mediaType: String

    /// Creates a file reference.
    public init(sha256: String, size: Int64, originalName: String, mediaType: String) {
        self.sha256 = sha256
        self.size = size
        self.originalName = originalName
        self.mediaType = mediaType
    }
}

/// The content of an evidence record, as a user enters it (for a new record or a revision).
public struct EvidenceDraft: Sendable, Hashable, Codable {
    public var title: String
    public var description: String?
    public var kind: EvidenceKind
    public var link: String?
    /// Who is responsible for the evidence.
    public var owner: String
    /// The QMS process or electoral process (EP-01 … EP-08) the evidence belongs to.
    public var process: String?
    /// Headquarters, or a named field office.
    public var location: String
    /// The first day the evidence speaks for; it decides the audit period it supports.
    public var effectiveFrom: CalendarDate
    /// The last day of the period it speaks for, when it covers a period.
    public var effectiveTo: CalendarDate?
    /// When it was collected.
    public var collectedOn: CalendarDate
    /// After this day the evidence has expired.
    public var validUntil: CalendarDate?
    /// When it must next be reviewed.
    public var reviewDue: CalendarDate?
    public var confidentiality: Confidentiality
    /// `draft` or `current` for new records and revisions.
    public var status: EvidenceStatus
    public var requirements: [RequirementKey]
    public var tags: [String]

    /// Where evidence is kept when nobody says: the commission's headquarters.
    public static let defaultLocation = "headquarters"

    /// Creates a draft; ``validate()`` checks it.
    public init(
        title: String, description: String? = nil, kind: EvidenceKind, link: String? = nil, owner: String,
        process: String? = nil, location: String = EvidenceDraft.defaultLocation, effectiveFrom: CalendarDate,
        effectiveTo: CalendarDate? = nil, collectedOn: CalendarDate, validUntil: CalendarDate? = nil,
        reviewDue: CalendarDate? = nil, confidentiality: Confidentiality = .internal, status: EvidenceStatus = .current,
        requirements: [RequirementKey], tags: [String] = []
    ) {
        self.title = title.trimmingWhitespace()
        self.description = description?.trimmingWhitespace().nilIfEmpty
        self.kind = kind
        self.link = link?.trimmingWhitespace().nilIfEmpty
        self.owner = owner.trimmingWhitespace()
        self.process = process?.trimmingWhitespace().nilIfEmpty
        self.location = location.trimmingWhitespace().nilIfEmpty ?? EvidenceDraft.defaultLocation
        self.effectiveFrom = effectiveFrom
        self.effectiveTo = effectiveTo
        self.collectedOn = collectedOn
        self.validUntil = validUntil
        self.reviewDue = reviewDue
        self.confidentiality = confidentiality
        self.status = status
        // Sorted and unique, as the store gives them back: a record reads back equal to what was written.
        self.requirements = Array(Set(requirements)).sorted()
        self.tags = Array(Set(tags.map { $0.trimmingWhitespace().lowercased() }.filter { !$0.isEmpty })).sorted()
    }

    /// A copy with every field normalised again (after fields were changed one by one).
    public init(copying draft: EvidenceDraft) {
        self.init(
            title: draft.title, description: draft.description, kind: draft.kind, link: draft.link, owner: draft.owner,
            process: draft.process, location: draft.location, effectiveFrom: draft.effectiveFrom,
            effectiveTo: draft.effectiveTo, collectedOn: draft.collectedOn, validUntil: draft.validUntil,
            reviewDue: draft.reviewDue, confidentiality: draft.confidentiality, status: draft.status,
            requirements: draft.requirements, tags: draft.tags)
    }

    /// Checks the rules every evidence record obeys; `hasFiles` says whether files come with it.
    /// Each problem names the field at fault.
    public func validate(hasFiles: Bool) throws(DomainError) {
        guard !title.isEmpty, title.count <= 300 else {
            throw .invalidValue(field: "title", value: title, expected: .title(maximum: 300))
        }
        guard !owner.isEmpty else {
            throw .invalidValue(field: "owner", value: owner, expected: .personResponsible)
        }
        guard !requirements.isEmpty else {
            throw .ruleViolated(.evidenceNeedsRequirement, fix: .give(["requirement"], example: "iso-9001-2015:7.5.3"))
        }
        if let link {
            let lower = link.lowercased()
            guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), link.count > 8, !link.contains(" ") else {
                throw .invalidValue(field: "link", value: link, expected: .webAddress)
            }
        }
        switch kind {
        case .link where link == nil:
            throw .ruleViolated(.linkNeedsAddress, fix: .give(["link"], example: "https://…"))
        case .document, .record:
            guard hasFiles || link != nil else {
                throw .ruleViolated(.evidenceNeedsFileOrLink, ["kind": .term(kind)], fix: .give(["file", "link"]))
            }
        default:
            break
        }
        if let process, process.uppercased().hasPrefix("EP-") {
            _ = try ElectoralProcess(code: process)
        }
        if let effectiveTo, effectiveTo < effectiveFrom {
            throw .ruleViolated(
                .effectivePeriodEndsBeforeStart, ["end": "\(effectiveTo)", "start": "\(effectiveFrom)"], fix: nil)
        }
        if let validUntil, validUntil < effectiveFrom {
            throw .ruleViolated(
                .validUntilBeforeEffective, ["until": "\(validUntil)", "from": "\(effectiveFrom)"],
                fix: .advice(.checkDates))
        }
        guard status == .draft || status == .current else {
            throw .invalidValue(field: "status", value: status.rawValue, expected: .either(["draft", "current"]))
        }
        for tag in tags where tag.contains(";") || tag.contains(",") || tag.count > 64 {
            throw .invalidValue(field: "tag", value: tag, expected: .tag)
        }
    }
}

/// One revision of an evidence record, as stored.
public struct EvidenceRecord: Sendable, Hashable, Codable, Identifiable {
    public var id: EvidenceID
    /// 1 for the first version; each revision supersedes the one before.
    public var revision: Int
    public var content: EvidenceDraft
    public var files: [EvidenceFile]
    public var status: EvidenceStatus
    /// Why it was withdrawn.
    public var withdrawnReason: String?
    /// When this revision was recorded, and by whom.
    public var recordedAt: Instant
    public var recordedBy: String

    /// Creates a stored revision.
    public init(
        id: EvidenceID, revision: Int, content: EvidenceDraft, files: [EvidenceFile], status: EvidenceStatus,
        withdrawnReason: String? = nil, recordedAt: Instant, recordedBy: String
    ) {
        self.id = id
        self.revision = revision
        self.content = content
        self.files = files
        self.status = status
        self.withdrawnReason = withdrawnReason
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }

    /// The facts that decide how much the record counts, and when.
    public var validity: EvidenceValidity {
        EvidenceValidity(
            status: status, effectiveFrom: content.effectiveFrom, validUntil: content.validUntil,
            reviewDue: content.reviewDue)
    }

    /// How much this record counts as evidence on `date`.
    public func standing(on date: CalendarDate) -> EvidenceStanding { validity.standing(on: date) }
}

/// The dates and status that decide whether evidence counts.
public struct EvidenceValidity: Sendable, Hashable, Codable {
    public var status: EvidenceStatus
    public var effectiveFrom: CalendarDate
    public var validUntil: CalendarDate?
    public var reviewDue: CalendarDate?

    /// Creates the facts.
    public init(
        status: EvidenceStatus, effectiveFrom: CalendarDate, validUntil: CalendarDate?, reviewDue: CalendarDate?
    ) {
        self.status = status
        self.effectiveFrom = effectiveFrom
        self.validUntil = validUntil
        self.reviewDue = reviewDue
    }

    /// How much the evidence counts on `date`: in full when current, in effect, unexpired and
    /// reviewed on time; in part when only a draft, expired, or overdue for review.
    public func standing(on date: CalendarDate) -> EvidenceStanding {
        switch status {
        case .superseded, .withdrawn: return .none
        case .draft: return effectiveFrom <= date ? .partial(.draft) : .none
        case .current: break
        }
        guard effectiveFrom <= date else { return .none }
        if let validUntil, validUntil < date { return .partial(.expired) }
        if let reviewDue, reviewDue < date { return .partial(.reviewOverdue) }
        return .full
    }

    /// The first day after `date` on which ``standing(on:)`` may answer differently, if any: the
    /// day it takes effect, the day after it expires, the day after its review falls due. A
    /// maintained compliance matrix re-evaluates a record only when such a day comes.
    public func nextChange(after date: CalendarDate) -> CalendarDate? {
        var days = [effectiveFrom]
        switch status {
        case .superseded, .withdrawn: return nil
        case .draft: break
        case .current:
            if let validUntil { days.append(validUntil.adding(days: 1)) }
            if let reviewDue { days.append(reviewDue.adding(days: 1)) }
        }
        return days.filter { $0 > date }.min()
    }
}

/// How a record counts on a given day.
public enum EvidenceStanding: Sendable, Hashable {
    /// Current, in effect, not expired, review not overdue.
    case full
    /// Counts only in part, for the reason given.
    case partial(PartialReason)
    /// Does not count: withdrawn, superseded, or not yet in effect.
    case none

    /// Why evidence counts only in part.
    public enum PartialReason: String, Sendable, Hashable, Codable {
        case draft
        case expired
        case reviewOverdue = "review-overdue"
        /// Only part of the requirement is covered (crosswalk or a clause above it).
        case indirect
    }
}

extension String {
    /// nil for an empty string.
    public var nilIfEmpty: String? { isEmpty ? nil : self }
}
